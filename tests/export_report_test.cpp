// Slides and handouts: the SVG ladder is well-formed XML naming every message; the HTML and
// Markdown reports hold every derivation and alert; and the CLI writes them (run and show).
#include <gtest/gtest.h>

#include "trace/value_text.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <set>

#include "export/pcapng.hpp"
#include "export/report.hpp"
#include "export/svg.hpp"
#include "export_fixtures.hpp"
#include "present/glossary.hpp"
#include "trace/derivation_kind.hpp"
#include "test_util.hpp"
#include "trace/trace_io.hpp"

using namespace sim;

namespace {

std::string bin() { return TLSLAB_BIN; }

bool xml_parses(const std::filesystem::path& file) {
  auto r = testutil::run("python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' " +
                         testutil::shell_quote(file.string()) + " 2>&1");
  if (r.status != 0) ADD_FAILURE() << r.output;
  return r.status == 0;
}

std::vector<std::string> message_names(const Event& e) {
  if (e.alert) return {"Alert: " + name_of(e.alert->level) + " " + name_of(e.alert->description)};
  std::vector<std::string> out;
  std::string n = e.name;
  for (size_t p; (p = n.find(", ")) != std::string::npos; n = n.substr(p + 2)) out.push_back(n.substr(0, p));
  out.push_back(n);
  return out;
}

void check_svg(const Trace& t) {
  std::string svg = ladder_svg(t);
  auto dir = testutil::temp_dir("svg");
  testutil::write_file(dir / "l.svg", svg);
  EXPECT_TRUE(xml_parses(dir / "l.svg"));
  EXPECT_EQ(svg.rfind("<?xml", 0), 0u);
  EXPECT_NE(svg.find("<style>"), std::string::npos);
  for (auto& e : t.events)
    for (auto& m : message_names(e)) EXPECT_NE(svg.find(xml_escape(m)), std::string::npos) << m;
  std::filesystem::remove_all(dir);
}

}  // namespace

TEST(ExportReport, SvgIsValidXmlWithEveryMessage) {
  for (const char* suite : {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA"})
    check_svg(exportfix::completed_trace(suite));
  Trace failed = exportfix::failed_trace();
  check_svg(failed);
  std::string svg = ladder_svg(failed);
  EXPECT_NE(svg.find(">Attacker<"), std::string::npos);
  EXPECT_NE(svg.find("p-alert"), std::string::npos);
  EXPECT_NE(svg.find("bad_record_mac"), std::string::npos);
}

TEST(ExportReport, ProtectionClasses) {
  Trace t = exportfix::completed_trace("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
  for (auto& e : t.events) {
    std::string_view c = protection_class(e);
    // TLS 1.2: Finished and application data under the same write keys (RFC 5246 6.1), one class.
    if (!e.protection.is_protected()) EXPECT_EQ(c, "none") << e.name;
    else EXPECT_EQ(c, "protected") << e.name;
  }
}

TEST(ExportReport, HtmlAndMarkdownHoldEveryDerivationAndAlert) {
  // Secrets shown (the answer key): every value is there. Masked, see SecretsAreMaskedByDefault.
  const ReportOptions shown{Lang::en, true};
  for (const Trace& t : {exportfix::completed_trace("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"), exportfix::failed_trace()}) {
    std::string html = report_html(t, shown), md = report_markdown(t, shown);
    EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_NE(html.find("<style>"), std::string::npos);
    EXPECT_EQ(html.find("<link"), std::string::npos);    // self-contained
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("src=\""), std::string::npos);
    EXPECT_NE(html.find("<svg"), std::string::npos);     // the ladder inline
    size_t derivations = 0;
    for (auto& e : t.events) {
      for (const sim::Derivation& d : sim::all_derivations(e)) {
        ++derivations;
        EXPECT_NE(html.find(xml_escape(d.name)), std::string::npos) << d.name;
        EXPECT_NE(html.find(xml_escape(d.formula)), std::string::npos) << d.formula;
        // A certificate check's verdict is a word ("pass"), every other output bytes.
        const std::string out = sim::output_is_text(d) ? std::string(d.output.begin(), d.output.end()) : to_hex(d.output);
        EXPECT_NE(html.find(out), std::string::npos) << d.id;
        EXPECT_NE(md.find(d.name), std::string::npos) << d.name;
        EXPECT_NE(md.find(out), std::string::npos) << d.id;
      }
      if (e.alert) {
        EXPECT_NE(html.find(xml_escape(e.alert->reason.english())), std::string::npos);
        EXPECT_NE(md.find(e.alert->reason.english()), std::string::npos);
      }
    }
    EXPECT_GT(derivations, 10u);
    // The HTML is well-formed enough for an XML parser apart from the doctype and void tags.
    EXPECT_EQ(std::count(html.begin(), html.end(), '<') - std::count(html.begin(), html.end(), '>'), 0);
  }
}

namespace {

// Every id="..." and every href="#..." of an HTML page.
std::set<std::string> attribute_values(const std::string& html, const std::string& attr) {
  std::set<std::string> out;
  for (size_t p = html.find(attr); p != std::string::npos; p = html.find(attr, p + 1)) {
    size_t start = p + attr.size(), end = html.find('"', start);
    out.insert(html.substr(start, end - start));
  }
  return out;
}

void collect_fields(const Field& f, std::vector<const Field*>& out) {
  out.push_back(&f);
  for (auto& c : f.children) collect_fields(c, out);
}

}  // namespace

// A handout: contents first, then the ladder, the messages, the derivations, in that order;
// every link of the contents and the records table lands on an anchor; each part starts a page
// when printed, on a white background, without the folded hex dumps.
TEST(ExportReport, HtmlIsAPrintableHandoutInParts) {
  Trace t = exportfix::completed_trace("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA");
  std::string html = report_html(t);
  size_t toc = html.find("<nav class=\"toc\">"), ladder = html.find("id=\"ladder\""), svg = html.find("<svg"),
         messages = html.find("id=\"messages\""), first_tree = html.find("<ul class=\"tree\">"),
         derivations = html.find("id=\"derivations\""), first_derivation = html.find("<div class=\"derivation\"");
  for (size_t p : {toc, ladder, svg, messages, first_tree, derivations, first_derivation}) ASSERT_NE(p, std::string::npos);
  EXPECT_LT(toc, ladder);
  EXPECT_LT(ladder, svg);
  EXPECT_LT(svg, messages);
  EXPECT_LT(messages, first_tree);
  EXPECT_LT(first_tree, derivations);
  EXPECT_LT(derivations, first_derivation);
  auto ids = attribute_values(html, " id=\"");
  auto links = attribute_values(html, "href=\"#");
  EXPECT_GT(links.size(), t.events.size());
  for (auto& l : links) EXPECT_TRUE(ids.count(l)) << "link to a missing anchor #" << l;
  for (size_t i = 0; i < t.events.size(); ++i) EXPECT_TRUE(links.count("event-" + std::to_string(i) + "-details")) << i;
  for (auto& e : t.events)
    for (const Derivation& d : all_derivations(e)) EXPECT_TRUE(links.count(d.id)) << "no link to " << d.id;
  // Print: parts on new pages, no dark or grey backgrounds, the hex dumps left out.
  size_t print = html.find("@media print");
  ASSERT_NE(print, std::string::npos);
  std::string css = html.substr(print, html.find("</style>") - print);
  EXPECT_NE(css.find("h2.part { break-before: page;"), std::string::npos) << css;
  EXPECT_NE(css.find("background: #fff"), std::string::npos) << css;
  EXPECT_NE(css.find("details.bytes { display: none; }"), std::string::npos) << css;
  EXPECT_EQ(std::count(html.begin(), html.end(), '<') - std::count(html.begin(), html.end(), '>'), 0);
}

// Every field and derivation the glossary knows is explained in the handout, in both formats,
// under the field (the glossary's own text, not a tooltip).
TEST(ExportReport, EveryKnownNameIsExplained) {
  for (const Trace& t : {exportfix::completed_trace("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"), exportfix::failed_trace()}) {
    std::string html = report_html(t), md = report_markdown(t);
    size_t explained = 0;
    for (auto& e : t.events) {
      std::vector<const Field*> fields;
      collect_fields(e.tree, fields);
      auto ctx = present::glossary_context(t, e);
      for (const Field* f : fields)
        if (const present::GlossaryEntry* g = present::glossary_entry(f->name, ctx)) {
          ++explained;
          EXPECT_NE(html.find("<p class=\"explain field\">" + xml_escape(g->en)), std::string::npos) << f->name;
          EXPECT_NE(md.find(" \xe2\x80\x94 " + std::string(g->en)), std::string::npos) << f->name;
        }
      for (const Derivation& d : all_derivations(e))
        if (const present::GlossaryEntry* g = present::glossary_entry(d.name.substr(0, d.name.find(' ')), ctx))
          EXPECT_NE(html.find("<p class=\"explain\">" + xml_escape(g->en)), std::string::npos) << d.name;
    }
    EXPECT_GT(explained, 30u);
  }
}

// Masked (the default): no secret value appears (outputs, inputs and steps the derivation's
// kind declares secret, the key log), each replaced by its length; public values stay.
TEST(ExportReport, SecretsAreMaskedByDefaultAndShownOnRequest) {
  Trace t = exportfix::completed_trace("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA");
  std::string html = report_html(t), md = report_markdown(t);
  std::string html_shown = report_html(t, ReportOptions{Lang::en, true}), md_shown = report_markdown(t, ReportOptions{Lang::en, true});
  size_t secrets = 0, public_values = 0;
  auto check = [&](const Bytes& v, bool secret, const std::string& what) {
    if (v.size() < 8) return;  // too short to be unique in the page
    std::string hex = to_hex(v);
    if (secret) {
      ++secrets;
      EXPECT_EQ(html.find(hex), std::string::npos) << what;
      EXPECT_EQ(md.find(hex), std::string::npos) << what;
    } else {
      ++public_values;
      EXPECT_NE(html.find(hex), std::string::npos) << what;
    }
    EXPECT_NE(html_shown.find(hex), std::string::npos) << what;
    EXPECT_NE(md_shown.find(hex), std::string::npos) << what;
  };
  for (auto& e : t.events)
    for (const Derivation& d : all_derivations(e)) {
      check(d.output, info(d.kind).secret_output, d.id + " output");
      for (auto& n : d.inputs)
        if (!n.is_text) check(n.value, is_secret_input(d.kind, d.actor, n.name), d.id + " input " + n.name);
    }
  EXPECT_GT(secrets, 5u);
  EXPECT_GT(public_values, 5u);
  EXPECT_NE(html.find("hidden (48 bytes)"), std::string::npos);  // the master secret
  ASSERT_FALSE(t.keylog.empty());
  EXPECT_EQ(html.find(t.keylog[0]), std::string::npos);
  EXPECT_NE(html_shown.find(t.keylog[0]), std::string::npos);
}

// The default scenario's handout (tlslab run with no option) stays under 1 MB, secrets shown or
// not, in either language, in both formats.
TEST(ExportReport, DefaultScenarioHandoutIsUnderOneMegabyte) {
  auto dir = testutil::temp_dir("report-size");
  for (const char* lang : {"en", "fr"})
    for (const char* secrets : {"masked", "shown"})
      for (const char* ext : {"html", "md"}) {
        auto f = dir / (std::string("r.") + ext);
        auto r = testutil::run(std::string(TLSLAB_BIN) + " run --lang " + lang + " --report-secrets " + secrets + " --report " + f.string() + " 2>&1");
        ASSERT_EQ(r.status, 0) << r.output;
        std::string text = testutil::read_file(f);
        size_t size = text.size();
        // The key log (master secrets) only in the answer key.
        EXPECT_EQ(text.find("CLIENT_RANDOM ") != std::string::npos, std::string(secrets) == "shown") << lang << " " << ext;
        std::printf("[          ] default scenario, %s, secrets %s, %s: %zu B\n", lang, secrets, ext, size);
        EXPECT_GT(size, 50000u);
        EXPECT_LT(size, 1000000u);
      }
  std::filesystem::remove_all(dir);
}

TEST(ExportReport, ReportFormatFromExtension) {
  EXPECT_EQ(report_format_for_path("a/b/report.html"), ReportFormat::html);
  EXPECT_EQ(report_format_for_path("R.HTM"), ReportFormat::html);
  EXPECT_EQ(report_format_for_path("notes.md"), ReportFormat::markdown);
  EXPECT_FALSE(report_format_for_path("report.pdf"));
  EXPECT_FALSE(report_format_for_path("dir.md/report"));
}

TEST(ExportReport, ExportTimes) {
  Trace t = exportfix::completed_trace("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
  auto time = [](auto fn) {
    auto start = std::chrono::steady_clock::now();
    size_t size = 0;
    for (int i = 0; i < 20; ++i) size = fn();
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() / 20;
    return std::pair{ms, size};
  };
  std::string json = trace_json_text(t);
  auto [json_ms, json_size] = time([&] { return trace_json_text(t).size(); });
  auto [import_ms, import_size] = time([&] { return trace_from_json_text(json)->events.size(); });
  auto [pcap_ms, pcap_size] = time([&] { return capture_file(t).file.size(); });
  auto [svg_ms, svg_size] = time([&] { return ladder_svg(t).size(); });
  auto [html_ms, html_size] = time([&] { return report_html(t).size(); });
  auto [md_ms, md_size] = time([&] { return report_markdown(t).size(); });
  std::printf("[          ] %zu events: json %.2f ms (%zu B), import %.2f ms, pcapng %.2f ms (%zu B), svg %.2f ms (%zu B), "
              "html %.2f ms (%zu B), markdown %.2f ms (%zu B)\n",
              t.events.size(), json_ms, json_size, import_ms, pcap_ms, pcap_size, svg_ms, svg_size, html_ms, html_size, md_ms,
              md_size);
  (void)import_size;
  EXPECT_LT(json_ms + import_ms + pcap_ms + svg_ms + html_ms + md_ms, 2000.0);
}

// ---- the command line ----------------------------------------------------------------

TEST(ExportCli, RunWritesEveryFormatAndShowReadsItBack) {
  auto dir = testutil::temp_dir("export-cli");
  auto p = [&](const char* n) { return (dir / n).string(); };
  auto r = testutil::run(bin() + " run --seed 4 --suite TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 --json " + p("t.json") +
                         " --pcap " + p("t.pcapng") + " --svg " + p("t.svg") + " --report " + p("t.html") + " 2>&1");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("pcapng capture written to " + p("t.pcapng")), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("keys inside"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("SVG ladder written to " + p("t.svg")), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("HTML report written to " + p("t.html")), std::string::npos) << r.output;
  EXPECT_TRUE(xml_parses(p("t.svg")));

  auto s = testutil::run(bin() + " show " + p("t.json") + " --event 2 --json " + p("again.json") + " --pcap " + p("again.pcapng") +
                         " --svg " + p("again.svg") + " --report " + p("t.md") + " 2>&1");
  ASSERT_EQ(s.status, 0) << s.output;
  EXPECT_NE(s.output.find("ClientHello"), std::string::npos);
  EXPECT_NE(s.output.find("=== event 2: ClientKeyExchange"), std::string::npos) << s.output;  // after the packed server flight
  EXPECT_NE(s.output.find("cipher suite:           TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"), std::string::npos);
  EXPECT_NE(s.output.find("Markdown report written to " + p("t.md")), std::string::npos) << s.output;
  EXPECT_EQ(testutil::read_file(p("again.json")), testutil::read_file(p("t.json")));
  EXPECT_EQ(testutil::read_file(p("again.pcapng")), testutil::read_file(p("t.pcapng")));
  EXPECT_EQ(testutil::read_file(p("again.svg")), testutil::read_file(p("t.svg")));

  auto c = testutil::run(bin() + " show " + p("t.json") + " --pcap " + p("t.pcap") + " --pcap-format pcap --pcap-port 8443 2>&1");
  ASSERT_EQ(c.status, 0) << c.output;
  EXPECT_NE(c.output.find("pcap capture written to " + p("t.pcap")), std::string::npos) << c.output;
  EXPECT_EQ(c.output.find("keys inside"), std::string::npos) << c.output;
  std::filesystem::remove_all(dir);
}

TEST(ExportCli, ShowRejectsBadFilesWithThePath) {
  auto dir = testutil::temp_dir("export-cli");
  auto good = testutil::run(bin() + " run --json " + (dir / "t.json").string() + " >/dev/null 2>&1");
  ASSERT_EQ(good.status, 0);
  std::string text = testutil::read_file(dir / "t.json");
  auto show = [&](const std::string& name, const std::string& content) {
    testutil::write_file(dir / name, content);
    return testutil::run(bin() + " show " + (dir / name).string() + " 2>&1");
  };
  auto v3 = nlohmann::json::parse(text);
  ASSERT_EQ(v3["version"], 2);
  v3["version"] = 3;
  auto r = show("v3.json", v3.dump());
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("v3.json: version: unsupported trace format version 3"), std::string::npos) << r.output;

  r = show("cut.json", text.substr(0, text.size() / 2));
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("truncated"), std::string::npos) << r.output;

  auto wrong = text;
  wrong.replace(wrong.find("\"step\":0"), 8, "\"step\":\"0\"");
  r = show("wrong.json", wrong);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("events[0].step: expected a number, found a string"), std::string::npos) << r.output;

  r = testutil::run(bin() + " show " + (dir / "missing.json").string() + " 2>&1");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("missing.json: no such file"), std::string::npos) << r.output;  // not a generic "cannot read"

  // Bad usage: status 2.
  EXPECT_EQ(testutil::run(bin() + " show 2>&1").status, 2);
  EXPECT_EQ(testutil::run(bin() + " show " + (dir / "t.json").string() + " --event 999 >/dev/null 2>&1").status, 2);
  EXPECT_EQ(testutil::run(bin() + " show " + (dir / "t.json").string() + " --report x.pdf 2>&1").status, 2);
  EXPECT_EQ(testutil::run(bin() + " run --pcap-format pcapx 2>&1").status, 2);
  EXPECT_EQ(testutil::run(bin() + " run --report-secrets some --report " + (dir / "r.html").string() + " 2>&1").status, 2);
  std::filesystem::remove_all(dir);
}
