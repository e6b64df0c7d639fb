import CCrypto

/// AES-256-GCM through libcrypto's EVP interface: 12-byte nonce, 16-byte tag appended to the ciphertext.
public enum AESGCM {
    /// The tag length in bytes.
    public static let tagLength = 16
    /// The nonce length in bytes.
    public static let nonceLength = 12

    /// Encrypts `plaintext` under `key` (32 bytes) and `nonce` (12 bytes), authenticating `aad` too.
    /// - Returns: ciphertext followed by the 16-byte tag.
    /// - Throws: `PersonalDataError.crypto`.
    public static func seal(_ plaintext: [UInt8], key: [UInt8], nonce: [UInt8], aad: [UInt8]) throws -> [UInt8] {
        guard key.count == 32, nonce.count == nonceLength else { throw PersonalDataError.crypto(operation: "AES-256-GCM key or nonce length") }
        guard let ctx = EVP_CIPHER_CTX_new() else { throw PersonalDataError.crypto(operation: "EVP_CIPHER_CTX_new") }
        defer { EVP_CIPHER_CTX_free(ctx) }
        var out = [UInt8](repeating: 0, count: plaintext.count + tagLength)
        var length: Int32 = 0
        guard EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nil, key, nonce) == 1 else { throw PersonalDataError.crypto(operation: "EVP_EncryptInit_ex") }
        if !aad.isEmpty {
            guard EVP_EncryptUpdate(ctx, nil, &length, aad, Int32(aad.count)) == 1 else { throw PersonalDataError.crypto(operation: "EVP_EncryptUpdate(aad)") }
        }
        var written = 0
        if !plaintext.isEmpty {
            guard EVP_EncryptUpdate(ctx, &out, &length, plaintext, Int32(plaintext.count)) == 1 else {
                throw PersonalDataError.crypto(operation: "EVP_EncryptUpdate")
            }
            written = Int(length)
        }
        let finalOK = out.withUnsafeMutableBufferPointer { buffer in
            EVP_EncryptFinal_ex(ctx, buffer.baseAddress! + written, &length) == 1
        }
        guard finalOK else { throw PersonalDataError.crypto(operation: "EVP_EncryptFinal_ex") }
        written += Int(length)
        let tagOK = out.withUnsafeMutableBufferPointer { buffer in
            EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, Int32(tagLength), buffer.baseAddress! + written) == 1
        }
        guard tagOK else { throw PersonalDataError.crypto(operation: "EVP_CTRL_GCM_GET_TAG") }
        return Array(out[0..<(written + tagLength)])
    }

    /// Decrypts and authenticates what `seal` made.
    /// - Returns: the plaintext, or nil when the tag does not match (wrong key, changed bytes or `aad`).
    /// - Throws: `PersonalDataError.crypto` when libcrypto fails for another reason.
    public static func open(_ sealed: [UInt8], key: [UInt8], nonce: [UInt8], aad: [UInt8]) throws -> [UInt8]? {
        guard key.count == 32, nonce.count == nonceLength, sealed.count >= tagLength else { return nil }
        guard let ctx = EVP_CIPHER_CTX_new() else { throw PersonalDataError.crypto(operation: "EVP_CIPHER_CTX_new") }
        defer { EVP_CIPHER_CTX_free(ctx) }
        let cipherCount = sealed.count - tagLength
        var tag = Array(sealed[cipherCount...])
        var out = [UInt8](repeating: 0, count: cipherCount + 16)
        var length: Int32 = 0
        guard EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), nil, key, nonce) == 1 else { throw PersonalDataError.crypto(operation: "EVP_DecryptInit_ex") }
        if !aad.isEmpty {
            guard EVP_DecryptUpdate(ctx, nil, &length, aad, Int32(aad.count)) == 1 else { return nil }
        }
        var written = 0
        if cipherCount > 0 {
            let ok = sealed.withUnsafeBufferPointer { input in
                EVP_DecryptUpdate(ctx, &out, &length, input.baseAddress!, Int32(cipherCount)) == 1
            }
            guard ok else { return nil }
            written = Int(length)
        }
        guard EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, Int32(tagLength), &tag) == 1 else {
            throw PersonalDataError.crypto(operation: "EVP_CTRL_GCM_SET_TAG")
        }
        let finalOK = out.withUnsafeMutableBufferPointer { buffer in
            EVP_DecryptFinal_ex(ctx, buffer.baseAddress! + written, &length) == 1
        }
        guard finalOK else { return nil }
        written += Int(length)
        return Array(out[0..<written])
    }
}
