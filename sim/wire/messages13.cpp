// TLS 1.3 handshake messages (RFC 8446 4.3 - 4.6), the TLS 1.3 extensions of the hellos
// (RFC 8446 4.2) and their encoders. Parsing is dissection, as in messages.cpp.
#include <cstring>

#include "wire/messages.hpp"
#include "wire/messages_internal.hpp"
#include "pki/cert.hpp"

namespace sim {

using namespace wire_detail;

// SHA-256("HelloRetryRequest"), RFC 8446 4.1.3.
const uint8_t kHelloRetryRequestRandom[32] = {
    0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
    0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C};
const uint8_t kDowngradeTls12[8] = {0x44, 0x4F, 0x57, 0x4E, 0x47, 0x52, 0x44, 0x01};
const uint8_t kDowngradeTls11[8] = {0x44, 0x4F, 0x57, 0x4E, 0x47, 0x52, 0x44, 0x00};

bool ServerHello::is_hello_retry_request() const {
  return random.size() == 32 && std::memcmp(random.data(), kHelloRetryRequestRandom, 32) == 0;
}

namespace wire_detail {

Message server_random_note(ByteView random) {
  if (random.size() != 32) return {};
  if (std::memcmp(random.data(), kHelloRetryRequestRandom, 32) == 0) return msg("field.hrr_random");
  const uint8_t* tail = random.data() + 24;
  if (std::memcmp(tail, kDowngradeTls12, 8) == 0) return msg("field.downgrade_tls12").arg("random", hex_value(random));
  if (std::memcmp(tail, kDowngradeTls11, 8) == 0) return msg("field.downgrade_tls11").arg("random", hex_value(random));
  return {};
}

bool read_key_share_entry(Dissector& d, KeyShareEntry* out) {
  return read_struct(d, "KeyShareEntry", [&](Dissector& sd, Field& node) {
    Dissector ke({}, nullptr);
    if (!sd.u16("group", &out->group, group_fmt) || !sd.vec("key_exchange", 2, &ke, &out->key_exchange) ||
        out->key_exchange.empty())
      return false;
    ke.node().value = hex_value(out->key_exchange);
    node.value = name_of(NamedGroup(out->group));
    return true;
  });
}

bool read_supported_groups(Dissector& b, std::optional<std::vector<uint16_t>>* out) {
  out->emplace();
  return read_u16_list(b, "named_group_list", "named_group", 2, group_fmt, &**out) && b.empty();
}

bool read_signature_algorithms(Dissector& b, const char* list, std::vector<uint16_t>* out) {
  return read_u16_list(b, list, "signature_scheme", 2, sigalg_fmt, out) && !out->empty() && b.empty();
}

// RFC 6066 8: CertificateStatusRequest { status_type; OCSPStatusRequest request }.
static bool read_status_request(Dissector& b) {
  uint8_t type;
  if (!b.u8("status_type", &type, [](uint64_t v) { return v == 1 ? std::string("ocsp (1)") : fmt_dec(v); }))
    return false;
  if (type != 1) {
    if (!b.empty()) b.opaque_rest("request");
    return true;
  }
  Dissector ids({}, nullptr), exts({}, nullptr);
  return b.vec("responder_id_list", 2, &ids) && b.vec("request_extensions", 2, &exts) && b.empty();
}

std::optional<bool> read_client_hello13_extension(uint16_t type, Dissector& b, ClientHello& m) {
  switch (ExtensionType(type)) {
    case ExtensionType::supported_versions: {
      m.supported_versions.emplace();
      return read_u16_list(b, "versions", "version", 1, version_fmt, &*m.supported_versions) &&
             !m.supported_versions->empty() && b.empty();
    }
    case ExtensionType::key_share: {
      m.key_shares.emplace();
      Dissector list({}, nullptr);
      if (!b.vec("client_shares", 2, &list)) return false;
      while (!list.empty()) {
        KeyShareEntry e;
        if (!read_key_share_entry(list, &e)) return false;
        m.key_shares->push_back(std::move(e));
      }
      return b.empty();
    }
    case ExtensionType::psk_key_exchange_modes: {
      m.psk_key_exchange_modes.emplace();
      Dissector list({}, nullptr);
      if (!b.vec("ke_modes", 1, &list, &*m.psk_key_exchange_modes) || m.psk_key_exchange_modes->empty()) return false;
      while (!list.empty()) {
        uint8_t mode;
        list.u8("PskKeyExchangeMode", &mode, psk_mode_fmt);
      }
      return b.empty();
    }
    case ExtensionType::pre_shared_key: {
      OfferedPsks psks;
      Dissector ids({}, nullptr), binders({}, nullptr);
      if (!b.vec("identities", 2, &ids)) return false;
      while (!ids.empty()) {
        PskIdentity id;
        bool ok = read_struct(ids, "PskIdentity", [&](Dissector& sd, Field&) {
          Dissector v({}, nullptr);
          return sd.vec("identity", 2, &v, &id.identity) && !id.identity.empty() &&
                 sd.u32("obfuscated_ticket_age", &id.obfuscated_ticket_age);
        });
        if (!ok) return false;
        psks.identities.push_back(std::move(id));
      }
      if (!b.vec("binders", 2, &binders)) return false;
      while (!binders.empty()) {
        Dissector v({}, nullptr);
        Bytes binder;
        if (!binders.vec("PskBinderEntry", 1, &v, &binder) || binder.size() < 32) return false;
        v.node().value = hex_value(binder);
        psks.binders.push_back(std::move(binder));
      }
      if (psks.identities.empty() || psks.identities.size() != psks.binders.size() || !b.empty()) return false;
      m.pre_shared_key = std::move(psks);
      return true;
    }
    case ExtensionType::early_data:
      m.early_data = true;
      return b.empty();
    case ExtensionType::cookie: {
      Dissector v({}, nullptr);
      m.cookie.emplace();
      return b.vec("cookie", 2, &v, &*m.cookie) && !m.cookie->empty() && b.empty();
    }
    case ExtensionType::status_request:
      m.status_request = true;
      return read_status_request(b);
    case ExtensionType::signature_algorithms_cert: {
      std::vector<uint16_t> v;
      return read_signature_algorithms(b, "supported_signature_algorithms", &v);
    }
    default:
      return std::nullopt;
  }
}

std::optional<bool> read_server_hello13_extension(uint16_t type, Dissector& b, ServerHello& m) {
  switch (ExtensionType(type)) {
    case ExtensionType::supported_versions: {
      uint16_t v;
      if (!b.u16("selected_version", &v, version_fmt)) return false;
      m.selected_version = v;
      return b.empty();
    }
    case ExtensionType::key_share: {
      if (m.is_hello_retry_request()) {
        uint16_t g;
        if (!b.u16("selected_group", &g, group_fmt)) return false;
        m.hrr_group = g;
        return b.empty();
      }
      KeyShareEntry e;
      if (!read_key_share_entry(b, &e)) return false;
      m.key_share = std::move(e);
      return b.empty();
    }
    case ExtensionType::pre_shared_key: {
      uint16_t id;
      if (!b.u16("selected_identity", &id)) return false;
      m.selected_identity = id;
      return b.empty();
    }
    case ExtensionType::cookie: {
      Dissector v({}, nullptr);
      m.cookie.emplace();
      return b.vec("cookie", 2, &v, &*m.cookie) && !m.cookie->empty() && b.empty();
    }
    case ExtensionType::status_request:
      m.status_request = true;
      return b.empty();
    default:
      return std::nullopt;
  }
}

}  // namespace wire_detail

// ---- parsers -------------------------------------------------------------------------

Result<EncryptedExtensions> parse_encrypted_extensions(Dissector& d) {
  EncryptedExtensions m;
  auto st = parse_extensions(d, &m.extensions, [&](uint16_t type, Dissector& b) {
    switch (ExtensionType(type)) {
      case ExtensionType::supported_groups: return read_supported_groups(b, &m.supported_groups);
      case ExtensionType::early_data: m.early_data = true; return b.empty();
      case ExtensionType::server_name: m.server_name = true; return b.empty();
      default:
        if (!b.empty()) b.opaque_rest("data");
        return true;
    }
  });
  if (!st) return st.error();
  if (!d.empty()) return decode_error(msg("reason.trailing_bytes").arg("what", "EncryptedExtensions"));
  return m;
}

Result<Certificate13> parse_certificate13(Dissector& d) {
  Certificate13 m;
  Dissector ctx({}, nullptr), list({}, nullptr);
  if (!d.vec("certificate_request_context", 1, &ctx, &m.request_context)) return truncated("certificate_request_context");
  if (!d.vec("certificate_list", 3, &list)) return truncated("certificate_list");
  while (!list.empty()) {
    CertificateEntry e;
    std::optional<Failure> err;
    const bool leaf = m.entries.empty();
    bool ok = read_struct(list, "CertificateEntry", [&](Dissector& sd, Field& node) {
      Dissector cert({}, nullptr);
      size_t at = sd.offset() + 3;
      if (!sd.vec("cert_data", 3, &cert, &e.cert_data) || e.cert_data.empty()) {
        err = truncated("cert_data");
        return false;
      }
      // One reading gives both the tree and the label; an endpoint acting on the message reads
      // the certificates when it validates them.
      if (cert.recording()) {
        std::string label = (leaf ? "leaf: " : "CA: ") + pki::read_certificate(e.cert_data, at, cert.node()).display_name;
        node.value = label;
        cert.node().value = label;
      }
      auto st = parse_extensions(sd, &e.extensions, [&](uint16_t type, Dissector& b) {
        if (ExtensionType(type) != ExtensionType::status_request) {
          if (!b.empty()) b.opaque_rest("data");
          return true;
        }
        // RFC 8446 4.4.2.1: CertificateStatus { status_type ocsp(1); OCSPResponse<1..2^24-1> }.
        uint8_t type8;
        Dissector resp({}, nullptr);
        Bytes ocsp;
        if (!b.u8("status_type", &type8, [](uint64_t v) { return v == 1 ? std::string("ocsp (1)") : fmt_dec(v); }) ||
            type8 != 1 || !b.vec("OCSPResponse", 3, &resp, &ocsp) || ocsp.empty() || !b.empty())
          return false;
        e.ocsp_response = std::move(ocsp);
        return true;
      });
      if (!st) {
        err = st.error();
        return false;
      }
      return true;
    });
    if (!ok) return err ? *err : truncated("CertificateEntry");
    m.entries.push_back(std::move(e));
  }
  if (!d.empty()) return decode_error(msg("reason.trailing_bytes").arg("what", "Certificate"));
  return m;
}

Result<CertificateRequest13> parse_certificate_request13(Dissector& d) {
  CertificateRequest13 m;
  Dissector ctx({}, nullptr);
  if (!d.vec("certificate_request_context", 1, &ctx, &m.request_context)) return truncated("certificate_request_context");
  bool have_sigalgs = false;
  auto st = parse_extensions(d, &m.extensions, [&](uint16_t type, Dissector& b) {
    switch (ExtensionType(type)) {
      case ExtensionType::signature_algorithms:
        have_sigalgs = true;
        return read_signature_algorithms(b, "supported_signature_algorithms", &m.signature_algorithms);
      case ExtensionType::signature_algorithms_cert: {
        std::vector<uint16_t> v;
        return read_signature_algorithms(b, "supported_signature_algorithms", &v);
      }
      default:
        if (!b.empty()) b.opaque_rest("data");
        return true;
    }
  });
  if (!st) return st.error();
  if (!d.empty()) return decode_error(msg("reason.trailing_bytes").arg("what", "CertificateRequest"));
  if (!have_sigalgs)
    return fail(AlertDescription::missing_extension, msg("reason.cr_without_sigalgs"));
  return m;
}

Result<NewSessionTicket> parse_new_session_ticket(Dissector& d) {
  NewSessionTicket m;
  Dissector nonce({}, nullptr), ticket({}, nullptr);
  if (!d.u32("ticket_lifetime", &m.ticket_lifetime, [](uint64_t v) { return fmt_dec(v) + " s"; }) ||
      !d.u32("ticket_age_add", &m.ticket_age_add, [](uint64_t v) { return fmt_hex(v, 8); }) ||
      !d.vec("ticket_nonce", 1, &nonce, &m.ticket_nonce) || !d.vec("ticket", 2, &ticket, &m.ticket))
    return truncated("NewSessionTicket");
  nonce.node().value = hex_value(m.ticket_nonce);
  if (m.ticket.empty()) return decode_error(msg("reason.empty_ticket"));
  auto st = parse_extensions(d, &m.extensions, [&](uint16_t type, Dissector& b) {
    if (ExtensionType(type) == ExtensionType::early_data) {
      uint32_t max;
      if (!b.u32("max_early_data_size", &max)) return false;
      m.max_early_data_size = max;
      return b.empty();
    }
    if (!b.empty()) b.opaque_rest("data");
    return true;
  });
  if (!st) return st.error();
  if (!d.empty()) return decode_error(msg("reason.trailing_bytes").arg("what", "NewSessionTicket"));
  return m;
}

Result<KeyUpdate> parse_key_update(Dissector& d) {
  KeyUpdate m;
  if (!d.u8("request_update", &m.request_update, [](uint64_t v) {
        return v == 0 ? std::string("update_not_requested (0)") : v == 1 ? std::string("update_requested (1)") : fmt_dec(v);
      }))
    return truncated("KeyUpdate");
  if (!d.empty()) return decode_error(msg("reason.trailing_bytes").arg("what", "KeyUpdate"));
  if (m.request_update > 1)
    return fail(AlertDescription::illegal_parameter, msg("reason.key_update_request_value"));
  return m;
}

// ---- encoders ------------------------------------------------------------------------

static void put_extensions13(ByteWriter& w, const std::vector<Extension>& exts) {
  size_t h = w.open(2);
  for (auto& e : exts) {
    w.u16(e.type);
    w.vec(2, e.data);
  }
  w.close(h);
}

Bytes encode(const EncryptedExtensions& m) {
  ByteWriter w;
  put_extensions13(w, m.extensions);
  return w.take();
}

Bytes encode(const Certificate13& m) {
  ByteWriter w;
  w.vec(1, m.request_context);
  size_t h = w.open(3);
  for (auto& e : m.entries) {
    w.vec(3, e.cert_data);
    put_extensions13(w, e.extensions);
  }
  w.close(h);
  return w.take();
}

Bytes encode(const CertificateRequest13& m) {
  ByteWriter w;
  w.vec(1, m.request_context);
  put_extensions13(w, m.extensions);
  return w.take();
}

Bytes encode(const NewSessionTicket& m) {
  ByteWriter w;
  w.u32(m.ticket_lifetime);
  w.u32(m.ticket_age_add);
  w.vec(1, m.ticket_nonce);
  w.vec(2, m.ticket);
  put_extensions13(w, m.extensions);
  return w.take();
}

Bytes encode(const KeyUpdate& m) { return Bytes{m.request_update}; }

Bytes ext_supported_versions_client(const std::vector<uint16_t>& versions) {
  ByteWriter w;
  size_t h = w.open(1);
  for (uint16_t v : versions) w.u16(v);
  w.close(h);
  return w.take();
}

Bytes ext_supported_versions_server(uint16_t version) {
  ByteWriter w;
  w.u16(version);
  return w.take();
}

Bytes ext_key_share_client(const std::vector<KeyShareEntry>& shares) {
  ByteWriter w;
  size_t h = w.open(2);
  for (auto& s : shares) {
    w.u16(s.group);
    w.vec(2, s.key_exchange);
  }
  w.close(h);
  return w.take();
}

Bytes ext_key_share_server(const KeyShareEntry& share) {
  ByteWriter w;
  w.u16(share.group);
  w.vec(2, share.key_exchange);
  return w.take();
}

Bytes ext_key_share_hrr(uint16_t group) {
  ByteWriter w;
  w.u16(group);
  return w.take();
}

Bytes ext_psk_key_exchange_modes(ByteView modes) {
  ByteWriter w;
  w.vec(1, modes);
  return w.take();
}

Bytes ext_pre_shared_key_client(const OfferedPsks& psks) {
  ByteWriter w;
  size_t h = w.open(2);
  for (auto& id : psks.identities) {
    w.vec(2, id.identity);
    w.u32(id.obfuscated_ticket_age);
  }
  w.close(h);
  h = w.open(2);
  for (auto& b : psks.binders) w.vec(1, b);
  w.close(h);
  return w.take();
}

Bytes ext_pre_shared_key_server(uint16_t selected_identity) {
  ByteWriter w;
  w.u16(selected_identity);
  return w.take();
}

Bytes ext_cookie(ByteView cookie) {
  ByteWriter w;
  w.vec(2, cookie);
  return w.take();
}

Bytes ext_early_data_max(uint32_t max_early_data_size) {
  ByteWriter w;
  w.u32(max_early_data_size);
  return w.take();
}

Bytes ext_signature_algorithms(const std::vector<uint16_t>& schemes) { return ext_u16_list(schemes); }

size_t binders_length(const OfferedPsks& psks) {
  size_t n = 2;
  for (auto& b : psks.binders) n += 1 + b.size();
  return n;
}

}  // namespace sim
