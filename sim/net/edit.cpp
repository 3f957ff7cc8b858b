#include "net/edit.hpp"

#include <algorithm>

#include "trace/sources.hpp"

namespace sim {

namespace {

// A vector's node starts with its length prefix; its value is the body after it (as
// sources.cpp's content_of reads it), possibly empty (a ClientHello's session_id).
bool is_vector(const Field& f) {
  return !f.children.empty() && f.children[0].name == "length" && f.children[0].offset == f.offset &&
         f.children[0].length <= f.length;
}

uint64_t read_be(ByteView b) {
  uint64_t v = 0;
  for (uint8_t x : b) v = v << 8 | x;
  return v;
}

// A length field of `node` that counts the bytes from its own end to the node's end.
const Field* length_prefix(const Field& node, ByteView record) {
  for (const Field& c : node.children) {
    if (c.name != "length" || c.space != ByteSpace::wire || c.length == 0 || c.length > 4) continue;
    size_t end = size_t(c.offset) + c.length, node_end = size_t(node.offset) + node.length;
    if (end > node_end || node_end > record.size()) continue;
    if (read_be(record.subspan(c.offset, c.length)) == node_end - end) return &c;
  }
  return nullptr;
}

Message shown(ByteView b) { return b.empty() ? msg("field.empty") : msg("text").arg("text", to_hex(b)); }

// One edit located in the record.
struct Located {
  const EditSpec* spec;
  size_t start, end;                 // the bytes it replaces
  std::vector<const Field*> chain;   // the root down to the field (empty for raw bytes)
  long delta() const { return long(spec->value.size()) - long(end - start); }
};

}  // namespace

std::variant<EditedRecord, EditError> apply_edits(const Event& record, const std::vector<EditSpec>& edits) {
  const Bytes& wire = record.bytes;
  std::vector<Located> at;
  for (const EditSpec& e : edits) {
    Located l{&e, 0, wire.size(), {}};
    if (!e.raw()) {
      auto idx = field_indices(record.tree, e.path);
      if (!idx) idx = field_indices(record.tree, record.tree.name + "/" + e.path);
      if (!idx)
        return EditError{EditError::Kind::no_field, msg("edit.no_field")
                                                         .arg("edit", e.text)
                                                         .arg("step", std::to_string(e.step))
                                                         .arg("record", record.name)
                                                         .arg("path", e.path)};
      const Field* f = &record.tree;
      l.chain.push_back(f);
      for (int i : *idx) l.chain.push_back(f = &f->children[size_t(i)]);
      // The decrypted plaintext is the receiver's reading of the ciphertext, not bytes on the
      // wire: changing it means changing the ciphertext.
      for (const Field* n : l.chain)
        if (n->space != ByteSpace::wire)
          return EditError{EditError::Kind::protected_field,
                           msg("edit.protected_field").arg("edit", e.text).arg("path", e.path)};
      l.start = f->offset + (is_vector(*f) ? f->children[0].length : 0);
      l.end = size_t(f->offset) + f->length;
      if (l.end > wire.size() || l.start > l.end)
        return EditError{EditError::Kind::no_field, msg("edit.no_field")
                                                         .arg("edit", e.text)
                                                         .arg("step", std::to_string(e.step))
                                                         .arg("record", record.name)
                                                         .arg("path", e.path)};
    }
    for (const Located& o : at)
      if ((o.start < l.end && l.start < o.end) || (o.start == l.start && o.end == l.end))
        return EditError{EditError::Kind::overlap,
                         msg("edit.overlap").arg("edit", e.text).arg("other", o.spec->text).arg("step", std::to_string(e.step))};
    at.push_back(std::move(l));
  }

  // The length fields to re-encode: each of an edited field's enclosing nodes that has one
  // before the edit, unless an edit rewrites that length field itself (its bytes then win).
  struct Length {
    const Field* field;
    uint64_t value;
  };
  std::vector<Length> lengths;
  for (const Located& l : at) {
    if (l.delta() == 0) continue;
    for (const Field* node : l.chain) {
      const Field* len = length_prefix(*node, wire);
      if (!len || size_t(len->offset) + len->length > l.start) continue;
      bool rewritten = std::any_of(at.begin(), at.end(), [&](const Located& o) {
        return o.start < size_t(len->offset) + len->length && len->offset < o.end;
      });
      if (rewritten) continue;
      auto it = std::find_if(lengths.begin(), lengths.end(), [&](const Length& x) { return x.field == len; });
      if (it == lengths.end()) {
        lengths.push_back({len, read_be(ByteView(wire).subspan(len->offset, len->length))});
        it = lengths.end() - 1;
      }
      long v = long(it->value) + l.delta();
      if (v < 0 || (len->length < 8 && uint64_t(v) >> (8 * len->length)) != 0)
        return EditError{EditError::Kind::length_overflow, msg("edit.length_overflow")
                                                               .arg("edit", l.spec->text)
                                                               .arg("node", node->name)
                                                               .arg("length", std::to_string(v))
                                                               .arg("n", std::to_string(len->length))};
      it->value = uint64_t(v);
    }
  }

  // Splice in offset order; a length field moves by the edits wholly before it.
  std::vector<const Located*> order;
  for (auto& l : at) order.push_back(&l);
  std::sort(order.begin(), order.end(), [](const Located* a, const Located* b) {
    return a->start != b->start ? a->start < b->start : a->end < b->end;
  });
  Bytes out;
  size_t pos = 0;
  for (const Located* l : order) {
    out.insert(out.end(), wire.begin() + long(pos), wire.begin() + long(l->start));
    out.insert(out.end(), l->spec->value.begin(), l->spec->value.end());
    pos = l->end;
  }
  out.insert(out.end(), wire.begin() + long(pos), wire.end());
  for (const Length& len : lengths) {
    long shift = 0;
    for (const Located& l : at)
      if (l.end <= len.field->offset) shift += l.delta();
    size_t p = size_t(long(len.field->offset) + shift);
    for (size_t i = 0; i < len.field->length; ++i)
      out[p + i] = uint8_t(len.value >> (8 * (len.field->length - 1 - i)));
  }

  EditedRecord r{std::move(out), {}};
  for (const Located& l : at) {
    ByteView old = ByteView(wire).subspan(l.start, l.end - l.start);
    Message one = msg("attack.edit").arg("field", l.spec->path).arg("old", shown(old)).arg("new", shown(l.spec->value));
    r.reason = r.reason.empty() ? std::move(one) : msg("attack.edit_and").arg("first", std::move(r.reason)).arg("second", std::move(one));
  }
  return r;
}

std::vector<EditSpec> parse_edits(const std::vector<std::string>& texts) {
  std::vector<EditSpec> out;
  for (auto& t : texts)
    if (auto p = parse_edit(t); std::holds_alternative<EditSpec>(p)) out.push_back(std::get<EditSpec>(std::move(p)));
  return out;
}

EditAttacker::EditAttacker(std::vector<EditSpec> edits) : edits_(std::move(edits)), met_(edits_.size(), false) {}

void EditAttacker::on_record(const Event& record, Wire& wire) {
  size_t n = seen_++;
  std::vector<EditSpec> mine;
  for (size_t i = 0; i < edits_.size(); ++i)
    if (edits_[i].step == n) {
      mine.push_back(edits_[i]);
      met_[i] = true;
    }
  if (mine.empty()) return;
  auto r = apply_edits(record, mine);
  if (auto* e = std::get_if<EditError>(&r)) {
    // Refused: the record goes on as it was, and the run says why afterwards.
    errors_.push_back(std::move(*e));
    return;
  }
  auto& done = std::get<EditedRecord>(r);
  wire.replace(std::move(done.bytes), AttackReason(std::move(done.reason)));
}

std::vector<EditError> EditAttacker::errors() const {
  std::vector<EditError> out = errors_;
  for (size_t i = 0; i < edits_.size(); ++i)
    if (!met_[i])
      out.push_back({EditError::Kind::no_record, msg("edit.no_record")
                                                     .arg("edit", edits_[i].text)
                                                     .arg("step", std::to_string(edits_[i].step))
                                                     .arg("n", std::to_string(seen_))});
  return out;
}

}  // namespace sim
