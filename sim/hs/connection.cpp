#include "hs/connection.hpp"

#include "hs/key_schedule.hpp"
#include "record/lenient_open.hpp"

namespace sim {

Connection::Connection(Actor self, uint64_t seed)
    : self_(self),
      peer_(self == Actor::client ? Actor::server : Actor::client),
      rng_(seed, std::string(name_of(self))) {
  machine_ = self == Actor::client ? Machine::client_hello : Machine::server_hello;
}

static std::string content_type_fmt(uint64_t v) { return name_of(ContentType(v)) + " (" + fmt_dec(v) + ")"; }

static std::string printable_preview(ByteView b) {
  std::string s;
  for (size_t i = 0; i < b.size() && i < 80; ++i) {
    char c = char(b[i]);
    if (c == '\r') s += "\\r";
    else if (c == '\n') s += "\\n";
    else s += (c >= 32 && c < 127) ? c : '.';
  }
  if (b.size() > 80) s += "...";
  return s;
}

// Dissects record content of the given type into `node` at absolute offset `base`.
// Returns the record's name: RFC message names, or words through the catalog.
static Message dissect_content(ContentType type, ByteView content, size_t base,
                               const ParseContext& ctx, Field& node) {
  switch (type) {
    case ContentType::handshake: {
      auto names = dissect_handshake_messages(content, base, ctx, node);
      std::string joined;
      for (auto& n : names) joined += (joined.empty() ? "" : ", ") + n;
      return notation(joined.empty() ? "Handshake" : joined);
    }
    case ContentType::change_cipher_spec:
      node.add("type", content.size() == 1 && content[0] == 1 ? "change_cipher_spec (1)" : hex_value(content), base,
               content.size());
      return notation("ChangeCipherSpec");
    case ContentType::alert:
      if (content.size() == 2) {
        {
          const char* level = AlertLevel(content[0]) == AlertLevel::fatal     ? "present.level_fatal"
                              : AlertLevel(content[0]) == AlertLevel::warning ? "present.level_warning"
                                                                              : nullptr;
          if (level) node.add("level", msg("field.alert_level").arg("level", msg(level)).arg("code", fmt_dec(content[0])), base, 1);
          else node.add("level", name_of(AlertLevel(content[0])) + " (" + fmt_dec(content[0]) + ")", base, 1);
        }
        node.add("description", name_of(AlertDescription(content[1])) + " (" + fmt_dec(content[1]) + ")", base + 1, 1);
        return msg("field.alert_name")
            .arg("level", msg(AlertLevel(content[0]) == AlertLevel::fatal ? "present.level_fatal" : "present.level_warning"))
            .arg("description", name_of(AlertDescription(content[1])));
      }
      node.add("malformed alert", hex_value(content), base, content.size());
      return msg("field.alert_malformed");
    case ContentType::application_data:
      node.add("application_data", printable_preview(content), base, content.size());
      return msg("present.application_data");
  }
  node.add("unknown content", hex_value(content), base, content.size());
  return msg("field.unknown_record");
}

Field dissect_record(ByteView record, const InnerLayout* inner, const CipherState* cs,
                     const ParseContext& ctx, std::string* out_name) {
  Field root{"TLS record", "", 0, uint32_t(record.size()), ByteSpace::wire, {}};
  ByteReader r(record, 0);
  Dissector d(r, &root);
  uint8_t type;
  uint16_t version, length;
  if (!d.u8("content_type", &type, content_type_fmt) ||
      !d.u16("legacy_record_version", &version, [](uint64_t v) { return version_name(uint16_t(v)) + " (" + fmt_hex(v, 4) + ")"; }) ||
      !d.u16("length", &length)) {
    root.add("malformed", msg("field.truncated_header"), 0, record.size());
    if (out_name) *out_name = msg("field.truncated_record").english();
    return root;
  }
  ByteView frag = record.subspan(5);
  Message name;
  if (cs) {
    Field& enc = root.add("encrypted_fragment", msg("field.bytes").arg("n", fmt_dec(frag.size())), 5, frag.size());
    Field plain{"decrypted", "", 0, uint32_t(inner ? inner->buffer.size() : 0), ByteSpace::plaintext, {}};
    if (inner) {
      Field& content = plain.add(cs->compressed() ? "decompressed content" : "content",
                                 msg("field.bytes").arg("n", fmt_dec(inner->content_len)), inner->content_offset, inner->content_len);
      ContentType real = inner->inner_type ? *inner->inner_type : ContentType(type);
      name = dissect_content(real, ByteView(inner->buffer).subspan(inner->content_offset, inner->content_len),
                             inner->content_offset, ctx, content);
    } else {
      name = msg("field.undecryptable");
    }
    dissect_protected(*cs, frag, 5, inner, enc, plain);
    if (inner) {
      // Keep the fields in buffer order: content first, then MAC and padding, then (if
      // compressed) the decompressed content.
      std::stable_sort(plain.children.begin(), plain.children.end(),
                       [](const Field& a, const Field& b) { return a.offset < b.offset; });
      root.children.push_back(std::move(plain));
    }
  } else {
    Field& content = root.add("fragment", msg("field.bytes").arg("n", fmt_dec(frag.size())), 5, frag.size());
    name = dissect_content(ContentType(type), frag, 5, ctx, content);
  }
  if (inner && inner->inner_type)
    root.set(msg("field.record_inner").arg("outer", name_of(ContentType(type))).arg("inner", name_of(*inner->inner_type)).arg("name", name));
  else
    root.set(msg("field.record").arg("type", name_of(ContentType(type))).arg("name", name));
  if (out_name) *out_name = name.english();
  return root;
}

// Walks the handshake stream: `carried` (a message begun in earlier records) then `content`.
// Returns the carried message once this content completes it, and leaves in *tail the bytes of
// a message the content ends inside of.
static Bytes walk_handshake(ByteView carried, ByteView content, Bytes* tail) {
  Bytes buf = concat({carried, content}), completed;
  size_t pos = 0;
  while (buf.size() - pos >= 4) {
    size_t len = 4 + size_t(load_be(ByteView(buf).subspan(pos + 1, 3)));
    if (buf.size() - pos < len) break;
    if (pos == 0 && !carried.empty()) completed.assign(buf.begin(), buf.begin() + len);
    pos += len;
  }
  tail->assign(buf.begin() + pos, buf.end());
  return completed;
}

Event Connection::make_event(ByteView record, const InnerLayout* inner, const CipherState* cs,
                             ContentType type, Actor from, Actor to, HsCarry* carry) {
  Event ev;
  ev.from = from;
  ev.to = to;
  ev.layer = inner && inner->inner_type ? *inner->inner_type : type;
  // A received record nobody will look at through this side's eyes: only the reassembly below
  // (which later records' dissection depends on) is kept up to date. The bytes of a record
  // sent always go out with its event: they are what the transport carries.
  bool dissect = recording_ && (from == self_ || dissect_received_);
  if (dissect || from == self_) ev.bytes.assign(record.begin(), record.end());
  if (dissect && cs && inner) ev.plaintext = inner->buffer;
  ParseContext ctx = parse_context();
  bool hs = ev.layer == ContentType::handshake && (!cs || inner) && carry;
  Bytes carried = hs ? carry->partial : Bytes{};
  ctx.carried = carried;
  if (dissect) ev.tree = dissect_record(record, inner, cs, ctx, &ev.name);
  if (hs) {
    ByteView content = cs ? ByteView(inner->buffer).subspan(inner->content_offset, inner->content_len) : record.subspan(5);
    Bytes tail;
    Bytes completed = walk_handshake(carried, content, &tail);
    if (!completed.empty() && dissect) {
      // The message is whole again: shown on this record, dissected in its own byte space.
      ev.reassembled = completed;
      Field node{"reassembled", "", 0, uint32_t(completed.size()), ByteSpace::reassembled, {}};
      dissect_handshake_messages(completed, 0, parse_context(), node);
      node.set(msg("field.reassembled").arg("name", name_of(HandshakeType(completed[0])))
                   .arg("n", fmt_dec(completed.size())).arg("records", fmt_dec(carry->records + 1)));
      ev.tree.children.push_back(std::move(node));
    }
    bool same = !carried.empty() && completed.empty();  // still inside the carried message
    carry->records = tail.empty() ? 0 : same ? carry->records + 1 : 1;
    carry->partial = std::move(tail);
  }
  return ev;
}

// ---- sending -------------------------------------------------------------------------

void Connection::write_record(ContentType type, ByteView content, const std::string& name) {
  flush_flight();
  emit_record(type, content, name);
}

void Connection::flush_flight() {
  if (flight_.empty()) return;
  Bytes f = std::exchange(flight_, {});
  size_t first = sent_.size();
  emit_record(ContentType::handshake, f, "");
  for (size_t i = first; i < sent_.size(); ++i) sent_[i].states.sender = StateChange{flight_from_, hs_state()};
  flushed_from_ = first;
  flushed_to_ = sent_.size();
}

void Connection::emit_record(ContentType type, ByteView content, const std::string& name) {
  // Nothing follows our close_notify (RFC 5246 7.2.1) but a fatal alert explaining a failure.
  if (sent_close_ && type != ContentType::alert) return;
  size_t off = 0;
  do {
    ByteView chunk = content.subspan(off, std::min(max_fragment_, content.size() - off));
    off += chunk.size();
    InnerLayout inner;
    Derivation seal;
    // TLS 1.3's compatibility ChangeCipherSpec is never protected (RFC 8446 5).
    bool prot = write_.has_value() && !(write_->tls13() && type == ContentType::change_cipher_spec);
    // Protected, the fragment is the seal's output (read here before `seal` moves to the event).
    ByteView fragment = prot ? ByteView(seal_record(*write_, self_, type, record_version_, chunk, rng_, &seal, &inner)) : chunk;
    // TLS 1.3 hides the real type inside: the record says application_data, TLS 1.2 (5.2).
    bool hide = prot && write_->tls13();
    ByteWriter w;
    w.u8(uint8_t(hide ? ContentType::application_data : type));
    w.u16(hide ? kTls12 : record_version_);
    w.vec(2, fragment);
    Bytes record = w.take();
    Event ev = make_event(record, prot ? &inner : nullptr, prot ? &*write_ : nullptr,
                          hide ? ContentType::application_data : type, self_, peer_, &send_carry_);
    if (!name.empty() && ev.name.empty()) ev.name = name;
    ev.states.sender = StateChange{hs_state(), hs_state()};  // run_sends() sets `after`
    if (prot) ev.protection = write_->protection();
    for (auto& d : pending_derivations_) ev.derivations.push_back(std::move(d));
    pending_derivations_.clear();
    if (prot && recording_) ev.derivations.push_back(std::move(seal));
    if (!processing_) {  // e.g. a renegotiation started on our own initiative
      for (auto& n : pending_notes_) ev.notes.push_back(std::move(n));
      pending_notes_.clear();
    }
    sent_.push_back(std::move(ev));
  } while (off < content.size());
}

void Connection::send_handshake(HandshakeType t, ByteView body) {
  Bytes msg = handshake_message(t, body);
  // TLS 1.3 post-handshake messages (NewSessionTicket, KeyUpdate) are outside the transcript.
  if (!(ctx_.version == kTls13 && complete_ && !handshaking_)) append(ctx_.transcript, msg);
  if (!packing()) return write_record(ContentType::handshake, msg, name_of(t));
  // Packed: it goes out with the rest of the flight, before the next record of another type or
  // once the flight's send states are done.
  if (flight_.empty()) flight_from_ = hs_state();
  append(flight_, msg);
}

void Connection::send_change_cipher_spec() {
  Bytes one{1};
  write_record(ContentType::change_cipher_spec, one, "ChangeCipherSpec");
  write_ = std::move(pending_write_);
  pending_write_.reset();
}

void Connection::send_compat_change_cipher_spec() {
  Bytes one{1};
  write_record(ContentType::change_cipher_spec, one, "ChangeCipherSpec");
  add_note(sent_.back(), msg("note.compat_ccs_sent"));
}

void Connection::install_read(CipherState cs) {
  read_ = std::move(cs);
  read_key_changed_ = true;
}

void Connection::install_write(CipherState cs) { write_ = std::move(cs); }

void Connection::send_alert(AlertLevel level, AlertDescription desc, Message reason) {
  AlertDescription wire = alert_for_version(desc, ctx_.version ? ctx_.version : record_version_);
  Message why = wire == desc ? std::move(reason)
                             : msg("reason.ssl3_alert_instead").arg("reason", std::move(reason)).arg("alert", name_of(desc)).arg("instead", name_of(wire));
  Bytes body{uint8_t(level), uint8_t(wire)};
  write_record(ContentType::alert, body, "Alert");
  sent_.back().alert = AlertInfo{level, wire, why};
  if (desc == AlertDescription::close_notify) sent_close_ = true;
}

void Connection::fail_with(const Failure& f) {
  if (failure_) return;
  send_alert(AlertLevel::fatal, f.alert, f.message());
  failure_ = f;
}

void Connection::send_application_data(ByteView data) {
  if (failed() || sent_close_) return;
  write_record(ContentType::application_data, data, "Application Data");
}

void Connection::close() {
  if (!sent_close_ && !failed()) send_alert(AlertLevel::warning, AlertDescription::close_notify, msg("reason.orderly_close"));
}

// The record layer's inputs name the key_block part (or export derivation) each key came from.
static void set_key_sources(CipherState* cs, const Derivation& kb, const std::vector<Derivation>& exp) {
  cs->mac_key_from = key_material_from(kb, exp, cs->name + "_MAC_key");
  cs->key_from = key_material_from(kb, exp, cs->name + "_key");
  cs->iv_from = key_material_from(kb, exp, cs->name + "_IV");
}

void Connection::derive_and_install(ByteView pms, std::optional<ByteView> ems, bool check) {
  auto record_it = [&](Derivation d) { check ? add_check(std::move(d)) : add_derivation(std::move(d)); };
  Derivation ms = derive_master(self_, ctx_.version, *ctx_.suite, pms, ctx_.client_random, ctx_.server_random, ems);
  ctx_.master_secret = ms.output;
  if (pending_write_) {
    // Only an accepted early ChangeCipherSpec fills the pending states before this point
    // (install_early_ccs_keys). OpenSSL before 1.0.1h computed the key block once and kept it
    // (tls1_setup_key_block returns early when one exists): both directions keep the keys an
    // attacker can compute, and only Finished uses this real master_secret (CVE-2014-0224).
    keylog_.push_back("CLIENT_RANDOM " + to_hex(ctx_.client_random) + " " + to_hex(ctx_.master_secret) + "\n");
    note(msg("note.lenient_early_ccs_key_block_kept"));
    record_it(std::move(ms));
    return;
  }
  record_it(std::move(ms));
  install_key_block(check);
}

void Connection::agree_max_fragment_length(uint8_t code) {
  read_limit_ = max_fragment_bytes(code);
  max_fragment_ = std::min(max_fragment_, read_limit_);
  note(msg("note.mfl_agreed").arg("n", std::to_string(read_limit_)));
}

Session12 Connection::current_session() const {
  Session12 s;
  s.master_secret = ctx_.master_secret;
  s.version = ctx_.version;
  s.cipher_suite = ctx_.suite->id;
  s.compression = ctx_.compression;
  s.extended_master_secret = ctx_.neg.extended_master_secret;
  return s;
}

void Connection::install_key_block(bool check) {
  auto record_it = [&](Derivation d) { check ? add_check(std::move(d)) : add_derivation(std::move(d)); };
  Derivation kb = derive_keys(self_, ctx_.version, *ctx_.suite, ctx_.master_secret, ctx_.client_random, ctx_.server_random);
  auto exp = derive_export_keys(self_, ctx_.version, *ctx_.suite, kb, ctx_.client_random, ctx_.server_random);
  KeyBlock k = key_material(ctx_.version, *ctx_.suite, kb, exp);
  bool deflate = ctx_.compression == 1;
  bool client = self_ == Actor::client;
  pending_write_ = CipherState::make(ctx_.suite, ctx_.version, client ? "client_write" : "server_write",
                                     client ? k.client_write_mac_key : k.server_write_mac_key,
                                     client ? k.client_write_key : k.server_write_key,
                                     client ? k.client_write_iv : k.server_write_iv, deflate, true);
  pending_read_ = CipherState::make(ctx_.suite, ctx_.version, client ? "server_write" : "client_write",
                                    client ? k.server_write_mac_key : k.client_write_mac_key,
                                    client ? k.server_write_key : k.client_write_key,
                                    client ? k.server_write_iv : k.client_write_iv, deflate, false);
  pending_write_->epoch = pending_read_->epoch = ctx_.neg.handshakes + 1;
  set_key_sources(&*pending_write_, kb, exp);
  set_key_sources(&*pending_read_, kb, exp);
  keylog_.push_back("CLIENT_RANDOM " + to_hex(ctx_.client_random) + " " + to_hex(ctx_.master_secret) + "\n");
  record_it(std::move(kb));
  for (auto& d : exp) record_it(std::move(d));
}

void Connection::begin_handshake(ByteView first_message) {
  flags_ = 0;  // a new handshake: its shape is negotiated again
  ctx_.reset_for_new_handshake(first_message);
  handshaking_ = true;
}

void Connection::activate_pending_read() {
  read_ = std::move(pending_read_);
  pending_read_.reset();
}

void Connection::install_early_ccs_keys() {
  // CVE-2014-0224: the keys come from master_secret as it is at this moment (empty before
  // ClientKeyExchange), derived for real so the trace shows what an attacker can compute.
  Derivation kb = derive_keys(self_, ctx_.version, *ctx_.suite, ctx_.master_secret, ctx_.client_random, ctx_.server_random);
  auto exp = derive_export_keys(self_, ctx_.version, *ctx_.suite, kb, ctx_.client_random, ctx_.server_random);
  KeyBlock k = key_material(ctx_.version, *ctx_.suite, kb, exp);
  bool client = self_ == Actor::client;
  auto state = [&](bool client_write, bool for_writing) {
    CipherState cs = CipherState::make(ctx_.suite, ctx_.version, client_write ? "client_write" : "server_write",
                                       client_write ? k.client_write_mac_key : k.server_write_mac_key,
                                       client_write ? k.client_write_key : k.server_write_key,
                                       client_write ? k.client_write_iv : k.server_write_iv, ctx_.compression == 1,
                                       for_writing);
    cs.epoch = ctx_.neg.handshakes + 1;
    set_key_sources(&cs, kb, exp);  // ids get "/early_ccs" below, as the derivations do
    for (Source* s : {&cs.mac_key_from, &cs.key_from, &cs.iv_from}) s->id += "/early_ccs";
    return cs;
  };
  read_ = state(!client, false);
  // OpenSSL kept this key block for the rest of the handshake: the real ChangeCipherSpecs
  // (ours and the peer's) switch to states made from it, fresh (sequence numbers from 0).
  // Once the real key block exists (a server past ClientKeyExchange) it is the same one.
  if (!pending_write_) {
    pending_read_ = state(!client, false);
    pending_write_ = state(client, true);
  }
  note(msg("note.lenient_early_ccs").arg("state", std::string(name_of(hs_state()))).arg("peer", std::string(name_of(peer_)))
           .arg("size", ctx_.master_secret.empty() ? msg("note.empty") : msg("note.n_bytes").arg("n", std::to_string(ctx_.master_secret.size()))));
  // Before ClientKeyExchange there is no master_secret derivation: the keys come from nothing.
  if (ctx_.master_secret.empty()) kb.inputs[0].from = Source::local("master_secret before ClientKeyExchange: empty");
  std::string kb_id = kb.id;
  kb.id += "/early_ccs";
  add_check(std::move(kb));
  for (auto& d : exp) {
    for (auto& in : d.inputs)
      if (in.from.kind == Source::Kind::derivation && in.from.id == kb_id) in.from.id += "/early_ccs";
    d.id += "/early_ccs";
    add_check(std::move(d));
  }
}

// ---- the state tables -------------------------------------------------------------------

void Connection::enter(Machine m, HsState s) {
  auto rows = shape_rows(m);
  for (size_t i = 0; i < rows.size(); ++i)
    if (rows[i].state == s && rows[i].kind != RowKind::post) {
      machine_ = m;
      row_ = i;
      return;
    }
}

void Connection::advance() {
  auto rows = shape_rows(machine_);
  size_t i = row_ + 1;
  while (i < rows.size() && (rows[i].kind == RowKind::post || !row_enabled(rows[i], flags_))) ++i;
  if (i < rows.size()) row_ = i;
}

Failure Connection::unexpected(const std::string& what) const {
  Message m = msg("reason.not_expected_in_state").arg("message", what).arg("state", std::string(name_of(hs_state())));
  // What the row waits for: a message name (never translated), or a sentence.
  switch (row().kind) {
    case RowKind::send: m.arg("expected", msg("reason.expected_nothing_sending")); break;
    case RowKind::connected: m.arg("expected", msg("reason.expected_no_handshake_message")); break;
    default: m.arg("expected", expected_text(row()));
  }
  return fail(AlertDescription::unexpected_message,
              m);
}

Status Connection::run_sends() {
  while (!failed() && row().kind == RowKind::send) {
    size_t first = sent_.size();
    flushed_from_ = flushed_to_ = 0;
    SIM_TRY(on_send(row().state));
    if (failed()) break;
    advance();
    // A flight flushed here (by the ChangeCipherSpec that follows it) ended before this state.
    for (size_t i = first; i < sent_.size(); ++i)
      if (sent_[i].states.sender && !(i >= flushed_from_ && i < flushed_to_)) sent_[i].states.sender->after = hs_state();
  }
  flush_flight();  // the flight is over: this side now waits
  return Ok{};
}

Status Connection::handle_handshake(HandshakeType t, ByteView body) {
  for (;;) {
    // Parsed to act on it, not to show it (the record's event has its dissection): no tree.
    Dissector d(ByteReader(body), nullptr);
    const ShapeRow r = row();  // a copy: handlers may change machine
    if (r.kind == RowKind::connected) {
      bool listed = false;
      for (auto& p : shape_rows(machine_)) listed |= p.kind == RowKind::post && p.type == t;
      if (!listed) return unexpected(name_of(t));
      auto at = std::pair{machine_, row_};
      SIM_TRY(on_read(HsState::Connected, t, d));
      if (std::pair{machine_, row_} == at) return Ok{};
      if (row().kind != RowKind::send) continue;  // a new handshake reads this message (renegotiation)
      read_after_ = hs_state();
      return run_sends();
    }
    if (r.kind == RowKind::read && r.type == t) {
      SIM_TRY(on_read(r.state, t, d));
      advance();
      read_after_ = hs_state();
      return run_sends();
    }
    if (r.kind == RowKind::read_ccs && t == HandshakeType::finished && lenient_.accept_finished_without_ccs) {
      note(msg("note.lenient_finished_without_ccs").arg("state", std::string(name_of(r.state))).arg("side", actor_message(peer_)));
      advance();
      if (!read_after_) read_before_ = hs_state();
      continue;
    }
    if (r.optional && (r.kind == RowKind::read || r.kind == RowKind::read_ccs)) {
      SIM_TRY(on_skip(r.state));
      clear_flags(r.need);
      advance();
      if (!read_after_) read_before_ = hs_state();  // the message is read here, not in the skipped state
      continue;
    }
    return unexpected(name_of(t));
  }
}

Status Connection::handle_change_cipher_spec() {
  const ShapeRow& r = row();
  if (r.kind == RowKind::read_ccs) {
    activate_pending_read();
    note(msg("note.keys_now_protect").arg("keys", std::string(name_of(peer_)) + "_write").arg("side", actor_message(peer_)));
    advance();
    read_after_ = hs_state();
    return run_sends();
  }
  if (lenient_.accept_early_ccs && (machine_ == Machine::client12 || machine_ == Machine::server12) && ctx_.suite &&
      r.kind == RowKind::read) {
    // Only before the table's ChangeCipherSpec row: a second one stays refused.
    auto rows = shape_rows(machine_);
    bool before_ccs = false;
    for (size_t i = row_ + 1; i < rows.size(); ++i) before_ccs |= rows[i].kind == RowKind::read_ccs;
    if (before_ccs) {
      install_early_ccs_keys();
      return Ok{};
    }
  }
  return unexpected("ChangeCipherSpec");
}

void Connection::set_complete() {
  complete_ = true;
  handshaking_ = false;
  ++ctx_.neg.handshakes;
}

CipherState Connection::next_application_keys13(Actor direction, std::vector<Derivation>* ds) {
  tls13::Secrets& sec = ctx_.secrets;
  bool client_dir = direction == Actor::client;
  Derivation next = tls13::next_application_secret(self_, client_dir, &sec);
  ds->push_back(next);
  return tls13::traffic_state(self_, *ctx_.suite, next.name, client_dir ? sec.client_ap : sec.server_ap,
                              tls13::application_keys(direction, client_dir ? sec.client_generation : sec.server_generation), ds);
}

Status Connection::read_key_update13(Dissector& d, size_t padding) {
  auto ku = parse_key_update(d);
  if (!ku) return ku.error();
  std::vector<Derivation> ds;
  CipherState read = next_application_keys13(peer_, &ds);
  for (auto& x : ds) add_check(std::move(x));
  note(msg("note.key_update_received").arg("side", actor_message(peer_)).arg("keys", read.name));
  install_read(std::move(read));
  if (ku->request_update == 1) {
    note(msg("note.key_update_requested").arg("side", actor_message(peer_)));
    send_key_update13(false, padding);
  }
  return Ok{};
}

void Connection::send_key_update13(bool request, size_t padding) {
  // The next secret is derived before the KeyUpdate leaves (the KeyUpdate itself still goes
  // under the old keys), so its derivations and note sit on the KeyUpdate record.
  std::vector<Derivation> ds;
  CipherState write = next_application_keys13(self_, &ds);
  write.tls13_padding = padding;
  for (auto& x : ds) add_derivation(std::move(x));
  note(msg(request ? "note.key_update_sent_requested" : "note.key_update_sent").arg("side", actor_message(self_)).arg("keys", write.name));
  send_handshake(HandshakeType::key_update, encode(KeyUpdate{uint8_t(request ? 1 : 0)}));
  install_write(std::move(write));
}

Message Connection::failure_message() const {
  if (!failure_) return {};
  return msg("outcome.side_failed").arg("side", actor_message(self_)).arg("alert", name_of(failure_->alert)).arg("reason", failure_->message());
}

std::string Connection::keylog_line() const {
  std::string out;
  for (auto& l : keylog_) out += l;
  return out;
}

// ---- receiving -----------------------------------------------------------------------

void Connection::transport_closed() {
  if (received_close_ || failed() || peer_failed_) return;
  // The side that closed first need not wait for the answer (RFC 5246 7.2.1): nothing is lost.
  if (sent_close_) {
    transport_done_ = true;
    return;
  }
  if (lenient_.accept_truncation && complete_) {
    // No close_notify to tell an attacker's cut from the end of the data (RFC 5246 7.2.1).
    transport_done_ = true;
    return;
  }
  if (!in_buf_.empty()) {
    // Bytes that never made a whole record: a peer that does not speak TLS, or a cut inside a
    // record. Saying so beats blaming a missing close_notify. A short excerpt, as hex and text.
    ByteView head = ByteView(in_buf_).first(std::min<size_t>(in_buf_.size(), 16));
    std::string text;
    for (uint8_t b : head) text += b >= 0x20 && b < 0x7f ? char(b) : '.';
    failure_ = Failure{AlertDescription::decode_error, msg("reason.transport_closed_mid_record")
                                                           .arg("n", std::to_string(in_buf_.size()))
                                                           .arg("hex", to_hex(head) + (in_buf_.size() > head.size() ? "..." : ""))
                                                           .arg("text", text)};
    return;
  }
  failure_ = Failure{AlertDescription::close_notify, msg("reason.transport_closed_early")};
}

void Connection::receive(ByteView bytes) {
  // Once this side has failed or the peer has, nothing more is read: kept, the bytes of a peer
  // that goes on sending would pile up here.
  if (failed() || peer_failed_) return;
  append(in_buf_, bytes);
  size_t pos = 0;
  while (!failed() && !peer_failed_ && in_buf_.size() - pos >= 5) {
    ByteReader r(ByteView(in_buf_).subspan(pos), 0);
    uint8_t type;
    uint16_t version, length;
    r.u8(&type);
    r.u16(&version);
    r.u16(&length);
    bool incomplete = in_buf_.size() - pos < 5u + length;
    if (incomplete || length > kMaxCiphertext) {
      // A header no record can have is refused now, not once its body arrives: plain HTTP, an
      // SSLv2 hello or garbage would otherwise be answered only when the peer gives up. Its
      // version and type are judged before its length, so that an HTTP answer ("HTTP/1.1 400",
      // a "length" of 20527) is named for what it is. (A complete record keeps the usual path,
      // which shows it in the trace.)
      if ((version >> 8) != 3) {
        fail_with(fail(AlertDescription::protocol_version, msg("reason.record_version_unknown").arg("version", fmt_hex(version, 4))));
      } else if (type < uint8_t(ContentType::change_cipher_spec) || type > uint8_t(ContentType::application_data)) {
        fail_with(fail(AlertDescription::unexpected_message, msg("reason.unknown_content_type").arg("type", fmt_dec(type))));
      } else if (length > kMaxCiphertext) {
        fail_with(fail(AlertDescription::record_overflow, msg("reason.record_too_long").arg("length", std::to_string(length))));
      }
      break;
    }
    ByteView record = ByteView(in_buf_).subspan(pos, 5 + length);
    pos += 5 + length;
    process_record(ContentType(type), version, record);
  }
  in_buf_.erase(in_buf_.begin(), in_buf_.begin() + std::min(pos, in_buf_.size()));
}

void Connection::process_record(ContentType type, uint16_t version, ByteView record) {
  ByteView frag = record.subspan(5);
  HsState state_before = hs_state();
  read_after_.reset();
  read_before_.reset();
  InnerLayout inner;
  Derivation open_d;
  Result<Bytes> content = Bytes(frag.begin(), frag.end());
  // TLS 1.3: a compatibility ChangeCipherSpec arrives unprotected even once keys are in use.
  bool prot = read_.has_value() && !(read_->tls13() && type == ContentType::change_cipher_spec);
  if (prot) content = open_record(*read_, self_, type, version, frag, &open_d, &inner, RecordLeniency{lenient_.skip_cbc_padding_check});
  if (skip_early_data_bytes_ > 0 && type == ContentType::application_data && (!prot || !content.ok())) {
    // RFC 8446 4.2.10: a server that rejected 0-RTT skips what it cannot decrypt.
    Event ev = make_event(record, nullptr, nullptr, type, peer_, self_, nullptr);
    ev.name = "0-RTT application data (skipped)";
    ev.protection = Protection::early_not_accepted();
    add_note(ev, msg("note.early_data_skipped"));
    skip_early_data_bytes_ = frag.size() >= skip_early_data_bytes_ ? 0 : skip_early_data_bytes_ - frag.size();
    if (prot) --read_->seq;  // the skipped record did not use the handshake key's sequence number
    ev.states.receiver = StateChange{state_before, state_before};
    received_.push_back(std::move(ev));
    return;
  }
  ContentType real_type = prot && content.ok() && inner.inner_type ? *inner.inner_type : type;
  Event ev = make_event(record, prot && content.ok() ? &inner : nullptr, prot ? &*read_ : nullptr, type, peer_, self_,
                        open_only_ ? nullptr : &recv_carry_);
  if (prot) ev.protection = read_->protection();
  if (prot && recording_) ev.derivations.push_back(std::move(open_d));
  if (open_only_ && content.ok()) {  // set_open_only(): kept for the owner, not processed
    opened_.push_back({real_type, std::move(*content)});
    add_note(ev, msg("note.record_opened_only"));
    ev.states.receiver = StateChange{state_before, state_before};
    received_.push_back(std::move(ev));
    return;
  }
  Status st = Ok{};
  processing_ = true;
  records_in_ += 1;
  bytes_in_ += record.size();
  // TLS 1.3's dummy ChangeCipherSpec carries nothing either (OpenSSL counts it as empty).
  bool empty = content.ok() && (content->empty() || (!prot && read_ && read_->tls13() && type == ContentType::change_cipher_spec));
  empty_in_row_ = empty ? empty_in_row_ + 1 : 0;
  if (real_type != ContentType::alert) warnings_in_row_ = 0;
  if (records_in_ > kMaxRecordsReceived || bytes_in_ > kMaxBytesReceived) {
    // A local limit, not the peer's error in protocol terms: internal_error is the alert for
    // "unrelated to the peer or the correctness of the protocol" (RFC 5246 7.2.2, RFC 8446 6.2).
    st = fail(AlertDescription::internal_error, msg("reason.too_much_received")
                                                     .arg("records", std::to_string(records_in_)).arg("bytes", std::to_string(bytes_in_))
                                                     .arg("max_records", std::to_string(kMaxRecordsReceived))
                                                     .arg("max_bytes", std::to_string(kMaxBytesReceived)));
  } else if (empty_in_row_ > kMaxEmptyRecordsInRow) {
    // OpenSSL's answer to the 33rd empty record in a row (ssl3_get_record: SSL_R_RECORD_TOO_SMALL).
    st = fail(AlertDescription::unexpected_message, msg("reason.too_many_empty_records").arg("n", std::to_string(empty_in_row_)));
  } else if ((version >> 8) != 3) {
    st = fail(AlertDescription::protocol_version, msg("reason.record_version_unknown").arg("version", fmt_hex(version, 4)));
  } else if (!content.ok()) {
    st = content.error();
  } else if (content->size() > read_limit_) {
    st = read_limit_ == kMaxPlaintext
             ? fail(AlertDescription::record_overflow, msg("reason.decrypted_fragment_too_long"))
             : fail(AlertDescription::record_overflow, msg("reason.fragment_over_max_fragment_length")
                                                           .arg("length", std::to_string(content->size())).arg("limit", std::to_string(read_limit_)));
  } else if (prot && read_->tls13() && real_type == ContentType::change_cipher_spec) {
    st = fail(AlertDescription::unexpected_message, msg("reason.encrypted_ccs13"));
  } else if (!prot && read_ && read_->tls13()) {
    // Only the dummy ChangeCipherSpec may arrive unprotected, and only during the handshake.
    if (type == ContentType::change_cipher_spec && handshaking_ && content->size() == 1 && (*content)[0] == 1) {
      add_note(ev, msg("note.compat_ccs_ignored"));
    } else if (type == ContentType::alert && handshaking_) {
      // A peer that failed before it had our keys can only send its alert in the clear.
      st = dispatch(type, *content, ev);
    } else {
      st = fail(AlertDescription::unexpected_message, msg("reason.unprotected_record13").arg("type", name_of(type)));
    }
  } else {
    st = dispatch(real_type, *content, ev);
  }
  if (!st.ok()) {
    add_note(ev, msg("note.rejected").arg("reason", st.error().message()).arg("alert", name_of(st.error().alert)));
    fail_with(st.error());
  }
  for (auto* list : {&pending_checks_, &pending_derivations_}) {
    for (auto& d : *list) ev.derivations.push_back(std::move(d));
    list->clear();
  }
  for (auto& n : pending_notes_) ev.notes.push_back(std::move(n));
  pending_notes_.clear();
  ev.states.receiver = StateChange{read_before_.value_or(state_before), read_after_.value_or(hs_state())};
  received_.push_back(std::move(ev));
  processing_ = false;
  if (!failed()) after_record();
}

Status Connection::dispatch(ContentType type, ByteView content, Event& ev) {
  if (type != ContentType::handshake && !hs_buf_.empty())
    return fail(AlertDescription::unexpected_message, msg("reason.fragment_interrupted").arg("type", name_of(type)));
  switch (type) {
    case ContentType::handshake: {
      if (content.empty()) return fail(AlertDescription::unexpected_message, msg("reason.empty_handshake_record"));
      // After our close_notify a renegotiation is pointless; a TLS 1.3 KeyUpdate must still be
      // read, or the peer's next records would not open.
      if (sent_close_ && ctx_.version != kTls13) {
        note(msg("note.handshake_after_close"));
        return Ok{};
      }
      append(hs_buf_, content);
      while (hs_buf_.size() >= 4 && !failed()) {
        uint32_t len = uint32_t(load_be(ByteView(hs_buf_).subspan(1, 3)));
        if (len > kMaxHandshakeMessage) return fail(AlertDescription::decode_error, msg("reason.handshake_too_large").arg("length", std::to_string(len)));
        if (hs_buf_.size() < 4 + len) break;
        Bytes msg(hs_buf_.begin(), hs_buf_.begin() + 4 + len);
        hs_buf_.erase(hs_buf_.begin(), hs_buf_.begin() + 4 + len);
        HandshakeType t = HandshakeType(msg[0]);
        ctx_.transcript_before = ctx_.transcript.size();
        // Post-handshake TLS 1.3 messages are not part of the handshake transcript.
        bool post = ctx_.version == kTls13 && complete_ && !handshaking_;
        if (t != HandshakeType::hello_request && !post) append(ctx_.transcript, msg);
        read_key_changed_ = false;
        SIM_TRY(on_handshake(t, ByteView(msg).subspan(4)));
        // RFC 8446 5.1: a key change must fall on a record boundary.
        if (read_key_changed_ && !hs_buf_.empty())
          return fail(AlertDescription::unexpected_message, sim::msg("reason.data_after_key_change"));
      }
      return Ok{};
    }
    case ContentType::change_cipher_spec:
      if (content.size() != 1 || content[0] != 1) return decode_error(msg("reason.ccs_not_one_byte"));
      return on_change_cipher_spec();
    case ContentType::alert: {
      if (content.size() != 2) return decode_error(msg("reason.alert_not_two_bytes"));
      AlertLevel level = AlertLevel(content[0]);
      AlertDescription desc = AlertDescription(content[1]);
      ev.alert = AlertInfo{level, desc, msg("reason.received_from").arg("side", actor_message(peer_))};
      if (desc == AlertDescription::close_notify) {
        received_close_ = true;
        on_close_notify();
      } else if (level == AlertLevel::fatal) {
        peer_failed_ = true;
        failure_ = fail(desc, msg("reason.peer_sent_fatal").arg("side", actor_message(peer_)).arg("alert", name_of(desc)));
      } else if (level != AlertLevel::warning) {
        return fail(AlertDescription::illegal_parameter, msg("reason.alert_level_invalid"));
      } else {
        // OpenSSL ends the connection on the 5th warning alert in a row with unexpected_message
        // (ssl3_read_bytes: SSL_R_TOO_MANY_WARN_ALERTS): nothing legitimate sends so many.
        if (++warnings_in_row_ >= kMaxWarningAlertsInRow)
          return fail(AlertDescription::unexpected_message, msg("reason.too_many_warning_alerts").arg("n", std::to_string(warnings_in_row_)));
        return on_warning_alert(desc);
      }
      return Ok{};
    }
    case ContentType::application_data:
      // Allowed once a handshake completed, also while a renegotiation is running, and as
      // TLS 1.3 early data once the server accepted it.
      if (!complete_ && !early_data_readable_) return fail(AlertDescription::unexpected_message, msg("reason.app_data_before_handshake"));
      keep_application_data(content);
      on_application_data();
      return Ok{};
  }
  return fail(AlertDescription::unexpected_message, msg("reason.unknown_content_type").arg("type", fmt_dec(uint8_t(type))));
}

void Connection::keep_application_data(ByteView content) {
  app_total_ += content.size();
  size_t room = kMaxAppDataKept - std::min(app_in_.size(), kMaxAppDataKept);
  if (content.size() <= room) return append(app_in_, content);
  bool first_cut = app_total_ - content.size() == app_in_.size();  // nothing was dropped before
  append(app_in_, content.subspan(0, room));
  if (first_cut) note(msg("note.app_data_prefix_kept").arg("n", std::to_string(kMaxAppDataKept)).arg("total", std::to_string(app_total_)));
}

Status Connection::count_renegotiation() {
  if (++renegotiations_ <= kMaxRenegotiations) return Ok{};
  // no_renegotiation is always a warning (RFC 5246 7.2.2); like Go's crypto/tls past its one
  // renegotiation, this side sends it and then treats the connection as failed, so no fatal
  // alert follows it.
  Failure f = fail(AlertDescription::no_renegotiation, msg("reason.too_many_renegotiations").arg("n", std::to_string(kMaxRenegotiations)));
  send_alert(AlertLevel::warning, AlertDescription::no_renegotiation, f.message());
  failure_ = f;
  return f;
}

std::vector<Event> Connection::take_sent() {
  flush_flight();
  return std::exchange(sent_, {});
}
std::vector<Event> Connection::take_received() { return std::exchange(received_, {}); }

}  // namespace sim
