#include "export/pcapng.hpp"

#include <algorithm>
#include <array>
#include <optional>

namespace sim {

namespace {

constexpr uint8_t kTcpFin = 0x01, kTcpSyn = 0x02, kTcpPsh = 0x08, kTcpAck = 0x10;
constexpr uint16_t kWindow = 65535;       // no window scaling
constexpr uint32_t kAckEvery = 32768;     // a receiver acknowledges before this much is unacked
constexpr uint64_t kStepUs = 10000;       // 10 ms per simulation step
constexpr uint64_t kGapUs = 50;           // between packets of the same step

// ---- network headers (big-endian) ----------------------------------------------------

void put16(Bytes& b, uint16_t v) {
  b.push_back(uint8_t(v >> 8));
  b.push_back(uint8_t(v));
}
void put32(Bytes& b, uint32_t v) {
  put16(b, uint16_t(v >> 16));
  put16(b, uint16_t(v));
}

// RFC 1071 one's-complement sum, folded.
uint32_t sum16(ByteView b, uint32_t acc = 0) {
  for (size_t i = 0; i + 1 < b.size(); i += 2) acc += uint32_t(b[i]) << 8 | b[i + 1];
  if (b.size() % 2) acc += uint32_t(b.back()) << 8;
  return acc;
}
uint16_t finish_sum(uint32_t acc) {
  while (acc >> 16) acc = (acc & 0xffff) + (acc >> 16);
  return uint16_t(~acc);
}

struct Host {
  std::array<uint8_t, 6> mac;
  std::array<uint8_t, 4> ip;
  uint16_t port;
  uint16_t ip_id;
};

// One Ethernet frame carrying an IPv4 packet with a TCP segment.
Bytes frame(Host& src, const Host& dst, uint32_t seq, uint32_t ack, uint8_t flags, ByteView payload, uint16_t mss_option) {
  Bytes tcp;
  size_t tcp_header = mss_option ? 24 : 20;
  put16(tcp, src.port);
  put16(tcp, dst.port);
  put32(tcp, seq);
  put32(tcp, (flags & kTcpAck) ? ack : 0);
  tcp.push_back(uint8_t((tcp_header / 4) << 4));
  tcp.push_back(flags);
  put16(tcp, kWindow);
  put16(tcp, 0);  // checksum, filled below
  put16(tcp, 0);  // urgent pointer
  if (mss_option) {
    tcp.push_back(2);  // kind: maximum segment size
    tcp.push_back(4);
    put16(tcp, mss_option);
  }
  tcp.insert(tcp.end(), payload.begin(), payload.end());
  // TCP checksum over the IPv4 pseudo-header and the segment (RFC 793 3.1).
  Bytes pseudo;
  pseudo.insert(pseudo.end(), src.ip.begin(), src.ip.end());
  pseudo.insert(pseudo.end(), dst.ip.begin(), dst.ip.end());
  pseudo.push_back(0);
  pseudo.push_back(6);
  put16(pseudo, uint16_t(tcp.size()));
  uint16_t tcp_sum = finish_sum(sum16(tcp, sum16(pseudo)));
  tcp[16] = uint8_t(tcp_sum >> 8);
  tcp[17] = uint8_t(tcp_sum);

  Bytes ip;
  ip.push_back(0x45);  // version 4, header length 5 words
  ip.push_back(0);     // DSCP/ECN
  put16(ip, uint16_t(20 + tcp.size()));
  put16(ip, src.ip_id++);
  put16(ip, 0x4000);  // don't fragment
  ip.push_back(64);   // TTL
  ip.push_back(6);    // TCP
  put16(ip, 0);       // checksum, filled below
  ip.insert(ip.end(), src.ip.begin(), src.ip.end());
  ip.insert(ip.end(), dst.ip.begin(), dst.ip.end());
  uint16_t ip_sum = finish_sum(sum16(ip));
  ip[10] = uint8_t(ip_sum >> 8);
  ip[11] = uint8_t(ip_sum);

  Bytes eth;
  eth.reserve(14 + ip.size() + tcp.size());
  eth.insert(eth.end(), dst.mac.begin(), dst.mac.end());
  eth.insert(eth.end(), src.mac.begin(), src.mac.end());
  put16(eth, 0x0800);
  append(eth, ip);
  append(eth, tcp);
  return eth;
}

struct Packet {
  uint64_t time_us;
  Bytes data;
  std::string comment;
};

// One TCP connection and its sequence space.
class Stream {
 public:
  Stream(Host client, Host server, uint32_t isn_c, uint32_t isn_s)
      : host_{client, server}, next_{isn_c, isn_s}, acked_{isn_c, isn_s} {}

  bool opened() const { return opened_; }
  bool closed() const { return closed_; }

  void open(std::vector<Packet>& out, uint64_t& now, uint16_t mss) {
    emit(out, now, 0, kTcpSyn, {}, "TCP handshake (synthetic)", mss);
    next_[0] += 1;
    emit(out, now, 1, kTcpSyn | kTcpAck, {}, "", mss);
    next_[1] += 1;
    acked_[1] = next_[1];
    emit(out, now, 0, kTcpAck, {}, "");
    acked_[0] = next_[0];
    opened_ = true;
  }

  // Sends one TLS record from side d (0 client, 1 server), split at the MSS.
  void send(std::vector<Packet>& out, uint64_t& now, int d, ByteView record, uint16_t mss, const std::string& comment) {
    if (record.empty()) return;
    size_t chunks = (record.size() + mss - 1) / mss;
    for (size_t i = 0; i < chunks; ++i) {
      ByteView part = record.subspan(i * mss, std::min<size_t>(mss, record.size() - i * mss));
      // Keep what is unacknowledged well below the advertised window (no "window full").
      if (next_[d] + uint32_t(part.size()) - acked_[d] > kAckEvery) {
        emit(out, now, 1 - d, kTcpAck, {}, "");
        acked_[d] = next_[d];
      }
      std::string c = comment;
      if (chunks > 1 && !c.empty()) c += " (segment " + std::to_string(i + 1) + " of " + std::to_string(chunks) + ")";
      emit(out, now, d, kTcpPsh | kTcpAck, part, c);
      next_[d] += uint32_t(part.size());
      acked_[1 - d] = next_[1 - d];  // each segment acknowledges all the peer sent
    }
  }

  // FIN from the client, FIN from the server, last ACK.
  void close(std::vector<Packet>& out, uint64_t& now) {
    emit(out, now, 0, kTcpFin | kTcpAck, {}, "TCP close (synthetic)");
    next_[0] += 1;
    emit(out, now, 1, kTcpFin | kTcpAck, {}, "");
    next_[1] += 1;
    emit(out, now, 0, kTcpAck, {}, "");
    closed_ = true;
  }

 private:
  void emit(std::vector<Packet>& out, uint64_t& now, int d, uint8_t flags, ByteView payload, const std::string& comment,
            uint16_t mss_option = 0) {
    now += kGapUs;
    out.push_back(Packet{now, frame(host_[d], host_[1 - d], next_[d], next_[1 - d], flags, payload, mss_option), comment});
  }

  Host host_[2];
  uint32_t next_[2];   // next sequence number each side sends
  uint32_t acked_[2];  // highest of each side's sequence numbers acknowledged by the peer
  bool opened_ = false, closed_ = false;
};

// ---- file formats (little-endian headers) --------------------------------------------

void le16(Bytes& b, uint16_t v) {
  b.push_back(uint8_t(v));
  b.push_back(uint8_t(v >> 8));
}
void le32(Bytes& b, uint32_t v) {
  le16(b, uint16_t(v));
  le16(b, uint16_t(v >> 16));
}
void pad4(Bytes& b) {
  while (b.size() % 4) b.push_back(0);
}

void option(Bytes& b, uint16_t code, ByteView value) {
  le16(b, code);
  le16(b, uint16_t(value.size()));
  append(b, value);
  pad4(b);
}
void option(Bytes& b, uint16_t code, const std::string& text) { option(b, code, to_bytes(text)); }
void end_of_options(Bytes& b) { le32(b, 0); }

// A pcapng block: type, total length, body (already padded), total length again.
void block(Bytes& out, uint32_t type, Bytes body) {
  pad4(body);
  uint32_t total = uint32_t(body.size() + 12);
  le32(out, type);
  le32(out, total);
  append(out, body);
  le32(out, total);
}

// Text from the trace (a record's name, a key log line: a trace file is anyone's) as one line:
// control characters as \r, \n, \xNN. A newline inside a key log line would start a line of
// the trace's choosing in the secrets block, and one in a comment fake another field in
// Wireshark's packet list; a backslash is doubled so the escape reads back unambiguously.
std::string one_line(std::string_view s) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c < 0x20 || c == 0x7f) out += std::string("\\x") + hex[c >> 4] + hex[c & 15];
    else out += ch;
  }
  return out;
}

Bytes pcapng(const std::vector<Packet>& packets, const std::vector<std::string>& keylog, const CaptureOptions& o) {
  Bytes out;
  Bytes shb;
  le32(shb, 0x1A2B3C4D);  // byte-order magic
  le16(shb, 1);           // major version
  le16(shb, 0);           // minor version
  le32(shb, 0xffffffff);  // section length unknown
  le32(shb, 0xffffffff);
  option(shb, 4, std::string("tlslab"));  // shb_userappl
  option(shb, 1, std::string("synthetic TCP/IP capture of a tlslab trace"));  // opt_comment
  end_of_options(shb);
  block(out, 0x0A0D0D0A, shb);

  Bytes idb;
  le16(idb, 1);  // LINKTYPE_ETHERNET
  le16(idb, 0);
  le32(idb, 0);  // no snap length limit
  option(idb, 2, std::string("tlslab"));  // if_name
  option(idb, 9, Bytes{6});               // if_tsresol: microseconds
  end_of_options(idb);
  block(out, 0x00000001, idb);

  if (o.include_secrets && !keylog.empty()) {
    // Decryption Secrets Block: secrets type "TLSK" (0x544c534b), NSS key log text. It comes
    // before the packets so a reader has the keys when it meets the encrypted records.
    std::string text;
    for (auto& l : keylog) text += one_line(l) + "\n";
    Bytes dsb;
    le32(dsb, 0x544c534b);
    le32(dsb, uint32_t(text.size()));
    append(dsb, to_bytes(text));
    pad4(dsb);
    block(out, 0x0000000A, dsb);
  }

  for (auto& p : packets) {
    Bytes epb;
    le32(epb, 0);  // interface 0
    le32(epb, uint32_t(p.time_us >> 32));
    le32(epb, uint32_t(p.time_us));
    le32(epb, uint32_t(p.data.size()));
    le32(epb, uint32_t(p.data.size()));
    append(epb, p.data);
    pad4(epb);
    if (o.comments && !p.comment.empty()) {
      option(epb, 1, one_line(p.comment));
      end_of_options(epb);
    }
    block(out, 0x00000006, epb);
  }
  return out;
}

Bytes pcap(const std::vector<Packet>& packets) {
  Bytes out;
  le32(out, 0xa1b2c3d4);  // microsecond timestamps
  le16(out, 2);
  le16(out, 4);
  le32(out, 0);  // GMT offset
  le32(out, 0);  // timestamp accuracy
  le32(out, 65535 + 14 + 40);
  le32(out, 1);  // LINKTYPE_ETHERNET
  for (auto& p : packets) {
    le32(out, uint32_t(p.time_us / 1000000));
    le32(out, uint32_t(p.time_us % 1000000));
    le32(out, uint32_t(p.data.size()));
    le32(out, uint32_t(p.data.size()));
    append(out, p.data);
  }
  return out;
}

}  // namespace

// A client's revocation fetch, or an attacker's action on one (which follows it): not part of
// the TLS streams.
static bool is_fetch(const Trace& t, size_t i) {
  auto lane = [](Actor a) { return a == Actor::ca || a == Actor::ocsp_responder; };
  const Event& e = t.events[i];
  if (lane(e.from) || lane(e.to)) return true;
  return e.from == Actor::attacker && e.http && i > 0 && is_fetch(t, i - 1);
}

std::vector<StreamPlacement> place_events(const Trace& t) {
  // A man in the middle terminates the client's connection: the client's records go to it. (An
  // attacker's connection of its own with the server, as the client, is one more stream.)
  bool terminated = std::any_of(t.events.begin(), t.events.end(),
                                [](const Event& e) { return e.from == Actor::client && e.to == Actor::attacker; });
  // Streams per connection: one, or two when the attacker terminates both sides.
  size_t per_connection = terminated ? 2 : 1;
  std::vector<StreamPlacement> out;
  for (auto& e : t.events) {
    StreamPlacement p;
    size_t first = size_t(std::max(e.connection, 1) - 1) * per_connection;
    if (!terminated) {
      // The wire between client and server; an attacker's record shows as sent by the side it
      // impersonates, towards its recipient.
      p.stream = first;
      p.client_to_server = e.from == Actor::client || (e.from == Actor::attacker && e.to == Actor::server);
    } else {
      bool client_side = e.from == Actor::client || e.to == Actor::client;
      p.stream = first + (client_side ? 0 : 1);
      p.client_to_server = client_side ? e.from == Actor::client : e.to == Actor::server;
    }
    p.connection = std::max(e.connection, 1);
    out.push_back(p);
  }
  return out;
}

Capture capture_file(const Trace& t, const CaptureOptions& o) {
  auto placement = place_events(t);
  size_t nstreams = 0;
  for (auto& p : placement) nstreams = std::max(nstreams, p.stream + 1);

  std::vector<int> stream_connection(nstreams, 1);
  for (auto& p : placement) stream_connection[p.stream] = p.connection;
  // A browser's plain HTTP connection goes to port 80, and stays open while the TLS ones
  // (an SSL stripper's fetches) come and go.
  std::vector<bool> stream_http(nstreams, false);
  for (size_t i = 0; i < t.events.size(); ++i)
    if (t.events[i].http && !is_fetch(t, i)) stream_http[placement[i].stream] = true;
  // Stream i: the client's port and IP id, and deterministic initial sequence numbers, distinct
  // per stream and side; `client_mac` tells the attacker's own queries apart.
  auto make_stream = [&](size_t i, uint16_t server_port, uint8_t client_mac) {
    Host c{{0x02, 0, 0, 0, 0, client_mac}, o.client_ip, uint16_t(o.client_port + i), uint16_t(0x1000 + 0x100 * i)};
    Host s{{0x02, 0, 0, 0, 0, 0x02}, o.server_ip, server_port, uint16_t(0x2000 + 0x100 * i)};
    return Stream(c, s, uint32_t(0x10000000 + 0x01000000 * i), uint32_t(0x80000000 + 0x01000000 * i));
  };
  std::vector<Stream> streams;
  for (size_t i = 0; i < nstreams; ++i) streams.push_back(make_stream(i, stream_http[i] ? uint16_t(80) : o.server_port, 0x01));

  std::vector<Packet> packets;
  uint16_t mss = std::max<uint16_t>(o.mss, 64);
  uint64_t now = o.start_time_us;
  // The client's revocation fetches: one plain HTTP connection each (RFC 6960 A.1, RFC 2585
  // 3), to the CA's or the responder's own address, after the TLS streams in numbering.
  std::optional<Stream> fetch;
  size_t fetches = 0;
  for (size_t i = 0; i < t.events.size(); ++i) {
    const Event& e = t.events[i];
    if (is_fetch(t, i)) {
      bool request = e.from == Actor::client;
      if (request || !fetch) {
        if (fetch) fetch->close(packets, now);
        size_t k = nstreams + fetches++;
        Host c{{0x02, 0, 0, 0, 0, 0x01}, o.client_ip, uint16_t(o.client_port + k), uint16_t(0x1000 + 0x100 * k)};
        std::array<uint8_t, 4> ip = o.server_ip;
        ip[3] = uint8_t(ip[3] + (e.to == Actor::ocsp_responder || e.from == Actor::ocsp_responder ? 11 : 10));
        Host srv{{0x02, 0, 0, 0, 0, uint8_t(e.to == Actor::ocsp_responder || e.from == Actor::ocsp_responder ? 0x05 : 0x04)}, ip, 80,
                 uint16_t(0x2000 + 0x100 * k)};
        fetch.emplace(c, srv, uint32_t(0x10000000 + 0x01000000 * k), uint32_t(0x80000000 + 0x01000000 * k));
        now = std::max(now, o.start_time_us + 1000 + uint64_t(e.step) * kStepUs);
        fetch->open(packets, now, mss);
      }
      std::string comment = "event " + std::to_string(i) + " (step " + std::to_string(e.step) + "): " + e.name;
      if (e.from == Actor::attacker) comment += " [sent by the attacker as the " + std::string(name_of(t.events[i - 1].to == Actor::client ? t.events[i - 1].from : t.events[i - 1].to)) + "]";
      fetch->send(packets, now, request ? 0 : 1, e.bytes, mss, comment);
      continue;
    }
    if (fetch) {
      fetch->close(packets, now);
      fetch.reset();
    }
    Stream& s = streams[placement[i].stream];
    now = std::max(now, o.start_time_us + 1000 + uint64_t(e.step) * kStepUs);
    // A later connection (a TLS 1.3 resumption) starts once the earlier ones are closed, as a
    // client does when it reconnects with its ticket.
    for (size_t j = 0; j < nstreams; ++j)
      if (stream_connection[j] < placement[i].connection && !stream_http[j] && streams[j].opened() && !streams[j].closed())
        streams[j].close(packets, now);
    if (!s.opened()) s.open(packets, now, mss);
    std::string comment = "event " + std::to_string(i) + " (step " + std::to_string(e.step) + "): " + e.name;
    if (e.from == Actor::attacker && !e.http)
      comment += " [sent by the attacker as the " + std::string(placement[i].client_to_server ? "client" : "server") + "]";
    s.send(packets, now, placement[i].client_to_server ? 0 : 1, e.bytes, mss, comment);
  }
  if (fetch) fetch->close(packets, now);
  for (auto& s : streams)
    if (s.opened() && !s.closed()) s.close(packets, now);

  // A cryptanalytic attack's queries to fresh server instances (Bleichenbacher's
  // ClientKeyExchanges, POODLE's requests): one more stream each, the attacker as the client.
  if (t.attack)
    for (size_t q = 0; q < t.attack->queries.size(); ++q) {
      const AttackQuery& query = t.attack->queries[q];
      Stream st = make_stream(nstreams++, o.server_port, 0x03);
      now += kStepUs;
      st.open(packets, now, mss);
      std::string what = "attack query " + std::to_string(q + 1) + " of " + std::to_string(t.attack->work);
      st.send(packets, now, 0, query.to_server, mss, what + ": the attacker's bytes");
      if (!query.to_client.empty()) st.send(packets, now, 1, query.to_client, mss, what + ": the server's answer");
      st.close(packets, now);
    }

  Capture c;
  c.packets = packets.size();
  c.streams = nstreams;
  c.file = o.format == CaptureFormat::pcapng ? pcapng(packets, t.keylog, o) : pcap(packets);
  return c;
}

}  // namespace sim
