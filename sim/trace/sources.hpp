// Locating derivation inputs on the wire. The engine names where each input came from
// (Source, trace.hpp): a field of a message it read or wrote, or a transcript of handshake
// messages. Once the events are in the trace, resolve_sources finds those fields in the events'
// field trees, checking the bytes, so every input points at an event and a field path a reader
// can open. Field paths are the tree's names from the record down, joined by '/', with "[k]"
// after a name that an earlier sibling also has ("TLS record/fragment/ClientHello/random").
#pragma once
#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "trace/trace.hpp"

namespace sim {

// Locates every field and transcript source of every derivation input in the trace (idempotent:
// located sources are left alone). Sources it cannot locate stay unresolved (Source::resolved).
void resolve_sources(Trace& t);

// resolve_sources for a trace that grows, as a run's recorder summarizes it at every step: the
// same sources as calling resolve_sources after each change, without redoing work. Only sources
// still unresolved are retried (a transcript's last message may arrive later), and a search that
// found nothing only looks again at the events appended, or changed (changed()), since.
class SourceResolver {
 public:
  SourceResolver();
  ~SourceResolver();
  SourceResolver(SourceResolver&&) noexcept;
  SourceResolver& operator=(SourceResolver&&) noexcept;
  // Event i's field tree or byte buffers were replaced since it was appended (an attacker's
  // record, dissected by its receiver).
  void changed(size_t i);
  void update(Trace& t);
  // For tests: update() calls resolve_sources on the whole trace instead, the reference the
  // incremental resolution must equal.
  static inline bool from_scratch = false;

  struct Searches;  // what each search found so far (sources.cpp)

 private:
  struct Input {
    uint32_t event, derivation, input;
    bool receiver;  // in receiver_derivations
  };
  std::unique_ptr<Searches> searches_;
  std::vector<Input> pending_;                 // inputs not located yet, in trace order
  std::vector<std::array<size_t, 2>> queued_;  // per event: derivations of each list already queued
};

// After events were taken out of a trace (one link of a man in the middle), makes field sources
// point at the same events' new indices (`index[old]`); one in an event left out is no longer
// located (the verifier then reports it).
void renumber_sources(Trace& t, const std::vector<std::optional<uint32_t>>& index);

// The bytes a field source points at: with offset or length, that slice of the node's bytes;
// otherwise the node's value: its bytes, or a length-prefixed vector's body (the node then starts
// with its "length" child). nullopt when the event, path or slice does not exist.
std::optional<ByteView> field_bytes(const Trace& t, uint32_t event, const std::string& path,
                                    std::optional<uint32_t> offset = std::nullopt,
                                    std::optional<uint32_t> length = std::nullopt);
// The node a path names in a field tree, or null; and the child indices that lead to it.
const Field* field_at(const Field& root, const std::string& path);
std::optional<std::vector<int>> field_indices(const Field& root, const std::string& path);
// The path of the node that child indices lead to (the inverse of field_indices); nullopt when
// they lead nowhere.
std::optional<std::string> field_path(const Field& root, const std::vector<int>& indices);

// The value a source stands for, rebuilt from the trace alone (derivation outputs and parts,
// fields, concatenations; literals and local values have none). For checks and tests.
std::optional<Bytes> source_value(const Trace& t, const Derivation& owner, const Source& s);

}  // namespace sim
