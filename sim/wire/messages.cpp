#include "wire/messages.hpp"

#include <cstring>

#include "wire/messages_internal.hpp"
#include "wire/certificate_status.hpp"

#include "pki/cert.hpp"

namespace sim {

using namespace wire_detail;

namespace {

// Extension bodies that ClientHello and ServerHello share.
bool read_point_formats(Dissector& b, std::optional<Bytes>* out) {
  Dissector list({}, nullptr);
  out->emplace();
  if (!b.vec("ec_point_format_list", 1, &list, &**out)) return false;
  while (!list.empty()) {
    uint8_t f;
    list.u8("ec_point_format", &f, point_format_fmt);
  }
  return b.empty();
}

bool read_renegotiation_info(Dissector& b, std::optional<Bytes>* out) {
  Dissector rc({}, nullptr);
  out->emplace();
  return b.vec("renegotiated_connection", 1, &rc, &**out) && b.empty();
}

// TLS_FALLBACK_SCSV is a signal, not a suite: its node says what it signals (RFC 7507).
void note_signalling_suites(Field& list, const std::vector<uint16_t>& suites) {
  size_t i = 0;
  for (Field& f : list.children) {
    if (f.name != "cipher_suite" || i >= suites.size()) continue;
    if (suites[i++] == kTlsFallbackScsv) f.set(msg("field.fallback_scsv").arg("value", f.value));
  }
}

}  // namespace

Result<ClientHello> parse_client_hello(Dissector& d) {
  ClientHello m;
  Dissector sub({}, nullptr);
  if (!d.u16("client_version", &m.client_version, version_fmt) || !d.bytes("random", 32, &m.random))
    return truncated("ClientHello");
  if (!d.vec("session_id", 1, &sub, &m.session_id) || m.session_id.size() > 32)
    return truncated("session_id");
  if (!read_u16_list(d, "cipher_suites", "cipher_suite", 2, suite_fmt, &m.cipher_suites) ||
      m.cipher_suites.empty())
    return truncated("cipher_suites");
  if (d.recording()) note_signalling_suites(d.node().children.back(), m.cipher_suites);
  Dissector comp({}, nullptr);
  if (!d.vec("compression_methods", 1, &comp, &m.compression_methods) || m.compression_methods.empty())
    return truncated("compression_methods");
  while (!comp.empty()) {
    uint8_t c;
    comp.u8("compression_method", &c, compression_fmt);
  }
  if (d.empty()) {
    m.has_extensions_block = false;
    return m;
  }
  auto st = parse_extensions(d, &m.extensions, [&](uint16_t type, Dissector& b) {
    switch (ExtensionType(type)) {
      case ExtensionType::server_name: {
        Dissector list({}, nullptr);
        if (!b.vec("server_name_list", 2, &list)) return false;
        while (!list.empty()) {
          uint8_t nt;
          Dissector name({}, nullptr);
          Bytes host;
          if (!list.u8("name_type", &nt, [](uint64_t v) { return v == 0 ? std::string("host_name (0)") : fmt_dec(v); }) ||
              !list.vec("host_name", 2, &name, &host))
            return false;
          name.node().value = std::string(host.begin(), host.end());
          if (nt == 0 && !m.server_name) m.server_name = std::string(host.begin(), host.end());
        }
        return b.empty();
      }
      case ExtensionType::supported_groups:
        m.supported_groups.emplace();
        return read_u16_list(b, "named_group_list", "named_group", 2, group_fmt, &*m.supported_groups) && b.empty();
      case ExtensionType::signature_algorithms:
        m.signature_algorithms.emplace();
        return read_u16_list(b, "supported_signature_algorithms", "signature_scheme", 2, sigalg_fmt,
                             &*m.signature_algorithms) && b.empty();
      case ExtensionType::ec_point_formats:
        return read_point_formats(b, &m.ec_point_formats);
      case ExtensionType::renegotiation_info:
        return read_renegotiation_info(b, &m.renegotiation_info);
      case ExtensionType::extended_master_secret:
        m.extended_master_secret = true;
        return b.empty();
      case ExtensionType::session_ticket:
        m.session_ticket.emplace();
        if (!b.empty()) b.opaque_rest("ticket", &*m.session_ticket);
        return true;
      case ExtensionType::max_fragment_length: {
        uint8_t v;
        if (!b.u8("max_fragment_length", &v, mfl_fmt)) return false;
        m.max_fragment_length = v;
        return b.empty();
      }
      default:
        if (auto r = read_client_hello13_extension(type, b, m)) return *r;
        if (!b.empty()) b.opaque_rest("data");
        return true;
    }
  });
  if (!st) return st.error();
  if (!d.empty()) return decode_error(msg("reason.trailing_bytes").arg("what", "ClientHello extensions"));
  // RFC 8446 4.2.11: pre_shared_key MUST be the last extension in the ClientHello.
  for (size_t i = 0; i + 1 < m.extensions.size(); ++i)
    if (m.extensions[i].type == uint16_t(ExtensionType::pre_shared_key))
      return fail(AlertDescription::illegal_parameter, msg("reason.psk_not_last"));
  for (uint16_t s : m.cipher_suites)
    if (s == kTlsEmptyRenegotiationInfoScsv && !m.renegotiation_info) m.renegotiation_info = Bytes{};
  return m;
}

Result<NewSessionTicket12> parse_new_session_ticket12(Dissector& d) {
  NewSessionTicket12 m;
  Dissector t({}, nullptr);
  if (!d.u32("ticket_lifetime_hint", &m.ticket_lifetime_hint) || !d.vec("ticket", 2, &t, &m.ticket))
    return truncated("NewSessionTicket");
  if (!d.empty()) return decode_error(msg("reason.trailing_bytes").arg("what", "NewSessionTicket"));
  return m;
}

Bytes encode(const NewSessionTicket12& m) {
  ByteWriter w;
  w.u32(m.ticket_lifetime_hint);
  w.vec(2, m.ticket);
  return w.take();
}

Result<ServerHello> parse_server_hello(Dissector& d) {
  ServerHello m;
  Dissector sub({}, nullptr);
  if (!d.u16("server_version", &m.server_version, version_fmt) || !d.bytes("random", 32, &m.random))
    return truncated("ServerHello");
  if (d.recording())
    if (Message note = server_random_note(m.random); !note.empty()) d.node().children.back().set(std::move(note));
  if (!d.vec("session_id", 1, &sub, &m.session_id) || m.session_id.size() > 32)
    return truncated("session_id");
  if (!d.u16("cipher_suite", &m.cipher_suite, suite_fmt) ||
      !d.u8("compression_method", &m.compression_method, compression_fmt))
    return truncated("ServerHello");
  if (d.empty()) return m;
  auto st = parse_extensions(d, &m.extensions, [&](uint16_t type, Dissector& b) {
    switch (ExtensionType(type)) {
      case ExtensionType::renegotiation_info:
        return read_renegotiation_info(b, &m.renegotiation_info);
      case ExtensionType::extended_master_secret:
        m.extended_master_secret = true;
        return b.empty();
      case ExtensionType::ec_point_formats:
        return read_point_formats(b, &m.ec_point_formats);
      case ExtensionType::session_ticket:
        m.session_ticket = true;
        return b.empty();  // RFC 5077 3.2: empty in ServerHello
      case ExtensionType::max_fragment_length: {
        uint8_t v;
        if (!b.u8("max_fragment_length", &v, mfl_fmt)) return false;
        m.max_fragment_length = v;
        return b.empty();
      }
      default:
        if (auto r = read_server_hello13_extension(type, b, m)) return *r;
        if (!b.empty()) b.opaque_rest("data");
        return true;
    }
  });
  if (!st) return st.error();
  if (!d.empty()) return decode_error(msg("reason.trailing_bytes").arg("what", "ServerHello extensions"));
  return m;
}

Result<CertificateMsg> parse_certificate(Dissector& d) {
  CertificateMsg m;
  Dissector list({}, nullptr);
  if (!d.vec("certificate_list", 3, &list)) return truncated("certificate_list");
  int i = 0;
  while (!list.empty()) {
    Dissector cert({}, nullptr);
    Bytes der;
    size_t at = list.offset() + 3;
    if (!list.vec("ASN.1Cert", 3, &cert, &der) || der.empty()) return truncated("ASN.1Cert");
    // One reading gives both the tree and the label; an endpoint acting on the message reads
    // the certificates when it validates them.
    if (cert.recording()) {
      Field& node = cert.node();
      node.value = (i == 0 ? "leaf: " : "CA: ") + pki::read_certificate(der, at, node).display_name;
    }
    m.certificate_list.push_back(std::move(der));
    ++i;
  }
  if (!d.empty()) return decode_error(msg("reason.trailing_bytes").arg("what", "certificate_list"));
  return m;
}

Result<ServerKeyExchange> parse_server_key_exchange(Dissector& d, const ParseContext& ctx) {
  ServerKeyExchange m;
  if (!ctx.suite) return fail(AlertDescription::unexpected_message, msg("reason.before_suite_known").arg("message", "ServerKeyExchange"));
  m.kx = ctx.suite->kx;
  size_t params_start = d.offset();
  ByteView whole = d.reader().rest();
  if (is_ecdhe(m.kx)) {
    Field& p = d.node().add("ServerECDHParams", "", d.offset(), 0);
    Dissector pd(d.reader(), &p);
    uint8_t curve_type;
    Dissector point({}, nullptr);
    if (!pd.u8("curve_type", &curve_type, [](uint64_t v) { return v == 3 ? std::string("named_curve (3)") : fmt_dec(v); }) ||
        !pd.u16("namedcurve", &m.named_curve, group_fmt) || !pd.vec("public (ECPoint)", 1, &point, &m.public_key))
      return truncated("ServerECDHParams");
    if (curve_type != 3) return fail(AlertDescription::illegal_parameter, msg("reason.only_named_curves"));
    d.reader() = pd.reader();
    p.length = uint32_t(d.offset() - params_start);
  } else if (m.kx == KeyExchange::rsa_export) {
    Field& p = d.node().add("ServerRSAParams", "temporary 512-bit RSA key", d.offset(), 0);
    Dissector pd(d.reader(), &p), v({}, nullptr);
    if (!pd.vec("rsa_modulus", 2, &v, &m.rsa_modulus) || !pd.vec("rsa_exponent", 2, &v, &m.rsa_exponent) ||
        m.rsa_modulus.empty() || m.rsa_exponent.empty())
      return truncated("ServerRSAParams");
    d.reader() = pd.reader();
    p.length = uint32_t(d.offset() - params_start);
  } else if (m.kx == KeyExchange::dhe_rsa) {
    Field& p = d.node().add("ServerDHParams", "", d.offset(), 0);
    Dissector pd(d.reader(), &p), v({}, nullptr);
    if (!pd.vec("dh_p", 2, &v, &m.dh_p) || !pd.vec("dh_g", 2, &v, &m.dh_g) ||
        !pd.vec("dh_Ys", 2, &v, &m.public_key) || m.dh_p.empty() || m.dh_g.empty() || m.public_key.empty())
      return truncated("ServerDHParams");
    d.reader() = pd.reader();
    p.length = uint32_t(d.offset() - params_start);
  } else {
    return fail(AlertDescription::unexpected_message, msg("reason.ske_with_rsa_transport"));
  }
  m.params.assign(whole.begin(), whole.begin() + (d.offset() - params_start));
  Field& s = d.node().add("signed_params", "", d.offset(), 0);
  size_t sig_start = d.offset();
  Dissector sd(d.reader(), &s), sig({}, nullptr);
  m.has_algorithm = ctx.version >= kTls12;
  if ((m.has_algorithm && !sd.u16("algorithm", &m.signature_algorithm, sigalg_fmt)) ||
      !sd.vec(m.has_algorithm ? "signature" : "signature (RSA over MD5 + SHA-1)", 2, &sig, &m.signature))
    return truncated("ServerKeyExchange signature");
  d.reader() = sd.reader();
  s.length = uint32_t(d.offset() - sig_start);
  if (!d.empty()) return decode_error(msg("reason.trailing_bytes").arg("what", "ServerKeyExchange"));
  return m;
}

Result<CertificateRequest> parse_certificate_request(Dissector& d, const ParseContext& ctx) {
  CertificateRequest m;
  Dissector types({}, nullptr), cas({}, nullptr);
  m.has_signature_algorithms = ctx.version >= kTls12;
  if (!d.vec("certificate_types", 1, &types, &m.certificate_types) ||
      (m.has_signature_algorithms &&
       !read_u16_list(d, "supported_signature_algorithms", "signature_scheme", 2, sigalg_fmt,
                      &m.signature_algorithms)) ||
      !d.vec("certificate_authorities", 2, &cas))
    return truncated("CertificateRequest");
  if (!d.empty()) return decode_error(msg("reason.trailing_bytes").arg("what", "CertificateRequest"));
  return m;
}

Result<ClientKeyExchange> parse_client_key_exchange(Dissector& d, const ParseContext& ctx) {
  ClientKeyExchange m;
  if (!ctx.suite) return fail(AlertDescription::unexpected_message, msg("reason.before_suite_known").arg("message", "ClientKeyExchange"));
  Dissector v({}, nullptr);
  bool ok = false;
  switch (ctx.suite->kx) {
    case KeyExchange::rsa:
    case KeyExchange::rsa_export:
      if (ctx.version == kSsl3) {  // SSL 3.0 sends the RSA block without a length prefix
        ok = d.opaque_rest("EncryptedPreMasterSecret", &m.exchange);
      } else {
        ok = d.vec("EncryptedPreMasterSecret", 2, &v, &m.exchange);
      }
      break;
    case KeyExchange::dhe_rsa: ok = d.vec("dh_Yc", 2, &v, &m.exchange); break;
    case KeyExchange::ecdhe_rsa:
    case KeyExchange::ecdhe_ecdsa: ok = d.vec("ecdh_Yc", 1, &v, &m.exchange); break;
    case KeyExchange::tls13:
      return fail(AlertDescription::unexpected_message, msg("reason.tls13_no_cke"));
  }
  if (!ok || m.exchange.empty()) return truncated("ClientKeyExchange");
  if (!d.empty()) return decode_error(msg("reason.trailing_bytes").arg("what", "ClientKeyExchange"));
  return m;
}

Result<Finished> parse_finished(Dissector& d, const ParseContext& ctx) {
  Finished m;
  if (ctx.version == kTls13) {  // RFC 8446 4.4.4: verify_data is Hash.length bytes
    size_t want = 0;
    if (ctx.suite) want = ctx.suite->prf_hash == HashAlg::Sha384 ? 48 : ctx.suite->prf_hash == HashAlg::Sha512 ? 64 : 32;
    size_t n = d.remaining();
    if (want ? n != want : (n != 32 && n != 48))
      return decode_error(want ? msg("reason.verify_data_length13").arg("n", std::to_string(want)) : msg("reason.verify_data_length13_any"));
    if (!d.bytes("verify_data", n, &m.verify_data)) return truncated("Finished");
    return m;
  }
  size_t len = ctx.version == kSsl3 ? 36 : 12;  // SSL 3.0: md5_hash[16] + sha_hash[20]
  if (d.remaining() != len)
    return decode_error(msg("reason.verify_data_length").arg("n", std::to_string(len)).arg("version", version_name(ctx.version)));
  if (ctx.version == kSsl3) {
    Bytes md5, sha;
    if (!d.bytes("md5_hash", 16, &md5) || !d.bytes("sha_hash", 20, &sha)) return truncated("Finished");
    m.verify_data = concat({md5, sha});
  } else if (!d.bytes("verify_data", 12, &m.verify_data)) {
    return truncated("Finished");
  }
  return m;
}

Result<CertificateVerify> parse_certificate_verify(Dissector& d, const ParseContext& ctx) {
  CertificateVerify m;
  Dissector sig({}, nullptr);
  m.has_algorithm = ctx.version >= kTls12;
  if ((m.has_algorithm && !d.u16("algorithm", &m.algorithm, sigalg_fmt)) || !d.vec("signature", 2, &sig, &m.signature))
    return truncated("CertificateVerify");
  if (!d.empty()) return decode_error(msg("reason.trailing_bytes").arg("what", "CertificateVerify"));
  return m;
}

// ---- encoders ------------------------------------------------------------------------

static void put_extensions(ByteWriter& w, const std::vector<Extension>& exts) {
  size_t h = w.open(2);
  for (auto& e : exts) {
    w.u16(e.type);
    w.vec(2, e.data);
  }
  w.close(h);
}

Bytes encode(const ClientHello& m) {
  ByteWriter w;
  w.u16(m.client_version);
  w.bytes(m.random);
  w.vec(1, m.session_id);
  size_t h = w.open(2);
  for (uint16_t s : m.cipher_suites) w.u16(s);
  w.close(h);
  w.vec(1, m.compression_methods);
  if (m.has_extensions_block) put_extensions(w, m.extensions);
  return w.take();
}

Bytes encode(const ServerHello& m) {
  ByteWriter w;
  w.u16(m.server_version);
  w.bytes(m.random);
  w.vec(1, m.session_id);
  w.u16(m.cipher_suite);
  w.u8(m.compression_method);
  if (!m.extensions.empty()) put_extensions(w, m.extensions);
  return w.take();
}

Bytes encode(const CertificateMsg& m) {
  ByteWriter w;
  size_t h = w.open(3);
  for (auto& c : m.certificate_list) w.vec(3, c);
  w.close(h);
  return w.take();
}

Bytes encode_server_params(const ServerKeyExchange& m) {
  ByteWriter w;
  if (m.kx == KeyExchange::rsa_export) {
    w.vec(2, m.rsa_modulus);
    w.vec(2, m.rsa_exponent);
  } else if (is_ecdhe(m.kx)) {
    w.u8(3);
    w.u16(m.named_curve);
    w.vec(1, m.public_key);
  } else {
    w.vec(2, m.dh_p);
    w.vec(2, m.dh_g);
    w.vec(2, m.public_key);
  }
  return w.take();
}

Bytes encode(const ServerKeyExchange& m) {
  ByteWriter w;
  w.bytes(encode_server_params(m));
  if (m.has_algorithm) w.u16(m.signature_algorithm);
  w.vec(2, m.signature);
  return w.take();
}

Bytes encode(const CertificateRequest& m) {
  ByteWriter w;
  w.vec(1, m.certificate_types);
  if (m.has_signature_algorithms) {
    size_t h = w.open(2);
    for (uint16_t s : m.signature_algorithms) w.u16(s);
    w.close(h);
  }
  w.u16(0);
  return w.take();
}

Bytes encode(const ClientKeyExchange& m, KeyExchange kx, uint16_t version) {
  ByteWriter w;
  bool rsa = kx == KeyExchange::rsa || kx == KeyExchange::rsa_export;
  if (rsa && version == kSsl3) w.bytes(m.exchange);
  else w.vec(is_ecdhe(kx) ? 1 : 2, m.exchange);
  return w.take();
}

Bytes encode(const CertificateVerify& m) {
  ByteWriter w;
  if (m.has_algorithm) w.u16(m.algorithm);
  w.vec(2, m.signature);
  return w.take();
}

Bytes encode(const Finished& m) { return m.verify_data; }

Bytes handshake_message(HandshakeType t, ByteView body) {
  ByteWriter w;
  w.u8(uint8_t(t));
  w.vec(3, body);
  return w.take();
}

Bytes ext_server_name(const std::string& host) {
  ByteWriter w;
  size_t h = w.open(2);
  w.u8(0);
  w.vec(2, to_bytes(host));
  w.close(h);
  return w.take();
}

Bytes ext_u16_list(const std::vector<uint16_t>& v) {
  ByteWriter w;
  size_t h = w.open(2);
  for (uint16_t x : v) w.u16(x);
  w.close(h);
  return w.take();
}

Bytes ext_u8_list(ByteView v) {
  ByteWriter w;
  w.vec(1, v);
  return w.take();
}

std::vector<std::string> dissect_handshake_messages(ByteView data, size_t base,
                                                     const ParseContext& ctx_in, Field& out) {
  std::vector<std::string> names;
  // A record packing a flight: the messages after a ServerHello are read with its version and
  // suite (a ServerKeyExchange's shape depends on the key exchange), as the receiver reads them.
  ParseContext ctx = ctx_in;
  ByteReader r(data, base);
  if (!ctx.carried.empty()) {
    // The record opens inside a message that began in earlier records (RFC 5246 6.2.1: a
    // handshake message may span records). Its header is in the carried bytes, or completes here.
    Bytes head(ctx.carried.begin(), ctx.carried.end());
    head.insert(head.end(), data.begin(), data.begin() + std::min<size_t>(data.size(), 4));
    size_t here = data.size();
    std::string name = "handshake message";
    Message value;
    if (head.size() >= 4) {
      name = name_of(HandshakeType(head[0]));
      size_t total = 4 + size_t(load_be(ByteView(head).subspan(1, 3)));
      here = std::min(here, total - ctx.carried.size());
      bool ends = ctx.carried.size() + here == total;
      value = msg(ends ? "field.hs_fragment_end" : "field.hs_fragment_middle")
                  .arg("name", name).arg("from", fmt_dec(ctx.carried.size() + 1))
                  .arg("to", fmt_dec(ctx.carried.size() + here)).arg("total", fmt_dec(total));
      names.push_back("\u2026" + name + (ends ? "" : "\u2026"));
    } else {
      value = msg("field.hs_fragment_header").arg("n", fmt_dec(here));
      names.push_back("\u2026");
    }
    out.add("handshake fragment", value, r.offset(), here);
    r.skip(here);
  }
  while (!r.empty()) {
    size_t start = r.offset();
    ByteReader probe = r;
    uint8_t type;
    uint32_t len;
    if (!probe.u8(&type) || !probe.u24(&len) || probe.remaining() < len) {
      // The message goes on in the next record: "Certificate…" on the ladder.
      Message value = msg("field.hs_fragment_header").arg("n", fmt_dec(r.remaining()));
      std::string name = "\u2026";
      if (r.remaining() >= 4) {
        name = name_of(HandshakeType(type)) + "\u2026";
        value = msg("field.hs_fragment_start").arg("name", name_of(HandshakeType(type)))
                    .arg("to", fmt_dec(r.remaining())).arg("total", fmt_dec(4 + size_t(len)));
      } else if (r.remaining() >= 1) {
        name = name_of(HandshakeType(data[start - base])) + "\u2026";
      }
      out.add("handshake fragment", value, start, r.remaining());
      names.push_back(name);
      break;
    }
    std::string name = name_of(HandshakeType(type));
    std::string type_value = name + " (" + fmt_dec(type) + ")";
    // A HelloRetryRequest is a ServerHello whose random is the special value (RFC 8446 4.1.3).
    if (HandshakeType(type) == HandshakeType::server_hello && len >= 34 &&
        std::memcmp(probe.rest().data() + 2, kHelloRetryRequestRandom, 32) == 0)
      name = "HelloRetryRequest";
    Field& msg = out.add(name, "", start, 4 + len);
    msg.add("msg_type", type_value, start, 1);
    msg.add("length", fmt_dec(len), start + 1, 3);
    ByteReader body;
    r.skip(1);
    r.prefixed(3, &body);
    Dissector bd(body, &msg);
    std::optional<Failure> err;
    auto check = [&](const auto& res) {
      if (!res.ok()) err = res.error();
    };
    switch (HandshakeType(type)) {
      case HandshakeType::client_hello: check(parse_client_hello(bd)); break;
      case HandshakeType::server_hello: {
        auto sh = parse_server_hello(bd);
        check(sh);
        if (sh.ok() && !sh->is_hello_retry_request()) {
          if (const CipherSuiteInfo* s = suite_by_id(sh->cipher_suite)) ctx.suite = s;
          ctx.version = sh->selected_version.value_or(sh->server_version);
        }
        break;
      }
      case HandshakeType::certificate:
        if (ctx.version == kTls13) check(parse_certificate13(bd));
        else check(parse_certificate(bd));
        break;
      case HandshakeType::server_key_exchange: check(parse_server_key_exchange(bd, ctx)); break;
      case HandshakeType::certificate_request:
        if (ctx.version == kTls13) check(parse_certificate_request13(bd));
        else check(parse_certificate_request(bd, ctx));
        break;
      case HandshakeType::certificate_verify: check(parse_certificate_verify(bd, ctx)); break;
      case HandshakeType::client_key_exchange: check(parse_client_key_exchange(bd, ctx)); break;
      case HandshakeType::finished: check(parse_finished(bd, ctx)); break;
      case HandshakeType::certificate_status: check(parse_certificate_status(bd)); break;
      case HandshakeType::server_hello_done:
      case HandshakeType::hello_request:
      case HandshakeType::end_of_early_data:
        if (!bd.empty()) err = decode_error(sim::msg("reason.message_must_be_empty").arg("message", name));
        break;
      case HandshakeType::encrypted_extensions: check(parse_encrypted_extensions(bd)); break;
      case HandshakeType::key_update: check(parse_key_update(bd)); break;
      case HandshakeType::new_session_ticket:
        if (ctx.version == kTls13) check(parse_new_session_ticket(bd));
        else check(parse_new_session_ticket12(bd));
        break;
      case HandshakeType::message_hash: {
        // RFC 8446 4.4.1: after a HelloRetryRequest the transcript replaces ClientHello1 with
        // message_hash(254) 00 00 Hash.length Hash(ClientHello1).
        size_t want = 0;
        if (ctx.suite) want = ctx.suite->prf_hash == HashAlg::Sha384 ? 48 : ctx.suite->prf_hash == HashAlg::Sha512 ? 64 : 32;
        size_t n = bd.remaining();
        if (want ? n != want : (n != 32 && n != 48)) err = decode_error(sim::msg("reason.message_hash_size"));
        if (n) bd.opaque_rest("hash of ClientHello1");
        break;
      }
      default:
        if (!bd.empty()) bd.opaque_rest("body");
    }
    if (err) msg.add("malformed", err->reason, start, 4 + len);
    names.push_back(name);
  }
  return names;
}

}  // namespace sim
