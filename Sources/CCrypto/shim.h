#include <openssl/evp.h>
#include <openssl/sha.h>
#include <openssl/crypto.h>
#include <openssl/pem.h>
#include <openssl/bio.h>
#include <openssl/rand.h>
#include <openssl/hmac.h>

/// SHA-256 through libcrypto's low-level interface rather than EVP: the first `EVP_MD_fetch` sets up
/// OpenSSL 3's provider machinery (reading openssl.cnf, building the algorithm name map), about
/// 5 million instructions, a sixth of a one-command process, for a digest that needs none of it.
/// The functions are deprecated in OpenSSL 3 in favour of EVP, not removed; the same assembly
/// (SHA-NI, AVX2) does the hashing either way. Wrapped here so that Swift sees no deprecated call.
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wdeprecated-declarations"
static inline void registry_sha256_init(SHA256_CTX *c) { (void)SHA256_Init(c); }
static inline void registry_sha256_update(SHA256_CTX *c, const void *data, size_t length) { (void)SHA256_Update(c, data, length); }
static inline void registry_sha256_final(unsigned char *md, SHA256_CTX *c) { (void)SHA256_Final(md, c); }
#pragma clang diagnostic pop
