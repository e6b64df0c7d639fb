import CCrypto

/// Opens many AES-256-GCM sealed values in a row with one libcrypto context, for a replay that opens
/// every enrolment of a log: `AESGCM.open` makes a context, fetches the cipher and copies its inputs
/// into arrays for each value, which a rebuild paid once per sealed event.
///
/// Not thread-safe: one opener per thread. The context is freed with the opener.
final class AESGCMOpener {
    private let ctx: OpaquePointer?
    private var ready = false

    init() {
        ctx = EVP_CIPHER_CTX_new()
        // The cipher is set once; each `open` then sets only the key and nonce.
        if let ctx, EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), nil, nil, nil) == 1 { ready = true }
    }

    deinit { EVP_CIPHER_CTX_free(ctx) }

    /// Decrypts and authenticates `sealed` (ciphertext then the 16-byte tag), appending the plaintext to `out`.
    /// - Returns: false when it does not open (wrong key, changed bytes or `aad`) or libcrypto fails;
    ///   `out` is then left as it was.
    func open(_ sealed: UnsafeBufferPointer<UInt8>, key: UnsafePointer<UInt8>, nonce: UnsafePointer<UInt8>,
              aad: UnsafeBufferPointer<UInt8>, appendingTo out: inout [UInt8]) -> Bool {
        guard ready, let ctx, sealed.count >= AESGCM.tagLength, let base = sealed.baseAddress else { return false }
        let cipherCount = sealed.count - AESGCM.tagLength
        var length: Int32 = 0
        guard EVP_DecryptInit_ex(ctx, nil, nil, key, nonce) == 1 else { return false }
        if let aadBase = aad.baseAddress, !aad.isEmpty {
            guard EVP_DecryptUpdate(ctx, nil, &length, aadBase, Int32(aad.count)) == 1 else { return false }
        }
        let start = out.count
        // GCM is a stream mode: the plaintext is as long as the ciphertext; the final call writes nothing.
        out.append(contentsOf: repeatElement(0, count: cipherCount + 16))
        let ok = out.withUnsafeMutableBufferPointer { buffer -> Bool in
            let target = buffer.baseAddress! + start
            var written = 0
            if cipherCount > 0 {
                guard EVP_DecryptUpdate(ctx, target, &length, base, Int32(cipherCount)) == 1 else { return false }
                written = Int(length)
            }
            let tag = UnsafeMutableRawPointer(mutating: base + cipherCount)
            guard EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, Int32(AESGCM.tagLength), tag) == 1,
                  EVP_DecryptFinal_ex(ctx, target + written, &length) == 1 else { return false }
            written += Int(length)
            return written == cipherCount
        }
        out.removeLast(out.count - start - (ok ? cipherCount : 0))
        return ok
    }
}
