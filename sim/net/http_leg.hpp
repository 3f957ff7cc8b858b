// The plain HTTP leg of a browser visit (ScenarioOptions::http_first): a browser given an
// http:// address asks over TCP port 80 with no TLS, and the site answers with a redirect to
// https (RFC 7231 6.4.2, RFC 6797 7.2). Each HTTP message is one trace event (Event::http),
// drawn on the ladder like a record, so a class sees what crosses in clear before TLS starts,
// and what an SSL-stripping attacker keeps in clear.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "net/network.hpp"

namespace sim {

// The browser visit's requests: the page, then the login form it holds (posted with the
// user's password). Each is a whole HTTP/1.1 request for `host`.
std::vector<Bytes> browser_visit(const std::string& host, const std::string& cookie);
// The password the visit's login form posts (what an attacker who reads the form learns).
std::string visit_password();

// The length of the first whole HTTP message in `stream` (headers up to the empty line, then
// Content-Length bytes of body); nullopt while it is incomplete.
std::optional<size_t> http_message_length(ByteView stream);
// The value of header `name` (case-insensitive) in an HTTP message; empty when absent.
std::string http_header(ByteView message, std::string_view name);
// The status code of a response ("HTTP/1.1 301 ..." gives 301); 0 when it is not one.
int http_status(ByteView message);

// One HTTP message as a trace event for `to` on plain connection `connection`: named by its
// first line, dissected into the start line, its headers and the body.
Event http_event(Actor to, Bytes message, int connection);
// The part of the dissection every HTTP message shares: the root "HTTP" field, its start line
// and each header. Returns where the body starts in message (npos when it has none).
size_t http_head_tree(ByteView message, bool response, Field& root);
// The receiver's view of a plain HTTP message, with what it made of it.
Event http_view(std::vector<Message> notes);

// The site's answer on port 80 to any request: 301 to the same path over https.
Bytes redirect_to_https(const std::string& host, ByteView request);

// The browser on its plain connection: sends the visit's requests one at a time (HTTP/1.1
// keeps the connection open between them) and stops at a redirect to https, after which the
// simulation goes on over TLS with the request it was redirected from.
class PlainHttpClient : public Endpoint {
 public:
  PlainHttpClient(std::vector<Bytes> requests, int connection);
  Actor actor() const override { return Actor::client; }
  void start() override;
  void receive(Actor from, ByteView bytes) override;
  std::vector<Event> take_sent() override;
  std::vector<Event> take_received(Actor from) override;

  // The request the redirect to https came for; nullopt while none came.
  std::optional<size_t> redirected_at() const { return redirected_at_; }
  // Requests answered over plain HTTP, and every response read in clear.
  size_t answered() const { return answered_; }
  const Bytes& received() const { return received_; }

 private:
  void send_next();
  std::vector<Bytes> requests_;
  int connection_;
  size_t next_ = 0, answered_ = 0;
  std::optional<size_t> redirected_at_;
  Bytes in_, received_;
  std::vector<Event> sent_, views_;
};

// The site's port 80: every request gets the redirect to https.
class PlainHttpServer : public Endpoint {
 public:
  PlainHttpServer(std::string host, int connection) : host_(std::move(host)), connection_(connection) {}
  Actor actor() const override { return Actor::server; }
  void receive(Actor from, ByteView bytes) override;
  std::vector<Event> take_sent() override { return std::exchange(sent_, {}); }
  std::vector<Event> take_received(Actor) override { return std::exchange(views_, {}); }

 private:
  std::string host_;
  int connection_;
  Bytes in_;
  std::vector<Event> sent_, views_;
};

}  // namespace sim
