#include "trace/json_dom.hpp"

#include <cstring>
#include <nlohmann/json.hpp>

namespace sim {

namespace {
// Large enough that an event of a real trace fits in one or two blocks.
constexpr size_t kBlockBytes = 256 * 1024;
}  // namespace

const JsonValue* JsonValue::find(std::string_view name) const {
  if (type != Type::object) return nullptr;
  for (uint32_t k = count; k-- > 0;)
    if (first[k].key == name) return &first[k];
  return nullptr;
}

double JsonValue::number() const {
  switch (type) {
    case Type::number_integer: return double(i);
    case Type::number_unsigned: return double(u);
    case Type::number_float: return d;
    default: return 0;
  }
}

nlohmann::json JsonValue::to_json() const {
  switch (type) {
    case Type::null: return nullptr;
    case Type::boolean: return b;
    case Type::number_integer: return i;
    case Type::number_unsigned: return u;
    case Type::number_float: return d;
    case Type::string: return std::string(s);
    case Type::object: {
      nlohmann::json o = nlohmann::json::object();
      for (auto& m : items()) o[std::string(m.key)] = m.to_json();
      return o;
    }
    case Type::array: {
      nlohmann::json a = nlohmann::json::array();
      for (auto& m : items()) a.push_back(m.to_json());
      return a;
    }
  }
  return nullptr;
}

JsonDomBuilder::JsonDomBuilder() = default;
JsonDomBuilder::~JsonDomBuilder() = default;

void* JsonDomBuilder::allocate(size_t n, size_t align) {
  for (;;) {
    if (block_ < blocks_.size()) {
      auto& [mem, size] = blocks_[block_];
      size_t at = (used_ + align - 1) & ~(align - 1);
      if (at + n <= size) {
        used_ = at + n;
        return mem.get() + at;
      }
      ++block_;
      used_ = 0;
      continue;
    }
    size_t size = std::max(kBlockBytes, n + align);
    // Not zeroed: only what is written is read (zeroing a block was a sixth of a small import).
    blocks_.emplace_back(std::make_unique_for_overwrite<std::byte[]>(size), size);
  }
}

std::string_view JsonDomBuilder::copy(std::string_view s) {
  if (s.empty()) return {};
  char* p = static_cast<char*>(allocate(s.size(), 1));
  std::memcpy(p, s.data(), s.size());
  return {p, s.size()};
}

void JsonDomBuilder::push(JsonValue v) {
  if (frames_.empty()) {
    root_ = v;
    done_ = true;
    return;
  }
  if (frames_.back().type == JsonValue::Type::object) v.key = key_;
  pending_.push_back(v);
}

template <class T>
void JsonDomBuilder::put(JsonValue::Type t, T JsonValue::*member, T x) {
  JsonValue v;
  v.type = t;
  v.*member = x;
  push(v);
}

void JsonDomBuilder::null() { push(JsonValue{}); }
void JsonDomBuilder::boolean(bool b) { put(JsonValue::Type::boolean, &JsonValue::b, b); }
void JsonDomBuilder::number_integer(int64_t n) { put(JsonValue::Type::number_integer, &JsonValue::i, n); }
void JsonDomBuilder::number_unsigned(uint64_t n) { put(JsonValue::Type::number_unsigned, &JsonValue::u, n); }
void JsonDomBuilder::number_float(double n) { put(JsonValue::Type::number_float, &JsonValue::d, n); }
void JsonDomBuilder::string(std::string_view s) { put(JsonValue::Type::string, &JsonValue::s, copy(s)); }
void JsonDomBuilder::key(std::string_view k) { key_ = copy(k); }

void JsonDomBuilder::start(JsonValue::Type container) {
  frames_.push_back({pending_.size(), container, frames_.empty() || frames_.back().type != JsonValue::Type::object ? std::string_view() : key_});
}

void JsonDomBuilder::end() {
  Frame f = frames_.back();
  frames_.pop_back();
  JsonValue v;
  v.type = f.type;
  v.count = uint32_t(pending_.size() - f.start);
  if (v.count) {
    auto* block = static_cast<JsonValue*>(allocate(sizeof(JsonValue) * v.count, alignof(JsonValue)));
    std::uninitialized_copy(pending_.begin() + long(f.start), pending_.end(), block);
    v.first = block;
  }
  pending_.resize(f.start);
  key_ = f.key;  // push() names it after the member it is the value of
  push(v);
}

void JsonDomBuilder::reset() {
  pending_.clear();
  frames_.clear();
  key_ = {};
  root_ = {};
  done_ = false;
  block_ = 0;
  used_ = 0;
}

}  // namespace sim
