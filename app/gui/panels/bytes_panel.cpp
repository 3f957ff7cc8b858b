// Bytes: offset / hex / ASCII of the selected record, as sent (wire) or as decrypted
// (plaintext). The selected field's bytes are highlighted; clicking a byte selects its field
// and shows which derivation produced those bytes, if any.
#include <cstdio>

#include "panels/panel.hpp"
#include "widgets/hex_view.hpp"
#include "widgets/widgets.hpp"

namespace gui {

namespace {

std::string item_label(const sim::Trace& t, const ItemRef& r) {
  const sim::Derivation& d = derivation_of(t, r);
  std::string s = d.id;
  if (!r.item.empty()) s += " \u2192 " + r.item;
  else s += " \u2192 " + std::string(tr("keys.output"));
  char buf[64];
  std::snprintf(buf, sizeof buf, "  (#%zu, %s)", r.event, step_span(t.events[r.event]).c_str());
  return s + buf;
}

}  // namespace

void draw_bytes_panel(FrameContext& ctx) {
  widgets::begin_panel("bytes", tr("panel.bytes"), ImVec2(0, 0), ctx.pal.title_bg, ctx.pal.title_text, ctx.fonts.title,
                       ImGuiWindowFlags_NoScrollbar);
  const sim::Event* ev = ctx.selected_event();
  if (!ev) {
    ImGui::TextWrapped("%s", tr("inspector.no_event"));
    widgets::end_panel();
    return;
  }
  const size_t idx = size_t(ctx.ui.sel.event);
  const sim::Field* field = ctx.ui.sel.field ? field_at_path(ev->tree, *ctx.ui.sel.field) : nullptr;

  // Selected field and provenance.
  if (field) {
    ImGui::Text("%s  [%u+%u]", label_value(tr("bytes.selected"), field->name).c_str(), field->offset, field->length);
  } else {
    ImGui::TextDisabled("%s", tr("bytes.click_hint"));
  }
  if (ctx.ui.sel.producer) {
    ImGui::TextUnformatted(tr("bytes.produced_by"));
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.pal.link);
    std::string lbl = item_label(ctx.trace, *ctx.ui.sel.producer);
    if (ImGui::Selectable(lbl.c_str(), false)) {
      Command c = Command::of(Command::Kind::focus_item);
      c.item = ctx.ui.sel.producer;
      ctx.emit(c);
    }
    ImGui::PopStyleColor();
  } else if (ctx.ui.sel.producer_searched && field) {
    ImGui::TextDisabled("%s", tr("bytes.not_derived"));
  } else {
    ImGui::NewLine();
  }

  if (ImGui::BeginTabBar("space")) {
    const bool has_plain = !ev->plaintext.empty();
    // The third tab only on a record that completed a message begun in earlier records.
    const int tabs = ev->reassembled.empty() ? 2 : 3;
    for (int tab = 0; tab < tabs; ++tab) {
      ImGuiTabItemFlags tf = 0;
      if (ctx.ui.bytes_tab_request && ctx.ui.bytes_tab == tab) tf |= ImGuiTabItemFlags_SetSelected;
      sim::ByteSpace space = sim::ByteSpace(tab);
      const char* label = tr(tab == 0 ? "bytes.wire" : tab == 1 ? "bytes.plaintext" : "bytes.reassembled");
      char id[96];
      std::snprintf(id, sizeof id, "%s (%zu)###tab%d", label, ev->buffer(space).size(), tab);
      if (!ImGui::BeginTabItem(id, nullptr, tf)) continue;
      if (!ctx.ui.bytes_tab_request) ctx.ui.bytes_tab = tab;
      if (tab == 1 && !has_plain) {
        ImGui::TextWrapped("%s", tr("bytes.no_plaintext"));
        ImGui::EndTabItem();
        continue;
      }
      const sim::Bytes& data = buffer_of(*ev, space);
      std::vector<widgets::HexHighlight> hl;
      std::optional<size_t> scroll;
      if (field && field->space == space) {
        hl.push_back({field->offset, field->length, ctx.pal.byte_selected});
        if (ctx.ui.reveal_field || ctx.ui.bytes_tab_request) scroll = field->offset;
      }
      ImGui::BeginChild("hex", ImVec2(0, 0), false);
      widgets::HexViewStyle st{ctx.fonts.mono, ctx.pal.dim_text, ctx.pal.selected_border, ctx.pal.dim_text};
      auto res = widgets::hex_view("hex", sim::view(data), hl, st, scroll);
      if (res.hovered) {
        if (auto p = field_at_offset(ev->tree, space, *res.hovered)) {
          if (const sim::Field* hf = field_at_path(ev->tree, *p)) {
            ImGui::BeginTooltip();
            ImGui::Text("%s %zu (0x%zx)%s%s", tr("bytes.offset"), *res.hovered, *res.hovered, tr("word.colon"), hf->name.c_str());
            if (const char* h = help_for(hf->name, ctx.trace, idx, ctx.data.hello_events)) ImGui::TextColored(ctx.pal.link, "%s", h);
            ImGui::EndTooltip();
          }
        }
      }
      if (res.clicked) {
        Command c = Command::of(Command::Kind::select_byte, long(idx));
        c.space = space;
        c.offset = *res.clicked;
        ctx.emit(c);
      }
      ImGui::EndChild();
      ImGui::EndTabItem();
    }
    ctx.ui.bytes_tab_request = false;
    ImGui::EndTabBar();
  }
  widgets::end_panel();
}

}  // namespace gui
