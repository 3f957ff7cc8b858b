// The registry of derivation kinds: one static row per kind of computation the engine records
// (sim/hs, sim/record, sim/pki), so readers (the GUI, the exports, the verifier) learn what a
// derivation is, which of its values are secret and where it sits in the key schedule from
// data declared once, not from its name or prose.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace sim {

enum class Actor : uint8_t;

enum class DerivationKind : uint8_t {
  unset,  // never recorded by the engine; a trace written before kinds existed
  // Key exchange, SSL 3.0 to TLS 1.2
  rsa_pre_master_secret_encrypt,
  rsa_pre_master_secret_decrypt,
  dh_pre_master_secret,
  ecdh_pre_master_secret,
  server_key_exchange_signature,
  server_key_exchange_signature_check,
  certificate_verify_signature,
  certificate_verify_check,
  // SSL 3.0 (RFC 6101)
  ssl3_master_secret,
  ssl3_key_block,
  ssl3_export_key,
  ssl3_export_iv,
  ssl3_finished,
  ssl3_certificate_verify_hashes,
  // TLS 1.0 and 1.1 (RFC 2246, 4346): P_MD5 XOR P_SHA1
  tls10_master_secret,
  tls10_extended_master_secret,
  tls10_key_block,
  tls10_export_key,
  tls10_export_iv_block,
  tls10_finished,
  // TLS 1.2 (RFC 5246): P_SHA256 / P_SHA384
  tls12_master_secret,
  tls12_extended_master_secret,
  tls12_key_block,
  tls12_finished,
  // Record protection below TLS 1.3
  ssl3_record_seal,
  ssl3_record_open,
  tls_stream_record_seal,
  tls_stream_record_open,
  tls_cbc_record_seal,
  tls_cbc_record_open,
  tls12_aead_record_seal,
  tls12_aead_record_open,
  // TLS 1.3 (RFC 8446)
  tls13_ecdhe_shared_secret,
  tls13_dhe_shared_secret,
  tls13_early_secret,
  tls13_binder_key,
  tls13_psk_binder,
  tls13_client_early_traffic_secret,
  tls13_derived_early,
  tls13_handshake_secret,
  tls13_handshake_traffic_secret,
  tls13_derived_handshake,
  tls13_master_secret,
  tls13_application_traffic_secret_0,
  tls13_exporter_master_secret,
  tls13_resumption_master_secret,
  tls13_application_traffic_secret_update,
  tls13_traffic_key,
  tls13_traffic_iv,
  tls13_ticket_psk,
  tls13_ticket_open,
  tls13_message_hash,
  tls13_certificate_verify_signature,
  tls13_certificate_verify_check,
  tls13_finished,
  tls13_record_seal,
  tls13_record_open,
  // Certificate path validation (RFC 5280) and revocation fetches
  certificate_check,
  revocation_fetch,
  // Session resumption below TLS 1.3 (RFC 5246 7.3, F.1.4; RFC 5077)
  session_ticket_seal,
  session_ticket_open,
  resumed_master_secret,
};

struct DerivationKindInfo {
  DerivationKind kind;
  std::string_view id;        // serialized name, stable across versions ("tls12_master_secret")
  std::string_view spec;      // the RFC section this kind follows, in the RFC of its version
  std::string_view formula;   // the generic formula; a derivation's own formula fills in names and lengths
  // Names of the inputs and steps that are secret. "{self}" stands for the deriving actor's
  // name ("client"/"server"); a trailing '*' matches any suffix ("A(*" for A(1), A(2), ...).
  std::span<const std::string_view> secret_inputs;
  std::span<const std::string_view> secret_steps;
  bool secret_output;
  // The kind whose output this one's secret input is, in the key schedule; unset when the kind
  // starts a schedule, or when its parent depends on the instance (traffic keys take their
  // secret from whichever traffic secret protects them: see the input's source).
  DerivationKind parent;
  int schedule_order;         // position in the TLS 1.3 key schedule (RFC 8446 7.1 figure); 0 when not in it
  std::string_view glossary;  // the glossary term that explains it
};

const DerivationKindInfo& info(DerivationKind k);
std::span<const DerivationKindInfo> derivation_kinds();
std::string_view name_of(DerivationKind k);
std::optional<DerivationKind> derivation_kind_named(std::string_view id);

// Record protection kinds: which side of a record they are (the Record panel's pipeline).
enum class RecordStage : uint8_t { none, seal, open };
RecordStage record_stage(DerivationKind k);

// Whether the kind declares the input/step `item` of a derivation by `actor` secret.
bool is_secret_input(DerivationKind k, Actor actor, std::string_view item);
bool is_secret_step(DerivationKind k, Actor actor, std::string_view item);

}  // namespace sim
