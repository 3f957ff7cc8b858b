// Scenario: the options of the run (version, suites of each side, groups, host, seed, EMS and,
// once they exist, attacks). Any change emits set_scenario; App re-runs at once and keeps the
// current step where it still exists.
#include <algorithm>
#include <cstdio>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "core/enums.hpp"
#include "panels/panel.hpp"
#include "pki/profiles.hpp"
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
    const auto& n = ctx.trace.negotiated;
    ImGui::TextUnformatted(tr("scenario.negotiated"));
    ImGui::PushFont(ctx.fonts.mono);
    ImGui::TextWrapped("%s", n.cipher_suite ? sim::suite_name(n.cipher_suite).c_str() : tr("scenario.none"));
    if (n.group) ImGui::Text("%s", sim::name_of(*n.group).c_str());
    ImGui::PopFont();
    ImGui::TextUnformatted(tr("scenario.outcome"));
    ImGui::SameLine();
    ImGui::TextWrapped("%s", ctx.trace.outcome.c_str());
    char count[64];
    std::snprintf(count, sizeof count, "%zu", ctx.trace.events.size());
    ImGui::TextDisabled("%s: %s", tr("imported.events"), count);
    widgets::end_panel();
    return;
  }
  sim::ScenarioOptions o = ctx.scenario;
  bool changed = false;
  const float label_w = std::min(ImGui::GetFontSize() * 9, ImGui::GetContentRegionAvail().x * 0.36f);

  // Built-in scenarios, and saving this one.
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr("scenario.builtin"));
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
      widgets::tooltip(sc.description.c_str());
    }
    if (ctx.data.builtin.empty()) ImGui::TextDisabled("%s", tr("scenario.no_builtin"));
    ImGui::EndCombo();
  }
  if (!o.description.empty()) widgets::tooltip(o.description.c_str());
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
  if (!o.description.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.pal.muted);
    ImGui::TextWrapped("%s", o.description.c_str());
    ImGui::PopStyleColor();
  } else {
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.pal.muted);
    ImGui::TextWrapped("%s", tr("scenario.rerun_hint"));
    ImGui::PopStyleColor();
  }
  ImGui::Spacing();

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
  ImGui::TextUnformatted(tr("scenario.version"));
  auto version_row = [&](const char* side_key, uint16_t* mn, uint16_t* mx, const char* id) {
    ImGui::PushID(id);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(side_key));
    ImGui::SameLine(label_w);
    version_combo("##min", mn, versions.empty() ? 0 : versions.front(), *mx);
    ImGui::SameLine();
    ImGui::TextUnformatted("\u2026");
    ImGui::SameLine();
    version_combo("##max", mx, *mn, versions.empty() ? 0xffff : versions.back());
    ImGui::PopID();
  };
  version_row("scenario.client", &o.client_min_version, &o.client_max_version, "cv");
  version_row("scenario.server", &o.server_min_version, &o.server_max_version, "sv");

  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr("scenario.host"));
  ImGui::SameLine(label_w);
  ImGui::SetNextItemWidth(-1);
  std::string& host_edit = ctx.ui.host_edit;
  if (!ctx.ui.host_editing) host_edit = o.host;
  ImGui::InputText("##host", &host_edit);
  ctx.ui.host_editing = ImGui::IsItemActive();
  if (ImGui::IsItemDeactivatedAfterEdit() && !host_edit.empty() && host_edit != o.host) {
    o.host = host_edit;
    changed = true;
  }

  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr("scenario.seed"));
  ImGui::SameLine(label_w);
  ImGui::SetNextItemWidth(-1);
  unsigned long long seed = o.seed;
  const unsigned long long one = 1;
  if (ImGui::InputScalar("##seed", ImGuiDataType_U64, &seed, &one, nullptr, "%llu") && seed != o.seed) {
    o.seed = seed;
    changed = true;
  }

  // Server certificate: a profile of the simulated PKI (sim/pki/profiles.hpp), or the demo chain.
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr("scenario.cert_profile"));
  ImGui::SameLine(label_w);
  ImGui::SetNextItemWidth(-1);
  std::string cert_preview = o.certificate_profile.empty() ? tr("scenario.cert_demo") : o.certificate_profile;
  if (ImGui::BeginCombo("##cert_profile", cert_preview.c_str())) {
    if (ImGui::Selectable(tr("scenario.cert_demo"), o.certificate_profile.empty()) && !o.certificate_profile.empty()) {
      o.certificate_profile.clear();
      changed = true;
    }
    for (auto& p : sim::pki::certificate_profiles()) {
      if (ImGui::Selectable(p.name.c_str(), o.certificate_profile == p.name) && o.certificate_profile != p.name) {
        o.certificate_profile = p.name;
        changed = true;
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p.description.c_str());
    }
    ImGui::EndCombo();
  }

  for (auto [key, flag] : {std::pair{"scenario.ems", &sim::ScenarioOptions::extended_master_secret},
                           std::pair{"scenario.secure_reneg", &sim::ScenarioOptions::secure_renegotiation},
                           std::pair{"scenario.deflate", &sim::ScenarioOptions::deflate},
                           std::pair{"scenario.client_cert", &sim::ScenarioOptions::client_certificate},
                           std::pair{"scenario.verify_cert", &sim::ScenarioOptions::verify_certificate},
                           std::pair{"scenario.ocsp_stapling", &sim::ScenarioOptions::ocsp_stapling}})
    changed |= ImGui::Checkbox(tr(key), &(o.*flag));

  // TLS 1.3 options: only when one side's range reaches TLS 1.3.
  const bool tls13 = o.client_max_version >= sim::kTls13 || o.server_max_version >= sim::kTls13;
  // Without TLS 1.3 on the server only an RSA key can be used (the TLS 1.2 suites here are RSA).
  if (o.server_max_version < sim::kTls13 && o.server_key_type != sim::crypto::KeyType::rsa) {
    o.server_key_type = sim::crypto::KeyType::rsa;
    changed = true;
  }
  if (tls13) {
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextUnformatted(tr("scenario.tls13"));
    changed |= ImGui::Checkbox(tr("scenario.middlebox"), &o.middlebox_compat);
    widgets::tooltip(tr("scenario.middlebox_hint"));
    // A label, then its control at label_w, or under it when the label does not fit (narrow panel).
    auto label_then_control = [&](const char* label) {
      ImGui::AlignTextToFramePadding();
      ImGui::TextUnformatted(label);
      const bool fits =
          ImGui::CalcTextSize(label).x + ImGui::GetStyle().ItemSpacing.x <= label_w - ImGui::GetStyle().WindowPadding.x;
      if (fits) ImGui::SameLine(label_w);  // else the control takes the whole next line
    };
    // A combo over an enum, labelled with i18n keys.
    auto enum_combo = [&](const char* label_key, const char* id, int* v, std::initializer_list<const char*> keys,
                          const char* hint_key) {
      label_then_control(tr(label_key));
      ImGui::SetNextItemWidth(-1);
      std::vector<const char*> names;
      for (auto k : keys) names.push_back(k);
      int cur = std::clamp(*v, 0, int(names.size()) - 1);
      bool ch = false;
      if (ImGui::BeginCombo(id, tr(names[size_t(cur)]))) {
        for (int i = 0; i < int(names.size()); ++i)
          if (ImGui::Selectable(tr(names[size_t(i)]), i == cur) && i != cur) *v = i, ch = true;
        ImGui::EndCombo();
      }
      widgets::tooltip(tr(hint_key));
      return ch;
    };
    // The server leaf's key type: ECDSA and Ed25519 sign CertificateVerify in TLS 1.3 only.
    int key = int(o.server_key_type);
    if (enum_combo("scenario.server_key", "##server_key", &key, {"scenario.key_rsa", "scenario.key_ecdsa", "scenario.key_ed25519"},
                   "scenario.server_key_hint")) {
      o.server_key_type = sim::crypto::KeyType(key);
      changed = true;
    }
    int res = int(o.resumption);
    if (enum_combo("scenario.resumption", "##resumption", &res,
                   {"scenario.res_none", "scenario.res_psk_dhe_ke", "scenario.res_psk_ke"}, "scenario.resumption_hint")) {
      o.resumption = sim::ScenarioOptions::Resumption(res);
      if (o.resumption == sim::ScenarioOptions::Resumption::none) o.early_data = sim::ScenarioOptions::EarlyData::none;
      changed = true;
    }
    {
      const bool no_res = o.resumption == sim::ScenarioOptions::Resumption::none;
      ImGui::BeginDisabled(no_res);
      int ed = int(o.early_data);
      if (enum_combo("scenario.early_data", "##early", &ed, {"scenario.ed_none", "scenario.ed_accepted", "scenario.ed_rejected"},
                     "scenario.early_data_hint")) {
        o.early_data = sim::ScenarioOptions::EarlyData(ed);
        changed = true;
      }
      ImGui::EndDisabled();
      if (no_res && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("%s %s", tr("scenario.early_data_hint"), tr("scenario.early_data_needs"));
    }
    int ku = int(o.key_update);
    if (enum_combo("scenario.key_update", "##keyupdate", &ku, {"scenario.ku_none", "scenario.ku_client", "scenario.ku_server"},
                   "scenario.key_update_hint")) {
      o.key_update = sim::ScenarioOptions::KeyUpdate(ku);
      if (o.key_update == sim::ScenarioOptions::KeyUpdate::none) o.key_update_request = false;
      changed = true;
    }
    ImGui::BeginDisabled(o.key_update == sim::ScenarioOptions::KeyUpdate::none);
    ImGui::SetCursorPosX(label_w);
    changed |= ImGui::Checkbox(tr("scenario.ku_request"), &o.key_update_request);
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", tr("scenario.ku_request_hint"));
    label_then_control(tr("scenario.padding"));
    ImGui::SetNextItemWidth(-1);
    int pad = int(std::min<size_t>(o.record_padding, 16384));
    if (ImGui::InputInt("##padding", &pad, 16, 128)) {
      pad = std::clamp(pad, 0, 16384);
      if (size_t(pad) != o.record_padding) {
        o.record_padding = size_t(pad);
        changed = true;
      }
    }
    widgets::tooltip(tr("scenario.padding_hint"));
  }

  // Suites: who offers / accepts what.
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::TextUnformatted(tr("scenario.suites"));
  std::vector<uint16_t> all_ids;
  for (auto& s : sim::all_suites()) all_ids.push_back(s.id);
  // An empty list means "the defaults for that side's versions": show them ticked.
  if (o.client_suites.empty()) o.client_suites = sim::default_suites(o.client_min_version, o.client_max_version);
  if (o.server_suites.empty()) o.server_suites = sim::default_suites(o.server_min_version, o.server_max_version);
  ImGuiTableFlags tf = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit;
  ImGui::PushStyleColor(ImGuiCol_Text, ctx.pal.muted);
  ImGui::TextWrapped("%s", tr("scenario.suites_hint"));
  ImGui::PopStyleColor();
  if (ImGui::BeginTable("suites", 3, tf)) {
    ImGui::TableSetupColumn(tr("scenario.suite"), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn(tr("scenario.client"), ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn(tr("scenario.server"), ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableHeadersRow();
    for (auto& s : sim::all_suites()) {
      ImGui::PushID(s.id);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      std::string name(s.name);
      // TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 -> ECDHE_RSA AES_128_GCM SHA256: shorter, same words.
      std::string shortn = name.rfind("TLS_", 0) == 0 ? name.substr(4) : name;
      if (auto p = shortn.find("_WITH_"); p != std::string::npos) shortn = shortn.substr(0, p) + " " + shortn.substr(p + 6);
      ImGui::AlignTextToFramePadding();
      bool negotiated = ctx.trace.negotiated.cipher_suite == s.id;
      bool usable = s.max_version >= std::max(o.client_min_version, o.server_min_version) &&
                    s.min_version <= std::min(o.client_max_version, o.server_max_version);
      if (negotiated) ImGui::PushStyleColor(ImGuiCol_Text, ctx.pal.good);
      else if (!usable) ImGui::PushStyleColor(ImGuiCol_Text, ctx.pal.muted);
      ImGui::TextUnformatted(shortn.c_str());
      if (negotiated || !usable) ImGui::PopStyleColor();
      widgets::tooltip(name.c_str());
      ImGui::TableNextColumn();
      bool c_on = std::find(o.client_suites.begin(), o.client_suites.end(), s.id) != o.client_suites.end();
      bool s_on = std::find(o.server_suites.begin(), o.server_suites.end(), s.id) != o.server_suites.end();
      bool c_last = c_on && o.client_suites.size() == 1;
      ImGui::BeginDisabled(c_last);
      if (ImGui::Checkbox("##c", &c_on)) changed |= toggle_in(o.client_suites, s.id, c_on, all_ids);
      ImGui::EndDisabled();
      if (c_last && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", tr("scenario.client_needs_one"));
      ImGui::TableNextColumn();
      if (ImGui::Checkbox("##s", &s_on)) changed |= toggle_in(o.server_suites, s.id, s_on, all_ids);
      ImGui::PopID();
    }
    ImGui::EndTable();
  }

  ImGui::Spacing();
  ImGui::TextUnformatted(tr("scenario.groups"));
  const auto& groups = sim::all_groups();
  if (tls13) {
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.pal.muted);
    ImGui::TextWrapped("%s", tr("scenario.key_share_hint"));
    ImGui::PopStyleColor();
  }
  // An empty key share list means "the client's first group": show it ticked.
  std::vector<sim::NamedGroup> shares = o.client_key_shares;
  if (shares.empty() && !o.client_groups.empty()) shares = {o.client_groups.front()};
  if (ImGui::BeginTable(tls13 ? "groups13" : "groups", tls13 ? 4 : 3, tf)) {
    ImGui::TableSetupColumn(tr("scenario.group"), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn(tr("scenario.client"), ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn(tr("scenario.server"), ImGuiTableColumnFlags_WidthFixed);
    if (tls13) ImGui::TableSetupColumn(tr("scenario.key_share"), ImGuiTableColumnFlags_WidthFixed);
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
        ImGui::BeginDisabled(!offered || k_last);
        if (ImGui::Checkbox("##k", &k_on) && toggle_in(shares, g, k_on, o.client_groups)) {
          o.client_key_shares = shares;
          changed = true;
        }
        ImGui::EndDisabled();
        widgets::tooltip(tr("scenario.key_share_hint"));
      }
      ImGui::PopID();
    }
    ImGui::EndTable();
  }

  ImGui::Spacing();
  ImGui::Separator();
  ImGui::TextUnformatted(tr("scenario.attacks"));
  ImGui::TextDisabled("%s", tr("scenario.no_attacks"));

  // What the run settled, from the trace.
  ImGui::Spacing();
  ImGui::Separator();
  const auto& n = ctx.trace.negotiated;
  ImGui::TextUnformatted(tr("scenario.negotiated"));
  ImGui::PushFont(ctx.fonts.mono);
  ImGui::TextWrapped("%s", n.cipher_suite ? sim::suite_name(n.cipher_suite).c_str() : tr("scenario.none"));
  if (n.group) ImGui::Text("%s", sim::name_of(*n.group).c_str());
  ImGui::PopFont();
  if (!n.key_exchange_mode.empty()) {
    ImGui::TextUnformatted(tr("scenario.kx_mode"));
    ImGui::SameLine();
    ImGui::TextUnformatted(n.key_exchange_mode.c_str());
    record_drawn(n.key_exchange_mode);
  }
  if (n.hello_retry_request) ImGui::TextColored(ctx.pal.link, "%s", tr("scenario.hrr"));
  if (!n.early_data.empty()) {
    ImGui::TextUnformatted(tr("scenario.early_outcome"));
    ImGui::SameLine();
    ImGui::TextColored(n.early_data == "accepted" ? ctx.pal.good : ctx.pal.bad, "%s",
                       tr(n.early_data == "accepted" ? "scenario.ed_accepted" : "scenario.ed_rejected"));
  }
  ImGui::TextUnformatted(tr("scenario.outcome"));
  ImGui::SameLine();
  bool failed = ctx.trace.outcome.find("failed") != std::string::npos;
  ImGui::PushStyleColor(ImGuiCol_Text, failed ? ctx.pal.bad : ctx.pal.good);
  ImGui::TextWrapped("%s", ctx.trace.outcome.c_str());
  ImGui::PopStyleColor();

  if (changed) {
    // Edited: no longer the built-in scenario it may have started as.
    o.name.clear();
    o.description.clear();
    Command c = Command::of(Command::Kind::set_scenario);
    c.scenario = o;
    ctx.emit(c);
  }
  widgets::end_panel();
}

}  // namespace gui
