#include "model/compare.hpp"

#include <algorithm>
#include <cstdint>

namespace gui {

std::string match_key(const sim::Event& e) {
  return std::string(sim::name_of(e.from)) + ">" + std::string(sim::name_of(e.to)) + ":" + e.name;
}

namespace {

// The longest common subsequence of two key lists, as pairs of matched indices (increasing).
// Quadratic in the differing middle only: the common prefix and suffix are matched first.
// Beyond kMaxCells the middle is aligned index by index (rows still align, matches are fewer).
std::vector<std::pair<size_t, size_t>> matches(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  constexpr size_t kMaxCells = size_t(16) << 20;
  std::vector<std::pair<size_t, size_t>> out;
  size_t pre = 0;
  while (pre < a.size() && pre < b.size() && a[pre] == b[pre]) out.emplace_back(pre, pre), ++pre;
  size_t suf = 0;
  while (suf < a.size() - pre && suf < b.size() - pre && a[a.size() - 1 - suf] == b[b.size() - 1 - suf]) ++suf;
  size_t n = a.size() - pre - suf, m = b.size() - pre - suf;
  if (n > 0 && m > 0) {
    if (n * m <= kMaxCells) {
      // lcs[i][j]: LCS length of a[pre+i..] and b[pre+j..].
      std::vector<uint32_t> lcs((n + 1) * (m + 1), 0);
      auto at = [&](size_t i, size_t j) -> uint32_t& { return lcs[i * (m + 1) + j]; };
      for (size_t i = n; i-- > 0;)
        for (size_t j = m; j-- > 0;)
          at(i, j) = a[pre + i] == b[pre + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
      size_t i = 0, j = 0;
      while (i < n && j < m) {
        if (a[pre + i] == b[pre + j]) out.emplace_back(pre + i, pre + j), ++i, ++j;
        else if (at(i + 1, j) >= at(i, j + 1)) ++i;
        else ++j;
      }
    } else {
      for (size_t k = 0; k < std::min(n, m); ++k)
        if (a[pre + k] == b[pre + k]) out.emplace_back(pre + k, pre + k);
    }
  }
  for (size_t k = suf; k-- > 0;) out.emplace_back(a.size() - 1 - k, b.size() - 1 - k);
  return out;
}

}  // namespace

Comparison compare_traces(const sim::Trace& a, const sim::Trace& b) {
  std::vector<std::string> ka, kb;
  ka.reserve(a.events.size());
  kb.reserve(b.events.size());
  for (auto& e : a.events) ka.push_back(match_key(e));
  for (auto& e : b.events) kb.push_back(match_key(e));
  auto m = matches(ka, kb);
  m.emplace_back(ka.size(), kb.size());  // sentinel: flush the tail
  Comparison c;
  size_t i = 0, j = 0;
  for (auto [mi, mj] : m) {
    // The records between two matches: paired in order, then the leftovers alone.
    while (i < mi || j < mj) {
      CompareRow r;
      if (i < mi) r.left = i++;
      if (j < mj) r.right = j++;
      r.differs = true;
      c.rows.push_back(r);
    }
    if (mi < ka.size() && mj < kb.size()) {
      CompareRow r;
      r.left = mi;
      r.right = mj;
      r.protection_differs = a.events[mi].protection != b.events[mj].protection;
      c.rows.push_back(r);
      i = mi + 1;
      j = mj + 1;
    }
  }
  for (size_t k = 0; k < c.rows.size(); ++k) {
    if (c.rows[k].differs) {
      ++c.differing;
      if (!c.first_difference) c.first_difference = k;
    } else if (c.rows[k].protection_differs) {
      ++c.protection_differing;
    }
  }
  return c;
}

std::vector<Variant> one_change_variants(const sim::ScenarioOptions& o) {
  std::vector<Variant> out;
  auto add = [&](const char* key, std::string arg, auto change) {
    Variant v{key, std::move(arg), o};
    change(v.options);
    v.options.name.clear();
    v.options.description.clear();
    v.options.description_fr.clear();
    out.push_back(std::move(v));
  };
  // Every version some suite can be negotiated in, except a run where both sides already
  // agree on exactly that one.
  uint16_t lo = 0xffff, hi = 0;
  for (auto& su : sim::all_suites()) lo = std::min(lo, su.min_version), hi = std::max(hi, su.max_version);
  for (uint16_t v = hi; v >= lo && hi >= lo; --v) {
    bool same = o.client_min_version == v && o.client_max_version == v && o.server_min_version == v && o.server_max_version == v;
    if (!same)
      add("compare.change_version", sim::version_name(v), [&](sim::ScenarioOptions& x) {
        x.client_min_version = x.client_max_version = x.server_min_version = x.server_max_version = v;
        // Keep the suites that exist in that version; none left: that version's defaults.
        auto keep = [&](std::vector<uint16_t>& suites) {
          std::vector<uint16_t> k;
          for (uint16_t id : suites)
            for (auto& su : sim::all_suites())
              if (su.id == id && su.min_version <= v && su.max_version >= v) k.push_back(id);
          suites = k;
        };
        keep(x.client_suites);
        keep(x.server_suites);
        if (x.client_suites.empty() || x.server_suites.empty()) x.client_suites.clear(), x.server_suites.clear();
      });
    if (v == 0) break;
  }
  add(o.extended_master_secret ? "compare.change_ems_off" : "compare.change_ems_on", "",
      [](sim::ScenarioOptions& x) { x.extended_master_secret = !x.extended_master_secret; });
  add(o.secure_renegotiation ? "compare.change_reneg_info_off" : "compare.change_reneg_info_on", "",
      [](sim::ScenarioOptions& x) { x.secure_renegotiation = !x.secure_renegotiation; });
  add(o.deflate ? "compare.change_deflate_off" : "compare.change_deflate_on", "",
      [](sim::ScenarioOptions& x) { x.deflate = !x.deflate; });
  add(o.client_certificate ? "compare.change_client_cert_off" : "compare.change_client_cert_on", "",
      [](sim::ScenarioOptions& x) { x.client_certificate = !x.client_certificate; });
  using R = sim::ScenarioOptions::Renegotiation;
  add(o.renegotiation == R::none ? "compare.change_renegotiate" : "compare.change_no_renegotiation", "",
      [](sim::ScenarioOptions& x) { x.renegotiation = x.renegotiation == R::none ? R::client : R::none; });
  add("compare.change_seed", std::to_string(o.seed + 1), [](sim::ScenarioOptions& x) { x.seed += 1; });
  return out;
}

}  // namespace gui
