#include "hs/key_schedule13.hpp"

#include <algorithm>

#include "crypto/crypto.hpp"
#include "wire/messages.hpp"

namespace sim::tls13 {

Bytes hkdf_extract(HashAlg h, ByteView salt, ByteView ikm) {
  // RFC 5869 2.2: an absent salt is HashLen zeros; callers pass it explicitly.
  return crypto::hmac(h, salt, ikm);
}

Bytes hkdf_expand(HashAlg h, ByteView prk, ByteView info, size_t length) {
  // RFC 5869 2.3: at most 255 blocks (the counter is one byte).
  length = std::min(length, 255 * crypto::hash_len(h));
  Bytes out, t, in;
  out.reserve(length + crypto::hash_len(h));
  for (uint8_t i = 1; out.size() < length; ++i) {
    // T(i) = HMAC(PRK, T(i-1) | info | i), the input built in one buffer.
    in.clear();
    in.reserve(t.size() + info.size() + 1);
    in.insert(in.end(), t.begin(), t.end());
    in.insert(in.end(), info.begin(), info.end());
    in.push_back(i);
    t = crypto::hmac(h, prk, in);
    append(out, t);
  }
  out.resize(length);
  return out;
}

Bytes hkdf_label(std::string_view label, ByteView context, size_t length) {
  ByteWriter w;
  w.u16(uint16_t(length));
  w.vec(1, to_bytes("tls13 " + std::string(label)));
  w.vec(1, context);
  return w.take();
}

Bytes hkdf_expand_label(HashAlg h, ByteView secret, std::string_view label, ByteView context, size_t length) {
  return hkdf_expand(h, secret, hkdf_label(label, context, length), length);
}

std::string hash_name(HashAlg h) { return std::string(name_of(h)); }

static NamedBytes hash_input(HashAlg h) { return text_value("hash", hash_name(h), msg("note_in.suite_hash")); }

// A Named value as an input: its source, or the same actor's derivation of that name.
static NamedBytes named_input(Actor a, std::string input, const Named& n) {
  return {std::move(input), n.value, n.label.empty() ? notation(n.name) : n.label, n.from.kind != Source::Kind::none ? n.from : Source::of(derivation_id(a, n.name))};
}

static NamedBytes label_input(std::string_view label) {
  return text_value("label", label, msg("note_in.tls13_prefix"));
}

// The transcript a Derive-Secret or Finished hashes: handshake messages on the wire.
static NamedBytes messages_input(ByteView messages, Message covered) {
  return {"messages", Bytes(messages.begin(), messages.end()), std::move(covered),
          messages.empty() ? Source::literal("") : Source::transcript()};
}

std::string transcript_names(ByteView messages) {
  // Each message: msg_type (1), length (3), body. The last one may be cut short: the PSK
  // binder covers a ClientHello truncated before its binders (RFC 8446 4.2.11.2).
  std::string out;
  size_t pos = 0;
  while (messages.size() - pos >= 4) {
    auto type = HandshakeType(messages[pos]);
    size_t len = size_t(messages[pos + 1]) << 16 | size_t(messages[pos + 2]) << 8 | messages[pos + 3];
    ByteView b = messages.subspan(pos + 4, std::min(len, messages.size() - pos - 4));
    std::string n = name_of(type);
    if (type == HandshakeType::server_hello && b.size() >= 34 &&
        std::equal(b.begin() + 2, b.begin() + 34, kHelloRetryRequestRandom))
      n = "HelloRetryRequest";
    if (b.size() < len) n += " (truncated)";
    out += (out.empty() ? "" : ", ") + n;
    pos += 4 + b.size();
  }
  return out.empty() ? "(no messages)" : out;
}

Message covered_message(ByteView messages) {
  if (messages.empty()) return msg("note_in.no_messages");
  std::string names = transcript_names(messages);
  static const std::string cut = " (truncated)";
  if (names.size() > cut.size() && names.compare(names.size() - cut.size(), cut.size(), cut) == 0)
    return msg("note_in.truncated").arg("messages", names.substr(0, names.size() - cut.size()));
  return notation(names);
}

Derivation extract(Actor a, HashAlg h, std::string name, const Named& salt, const Named& ikm) {
  Derivation d;
  d.actor = a;
  d.name = std::move(name);
  d.id = derivation_id(a, d.name);
  d.spec = "RFC 8446 7.1";
  auto shown = [](const Named& n) { return n.label.empty() ? notation(n.name) : n.label; };
  d.set_text(msg("formula.hkdf_extract")
                 .arg("name", d.name)
                 .arg("salt", shown(salt))
                 .arg("ikm", shown(ikm))
                 .arg("hash", hash_name(h)));
  // push_back, not an initializer list: its elements are const and would be copied again.
  d.inputs.reserve(3);
  d.inputs.push_back(named_input(a, "salt", salt));
  d.inputs.push_back(named_input(a, "IKM", ikm));
  d.inputs.push_back(hash_input(h));
  d.output = hkdf_extract(h, salt.value, ikm.value);
  return d;
}

Derivation derive_secret(Actor a, HashAlg h, std::string name, const Named& secret, std::string_view label,
                         ByteView messages) {
  Derivation d;
  d.actor = a;
  d.name = std::move(name);
  d.id = derivation_id(a, d.name);
  d.spec = "RFC 8446 7.1";
  Bytes th = crypto::transcript_hash(h, messages);
  size_t n = crypto::hash_len(h);
  Message covered = covered_message(messages);
  d.set_text(msg("formula.derive_secret")
                 .arg("name", d.name)
                 .arg("secret", secret.name)
                 .arg("label", std::string(label))
                 .arg("messages", covered)
                 .arg("n", std::to_string(n)));
  // The transcript is the largest input: built once and moved, never copied from a list.
  d.inputs.reserve(4);
  d.inputs.push_back(named_input(a, "secret", secret));
  d.inputs.push_back(label_input(label));
  d.inputs.push_back(messages_input(messages, covered));
  d.inputs.push_back(hash_input(h));
  Bytes info = hkdf_label(label, th, n);
  d.output = hkdf_expand(h, secret.value, info, n);
  d.steps.reserve(2);
  d.steps.push_back({"transcript_hash", std::move(th), msg("note_in.hash_of").arg("hash", hash_name(h)).arg("messages", std::move(covered))});
  d.steps.push_back({"HkdfLabel", std::move(info), notation("length(2) + \"tls13 " + std::string(label) + "\" + transcript_hash")});
  return d;
}

Derivation expand_label(Actor a, HashAlg h, std::string name, const Named& secret, std::string_view label,
                        const Named& context, size_t length) {
  Derivation d;
  d.actor = a;
  d.name = std::move(name);
  d.id = derivation_id(a, d.name);
  d.spec = "RFC 8446 7.1";
  d.formula = d.name + " = HKDF-Expand-Label(" + secret.name + ", \"" + std::string(label) + "\", " +
              (context.value.empty() ? std::string("\"\"") : context.name) + ", " + std::to_string(length) + ")";
  ByteWriter lw;
  lw.u16(uint16_t(length));
  d.inputs.reserve(5);
  d.inputs.push_back(named_input(a, "secret", secret));
  d.inputs.push_back(label_input(label));
  d.inputs.push_back(named_input(a, "context", context));
  d.inputs.push_back({"length", lw.take(), msg("note_in.n_bytes").arg("n", std::to_string(length)), Source::literal(std::to_string(length))});
  d.inputs.push_back(hash_input(h));
  Bytes info = hkdf_label(label, context.value, length);
  d.output = hkdf_expand(h, secret.value, info, length);
  d.steps.push_back({"HkdfLabel", std::move(info), notation("length(2) + \"tls13 " + std::string(label) + "\" + context")});
  return d;
}

Derivation finished(Actor a, HashAlg h, bool sender_is_client, const Named& base_key, ByteView messages) {
  Derivation d;
  d.actor = a;
  d.name = sender_is_client ? "client_verify_data" : "server_verify_data";
  d.id = finished_derivation_id(a, sender_is_client, d.name);
  d.kind = DerivationKind::tls13_finished;
  d.spec = "RFC 8446 4.4.4";
  size_t n = crypto::hash_len(h);
  Message covered = covered_message(messages);
  Bytes fk = hkdf_expand_label(h, base_key.value, "finished", {}, n);
  Bytes th = crypto::transcript_hash(h, messages);
  d.set_text(msg("formula.tls13_finished").arg("messages", covered).arg("base_key", base_key.name).arg("n", std::to_string(n)));
  d.inputs.reserve(3);
  d.inputs.push_back(named_input(a, "base_key", base_key));
  d.inputs.push_back(messages_input(messages, covered));
  d.inputs.push_back(hash_input(h));
  d.output = crypto::hmac(h, fk, th);
  d.steps.reserve(2);
  d.steps.push_back({"finished_key", std::move(fk), notation("HKDF-Expand-Label(" + base_key.name + ", \"finished\", \"\", " + std::to_string(n) + ")")});
  d.steps.push_back({"transcript_hash", std::move(th), msg("note_in.hash_of").arg("hash", hash_name(h)).arg("messages", std::move(covered))});
  return d;
}

}  // namespace sim::tls13
