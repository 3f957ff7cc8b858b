// Keys and derivations: every derivation so far (formula, inputs, intermediate steps, output;
// the key_block as coloured segments). Clicking an input jumps to where it came from (a field
// of a record or another derivation); clicking a produced value focuses it.
#include <cmath>
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "present/present.hpp"
#include "trace/value_text.hpp"
#include "panels/panel.hpp"
#include "widgets/widgets.hpp"

namespace gui {

namespace {

std::string first_word(const std::string& s) { return s.substr(0, s.find(' ')); }

bool icontains(const std::string& hay, const std::string& needle) {
  if (needle.empty()) return true;
  auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(),
                        [](char a, char b) { return std::tolower(uint8_t(a)) == std::tolower(uint8_t(b)); });
  return it != hay.end();
}

// The formula as the panel shows it (in the UI's language), for the filter; not recorded for
// --dump-ui, since it is not drawn from here.
std::string shown_formula(const sim::Derivation& d) { return d.text.empty() ? d.formula : d.text.render(lang()); }

void segments_bar(FrameContext& ctx, size_t e, size_t di, const sim::Derivation& d) {
  auto segs = output_segments(d);
  if (segs.empty() || d.output.empty()) return;
  ImGui::TextDisabled("%s", tr("keys.parts"));
  float w = ImGui::GetContentRegionAvail().x, h = ImGui::GetTextLineHeight() * 1.5f;
  ImVec2 p = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImGui::InvisibleButton("segbar", ImVec2(w, h));
  bool hovered = ImGui::IsItemHovered();
  float mx = ImGui::GetIO().MousePos.x;
  const Segment* under = nullptr;
  for (auto& s : segs) {
    float x0 = p.x + w * float(s.offset) / float(d.output.size());
    float x1 = p.x + w * float(s.offset + s.length) / float(d.output.size());
    dl->AddRectFilled(ImVec2(x0, p.y), ImVec2(x1, p.y + h), segment_colour(s.role));
    dl->AddRect(ImVec2(x0, p.y), ImVec2(x1, p.y + h), IM_COL32(0, 0, 0, 160));
    bool sel = ctx.ui.sel.item && ctx.ui.sel.item->event == e && ctx.ui.sel.item->derivation == di &&
               ctx.ui.sel.item->kind == ItemKind::part && ctx.ui.sel.item->item == s.name;
    if (sel) dl->AddRect(ImVec2(x0, p.y - 1), ImVec2(x1, p.y + h + 1), ctx.pal.selected_border, 0, 0, 3);
    char lbl[48];
    std::snprintf(lbl, sizeof lbl, "%zu", s.length);
    float tw = ImGui::CalcTextSize(lbl).x;
    if (tw + 4 < x1 - x0)
      dl->AddText(ImVec2((x0 + x1 - tw) * 0.5f, p.y + (h - ImGui::GetTextLineHeight()) * 0.5f), IM_COL32(0, 0, 0, 255), lbl);
    if (hovered && mx >= x0 && mx < x1) under = &s;
  }
  if (under) {
    ImGui::BeginTooltip();
    ImGui::Text("%s  [%zu+%zu]", under->role == SegmentRole::unused ? tr("keys.unused") : under->name.c_str(),
                under->offset, under->length);
    if (const char* hlp = help_for(under->name, ctx.trace, e, ctx.data.hello_events)) ImGui::TextColored(ctx.pal.link, "%s", hlp);
    ImGui::EndTooltip();
    if (ImGui::IsItemClicked() && under->role != SegmentRole::unused) {
      Command c = Command::of(Command::Kind::focus_item);
      c.item = ItemRef{e, di, ItemKind::part, under->name, 0, true};
      ctx.emit(c);
    }
  }
  // Legend: one swatch per part.
  for (auto& s : segs) {
    if (s.role == SegmentRole::unused) continue;
    ImVec2 q = ImGui::GetCursorScreenPos();
    float lh = ImGui::GetTextLineHeight();
    dl->AddRectFilled(ImVec2(q.x, q.y + lh * 0.2f), ImVec2(q.x + lh * 0.6f, q.y + lh * 0.8f), segment_colour(s.role));
    ImGui::Dummy(ImVec2(lh * 0.7f, lh));
    ImGui::SameLine(0, 3);
    ImGui::Text("%s", s.name.c_str());
    ImGui::SameLine(0, lh);
    if (ImGui::GetContentRegionAvail().x < lh * 9) ImGui::NewLine();
  }
  ImGui::NewLine();
}

// Formula, spec, inputs, steps, output and key_block parts of one derivation; clicking an
// input jumps to its source, clicking a value focuses it.
void draw_derivation_body(FrameContext& ctx, size_t e, size_t di, bool focused) {
  const sim::Derivation& d = sim::derivation_at(ctx.trace.events[e], di);
  const bool reveal = ctx.ui.reveal_secrets;
  const auto& sel = ctx.ui.sel;
    ImGui::Indent(ImGui::GetFontSize() * 0.5f);
  ImGui::PushFont(ctx.fonts.mono);
  ImGui::PushStyleColor(ImGuiCol_Text, ctx.pal.link);
  // A certificate check: its name and verdict in the UI's language; else the formula.
  if (!d.title.empty()) ImGui::TextWrapped("%s", tr_msg(d.title).c_str());
  ImGui::TextWrapped("%s", d.text.empty() ? d.formula.c_str() : tr_msg(d.text).c_str());
  ImGui::PopStyleColor();
  ImGui::PopFont();
  if (!d.spec.empty()) ImGui::TextDisabled("%s  \u00b7  %s %s", label_value(tr("keys.spec"), d.spec).c_str(), tr("keys.by"), actor_label(d.actor));
  if (focused && sel.source_missing) ImGui::TextColored(ctx.pal.bad, "%s", tr("keys.source_not_found"));

  ImGuiTableFlags tf = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
  auto section = [&](const char* title_key, ItemKind kind, const std::vector<sim::NamedBytes>* items) {
    if (items && items->empty()) return;
    ImGui::TextDisabled("%s", tr(title_key));
    if (!ImGui::BeginTable(title_key, 3, tf)) return;
    ImGui::TableSetupColumn(tr("keys.name"), ImGuiTableColumnFlags_WidthStretch, 0.22f);
    ImGui::TableSetupColumn(tr("keys.value"), ImGuiTableColumnFlags_WidthStretch, 0.50f);
    ImGui::TableSetupColumn(tr("keys.source"), ImGuiTableColumnFlags_WidthStretch, 0.28f);
    auto row = [&](const std::string& name, ItemKind k, sim::ByteView value, const sim::NamedBytes* nb) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", name.c_str());  // a narrow column: the name wraps, whole
      if (ImGui::IsItemHovered()) widgets::tooltip(help_for(name, ctx.trace, e, ctx.data.hello_events));
      ImGui::TableNextColumn();
      ItemRef ref{e, di, k, k == ItemKind::output ? std::string() : name, 0, true};
      bool is_sel = sel.item && sel.item->event == e && sel.item->derivation == di && sel.item->kind == k &&
                    sel.item->item == ref.item;
      bool masked = !reveal && is_secret(d, k, name);
      if ((nb && nb->is_text) || (k == ItemKind::output && sim::output_is_text(d))) {
        // A label, a hash or PRF name, a verdict: text, not the hex of its ASCII.
        std::string v = nb ? sim::value_display(*nb, lang()) : sim::output_display(d, lang());
        ImGui::PushFont(ctx.fonts.mono);
        ImGui::TextWrapped("%s", v.c_str());
        ImGui::PopFont();
        record_drawn(v);
      } else if (widgets::hex_value(name.c_str(), value, masked, tr("keys.hidden"), ctx.fonts.mono, 64,
                                    is_sel ? ctx.pal.byte_produced : 0)) {
        Command c = Command::of(k == ItemKind::input ? Command::Kind::jump_to_source : Command::Kind::focus_item);
        c.item = ref;
        ctx.emit(c);
      }
      ImGui::TableNextColumn();
      ImGui::PushStyleColor(ImGuiCol_Text, ctx.pal.muted);
      // Where an input came from, as the trace records it (Source), in the GUI's language.
      if (nb && nb->from.kind != sim::Source::Kind::none && k == ItemKind::input)
        ImGui::TextWrapped("%s", tr_msg(sim::source_message(nb->from)).c_str());
      else if (nb && !nb->note.empty())
        ImGui::TextWrapped("%s", tr_msg(nb->note).c_str());
      ImGui::PopStyleColor();
    };
    if (items) {
      for (auto& nb : *items) row(nb.name, kind, sim::view(nb.value), &nb);
    } else {
      row(tr("keys.output"), ItemKind::output, sim::view(d.output), nullptr);
    }
    ImGui::EndTable();
  };
  section("keys.inputs", ItemKind::input, &d.inputs);
  section("keys.steps", ItemKind::step, &d.steps);
  section("keys.output", ItemKind::output, nullptr);
  if (!d.parts.empty()) {
    segments_bar(ctx, e, di, d);
    if (ImGui::BeginTable("parts", 2, tf)) {
      ImGui::TableSetupColumn(tr("keys.name"), ImGuiTableColumnFlags_WidthStretch, 0.3f);
      ImGui::TableSetupColumn(tr("keys.value"), ImGuiTableColumnFlags_WidthStretch, 0.7f);
      for (auto& p : d.parts) {
        if (p.offset + p.length > d.output.size()) continue;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(p.name.c_str());
        if (ImGui::IsItemHovered()) widgets::tooltip(help_for(p.name, ctx.trace, e, ctx.data.hello_events));
        ImGui::TableNextColumn();
        bool is_sel = sel.item && sel.item->event == e && sel.item->derivation == di &&
                      sel.item->kind == ItemKind::part && sel.item->item == p.name;
        bool masked = !reveal && is_secret(d, ItemKind::part, p.name);
        if (widgets::hex_value(p.name.c_str(), sim::ByteView(d.output.data() + p.offset, p.length), masked,
                               tr("keys.hidden"), ctx.fonts.mono, 64, is_sel ? ctx.pal.byte_produced : 0)) {
          Command c = Command::of(Command::Kind::focus_item);
          c.item = ItemRef{e, di, ItemKind::part, p.name, 0, true};
          ctx.emit(c);
        }
      }
      ImGui::EndTable();
    }
  }
  ImGui::Unindent(ImGui::GetFontSize() * 0.5f);
  ImGui::Spacing();
}

// The TLS 1.3 key schedule (RFC 8446 7.1) as one side computed it: the Extract spine on the
// left, Derive-Secret branches and their keys indented, each with its value and what its
// transcript hash covers. Clicking a node focuses its derivation and shows its computation
// under it.
void draw_schedule(FrameContext& ctx) {
  const auto& t = ctx.trace;
  const int side = ctx.ui.keys_side;
  const std::vector<ScheduleRow>* rows_p = ctx.data.schedule[side];
  const auto& sel = ctx.ui.sel;
  const float fs = ImGui::GetFontSize();
  // Follow a focus set elsewhere (a byte clicked in Bytes, a provenance jump) to its side.
  if (ctx.ui.scroll_keys && sel.item) {
    const sim::Derivation& fd = derivation_of(t, *sel.item);
    int want = fd.actor == sim::Actor::server ? 1 : 0;
    if (want != side && ctx.data.schedule[want]) {
      for (auto& r : *ctx.data.schedule[want])
        if (r.event == sel.item->event && r.derivation == sel.item->derivation) {
          ctx.ui.keys_side = want;
          rows_p = ctx.data.schedule[want];
          break;
        }
    }
  }
  if ((!rows_p || rows_p->empty()) && ctx.data.schedule[1 - side] && !ctx.data.schedule[1 - side]->empty()) {
    // This side has computed nothing yet (it has not received the ServerHello): show the other.
    ctx.ui.keys_side = 1 - side;
    rows_p = ctx.data.schedule[1 - side];
  }
  if (!rows_p || rows_p->empty()) {
    ImGui::TextWrapped("%s", tr("keys.schedule_empty"));
    return;
  }
  const auto& rows = *rows_p;

  const float avail = ImGui::GetContentRegionAvail().x;
  const float indent_w = fs * 1.1f;
  ImGui::Separator();
  const bool many_connections = rows.back().connection > 1;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (size_t i = 0; i < rows.size(); ++i) {
    const ScheduleRow& r = rows[i];
    const sim::Derivation& d = sim::derivation_at(t.events[r.event], r.derivation);
    if (r.connection_start && many_connections) {
      ImGui::Spacing();
      // How the trace says this connection came about (a resumption, a fallback retry).
      std::string heading = sim::present::connection_heading(t, r.connection, lang());
      const char* head = heading.c_str();
      ImVec2 p = ImGui::GetCursorScreenPos();
      float lh = ImGui::GetTextLineHeight();
      dl->AddRectFilled(ImVec2(p.x - 2, p.y - 1), ImVec2(p.x + avail, p.y + lh + 1), ctx.pal.title_bg, 3);
      ImGui::PushStyleColor(ImGuiCol_Text, ctx.pal.title_text);
      ImGui::TextUnformatted(head);
      ImGui::PopStyleColor();
      record_drawn(head);
    }
    ImGui::PushID(int(i));
    bool focused = sel.item && sel.item->event == r.event && sel.item->derivation == r.derivation;
    float x0 = float(r.depth) * indent_w;
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + x0);
    const char* glyph = r.kind == ScheduleKind::spine ? "\u25cf" : r.kind == ScheduleKind::input ? "\u2295" : "\u21b3";
    char label[200];
    std::snprintf(label, sizeof label, "%s %s", glyph, r.name.c_str());
    if (r.kind == ScheduleKind::spine) ImGui::PushFont(ctx.fonts.title);
    ImGui::PushStyleColor(ImGuiCol_Text, r.kind == ScheduleKind::spine ? ctx.pal.link : ImGui::GetStyleColorVec4(ImGuiCol_Text));
    bool clicked = ImGui::Selectable(label, focused);
    ImGui::PopStyleColor();
    if (r.kind == ScheduleKind::spine) ImGui::PopFont();
    record_drawn(r.name);
    if (focused && ctx.ui.scroll_keys) {
      ImGui::SetScrollHereY(0.25f);
      ctx.ui.scroll_keys = false;
    }
    if (ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(fs * 34);
      ImGui::TextUnformatted(d.id.c_str());
      if (const char* h = help_for(r.name, ctx.trace, r.event, ctx.data.hello_events)) ImGui::TextColored(ctx.pal.link, "%s", h);
      ImGui::PushFont(ctx.fonts.mono);
      ImGui::TextUnformatted(d.text.empty() ? d.formula.c_str() : tr_msg(d.text).c_str());
      ImGui::PopFont();
      if (r.parent) ImGui::TextDisabled("%s = %s", r.parent_input.c_str(), rows[*r.parent].name.c_str());
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
    if (clicked) {
      Command c = Command::of(Command::Kind::focus_item);
      c.item = ItemRef{r.event, r.derivation, ItemKind::output, "", 0, true};
      ctx.emit(c);
    }
    // Second line: the value (masked like every other secret) and what its transcript hash covers.
    const float x_text = ImGui::GetCursorPosX() + x0 + ImGui::CalcTextSize(glyph).x + ImGui::GetStyle().ItemSpacing.x;
    ImGui::SetCursorPosX(x_text);
    const bool masked = !ctx.ui.reveal_secrets && is_secret(d, ItemKind::output);
    if (widgets::hex_value("v", sim::view(d.output), masked, tr("keys.hidden_short"), ctx.fonts.mono, 8,
                           focused ? ctx.pal.byte_produced : 0)) {
      Command c = Command::of(Command::Kind::focus_item);
      c.item = ItemRef{r.event, r.derivation, ItemKind::output, "", 0, true};
      ctx.emit(c);
    }
    if (masked) widgets::tooltip(tr("keys.hidden"));
    if (!r.messages.empty()) {
      bool none = r.messages.key == "note_in.no_messages";
      std::string covered = none ? std::string() : tr_msg(r.messages);
      std::string text = none ? std::string(tr("keys.no_messages")) : "Transcript-Hash(" + covered + ")";
      const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
      if (right - ImGui::GetItemRectMax().x < ImGui::CalcTextSize(text.c_str()).x + fs * 2) {
        ImGui::SetCursorPosX(x_text);
      } else {
        ImGui::SameLine(0, fs);
      }
      ImGui::PushStyleColor(ImGuiCol_Text, ctx.pal.muted);
      ImGui::TextWrapped("%s", text.c_str());
      ImGui::PopStyleColor();
      widgets::tooltip(tr("keys.transcript_hint"));
      if (!none) record_drawn(text);
    }
    // The second input of an Extract: the (EC)DHE secret, the previous connection's ticket PSK.
    if (r.ikm) {
      const ScheduleRow& k = rows[*r.ikm];
      ImGui::SetCursorPosX(x_text);
      ImGui::PushStyleColor(ImGuiCol_Text, ctx.pal.muted);
      char ikm[200];
      if (k.connection != r.connection)
        std::snprintf(ikm, sizeof ikm, "%s = %s  (%s %d)", tr("keys.ikm"), k.name.c_str(), tr("keys.connection"), k.connection);
      else
        std::snprintf(ikm, sizeof ikm, "%s = %s", tr("keys.ikm"), k.name.c_str());
      ImGui::TextUnformatted(ikm);
      record_drawn(ikm);
      ImGui::PopStyleColor();
      if (ImGui::IsItemClicked()) {
        Command c = Command::of(Command::Kind::focus_item);
        c.item = ItemRef{k.event, k.derivation, ItemKind::output, "", 0, true};
        ctx.emit(c);
      }
    }
    if (focused) {
      ImGui::Indent(x0 + fs);
      ImVec2 p0 = ImGui::GetCursorScreenPos();
      draw_derivation_body(ctx, r.event, r.derivation, true);
      ImVec2 p1 = ImGui::GetCursorScreenPos();
      // A bar on the left ties the computation to its node (drawn after: tables split the list).
      dl->AddRectFilled(ImVec2(p0.x - fs * 0.55f, p0.y), ImVec2(p0.x - fs * 0.3f, p1.y), ctx.pal.selected_border, 2);
      ImGui::Unindent(x0 + fs);
    }
    ImGui::PopID();
  }
}

// Where derivation (e, di) is in the list, by binary search: the rows are in trace order, the
// certificate checks' group too.
std::optional<size_t> find_row(const KeysList& list, size_t e, size_t di) {
  auto search = [&](size_t lo, size_t hi) -> std::optional<size_t> {
    auto b = list.rows.begin() + long(lo), end = list.rows.begin() + long(hi);
    auto it = std::lower_bound(b, end, std::pair{e, di},
                               [](const KeysRow& r, std::pair<size_t, size_t> k) { return std::pair{r.event, r.derivation} < k; });
    if (it == end || it->event != e || it->derivation != di) return std::nullopt;
    return size_t(it - list.rows.begin());
  };
  if (list.group_end == list.group_begin) return search(0, list.rows.size());
  if (auto r = search(list.group_begin, list.group_end)) return r;
  if (auto r = search(0, list.group_begin - 1)) return r;
  return search(list.group_end, list.rows.size());
}

// Rebuilds the list when the trace, the language or a filter changed since it was built.
void update_keys_list(FrameContext& ctx, KeysList& list) {
  const auto& ui = ctx.ui;
  const bool narrowed = !ui.keys_filter.empty() || ui.keys_only_selected;
  std::optional<std::pair<size_t, size_t>> focused;
  if (ui.sel.item) focused = std::pair{ui.sel.item->event, ui.sel.item->derivation};
  // The selection matters only to the filters.
  const int sel_event = narrowed ? ui.sel.event : -1;
  if (!narrowed) focused.reset();
  if (list.built && list.revision == ctx.data.revision && list.lang == lang() && list.filter == ui.keys_filter &&
      list.only_selected == ui.keys_only_selected && list.sel_event == sel_event && list.focused == focused)
    return;
  list.built = true;
  list.revision = ctx.data.revision;
  list.lang = lang();
  list.filter = ui.keys_filter;
  list.only_selected = ui.keys_only_selected;
  list.sel_event = sel_event;
  list.focused = focused;
  // What the filters let through, in trace order; then the certificate checks gathered under
  // one row after the key derivations (model/view_model.hpp keys_rows).
  const auto& t = ctx.trace;
  if (!narrowed) {
    keys_rows(ctx.data.derivations, ctx.data.derivation_classes, list.rows);
  } else {
    std::vector<std::pair<size_t, size_t>> shown;
    std::vector<DerivationClass> classes;
    for (size_t k = 0; k < ctx.data.derivations.size(); ++k) {
      auto [e, di] = ctx.data.derivations[k];
      const sim::Derivation& d = sim::derivation_at(t.events[e], di);
      const bool is_focused = focused && *focused == std::pair{e, di};
      if (ui.keys_only_selected && ui.sel.event != int(e) && !is_focused) continue;
      if (!ui.keys_filter.empty() && !icontains(d.id, ui.keys_filter) && !icontains(shown_formula(d), ui.keys_filter) &&
          !icontains(tr_msg(check_name(d)), ui.keys_filter) && !is_focused)
        continue;
      shown.emplace_back(e, di);
      classes.push_back(ctx.data.derivation_classes[k]);
    }
    keys_rows(shown, classes, list.rows);
  }
  list.group_begin = list.group_end = 0;
  for (size_t i = 0; i < list.rows.size(); ++i)
    if (list.rows[i].kind == KeysRow::Kind::check_group) {
      list.group_begin = list.group_end = i + 1;
      while (list.group_end < list.rows.size() && list.rows[list.group_end].kind == KeysRow::Kind::check) ++list.group_end;
      break;
    }
}

}  // namespace

void draw_keys_panel(FrameContext& ctx) {
  widgets::begin_panel("keys", tr("panel.keys"), ImVec2(0, 0), ctx.pal.title_bg, ctx.pal.title_text, ctx.fonts.title,
                       ImGuiWindowFlags_NoScrollbar);
  const auto& t = ctx.trace;
  const auto& all = ctx.data.derivations;  // cached per trace revision
  const bool tls13 = (ctx.data.schedule[0] && !ctx.data.schedule[0]->empty()) ||
                     (ctx.data.schedule[1] && !ctx.data.schedule[1]->empty());
  if (tls13) {
    ImGui::RadioButton(tr("keys.view_schedule"), &ctx.ui.keys_view, 0);
    widgets::tooltip(tr("keys.view_hint"));
    {
      const char* all_label = tr("keys.view_all");
      const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
      float w = ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(all_label).x;
      if (right - ImGui::GetItemRectMax().x >= w + ImGui::GetStyle().ItemSpacing.x) ImGui::SameLine();
    }
    ImGui::RadioButton(tr("keys.view_all"), &ctx.ui.keys_view, 1);
    widgets::tooltip(tr("keys.view_hint"));
    if (ctx.ui.keys_view == 0) {
      const char* side_label = tr("keys.side");
      // On the same line when it fits, else on its own line.
      const float radio = ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::GetStyle().ItemSpacing.x * 2;
      float need = ImGui::CalcTextSize(side_label).x + ImGui::CalcTextSize(actor_label(sim::Actor::client)).x +
                   ImGui::CalcTextSize(actor_label(sim::Actor::server)).x + radio * 2 + ImGui::GetFontSize() * 1.5f;
      const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
      if (right - ImGui::GetItemRectMax().x >= need) ImGui::SameLine(0, ImGui::GetFontSize() * 1.5f);
      ImGui::TextUnformatted(side_label);
      ImGui::SameLine();
      ImGui::RadioButton(actor_label(sim::Actor::client), &ctx.ui.keys_side, 0);
      ImGui::SameLine();
      ImGui::RadioButton(actor_label(sim::Actor::server), &ctx.ui.keys_side, 1);
      ImGui::SameLine();
      ImGui::TextDisabled("(?)");
      widgets::tooltip(tr("keys.schedule_hint"));
      ImGui::BeginChild("schedule", ImVec2(0, 0), false);
      draw_schedule(ctx);
      ImGui::EndChild();
      widgets::end_panel();
      return;
    }
  }
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
  ImGui::InputTextWithHint("##filter", tr("keys.filter"), &ctx.ui.keys_filter);
  // On the same line when its label fits, else under the filter.
  if (ImGui::GetContentRegionAvail().x - ImGui::GetItemRectSize().x - ImGui::GetStyle().ItemSpacing.x >=
      ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(tr("keys.only_selected")).x)
    ImGui::SameLine();
  ImGui::Checkbox(tr("keys.only_selected"), &ctx.ui.keys_only_selected);
  widgets::tooltip(tr("keys.jump_hint"));

  ImGui::BeginChild("list", ImVec2(0, 0), false);
  if (all.empty()) ImGui::TextWrapped("%s", tr("keys.none"));
  const auto& sel = ctx.ui.sel;
  KeysList local;
  KeysList& list = ctx.data.keys_list ? *ctx.data.keys_list : local;
  update_keys_list(ctx, list);
  const auto& rows = list.rows;
  // Open derivations are kept by (event, derivation), so the panel knows them without asking
  // ImGui about every row; a jump to an item opens its derivation.
  if (ctx.ui.scroll_keys && sel.item) ctx.ui.keys_open.insert({sel.item->event, sel.item->derivation});
  // A long trace has thousands of derivations: only the rows in view, the open ones and the
  // focused one are drawn; a run of closed rows out of view only reserves its height (one
  // Dummy), computed from the count since every closed row has the same height.
  const float header_h = ImGui::GetFrameHeight(), spacing = ImGui::GetStyle().ItemSpacing.y;
  const float row_step = header_h + spacing;
  const float view_top = ImGui::GetScrollY() - header_h * 2,
              view_bottom = ImGui::GetScrollY() + ImGui::GetWindowHeight() + header_h;
  const bool filtering = !ctx.ui.keys_filter.empty();
  float skipped = 0;
  auto flush_skipped = [&] {
    if (skipped > 0) ImGui::Dummy(ImVec2(1, skipped - spacing));
    skipped = 0;
  };
  // Where a run of closed rows of one height stops: the open and focused rows and the edges of
  // the certificate checks' group (hidden when it is closed); sorted.
  std::vector<size_t> stops;
  for (auto [e, di] : ctx.ui.keys_open)
    if (auto r = find_row(list, e, di)) stops.push_back(*r);
  const std::optional<size_t> focused_row = sel.item ? find_row(list, sel.item->event, sel.item->derivation) : std::nullopt;
  if (focused_row) stops.push_back(*focused_row);
  if (list.group_end > list.group_begin) stops.insert(stops.end(), {list.group_begin - 1, list.group_end});
  std::sort(stops.begin(), stops.end());
  bool group_open = false;
  auto draw_row = [&](size_t ri) {
    const KeysRow& row = rows[ri];
    const bool in_group = row.kind == KeysRow::Kind::check;
    const size_t e = row.event, di = row.derivation;
    const sim::Derivation& d = sim::derivation_at(t.events[e], di);
    bool focused = sel.item && sel.item->event == e && sel.item->derivation == di;
    flush_skipped();
    ImGui::PushID(int(e * 1000 + di));
    std::optional<bool> verdict = sim::check_passed(d);
    std::string whole, shorter;
    if (in_group) {
      // A check by its name and verdict; a revocation fetch by its title.
      std::string name = tr_msg(check_name(d));
      whole = std::string(verdict ? (*verdict ? "\u2714 " : "\u2718 ") : "\u21c4 ") + name + "   (#" + std::to_string(e) + ")";
      ImGui::Indent(ImGui::GetFontSize());
      record_drawn(name);
    } else {
      whole = step_span(t.events[e]) + " \u00b7 " + d.id + "   (#" + std::to_string(e) + " " +
              sim::present::record_title(t.events[e], lang()) + ")";
      shorter = step_span(t.events[e]) + " \u00b7 " + d.id + "   (#" + std::to_string(e) + ")";
    }
    // Fitted to the panel (arrow and padding aside): without the record's title, then without
    // the step, before any ellipsis; the tooltip has it whole.
    const float room = ImGui::GetContentRegionAvail().x - ImGui::GetTreeNodeToLabelSpacing() - ImGui::GetStyle().FramePadding.x * 2;
    std::string pick = whole;
    if (!in_group && ImGui::CalcTextSize(whole.c_str()).x > room)
      pick = ImGui::CalcTextSize(shorter.c_str()).x <= room ? shorter : d.id;
    const bool cut = pick != whole || ImGui::CalcTextSize(pick.c_str()).x > room;
    const std::string header = widgets::fit_text(pick, room) + "###d";
    const bool was_open = ctx.ui.keys_open.count({e, di}) > 0;
    ImGui::SetNextItemOpen(was_open, ImGuiCond_Always);
    if (focused) ImGui::PushStyleColor(ImGuiCol_Header, ImGui::GetStyleColorVec4(ImGuiCol_HeaderActive));
    // A failed check in red, except on the focused row's highlight (red on blue does not read).
    const bool red = verdict && !*verdict && !focused;
    if (red) ImGui::PushStyleColor(ImGuiCol_Text, ctx.pal.bad);
    bool open = ImGui::CollapsingHeader(header.c_str());
    if (red) ImGui::PopStyleColor();
    if (focused) ImGui::PopStyleColor();
    if (open != was_open) {
      if (open) ctx.ui.keys_open.insert({e, di});
      else ctx.ui.keys_open.erase({e, di});
    }
    if (focused && ctx.ui.scroll_keys) {
      ImGui::SetScrollHereY(0.1f);
      ctx.ui.scroll_keys = false;
    }
    if (ImGui::IsItemHovered()) {
      std::string tip = cut ? whole : std::string();
      const char* h = in_group ? d.id.c_str() : help_for(first_word(d.name), ctx.trace, e, ctx.data.hello_events);
      if (h) tip += (tip.empty() ? "" : "\n") + std::string(h);
      if (!tip.empty()) widgets::tooltip(tip.c_str());
    }
    if (open) draw_derivation_body(ctx, e, di, focused);
    if (in_group) ImGui::Unindent(ImGui::GetFontSize());
    ImGui::PopID();
  };
  for (size_t ri = 0; ri < rows.size();) {
    const KeysRow& row = rows[ri];
    if (row.kind == KeysRow::Kind::check_group) {
      flush_skipped();
      // Open it when a check inside is being focused (a jump from the Bytes or a source).
      if (ctx.ui.scroll_keys && focused_row && *focused_row >= list.group_begin && *focused_row < list.group_end)
        ImGui::SetNextItemOpen(true);
      if (filtering) ImGui::SetNextItemOpen(true, ImGuiCond_Always);
      std::string summary = tr_msg(row.failed ? sim::msg("keys.checks_failed")
                                                    .arg("n", std::to_string(row.checks))
                                                    .arg("failed", std::to_string(row.failed))
                                              : sim::msg("keys.checks_passed").arg("n", std::to_string(row.checks)));
      std::string label = summary + "###checks";
      if (row.failed) ImGui::PushStyleColor(ImGuiCol_Text, ctx.pal.bad);
      group_open = ImGui::CollapsingHeader(label.c_str());
      if (row.failed) ImGui::PopStyleColor();
      record_drawn(summary);
      widgets::tooltip(tr("keys.checks_hint"));
      ++ri;
      continue;
    }
    const bool hidden = row.kind == KeysRow::Kind::check && !group_open;
    if ((focused_row && *focused_row == ri) || ctx.ui.keys_open.count({row.event, row.derivation})) {  // always drawn
      if (!hidden) draw_row(ri);
      ++ri;
      continue;
    }
    auto stop = std::upper_bound(stops.begin(), stops.end(), ri);
    const size_t run_end = stop == stops.end() ? rows.size() : *stop;
    if (!hidden) {
      // Closed rows ri.. run_end - 1 at y0, y0 + row_step...: those within the view are drawn.
      const float y0 = ImGui::GetCursorPosY() + skipped;
      const size_t count = run_end - ri;
      auto rows_before = [&](float y) {  // how many of the run start before y
        return y <= y0 ? size_t(0) : std::min(count, size_t(std::ceil((y - y0) / row_step)));
      };
      const size_t first = rows_before(view_top);
      const size_t last = std::max(first, view_bottom < y0 ? size_t(0) : std::min(count, size_t((view_bottom - y0) / row_step) + 1));
      skipped += row_step * float(first);
      for (size_t k = first; k < last; ++k) draw_row(ri + k);
      skipped += row_step * float(count - last);
    }
    ri = run_end;
  }
  flush_skipped();
  ImGui::EndChild();
  widgets::end_panel();
}

}  // namespace gui
