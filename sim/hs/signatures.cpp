#include "hs/signatures.hpp"

#include "crypto/crypto.hpp"
#include "crypto/keys.hpp"

namespace sim {

Bytes md5_sha1(ByteView data) {
  return concat({crypto::hash(HashAlg::Md5, data), crypto::hash(HashAlg::Sha1, data)});
}

std::optional<Bytes> sign_handshake(uint16_t version, ByteView key, SignatureScheme scheme, ByteView data, Rng& rng) {
  if (version >= kTls12) return crypto::sign_scheme(key, scheme, data, rng);
  return crypto::rsa_sign_raw_pkcs1(key, md5_sha1(data));
}

bool verify_handshake(uint16_t version, ByteView spki, SignatureScheme scheme, ByteView data, ByteView sig) {
  if (version >= kTls12) return crypto::verify_scheme(spki, scheme, data, sig);
  return crypto::rsa_verify_raw_pkcs1(spki, md5_sha1(data), sig);
}

Message signature_label(uint16_t version, SignatureScheme scheme) {
  if (version >= kTls12) return notation(name_of(scheme));
  return msg("formula.rsa_md5_sha1");
}

}  // namespace sim
