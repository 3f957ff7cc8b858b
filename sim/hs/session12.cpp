#include "hs/session12.hpp"

#include "crypto/crypto.hpp"

namespace sim {

namespace {
const char kAad[] = "tlslab ticket 1.2";
}

Bytes seal_for_self(ByteView key, std::string_view aad, ByteView state, Rng& rng) {
  Bytes nonce = rng.bytes(12);
  return concat({nonce, crypto::aead_seal(BulkCipher::aes_256_gcm, key, nonce, to_bytes(aad), state)});
}

std::optional<Bytes> open_for_self(ByteView key, std::string_view aad, ByteView sealed) {
  if (sealed.size() < 12 + 16 || key.size() != 32) return std::nullopt;
  return crypto::aead_open(BulkCipher::aes_256_gcm, key, sealed.subspan(0, 12), to_bytes(aad), sealed.subspan(12));
}

Bytes encode_ticket_state12(const Session12& s) {
  ByteWriter w;
  w.u16(s.version);
  w.u16(s.cipher_suite);
  w.u8(s.compression);
  w.u8(s.extended_master_secret ? 1 : 0);
  w.vec(1, s.master_secret);
  return w.take();
}

std::optional<Session12> decode_ticket_state12(ByteView state) {
  ByteReader r(state, 0);
  Session12 s;
  uint8_t ems = 0;
  ByteReader ms;
  if (!r.u16(&s.version) || !r.u16(&s.cipher_suite) || !r.u8(&s.compression) || !r.u8(&ems) || !r.prefixed(1, &ms) ||
      !r.empty() || ems > 1 || ms.rest().size() != 48)
    return std::nullopt;
  s.extended_master_secret = ems == 1;
  ByteView m = ms.rest();
  s.master_secret.assign(m.begin(), m.end());
  return s;
}

Derivation seal_ticket12(Actor a, ByteView ticket_key, const Session12& s, Rng& rng, Bytes* ticket) {
  Bytes state = encode_ticket_state12(s);
  *ticket = seal_for_self(ticket_key, kAad, state, rng);
  Bytes nonce(ticket->begin(), ticket->begin() + 12);
  Derivation d;
  d.actor = a;
  d.kind = DerivationKind::session_ticket_seal;
  d.name = "session_ticket";
  d.id = derivation_id(a, d.name);
  d.spec = "RFC 5077 4";
  d.formula = "ticket = nonce + AES-256-GCM(ticket_key, nonce, \"tlslab ticket 1.2\", version + cipher_suite + compression + extended_master_secret + master_secret)";
  d.inputs = {{"master_secret", s.master_secret, {}, Source::of(derivation_id(a, "master_secret"))},
              {"ticket_key", Bytes(ticket_key.begin(), ticket_key.end()), msg("note_in.ticket_key"), Source::local("this server's secret ticket key")},
              {"nonce", nonce, msg("note_in.random_bytes").arg("n", "12"), Source::local("random")}};
  d.steps = {{"state", state, msg("note_in.ticket_state12")}};
  d.output = *ticket;
  return d;
}

std::optional<Session12> open_ticket12(Actor a, ByteView ticket_key, ByteView ticket, Derivation* d) {
  d->actor = a;
  d->kind = DerivationKind::session_ticket_open;
  d->name = "session_ticket_open";
  d->id = derivation_id(a, d->name);
  d->spec = "RFC 5077 4";
  d->formula = "version + cipher_suite + compression + extended_master_secret + master_secret = AES-256-GCM-Decrypt(ticket_key, ticket)";
  d->inputs = {{"ticket", Bytes(ticket.begin(), ticket.end()), {}, Source::field_of("ClientHello", "ticket")},
               {"ticket_key", Bytes(ticket_key.begin(), ticket_key.end()), msg("note_in.ticket_key"), Source::local("this server's secret ticket key")}};
  std::optional<Bytes> state = open_for_self(ticket_key, kAad, ticket);
  if (!state) {
    d->output.clear();
    return std::nullopt;
  }
  d->output = *state;
  auto s = decode_ticket_state12(*state);
  // The state's fields, so the opened ticket reads as what it holds.
  if (s) d->parts = {{"version", 0, 2}, {"cipher_suite", 2, 2}, {"compression", 4, 1}, {"extended_master_secret", 5, 1},
                     {"master_secret", 7, s->master_secret.size()}};
  return s;
}

Derivation resumed_master_secret(Actor a, uint16_t version, const Session12& s, bool by_ticket) {
  Derivation d;
  d.actor = a;
  d.kind = DerivationKind::resumed_master_secret;
  d.name = "master_secret";
  d.id = derivation_id(a, d.name);
  d.spec = version == kSsl3 ? "RFC 6101 5.5" : version >= kTls12 ? "RFC 5246 7.3, F.1.4" : version == kTls11 ? "RFC 4346 7.3, F.1.4" : "RFC 2246 7.3, F.1.4";
  if (by_ticket) d.spec += "; RFC 5077 3.1";
  d.set_text(msg(by_ticket ? "formula.resumed_ms_ticket" : "formula.resumed_ms_session_id"));
  Source from = by_ticket && a == Actor::server ? Source::of(derivation_id(a, "session_ticket_open"), "master_secret")
                                                : Source::local(s.connection ? "the session of connection " + std::to_string(s.connection)
                                                                             : "the session being resumed");
  d.inputs = {{"session_id", s.session_id, {}, Source::field_of("ServerHello", "session_id")},
              {"master_secret", s.master_secret, msg("note_in.session_master_secret"), from}};
  d.output = s.master_secret;
  return d;
}

}  // namespace sim
