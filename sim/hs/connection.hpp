// A sans-IO TLS endpoint: feed it wire bytes in any chunking, take the records it wants to send.
// It never touches sockets, clocks or global randomness. Every record sent or received comes
// out as a trace Event with its dissection and the derivations computed at that point.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "core/rng.hpp"
#include "hs/config.hpp"
#include "hs/handshake_context.hpp"
#include "hs/handshake_shape.hpp"
#include "hs/tls13.hpp"
#include "record/protection.hpp"
#include "trace/trace.hpp"
#include "wire/messages.hpp"

namespace sim {

constexpr size_t kMaxPlaintext = 1 << 14;              // RFC 5246 6.2.1
constexpr size_t kMaxCiphertext = kMaxPlaintext + 2048;  // RFC 5246 6.2.3
constexpr size_t kMaxHandshakeMessage = 1 << 17;       // far above any certificate chain we accept

// What a peer can make this side do or keep, as real stacks bound it (a hostile peer sending
// 300,000 warning alerts once drove a connection to 6 GB of trace). None is reached by a
// well-behaved peer or by any built-in scenario.
// OpenSSL's record layer: the 5th warning alert in a row ends the connection (MAX_WARN_ALERT_COUNT,
// ssl/record/record_local.h), and so does the 33rd empty record in a row (MAX_EMPTY_RECORDS).
constexpr int kMaxWarningAlertsInRow = 5;
constexpr int kMaxEmptyRecordsInRow = 32;
// Renegotiations one connection goes through (Go's crypto/tls client accepts one at most,
// RenegotiateOnceAsClient): past this, the request is refused and the connection ends.
constexpr int kMaxRenegotiations = 3;
// Application data kept from the peer (what the trace shows): a prefix; the rest is counted.
constexpr size_t kMaxAppDataKept = 1 << 20;
// The records one connection accepts from its peer, in number and bytes: each becomes a trace
// event with its dissection, so this bounds the trace of a network session.
constexpr size_t kMaxRecordsReceived = 5000;
constexpr size_t kMaxBytesReceived = 8u << 20;

class Connection {
 public:
  Connection(Actor self, uint64_t seed);
  virtual ~Connection() = default;

  virtual void start() {}
  // Replaces the generator before start(): a real peer's connection draws from the operating
  // system's generator (Rng::from_os) instead of the scenario's seed.
  void set_rng(Rng rng) { rng_ = std::move(rng); }
  void receive(ByteView bytes);
  // The transport closed without close_notify (a truncation the user should see).
  void transport_closed();
  void send_application_data(ByteView data);
  void close();

  std::vector<Event> take_sent();
  std::vector<Event> take_received();

  bool handshake_complete() const { return complete_; }
  bool failed() const { return failure_.has_value(); }
  const std::optional<Failure>& failure() const { return failure_; }
  // "client failed: decode_error (reason)" for a trace's outcome; empty when it has not failed.
  Message failure_message() const;
  std::string failure_text() const { return failure_message().english(); }
  bool sent_close_notify() const { return sent_close_; }
  bool received_close_notify() const { return received_close_; }
  // True when this side has nothing more to do (closed or failed).
  bool finished() const { return failed() || (sent_close_ && received_close_) || peer_failed_ || transport_done_; }
  const Negotiated& negotiated() const { return ctx_.neg; }
  // The first kMaxAppDataKept bytes of application data received; app_received_total() counts all.
  const Bytes& app_received() const { return app_in_; }
  uint64_t app_received_total() const { return app_total_; }
  virtual std::string state_name() const = 0;
  // Where the handshake state machine stands (sim/hs/handshake_shape.hpp).
  HsState hs_state() const { return row().state; }
  Machine machine() const { return machine_; }
  uint32_t shape_flags() const { return flags_; }
  Actor self() const { return self_; }
  // NSS key log lines ("CLIENT_RANDOM <client_random> <master_secret>"), one per handshake.
  std::string keylog_line() const;
  // Starts a new handshake inside the protected channel: the client sends a ClientHello, the
  // server a HelloRequest (RFC 5246 7.4.1.1).
  virtual void renegotiate() = 0;
  bool handshaking() const { return handshaking_; }
  // TLS 1.3 tickets this client received (to resume in a later connection).
  virtual std::vector<SessionTicket> session_tickets() const { return {}; }
  // SSL 3.0-TLS 1.2: the session this client can resume in a later connection (by its ID, or
  // its ticket), once a handshake completed.
  virtual std::optional<Session12> resumable_session() const { return std::nullopt; }

  // Record-level hands for the party that owns this connection and carries another handshake
  // inside it (the renegotiation attack's man in the middle), outside the state machine:
  // send_record seals `content` as records of `type` under the current write state; while
  // open_only is on, each record received is opened under the current read state and its
  // content kept for take_opened() instead of processed (its event still comes out).
  struct OpenedRecord {
    ContentType type;
    Bytes content;
  };
  void send_record(ContentType type, ByteView content) { write_record(type, content, ""); }
  // Whether events of received records carry this side's dissection (tree, name, bytes). On by
  // default: a record from a peer outside the trace is shown as this side read it. An
  // in-process network turns it off for records whose sender's own event already shows them
  // (the receiver's derivations, notes and alert still come out): about 7 % of a handshake.
  void set_dissect_received(bool on) { dissect_received_ = on; }
  // Recording off: nobody will read this side's events but for the bytes it sends (an oracle
  // attack's thousands of victim handshakes, a benchmark of the engine alone). Its events then
  // carry no dissection, derivation or note; the handshake itself, its alerts, failure and key
  // log are unchanged. On by default.
  void set_recording(bool on) { recording_ = on; }
  void set_open_only(bool on) { open_only_ = on; }
  std::vector<OpenedRecord> take_opened() { return std::exchange(opened_, {}); }

 protected:
  // Called with each complete handshake message; the message is already in ctx_.transcript,
  // which held ctx_.transcript_before bytes before it. By default the state table decides.
  virtual Status on_handshake(HandshakeType t, ByteView body) { return handle_handshake(t, body); }
  virtual Status on_change_cipher_spec() { return handle_change_cipher_spec(); }

  // ---- the state tables (handshake_shape.hpp) ----
  // The one dispatcher: checks the message against the current state's row, runs that state's
  // read handler, moves to the next row the shape flags enable, then runs the send states
  // that follow (a flight). Anything else is unexpected_message naming the state.
  Status handle_handshake(HandshakeType t, ByteView body);
  Status handle_change_cipher_spec();
  // Runs the send states from the current row until a read state (or Connected).
  Status run_sends();
  // Jumps to the first row of `s` in machine `m` (a new handshake, or the version's machine).
  void enter(Machine m, HsState s);
  // Moves to the next row the shape flags enable (e.g. past a message the peer left out).
  void advance();
  const ShapeRow& row() const { return shape_rows(machine_)[row_]; }
  void set_flags(uint32_t f) { flags_ |= f; }
  void clear_flags(uint32_t f) { flags_ &= ~f; }
  bool has_flags(uint32_t f) const { return (flags_ & f) == f; }
  Failure unexpected(const std::string& what) const;
  // The handlers of each state, bound by the endpoint class.
  virtual Status on_read(HsState s, HandshakeType t, Dissector& d) = 0;
  virtual Status on_send(HsState s) = 0;
  // An optional message (row.optional) did not come.
  virtual Status on_skip(HsState) { return Ok{}; }
  Leniency lenient_;
  Machine machine_ = Machine::client_hello;
  // How this side cuts its records (RFC 5246 6.2.1): handshake messages of one flight packed
  // into as few records as fit (SSL 3.0 to TLS 1.2; off: one record per message), and the
  // largest plaintext fragment it writes (a local limit, or the max_fragment_length extension,
  // RFC 6066 4). read_limit_: the largest plaintext fragment it accepts.
  bool pack_flights_ = true;
  size_t max_fragment_ = kMaxPlaintext;
  size_t read_limit_ = kMaxPlaintext;
  // Sends the handshake messages packed so far as record(s).
  void flush_flight();
  virtual void on_application_data() {}
  virtual void on_close_notify() {}
  // A warning alert other than close_notify (e.g. SSL 3.0 no_certificate).
  virtual Status on_warning_alert(AlertDescription) { return Ok{}; }

  void send_handshake(HandshakeType t, ByteView body);
  void send_change_cipher_spec();  // sends CCS, then switches to the pending write state
  void send_alert(AlertLevel level, AlertDescription desc, Message reason);
  void fail_with(const Failure& f);
  // A local configuration problem found before anything was sent: no alert goes out.
  void fail_locally(const Failure& f) {
    if (!failure_) failure_ = f;
  }
  // A derivation made to build an outgoing message joins the next record sent.
  void add_derivation(Derivation d) {
    if (recording_) pending_derivations_.push_back(std::move(d));
  }
  // A derivation made to check a received message joins that record's event.
  void add_check(Derivation d) {
    if (recording_) pending_checks_.push_back(std::move(d));
  }
  // Runs once the record being processed has been recorded (e.g. to send data afterwards).
  virtual void after_record() {}
  // Notes say what this side did with the record being processed; they join that record's event.
  void note(Message n) {
    if (recording_) pending_notes_.push_back(side_note(self_, std::move(n)));
  }
  // The same, straight onto an event this side is making.
  void add_note(Event& ev, Message n) {
    if (recording_) ev.notes.push_back(side_note(self_, std::move(n)));
  }
  ParseContext parse_context() const { return ParseContext{ctx_.suite, ctx_.version ? ctx_.version : kTls12, {}}; }
  ByteView transcript_before() const { return ByteView(ctx_.transcript).subspan(0, ctx_.transcript_before); }
  // Derives master_secret, key_block (and export keys) and fills the pending read/write states.
  // ems_messages: the transcript through ClientKeyExchange when the extended master secret is on.
  // `check` says whether the derivations explain a received message (server) or a sent one.
  void derive_and_install(ByteView pre_master_secret, std::optional<ByteView> ems_messages, bool check);
  // key_block (and export keys) from ctx_.master_secret and this handshake's randoms, into the
  // pending read/write states: the second half of derive_and_install, alone when a session is
  // resumed (RFC 5246 F.1.4: the same master_secret, new randoms, so new keys).
  void install_key_block(bool check);
  // RFC 6066 4: max_fragment_length `code` agreed; neither side writes nor accepts more.
  void agree_max_fragment_length(uint8_t code);
  // This handshake's session as it stands (SSL 3.0-TLS 1.2): what is cached, sealed in a
  // ticket, or kept by the client to resume; the session ID and ticket are the caller's.
  Session12 current_session() const;
  void activate_pending_read();
  // TLS 1.3 switches keys at message boundaries without ChangeCipherSpec (RFC 8446 5.1, 7.3).
  void install_read(CipherState cs);
  void install_write(CipherState cs);
  void drop_write_keys() { write_.reset(); }
  // TLS 1.3 KeyUpdate (RFC 8446 4.6.3, 7.2), the same for both sides: the peer's direction moves
  // to its next application traffic secret, and ours when asked (update_requested).
  Status read_key_update13(Dissector& d, size_t padding);
  void send_key_update13(bool request, size_t padding);
  // The next application traffic secret of `direction` and its keys (derivations into *ds).
  CipherState next_application_keys13(Actor direction, std::vector<Derivation>* ds);
  // TLS 1.3 middlebox compatibility (RFC 8446 D.4): a dummy, never-encrypted ChangeCipherSpec.
  void send_compat_change_cipher_spec();
  // A server that rejected 0-RTT skips up to this many bytes of records it cannot decrypt
  // (RFC 8446 4.2.10) instead of failing on them.
  size_t skip_early_data_bytes_ = 0;
  bool early_data_readable_ = false;  // 0-RTT application data may arrive before Finished
  void set_complete();
  // A new (re)negotiation: its shape is negotiated again and ctx_ starts again, its transcript
  // with first_message (a ClientHello already read).
  void begin_handshake(ByteView first_message = {});
  bool handshaking_ = true;
  std::vector<std::string> keylog_;
  // The peer asks for a new handshake (a ClientHello or HelloRequest once connected): past
  // kMaxRenegotiations, refuses with a warning no_renegotiation and fails the connection.
  Status count_renegotiation();

  Actor self_, peer_;
  Rng rng_;
  HandshakeContext ctx_;  // the handshake's shared data (hs/handshake_context.hpp)
  uint16_t record_version_ = 0x0301;  // ClientHello record, like most stacks; 0x0303 once negotiated
  Bytes app_in_;

 private:
  void process_record(ContentType type, uint16_t version, ByteView record);
  Status dispatch(ContentType type, ByteView content, Event& ev);
  // Sends whatever flight is packed, then `content` as record(s) of `type`.
  void write_record(ContentType type, ByteView content, const std::string& name);
  // `content` as records of at most max_fragment_ bytes each.
  void emit_record(ContentType type, ByteView content, const std::string& name);
  // A handshake message that spans records, per direction: the bytes of it seen in earlier
  // records, and how many records they came in. Only for dissection: the receiver's reassembly
  // itself is hs_buf_.
  struct HsCarry {
    Bytes partial;
    int records = 0;
  };
  Event make_event(ByteView record, const InnerLayout* inner, const CipherState* cs, ContentType type,
                   Actor from, Actor to, HsCarry* carry);
  bool packing() const { return pack_flights_ && machine_ != Machine::client13 && machine_ != Machine::server13; }
  Bytes flight_;                              // handshake messages packed, not yet sent
  HsState flight_from_ = HsState::None;       // the state the flight's first message was sent in
  size_t flushed_from_ = 0, flushed_to_ = 0;  // the records flush_flight() last made (run_sends)
  HsCarry send_carry_, recv_carry_;

  // accept_early_ccs: the peer's write keys from the master secret as it is now.
  void install_early_ccs_keys();

  size_t row_ = 0;
  uint32_t flags_ = 0;
  std::optional<HsState> read_after_;
  std::optional<HsState> read_before_;  // where the record's first message was read, past optional rows  // the state right after the last read of this record

  std::optional<CipherState> read_, write_, pending_read_, pending_write_;
  bool read_key_changed_ = false;  // a handshake message installed new read keys
  Bytes in_buf_, hs_buf_;
  std::vector<Event> sent_, received_;
  std::vector<Derivation> pending_derivations_, pending_checks_;
  std::vector<Message> pending_notes_;
  std::optional<Failure> failure_;
  bool complete_ = false, sent_close_ = false, received_close_ = false, peer_failed_ = false;
  bool transport_done_ = false;  // the transport closed and this side took it as the end
  bool open_only_ = false;  // set_open_only()
  bool dissect_received_ = true;  // set_dissect_received()
  bool recording_ = true;         // set_recording()
  std::vector<OpenedRecord> opened_;
  bool processing_ = false;  // inside process_record: notes belong to the received record
  int received_count_ = 0;
  // The peer's limits (kMaxWarningAlertsInRow...).
  int warnings_in_row_ = 0, empty_in_row_ = 0, renegotiations_ = 0;
  size_t records_in_ = 0, bytes_in_ = 0;
  uint64_t app_total_ = 0;
  void keep_application_data(ByteView content);
};

std::unique_ptr<Connection> make_client(const ClientConfig& cfg, uint64_t seed);
std::unique_ptr<Connection> make_server(const ServerConfig& cfg, uint64_t seed);

// Dissects one whole record (header + fragment) into a tree. For a protected record, `cs` is
// the cipher state that protects it and `inner` its decrypted layout (null if it did not open).
Field dissect_record(ByteView record, const InnerLayout* inner, const CipherState* cs,
                     const ParseContext& ctx, std::string* out_name);

}  // namespace sim
