// The glossary's data, split by subject so each table stays readable: glossary.cpp holds the
// first entries (records, hellos, the TLS 1.3 key schedule), these the rest. Internal to
// sim/present: readers use glossary.hpp.
#pragma once
#include <span>

#include "present/glossary.hpp"

namespace sim::present {

// Handshake messages, extensions and their fields, the record layer's own names, HTTP.
std::span<const GlossaryEntry> glossary_message_entries();
// X.509 certificates, OCSP and the certificate path validation checks.
std::span<const GlossaryEntry> glossary_pki_entries();
// Derivations, their inputs and steps (SSL 3.0's KDF and hashes, the TLS 1.0 PRF halves...).
std::span<const GlossaryEntry> glossary_derivation_entries();
// Spec references for entries written without one ({key, nullptr, nullptr, spec}).
std::span<const GlossaryEntry> glossary_specs();

}  // namespace sim::present
