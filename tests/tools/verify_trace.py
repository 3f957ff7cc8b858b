#!/usr/bin/env python3
"""Independent verifier for tlslab JSON traces (format "tlslab-trace", version 1).

This script deliberately shares no code with the C++ engine.  The TLS 1.2 PRF is
implemented here straight from RFC 5246 section 5:

    P_hash(secret, seed) = HMAC_hash(secret, A(1) + seed) +
                           HMAC_hash(secret, A(2) + seed) + ...
    A(0) = seed, A(i) = HMAC_hash(secret, A(i-1))
    PRF(secret, label, seed) = P_<hash>(secret, label + seed)

Everything is recomputed from the recorded derivation inputs and from the record
bytes as they appeared on the wire (the "bytes" of each event), never from the
engine's own claims:

  * master_secret   PRF(pre_master_secret, label, seed)[:48]; the seed must be
                    ClientHello.random + ServerHello.random taken from the wire
                    ("master secret", RFC 5246 8.1) or Hash(ClientHello ..
                    ClientKeyExchange) of the wire handshake messages
                    ("extended master secret", RFC 7627 4).
  * key_block       PRF(master_secret, "key expansion", server_random +
                    client_random) of length 2*(mac_len + key_len + fixed_iv_len)
                    computed from the cipher suite name (RFC 5246 6.3); the parts
                    must tile the output in the RFC order.
  * verify_data     PRF(master_secret, finished_label, Hash(handshake_messages))[:12]
                    where handshake_messages is rebuilt from the wire, and the value
                    must be the verify_data carried in the Finished message.
  * CBC records     HMAC(mac_key, seq_num + type + version + length + content).
  * agreement       client and server derived the same secrets.

Usage: verify_trace.py TRACE.json
Prints one line per check ("ok ..." / "FAIL ...") and finally "N passed, M failed".
Exit status: 0 when nothing failed and the essential checks ran, 1 otherwise,
2 when the file is not a tlslab trace of a supported version.
"""

import argparse
import hashlib
import hmac
import json
import sys

TRACE_FORMAT = "tlslab-trace"
TRACE_VERSION = 1

HASHES = {
    "SHA": hashlib.sha1,
    "SHA256": hashlib.sha256,
    "SHA384": hashlib.sha384,
}

# IANA TLS cipher suite registry values (only used to cross-check the suite the
# ServerHello selected on the wire against the trace's "negotiated" summary).
IANA_SUITES = {
    0x002F: "TLS_RSA_WITH_AES_128_CBC_SHA",
    0x0035: "TLS_RSA_WITH_AES_256_CBC_SHA",
    0x003C: "TLS_RSA_WITH_AES_128_CBC_SHA256",
    0x003D: "TLS_RSA_WITH_AES_256_CBC_SHA256",
    0x009C: "TLS_RSA_WITH_AES_128_GCM_SHA256",
    0x009D: "TLS_RSA_WITH_AES_256_GCM_SHA384",
    0x0033: "TLS_DHE_RSA_WITH_AES_128_CBC_SHA",
    0x0039: "TLS_DHE_RSA_WITH_AES_256_CBC_SHA",
    0x0067: "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256",
    0x006B: "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256",
    0x009E: "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
    0x009F: "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
    0xC009: "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
    0xC00A: "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
    0xC013: "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
    0xC014: "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
    0xC023: "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
    0xC024: "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
    0xC027: "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
    0xC028: "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
    0xC02B: "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    0xC02C: "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    0xC02F: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    0xC030: "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    0xCCA8: "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    0xCCA9: "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
    0xCCAA: "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
}

CONTENT_TYPES = {"change_cipher_spec": 20, "alert": 21, "handshake": 22, "application_data": 23}

HS_CLIENT_HELLO = 1
HS_SERVER_HELLO = 2
HS_CLIENT_KEY_EXCHANGE = 16
HS_FINISHED = 20
EXT_EXTENDED_MASTER_SECRET = 0x0017


class TraceFormatError(Exception):
    """The input is not a tlslab trace this verifier understands (exit 2)."""


class CheckFailed(Exception):
    pass


# --------------------------------------------------------------------------------------
# RFC 5246 section 5: the PRF


def p_hash(hash_fn, secret, seed, length):
    """Returns (output[:length], [(A(i), block_i), ...])."""
    out = b""
    blocks = []
    a = seed  # A(0)
    while len(out) < length:
        a = hmac.new(secret, a, hash_fn).digest()
        block = hmac.new(secret, a + seed, hash_fn).digest()
        blocks.append((a, block))
        out += block
    return out[:length], blocks


def prf(hash_fn, secret, label, seed, length):
    return p_hash(hash_fn, secret, label + seed, length)


# --------------------------------------------------------------------------------------
# Cipher suite parameters, from the suite's name (RFC 5246 appendix C, RFC 5288, RFC 7905)


class Suite:
    def __init__(self, name):
        self.name = name
        if not isinstance(name, str) or "_WITH_" not in name:
            raise CheckFailed("unrecognised cipher suite name %r" % (name,))
        bulk = name.split("_WITH_", 1)[1]
        if bulk.startswith("AES_128_GCM_"):
            self.kind, self.key_len, self.iv_len, mac = "aead", 16, 4, bulk[len("AES_128_GCM_"):]
        elif bulk.startswith("AES_256_GCM_"):
            self.kind, self.key_len, self.iv_len, mac = "aead", 32, 4, bulk[len("AES_256_GCM_"):]
        elif bulk.startswith("CHACHA20_POLY1305_"):
            self.kind, self.key_len, self.iv_len, mac = "aead", 32, 12, bulk[len("CHACHA20_POLY1305_"):]
        elif bulk.startswith("AES_128_CBC_"):
            self.kind, self.key_len, self.iv_len, mac = "cbc", 16, 0, bulk[len("AES_128_CBC_"):]
        elif bulk.startswith("AES_256_CBC_"):
            self.kind, self.key_len, self.iv_len, mac = "cbc", 32, 0, bulk[len("AES_256_CBC_"):]
        else:
            raise CheckFailed("unsupported bulk cipher in %s" % name)
        if mac not in HASHES:
            raise CheckFailed("unsupported MAC/PRF hash %r in %s" % (mac, name))
        # TLS 1.2: the PRF uses SHA-256 unless the suite names SHA-384.
        self.prf_name = "SHA384" if mac == "SHA384" else "SHA256"
        self.prf_hash = HASHES[self.prf_name]
        if self.kind == "cbc":
            self.mac_name = mac
            self.mac_hash = HASHES[mac]
            self.mac_len = self.mac_hash().digest_size
        else:
            self.mac_name, self.mac_hash, self.mac_len = None, None, 0

    def key_block_layout(self):
        """(name, length) in RFC 5246 6.3 order; zero-length parts left out."""
        layout = [
            ("client_write_MAC_key", self.mac_len),
            ("server_write_MAC_key", self.mac_len),
            ("client_write_key", self.key_len),
            ("server_write_key", self.key_len),
            ("client_write_IV", self.iv_len),
            ("server_write_IV", self.iv_len),
        ]
        return [(n, l) for n, l in layout if l > 0]

    def key_block_len(self):
        return 2 * (self.mac_len + self.key_len + self.iv_len)


# --------------------------------------------------------------------------------------
# Helpers


def unhex(value, what):
    if not isinstance(value, str):
        raise CheckFailed("%s is not a hex string" % what)
    try:
        return bytes.fromhex(value)
    except ValueError:
        raise CheckFailed("%s is not valid hex" % what)


def short(b, limit=24):
    h = b.hex()
    if len(h) > 2 * limit:
        return "%s...(%d bytes)" % (h[: 2 * limit], len(b))
    return h if h else "(empty)"


def diff(what, expected, got):
    return "%s: expected %s, got %s" % (what, short(expected), short(got))


def get_input(deriv, name, required=True):
    for item in deriv.get("inputs") or []:
        if isinstance(item, dict) and item.get("name") == name:
            return unhex(item.get("hex"), "input %s" % name)
    if required:
        raise CheckFailed("missing input %s" % name)
    return None


def get_step(deriv, name):
    for item in deriv.get("steps") or []:
        if isinstance(item, dict) and item.get("name") == name:
            return unhex(item.get("hex"), "step %s" % name)
    return None


def compare_prf_steps(deriv, blocks, problems):
    """The recorded A(i) / P_hash block i steps, if any, must match our own."""
    for item in deriv.get("steps") or []:
        if not isinstance(item, dict):
            continue
        name = item.get("name", "")
        for prefix, idx in (("A(", 0), ("P_hash block ", 1)):
            if not name.startswith(prefix):
                continue
            num = name[len(prefix):].rstrip(")")
            if not num.isdigit() or int(num) < 1:
                continue
            i = int(num)
            got = unhex(item.get("hex"), "step %s" % name)
            if i > len(blocks):
                problems.append("step %s beyond the output length" % name)
            elif got != blocks[i - 1][idx]:
                problems.append(diff("step " + name, blocks[i - 1][idx], got))


def check_prf_input(deriv, suite, problems):
    claimed = get_input(deriv, "prf", required=False)
    expected = ("TLS1.2-PRF-" + suite.prf_name).encode()
    if claimed is None:
        problems.append("missing input prf")
    elif claimed != expected:
        problems.append("prf input is %r but %s uses %r" % (claimed.decode("ascii", "replace"),
                                                             suite.name, expected.decode()))


# --------------------------------------------------------------------------------------
# Wire reconstruction


class Wire:
    """Handshake messages and randoms rebuilt from the events' record bytes."""

    def __init__(self, events, suite):
        self.suite = suite
        self.messages = []  # dicts: type, data, direction, event
        self.record_problems = []
        buffers = {"c2s": b"", "s2c": b""}
        for idx, ev in enumerate(events):
            where = "event %d (%s)" % (idx, ev.get("name"))
            try:
                raw = unhex(ev.get("bytes"), where + " bytes")
            except CheckFailed as e:
                self.record_problems.append(str(e))
                continue
            if len(raw) < 5:
                self.record_problems.append(where + ": record shorter than its header")
                continue
            rlen = int.from_bytes(raw[3:5], "big")
            if rlen != len(raw) - 5:
                self.record_problems.append("%s: header length %d but %d fragment bytes" % (where, rlen, len(raw) - 5))
            want_type = CONTENT_TYPES.get(ev.get("layer"))
            if want_type is not None and raw[0] != want_type:
                self.record_problems.append("%s: content type %d on the wire but layer %s" % (where, raw[0], ev.get("layer")))
            if raw[0] != CONTENT_TYPES["handshake"]:
                continue
            direction = self.direction(ev)
            if direction is None:
                self.record_problems.append(where + ": cannot tell the direction")
                continue
            try:
                fragment = self.handshake_content(ev, raw)
            except CheckFailed as e:
                self.record_problems.append("%s: %s" % (where, e))
                continue
            buf = buffers[direction] + fragment
            while len(buf) >= 4:
                mlen = int.from_bytes(buf[1:4], "big")
                if len(buf) < 4 + mlen:
                    break
                self.messages.append({"type": buf[0], "data": buf[: 4 + mlen], "direction": direction, "event": idx})
                buf = buf[4 + mlen:]
            buffers[direction] = buf
        for d, rest in buffers.items():
            if rest:
                self.record_problems.append("%d trailing bytes of an incomplete handshake message (%s)" % (len(rest), d))

    @staticmethod
    def direction(ev):
        if ev.get("from") == "client" or (ev.get("from") != "server" and ev.get("to") == "server"):
            return "c2s"
        if ev.get("from") == "server" or ev.get("to") == "client":
            return "s2c"
        return None

    def handshake_content(self, ev, raw):
        plaintext = ev.get("plaintext") or ""
        protected = plaintext != "" or ev.get("protection", "none") not in ("none", None, "")
        if not protected:
            return raw[5:]
        pt = unhex(plaintext, "plaintext")
        if self.suite.kind == "aead":
            return pt
        # CBC: content || MAC || padding || padding_length
        if not pt:
            raise CheckFailed("empty CBC plaintext")
        pad = pt[-1]
        if pad + 1 + self.suite.mac_len > len(pt):
            raise CheckFailed("CBC plaintext too short for MAC and padding")
        if pt[len(pt) - pad - 1:] != bytes([pad]) * (pad + 1):
            raise CheckFailed("bad CBC padding in plaintext")
        return pt[: len(pt) - pad - 1 - self.suite.mac_len]

    def first(self, hs_type, direction=None):
        for i, m in enumerate(self.messages):
            if m["type"] == hs_type and (direction is None or m["direction"] == direction):
                return i, m
        return None, None

    def transcript_before(self, index):
        return b"".join(m["data"] for m in self.messages[:index])

    def transcript_through(self, index):
        return b"".join(m["data"] for m in self.messages[: index + 1])

    @staticmethod
    def hello_random(msg):
        body = msg["data"][4:]
        if len(body) < 34:
            raise CheckFailed("hello message too short")
        return body[2:34]

    @staticmethod
    def hello_fields(msg, is_client):
        """Returns (cipher_suites or [selected], extension types) of a hello message."""
        body = msg["data"][4:]
        pos = 34
        sid_len = body[pos]
        pos += 1 + sid_len
        if is_client:
            cs_len = int.from_bytes(body[pos:pos + 2], "big")
            pos += 2
            suites = [int.from_bytes(body[pos + i:pos + i + 2], "big") for i in range(0, cs_len, 2)]
            pos += cs_len
            comp_len = body[pos]
            pos += 1 + comp_len
        else:
            suites = [int.from_bytes(body[pos:pos + 2], "big")]
            pos += 3
        exts = []
        if pos + 2 <= len(body):
            ext_total = int.from_bytes(body[pos:pos + 2], "big")
            pos += 2
            end = pos + ext_total
            while pos + 4 <= end:
                etype = int.from_bytes(body[pos:pos + 2], "big")
                elen = int.from_bytes(body[pos + 2:pos + 4], "big")
                exts.append(etype)
                pos += 4 + elen
        return suites, exts


# --------------------------------------------------------------------------------------
# The verifier


class Verifier:
    def __init__(self, trace):
        self.trace = trace
        self.passed = 0
        self.failed = 0
        self.ran = {"master_secret": 0, "key_block": 0, "verify_data": 0}
        self.derivs = []  # (global order, event index, derivation)

    def report(self, label, problems):
        if problems:
            self.failed += 1
            print("FAIL %s: %s" % (label, "; ".join(problems)))
        else:
            self.passed += 1
            print("ok %s" % label)

    def run_check(self, label, fn, *args):
        problems = []
        try:
            fn(problems, *args)
        except CheckFailed as e:
            problems.append(str(e))
        except (ValueError, KeyError, IndexError, TypeError, AttributeError) as e:
            problems.append("malformed trace data (%s: %s)" % (type(e).__name__, e))
        self.report(label, problems)

    # ---------------------------------------------------------------- lookups

    def same_actor(self, deriv, name, order):
        """Output of the same actor's derivation `name` (latest one before `order`)."""
        candidates = [(o, d) for o, _, d in self.derivs if d.get("name") == name and d.get("actor") == deriv.get("actor")]
        if not candidates:
            raise CheckFailed("no %s derivation by %s" % (name, deriv.get("actor")))
        before = [c for c in candidates if c[0] < order]
        o, d = (before or candidates)[-1]
        return d

    # ---------------------------------------------------------------- main

    def verify(self):
        t = self.trace
        events = t["events"]
        negotiated = t.get("negotiated") or {}
        try:
            self.suite = Suite(negotiated.get("cipher_suite"))
        except CheckFailed as e:
            self.report("cipher suite", [str(e)])
            return self.finish()

        self.wire = Wire(events, self.suite)
        self.report("wire records (%d events, %d handshake messages)" % (len(events), len(self.wire.messages)),
                    self.wire.record_problems)

        for idx, ev in enumerate(events):
            for d in ev.get("derivations") or []:
                if isinstance(d, dict):
                    self.derivs.append((len(self.derivs), idx, d))

        self.run_check("hello randoms and negotiated parameters", self.check_hellos, negotiated)

        counts = {}
        for _, _, d in self.derivs:
            key = (d.get("name"), d.get("actor"))
            counts[key] = counts.get(key, 0) + 1

        for order, idx, d in self.derivs:
            name = d.get("name") or ""
            actor = d.get("actor")
            label = "%s (%s)" % (name, actor)
            if counts[(d.get("name"), actor)] > 1:
                label = "%s (%s, %s)" % (name, actor, d.get("id"))
            if name == "master_secret":
                self.ran["master_secret"] += 1
                self.run_check(label, self.check_master_secret, d, order)
            elif name == "key_block":
                self.ran["key_block"] += 1
                self.run_check(label, self.check_key_block, d, order)
            elif name in ("client_verify_data", "server_verify_data"):
                self.ran["verify_data"] += 1
                self.run_check(label, self.check_verify_data, d, order)
            elif name.startswith("record_seal ") and self.suite.kind == "cbc":
                self.run_check(label, self.check_cbc_seal, d, order, events[idx])
            elif name.startswith("record_open ") and self.suite.kind == "cbc":
                self.run_check(label, self.check_cbc_open, d, order, events[idx])

        for name in ("pre_master_secret", "master_secret", "key_block", "client_verify_data", "server_verify_data"):
            self.run_check("agreement %s (client = server)" % name, self.check_agreement, name)

        return self.finish()

    def finish(self):
        missing = []
        if self.ran["master_secret"] < 1:
            missing.append("no master_secret derivation was checked")
        if self.ran["key_block"] < 1:
            missing.append("no key_block derivation was checked")
        if self.ran["verify_data"] < 2:
            missing.append("only %d verify_data derivations were checked (need 2)" % self.ran["verify_data"])
        if missing:
            self.report("coverage", missing)
        print("%d passed, %d failed" % (self.passed, self.failed))
        return 0 if self.failed == 0 and not missing else 1

    # ---------------------------------------------------------------- checks

    def randoms(self):
        _, ch = self.wire.first(HS_CLIENT_HELLO, "c2s")
        _, sh = self.wire.first(HS_SERVER_HELLO, "s2c")
        if ch is None:
            raise CheckFailed("no ClientHello on the wire")
        if sh is None:
            raise CheckFailed("no ServerHello on the wire")
        return Wire.hello_random(ch), Wire.hello_random(sh)

    def check_hellos(self, problems, negotiated):
        self.randoms()
        _, ch = self.wire.first(HS_CLIENT_HELLO, "c2s")
        _, sh = self.wire.first(HS_SERVER_HELLO, "s2c")
        offered, ch_exts = Wire.hello_fields(ch, True)
        (selected,), sh_exts = Wire.hello_fields(sh, False)
        if selected not in offered:
            problems.append("ServerHello selected 0x%04x which the ClientHello did not offer" % selected)
        if negotiated.get("cipher_suite_id") is not None and negotiated.get("cipher_suite_id") != selected:
            problems.append("negotiated cipher_suite_id %r but ServerHello selected 0x%04x" % (negotiated.get("cipher_suite_id"), selected))
        if selected in IANA_SUITES and IANA_SUITES[selected] != self.suite.name:
            problems.append("ServerHello selected %s but negotiated says %s" % (IANA_SUITES[selected], self.suite.name))
        wire_ems = EXT_EXTENDED_MASTER_SECRET in ch_exts and EXT_EXTENDED_MASTER_SECRET in sh_exts
        if bool(negotiated.get("extended_master_secret")) != wire_ems:
            problems.append("negotiated extended_master_secret=%r but the hellos on the wire say %r"
                            % (negotiated.get("extended_master_secret"), wire_ems))
        self.wire_ems = wire_ems

    def check_master_secret(self, problems, d, order):
        suite = self.suite
        check_prf_input(d, suite, problems)
        pms = get_input(d, "pre_master_secret")
        label = get_input(d, "label")
        seed = get_input(d, "seed")
        output = unhex(d.get("output"), "output")

        own_pms = unhex(self.same_actor(d, "pre_master_secret", order).get("output"), "pre_master_secret output")
        if pms != own_pms:
            problems.append(diff("pre_master_secret input vs %s's pre_master_secret output" % d.get("actor"), own_pms, pms))

        client_random, server_random = self.randoms()
        if label == b"master secret":
            if seed != client_random + server_random:
                problems.append(diff("seed vs ClientHello.random + ServerHello.random on the wire",
                                     client_random + server_random, seed))
            for name, want in (("client_random", client_random), ("server_random", server_random)):
                got = get_input(d, name, required=False)
                if got is not None and got != want:
                    problems.append(diff(name + " input vs the wire", want, got))
            if getattr(self, "wire_ems", False):
                problems.append('"master secret" used although both hellos negotiated extended_master_secret')
        elif label == b"extended master secret":
            msgs = get_input(d, "handshake_messages")
            cke_idx, _ = self.wire.first(HS_CLIENT_KEY_EXCHANGE, "c2s")
            if cke_idx is None:
                raise CheckFailed("no ClientKeyExchange on the wire")
            wire_msgs = self.wire.transcript_through(cke_idx)
            if msgs != wire_msgs:
                problems.append(diff("handshake_messages vs wire ClientHello..ClientKeyExchange", wire_msgs, msgs))
            session_hash = suite.prf_hash(wire_msgs).digest()
            if seed != session_hash:
                problems.append(diff("seed vs %s(wire handshake messages)" % suite.prf_name, session_hash, seed))
            step = get_step(d, "session_hash")
            if step is not None and step != session_hash:
                problems.append(diff("session_hash step", session_hash, step))
            if not getattr(self, "wire_ems", True):
                problems.append('"extended master secret" used but the hellos did not negotiate it')
        else:
            problems.append("unexpected label %r" % label)

        expected, blocks = prf(suite.prf_hash, pms, label, seed, 48)
        if output != expected:
            problems.append(diff("output vs PRF(pre_master_secret, label, seed)[:48]", expected, output))
        compare_prf_steps(d, blocks, problems)

    def check_key_block(self, problems, d, order):
        suite = self.suite
        check_prf_input(d, suite, problems)
        ms = get_input(d, "master_secret")
        label = get_input(d, "label")
        seed = get_input(d, "seed")
        output = unhex(d.get("output"), "output")

        own_ms = unhex(self.same_actor(d, "master_secret", order).get("output"), "master_secret output")
        if ms != own_ms:
            problems.append(diff("master_secret input vs %s's master_secret output" % d.get("actor"), own_ms, ms))
        if label != b"key expansion":
            problems.append("label is %r, expected 'key expansion'" % label)
        client_random, server_random = self.randoms()
        if seed != server_random + client_random:
            problems.append(diff("seed vs ServerHello.random + ClientHello.random on the wire",
                                 server_random + client_random, seed))

        length = suite.key_block_len()
        expected, blocks = prf(suite.prf_hash, ms, b"key expansion", server_random + client_random, length)
        if len(output) != length:
            problems.append("output is %d bytes, %s needs %d" % (len(output), suite.name, length))
        if output != expected:
            problems.append(diff("output vs PRF(master_secret, 'key expansion', server_random + client_random)",
                                 expected, output))
        compare_prf_steps(d, blocks, problems)

        parts = d.get("parts") or []
        layout = suite.key_block_layout()
        offset = 0
        names = []
        for p in parts:
            name, off, plen = p.get("name"), p.get("offset"), p.get("length")
            names.append(name)
            phex = unhex(p.get("hex"), "part %s" % name)
            if off != offset:
                problems.append("part %s at offset %r, expected %d" % (name, off, offset))
            if plen != len(phex):
                problems.append("part %s length %r but %d bytes of hex" % (name, plen, len(phex)))
            if phex != output[offset:offset + len(phex)]:
                problems.append("part %s is not output[%d:%d]" % (name, offset, offset + len(phex)))
            offset += len(phex)
        if offset != len(output):
            problems.append("parts cover %d bytes of %d" % (offset, len(output)))
        if [(p.get("name"), p.get("length")) for p in parts] != layout:
            problems.append("parts %s, expected %s" % ([(p.get("name"), p.get("length")) for p in parts], layout))

    def check_verify_data(self, problems, d, order):
        suite = self.suite
        name = d.get("name")
        sender_dir = "c2s" if name == "client_verify_data" else "s2c"
        want_label = b"client finished" if name == "client_verify_data" else b"server finished"
        check_prf_input(d, suite, problems)
        ms = get_input(d, "master_secret")
        label = get_input(d, "label")
        seed = get_input(d, "seed")
        msgs = get_input(d, "handshake_messages")
        output = unhex(d.get("output"), "output")

        own_ms = unhex(self.same_actor(d, "master_secret", order).get("output"), "master_secret output")
        if ms != own_ms:
            problems.append(diff("master_secret input vs %s's master_secret output" % d.get("actor"), own_ms, ms))
        if label != want_label:
            problems.append("label is %r, expected %r" % (label, want_label))

        fin_idx, fin = self.wire.first(HS_FINISHED, sender_dir)
        if fin is None:
            raise CheckFailed("no %s Finished message in the trace" % ("client" if sender_dir == "c2s" else "server"))
        wire_msgs = self.wire.transcript_before(fin_idx)
        if msgs != wire_msgs:
            problems.append(diff("handshake_messages vs the messages before this Finished in the trace", wire_msgs, msgs))
        handshake_hash = suite.prf_hash(wire_msgs).digest()
        if seed != handshake_hash:
            problems.append(diff("seed vs %s(handshake messages)" % suite.prf_name, handshake_hash, seed))
        step = get_step(d, "handshake_hash")
        if step is not None and step != handshake_hash:
            problems.append(diff("handshake_hash step", handshake_hash, step))

        expected, blocks = prf(suite.prf_hash, ms, want_label, handshake_hash, 12)
        if output != expected:
            problems.append(diff("output vs PRF(master_secret, label, Hash(handshake_messages))[:12]", expected, output))
        compare_prf_steps(d, blocks, problems)

        carried = fin["data"][4:]
        if len(carried) != 12:
            problems.append("Finished carries %d bytes of verify_data, expected 12" % len(carried))
        if carried[-12:] != expected:
            problems.append(diff("verify_data carried in the Finished message", expected, carried[-12:]))

    def key_block_part(self, d, order, part):
        kb = self.same_actor(d, "key_block", order)
        for p in kb.get("parts") or []:
            if p.get("name") == part:
                return unhex(p.get("hex"), "key_block part " + part)
        raise CheckFailed("%s's key_block has no part %s" % (d.get("actor"), part))

    def cbc_record(self, d, ev):
        """(direction, seq) from the derivation name; wire header and plaintext pieces."""
        words = (d.get("name") or "").split()
        if len(words) != 4 or words[2] != "seq" or not words[3].isdigit() or words[1] not in ("client_write", "server_write"):
            raise CheckFailed("unexpected record derivation name")
        raw = unhex(ev.get("bytes"), "event bytes")
        pt = unhex(ev.get("plaintext"), "event plaintext")
        return words[1], int(words[3]), raw, pt

    def check_mac(self, problems, d, order, ev, mac_input_step, mac_step):
        suite = self.suite
        direction, seq, raw, pt = self.cbc_record(d, ev)
        mac_key = get_input(d, "mac_key")
        seq_num = get_input(d, "seq_num")
        want_key = self.key_block_part(d, order, direction + "_MAC_key")
        if mac_key != want_key:
            problems.append(diff("mac_key vs %s of the %s's key_block" % (direction + "_MAC_key", d.get("actor")), want_key, mac_key))
        if seq_num != seq.to_bytes(8, "big"):
            problems.append(diff("seq_num vs the derivation name", seq.to_bytes(8, "big"), seq_num))
        # The record's content, from the event's decrypted plaintext (content || MAC || padding || len).
        pad = pt[-1]
        content = pt[: len(pt) - pad - 1 - suite.mac_len]
        carried_mac = pt[len(content): len(content) + suite.mac_len]
        recorded_content = get_input(d, "content", required=False)
        if recorded_content is not None and recorded_content != content:
            problems.append(diff("content input vs the event's plaintext", content, recorded_content))
        want_mac_input = seq_num + raw[0:3] + len(content).to_bytes(2, "big") + content
        mac_input = get_step(d, mac_input_step)
        if mac_input is None:
            problems.append("missing step " + mac_input_step)
        elif mac_input != want_mac_input:
            problems.append(diff(mac_input_step + " vs seq_num + type + version + length + content", want_mac_input, mac_input))
        want_mac = hmac.new(mac_key, want_mac_input, suite.mac_hash).digest()
        mac = get_step(d, mac_step)
        if mac is None:
            problems.append("missing step " + mac_step)
        elif mac != want_mac:
            problems.append(diff(mac_step + " vs HMAC-%s(mac_key, mac_input)" % suite.mac_name, want_mac, mac))
        if carried_mac != want_mac:
            problems.append(diff("MAC inside the record's plaintext", want_mac, carried_mac))
        return raw, pt

    def check_cbc_seal(self, problems, d, order, ev):
        raw, pt = self.check_mac(problems, d, order, ev, "mac_input", "mac")
        direction = self.cbc_record(d, ev)[0]
        write_key = get_input(d, "write_key")
        want_key = self.key_block_part(d, order, direction + "_key")
        if write_key != want_key:
            problems.append(diff("write_key vs %s_key of the %s's key_block" % (direction, d.get("actor")), want_key, write_key))
        output = unhex(d.get("output"), "output")
        if output != raw[5:]:
            problems.append(diff("output vs the record fragment on the wire", raw[5:], output))
        iv = get_step(d, "iv")
        if iv is not None and iv != raw[5:21]:
            problems.append(diff("iv step vs the explicit IV on the wire", raw[5:21], iv))
        cbc_pt = get_step(d, "cbc_plaintext")
        if cbc_pt is not None and cbc_pt != pt:
            problems.append(diff("cbc_plaintext step vs the event's plaintext", pt, cbc_pt))
        padding = get_step(d, "padding")
        # The padding step holds padding || padding_length (padding_length + 1 bytes of that value).
        if padding is not None and padding != pt[len(pt) - pt[-1] - 1:]:
            problems.append(diff("padding step vs the padding at the end of the event's plaintext",
                                 pt[len(pt) - pt[-1] - 1:], padding))

    def check_cbc_open(self, problems, d, order, ev):
        raw, pt = self.check_mac(problems, d, order, ev, "mac_input", "mac_expected")
        received = get_step(d, "mac_received")
        expected = get_step(d, "mac_expected")
        if received is not None and expected is not None and received != expected:
            problems.append("mac_received differs from mac_expected")
        fragment = get_input(d, "fragment", required=False)
        if fragment is not None and fragment != raw[5:]:
            problems.append(diff("fragment input vs the record on the wire", raw[5:], fragment))

    def check_agreement(self, problems, name):
        outputs = {"client": set(), "server": set()}
        for _, _, d in self.derivs:
            if d.get("name") == name and d.get("actor") in outputs:
                outputs[d["actor"]].add(str(d.get("output")).lower())
        if not outputs["client"] or not outputs["server"]:
            missing = [a for a in ("client", "server") if not outputs[a]]
            problems.append("no %s derivation by %s" % (name, " or ".join(missing)))
            return
        if len(outputs["client"] | outputs["server"]) != 1:
            def show(values):
                return ", ".join(v if len(v) <= 48 else v[:48] + "..." for v in sorted(values))
            problems.append("client derived %s, server derived %s" % (show(outputs["client"]), show(outputs["server"])))


def load_trace(path):
    try:
        if path == "-":
            text = sys.stdin.read()
        else:
            with open(path, "r", encoding="utf-8") as f:
                text = f.read()
    except OSError as e:
        raise TraceFormatError("cannot read %s: %s" % (path, e.strerror or e))
    except UnicodeDecodeError:
        raise TraceFormatError("%s is not a tlslab trace (not UTF-8 text)" % path)
    try:
        trace = json.loads(text)
    except ValueError as e:
        raise TraceFormatError("%s is not a tlslab trace (not valid JSON: %s)" % (path, e))
    if not isinstance(trace, dict) or trace.get("format") != TRACE_FORMAT:
        raise TraceFormatError('%s is not a tlslab trace (expected "format": "%s")' % (path, TRACE_FORMAT))
    version = trace.get("version")
    if isinstance(version, bool) or version != TRACE_VERSION:
        raise TraceFormatError("%s: unsupported tlslab trace version %r (this verifier supports version %d)"
                               % (path, version, TRACE_VERSION))
    if not isinstance(trace.get("events"), list) or not all(isinstance(e, dict) for e in trace["events"]):
        raise TraceFormatError('%s is not a valid tlslab trace ("events" must be a list of objects)' % path)
    if not isinstance(trace.get("negotiated"), dict):
        raise TraceFormatError('%s is not a valid tlslab trace (missing "negotiated" object)' % path)
    return trace


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Independently re-derive the TLS 1.2 secrets recorded in a tlslab JSON trace "
                    "(tlslab run --json FILE) and check them against the bytes on the wire.")
    parser.add_argument("trace", help="trace file written by `tlslab run --json`, or - for stdin")
    args = parser.parse_args(argv)
    try:
        trace = load_trace(args.trace)
    except TraceFormatError as e:
        print("verify_trace: error: %s" % e, file=sys.stderr)
        return 2
    return Verifier(trace).verify()


if __name__ == "__main__":
    sys.exit(main())
