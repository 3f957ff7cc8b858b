#include "trace/derivation_kind.hpp"

#include <array>
#include <string>

#include "trace/trace.hpp"

namespace sim {

namespace {

using K = DerivationKind;
using sv = std::string_view;

// Secret name lists, shared by the rows that use them.
constexpr sv kNone[] = {""};
constexpr sv kPms[] = {"pre_master_secret"};
constexpr sv kMs[] = {"master_secret"};
constexpr sv kOwnPrivate[] = {"{self}_private_key"};
constexpr sv kRsaRandom[] = {"random"};
constexpr sv kRsaDecryptSteps[] = {"decrypted block", "random fallback"};
constexpr sv kDhSteps[] = {"Z (padded to |p|)"};
// PRF steps: every block is keyed by the secret, so each one reveals it as much as the output.
constexpr sv kPrf12Steps[] = {"A(*", "P_hash block *"};
constexpr sv kPrf10Steps[] = {"S1", "S2", "P_MD5(*", "P_SHA1(*"};
constexpr sv kSsl3KdfSteps[] = {"SHA('*", "MD5(secret*"};
constexpr sv kExportKey[] = {"*_write_key"};
constexpr sv kCbcSeal[] = {"mac_key", "write_key"};
constexpr sv kCbcOpen[] = {"mac_key"};
constexpr sv kAeadSeal[] = {"write_key", "write_iv"};
constexpr sv kStreamSeal[] = {"mac_key", "write_key"};
constexpr sv kTls13Open[] = {"read_key", "read_iv"};
constexpr sv kExtract[] = {"salt", "IKM"};
constexpr sv kSecret[] = {"secret"};
constexpr sv kBaseKey[] = {"base_key"};
constexpr sv kFinishedKey[] = {"finished_key"};
constexpr sv kTicketKey[] = {"ticket_key"};
constexpr sv kTicketSeal[] = {"master_secret", "ticket_key"};
constexpr sv kState[] = {"state"};

// An empty span for "no secret names" (kNone only gives the array a type).
constexpr std::span<const sv> none() { return std::span<const sv>(kNone, 0); }

constexpr DerivationKindInfo kKinds[] = {
    {K::unset, "unset", "", "", none(), none(), false, K::unset, 0, ""},
    // Key exchange below TLS 1.3
    {K::rsa_pre_master_secret_encrypt, "rsa_pre_master_secret_encrypt", "RFC 5246 7.4.7.1",
     "pre_master_secret = client_version + random(46); EncryptedPreMasterSecret = RSAES-PKCS1-v1_5(server public key, pre_master_secret)",
     kRsaRandom, none(), true, K::unset, 0, "pre_master_secret"},
    {K::rsa_pre_master_secret_decrypt, "rsa_pre_master_secret_decrypt", "RFC 5246 7.4.7.1",
     "pre_master_secret = RSAES-PKCS1-v1_5-Decrypt(server private key, EncryptedPreMasterSecret), or random on failure",
     none(), kRsaDecryptSteps, true, K::unset, 0, "pre_master_secret"},
    {K::dh_pre_master_secret, "dh_pre_master_secret", "RFC 5246 8.1.2",
     "pre_master_secret = (peer Y)^(own x) mod p, leading zero bytes removed", kOwnPrivate, kDhSteps, true, K::unset, 0,
     "pre_master_secret"},
    {K::ecdh_pre_master_secret, "ecdh_pre_master_secret", "RFC 8422 5.10",
     "pre_master_secret = ECDH(own private key, peer public key)", kOwnPrivate, none(), true, K::unset, 0,
     "pre_master_secret"},
    {K::server_key_exchange_signature, "server_key_exchange_signature", "RFC 5246 7.4.3",
     "signature = Sign(certificate private key, client_random + server_random + params)", none(), none(), false,
     K::unset, 0, "server_key_exchange"},
    {K::server_key_exchange_signature_check, "server_key_exchange_signature_check", "RFC 5246 7.4.3",
     "Verify(certificate public key, client_random + server_random + params, signature)", none(), none(), false,
     K::unset, 0, "server_key_exchange"},
    {K::certificate_verify_signature, "certificate_verify_signature", "RFC 5246 7.4.8",
     "signature = Sign(client certificate private key, handshake_messages)", none(), none(), false, K::unset, 0,
     "certificate_verify"},
    {K::certificate_verify_check, "certificate_verify_check", "RFC 5246 7.4.8",
     "Verify(client certificate public key, handshake_messages, signature)", none(), none(), false, K::unset, 0,
     "certificate_verify"},
    // SSL 3.0
    {K::ssl3_master_secret, "ssl3_master_secret", "RFC 6101 6.1",
     "master_secret = MD5(pms + SHA('A' + pms + ClientHello.random + ServerHello.random)) + MD5(pms + SHA('BB' + ...)) + MD5(pms + SHA('CCC' + ...))",
     kPms, kSsl3KdfSteps, true, K::unset, 0, "master_secret"},
    {K::ssl3_key_block, "ssl3_key_block", "RFC 6101 6.2.2",
     "key_block = MD5(master_secret + SHA('A' + master_secret + ServerHello.random + ClientHello.random)) + ...",
     kMs, kSsl3KdfSteps, true, K::ssl3_master_secret, 0, "key_block"},
    {K::ssl3_export_key, "ssl3_export_key", "RFC 6101 6.2.2.1",
     "final_write_key = MD5(write_key + own random + peer random)[0..n-1]", kExportKey, none(), true, K::ssl3_key_block,
     0, "export_key"},
    {K::ssl3_export_iv, "ssl3_export_iv", "RFC 6101 6.2.2.1", "write_IV = MD5(own random + peer random)[0..n-1]", none(),
     none(), false, K::unset, 0, "export_key"},
    {K::ssl3_finished, "ssl3_finished", "RFC 6101 5.6.9",
     "verify_data = MD5(ms + pad_2 + MD5(messages + Sender + ms + pad_1)) + SHA(ms + pad_2 + SHA(messages + Sender + ms + pad_1))",
     kMs, none(), false, K::ssl3_master_secret, 0, "finished"},
    {K::ssl3_certificate_verify_hashes, "ssl3_certificate_verify_hashes", "RFC 6101 5.6.8",
     "MD5(ms + pad_2 + MD5(messages + ms + pad_1)) + SHA(ms + pad_2 + SHA(messages + ms + pad_1))", kMs, none(), false,
     K::ssl3_master_secret, 0, "certificate_verify"},
    // TLS 1.0 and 1.1
    {K::tls10_master_secret, "tls10_master_secret", "RFC 2246 8.1",
     "master_secret = PRF(pre_master_secret, \"master secret\", ClientHello.random + ServerHello.random)[0..47], PRF = P_MD5(S1) XOR P_SHA1(S2)",
     kPms, kPrf10Steps, true, K::unset, 0, "master_secret"},
    {K::tls10_extended_master_secret, "tls10_extended_master_secret", "RFC 7627 4",
     "master_secret = PRF(pre_master_secret, \"extended master secret\", MD5(messages) + SHA-1(messages))[0..47]", kPms,
     kPrf10Steps, true, K::unset, 0, "extended_master_secret"},
    {K::tls10_key_block, "tls10_key_block", "RFC 2246 6.3",
     "key_block = PRF(master_secret, \"key expansion\", ServerHello.random + ClientHello.random)", kMs, kPrf10Steps, true,
     K::tls10_master_secret, 0, "key_block"},
    {K::tls10_export_key, "tls10_export_key", "RFC 2246 6.3.1",
     "final_write_key = PRF(write_key, \"client write key\" | \"server write key\", ClientHello.random + ServerHello.random)",
     kExportKey, kPrf10Steps, true, K::tls10_key_block, 0, "export_key"},
    {K::tls10_export_iv_block, "tls10_export_iv_block", "RFC 2246 6.3.1",
     "iv_block = PRF(\"\", \"IV block\", ClientHello.random + ServerHello.random)", none(), none(), false, K::unset, 0,
     "export_key"},
    {K::tls10_finished, "tls10_finished", "RFC 2246 7.4.9",
     "verify_data = PRF(master_secret, finished_label, MD5(messages) + SHA-1(messages))[0..11]", kMs, kPrf10Steps, false,
     K::tls10_master_secret, 0, "finished"},
    // TLS 1.2
    {K::tls12_master_secret, "tls12_master_secret", "RFC 5246 8.1",
     "master_secret = PRF(pre_master_secret, \"master secret\", ClientHello.random + ServerHello.random)[0..47]", kPms,
     kPrf12Steps, true, K::unset, 0, "master_secret"},
    {K::tls12_extended_master_secret, "tls12_extended_master_secret", "RFC 7627 4",
     "master_secret = PRF(pre_master_secret, \"extended master secret\", Hash(messages))[0..47]", kPms, kPrf12Steps, true,
     K::unset, 0, "extended_master_secret"},
    {K::tls12_key_block, "tls12_key_block", "RFC 5246 6.3",
     "key_block = PRF(master_secret, \"key expansion\", ServerHello.random + ClientHello.random)", kMs, kPrf12Steps, true,
     K::tls12_master_secret, 0, "key_block"},
    {K::tls12_finished, "tls12_finished", "RFC 5246 7.4.9",
     "verify_data = PRF(master_secret, finished_label, Hash(messages))[0..11]", kMs, kPrf12Steps, false,
     K::tls12_master_secret, 0, "finished"},
    // Record protection below TLS 1.3
    {K::ssl3_record_seal, "ssl3_record_seal", "RFC 6101 5.2.3",
     "MAC = hash(MAC_write_secret + pad_2 + hash(MAC_write_secret + pad_1 + seq_num + type + length + content)); encrypt(content + MAC [+ padding])",
     kStreamSeal, none(), false, K::unset, 0, "record_mac"},
    {K::ssl3_record_open, "ssl3_record_open", "RFC 6101 5.2.3", "decrypt(fragment); check the SSL 3.0 MAC", kCbcOpen,
     none(), false, K::unset, 0, "record_mac"},
    {K::tls_stream_record_seal, "tls_stream_record_seal", "RFC 5246 6.2.3.1",
     "MAC = HMAC(MAC_write_key, seq_num + type + version + length + content); stream-encrypt(content + MAC)",
     kStreamSeal, none(), false, K::unset, 0, "record_mac"},
    {K::tls_stream_record_open, "tls_stream_record_open", "RFC 5246 6.2.3.1", "stream-decrypt(fragment); check the HMAC",
     kCbcOpen, none(), false, K::unset, 0, "record_mac"},
    {K::tls_cbc_record_seal, "tls_cbc_record_seal", "RFC 5246 6.2.3.2",
     "MAC = HMAC(MAC_write_key, seq_num + type + version + length + content); CBC-encrypt(content + MAC + padding + padding_length)",
     kCbcSeal, none(), false, K::unset, 0, "cbc_padding"},
    {K::tls_cbc_record_open, "tls_cbc_record_open", "RFC 5246 6.2.3.2",
     "CBC-decrypt(fragment); check the padding and the HMAC", kCbcOpen, none(), false, K::unset, 0, "cbc_padding"},
    {K::tls12_aead_record_seal, "tls12_aead_record_seal", "RFC 5246 6.2.3.3",
     "AEAD-Encrypt(write_key, nonce, content, additional_data = seq_num + type + version + length)", kAeadSeal, none(),
     false, K::unset, 0, "aead_nonce"},
    {K::tls12_aead_record_open, "tls12_aead_record_open", "RFC 5246 6.2.3.3",
     "AEAD-Decrypt(read_key, nonce, fragment, additional_data)", none(), none(), false, K::unset, 0, "aead_nonce"},
    // TLS 1.3 key schedule, in the order of the RFC 8446 7.1 figure
    {K::tls13_ecdhe_shared_secret, "tls13_ecdhe_shared_secret", "RFC 8446 7.4.2",
     "shared_secret = ECDH(own private key, peer key_share)", kOwnPrivate, none(), true, K::unset, 25, "ecdhe"},
    {K::tls13_dhe_shared_secret, "tls13_dhe_shared_secret", "RFC 8446 7.4.1",
     "shared_secret = (peer Y)^(own x) mod p, left-padded to |p|", kOwnPrivate, none(), true, K::unset, 25, "dhe"},
    {K::tls13_early_secret, "tls13_early_secret", "RFC 8446 7.1", "early_secret = HKDF-Extract(0, PSK or zeros)",
     kExtract, none(), true, K::unset, 10, "early_secret"},
    {K::tls13_binder_key, "tls13_binder_key", "RFC 8446 7.1",
     "binder_key = Derive-Secret(early_secret, \"res binder\", \"\")", kSecret, none(), true, K::tls13_early_secret, 11,
     "psk_binder"},
    {K::tls13_psk_binder, "tls13_psk_binder", "RFC 8446 4.2.11.2",
     "binder = HMAC(finished_key(binder_key), Transcript-Hash(truncated ClientHello))", kBaseKey, kFinishedKey, false,
     K::tls13_binder_key, 12, "psk_binder"},
    {K::tls13_client_early_traffic_secret, "tls13_client_early_traffic_secret", "RFC 8446 7.1",
     "client_early_traffic_secret = Derive-Secret(early_secret, \"c e traffic\", ClientHello)", kSecret, none(), true,
     K::tls13_early_secret, 13, "traffic_secret"},
    {K::tls13_derived_early, "tls13_derived_early", "RFC 8446 7.1",
     "derived = Derive-Secret(early_secret, \"derived\", \"\")", kSecret, none(), true, K::tls13_early_secret, 20,
     "key_schedule"},
    {K::tls13_handshake_secret, "tls13_handshake_secret", "RFC 8446 7.1",
     "handshake_secret = HKDF-Extract(derived, (EC)DHE shared secret)", kExtract, none(), true, K::tls13_derived_early,
     30, "handshake_secret"},
    {K::tls13_handshake_traffic_secret, "tls13_handshake_traffic_secret", "RFC 8446 7.1",
     "{c,s}_hs_traffic = Derive-Secret(handshake_secret, \"c hs traffic\" | \"s hs traffic\", ClientHello..ServerHello)",
     kSecret, none(), true, K::tls13_handshake_secret, 31, "traffic_secret"},
    {K::tls13_derived_handshake, "tls13_derived_handshake", "RFC 8446 7.1",
     "derived = Derive-Secret(handshake_secret, \"derived\", \"\")", kSecret, none(), true, K::tls13_handshake_secret, 40,
     "key_schedule"},
    {K::tls13_master_secret, "tls13_master_secret", "RFC 8446 7.1", "master_secret = HKDF-Extract(derived, 0)",
     kExtract, none(), true, K::tls13_derived_handshake, 50, "master_secret"},
    {K::tls13_application_traffic_secret_0, "tls13_application_traffic_secret_0", "RFC 8446 7.1",
     "{c,s}_ap_traffic_0 = Derive-Secret(master_secret, \"c ap traffic\" | \"s ap traffic\", ClientHello..server Finished)",
     kSecret, none(), true, K::tls13_master_secret, 100, "traffic_secret"},
    {K::tls13_exporter_master_secret, "tls13_exporter_master_secret", "RFC 8446 7.1",
     "exporter_master_secret = Derive-Secret(master_secret, \"exp master\", ClientHello..server Finished)", kSecret,
     none(), true, K::tls13_master_secret, 900, "exporter"},
    {K::tls13_resumption_master_secret, "tls13_resumption_master_secret", "RFC 8446 7.1",
     "resumption_master_secret = Derive-Secret(master_secret, \"res master\", ClientHello..client Finished)", kSecret,
     none(), true, K::tls13_master_secret, 910, "resumption"},
    {K::tls13_application_traffic_secret_update, "tls13_application_traffic_secret_update", "RFC 8446 7.2",
     "application_traffic_secret_N+1 = HKDF-Expand-Label(application_traffic_secret_N, \"traffic upd\", \"\", Hash.length)",
     kSecret, none(), true, K::tls13_application_traffic_secret_0, 110, "key_update"},
    {K::tls13_traffic_key, "tls13_traffic_key", "RFC 8446 7.3",
     "write_key = HKDF-Expand-Label(traffic_secret, \"key\", \"\", key_length)", kSecret, none(), true, K::unset, 0,
     "traffic_key"},
    {K::tls13_traffic_iv, "tls13_traffic_iv", "RFC 8446 7.3",
     "write_iv = HKDF-Expand-Label(traffic_secret, \"iv\", \"\", iv_length)", kSecret, none(), true, K::unset, 0,
     "traffic_key"},
    {K::tls13_ticket_psk, "tls13_ticket_psk", "RFC 8446 4.6.1",
     "PSK = HKDF-Expand-Label(resumption_master_secret, \"resumption\", ticket_nonce, Hash.length)", kSecret, none(),
     true, K::tls13_resumption_master_secret, 920, "resumption"},
    {K::tls13_ticket_open, "tls13_ticket_open", "RFC 8446 4.6.1",
     "PSK + ticket state = AES-256-GCM-Decrypt(ticket_key, ticket) (format chosen by the server)", kTicketKey, none(),
     true, K::unset, 0, "resumption"},
    {K::tls13_message_hash, "tls13_message_hash", "RFC 8446 4.4.1",
     "message_hash = fe 00 00 Hash.length + Hash(ClientHello1)", none(), none(), false, K::unset, 0,
     "hello_retry_request"},
    {K::tls13_certificate_verify_signature, "tls13_certificate_verify_signature", "RFC 8446 4.4.3",
     "signature = Sign(certificate private key, 64 spaces + context + 00 + Transcript-Hash(messages))", none(), none(),
     false, K::unset, 0, "certificate_verify"},
    {K::tls13_certificate_verify_check, "tls13_certificate_verify_check", "RFC 8446 4.4.3",
     "Verify(certificate public key, 64 spaces + context + 00 + Transcript-Hash(messages), signature)", none(), none(),
     false, K::unset, 0, "certificate_verify"},
    {K::tls13_finished, "tls13_finished", "RFC 8446 4.4.4",
     "verify_data = HMAC(HKDF-Expand-Label(base_key, \"finished\", \"\", Hash.length), Transcript-Hash(messages))",
     kBaseKey, kFinishedKey, false, K::tls13_handshake_traffic_secret, 0, "finished"},
    {K::tls13_record_seal, "tls13_record_seal", "RFC 8446 5.2",
     "AEAD-Encrypt(write_key, write_iv XOR seq_num, content + type + zeros, additional_data = record header)", kAeadSeal,
     none(), false, K::unset, 0, "aead_nonce"},
    {K::tls13_record_open, "tls13_record_open", "RFC 8446 5.2",
     "AEAD-Decrypt(read_key, read_iv XOR seq_num, fragment, record header)", kTls13Open, none(), false, K::unset, 0,
     "aead_nonce"},
    // Certificates
    {K::certificate_check, "certificate_check", "RFC 5280 6.1", "one check of certification path validation: pass or fail",
     none(), none(), false, K::unset, 0, "certificate_validation"},
    {K::revocation_fetch, "revocation_fetch", "RFC 6960 A.1", "fetch an OCSP response or a CRL (simulated)", none(),
     none(), false, K::unset, 0, "revocation"},
    // Session resumption below TLS 1.3
    {K::session_ticket_seal, "session_ticket_seal", "RFC 5077 4",
     "ticket = nonce + AES-256-GCM(ticket_key, nonce, session state) (format chosen by the server)", kTicketSeal, kState,
     false, K::unset, 0, "session_ticket"},
    {K::session_ticket_open, "session_ticket_open", "RFC 5077 4",
     "session state = AES-256-GCM-Decrypt(ticket_key, ticket) (format chosen by the server)", kTicketKey, none(), true,
     K::unset, 0, "session_ticket"},
    {K::resumed_master_secret, "resumed_master_secret", "RFC 5246 F.1.4",
     "master_secret = the resumed session's master_secret (no key exchange)", kMs, none(), true, K::unset, 0,
     "session_resumption"},
};

// The table is indexed by the enum: a row out of place is a compile error, not a wrong lookup.
constexpr bool rows_in_order() {
  for (size_t i = 0; i < std::size(kKinds); ++i)
    if (size_t(kKinds[i].kind) != i) return false;
  return true;
}
static_assert(rows_in_order(), "kKinds rows must follow the DerivationKind order");
static_assert(size_t(K::resumed_master_secret) + 1 == std::size(kKinds), "every DerivationKind needs a row");

bool matches(sv pattern, sv self, sv item) {
  if (pattern.substr(0, 6) == "{self}") {
    if (item.substr(0, self.size()) != self) return false;
    return matches(pattern.substr(6), "", item.substr(self.size()));
  }
  if (!pattern.empty() && pattern.back() == '*')
    return item.substr(0, pattern.size() - 1) == pattern.substr(0, pattern.size() - 1);
  if (!pattern.empty() && pattern.front() == '*')
    return item.size() >= pattern.size() - 1 && item.substr(item.size() - (pattern.size() - 1)) == pattern.substr(1);
  return pattern == item;
}

bool any_match(std::span<const sv> list, Actor a, sv item) {
  for (sv p : list)
    if (matches(p, name_of(a), item)) return true;
  return false;
}

}  // namespace

std::span<const DerivationKindInfo> derivation_kinds() { return kKinds; }
const DerivationKindInfo& info(DerivationKind k) { return kKinds[size_t(k)]; }
std::string_view name_of(DerivationKind k) { return info(k).id; }

std::optional<DerivationKind> derivation_kind_named(std::string_view id) {
  for (auto& row : kKinds)
    if (row.id == id) return row.kind;
  return std::nullopt;
}

bool is_secret_input(DerivationKind k, Actor a, std::string_view item) { return any_match(info(k).secret_inputs, a, item); }
bool is_secret_step(DerivationKind k, Actor a, std::string_view item) { return any_match(info(k).secret_steps, a, item); }

RecordStage record_stage(DerivationKind k) {
  switch (k) {
    case DerivationKind::ssl3_record_seal:
    case DerivationKind::tls_stream_record_seal:
    case DerivationKind::tls_cbc_record_seal:
    case DerivationKind::tls12_aead_record_seal:
    case DerivationKind::tls13_record_seal: return RecordStage::seal;
    case DerivationKind::ssl3_record_open:
    case DerivationKind::tls_stream_record_open:
    case DerivationKind::tls_cbc_record_open:
    case DerivationKind::tls12_aead_record_open:
    case DerivationKind::tls13_record_open: return RecordStage::open;
    default: return RecordStage::none;
  }
}

}  // namespace sim
