#include "hs/offer.hpp"

#include <algorithm>

namespace sim {

void apply_offer(const ClientConfig& cfg, ClientHello& ch) {
  if (!cfg.offer_suites.empty()) {
    ch.cipher_suites = cfg.offer_suites;
    // RFC 5746 3.3: a client sends the SCSV or an empty renegotiation_info, preferably not both;
    // a list with the SCSV (as OpenSSL 1.0 sent) signals secure renegotiation by itself.
    bool scsv = std::find(ch.cipher_suites.begin(), ch.cipher_suites.end(), kTlsEmptyRenegotiationInfoScsv) !=
                ch.cipher_suites.end();
    if (scsv)
      std::erase_if(ch.extensions, [](const Extension& e) {
        return e.type == uint16_t(ExtensionType::renegotiation_info) && e.data == Bytes{0};
      });
  }
  if (cfg.offer_extensions.empty()) return;
  std::vector<Extension> listed;
  for (const OfferedExtension& o : cfg.offer_extensions) {
    auto own = std::find_if(ch.extensions.begin(), ch.extensions.end(), [&](const Extension& e) { return e.type == o.type; });
    Extension e{o.type, o.body.value_or(Bytes{})};
    if (own != ch.extensions.end()) {
      if (!o.body) e.data = own->data;
      ch.extensions.erase(own);
    }
    listed.push_back(std::move(e));
  }
  ch.has_extensions_block = true;
  ch.extensions.insert(ch.extensions.end(), listed.begin(), listed.end());
}

std::optional<Failure> refuse_unimplemented_suite(const ClientHello& ch, uint16_t chosen) {
  if (suite_by_id(chosen)) return std::nullopt;
  if (std::find(ch.cipher_suites.begin(), ch.cipher_suites.end(), chosen) == ch.cipher_suites.end()) return std::nullopt;
  return fail(AlertDescription::handshake_failure, msg("reason.suite_offered_not_implemented").arg("suite", suite_name(chosen)));
}

}  // namespace sim
