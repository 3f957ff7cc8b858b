// Scenario: the options of the run, one row per option of the engine's table
// (sim/scenario/option_table.hpp), and the scripted attack with its defenses
// (sim/scenario/attacks.hpp). Any change emits set_scenario; App re-runs at once and keeps the
// current step where it still exists.
#include <algorithm>
#include <cstdio>
#include <optional>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "core/enums.hpp"
#include "panels/panel.hpp"
#include "present/present.hpp"
#include "scenario/attacks.hpp"
#include "scenario/option_table.hpp"
#include "scenario/scenario_io.hpp"
#include "widgets/widgets.hpp"

namespace gui {

namespace {

template <class T>
bool toggle_in(std::vector<T>& v, T x, bool on, const std::vector<T>& order) {
  bool has = std::find(v.begin(), v.end(), x) != v.end();
  if (has == on) return false;
  if (on) {
    v.push_back(x);
    // Keep the canonical order (the client's preference order).
    std::vector<T> sorted;
    for (auto& o : order)
      if (std::find(v.begin(), v.end(), o) != v.end()) sorted.push_back(o);
    v = sorted;
  } else {
    v.erase(std::remove(v.begin(), v.end(), x), v.end());
  }
  return true;
}

// Whether a suite can be negotiated in some version of [lo, hi] (the run's common range).
// A number row's field, the value kept in [0, row.max_number]. Rows whose maximum fits a signed
// 64-bit value are edited as signed: ImGui reads an unsigned field with sscanf("%llu"), which
// takes "-5" as 2^64 - 5 (then clamped to the maximum, e.g. the year 9999 for the clock).
bool number_input(const char* id, const sim::OptionRow& row, uint64_t* value, uint64_t step, ImGuiInputTextFlags flags = 0) {
  if (row.max_number <= uint64_t(INT64_MAX)) {
    long long v = (long long)*value, st = (long long)step;
    if (!ImGui::InputScalar(id, ImGuiDataType_S64, &v, &st, nullptr, "%lld", flags)) return false;
    *value = uint64_t(std::clamp<long long>(v, 0, (long long)row.max_number));
    return true;
  }
  unsigned long long v = *value, st = step;
  if (!ImGui::InputScalar(id, ImGuiDataType_U64, &v, &st, nullptr, "%llu", flags)) return false;
  *value = v;
  return true;
}

bool suite_usable(const sim::CipherSuiteInfo& s, uint16_t lo, uint16_t hi) {
  return lo <= hi && s.max_version >= lo && s.min_version <= hi;
}

const char* text_of(const char* key) {
  const char* t = tr(key);
  record_drawn(t);
  return t;
}

// What the run settled: the engine's summary rows (sim/present), the same rows the text, SVG
// and report exports show, so every front end reads the same.
void draw_negotiated(FrameContext& ctx) {
  ImGui::TextUnformatted(tr("scenario.negotiated"));
  if (!ImGui::BeginTable("negotiated", 2, ImGuiTableFlags_SizingStretchProp)) return;
  const sim::Lang lang = gui::lang() == Lang::fr ? sim::Lang::fr : sim::Lang::en;
  const sim::OutcomeKind k = ctx.trace.outcome.kind;
  const bool failed = k == sim::OutcomeKind::client_failed || k == sim::OutcomeKind::server_failed ||
                      k == sim::OutcomeKind::failed || k == sim::OutcomeKind::transport_error;
  for (const auto& row : sim::present::summary_rows(ctx.trace, lang)) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s", row.label.c_str());
    ImGui::TableNextColumn();
    const bool outcome = row.key == "outcome";
    if (outcome) ImGui::PushStyleColor(ImGuiCol_Text, failed ? ctx.pal.bad : ctx.pal.good);
    ImGui::TextWrapped("%s", row.value.c_str());
    if (outcome) ImGui::PopStyleColor();
    record_drawn(row.label);
    record_drawn(row.value);
  }
  ImGui::EndTable();
}


// The attack to play, its variant and its defenses as toggles, what is expected with the
// defenses as they are set, and (once run) what happened, from the trace's attack report.
template <class LabelThenControl>
bool draw_attack(FrameContext& ctx, sim::ScenarioOptions& o, LabelThenControl&& label_then_control) {
  const sim::Lang l = lang();
  auto text = [&](const sim::Message& m) {
    std::string t = m.render(l);
    record_drawn(t);
    return t;
  };
  bool changed = false;
  const sim::AttackInfo* a = sim::chosen_attack(o);
  label_then_control(tr("scenario.attack"));
  std::string preview = a ? text(a->title) : tr("scenario.attack_none");
  if (ImGui::BeginCombo("##attack", preview.c_str(), ImGuiComboFlags_HeightLarge)) {
    if (ImGui::Selectable(tr("scenario.attack_none"), !a) && a) {
      o.attack.clear(), o.attack_variant.clear(), o.defenses.clear();
      changed = true;
    }
    for (auto& x : sim::attack_table()) {
      std::string title = x.title.render(l);
      auto reason = sim::validate_attack([&] {
        sim::ScenarioOptions t = o;
        t.attack = x.name, t.attack_variant.clear(), t.defenses.clear();
        return t;
      }());
      ImGui::BeginDisabled(!reason.empty());
      if (ImGui::Selectable((title + "##" + x.name).c_str(), a == &x) && a != &x) {
        o.attack = x.name, o.attack_variant.clear(), o.defenses.clear();
        changed = true;
      }
      ImGui::EndDisabled();
      if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("%s", reason.empty() ? x.explain.render(l).c_str() : reason.front().text.in(l == sim::Lang::fr).c_str());
    }
    ImGui::EndCombo();
  }
  if (!a) return changed;
  ImGui::PushStyleColor(ImGuiCol_Text, ctx.pal.muted);
  ImGui::TextWrapped("%s", text(a->explain).c_str());
  ImGui::PopStyleColor();
  if (!a->variants.empty()) {
    label_then_control(tr("scenario.attack_variant"));
    std::string current = sim::attack_variant(o);
    const sim::AttackVariant* cur = nullptr;
    for (auto& v : a->variants)
      if (v.name == current) cur = &v;
    std::string shown = cur ? text(cur->label) : current;
    if (ImGui::BeginCombo("##attack_variant", shown.c_str())) {
      for (auto& v : a->variants)
        if (ImGui::Selectable(v.label.render(l).c_str(), &v == cur) && &v != cur) {
          o.attack_variant = v.name == a->variants.front().name ? "" : v.name;
          changed = true;
        }
      ImGui::EndCombo();
    }
  }
  ImGui::TextUnformatted(tr("scenario.defenses"));
  bool any_on = false;
  for (auto& d : a->defenses) {
    bool on = sim::defense_on(o, d);
    any_on |= on;
    ImGui::BeginDisabled(!d.switchable());
    if (ImGui::Checkbox((text(d.label) + "##defense_" + d.name).c_str(), &on)) {
      if (on == d.on_by_default) o.defenses.erase(d.name);
      else o.defenses[d.name] = on;
      changed = true;
    }
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
      std::string tip = d.how.render(l);
      if (!d.switchable()) tip += "\n" + std::string(tr("scenario.defense_always_on"));
      ImGui::SetTooltip("%s", tip.c_str());
    }
  }
  // The options that tune its long work (the key bits searched, the query budget): applied on
  // Enter or with the buttons, since each change starts the computation again.
  for (auto& key : a->tuning) {
    const sim::OptionRow* row = sim::option_row(key);
    if (!row) continue;
    const bool french = lang() == Lang::fr;
    label_then_control(row->label.in(french).c_str());
    uint64_t v = row->get_number(o);
    ImGui::PushID(key.c_str());
    if (number_input("##tuning", *row, &v, 1, ImGuiInputTextFlags_EnterReturnsTrue))
      if (v != row->get_number(o)) changed |= row->set(o, v);
    ImGui::PopID();
    widgets::tooltip(row->help.in(french).c_str());
  }
  // Expected before the run (from the table), what happened after it (from the trace).
  std::string expected = label_value(tr("scenario.attack_expected"), (any_on ? a->expect_defended : a->expect_undefended).render(l));
  record_drawn(expected);
  ImGui::TextWrapped("%s", expected.c_str());
  if (const auto& r = ctx.trace.attack; r && r->name == o.attack) {
    ImVec4 col = !r->succeeded ? ctx.pal.muted : *r->succeeded ? ctx.pal.bad : ctx.pal.good;
    std::string actual = label_value(tr("scenario.attack_actual"), r->summary.render(l));
    record_drawn(actual);
    ImGui::PushStyleColor(ImGuiCol_Text, col);
    ImGui::TextWrapped("%s", actual.c_str());
    ImGui::PopStyleColor();
  }
  return changed;
}

}  // namespace

void draw_scenario_panel(FrameContext& ctx) {
  widgets::begin_panel("scenario", tr("panel.scenario"), ImVec2(0, 0), ctx.pal.title_bg, ctx.pal.title_text, ctx.fonts.title);
  if (ctx.data.imported) {
    // An imported trace has no scenario to edit: say where it comes from and how to go back.
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.pal.link);
    std::string note = std::string(tr("imported.note")) + " " + ctx.data.imported_file;
    ImGui::TextWrapped("%s", note.c_str());
    record_drawn(note);
    ImGui::PopStyleColor();
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.pal.muted);
    ImGui::TextWrapped("%s", tr("imported.hint"));
    ImGui::PopStyleColor();
    if (ImGui::Button(tr("imported.back"))) ctx.emit(Command::of(Command::Kind::close_trace));
    ImGui::Spacing();
    ImGui::Separator();
    draw_negotiated(ctx);
    char count[64];
    std::snprintf(count, sizeof count, "%zu", ctx.trace.events.size());
    ImGui::TextDisabled("%s", label_value(tr("imported.events"), count).c_str());
    widgets::end_panel();
    return;
  }
  sim::ScenarioOptions o = ctx.scenario;
  bool changed = false;
  const float label_w = std::min(ImGui::GetFontSize() * 9, ImGui::GetContentRegionAvail().x * 0.36f);

  // Built-in scenarios, and saving this one.
  ImGui::AlignTextToFramePadding();
  widgets::fitted_label(tr("scenario.builtin"), label_w - ImGui::GetStyle().ItemSpacing.x - ImGui::GetStyle().WindowPadding.x);
  ImGui::SameLine(label_w);
  float save_w = ImGui::CalcTextSize(tr("scenario.save")).x + ImGui::GetStyle().FramePadding.x * 2;
  ImGui::SetNextItemWidth(std::max(ImGui::GetFontSize() * 4, ImGui::GetContentRegionAvail().x - save_w - ImGui::GetStyle().ItemSpacing.x));
  const char* preview = o.name.empty() ? tr("scenario.custom") : o.name.c_str();
  if (!o.name.empty()) record_drawn(o.name);
  if (ImGui::BeginCombo("##builtin", preview, ImGuiComboFlags_HeightLarge)) {
    for (auto& sc : ctx.data.builtin) {
      if (ImGui::Selectable(sc.name.c_str(), sc.name == o.name)) {
        Command c = Command::of(Command::Kind::load_scenario);
        c.text = sc.path.empty() ? sc.name : sc.path;
        ctx.emit(c);
      }
      widgets::tooltip(sc.description_in(lang()).c_str());
    }
    if (ctx.data.builtin.empty()) ImGui::TextDisabled("%s", tr("scenario.no_builtin"));
    ImGui::EndCombo();
  }
  // The scenario's description in the GUI's language (English when the file has no French one).
  const std::string& description = sim::description_in(o, lang());
  if (!description.empty()) widgets::tooltip(description.c_str());
  ImGui::SameLine();
  if (ImGui::Button(tr("scenario.save"))) ctx.ui.save_dialog = true;
  widgets::tooltip(tr("scenario.save_hint"));
  if (!ctx.ui.scenario_error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.pal.bad);
    ImGui::TextWrapped("%s", ctx.ui.scenario_error.c_str());
    ImGui::PopStyleColor();
  }
  if (!ctx.ui.scenario_status.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.ui.scenario_status_ok ? ctx.pal.good : ctx.pal.bad);
    ImGui::TextWrapped("%s", ctx.ui.scenario_status.c_str());
    ImGui::PopStyleColor();
  }
  if (!description.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.pal.muted);
    ImGui::TextWrapped("%s", description.c_str());
    ImGui::PopStyleColor();
  } else {
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.pal.muted);
    ImGui::TextWrapped("%s", tr("scenario.rerun_hint"));
    ImGui::PopStyleColor();
  }
  ImGui::Spacing();

  // The rows come from the option table (sim/scenario/option_table.hpp): each drawn by its
  // widget kind, disabled with the reason as its tooltip where the engine's rules say it
  // cannot apply to this run.
  const bool fr = lang() == Lang::fr;
  auto text = [&](const sim::Text& t) -> const char* {
    record_drawn(t.in(fr));
    return t.in(fr).c_str();
  };
  auto reason_text = [&](const sim::Diagnostic& d) {
    std::string r = sim::render(d.text, fr, [&](const std::string& k) {
      const sim::OptionRow* x = sim::option_row(k);
      std::string name = x ? x->label.in(fr) : k;
      return fr ? "\u00ab\u00a0" + name + "\u00a0\u00bb" : "\"" + name + "\"";
    });
    if (!r.empty() && r[0] >= 'a' && r[0] <= 'z') r[0] = char(r[0] - 'a' + 'A');
    return r + ".";
  };
  // Why the row is disabled (recorded for --dump-ui, which cannot hover), or nothing.
  auto disabled_reason = [&](const sim::OptionRow& row) -> std::optional<std::string> {
    auto d = sim::not_applicable(row, o);
    if (!d || d->severity != sim::Severity::error) return std::nullopt;
    std::string r = reason_text(*d);
    record_drawn(r);
    return r;
  };
  // With an attack chosen, the endpoints run with its setup and defenses applied
  // (sim::effective_options): a row they change shows the value the run uses, locked, and says
  // why, so a checkbox never claims what the run does not do.
  const sim::ScenarioOptions eff = sim::effective_options(o);
  auto set_by_attack = [&](const sim::OptionRow& row) -> std::optional<std::string> {
    const sim::AttackInfo* a = sim::chosen_attack(o);
    if (!a || !row.to_json || row.to_json(eff) == row.to_json(o)) return std::nullopt;
    std::string r = tr_msg(sim::msg("scenario.set_by_attack").arg("attack", a->title));
    record_drawn(r);
    return r;
  };
  auto row_tooltip = [&](const sim::OptionRow& row, const std::optional<std::string>& reason) {
    if (!ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) return;
    if (reason) ImGui::SetTooltip("%s", reason->c_str());
    else if (!row.help.en.empty()) ImGui::SetTooltip("%s", row.help.in(fr).c_str());
  };
  // A label, then its control at label_w, or under it when the label does not fit (narrow panel).
  auto label_then_control = [&](const char* label) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label);
    const bool fits =
        ImGui::CalcTextSize(label).x + ImGui::GetStyle().ItemSpacing.x <= label_w - ImGui::GetStyle().WindowPadding.x;
    if (fits) ImGui::SameLine(label_w);  // else the control takes the whole next line
    ImGui::SetNextItemWidth(-1);
  };

  // Versions: every version some suite can be negotiated in (grows with the engine).
  std::vector<uint16_t> versions;
  {
    uint16_t lo = 0xffff, hi = 0;
    for (auto& su : sim::all_suites()) lo = std::min(lo, su.min_version), hi = std::max(hi, su.max_version);
    for (uint16_t v = lo; v <= hi && hi >= lo; ++v) versions.push_back(v);
  }
  auto version_combo = [&](const char* id, uint16_t* v, uint16_t lo, uint16_t hi) {
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5.2f);
    if (ImGui::BeginCombo(id, sim::version_name(*v).c_str())) {
      for (uint16_t x : versions) {
        if (x < lo || x > hi) continue;
        if (ImGui::Selectable(sim::version_name(x).c_str(), x == *v) && x != *v) {
          *v = x;
          changed = true;
        }
      }
      ImGui::EndCombo();
    }
  };
  auto version_row = [&](const sim::OptionRow& row) {
    const bool client = row.sides == sim::Sides::client;
    uint16_t* mn = client ? &o.client_min_version : &o.server_min_version;
    uint16_t* mx = client ? &o.client_max_version : &o.server_max_version;
    ImGui::AlignTextToFramePadding();
    widgets::fitted_label(text(row.label), label_w - ImGui::GetStyle().ItemSpacing.x - ImGui::GetStyle().WindowPadding.x);
    ImGui::SameLine(label_w);
    version_combo("##min", mn, versions.empty() ? 0 : versions.front(), *mx);
    ImGui::SameLine();
    ImGui::TextUnformatted("\u2026");
    ImGui::SameLine();
    version_combo("##max", mx, *mn, versions.empty() ? 0xffff : versions.back());
  };

  // Suites: who offers / accepts what.
  ImGuiTableFlags tf = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit;
  auto suites_table = [&](const sim::OptionRow& row) {
    std::vector<uint16_t> all_ids;
    for (auto& s : sim::all_suites()) all_ids.push_back(s.id);
    // An empty list means "the defaults for that side's versions": show them ticked.
    if (o.client_suites.empty()) o.client_suites = sim::default_suites(o.client_min_version, o.client_max_version);
    if (o.server_suites.empty()) o.server_suites = sim::default_suites(o.server_min_version, o.server_max_version);
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.pal.muted);
    ImGui::TextWrapped("%s", text(row.help));
    ImGui::PopStyleColor();
    // The suites the chosen versions can negotiate first (in the table's order), then the
    // others under a heading; the negotiated one highlighted and scrolled into view when it
    // changes, so an SSL 3.0 run does not open on TLS 1.3 and AEAD suites.
    const uint16_t run_lo = std::max(o.client_min_version, o.server_min_version);
    const uint16_t run_hi = std::min(o.client_max_version, o.server_max_version);
    std::vector<const sim::CipherSuiteInfo*> ordered;
    for (auto& s : sim::all_suites())
      if (suite_usable(s, run_lo, run_hi)) ordered.push_back(&s);
    const size_t n_usable = ordered.size();
    for (auto& s : sim::all_suites())
      if (!suite_usable(s, run_lo, run_hi)) ordered.push_back(&s);
    const uint16_t negotiated_id = ctx.trace.negotiated.cipher_suite;
    static uint16_t scrolled_to = 0;  // the negotiated suite last scrolled into view
    const float row_h = ImGui::GetFrameHeightWithSpacing();
    const float table_h = std::min(row_h * float(ordered.size() + 2), row_h * 12.0f);
    if (!ImGui::BeginTable("suites", 3, tf | ImGuiTableFlags_ScrollY, ImVec2(0, table_h))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr("scenario.suite"), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn(tr("scenario.client"), ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn(tr("scenario.server"), ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableHeadersRow();
    for (size_t i = 0; i < ordered.size(); ++i) {
      const sim::CipherSuiteInfo& s = *ordered[i];
      if (i == n_usable) {
        // The rest: suites of other versions (a client may still offer them within its own range).
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::PushStyleColor(ImGuiCol_Text, ctx.pal.muted);
        ImGui::TextUnformatted(text_of("scenario.other_versions_suites"));
        ImGui::PopStyleColor();
      }
      ImGui::PushID(s.id);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      std::string name(s.name);
      // TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 -> ECDHE_RSA AES_128_GCM SHA256: shorter, same words.
      std::string shortn = name.rfind("TLS_", 0) == 0 ? name.substr(4) : name;
      if (auto p = shortn.find("_WITH_"); p != std::string::npos) shortn = shortn.substr(0, p) + " " + shortn.substr(p + 6);
      ImGui::AlignTextToFramePadding();
      bool negotiated = negotiated_id == s.id;
      bool usable = i < n_usable;
      if (negotiated) {
        ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ctx.pal.selected_bg);
        if (scrolled_to != s.id) {
          ImGui::SetScrollHereY(0.3f);
          scrolled_to = s.id;
        }
      }
      if (negotiated) ImGui::PushStyleColor(ImGuiCol_Text, ctx.pal.good);
      else if (!usable) ImGui::PushStyleColor(ImGuiCol_Text, ctx.pal.muted);
      widgets::fitted_label(shortn);
      if (negotiated || !usable) ImGui::PopStyleColor();
      if (negotiated) {
        std::string tip = name + "\n" + tr("scenario.suite_negotiated");
        widgets::tooltip(tip.c_str());
      } else {
        widgets::tooltip(name.c_str());
      }
      ImGui::TableNextColumn();
      bool c_on = std::find(o.client_suites.begin(), o.client_suites.end(), s.id) != o.client_suites.end();
      bool s_on = std::find(o.server_suites.begin(), o.server_suites.end(), s.id) != o.server_suites.end();
      bool c_last = c_on && o.client_suites.size() == 1;
      // A suite outside the client's versions cannot be offered: the engine says why.
      std::optional<std::string> c_reason;
      if (!c_on && !s.usable_in(o.client_min_version, o.client_max_version)) {
        sim::ScenarioOptions with = o;
        with.client_suites = {s.id};
        for (auto& d : sim::validate(with))
          if (d.key == row.key) c_reason = reason_text(d);
      }
      ImGui::BeginDisabled(c_last || c_reason);
      if (ImGui::Checkbox("##c", &c_on)) changed |= toggle_in(o.client_suites, s.id, c_on, all_ids);
      ImGui::EndDisabled();
      if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
        if (c_last) ImGui::SetTooltip("%s", tr("scenario.client_needs_one"));
        else if (c_reason) ImGui::SetTooltip("%s", c_reason->c_str());
      }
      ImGui::TableNextColumn();
      if (ImGui::Checkbox("##s", &s_on)) changed |= toggle_in(o.server_suites, s.id, s_on, all_ids);
      ImGui::PopID();
    }
    ImGui::EndTable();
  };

  const bool tls13 = o.client_max_version >= sim::kTls13 || o.server_max_version >= sim::kTls13;
  auto groups_table = [&](const sim::OptionRow&) {
    const auto& groups = sim::all_groups();
    const sim::OptionRow* shares_row = sim::option_row("client_key_shares");
    if (tls13) {
      ImGui::PushStyleColor(ImGuiCol_Text, ctx.pal.muted);
      ImGui::TextWrapped("%s", text(shares_row->help));
      ImGui::PopStyleColor();
    }
    auto shares_reason = tls13 ? disabled_reason(*shares_row) : std::nullopt;
    // An empty key share list means "the client's first group": show it ticked.
    std::vector<sim::NamedGroup> shares = o.client_key_shares;
    if (shares.empty() && !o.client_groups.empty()) shares = {o.client_groups.front()};
    if (!ImGui::BeginTable(tls13 ? "groups13" : "groups", tls13 ? 4 : 3, tf)) return;
    ImGui::TableSetupColumn(tr("scenario.group"), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn(tr("scenario.client"), ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn(tr("scenario.server"), ImGuiTableColumnFlags_WidthFixed);
    if (tls13) ImGui::TableSetupColumn(text(shares_row->label), ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableHeadersRow();
    for (auto g : groups) {
      ImGui::PushID(int(g));
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      bool negotiated = ctx.trace.negotiated.group && *ctx.trace.negotiated.group == g;
      if (negotiated) ImGui::PushStyleColor(ImGuiCol_Text, ctx.pal.good);
      ImGui::TextUnformatted(sim::name_of(g).c_str());
      if (negotiated) ImGui::PopStyleColor();
      ImGui::TableNextColumn();
      bool c_on = std::find(o.client_groups.begin(), o.client_groups.end(), g) != o.client_groups.end();
      bool s_on = std::find(o.server_groups.begin(), o.server_groups.end(), g) != o.server_groups.end();
      bool c_last = c_on && o.client_groups.size() == 1;
      ImGui::BeginDisabled(c_last);
      if (ImGui::Checkbox("##c", &c_on)) changed |= toggle_in(o.client_groups, g, c_on, groups);
      ImGui::EndDisabled();
      ImGui::TableNextColumn();
      if (ImGui::Checkbox("##s", &s_on)) changed |= toggle_in(o.server_groups, g, s_on, groups);
      if (tls13) {
        ImGui::TableNextColumn();
        bool k_on = std::find(shares.begin(), shares.end(), g) != shares.end();
        bool offered = std::find(o.client_groups.begin(), o.client_groups.end(), g) != o.client_groups.end();
        bool k_last = k_on && shares.size() == 1;
        ImGui::BeginDisabled(!offered || k_last || shares_reason);
        if (ImGui::Checkbox("##k", &k_on) && toggle_in(shares, g, k_on, o.client_groups)) {
          o.client_key_shares = shares;
          changed = true;
        }
        ImGui::EndDisabled();
        row_tooltip(*shares_row, shares_reason);
      }
      ImGui::PopID();
    }
    ImGui::EndTable();
  };

  auto draw_row = [&](const sim::OptionRow& row) {
    ImGui::PushID(row.key.c_str());
    // The value shown: the run's, where the attack sets it (the versions stay editable: an
    // attack runs in the versions chosen, within its own).
    const bool lockable = row.widget == sim::Widget::checkbox || row.widget == sim::Widget::combo ||
                          row.widget == sim::Widget::number || row.widget == sim::Widget::text;
    auto reason = lockable ? set_by_attack(row) : std::nullopt;
    const sim::ScenarioOptions& shown = reason ? eff : o;
    // Not applicable to these versions or sides (the option table's ranges): disabled, and a
    // checkbox shows what the run does with it, off, rather than a tick it ignores.
    bool inapplicable = false;
    if (!reason) {
      reason = disabled_reason(row);
      inapplicable = reason.has_value();
    }
    ImGui::BeginDisabled(reason.has_value());
    switch (row.widget) {
      case sim::Widget::checkbox: {
        bool v = !inapplicable && row.get_bool(shown);
        if (ImGui::Checkbox(text(row.label), &v)) changed |= row.set(o, v);
        row_tooltip(row, reason);
        break;
      }
      case sim::Widget::combo: {
        label_then_control(text(row.label));
        int cur = row.get_index(shown);
        if (ImGui::BeginCombo("##combo", text(row.choices[size_t(cur)].label))) {
          for (int i = 0; i < int(row.choices.size()); ++i) {
            const sim::Choice& c = row.choices[size_t(i)];
            if (ImGui::Selectable(c.label.in(fr).c_str(), i == cur) && i != cur) changed |= row.set(o, c.name);
            if (!c.hint.en.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", c.hint.in(fr).c_str());
          }
          ImGui::EndCombo();
        }
        row_tooltip(row, reason);
        break;
      }
      case sim::Widget::number: {
        label_then_control(text(row.label));
        uint64_t v = row.get_number(shown);
        // Small ranges (padding) step by 16, seeds by one.
        if (number_input("##number", row, &v, row.max_number <= 0xffff ? 16 : 1))
          if (v != row.get_number(o)) changed |= row.set(o, v);
        row_tooltip(row, reason);
        break;
      }
      case sim::Widget::text: {
        label_then_control(text(row.label));
        // Applied when the field is left, so the run does not restart at each key. A refused
        // value stays in the field, so the position the error names can be seen.
        std::string& edit = ctx.ui.text_edit[row.key];
        const std::string current = row.get_text(shown);
        bool refused = ctx.ui.text_error_key == row.key && !ctx.ui.text_error.empty();
        if (ctx.ui.text_editing != row.key && !refused) edit = current;
        ImGui::InputText("##text", &edit);
        if (ImGui::IsItemActive()) ctx.ui.text_editing = row.key;
        else if (ctx.ui.text_editing == row.key) ctx.ui.text_editing.clear();
        if (ImGui::IsItemDeactivatedAfterEdit()) {
          // A value the option's codec refuses (a host name with a space, 300 characters, an IP
          // address) is said under the field, in the words tlslab --host and scenario files use.
          sim::ScenarioOptions trial = o;
          if (auto e = row.from_json(edit, trial)) {
            ctx.ui.text_error_key = row.key;
            ctx.ui.text_error = tr_msg(e->what);
          } else {
            if (ctx.ui.text_error_key == row.key) ctx.ui.text_error.clear();
            if (edit != current) changed |= row.set(o, edit);
          }
        }
        row_tooltip(row, reason);
        if (ctx.ui.text_error_key == row.key && !ctx.ui.text_error.empty()) {
          record_drawn(ctx.ui.text_error);
          ImGui::PushStyleColor(ImGuiCol_Text, ctx.pal.bad);
          ImGui::TextWrapped("%s", ctx.ui.text_error.c_str());
          ImGui::PopStyleColor();
        }
        break;
      }
      case sim::Widget::version_range:
        version_row(row);
        // The attack's setup may widen or cap the versions: say what the run uses.
        if (sim::chosen_attack(o) && row.to_json(eff) != row.to_json(o)) {
          const bool client = row.sides == sim::Sides::client;
          uint16_t mn = client ? eff.client_min_version : eff.server_min_version, mx = client ? eff.client_max_version : eff.server_max_version;
          ImGui::TextDisabled("%s", tr_msg(sim::msg("scenario.versions_by_attack").arg("min", sim::version_name(mn)).arg("max", sim::version_name(mx))).c_str());
        }
        break;
      case sim::Widget::suite_list: suites_table(row); break;
      case sim::Widget::group_list: groups_table(row); break;
      case sim::Widget::none: break;
    }
    ImGui::EndDisabled();
    ImGui::PopID();
  };
  auto draw_section = [&](sim::Section s, std::initializer_list<sim::Widget> first = {}) {
    // `first`: widget kinds drawn ahead of the section's other rows (the versions on top).
    for (sim::Widget w : first)
      for (auto& row : sim::option_table())
        if (row.section == s && row.widget == w) draw_row(row);
    for (auto& row : sim::option_table())
      if (row.section == s && row.widget != sim::Widget::none &&
          std::find(first.begin(), first.end(), row.widget) == first.end())
        draw_row(row);
  };

  ImGui::TextUnformatted(tr("scenario.version"));
  draw_section(sim::Section::general, {sim::Widget::version_range});
  draw_section(sim::Section::certificate);
  draw_section(sim::Section::handshake);
  // TLS 1.3 options: only when one side's range reaches TLS 1.3.
  if (tls13) {
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextUnformatted(tr("scenario.tls13"));
    draw_section(sim::Section::tls13);
  }
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::TextUnformatted(tr("scenario.suites"));
  draw_section(sim::Section::suites);
  ImGui::Spacing();
  ImGui::TextUnformatted(tr("scenario.groups"));
  draw_section(sim::Section::groups);

  ImGui::Spacing();
  ImGui::Separator();
  ImGui::TextUnformatted(tr("scenario.leniency"));
  draw_section(sim::Section::leniency);

  ImGui::Spacing();
  ImGui::Separator();
  ImGui::TextUnformatted(tr("scenario.attacks"));
  changed |= draw_attack(ctx, o, label_then_control);

  // What the run settled, from the trace.
  ImGui::Spacing();
  ImGui::Separator();
  draw_negotiated(ctx);

  if (changed) {
    // An edit may leave options behind that no longer apply (0-RTT once resumption is off, a
    // TLS 1.3 option once the versions stop at TLS 1.2): the engine resets them.
    sim::drop_inapplicable(o);
    // Edited: no longer the built-in scenario it may have started as.
    o.name.clear();
    o.description.clear();
    o.description_fr.clear();
    Command c = Command::of(Command::Kind::set_scenario);
    c.scenario = o;
    ctx.emit(c);
  }
  widgets::end_panel();
}

}  // namespace gui
