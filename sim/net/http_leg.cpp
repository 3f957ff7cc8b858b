#include "net/http_leg.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace sim {

namespace {

std::string_view text_of(ByteView b) { return {reinterpret_cast<const char*>(b.data()), b.size()}; }

bool iequal(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return std::tolower(x) == std::tolower(y); });
}

// A decimal number that is the whole of `s`.
std::optional<uint64_t> decimal(std::string_view s) {
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

}  // namespace

std::string visit_password() { return "correct-horse-battery"; }

std::vector<Bytes> browser_visit(const std::string& host, const std::string& cookie) {
  std::string common = "Host: " + host + "\r\nUser-Agent: tlslab\r\n" + (cookie.empty() ? "" : "Cookie: " + cookie + "\r\n");
  std::string form = "user=alice&password=" + visit_password();
  return {to_bytes("GET / HTTP/1.1\r\n" + common + "Accept: text/html\r\n\r\n"),
          to_bytes("POST /login HTTP/1.1\r\n" + common +
                   "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + std::to_string(form.size()) +
                   "\r\n\r\n" + form)};
}

std::optional<size_t> http_message_length(ByteView stream) {
  std::string_view t = text_of(stream);
  size_t end = t.find("\r\n\r\n");
  if (end == std::string_view::npos) return std::nullopt;
  size_t body = 0;
  std::string len = http_header(stream.first(end + 2), "Content-Length");
  if (!len.empty()) {
    auto v = decimal(len);
    if (!v || *v > (1u << 24)) return std::nullopt;  // not a message we can frame
    body = size_t(*v);
  }
  if (t.size() < end + 4 + body) return std::nullopt;
  return end + 4 + body;
}

std::string http_header(ByteView message, std::string_view name) {
  std::string_view t = text_of(message);
  size_t pos = t.find("\r\n");
  while (pos != std::string_view::npos && pos + 2 < t.size()) {
    size_t next = t.find("\r\n", pos + 2);
    std::string_view line = t.substr(pos + 2, next == std::string_view::npos ? std::string_view::npos : next - pos - 2);
    if (line.empty()) break;
    size_t colon = line.find(':');
    if (colon != std::string_view::npos && iequal(line.substr(0, colon), name)) {
      std::string_view v = line.substr(colon + 1);
      while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
      return std::string(v);
    }
    pos = next;
  }
  return "";
}

int http_status(ByteView message) {
  std::string_view t = text_of(message);
  if (t.substr(0, 5) != "HTTP/" || t.size() < 12 || t[8] != ' ') return 0;
  auto v = decimal(t.substr(9, 3));
  return v ? int(*v) : 0;
}

size_t http_head_tree(ByteView message, bool response, Field& root) {
  std::string_view t = text_of(message);
  size_t eol = t.find("\r\n");
  std::string first(t.substr(0, eol));
  root.name = "HTTP";
  root.value = first;
  root.length = uint32_t(message.size());
  root.add(response ? "status_line" : "request_line", first, 0, first.size());
  size_t pos = eol;
  while (pos != std::string_view::npos && pos + 2 <= t.size()) {
    size_t next = t.find("\r\n", pos + 2);
    if (next == std::string_view::npos) break;
    std::string_view line = t.substr(pos + 2, next - pos - 2);
    if (line.empty()) return next + 2 < t.size() ? next + 2 : std::string_view::npos;
    size_t colon = line.find(':');
    std::string name = colon == std::string_view::npos ? "header" : std::string(line.substr(0, colon));
    std::string_view value = colon == std::string_view::npos ? line : line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    root.add(name, std::string(value), pos + 2, line.size());
    pos = next;
  }
  return std::string_view::npos;
}

Event http_event(Actor to, Bytes message, int connection) {
  Event ev;
  ev.to = to;
  ev.http = true;
  ev.connection = connection;
  // The dissection: start line, each header, the body (what Wireshark's HTTP dissector shows).
  size_t body = http_head_tree(message, http_status(message) != 0, ev.tree);
  ev.name = "HTTP " + ev.tree.value;
  std::string_view t = text_of(message);
  if (body != std::string_view::npos) ev.tree.add("body", std::string(t.substr(body)), body, t.size() - body);
  ev.bytes = std::move(message);
  return ev;
}

Event http_view(std::vector<Message> notes) {
  Event v;
  v.http = true;
  v.notes = std::move(notes);
  return v;
}

Bytes redirect_to_https(const std::string& host, ByteView request) {
  HttpRequestSeen req = parse_http_request(request);
  std::string target = req.target.empty() ? "/" : req.target;
  return to_bytes("HTTP/1.1 301 Moved Permanently\r\nLocation: https://" + host + target +
                  "\r\nContent-Length: 0\r\n\r\n");
}

// ---- the browser's plain connection ------------------------------------------------------

PlainHttpClient::PlainHttpClient(std::vector<Bytes> requests, int connection)
    : requests_(std::move(requests)), connection_(connection) {}

void PlainHttpClient::start() { send_next(); }

void PlainHttpClient::send_next() {
  if (next_ >= requests_.size()) return;
  sent_.push_back(http_event(Actor::server, requests_[next_], connection_));
  ++next_;
}

void PlainHttpClient::receive(Actor, ByteView bytes) {
  in_.insert(in_.end(), bytes.begin(), bytes.end());
  while (auto n = http_message_length(in_)) {
    Bytes response(in_.begin(), in_.begin() + long(*n));
    in_.erase(in_.begin(), in_.begin() + long(*n));
    received_.insert(received_.end(), response.begin(), response.end());
    ++answered_;
    int status = http_status(response);
    std::string location = http_header(response, "Location");
    if ((status == 301 || status == 302 || status == 307 || status == 308) && location.rfind("https://", 0) == 0) {
      // The browser follows to https: the rest of the visit goes over TLS.
      redirected_at_ = answered_ - 1;
      views_.push_back(http_view({msg("note.http_redirect_followed").arg("location", location)}));
      continue;
    }
    // A page over plain HTTP: the form on it posts on the same scheme, in clear.
    bool more = next_ < requests_.size();
    views_.push_back(http_view({more ? msg("note.http_page_plain") : msg("note.http_done_plain")}));
    send_next();
  }
}

std::vector<Event> PlainHttpClient::take_sent() { return std::exchange(sent_, {}); }
std::vector<Event> PlainHttpClient::take_received(Actor) { return std::exchange(views_, {}); }

// ---- the site's port 80 -------------------------------------------------------------------

void PlainHttpServer::receive(Actor, ByteView bytes) {
  in_.insert(in_.end(), bytes.begin(), bytes.end());
  while (auto n = http_message_length(in_)) {
    Bytes request(in_.begin(), in_.begin() + long(*n));
    in_.erase(in_.begin(), in_.begin() + long(*n));
    views_.push_back(http_view({msg("note.http_redirect_sent")}));
    sent_.push_back(http_event(Actor::client, redirect_to_https(host_, request), connection_));
  }
}

}  // namespace sim
