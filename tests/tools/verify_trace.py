#!/usr/bin/env python3
"""Independent verifier for tlslab JSON traces (format "tlslab-trace", version 1).

This script deliberately shares no code with the C++ engine.  Every computation is
implemented here straight from the RFC text:

  SSL 3.0 (RFC 6101)
    master_secret   MD5(pms + SHA('A' + pms + CR + SR)) + MD5(pms + SHA('BB' + ...)) +
                    MD5(pms + SHA('CCC' + ...))                                  (6.1)
    key_block       the same construction over master_secret and SR + CR      (6.2.2)
    export keys     final_client_write_key = MD5(client_write_key + CR + SR),
                    final_server_write_key = MD5(server_write_key + SR + CR),
                    client_write_IV = MD5(CR + SR), server_write_IV = MD5(SR + CR) (6.2.2.1)
    Finished        MD5(ms + pad_2 + MD5(msgs + Sender + ms + pad_1)) +
                    SHA(ms + pad_2 + SHA(msgs + Sender + ms + pad_1))          (5.6.9)
    CertificateVerify hashes: the same without Sender                         (5.6.8)
    record MAC      hash(MAC_write_secret + pad_2 + hash(MAC_write_secret + pad_1 +
                    seq_num + type + length + fragment))                       (5.2.3.1)
  TLS 1.0 / 1.1 (RFC 2246, RFC 4346)
    PRF             P_MD5(S1, label + seed) XOR P_SHA1(S2, label + seed), S1 and S2 the
                    halves of the secret (sharing the middle byte for odd lengths)  (5)
    Finished        PRF(ms, label, MD5(msgs) + SHA1(msgs))[:12]                (7.4.9)
    export keys     PRF(key, "client write key" / "server write key", CR + SR),
                    iv_block = PRF("", "IV block", CR + SR)          (RFC 2246 6.3.1)
    record MAC      HMAC(MAC_write_secret, seq_num + type + version + length + fragment)
  TLS 1.2 (RFC 5246)
    PRF             P_<hash>(secret, label + seed)                                 (5)
  Extended master secret (RFC 7627): PRF(pms, "extended master secret", session_hash),
    session_hash = MD5 + SHA1 (TLS 1.0/1.1) or the PRF hash (TLS 1.2) of the handshake
    messages ClientHello .. ClientKeyExchange.
  TLS 1.3 (RFC 8446, HKDF from RFC 5869): the whole key schedule, traffic keys and IVs,
    Finished and PSK binders, KeyUpdate and ticket PSKs, the (EC)DHE shared secret, and
    every protected record decrypted with AES-GCM / ChaCha20-Poly1305 implemented here
    (see the "TLS 1.3" section below; `--self-test` checks it against RFC 8448 and others).

Everything is recomputed from the recorded derivation inputs and from the record bytes
as they appeared on the wire (the "bytes" of each event), never from the engine's own
claims; the key schedule of every handshake is recomputed from the pre-master secret and
the wire (ClientHello/ServerHello randoms and transcript), and the records are checked
with those keys:

  * key exchange    RSA: the server's decrypted block, raised to the public exponent,
                    must give the EncryptedPreMasterSecret on the wire; DHE: Z = Y^x mod p;
                    ECDHE: X25519 (RFC 7748) / P-256 point multiplication.
  * signatures      RSA PKCS#1 v1.5 (MD5 + SHA1 before TLS 1.2, DigestInfo or PSS in
                    TLS 1.2) of ServerKeyExchange and CertificateVerify, and ECDSA P-256
                    (ECDHE_ECDSA ServerKeyExchange), checked with the certificate's public
                    key taken from the wire.
  * master_secret, key_block, export keys/IVs, verify_data (carried in Finished),
    SSL 3.0 certificate_verify_hashes.
  * records         the MAC inside every protected record (over the compressed fragment
                    when DEFLATE is on), CBC padding (SSL 3.0: only padding_length <
                    block size; TLS: every padding byte = padding_length), the CBC IV
                    (SSL 3.0/TLS 1.0: key_block IV, then the last ciphertext block of the
                    previous record; TLS 1.1+: explicit), RC4 decryption of the wire
                    fragment, DEFLATE inflation (one zlib stream per direction and
                    connection state), sequence numbers per direction and epoch.
  * renegotiation   each handshake has its own randoms, transcript (HelloRequest is never
                    part of one), secrets and Finished; RFC 5746 renegotiation_info must
                    carry the previous handshake's verify_data.
  * agreement       client and server derived the same secrets in every handshake.

Up to TLS 1.2, block ciphers and AEAD ciphers are not re-run (Python's standard library
has none); RC4 is, and for block ciphers the MAC check over the decrypted plaintext with
independently derived keys ties the plaintext to the key schedule.

Usage: verify_trace.py TRACE.json | verify_trace.py --self-test
Prints one line per check ("ok ..." / "FAIL ...") and finally "N passed, M failed".
Exit status: 0 when nothing failed and the essential checks ran, 1 otherwise,
2 when the file is not a tlslab trace of a supported version.
"""

import argparse
import hashlib
import hmac
import json
import re
import sys
import zlib

TRACE_FORMAT = "tlslab-trace"
TRACE_VERSION = 2

SSL30, TLS10, TLS11, TLS12 = 0x0300, 0x0301, 0x0302, 0x0303
VERSIONS = {"SSL 3.0": SSL30, "TLS 1.0": TLS10, "TLS 1.1": TLS11, "TLS 1.2": TLS12}
VERSION_NAMES = {v: k for k, v in VERSIONS.items()}

HASHES = {
    "MD5": hashlib.md5,
    "SHA": hashlib.sha1,
    "SHA256": hashlib.sha256,
    "SHA384": hashlib.sha384,
}

# IANA TLS cipher suite registry values (used to name the suite each ServerHello selected
# on the wire and to cross-check the trace's "negotiated" summary).
IANA_SUITES = {
    0x0003: "SSL_RSA_EXPORT_WITH_RC4_40_MD5",
    0x0004: "SSL_RSA_WITH_RC4_128_MD5",
    0x0005: "SSL_RSA_WITH_RC4_128_SHA",
    0x0006: "SSL_RSA_EXPORT_WITH_RC2_CBC_40_MD5",
    0x0007: "SSL_RSA_WITH_IDEA_CBC_SHA",
    0x0008: "SSL_RSA_EXPORT_WITH_DES40_CBC_SHA",
    0x0009: "SSL_RSA_WITH_DES_CBC_SHA",
    0x000A: "SSL_RSA_WITH_3DES_EDE_CBC_SHA",
    0x0016: "SSL_DHE_RSA_WITH_3DES_EDE_CBC_SHA",
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
TLS_EMPTY_RENEGOTIATION_INFO_SCSV = 0x00FF

CONTENT_TYPES = {"change_cipher_spec": 20, "alert": 21, "handshake": 22, "application_data": 23}
CT_CHANGE_CIPHER_SPEC, CT_HANDSHAKE = 20, 22

HS_HELLO_REQUEST = 0
HS_CLIENT_HELLO = 1
HS_SERVER_HELLO = 2
HS_CERTIFICATE = 11
HS_SERVER_KEY_EXCHANGE = 12
HS_CERTIFICATE_VERIFY = 15
HS_CLIENT_KEY_EXCHANGE = 16
HS_FINISHED = 20
EXT_EXTENDED_MASTER_SECRET = 0x0017
EXT_SESSION_TICKET = 0x0023  # RFC 5077 3.2
EXT_RENEGOTIATION_INFO = 0xFF01
HS_NEW_SESSION_TICKET12 = 4  # RFC 5077 3.3 (the TLS 1.3 message of the same number has another body)


def nst12_ticket(data):
    """The ticket of an SSL 3.0-TLS 1.2 NewSessionTicket (whole message, header included):
    uint32 ticket_lifetime_hint, opaque ticket<0..2^16-1> (RFC 5077 3.3)."""
    body = data[4:]
    if len(body) < 6:
        raise CheckFailed("NewSessionTicket shorter than its 6 fixed bytes")
    n = int.from_bytes(body[4:6], "big")
    if len(body) != 6 + n:
        raise CheckFailed("NewSessionTicket says a %d-byte ticket but carries %d bytes" % (n, len(body) - 6))
    return body[6:]
COMPRESSION_NULL, COMPRESSION_DEFLATE = 0, 1
COMPRESSION_NAMES = {COMPRESSION_NULL: "null", COMPRESSION_DEFLATE: "DEFLATE"}


class TraceFormatError(Exception):
    """The input is not a tlslab trace this verifier understands (exit 2)."""


class CheckFailed(Exception):
    pass


# --------------------------------------------------------------------------------------
# TLS 1.2 PRF (RFC 5246 section 5) and the P_hash it is built on


def p_hash(hash_fn, secret, seed, length):
    """Returns (output[:length], [(A(i), block_i), ...]).

    P_hash(secret, seed) = HMAC_hash(secret, A(1) + seed) + HMAC_hash(secret, A(2) + seed) + ...
    A(0) = seed, A(i) = HMAC_hash(secret, A(i-1))
    """
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
    """TLS 1.2: PRF(secret, label, seed) = P_<hash>(secret, label + seed)."""
    return p_hash(hash_fn, secret, label + seed, length)


def prf12_steps(blocks):
    steps = {}
    for i, (a, block) in enumerate(blocks, 1):
        steps["A(%d)" % i] = a
        steps["P_hash block %d" % i] = block
    return steps


# --------------------------------------------------------------------------------------
# TLS 1.0 / 1.1 PRF (RFC 2246 section 5, unchanged in RFC 4346)


def prf10(secret, label, seed, length):
    """PRF(secret, label, seed) = P_MD5(S1, label + seed) XOR P_SHA-1(S2, label + seed).

    "S1 and S2 are the two halves of the secret and each is the same length. S1 is taken
    from the first half of the secret, S2 from the second half. Their length is created
    by rounding up the length of the overall secret divided by two; thus, if the original
    secret is an odd number of bytes long, the last byte of S1 will be the same as the
    first byte of S2."
    """
    half = (len(secret) + 1) // 2
    s1, s2 = secret[:half], secret[len(secret) - half:]
    md5_out, _ = p_hash(hashlib.md5, s1, label + seed, length)
    sha_out, _ = p_hash(hashlib.sha1, s2, label + seed, length)
    out = bytes(a ^ b for a, b in zip(md5_out, sha_out))
    return out, {"S1": s1, "S2": s2, "P_MD5(S1, label + seed)": md5_out, "P_SHA1(S2, label + seed)": sha_out}


def md5_sha1(data):
    return hashlib.md5(data).digest() + hashlib.sha1(data).digest()


# --------------------------------------------------------------------------------------
# SSL 3.0 (RFC 6101)


def ssl3_expand(secret, seed, length):
    """RFC 6101 6.1 and 6.2.2:
        MD5(secret + SHA('A' + secret + seed)) + MD5(secret + SHA('BB' + secret + seed)) +
        MD5(secret + SHA('CCC' + secret + seed)) + ...
    """
    out = b""
    steps = {}
    i = 0
    while len(out) < length:
        i += 1
        if i > 26:
            raise CheckFailed("SSL 3.0 key derivation needs more than 26 rounds ('A' .. 'Z')")
        letters = bytes([0x40 + i]) * i  # 'A', 'BB', 'CCC', ...
        inner = hashlib.sha1(letters + secret + seed).digest()
        outer = hashlib.md5(secret + inner).digest()
        tag = letters.decode("ascii")
        steps["SHA('%s' + secret + seed)" % tag] = inner
        steps["MD5(secret + SHA('%s' ...))" % tag] = outer
        out += outer
    return out[:length], steps


SSL3_PAD_LEN = {"MD5": 48, "SHA": 40}
SSL3_SENDER = {"c2s": b"CLNT", "s2c": b"SRVR"}  # 0x434C4E54, 0x53525652


def ssl3_handshake_hashes(master_secret, messages, sender):
    """RFC 6101 5.6.9 (Finished, sender = 'CLNT' / 'SRVR') and 5.6.8 (CertificateVerify,
    no sender):
        md5_hash = MD5(master_secret + pad_2 + MD5(handshake_messages + Sender + master_secret + pad_1))
        sha_hash = SHA(master_secret + pad_2 + SHA(handshake_messages + Sender + master_secret + pad_1))
    pad_1 = 0x36 repeated 48 times for MD5, 40 times for SHA; pad_2 likewise with 0x5c.
    """
    md5_inner = hashlib.md5(messages + sender + master_secret + b"\x36" * 48).digest()
    md5_hash = hashlib.md5(master_secret + b"\x5c" * 48 + md5_inner).digest()
    sha_inner = hashlib.sha1(messages + sender + master_secret + b"\x36" * 40).digest()
    sha_hash = hashlib.sha1(master_secret + b"\x5c" * 40 + sha_inner).digest()
    steps = {
        "pad_1 (MD5)": b"\x36" * 48, "pad_2 (MD5)": b"\x5c" * 48,
        "pad_1 (SHA)": b"\x36" * 40, "pad_2 (SHA)": b"\x5c" * 40,
        "inner MD5": md5_inner, "md5_hash": md5_hash, "inner SHA": sha_inner, "sha_hash": sha_hash,
    }
    return md5_hash + sha_hash, steps


# --------------------------------------------------------------------------------------
# RC4 (the stream cipher of the RC4_128 / RC4_40 suites)


class RC4:
    def __init__(self, key):
        s = list(range(256))
        j = 0
        for i in range(256):
            j = (j + s[i] + key[i % len(key)]) & 0xFF
            s[i], s[j] = s[j], s[i]
        self.s, self.i, self.j = s, 0, 0

    def crypt(self, data):
        s, i, j = self.s, self.i, self.j
        out = bytearray()
        for b in data:
            i = (i + 1) & 0xFF
            j = (j + s[i]) & 0xFF
            s[i], s[j] = s[j], s[i]
            out.append(b ^ s[(s[i] + s[j]) & 0xFF])
        self.i, self.j = i, j
        return bytes(out)


# --------------------------------------------------------------------------------------
# Public-key arithmetic: RSA (PKCS #1, RFC 8017), finite-field DH, X25519 (RFC 7748), P-256


def der_next(buf, pos):
    """(tag, content, end) of the DER element starting at pos."""
    if pos + 2 > len(buf):
        raise CheckFailed("truncated DER element")
    tag, length = buf[pos], buf[pos + 1]
    pos += 2
    if length & 0x80:
        n = length & 0x7F
        if n == 0 or n > 4 or pos + n > len(buf):
            raise CheckFailed("bad DER length")
        length = int.from_bytes(buf[pos:pos + n], "big")
        pos += n
    if pos + length > len(buf):
        raise CheckFailed("truncated DER element")
    return tag, buf[pos:pos + length], pos + length


def der_children(content):
    items = []
    pos = 0
    while pos < len(content):
        start = pos
        tag, value, pos = der_next(content, pos)
        items.append((tag, value, content[start:pos]))
    return items


OID_RSA_ENCRYPTION = bytes.fromhex("2a864886f70d010101")


def cert_spki(cert):
    """SubjectPublicKeyInfo (whole DER element) of an X.509 certificate (RFC 5280 4.1)."""
    tag, body, _ = der_next(cert, 0)
    tbs_tag, tbs, _ = der_next(body, 0)
    if tag != 0x30 or tbs_tag != 0x30:
        raise CheckFailed("certificate is not a DER SEQUENCE")
    fields = der_children(tbs)
    if fields and fields[0][0] == 0xA0:  # [0] EXPLICIT version
        fields = fields[1:]
    # serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo
    if len(fields) < 6 or fields[5][0] != 0x30:
        raise CheckFailed("certificate has no subjectPublicKeyInfo")
    return fields[5][2]


def spki_rsa_key(spki):
    """(n, e) of an RSA SubjectPublicKeyInfo, None for another algorithm."""
    tag, body, _ = der_next(spki, 0)
    parts = der_children(body)
    if tag != 0x30 or len(parts) < 2:
        raise CheckFailed("malformed SubjectPublicKeyInfo")
    alg = der_children(parts[0][1])
    if not alg or alg[0][0] != 0x06 or alg[0][1] != OID_RSA_ENCRYPTION:
        return None
    if parts[1][0] != 0x03 or parts[1][1][:1] != b"\x00":
        raise CheckFailed("malformed subjectPublicKey BIT STRING")
    _, seq, _ = der_next(parts[1][1][1:], 0)
    ints = der_children(seq)
    if len(ints) < 2 or ints[0][0] != 0x02 or ints[1][0] != 0x02:
        raise CheckFailed("malformed RSAPublicKey")
    return int.from_bytes(ints[0][1], "big"), int.from_bytes(ints[1][1], "big")


def rsa_len(key):
    return (key[0].bit_length() + 7) // 8


def rsa_public_op(key, data):
    """RSAEP / RSAVP1: data^e mod n, as a k-byte string (None when data >= n)."""
    n, e = key
    m = int.from_bytes(data, "big")
    if m >= n:
        return None
    return pow(m, e, n).to_bytes(rsa_len(key), "big")


DIGEST_INFO = {  # RFC 8017 9.2 note 1
    "SHA": bytes.fromhex("3021300906052b0e03021a05000414"),
    "SHA256": bytes.fromhex("3031300d060960864801650304020105000420"),
    "SHA384": bytes.fromhex("3041300d060960864801650304020205000430"),
    "SHA512": bytes.fromhex("3051300d060960864801650304020305000440"),
}
SIG_HASHES = {"SHA": hashlib.sha1, "SHA256": hashlib.sha256, "SHA384": hashlib.sha384, "SHA512": hashlib.sha512}
# TLS 1.2 SignatureAndHashAlgorithm / SignatureScheme values with an RSA key.
RSA_SCHEMES = {
    0x0201: ("pkcs1", "SHA"), 0x0401: ("pkcs1", "SHA256"), 0x0501: ("pkcs1", "SHA384"), 0x0601: ("pkcs1", "SHA512"),
    0x0804: ("pss", "SHA256"), 0x0805: ("pss", "SHA384"), 0x0806: ("pss", "SHA512"),
}


def rsa_verify_pkcs1(key, signature, payload):
    """RSASSA-PKCS1-v1_5 verification of an already encoded payload (T): EM = 00 01 FF.. 00 T."""
    k = rsa_len(key)
    if len(signature) != k or k < len(payload) + 11:
        return False
    em = rsa_public_op(key, signature)
    return em == b"\x00\x01" + b"\xff" * (k - 3 - len(payload)) + b"\x00" + payload


def mgf1(hash_fn, seed, length):
    out = b""
    counter = 0
    while len(out) < length:
        out += hash_fn(seed + counter.to_bytes(4, "big")).digest()
        counter += 1
    return out[:length]


def rsa_verify_pss(key, signature, message, hash_fn):
    """RSASSA-PSS (RFC 8017 8.1.2 / 9.1.2), MGF1 with the same hash, salt length = hash length."""
    n, _ = key
    if len(signature) != rsa_len(key):
        return False
    mod_bits = n.bit_length()
    em_bits = mod_bits - 1
    em_len = (em_bits + 7) // 8
    m = int.from_bytes(signature, "big")
    if m >= n:
        return False
    m = pow(m, key[1], n)
    if m.bit_length() > em_bits:
        return False
    em = m.to_bytes(em_len, "big")
    m_hash = hash_fn(message).digest()
    h_len = len(m_hash)
    s_len = h_len
    if em_len < h_len + s_len + 2 or em[-1] != 0xBC:
        return False
    masked_db, h = em[:em_len - h_len - 1], em[em_len - h_len - 1:-1]
    top_bits = 8 * em_len - em_bits
    if masked_db[0] & (0xFF << (8 - top_bits)) & 0xFF:
        return False
    db = bytearray(a ^ b for a, b in zip(masked_db, mgf1(hash_fn, h, len(masked_db))))
    db[0] &= 0xFF >> top_bits
    ps_len = em_len - h_len - s_len - 2
    if any(db[:ps_len]) or db[ps_len] != 0x01:
        return False
    salt = bytes(db[len(db) - s_len:])
    return h == hash_fn(b"\x00" * 8 + m_hash + salt).digest()


X25519_P = 2 ** 255 - 19


def x25519(scalar, u_bytes):
    """RFC 7748 section 5."""
    k = bytearray(scalar)
    k[0] &= 248
    k[31] &= 127
    k[31] |= 64
    k = int.from_bytes(k, "little")
    u = int.from_bytes(u_bytes, "little") & ((1 << 255) - 1)
    p = X25519_P
    x1, x2, z2, x3, z3, swap = u, 1, 0, u, 1, 0
    for t in reversed(range(255)):
        bit = (k >> t) & 1
        swap ^= bit
        if swap:
            x2, x3, z2, z3 = x3, x2, z3, z2
        swap = bit
        a, b = (x2 + z2) % p, (x2 - z2) % p
        aa, bb = a * a % p, b * b % p
        e = (aa - bb) % p
        c, d = (x3 + z3) % p, (x3 - z3) % p
        da, cb = d * a % p, c * b % p
        x3 = (da + cb) ** 2 % p
        z3 = x1 * (da - cb) ** 2 % p
        x2 = aa * bb % p
        z2 = e * (aa + 121665 * e) % p
    if swap:
        x2, z2 = x3, z3
    return (x2 * pow(z2, p - 2, p) % p).to_bytes(32, "little")


P256_P = 0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF
P256_B = 0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B
P256_G = (0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
          0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5)


def p256_add(p1, p2):
    p = P256_P
    if p1 is None:
        return p2
    if p2 is None:
        return p1
    (x1, y1), (x2, y2) = p1, p2
    if x1 == x2:
        if (y1 + y2) % p == 0:
            return None
        lam = (3 * x1 * x1 - 3) * pow(2 * y1, -1, p) % p
    else:
        lam = (y2 - y1) * pow(x2 - x1, -1, p) % p
    x3 = (lam * lam - x1 - x2) % p
    return x3, (lam * (x1 - x3) - y1) % p


def p256_mul(k, point):
    result = None
    for bit in bin(k)[2:]:
        result = p256_add(result, result)
        if bit == "1":
            result = p256_add(result, point)
    return result


def p256_decode(data):
    if len(data) != 65 or data[0] != 4:
        raise CheckFailed("not an uncompressed P-256 point")
    x, y = int.from_bytes(data[1:33], "big"), int.from_bytes(data[33:], "big")
    if (y * y - (x ** 3 - 3 * x + P256_B)) % P256_P:
        raise CheckFailed("point is not on the P-256 curve")
    return x, y


def p256_encode(point):
    return b"\x04" + point[0].to_bytes(32, "big") + point[1].to_bytes(32, "big")


P256_N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


def ecdsa_p256_verify(public_point, signature_der, message):
    """ECDSA verification over P-256 with SHA-256 (FIPS 186-4 6.4.2); the signature is the DER
    ECDSA-Sig-Value SEQUENCE { r INTEGER, s INTEGER } that TLS carries (RFC 8446 4.2.3)."""
    tag, body, end = der_next(signature_der, 0)
    ints = der_children(body)
    if tag != 0x30 or end != len(signature_der) or len(ints) != 2 or ints[0][0] != 2 or ints[1][0] != 2:
        return False
    r, s_ = int.from_bytes(ints[0][1], "big"), int.from_bytes(ints[1][1], "big")
    n = P256_N
    if not (0 < r < n and 0 < s_ < n):
        return False
    e = int.from_bytes(hashlib.sha256(message).digest(), "big")
    w = pow(s_, -1, n)
    point = p256_add(p256_mul(e * w % n, P256_G), p256_mul(r * w % n, public_point))
    return point is not None and point[0] % n == r


ED25519_P = 2 ** 255 - 19
ED25519_L = 2 ** 252 + 27742317777372353535851937790883648493
ED25519_D = -121665 * pow(121666, -1, ED25519_P) % ED25519_P
ED25519_SQRT_M1 = pow(2, (ED25519_P - 1) // 4, ED25519_P)


def ed25519_add(a, b):
    # Extended twisted Edwards coordinates (RFC 8032 5.1.4).
    p = ED25519_P
    x1, y1, z1, t1 = a
    x2, y2, z2, t2 = b
    aa = (y1 - x1) * (y2 - x2) % p
    bb = (y1 + x1) * (y2 + x2) % p
    cc = 2 * t1 * t2 * ED25519_D % p
    dd = 2 * z1 * z2 % p
    e, f, g, h = bb - aa, dd - cc, dd + cc, bb + aa
    return e * f % p, g * h % p, f * g % p, e * h % p


def ed25519_mul(k, point):
    result = (0, 1, 1, 0)
    while k:
        if k & 1:
            result = ed25519_add(result, point)
        point = ed25519_add(point, point)
        k >>= 1
    return result


def ed25519_decode(data):
    """Point decoding (RFC 8032 5.1.3); None for an invalid encoding."""
    p = ED25519_P
    if len(data) != 32:
        return None
    y = int.from_bytes(data, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    if y >= p:
        return None
    x2 = (y * y - 1) * pow(ED25519_D * y * y + 1, -1, p) % p
    x = pow(x2, (p + 3) // 8, p)
    if (x * x - x2) % p:
        x = x * ED25519_SQRT_M1 % p
    if (x * x - x2) % p:
        return None
    if x == 0 and sign:
        return None
    if x & 1 != sign:
        x = p - x
    return x, y, 1, x * y % p


def ed25519_equal(a, b):
    p = ED25519_P
    return (a[0] * b[2] - b[0] * a[2]) % p == 0 and (a[1] * b[2] - b[1] * a[2]) % p == 0


ED25519_B = ed25519_decode(bytes.fromhex("5866666666666666666666666666666666666666666666666666666666666666"))


def ed25519_verify(public, signature, message):
    """Ed25519 verification (RFC 8032 5.1.7): [S]B = R + [k]A."""
    if len(signature) != 64:
        return False
    a = ed25519_decode(public)
    r = ed25519_decode(signature[:32])
    s_ = int.from_bytes(signature[32:], "little")
    if a is None or r is None or s_ >= ED25519_L:
        return False
    k = int.from_bytes(hashlib.sha512(signature[:32] + public + message).digest(), "little") % ED25519_L
    return ed25519_equal(ed25519_mul(s_, ED25519_B), ed25519_add(r, ed25519_mul(k, a)))


OID_EC_PUBLIC_KEY = bytes.fromhex("2a8648ce3d0201")
OID_PRIME256V1 = bytes.fromhex("2a8648ce3d030107")
OID_ED25519 = bytes.fromhex("2b6570")


def spki_other_key(spki):
    """("ecdsa", point) or ("ed25519", 32 bytes) for those SubjectPublicKeyInfos, else None."""
    tag, body, _ = der_next(spki, 0)
    parts = der_children(body)
    if tag != 0x30 or len(parts) < 2 or parts[1][0] != 0x03 or parts[1][1][:1] != b"\x00":
        raise CheckFailed("malformed SubjectPublicKeyInfo")
    alg = der_children(parts[0][1])
    key = parts[1][1][1:]
    if alg and alg[0][1] == OID_EC_PUBLIC_KEY and len(alg) > 1 and alg[1][1] == OID_PRIME256V1:
        return "ecdsa", p256_decode(key)
    if alg and alg[0][1] == OID_ED25519:
        return "ed25519", key
    return None


NAMED_GROUPS = {0x001D: "x25519", 0x0017: "secp256r1"}


# --------------------------------------------------------------------------------------
# Cipher suite parameters, from the suite's name (RFC 6101 appendix A.6, RFC 2246 appendix
# C, RFC 4346 appendix C, RFC 5246 appendix C, RFC 5288, RFC 7905)

# bulk cipher prefix: (kind, key material in key_block, expanded key length, block size or
# AEAD fixed IV length, exportable)
BULK_CIPHERS = [
    ("AES_128_GCM_", "aead", 16, 16, 4, False),
    ("AES_256_GCM_", "aead", 32, 32, 4, False),
    ("CHACHA20_POLY1305_", "aead", 32, 32, 12, False),
    ("AES_128_CBC_", "cbc", 16, 16, 16, False),
    ("AES_256_CBC_", "cbc", 32, 32, 16, False),
    ("3DES_EDE_CBC_", "cbc", 24, 24, 8, False),
    ("DES_CBC_", "cbc", 8, 8, 8, False),
    ("IDEA_CBC_", "cbc", 16, 16, 8, False),
    ("DES40_CBC_", "cbc", 5, 8, 8, True),
    ("RC2_CBC_40_", "cbc", 5, 16, 8, True),
    ("RC4_128_", "stream", 16, 16, 0, False),
    ("RC4_40_", "stream", 5, 16, 0, True),
]
KEY_EXCHANGES = ("RSA", "RSA_EXPORT", "DHE_RSA", "ECDHE_RSA", "ECDHE_ECDSA")


class Suite:
    def __init__(self, name, version):
        self.name = name
        self.version = version
        if not isinstance(name, str) or "_WITH_" not in name or name[:4] not in ("TLS_", "SSL_"):
            raise CheckFailed("unrecognised cipher suite name %r" % (name,))
        self.kx, bulk = name[4:].split("_WITH_", 1)
        if self.kx not in KEY_EXCHANGES:
            raise CheckFailed("unsupported key exchange %s in %s" % (self.kx, name))
        for prefix, kind, key_len, expanded, block, export in BULK_CIPHERS:
            if bulk.startswith(prefix):
                mac = bulk[len(prefix):]
                break
        else:
            raise CheckFailed("unsupported bulk cipher in %s" % name)
        self.kind, self.key_len, self.expanded_key_len, self.export = kind, key_len, expanded, export
        if export != self.kx.endswith("_EXPORT"):
            raise CheckFailed("%s mixes export and non-export parts" % name)
        self.block = block if kind == "cbc" else 0
        self.fixed_iv_len = block if kind == "aead" else 0
        self.explicit_nonce_len = 8 if bulk.startswith("AES_") and kind == "aead" else 0
        if mac not in HASHES:
            raise CheckFailed("unsupported MAC/PRF hash %r in %s" % (mac, name))
        # TLS 1.2: the PRF uses SHA-256 unless the suite names SHA-384.
        self.prf_name = "SHA384" if mac == "SHA384" else "SHA256"
        self.prf_hash = HASHES[self.prf_name]
        if kind == "aead":
            self.mac_name, self.mac_hash, self.mac_len = None, None, 0
        else:
            self.mac_name = mac
            self.mac_hash = HASHES[mac]
            self.mac_len = self.mac_hash().digest_size

    def iv_len_in_key_block(self):
        """IVs come from the key_block for AEAD (TLS 1.2 fixed IV) and for non-export CBC
        suites in SSL 3.0 / TLS 1.0; TLS 1.1+ CBC uses explicit IVs (RFC 4346 6.3) and export
        suites derive their IVs from the randoms alone (RFC 6101 6.2.2.1, RFC 2246 6.3.1)."""
        if self.kind == "aead":
            return self.fixed_iv_len
        if self.kind == "cbc" and self.version <= TLS10 and not self.export:
            return self.block
        return 0

    def key_block_layout(self):
        """(name, length) in RFC order; zero-length parts left out."""
        iv = self.iv_len_in_key_block()
        layout = [
            ("client_write_MAC_key", self.mac_len),
            ("server_write_MAC_key", self.mac_len),
            ("client_write_key", self.key_len),
            ("server_write_key", self.key_len),
            ("client_write_IV", iv),
            ("server_write_IV", iv),
        ]
        return [(n, l) for n, l in layout if l > 0]

    def key_block_len(self):
        return sum(l for _, l in self.key_block_layout())

    def allowed_in(self, version):
        """None, or why the suite may not be negotiated in that version."""
        tls12_only = self.kind == "aead" or self.mac_name in ("SHA256", "SHA384")
        if tls12_only and version < TLS12:
            return "%s is defined for TLS 1.2 only (RFC 5246 appendix A.5, RFC 5288)" % self.name
        if self.export and version >= TLS11:
            return "export suites MUST NOT be negotiated in TLS 1.1 or later (RFC 4346 appendix A.5)"
        if version >= TLS12 and ("_DES_CBC_" in self.name or "_IDEA_CBC_" in self.name):
            return "DES and IDEA suites were removed from TLS 1.2 (RFC 5246 1.2, RFC 5469)"
        return None


class KeySchedule:
    """The version's key derivation functions."""

    def __init__(self, version, suite):
        self.version, self.suite = version, suite

    def kdf_name(self):
        if self.version == SSL30:
            return "SSL3-KDF"
        if self.version in (TLS10, TLS11):
            return "TLS1.0-PRF"
        return "TLS1.2-PRF-" + self.suite.prf_name

    def prf(self, secret, label, seed, length):
        if self.version == SSL30:
            raise CheckFailed("SSL 3.0 has no PRF")
        if self.version in (TLS10, TLS11):
            return prf10(secret, label, seed, length)
        out, blocks = prf(self.suite.prf_hash, secret, label, seed, length)
        return out, prf12_steps(blocks)

    def handshake_hash(self, messages):
        if self.version == TLS12:
            return self.suite.prf_hash(messages).digest()
        return md5_sha1(messages)

    def handshake_hash_name(self):
        return self.suite.prf_name if self.version == TLS12 else "MD5 + SHA-1"

    def master_secret(self, pms, client_random, server_random):
        if self.version == SSL30:
            return ssl3_expand(pms, client_random + server_random, 48)
        return self.prf(pms, b"master secret", client_random + server_random, 48)

    def key_block(self, master_secret, server_random, client_random, length):
        if self.version == SSL30:
            return ssl3_expand(master_secret, server_random + client_random, length)
        return self.prf(master_secret, b"key expansion", server_random + client_random, length)

    def finished(self, master_secret, messages, sender_dir):
        """(verify_data, steps) of the Finished message sent in direction sender_dir."""
        if self.version == SSL30:
            return ssl3_handshake_hashes(master_secret, messages, SSL3_SENDER[sender_dir])
        label = b"client finished" if sender_dir == "c2s" else b"server finished"
        hh = self.handshake_hash(messages)
        out, steps = self.prf(master_secret, label, hh, 12)
        steps = dict(steps)
        steps["handshake_hash"] = hh
        return out, steps


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


def expect_input(deriv, name, want, what, problems, required=True):
    got = get_input(deriv, name, required=required)
    if got is not None and got != want:
        problems.append(diff("input %s vs %s" % (name, what), want, got))
    return got


def expect_step(deriv, name, want, what, problems, required=False):
    got = get_step(deriv, name)
    if got is None:
        if required:
            problems.append("missing step " + name)
    elif got != want:
        problems.append(diff("step %s vs %s" % (name, what), want, got))
    return got


PRF_STEP_PATTERN = re.compile(r"^(A\(\d+\)|P_hash block \d+)$")


def compare_steps(deriv, expected, problems):
    """The recorded intermediate steps the verifier also computed must match its own."""
    for item in deriv.get("steps") or []:
        if not isinstance(item, dict):
            continue
        name = item.get("name", "")
        if name in expected:
            got = unhex(item.get("hex"), "step %s" % name)
            if got != expected[name]:
                problems.append(diff("step " + name, expected[name], got))
        elif PRF_STEP_PATTERN.match(name):
            problems.append("step %s beyond the output length" % name)


def find_node(node, name):
    if not isinstance(node, dict):
        return None
    if node.get("name") == name:
        return node
    for child in node.get("children") or []:
        found = find_node(child, name)
        if found is not None:
            return found
    return None


def event_derivations(ev):
    """The sender's derivations, then the receiver's (kept in two lists since they were split;
    older traces have one list)."""
    out = []
    for key in ("derivations", "receiver_derivations"):
        lst = ev.get(key)
        if isinstance(lst, list):
            out.extend(lst)
    return out


def direction_of(ev):
    if ev.get("from") == "client" or (ev.get("from") != "server" and ev.get("to") == "server"):
        return "c2s"
    if ev.get("from") == "server" or ev.get("to") == "client":
        return "s2c"
    return None


def attacker_copy(ev):
    """An attacker's action on a record in transit (it carries "attack"): a copy, not part of a
    side's stream. An attacker's records without it are its own connection's, in the role it
    plays there (the client of a connection of its own to the server)."""
    return ev.get("from") == "attacker" and ev.get("attack") is not None


def side_of(direction):
    return "client" if direction == "c2s" else "server"


def key_prefix(direction):
    return "client_write" if direction == "c2s" else "server_write"


PROTECTION_PHASES = ("none", "epoch", "early", "handshake", "application", "unknown")


def protection_of(ev):
    """The record's protection as the key-set text the older traces store ("none",
    "client_write keys #2 (SUITE)", "server_handshake_traffic keys (SUITE)",
    "client_application_traffic_1 keys (SUITE)"). Newer traces store an object
    {"phase", "side", "epoch" | "generation", "suite", "accepted"} (docs/trace-format.md,
    "Protection"); both forms are read. A malformed object gives a text that names the
    problem, which no check accepts as a key set."""
    p = ev.get("protection")
    if p is None or p == "":
        return "none"
    if isinstance(p, str):
        return p
    if not isinstance(p, dict):
        return "invalid protection %r" % (p,)
    phase = p.get("phase")
    if phase not in PROTECTION_PHASES:
        return "invalid protection phase %r" % (phase,)
    if phase in ("none", "unknown"):
        return phase
    side = p.get("side")
    if side not in ("client", "server"):
        return "invalid protection side %r" % (side,)
    if phase == "early" and p.get("accepted") is False:
        return side + "_early_traffic keys (not accepted by the server)"
    suite = p.get("suite")
    if not isinstance(suite, str) or not suite:
        return "invalid protection: no suite"
    if phase == "epoch":
        n = p.get("epoch")
        if not isinstance(n, int) or isinstance(n, bool) or n < 1:
            return "invalid protection epoch %r" % (n,)
        return "%s_write keys%s (%s)" % (side, " #%d" % n if n > 1 else "", suite)
    if phase == "application":
        n = p.get("generation")
        if not isinstance(n, int) or isinstance(n, bool) or n < 0:
            return "invalid protection generation %r" % (n,)
        return "%s_application_traffic_%d keys (%s)" % (side, n, suite)
    return "%s_%s_traffic keys (%s)" % (side, phase, suite)


# --------------------------------------------------------------------------------------
# Handshake message parsing (RFC 5246 7.4 and its predecessors)


class Reader:
    def __init__(self, data, what):
        self.data, self.pos, self.what = data, 0, what

    def take(self, n):
        if self.pos + n > len(self.data):
            raise CheckFailed("%s truncated" % self.what)
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out

    def uint(self, n):
        return int.from_bytes(self.take(n), "big")

    def vec(self, width):
        return self.take(self.uint(width))

    def left(self):
        return len(self.data) - self.pos

    def end(self):
        if self.left():
            raise CheckFailed("%d unexpected trailing bytes in %s" % (self.left(), self.what))


def parse_extensions(r):
    if r.left() == 0:
        return None  # no extensions block at all (SSL 3.0 style)
    block = Reader(r.vec(2), r.what + " extensions")
    r.end()
    exts = []
    while block.left():
        etype = block.uint(2)
        exts.append((etype, block.vec(2)))
    return exts


def parse_client_hello(body):
    r = Reader(body, "ClientHello")
    h = {"version": r.uint(2), "random": r.take(32), "session_id": r.vec(1)}
    raw = r.vec(2)
    if len(raw) % 2:
        raise CheckFailed("odd cipher_suites length in ClientHello")
    h["suites"] = [int.from_bytes(raw[i:i + 2], "big") for i in range(0, len(raw), 2)]
    h["compressions"] = list(r.vec(1))
    h["extensions"] = parse_extensions(r)
    return h


def parse_server_hello(body):
    r = Reader(body, "ServerHello")
    h = {"version": r.uint(2), "random": r.take(32), "session_id": r.vec(1), "suite": r.uint(2),
         "compression": r.uint(1)}
    h["extensions"] = parse_extensions(r)
    return h


def ext_data(hello, etype):
    for t, data in hello.get("extensions") or []:
        if t == etype:
            return data
    return None


def parse_certificates(body):
    r = Reader(body, "Certificate")
    chain = Reader(r.vec(3), "certificate_list")
    r.end()
    certs = []
    while chain.left():
        certs.append(chain.vec(3))
    return certs


def parse_server_key_exchange(body, suite, version):
    r = Reader(body, "ServerKeyExchange")
    ske = {}
    if suite.kx == "DHE_RSA":
        ske["dh_p"], ske["dh_g"], ske["dh_Ys"] = r.vec(2), r.vec(2), r.vec(2)
    elif suite.kx.startswith("ECDHE_"):
        if r.uint(1) != 3:
            raise CheckFailed("ServerECDHParams curve_type is not named_curve")
        ske["group"] = r.uint(2)
        ske["point"] = r.vec(1)
    elif suite.kx == "RSA_EXPORT":
        ske["rsa_modulus"], ske["rsa_exponent"] = r.vec(2), r.vec(2)
    else:
        raise CheckFailed("unexpected ServerKeyExchange for %s" % suite.name)
    ske["params"] = body[:r.pos]
    ske["scheme"] = r.uint(2) if version >= TLS12 else None
    ske["signature"] = r.vec(2)
    r.end()
    return ske


def parse_client_key_exchange(body, suite, version):
    r = Reader(body, "ClientKeyExchange")
    if suite.kx in ("RSA", "RSA_EXPORT"):
        # SSL 3.0 sends the bare RSA block (RFC 6101 5.6.7.1); TLS prefixes its length.
        value = r.take(r.left()) if version == SSL30 else r.vec(2)
    elif suite.kx == "DHE_RSA":
        value = r.vec(2)
    else:
        value = r.vec(1)
    r.end()
    return value


def parse_certificate_verify(body, version):
    r = Reader(body, "CertificateVerify")
    scheme = r.uint(2) if version >= TLS12 else None
    sig = r.vec(2)
    r.end()
    return scheme, sig


# --------------------------------------------------------------------------------------
# Wire reconstruction: records, connection states (epochs), handshakes


class Record:
    def __init__(self, idx, ev):
        self.idx = idx
        self.ev = ev
        self.name = ev.get("name")
        self.problems = []
        self.protected = False
        self.usable = True  # layout understood: the content below can be trusted for checks
        self.direction = None
        self.ctype = None
        self.version = b""
        self.fragment = b""
        self.epoch = 0
        self.seq = 0
        self.keys_hs = None  # index of the handshake whose keys protect the record
        self.content = b""  # TLSPlaintext.fragment
        self.compressed = b""  # TLSCompressed.fragment (= content without compression)
        self.record_part = b""  # what the cipher covers: compressed + MAC (+ padding + padding_length)
        self.mac = b""
        self.padding = b""
        self.pad_len = None
        self.explicit_iv = None
        self.prev_block = None  # SSL 3.0 / TLS 1.0 CBC: last ciphertext block of the previous record
        self.compression = COMPRESSION_NULL
        self.own = None  # filled by the verifier: own MAC / IV / decryption


class Handshake:
    def __init__(self, index, first_event):
        self.index = index
        self.first_event = first_event
        self.messages = []  # HelloRequest is never part of a transcript
        self.ch = None
        self.sh = None
        self.suite = None
        self.compression = COMPRESSION_NULL
        self.own = None

    def find(self, hs_type, direction=None):
        for i, m in enumerate(self.messages):
            if m["type"] == hs_type and (direction is None or m["direction"] == direction):
                return i, m
        return None, None

    def require(self, hs_type, direction, what):
        pos, msg = self.find(hs_type, direction)
        if msg is None:
            raise CheckFailed("no %s in handshake %d" % (what, self.index + 1))
        return pos, msg

    def before(self, pos):
        return b"".join(m["data"] for m in self.messages[:pos])

    def through(self, pos):
        return b"".join(m["data"] for m in self.messages[: pos + 1])

    def ems(self):
        return (self.ch is not None and self.sh is not None
                and ext_data(self.ch, EXT_EXTENDED_MASTER_SECRET) is not None
                and ext_data(self.sh, EXT_EXTENDED_MASTER_SECRET) is not None)

    def resumed(self):
        """An abbreviated handshake (RFC 5246 7.3): the ServerHello repeats the ClientHello's
        non-empty session_id and no key exchange follows."""
        return (self.ch is not None and self.sh is not None and len(self.ch["session_id"]) > 0
                and self.sh["session_id"] == self.ch["session_id"]
                and self.find(HS_CLIENT_KEY_EXCHANGE, "c2s")[1] is None)


class Connection:
    """Walks the events in order, tracking each direction's connection state: the epoch
    changes with every ChangeCipherSpec (RFC 5246 7.1), which also resets the sequence
    number, the CBC IV chain and the compression state."""

    def __init__(self, events, version, negotiated_suite, negotiated_id):
        self.version = version
        self.negotiated_suite = negotiated_suite
        self.negotiated_id = negotiated_id
        self.records = []
        self.by_event = {}
        self.handshakes = []
        self.hello_requests = []
        self.problems = []
        self.warnings = []  # protocol-flow remarks that do not affect any derivation
        self.closed = {}  # direction -> event index of its close_notify
        self.first_server_hello_event = None
        self.state = {d: {"epoch": 0, "seq": 0, "keys": [None], "last_block": None, "inflater": None,
                          "compression": COMPRESSION_NULL, "buf": b""} for d in ("c2s", "s2c")}
        for idx, ev in enumerate(events):
            try:
                self.add_event(idx, ev)
            except (ValueError, KeyError, IndexError, TypeError, AttributeError, OverflowError) as e:
                self.problems.append("event %d: malformed trace data (%s: %s)" % (idx, type(e).__name__, e))
        for d, st in self.state.items():
            if st["buf"]:
                self.problems.append("%d trailing bytes of an incomplete handshake message (%s)" % (len(st["buf"]), d))

    def add_event(self, idx, ev):
        if ev.get("http"):
            # A plain HTTP message, not a TLS record: a browser's port 80 leg, or the client's
            # CRL fetch or OCSP query to the CA's or the responder's lane.
            return
        where = "event %d (%s)" % (idx, ev.get("name"))
        try:
            raw = unhex(ev.get("bytes"), where + " bytes")
        except CheckFailed as e:
            self.problems.append(str(e))
            return
        if len(raw) < 5:
            self.problems.append(where + ": record shorter than its header")
            return
        rlen = int.from_bytes(raw[3:5], "big")
        if rlen != len(raw) - 5:
            self.problems.append("%s: header length %d but %d fragment bytes" % (where, rlen, len(raw) - 5))
        want_type = CONTENT_TYPES.get(ev.get("layer"))
        if want_type is not None and raw[0] != want_type:
            self.problems.append("%s: content type %d on the wire but layer %s" % (where, raw[0], ev.get("layer")))
        direction = direction_of(ev)
        if direction is None:
            self.problems.append(where + ": cannot tell the direction")
            return
        if attacker_copy(ev):
            return  # an altered copy of a record: not part of either side's connection state

        r = Record(idx, ev)
        r.direction, r.ctype, r.version, r.fragment = direction, raw[0], raw[1:3], raw[5:]
        st = self.state[direction]
        r.epoch, r.seq, r.keys_hs = st["epoch"], st["seq"], st["keys"][-1]
        if self.first_server_hello_event is not None and idx > self.first_server_hello_event \
                and int.from_bytes(r.version, "big") != self.version:
            self.problems.append("%s: record version %s after the ServerHello, negotiated %s"
                                 % (where, r.version.hex(), VERSION_NAMES[self.version]))
        protection = protection_of(ev)
        if r.epoch == 0:
            if ev.get("plaintext") or protection != "none":
                self.problems.append(where + ": record marked protected before any ChangeCipherSpec")
            r.content = r.compressed = r.record_part = r.fragment
        else:
            r.protected = True
            if not protection.startswith(key_prefix(direction)):
                r.problems.append("protection %r but the record travels %s" % (protection, direction))
            try:
                self.open_record(r, ev, self.handshakes[r.keys_hs], st)
            except CheckFailed as e:
                r.problems.append(str(e))
                r.usable = False
        self.records.append(r)
        self.by_event[idx] = r
        if direction in self.closed:
            self.warnings.append("%s: %s sends a record after its close_notify (event %d); RFC 5246 7.2.1: "
                                 "\"the sender will not send any more messages on this connection\""
                                 % (where, side_of(direction), self.closed[direction]))
        elif r.ctype == CONTENT_TYPES["alert"] and r.usable and r.content[1:2] == b"\x00":
            self.closed[direction] = idx

        if r.ctype == CT_HANDSHAKE and r.usable:
            self.add_handshake_bytes(r, st)
        if r.ctype == CT_CHANGE_CIPHER_SPEC:
            if r.content != b"\x01":
                self.problems.append("%s: ChangeCipherSpec content %s, expected 01" % (where, short(r.content)))
            if not self.handshakes or self.handshakes[-1].sh is None:
                self.problems.append(where + ": ChangeCipherSpec before a ServerHello")
                return
            hs = self.handshakes[-1]
            st["epoch"] += 1
            st["seq"] = 0
            st["keys"].append(hs.index)
            st["last_block"] = None
            st["compression"] = hs.compression
            st["inflater"] = zlib.decompressobj() if hs.compression == COMPRESSION_DEFLATE else None
        else:
            st["seq"] += 1

    def open_record(self, r, ev, hs, st):
        """Splits the decrypted buffer ourselves, checks padding and DEFLATE, and checks the
        field tree's "decrypted" node describes the same split; the content comes from the
        tree's node (space "plaintext")."""
        suite = hs.suite
        if suite is None:
            raise CheckFailed("no cipher suite known for this connection state")
        r.compression = st["compression"]
        pt = unhex(ev.get("plaintext") or "", "plaintext")
        frag = r.fragment
        if suite.kind == "aead":
            body_len = len(frag) - suite.explicit_nonce_len - 16
        elif suite.kind == "stream":
            body_len = len(frag)
        else:
            b = suite.block
            if self.version >= TLS11:
                r.explicit_iv = frag[:b]
                body_len = len(frag) - b
            else:
                body_len = len(frag)
                r.prev_block = st["last_block"]
            if body_len <= 0 or body_len % b:
                raise CheckFailed("CBC ciphertext of %d bytes is not a whole number of %d-byte blocks" % (body_len, b))
            st["last_block"] = frag[-b:]
        if body_len < 0 or len(pt) < body_len:
            raise CheckFailed("plaintext of %d bytes, but the record decrypts to %d bytes" % (len(pt), body_len))
        part, tail = pt[:body_len], pt[body_len:]
        r.record_part = part
        mac_len = suite.mac_len
        if suite.kind == "aead":
            compressed = part
        elif suite.kind == "stream":
            if body_len < mac_len:
                raise CheckFailed("stream record too short for its MAC")
            compressed, r.mac = part[:body_len - mac_len], part[body_len - mac_len:]
        else:
            pad = part[-1]
            r.pad_len = pad
            if pad + 1 + mac_len > body_len:
                raise CheckFailed("CBC plaintext too short for MAC and padding")
            r.padding = part[body_len - 1 - pad:body_len - 1]
            if self.version == SSL30:
                if pad >= suite.block:
                    r.problems.append("SSL 3.0 padding_length %d is not less than the block size %d (RFC 6101 5.2.3.2)"
                                      % (pad, suite.block))
            elif r.padding != bytes([pad]) * pad:
                r.problems.append("padding bytes %s are not all equal to padding_length %d (RFC 2246 6.2.3.2)"
                                  % (short(r.padding), pad))
            r.mac = part[body_len - 1 - pad - mac_len:body_len - 1 - pad]
            compressed = part[:body_len - 1 - pad - mac_len]
        r.compressed = compressed

        deflate = r.compression == COMPRESSION_DEFLATE
        if deflate:
            inflater = st["inflater"]
            try:
                inflated = inflater.decompress(compressed)
                if inflater.unconsumed_tail or inflater.eof:
                    r.problems.append("DEFLATE stream ended or left input unconsumed")
            except zlib.error as e:
                inflated = None
                r.problems.append("zlib cannot inflate TLSCompressed.fragment (%s)" % e)
            if not compressed.endswith(b"\x00\x00\xff\xff"):
                r.problems.append("TLSCompressed.fragment does not end at a Z_SYNC_FLUSH boundary (00 00 ff ff)")
            if inflated is not None and inflated != tail:
                r.problems.append(diff("decompressed content vs zlib inflate of TLSCompressed.fragment "
                                       "(one stream per direction and connection state)", inflated, tail))
            content = tail
        else:
            if tail:
                r.problems.append("%d unexpected bytes after the decrypted record" % len(tail))
            content = compressed

        # The field tree must describe the same layout.
        r.content = content
        dec = find_node(ev.get("tree"), "decrypted")
        if dec is None:
            r.problems.append("the field tree has no decrypted node")
            return
        kids = {}
        for c in dec.get("children") or []:
            if isinstance(c, dict):
                kids.setdefault(c.get("name"), c)
        content_node = "decompressed content" if deflate else "content"
        expect = [("TLSCompressed.fragment" if deflate else "content", 0, len(compressed))]
        if mac_len:
            expect.append(("MAC", len(compressed), mac_len))
        if suite.kind == "cbc":
            expect.append(("padding", body_len - 1 - r.pad_len, r.pad_len))
            expect.append(("padding_length", body_len - 1, 1))
        if deflate:
            expect.append(("decompressed content", body_len, len(tail)))
        for name, off, length in expect:
            node = kids.get(name)
            if node is None:
                r.problems.append("the field tree's decrypted node has no %s" % name)
                continue
            if (node.get("space"), node.get("offset"), node.get("length")) != ("plaintext", off, length):
                r.problems.append("field tree: decrypted.%s at %s %r+%r, expected plaintext %d+%d"
                                  % (name, node.get("space"), node.get("offset"), node.get("length"), off, length))
            elif name == content_node:
                r.content = pt[off:off + length]
        enc = find_node(ev.get("tree"), "encrypted_fragment")
        if suite.kind == "cbc" and enc is not None:
            iv_node = find_node(enc, "IV")
            if r.explicit_iv is not None:
                if iv_node is None or (iv_node.get("space"), iv_node.get("offset"), iv_node.get("length")) != ("wire", 5, suite.block):
                    r.problems.append("field tree: no explicit IV node at wire 5+%d" % suite.block)
            elif iv_node is not None:
                r.problems.append("field tree shows an IV in the record, but %s CBC uses an implicit IV"
                                  % VERSION_NAMES[self.version])

    def add_handshake_bytes(self, r, st):
        buf = st["buf"] + r.content
        while len(buf) >= 4:
            mlen = int.from_bytes(buf[1:4], "big")
            if len(buf) < 4 + mlen:
                break
            self.add_message({"type": buf[0], "data": buf[:4 + mlen], "body": buf[4:4 + mlen],
                              "direction": r.direction, "event": r.idx})
            buf = buf[4 + mlen:]
        st["buf"] = buf

    def add_message(self, msg):
        where = "event %d" % msg["event"]
        if msg["type"] == HS_HELLO_REQUEST:
            if msg["direction"] != "s2c" or msg["body"]:
                self.problems.append(where + ": malformed HelloRequest")
            self.hello_requests.append(msg)
            return
        if msg["type"] == HS_CLIENT_HELLO and msg["direction"] == "c2s":
            self.handshakes.append(Handshake(len(self.handshakes), msg["event"]))
        if not self.handshakes:
            self.problems.append(where + ": handshake message %d before any ClientHello" % msg["type"])
            return
        hs = self.handshakes[-1]
        hs.messages.append(msg)
        try:
            if msg["type"] == HS_CLIENT_HELLO:
                hs.ch = parse_client_hello(msg["body"])
            elif msg["type"] == HS_SERVER_HELLO and msg["direction"] == "s2c":
                hs.sh = parse_server_hello(msg["body"])
                name = IANA_SUITES.get(hs.sh["suite"])
                if name is None and hs.sh["suite"] == self.negotiated_id:
                    name = self.negotiated_suite
                if name is None:
                    raise CheckFailed("ServerHello selected unknown suite 0x%04x" % hs.sh["suite"])
                hs.suite = Suite(name, self.version)
                hs.compression = hs.sh["compression"]
                if hs.compression not in COMPRESSION_NAMES:
                    raise CheckFailed("ServerHello selected unknown compression method %d" % hs.compression)
                if self.first_server_hello_event is None:
                    self.first_server_hello_event = msg["event"]
        except CheckFailed as e:
            self.problems.append("%s: %s" % (where, e))

    def handshake_at(self, idx):
        """The handshake in progress at event idx."""
        found = None
        for hs in self.handshakes:
            if hs.first_event <= idx:
                found = hs
        return found


# --------------------------------------------------------------------------------------
# The verifier

AGREEMENT_REQUIRED = ("pre_master_secret", "master_secret", "key_block", "client_verify_data", "server_verify_data")
AGREEMENT_OPTIONAL = ("final_client_write_key", "final_server_write_key", "client_write_IV", "server_write_IV",
                      "iv_block", "certificate_verify_hashes")
EXPORT_DERIVATIONS = ("final_client_write_key", "final_server_write_key", "client_write_IV", "server_write_IV", "iv_block")


class Verifier:
    def __init__(self, trace, sessions=None):
        self.trace = trace
        # Sessions of the trace's earlier connections, for resumption: session_id -> master
        # secret (from the ServerHello), ticket -> master secret (from the NewSessionTicket).
        self.sessions = sessions if sessions is not None else {"ids": {}, "tickets": {}}
        self.passed = 0
        self.failed = 0
        self.derivs = []  # (global order, event index, derivation, handshake index)
        self.by_key = {}  # (name, actor, handshake index) -> [derivation, ...]
        self.ran = {}  # handshake index -> {"master_secret": n, "key_block": n, "verify_data": n}
        self.records_checked = 0
        self.rc4 = {}
        self.conn = None

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
        except (ValueError, KeyError, IndexError, TypeError, AttributeError, ZeroDivisionError, OverflowError) as e:
            problems.append("malformed trace data (%s: %s)" % (type(e).__name__, e))
        self.report(label, problems)

    # ---------------------------------------------------------------- lookups

    def hs_label(self, h):
        return "" if len(self.conn.handshakes) <= 1 else ", handshake %d" % (h + 1)

    def hs_paren(self, h):
        return "" if len(self.conn.handshakes) <= 1 else " (handshake %d)" % (h + 1)

    def handshake(self, h):
        if h is None or h >= len(self.conn.handshakes):
            raise CheckFailed("derivation outside any handshake (no ClientHello before it)")
        return self.conn.handshakes[h]

    def own(self, h):
        hs = self.handshake(h)
        if hs.own is None:
            raise CheckFailed("the key schedule of handshake %d could not be recomputed" % (h + 1))
        return hs.own

    def actor_output(self, actor, name, h):
        """Output of the actor's own derivation `name` in handshake h."""
        found = self.by_key.get((name, actor, h))
        if not found:
            raise CheckFailed("no %s derivation by %s in handshake %d" % (name, actor, h + 1))
        return unhex(found[0].get("output"), "%s output" % name)

    def actor_part(self, actor, h, part):
        found = self.by_key.get(("key_block", actor, h))
        if not found:
            raise CheckFailed("no key_block derivation by %s in handshake %d" % (actor, h + 1))
        for p in found[0].get("parts") or []:
            if p.get("name") == part:
                return unhex(p.get("hex"), "key_block part " + part)
        raise CheckFailed("%s's key_block has no part %s" % (actor, part))

    def check_kdf_input(self, d, ks, problems, required=True):
        claimed = get_input(d, "prf", required=False)
        expected = ks.kdf_name().encode()
        if claimed is None:
            if required:
                problems.append("missing input prf")
        elif claimed != expected:
            problems.append("prf input is %r but %s %s uses %r" % (claimed.decode("ascii", "replace"),
                                                                 VERSION_NAMES[self.version], ks.suite.name,
                                                                 expected.decode()))

    # ---------------------------------------------------------------- main

    def verify(self):
        t = self.trace
        events = t["events"]
        negotiated = t.get("negotiated") or {}
        vname = negotiated.get("version")
        if vname not in VERSIONS:
            self.report("protocol version", ["unsupported negotiated version %r (this verifier knows %s)"
                                             % (vname, ", ".join(VERSIONS))])
            return self.finish()
        self.version = VERSIONS[vname]
        try:
            self.suite = Suite(negotiated.get("cipher_suite"), self.version)
        except CheckFailed as e:
            self.report("cipher suite", [str(e)])
            return self.finish()

        self.conn = conn = Connection(events, self.version, self.suite.name, negotiated.get("cipher_suite_id"))
        n_messages = sum(len(hs.messages) for hs in conn.handshakes) + len(conn.hello_requests)
        self.report("wire records (%d events, %d handshake messages)" % (len(events), n_messages), conn.problems)
        for w in conn.warnings:  # reported, not counted: nothing derived depends on them
            print("WARN " + w)
        if not conn.handshakes:
            self.report("handshakes", ["no ClientHello on the wire"])
            return self.finish()
        for h in range(len(conn.handshakes)):
            self.ran[h] = {"master_secret": 0, "key_block": 0, "verify_data": 0}

        for idx, ev in enumerate(events):
            hs = conn.handshake_at(idx)
            for d in event_derivations(ev):
                if isinstance(d, dict):
                    h = hs.index if hs is not None else None
                    self.derivs.append((len(self.derivs), idx, d, h))
                    self.by_key.setdefault((d.get("name"), d.get("actor"), h), []).append(d)

        for hs in conn.handshakes:
            self.run_check("hello randoms and negotiated parameters" + self.hs_paren(hs.index),
                           self.check_hellos, hs, negotiated)
        self.run_check("secure renegotiation (RFC 5746)", self.check_renegotiation, negotiated)
        for hs in conn.handshakes:
            self.run_check("key schedule recomputed from the wire" + self.hs_paren(hs.index), self.compute_own, hs)
        for r in conn.records:
            if r.protected:
                self.own_record(r)

        counts = {}
        for _, _, d, _ in self.derivs:
            key = (d.get("name"), d.get("actor"))
            counts[key] = counts.get(key, 0) + 1
        seen_labels = set()
        checks = {
            "pre_master_secret": self.check_pre_master_secret,
            "master_secret": self.check_master_secret,
            "key_block": self.check_key_block,
            "client_verify_data": self.check_verify_data,
            "server_verify_data": self.check_verify_data,
            "certificate_verify_hashes": self.check_certificate_verify_hashes,
            "server_key_exchange_signature": self.check_ske_signature,
            "server_key_exchange_signature_check": self.check_ske_signature,
            "certificate_verify_signature": self.check_certificate_verify_signature,
            "certificate_verify_check": self.check_certificate_verify_signature,
            "session_ticket": self.check_ticket_seal,
            "session_ticket_open": self.check_ticket_open,
        }
        for name in EXPORT_DERIVATIONS:
            checks[name] = self.check_export
        for order, idx, d, h in self.derivs:
            name = d.get("name") or ""
            actor = d.get("actor")
            is_record = name.startswith("record_seal ") or name.startswith("record_open ")
            label = "%s (%s)" % (name, actor)
            if counts[(d.get("name"), actor)] > 1:
                if is_record:
                    label = "%s (%s, event %d)" % (name, actor, idx)
                else:
                    label = "%s (%s%s)" % (name, actor, self.hs_label(h) if h is not None else ", event %d" % idx)
            if label in seen_labels:
                label = "%s (%s, %s, event %d)" % (name, actor, d.get("id"), idx)
            seen_labels.add(label)
            if name in checks:
                if h is not None and name in ("master_secret", "key_block"):
                    self.ran[h][name] += 1
                elif h is not None and name.endswith("_verify_data"):
                    self.ran[h]["verify_data"] += 1
                self.run_check(label, checks[name], d, h)
            elif is_record:
                self.run_check(label, self.check_record_derivation, d, idx)

        for r in conn.records:
            if r.protected:
                label = "record %d %s (%s seq %d, epoch %d)" % (r.idx, r.name, key_prefix(r.direction), r.seq, r.epoch)
                self.run_check(label, self.check_record, r)

        for hs in conn.handshakes:
            for name in AGREEMENT_REQUIRED + AGREEMENT_OPTIONAL:
                if name in AGREEMENT_OPTIONAL and not self.agreement_applies(name, hs):
                    continue
                if name == "pre_master_secret" and hs.ch is not None and hs.sh is not None and hs.resumed():
                    continue  # an abbreviated handshake has no key exchange
                self.run_check("agreement %s (client = server%s)" % (name, self.hs_label(hs.index)),
                               self.check_agreement, name, hs.index, name in AGREEMENT_REQUIRED)
        if "keylog" in t:
            self.run_check("keylog (CLIENT_RANDOM lines)", self.check_keylog, t.get("keylog"))
        return self.finish()

    def finish(self):
        missing = []
        for h, ran in sorted(self.ran.items()):
            where = "" if len(self.ran) == 1 else " in handshake %d" % (h + 1)
            if ran["master_secret"] < 1:
                missing.append("no master_secret derivation was checked" + where)
            if ran["key_block"] < 1:
                missing.append("no key_block derivation was checked" + where)
            if ran["verify_data"] < 2:
                missing.append("only %d verify_data derivations were checked (need 2)%s" % (ran["verify_data"], where))
        if not self.ran:
            missing.append("no master_secret derivation was checked")
            missing.append("no key_block derivation was checked")
            missing.append("only 0 verify_data derivations were checked (need 2)")
        protected = sum(1 for r in self.conn.records if r.protected) if self.conn is not None else 0
        if protected and self.records_checked < protected:
            missing.append("only %d of %d protected records were checked" % (self.records_checked, protected))
        if missing:
            self.report("coverage", missing)
        print("%d passed, %d failed" % (self.passed, self.failed))
        return 0 if self.failed == 0 and not missing else 1

    # ---------------------------------------------------------------- hellos, renegotiation

    def check_hellos(self, problems, hs, negotiated):
        if hs.ch is None:
            raise CheckFailed("no ClientHello on the wire")
        if hs.sh is None:
            raise CheckFailed("no ServerHello on the wire")
        ch, sh = hs.ch, hs.sh
        last = hs.index == len(self.conn.handshakes) - 1
        if hs.index == 0 and negotiated.get("handshakes") is not None \
                and negotiated.get("handshakes") != len(self.conn.handshakes):
            problems.append("negotiated handshakes=%r but the wire holds %d ClientHello messages"
                            % (negotiated.get("handshakes"), len(self.conn.handshakes)))
        if sh["version"] != self.version:
            problems.append("ServerHello.server_version 0x%04x but negotiated %s" % (sh["version"], VERSION_NAMES[self.version]))
        if ch["version"] < self.version:
            problems.append("ClientHello.client_version 0x%04x is below the negotiated version" % ch["version"])
        selected = sh["suite"]
        if selected not in ch["suites"]:
            problems.append("ServerHello selected 0x%04x which the ClientHello did not offer" % selected)
        if negotiated.get("cipher_suite_id") is not None and negotiated.get("cipher_suite_id") != selected:
            problems.append("negotiated cipher_suite_id %r but ServerHello selected 0x%04x" % (negotiated.get("cipher_suite_id"), selected))
        if selected in IANA_SUITES and IANA_SUITES[selected] != self.suite.name:
            problems.append("ServerHello selected %s but negotiated says %s" % (IANA_SUITES[selected], self.suite.name))
        if hs.suite is not None:
            why = hs.suite.allowed_in(self.version)
            if why:
                problems.append(why)
        if sh["compression"] not in ch["compressions"]:
            problems.append("ServerHello selected compression %d which the ClientHello did not offer" % sh["compression"])
        if COMPRESSION_NULL not in ch["compressions"]:
            problems.append("ClientHello does not offer the null compression method (RFC 5246 7.4.1.2)")
        if last and negotiated.get("compression") is not None \
                and negotiated.get("compression") != COMPRESSION_NAMES.get(sh["compression"]):
            problems.append("negotiated compression %r but the ServerHello selected %d"
                            % (negotiated.get("compression"), sh["compression"]))
        wire_ems = hs.ems()
        if last and bool(negotiated.get("extended_master_secret")) != wire_ems:
            problems.append("negotiated extended_master_secret=%r but the hellos on the wire say %r"
                            % (negotiated.get("extended_master_secret"), wire_ems))
        for hello, what in ((ch, "ClientHello"), (sh, "ServerHello")):
            types = [t for t, _ in hello.get("extensions") or []]
            if len(types) != len(set(types)):
                problems.append("%s repeats an extension type" % what)
        offered = set(t for t, _ in ch.get("extensions") or [])
        if TLS_EMPTY_RENEGOTIATION_INFO_SCSV in ch["suites"]:
            offered.add(EXT_RENEGOTIATION_INFO)
        for t, _ in sh.get("extensions") or []:
            if t not in offered:
                problems.append("ServerHello carries extension 0x%04x the ClientHello did not offer (RFC 5246 7.4.1.4)" % t)
        if last and negotiated.get("client_authenticated") is not None:
            has_cv = hs.find(HS_CERTIFICATE_VERIFY, "c2s")[1] is not None
            if bool(negotiated.get("client_authenticated")) != has_cv:
                problems.append("negotiated client_authenticated=%r but CertificateVerify %s on the wire"
                                % (negotiated.get("client_authenticated"), "is" if has_cv else "is not"))
        if hs.index > 0:
            ch_rec = self.conn.by_event.get(hs.first_event)
            if ch_rec is not None and not ch_rec.protected:
                problems.append("the renegotiation ClientHello travels unprotected")

    def check_renegotiation(self, problems, negotiated):
        hss = self.conn.handshakes
        for hs in hss:
            if hs.ch is None or hs.sh is None:
                raise CheckFailed("handshake %d lacks a ClientHello or ServerHello" % (hs.index + 1))
        secure = ext_data(hss[0].sh, EXT_RENEGOTIATION_INFO) is not None
        if negotiated.get("secure_renegotiation") is not None and bool(negotiated.get("secure_renegotiation")) != secure:
            problems.append("negotiated secure_renegotiation=%r but the first ServerHello %s renegotiation_info"
                            % (negotiated.get("secure_renegotiation"), "carries" if secure else "lacks"))
        for hs in hss:
            n = hs.index + 1
            ch_ri, sh_ri = ext_data(hs.ch, EXT_RENEGOTIATION_INFO), ext_data(hs.sh, EXT_RENEGOTIATION_INFO)
            scsv = TLS_EMPTY_RENEGOTIATION_INFO_SCSV in hs.ch["suites"]
            if hs.index == 0:
                if ch_ri is not None and ch_ri != b"\x00":
                    problems.append(diff("initial ClientHello renegotiation_info (RFC 5746 3.4)", b"\x00", ch_ri))
                if secure:
                    if ch_ri is None and not scsv:
                        problems.append("secure renegotiation but the initial ClientHello has neither SCSV nor renegotiation_info")
                    if sh_ri != b"\x00":
                        problems.append(diff("initial ServerHello renegotiation_info (RFC 5746 3.6)", b"\x00", sh_ri))
                continue
            prev = hss[hs.index - 1]
            _, cfin = prev.find(HS_FINISHED, "c2s")
            _, sfin = prev.find(HS_FINISHED, "s2c")
            if cfin is None or sfin is None:
                problems.append("handshake %d starts before handshake %d finished" % (n, n - 1))
                continue
            cvd, svd = cfin["body"], sfin["body"]
            if secure:
                want = bytes([len(cvd)]) + cvd
                if ch_ri != want:
                    problems.append(diff("handshake %d ClientHello renegotiation_info vs client_verify_data of "
                                         "handshake %d (RFC 5746 3.5)" % (n, n - 1), want, ch_ri or b""))
                if scsv:
                    problems.append("handshake %d ClientHello includes the SCSV in a renegotiation (RFC 5746 3.5)" % n)
                want = bytes([len(cvd + svd)]) + cvd + svd
                if sh_ri != want:
                    problems.append(diff("handshake %d ServerHello renegotiation_info vs client + server verify_data "
                                         "of handshake %d (RFC 5746 3.7)" % (n, n - 1), want, sh_ri or b""))
            elif sh_ri is not None:
                problems.append("handshake %d ServerHello carries renegotiation_info although the first one did not" % n)

    # ---------------------------------------------------------------- own key schedule

    def compute_own(self, problems, hs):
        """Recomputes master_secret, key_block and the record keys of a handshake from the
        pre-master secret and the wire."""
        if hs.ch is None or hs.sh is None or hs.suite is None:
            raise CheckFailed("handshake lacks a usable ClientHello or ServerHello")
        suite = hs.suite
        ks = KeySchedule(self.version, suite)
        cr, sr = hs.ch["random"], hs.sh["random"]
        pms = None
        for actor in ("client", "server"):
            found = self.by_key.get(("pre_master_secret", actor, hs.index))
            if found:
                pms = unhex(found[0].get("output"), "pre_master_secret output")
                break
        session_hash = None
        if hs.resumed():
            # The master secret of the session resumed, as an earlier connection made it.
            ms = self.resumed_master_secret(hs)
        elif pms is None:
            raise CheckFailed("no pre_master_secret derivation in this handshake")
        elif hs.ems():
            if self.version == SSL30:
                raise CheckFailed("extended_master_secret negotiated in SSL 3.0: RFC 7627 defines it for TLS only")
            cke_pos, _ = hs.require(HS_CLIENT_KEY_EXCHANGE, "c2s", "ClientKeyExchange")
            session_hash = ks.handshake_hash(hs.through(cke_pos))
            ms, _ = ks.prf(pms, b"extended master secret", session_hash, 48)
        else:
            ms, _ = ks.master_secret(pms, cr, sr)
        kb, _ = ks.key_block(ms, sr, cr, suite.key_block_len())
        parts = {}
        off = 0
        for name, length in suite.key_block_layout():
            parts[name] = kb[off:off + length]
            off += length
        keys = {}
        final = {}
        for d in ("c2s", "s2c"):
            p = key_prefix(d)
            keys[d] = {"mac": parts.get(p + "_MAC_key", b""), "key": parts[p + "_key"], "iv": parts.get(p + "_IV")}
        if suite.export:
            cwk, swk = parts["client_write_key"], parts["server_write_key"]
            n = suite.expanded_key_len
            if self.version == SSL30:  # RFC 6101 6.2.2.1
                final["final_client_write_key"] = hashlib.md5(cwk + cr + sr).digest()[:n]
                final["final_server_write_key"] = hashlib.md5(swk + sr + cr).digest()[:n]
                if suite.kind == "cbc":
                    final["client_write_IV"] = hashlib.md5(cr + sr).digest()[:suite.block]
                    final["server_write_IV"] = hashlib.md5(sr + cr).digest()[:suite.block]
            else:  # RFC 2246 6.3.1
                final["final_client_write_key"] = prf10(cwk, b"client write key", cr + sr, n)[0]
                final["final_server_write_key"] = prf10(swk, b"server write key", cr + sr, n)[0]
                if suite.kind == "cbc":
                    final["iv_block"] = prf10(b"", b"IV block", cr + sr, 2 * suite.block)[0]
            keys["c2s"]["key"] = final["final_client_write_key"]
            keys["s2c"]["key"] = final["final_server_write_key"]
            if "iv_block" in final:
                keys["c2s"]["iv"], keys["s2c"]["iv"] = final["iv_block"][:suite.block], final["iv_block"][suite.block:]
            else:
                keys["c2s"]["iv"], keys["s2c"]["iv"] = final.get("client_write_IV"), final.get("server_write_IV")
        hs.own = {"ks": ks, "pms": pms, "ms": ms, "session_hash": session_hash, "key_block": kb, "parts": parts,
                  "keys": keys, "final": final, "cr": cr, "sr": sr}
        # What a later connection may resume: this session under its ID, and its ticket.
        if len(hs.sh["session_id"]) > 0:
            self.sessions["ids"][hs.sh["session_id"]] = ms
        _, nst = hs.find(HS_NEW_SESSION_TICKET12, "s2c")
        if nst is not None:
            ticket = nst12_ticket(nst["data"])
            if ticket:
                self.sessions["tickets"][ticket] = ms

    def resumed_master_secret(self, hs):
        ticket = ext_data(hs.ch, EXT_SESSION_TICKET)
        if ticket:
            if ticket not in self.sessions["tickets"]:
                raise CheckFailed("the ServerHello resumes with a ticket that no earlier connection of the trace issued")
            return self.sessions["tickets"][ticket]
        sid = hs.ch["session_id"]
        if sid not in self.sessions["ids"]:
            raise CheckFailed("the ServerHello resumes session %s... that no earlier connection of the trace made" % sid.hex()[:16])
        return self.sessions["ids"][sid]

    def check_resumed_master_secret(self, problems, d, h):
        hs = self.handshake(h)
        if not hs.resumed():
            problems.append("master_secret taken from a session but the handshake on the wire is not abbreviated")
            return
        output = unhex(d.get("output"), "output")
        taken = get_input(d, "master_secret")
        if taken != output:
            problems.append(diff("output vs the session's master_secret input", taken, output))
        expect_input(d, "session_id", hs.sh["session_id"], "ServerHello.session_id on the wire", problems)
        own_ms = self.own(h)["ms"]
        if output != own_ms:
            problems.append(diff("output vs the master_secret of the session resumed (earlier connection)", own_ms, output))

    def open_ticket12(self, d, ticket):
        key = get_input(d, "ticket_key")
        if len(ticket) < 28:
            raise CheckFailed("ticket shorter than nonce + tag")
        out, ok = aes_gcm_open(key, ticket[:12], b"tlslab ticket 1.2", ticket[12:])
        return out if ok else None

    def check_ticket_state(self, problems, state, h, what):
        if state is None:
            problems.append("%s does not open with the ticket_key input (AES-256-GCM tag mismatch)" % what)
            return
        hs = self.handshake(h)
        if len(state) != 55 or state[6] != 48:
            problems.append("%s holds a %d-byte state, not version(2) suite(2) compression(1) ems(1) master_secret<48>" % (what, len(state)))
            return
        version, suite = int.from_bytes(state[0:2], "big"), int.from_bytes(state[2:4], "big")
        if version != self.version:
            problems.append("%s holds version 0x%04x, the connection negotiated %s" % (what, version, VERSION_NAMES[self.version]))
        if hs.sh is not None and suite != hs.sh["suite"]:
            problems.append("%s holds suite 0x%04x, the ServerHello chose 0x%04x" % (what, suite, hs.sh["suite"]))
        own = hs.own
        if own is not None and state[7:] != own["ms"]:
            problems.append(diff("master_secret in %s vs this session's (recomputed)" % what, own["ms"], state[7:]))

    def check_ticket_seal(self, problems, d, h):
        hs = self.handshake(h)
        output = unhex(d.get("output"), "output")
        _, nst = hs.find(HS_NEW_SESSION_TICKET12, "s2c")
        if nst is None:
            problems.append("a ticket was sealed but no NewSessionTicket is on the wire")
        elif nst12_ticket(nst["data"]) != output:
            problems.append(diff("output vs the ticket in the NewSessionTicket on the wire", nst12_ticket(nst["data"]), output))
        self.check_ticket_state(problems, self.open_ticket12(d, output), h, "the sealed ticket")

    def check_ticket_open(self, problems, d, h):
        hs = self.handshake(h)
        ticket = get_input(d, "ticket")
        wire = ext_data(hs.ch, EXT_SESSION_TICKET)
        if ticket != wire:
            problems.append(diff("ticket input vs the ClientHello's SessionTicket extension", wire or b"", ticket))
        state = self.open_ticket12(d, ticket)
        output = unhex(d.get("output"), "output")
        if (state or b"") != output:
            problems.append(diff("output vs AES-256-GCM-Decrypt(ticket_key, ticket)", state or b"", output))
        if state is not None and hs.resumed():
            self.check_ticket_state(problems, state, h, "the ticket offered")

    # ---------------------------------------------------------------- derivations

    def check_master_secret(self, problems, d, h):
        if d.get("kind") == "resumed_master_secret":
            return self.check_resumed_master_secret(problems, d, h)
        hs = self.handshake(h)
        own = self.own(h)
        ks = own["ks"]
        self.check_kdf_input(d, ks, problems)
        actor = d.get("actor")
        pms = get_input(d, "pre_master_secret")
        output = unhex(d.get("output"), "output")
        own_pms = self.actor_output(actor, "pre_master_secret", h)
        if pms != own_pms:
            problems.append(diff("pre_master_secret input vs %s's pre_master_secret output" % actor, own_pms, pms))
        cr, sr = own["cr"], own["sr"]
        for name, want in (("client_random", cr), ("server_random", sr)):
            expect_input(d, name, want, "the wire", problems, required=False)
        if self.version == SSL30:
            label = get_input(d, "label", required=False)
            if label is not None:
                problems.append("SSL 3.0 master_secret has a label input %r" % label)
            expect_input(d, "seed", cr + sr, "ClientHello.random + ServerHello.random on the wire", problems)
            expected, steps = ssl3_expand(pms, cr + sr, 48)
            formula = "MD5(pms + SHA('A' + pms + CR + SR)) + ..."
        else:
            label = get_input(d, "label")
            seed = get_input(d, "seed")
            if label == b"master secret":
                if seed != cr + sr:
                    problems.append(diff("seed vs ClientHello.random + ServerHello.random on the wire", cr + sr, seed))
                if hs.ems():
                    problems.append('"master secret" used although both hellos negotiated extended_master_secret')
                want_seed = cr + sr
            elif label == b"extended master secret":
                msgs = get_input(d, "handshake_messages")
                cke_pos, _ = hs.require(HS_CLIENT_KEY_EXCHANGE, "c2s", "ClientKeyExchange")
                wire_msgs = hs.through(cke_pos)
                if msgs != wire_msgs:
                    problems.append(diff("handshake_messages vs wire ClientHello..ClientKeyExchange", wire_msgs, msgs))
                want_seed = ks.handshake_hash(wire_msgs)
                if seed != want_seed:
                    problems.append(diff("seed vs %s(wire handshake messages)" % ks.handshake_hash_name(), want_seed, seed))
                expect_step(d, "session_hash", want_seed, "own session hash", problems)
                if not hs.ems():
                    problems.append('"extended master secret" used but the hellos did not negotiate it')
            else:
                raise CheckFailed("unexpected label %r" % label)
            expected, steps = ks.prf(pms, label, want_seed, 48)
            formula = "PRF(pre_master_secret, label, seed)[:48]"
        if output != expected:
            problems.append(diff("output vs %s" % formula, expected, output))
        compare_steps(d, steps, problems)

    def check_key_block(self, problems, d, h):
        own = self.own(h)
        ks, suite = own["ks"], own["ks"].suite
        self.check_kdf_input(d, ks, problems)
        actor = d.get("actor")
        ms = get_input(d, "master_secret")
        output = unhex(d.get("output"), "output")
        own_ms = self.actor_output(actor, "master_secret", h)
        if ms != own_ms:
            problems.append(diff("master_secret input vs %s's master_secret output" % actor, own_ms, ms))
        cr, sr = own["cr"], own["sr"]
        if self.version == SSL30:
            if get_input(d, "label", required=False) is not None:
                problems.append("SSL 3.0 key_block has a label input")
        else:
            label = get_input(d, "label")
            if label != b"key expansion":
                problems.append("label is %r, expected 'key expansion'" % label)
        expect_input(d, "seed", sr + cr, "ServerHello.random + ClientHello.random on the wire", problems)
        length = suite.key_block_len()
        expected, steps = ks.key_block(ms, sr, cr, length)
        if len(output) != length:
            problems.append("output is %d bytes, %s in %s needs %d" % (len(output), suite.name, VERSION_NAMES[self.version], length))
        if output != expected:
            problems.append(diff("output vs %s(master_secret, server_random + client_random)" % ks.kdf_name(), expected, output))
        compare_steps(d, steps, problems)
        self.check_parts(problems, d, output, suite.key_block_layout())

    @staticmethod
    def check_parts(problems, d, output, layout):
        parts = d.get("parts") or []
        offset = 0
        for p in parts:
            name, off, plen = p.get("name"), p.get("offset"), p.get("length")
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
        got = [(p.get("name"), p.get("length")) for p in parts]
        if got != layout:
            problems.append("parts %s, expected %s" % (got, layout))

    def check_export(self, problems, d, h):
        own = self.own(h)
        suite = own["ks"].suite
        name = d.get("name")
        actor = d.get("actor")
        cr, sr = own["cr"], own["sr"]
        output = unhex(d.get("output"), "output")
        if not suite.export:
            raise CheckFailed("export derivation for the non-export suite " + suite.name)
        if name not in own["final"]:
            raise CheckFailed("%s has no %s in %s" % (suite.name, name, VERSION_NAMES[self.version]))
        expected = own["final"][name]
        if name.startswith("final_"):
            side = name[len("final_"):-len("_write_key")]  # client / server
            key = self.actor_part(actor, h, side + "_write_key")
            expect_input(d, side + "_write_key", key, "%s of the %s's key_block" % (side + "_write_key", actor), problems)
            if self.version == SSL30:
                first, second = (cr, sr) if side == "client" else (sr, cr)
                what = "MD5(%s_write_key + %s)" % (side, "CR + SR" if side == "client" else "SR + CR")
                expected = hashlib.md5(key + first + second).digest()[:suite.expanded_key_len]
                expect_step(d, "MD5", hashlib.md5(key + first + second).digest(), what, problems)
            else:
                label = (side + " write key").encode()
                expect_input(d, "label", label, "RFC 2246 6.3.1", problems)
                expect_input(d, "seed", cr + sr, "ClientHello.random + ServerHello.random", problems)
                expected, steps = prf10(key, label, cr + sr, suite.expanded_key_len)
                what = "PRF(%s_write_key, %r, CR + SR)" % (side, label.decode())
                compare_steps(d, steps, problems)
        elif name == "iv_block":
            expect_input(d, "label", b"IV block", "RFC 2246 6.3.1", problems)
            expect_input(d, "seed", cr + sr, "ClientHello.random + ServerHello.random", problems)
            _, steps = prf10(b"", b"IV block", cr + sr, 2 * suite.block)
            compare_steps(d, steps, problems)
            what = 'PRF("", "IV block", CR + SR)'
            self.check_parts(problems, d, output, [("client_write_IV", suite.block), ("server_write_IV", suite.block)])
        else:  # SSL 3.0 client_write_IV / server_write_IV
            first, second = (cr, sr) if name == "client_write_IV" else (sr, cr)
            what = "MD5(%s)[:%d]" % ("CR + SR" if name == "client_write_IV" else "SR + CR", suite.block)
            expect_step(d, "MD5", hashlib.md5(first + second).digest(), what, problems)
        for rname, want in (("client_random", cr), ("server_random", sr)):
            expect_input(d, rname, want, "the wire", problems, required=False)
        if output != expected:
            problems.append(diff("output vs " + what, expected, output))

    def check_verify_data(self, problems, d, h):
        hs = self.handshake(h)
        own = self.own(h)
        ks = own["ks"]
        name = d.get("name")
        actor = d.get("actor")
        sender_dir = "c2s" if name == "client_verify_data" else "s2c"
        self.check_kdf_input(d, ks, problems, required=self.version != SSL30)
        ms = get_input(d, "master_secret")
        msgs = get_input(d, "handshake_messages")
        output = unhex(d.get("output"), "output")
        own_ms = self.actor_output(actor, "master_secret", h)
        if ms != own_ms:
            problems.append(diff("master_secret input vs %s's master_secret output" % actor, own_ms, ms))
        fin_pos, fin = hs.require(HS_FINISHED, sender_dir, "%s Finished message" % side_of(sender_dir))
        wire_msgs = hs.before(fin_pos)
        if msgs != wire_msgs:
            problems.append(diff("handshake_messages vs the messages of this handshake before this Finished",
                                 wire_msgs, msgs))
        expected, steps = ks.finished(ms, wire_msgs, sender_dir)
        if self.version == SSL30:
            expect_input(d, "Sender", SSL3_SENDER[sender_dir], "RFC 6101 5.6.9", problems)
            what = "MD5(ms + pad_2 + MD5(msgs + Sender + ms + pad_1)) + SHA(...)"
            size = 36
        else:
            want_label = b"client finished" if sender_dir == "c2s" else b"server finished"
            label = get_input(d, "label")
            if label != want_label:
                problems.append("label is %r, expected %r" % (label, want_label))
            seed = get_input(d, "seed")
            if seed != steps["handshake_hash"]:
                problems.append(diff("seed vs %s(handshake messages)" % ks.handshake_hash_name(), steps["handshake_hash"], seed))
            what = "PRF(master_secret, label, %s(handshake_messages))[:12]" % ks.handshake_hash_name()
            size = 12
        if output != expected:
            problems.append(diff("output vs " + what, expected, output))
        compare_steps(d, steps, problems)
        carried = fin["body"]
        if len(carried) != size:
            problems.append("Finished carries %d bytes of verify_data, expected %d" % (len(carried), size))
        if carried != expected:
            problems.append(diff("verify_data carried in the Finished message", expected, carried))
        rec = self.conn.by_event.get(fin["event"])
        if rec is not None and rec.keys_hs != h:
            problems.append("the Finished message is not protected by the keys of its own handshake (RFC 5246 7.4.9)")

    def check_certificate_verify_hashes(self, problems, d, h):
        hs = self.handshake(h)
        actor = d.get("actor")
        if self.version != SSL30:
            problems.append("certificate_verify_hashes outside SSL 3.0")
        ms = get_input(d, "master_secret")
        own_ms = self.actor_output(actor, "master_secret", h)
        if ms != own_ms:
            problems.append(diff("master_secret input vs %s's master_secret output" % actor, own_ms, ms))
        cv_pos, _ = hs.require(HS_CERTIFICATE_VERIFY, "c2s", "CertificateVerify")
        msgs = hs.before(cv_pos)
        expect_input(d, "handshake_messages", msgs, "the messages of this handshake before CertificateVerify", problems)
        expected, steps = ssl3_handshake_hashes(ms, msgs, b"")
        output = unhex(d.get("output"), "output")
        if output != expected:
            problems.append(diff("output vs MD5(ms + pad_2 + MD5(msgs + ms + pad_1)) + SHA(...) (RFC 6101 5.6.8)",
                                 expected, output))
        compare_steps(d, steps, problems)

    # ---------------------------------------------------------------- key exchange

    def server_rsa_key(self, hs):
        _, cert_msg = hs.require(HS_CERTIFICATE, "s2c", "server Certificate")
        certs = parse_certificates(cert_msg["body"])
        if not certs:
            raise CheckFailed("empty server Certificate")
        return spki_rsa_key(cert_spki(certs[0])), cert_spki(certs[0])

    def client_rsa_key(self, hs):
        _, cert_msg = hs.require(HS_CERTIFICATE, "c2s", "client Certificate")
        certs = parse_certificates(cert_msg["body"])
        if not certs:
            raise CheckFailed("empty client Certificate")
        return spki_rsa_key(cert_spki(certs[0]))

    def ske(self, hs):
        _, msg = hs.require(HS_SERVER_KEY_EXCHANGE, "s2c", "ServerKeyExchange")
        return parse_server_key_exchange(msg["body"], hs.suite, self.version)

    def check_pre_master_secret(self, problems, d, h):
        hs = self.handshake(h)
        suite = hs.suite
        actor = d.get("actor")
        output = unhex(d.get("output"), "output")
        _, cke = hs.require(HS_CLIENT_KEY_EXCHANGE, "c2s", "ClientKeyExchange")
        exchange = parse_client_key_exchange(cke["body"], suite, self.version)
        if suite.kx in ("RSA", "RSA_EXPORT"):
            key, spki = self.server_rsa_key(hs)
            what = "the server certificate's RSA key"
            if hs.find(HS_SERVER_KEY_EXCHANGE, "s2c")[1] is not None:
                ske = self.ske(hs)  # RSA_EXPORT with a temporary key (RFC 2246 7.4.3)
                key = (int.from_bytes(ske["rsa_modulus"], "big"), int.from_bytes(ske["rsa_exponent"], "big"))
                what = "the ServerKeyExchange's temporary RSA key"
            elif suite.kx == "RSA_EXPORT" and key is not None and key[0].bit_length() > 512:
                problems.append("RSA_EXPORT with a %d-bit certificate key needs a ServerKeyExchange" % key[0].bit_length())
            if key is None:
                raise CheckFailed("the server key is not an RSA key")
            if actor == "client":
                cv = get_input(d, "client_version")
                rnd = get_input(d, "random")
                if cv != hs.ch["version"].to_bytes(2, "big"):
                    problems.append(diff("client_version vs ClientHello.client_version (RFC 5246 7.4.7.1)",
                                         hs.ch["version"].to_bytes(2, "big"), cv))
                if len(rnd) != 46:
                    problems.append("random is %d bytes, expected 46" % len(rnd))
                if output != cv + rnd:
                    problems.append(diff("output vs client_version + random", cv + rnd, output))
                claimed = get_input(d, "server_public_key")
                if spki_rsa_key(claimed) != key:
                    problems.append("server_public_key input is not " + what)
                expect_step(d, "EncryptedPreMasterSecret", exchange, "the ClientKeyExchange on the wire", problems, required=True)
            else:
                expect_input(d, "EncryptedPreMasterSecret", exchange, "the ClientKeyExchange on the wire", problems)
                block = get_step(d, "decrypted block")
                fallback = get_step(d, "random fallback")
                if block is None:
                    raise CheckFailed("missing step decrypted block")
                if len(block) != rsa_len(key) or rsa_public_op(key, block) != exchange.rjust(rsa_len(key), b"\x00"):
                    problems.append("decrypted block ^ e mod n is not the EncryptedPreMasterSecret (%s)" % what)
                sep = block.find(b"\x00", 2)
                well_formed = block[:2] == b"\x00\x02" and sep >= 10 and len(block) - sep - 1 == 48
                if fallback is None:
                    if not well_formed:
                        problems.append("decrypted block is not 00 02 <8+ nonzero bytes> 00 <48 bytes> and no random fallback was used")
                    elif output != block[sep + 1:]:
                        problems.append(diff("output vs the message inside the decrypted block", block[sep + 1:], output))
                    elif output[:2] != hs.ch["version"].to_bytes(2, "big"):
                        problems.append("the pre_master_secret's version %s is not ClientHello.client_version and no "
                                        "random fallback was used (RFC 5246 7.4.7.1)" % output[:2].hex())
                elif output != fallback:
                    problems.append(diff("output vs the random fallback", fallback, output))
        elif suite.kx == "DHE_RSA":
            ske = self.ske(hs)
            p, g = int.from_bytes(ske["dh_p"], "big"), int.from_bytes(ske["dh_g"], "big")
            expect_input(d, "dh_p", ske["dh_p"], "ServerDHParams.dh_p", problems)
            expect_input(d, "dh_g", ske["dh_g"], "ServerDHParams.dh_g", problems)
            wire = {"client": exchange, "server": ske["dh_Ys"]}
            peer = "server" if actor == "client" else "client"
            x = int.from_bytes(get_input(d, actor + "_private_key"), "big")
            own_pub = get_input(d, actor + "_public_key")
            if int.from_bytes(own_pub, "big") != pow(g, x, p):
                problems.append("%s_public_key is not g^x mod p" % actor)
            expect_input(d, actor + "_public_key", wire[actor], "the wire", problems)
            peer_pub = expect_input(d, peer + "_public_key", wire[peer], "the wire", problems)
            z = pow(int.from_bytes(peer_pub, "big"), x, p)
            plen = len(ske["dh_p"].lstrip(b"\x00"))
            expect_step(d, "Z (padded to |p|)", z.to_bytes(plen, "big"), "(peer Y)^x mod p", problems)
            want = z.to_bytes(plen, "big").lstrip(b"\x00")
            if output != want:
                problems.append(diff("output vs Z with leading zero bytes removed (RFC 5246 8.1.2)", want, output))
        else:  # ECDHE
            ske = self.ske(hs)
            group = NAMED_GROUPS.get(ske["group"])
            wire = {"client": exchange, "server": ske["point"]}
            peer = "server" if actor == "client" else "client"
            priv = get_input(d, actor + "_private_key")
            own_pub = expect_input(d, actor + "_public_key", wire[actor], "the wire", problems)
            peer_pub = expect_input(d, peer + "_public_key", wire[peer], "the wire", problems)
            if group == "x25519":
                if x25519(priv, (9).to_bytes(32, "little")) != own_pub:
                    problems.append("%s_public_key is not X25519(private key, 9)" % actor)
                want = x25519(priv, peer_pub)
                what = "X25519(private key, peer public key) (RFC 7748 6.1)"
            elif group == "secp256r1":
                k = int.from_bytes(priv, "big")
                if p256_encode(p256_mul(k, P256_G)) != own_pub:
                    problems.append("%s_public_key is not private key x G" % actor)
                want = p256_mul(k, p256_decode(peer_pub))[0].to_bytes(32, "big")
                what = "x coordinate of private key x peer point (RFC 8422 5.10)"
            else:
                raise CheckFailed("unsupported named group 0x%04x" % ske["group"])
            if output != want:
                problems.append(diff("output vs " + what, want, output))

    def verify_rsa(self, key, scheme, signature, data, payload_pre12):
        """True/False for an RSA signature over data; None when not checkable here."""
        if key is None:
            return None
        if self.version < TLS12:
            return rsa_verify_pkcs1(key, signature, payload_pre12)
        kind = RSA_SCHEMES.get(scheme)
        if kind is None:
            return None
        padding, hname = kind
        if padding == "pkcs1":
            return rsa_verify_pkcs1(key, signature, DIGEST_INFO[hname] + SIG_HASHES[hname](data).digest())
        return rsa_verify_pss(key, signature, data, SIG_HASHES[hname])

    def check_ske_signature(self, problems, d, h):
        hs = self.handshake(h)
        is_check = d.get("name").endswith("_check")
        ske = self.ske(hs)
        cr, sr = hs.ch["random"], hs.sh["random"]
        expect_input(d, "client_random", cr, "ClientHello.random", problems)
        expect_input(d, "server_random", sr, "ServerHello.random", problems)
        expect_input(d, "params", ske["params"], "the ServerKeyExchange params on the wire", problems)
        signed = cr + sr + ske["params"]
        expect_step(d, "signed_data", signed, "client_random + server_random + params", problems)
        payload = md5_sha1(signed)
        if self.version < TLS12:
            expect_step(d, "md5_hash + sha_hash", payload, "MD5(signed_data) + SHA(signed_data)", problems)
        sig = get_step(d, "signature") if is_check else unhex(d.get("output"), "output")
        if sig != ske["signature"]:
            problems.append(diff("signature vs the ServerKeyExchange on the wire", ske["signature"], sig or b""))
        key, spki = self.server_rsa_key(hs)
        if hs.suite.kx == "ECDHE_ECDSA":
            # RFC 8422 5.4: ECDSA over the same bytes; TLS 1.2 only here (ecdsa_secp256r1_sha256).
            other = spki_other_key(spki)
            valid = None
            if other is not None and other[0] == "ecdsa" and ske["scheme"] == 0x0403:
                valid = ecdsa_p256_verify(other[1], ske["signature"], signed)
            elif other is None or other[0] != "ecdsa":
                problems.append("ECDHE_ECDSA suite but the server certificate's key is not ECDSA P-256")
            else:
                problems.append("ECDHE_ECDSA ServerKeyExchange signed with scheme 0x%04x, not ecdsa_secp256r1_sha256" % ske["scheme"])
            if valid is False:
                problems.append("the ServerKeyExchange signature does not verify with the server certificate's ECDSA key")
        else:
            valid = self.verify_rsa(key, ske["scheme"], ske["signature"], signed, payload)
            if valid is False:
                problems.append("the ServerKeyExchange signature does not verify with the server certificate's RSA key")
        if is_check and valid is not None:
            want = b"\x01" if valid else b"\x00"
            output = unhex(d.get("output"), "output")
            if output != want:
                problems.append(diff("verification result", want, output))

    def check_certificate_verify_signature(self, problems, d, h):
        hs = self.handshake(h)
        is_check = d.get("name") == "certificate_verify_check"
        cv_pos, cv = hs.require(HS_CERTIFICATE_VERIFY, "c2s", "CertificateVerify")
        scheme, wire_sig = parse_certificate_verify(cv["body"], self.version)
        msgs = hs.before(cv_pos)
        expect_input(d, "handshake_messages", msgs, "the messages of this handshake before CertificateVerify", problems)
        sig = get_input(d, "signature") if is_check else unhex(d.get("output"), "output")
        if sig != wire_sig:
            problems.append(diff("signature vs the CertificateVerify on the wire", wire_sig, sig))
        if self.version == SSL30:
            payload = ssl3_handshake_hashes(self.own(h)["ms"], msgs, b"")[0]
        else:
            payload = md5_sha1(msgs)
        valid = self.verify_rsa(self.client_rsa_key(hs), scheme, wire_sig, msgs, payload)
        if valid is False:
            problems.append("the CertificateVerify signature does not verify with the client certificate's RSA key")
        if is_check and valid is not None:
            want = b"\x01" if valid else b"\x00"
            if unhex(d.get("output"), "output") != want:
                problems.append(diff("verification result", want, unhex(d.get("output"), "output")))

    # ---------------------------------------------------------------- records

    def record_mac(self, suite, key, r):
        """(mac_input, inner hash or None, MAC) over the record's TLSCompressed.fragment."""
        seq = r.seq.to_bytes(8, "big")
        frag = r.compressed
        length = len(frag).to_bytes(2, "big")
        if self.version == SSL30:  # RFC 6101 5.2.3.1
            mac_input = seq + bytes([r.ctype]) + length + frag
            n = SSL3_PAD_LEN[suite.mac_name]
            inner = suite.mac_hash(key + b"\x36" * n + mac_input).digest()
            return mac_input, inner, suite.mac_hash(key + b"\x5c" * n + inner).digest()
        mac_input = seq + bytes([r.ctype]) + r.version + length + frag  # RFC 2246 6.2.3.1
        return mac_input, None, hmac.new(key, mac_input, suite.mac_hash).digest()

    def own_record(self, r):
        """Own view of a protected record, in wire order (the RC4 keystream runs on)."""
        r.own = {"problems": []}
        hs = self.conn.handshakes[r.keys_hs]
        if hs.own is None:
            r.own["problems"].append("keys of handshake %d unknown" % (r.keys_hs + 1))
            return
        suite = hs.suite
        keys = hs.own["keys"][r.direction]
        r.own["keys"] = keys
        if suite.kind == "stream":
            state = self.rc4.get((r.direction, r.epoch))
            if state is None:
                state = self.rc4[(r.direction, r.epoch)] = RC4(keys["key"])
            decrypted = state.crypt(r.fragment)
            if r.usable and decrypted != r.record_part:
                r.own["problems"].append(diff("RC4 decryption of the wire fragment with own key vs the record's plaintext",
                                              decrypted, r.record_part))
        if not r.usable:
            return
        if suite.kind == "cbc":
            if r.explicit_iv is not None:
                r.own["iv"] = r.explicit_iv
            else:
                r.own["iv"] = keys["iv"] if r.prev_block is None else r.prev_block
        if suite.kind != "aead":
            r.own["mac_input"], r.own["inner"], r.own["mac"] = self.record_mac(suite, keys["mac"], r)

    def check_record(self, problems, r):
        problems.extend(r.problems)
        if r.own is None:
            raise CheckFailed("record not analysed")
        problems.extend(r.own["problems"])
        if not r.usable or "keys" not in r.own:
            return
        if "mac" in r.own and r.mac != r.own["mac"]:
            problems.append(diff("MAC inside the record vs own MAC with own %s_MAC_key" % key_prefix(r.direction),
                                 r.own["mac"], r.mac))
        self.records_checked += 1

    def check_record_derivation(self, problems, d, idx):
        words = (d.get("name") or "").split()
        if len(words) != 4 or words[2] != "seq" or not words[3].isdigit() or words[1] not in ("client_write", "server_write"):
            raise CheckFailed("unexpected record derivation name")
        is_seal = words[0] == "record_seal"
        r = self.conn.by_event.get(idx)
        if r is None or not r.protected:
            raise CheckFailed("record derivation on an unprotected record")
        if not r.usable or r.own is None or "keys" not in r.own:
            raise CheckFailed("the record itself could not be analysed (see its record check)")
        want_dir = "c2s" if words[1] == "client_write" else "s2c"
        if want_dir != r.direction:
            problems.append("%s keys on a record travelling %s" % (words[1], r.direction))
        if int(words[3]) != r.seq:
            problems.append("seq %s in the name but the record is number %d since the last ChangeCipherSpec"
                            % (words[3], r.seq))
        hs = self.conn.handshakes[r.keys_hs]
        suite = hs.suite
        keys = r.own["keys"]
        seq_num = r.seq.to_bytes(8, "big")
        expect_input(d, "seq_num", seq_num, "the record's sequence number", problems)
        prefix = key_prefix(r.direction)
        deflate = r.compression == COMPRESSION_DEFLATE
        if suite.kind != "aead":
            expect_input(d, "mac_key", keys["mac"], "own %s_MAC_key" % prefix, problems)
            expect_step(d, "mac_input", r.own["mac_input"],
                        "seq_num + type + length + fragment" if self.version == SSL30
                        else "seq_num + type + version + length + fragment", problems, required=True)
            if self.version == SSL30:
                n = SSL3_PAD_LEN[suite.mac_name]
                expect_step(d, "pad_1", b"\x36" * n, "0x36 x %d" % n, problems)
                expect_step(d, "pad_2", b"\x5c" * n, "0x5c x %d" % n, problems)
                expect_step(d, "inner_hash", r.own["inner"], "own inner hash", problems)
                what = "%s(MAC_write_secret + pad_2 + inner hash)" % suite.mac_name
            else:
                what = "HMAC-%s(MAC_write_key, mac_input)" % suite.mac_name
            expect_step(d, "mac" if is_seal else "mac_expected", r.own["mac"], what, problems, required=True)
            if not is_seal:
                expect_step(d, "mac_received", r.mac, "the MAC inside the record", problems)
        else:
            expect_input(d, "write_iv", keys["iv"], "own %s_IV" % prefix, problems, required=False)
            if suite.explicit_nonce_len:  # GCM (RFC 5288 3): salt + nonce_explicit
                nonce = keys["iv"] + r.fragment[:8]
            else:  # ChaCha20-Poly1305 (RFC 7905 2): IV XOR padded sequence number
                nonce = bytes(a ^ b for a, b in zip(keys["iv"], seq_num.rjust(12, b"\x00")))
            expect_step(d, "nonce", nonce, "the AEAD nonce", problems)
            if suite.explicit_nonce_len:
                expect_step(d, "nonce_explicit", r.fragment[:8], "nonce_explicit on the wire", problems)
            expect_step(d, "tag", r.fragment[-16:], "the tag at the end of the record on the wire", problems)
            aad = seq_num + bytes([r.ctype]) + r.version + len(r.compressed).to_bytes(2, "big")
            expect_step(d, "additional_data", aad, "seq_num + type + version + length", problems)
        if suite.kind == "cbc":
            expect_step(d, "iv", r.own["iv"],
                        "the explicit IV on the wire" if r.explicit_iv is not None else
                        ("own %s_IV" % prefix if r.prev_block is None else "the last ciphertext block of the previous record"),
                        problems)
            expect_step(d, "cbc_plaintext", r.record_part, "the event's decrypted record", problems)
        if is_seal:
            expect_input(d, "write_key", keys["key"],
                         ("own final_%s_key" if suite.export else "own %s_key") % prefix, problems,
                         required=suite.kind != "aead")
            expect_input(d, "content", r.content, "the record's content", problems)
            if deflate:
                expect_step(d, "compressed", r.compressed, "TLSCompressed.fragment", problems, required=True)
            if suite.kind == "cbc":
                expect_step(d, "padding", r.padding + bytes([r.pad_len]), "the padding in the event's plaintext", problems)
            output = unhex(d.get("output"), "output")
            if output != r.fragment:
                problems.append(diff("output vs the record fragment on the wire", r.fragment, output))
        else:
            expect_input(d, "fragment", r.fragment, "the record fragment on the wire", problems, required=False)
            if deflate:
                expect_step(d, "decompressed", r.content, "the record's decompressed content", problems)
            output = unhex(d.get("output"), "output")
            if output != r.content:
                problems.append(diff("output vs the record's content", r.content, output))

    # ---------------------------------------------------------------- agreement, keylog

    def agreement_applies(self, name, hs):
        """An optional derivation is checked when either side recorded it or the handshake needs it."""
        if self.by_key.get((name, "client", hs.index)) or self.by_key.get((name, "server", hs.index)):
            return True
        if hs.own is not None and name in hs.own["final"]:
            return True
        return (name == "certificate_verify_hashes" and self.version == SSL30
                and hs.find(HS_CERTIFICATE_VERIFY, "c2s")[1] is not None)

    def check_agreement(self, problems, name, h, required):
        outputs = {}
        for actor in ("client", "server"):
            outputs[actor] = set(str(d.get("output")).lower() for d in self.by_key.get((name, actor, h), []))
        if not outputs["client"] and not outputs["server"] and not required:
            hs = self.conn.handshakes[h]
            own = hs.own
            if own is not None and name in own["final"]:
                problems.append("no %s derivation although %s needs one" % (name, hs.suite.name))
            if name == "certificate_verify_hashes" and self.version == SSL30 \
                    and hs.find(HS_CERTIFICATE_VERIFY, "c2s")[1] is not None:
                problems.append("no certificate_verify_hashes derivation although the client sent CertificateVerify")
            return
        if not outputs["client"] or not outputs["server"]:
            missing = [a for a in ("client", "server") if not outputs[a]]
            problems.append("no %s derivation by %s" % (name, " or ".join(missing)))
            return
        if len(outputs["client"] | outputs["server"]) != 1:
            def show(values):
                return ", ".join(v if len(v) <= 48 else v[:48] + "..." for v in sorted(values))
            problems.append("client derived %s, server derived %s" % (show(outputs["client"]), show(outputs["server"])))

    def check_keylog(self, problems, keylog):
        if not isinstance(keylog, list):
            raise CheckFailed("keylog is not a list")
        for hs in self.conn.handshakes:
            if hs.own is None:
                continue
            line = "CLIENT_RANDOM %s %s" % (hs.own["cr"].hex(), hs.own["ms"].hex())
            if line not in keylog:
                problems.append("no line %s" % line[:80])


# ======================================================================================
# TLS 1.3 (RFC 8446)
#
# A TLS 1.3 trace is judged by Verifier13 below, written from RFC 8446 and RFC 5869:
#
#   HKDF-Extract(salt, IKM) = HMAC-Hash(salt, IKM)                           (RFC 5869 2.2)
#   HKDF-Expand(PRK, info, L) = T(1) | T(2) | ... first L octets,
#       T(i) = HMAC-Hash(PRK, T(i-1) | info | i)                              (RFC 5869 2.3)
#   HKDF-Expand-Label(Secret, Label, Context, Length) = HKDF-Expand(Secret, HkdfLabel, Length),
#       HkdfLabel = uint16 length | opaque label<7..255> = "tls13 " + Label | opaque context<0..255>
#   Derive-Secret(Secret, Label, Messages) =
#       HKDF-Expand-Label(Secret, Label, Transcript-Hash(Messages), Hash.length)   (RFC 8446 7.1)
#   the key schedule: early_secret = HKDF-Extract(0, PSK or 0); Derive-Secret(., "derived", "");
#       handshake_secret = HKDF-Extract(derived, (EC)DHE or 0); the "c hs traffic",
#       "s hs traffic" secrets over ClientHello..ServerHello; master_secret = HKDF-Extract(
#       derived, 0); "c ap traffic", "s ap traffic", "exp master" over ClientHello..server
#       Finished; "res master" over ClientHello..client Finished                    (7.1)
#   traffic keys: key = HKDF-Expand-Label(secret, "key", "", key_length), iv = ... "iv" .. 12 (7.3)
#   KeyUpdate: application_traffic_secret_N+1 = HKDF-Expand-Label(secret_N, "traffic upd", "", Hash.length) (7.2)
#   Finished: finished_key = HKDF-Expand-Label(BaseKey, "finished", "", Hash.length),
#       verify_data = HMAC(finished_key, Transcript-Hash(Handshake Context, Certificate*,
#       CertificateVerify*))                                                       (4.4.4)
#   PSK binder: the same HMAC under binder_key = Derive-Secret(early_secret, "res binder", "")
#       over the transcript up to the ClientHello truncated before the binders list (4.2.11.2)
#   ticket PSK = HKDF-Expand-Label(resumption_master_secret, "resumption", ticket_nonce, Hash.length) (4.6.1)
#   HelloRetryRequest: ClientHello1 is replaced in the transcript by message_hash =
#       254 | 00 00 Hash.length | Hash(ClientHello1)                               (4.4.1)
#   (EC)DHE: X25519 (RFC 7748), P-256 x-coordinate (RFC 8446 7.4.2), ffdhe2048 (RFC 7919)
#       Z = Y^x mod p left-padded to the size of p                                 (7.4.1)
#   records: nonce = iv XOR (64-bit sequence number left-padded to the iv length) (5.3),
#       additional_data = the 5-byte TLSCiphertext header (5.2)
#   CertificateVerify: RSA-PSS over 64 spaces + "TLS 1.3, server CertificateVerify" (or client)
#       + 00 + Transcript-Hash(messages before it)                                 (4.4.3)
#
# Beyond recomputing each derivation from its inputs, Verifier13 ties the inputs to the rest
# of the trace: every secret/salt/base_key input is the output of the earlier derivation it
# must come from (by the same actor), every "messages" input is the transcript read from the
# handshake records on the wire (plaintext, or the decrypted TLSInnerPlaintext of protected
# records) up to the point the RFC prescribes, the (EC)DHE shared secret is recomputed from
# the private key and the key shares in the hellos, the Finished/binder values are the ones
# carried on the wire, and each record's nonce and additional data are recomputed from its
# traffic key derivations, its sequence number and its header on the wire.

TLS13 = 0x0304
VERSIONS13 = {"TLS 1.3": TLS13}
# name, hash, AEAD key length (RFC 8446 B.4)
TLS13_SUITES = {
    0x1301: ("TLS_AES_128_GCM_SHA256", "SHA256", 16),
    0x1302: ("TLS_AES_256_GCM_SHA384", "SHA384", 32),
    0x1303: ("TLS_CHACHA20_POLY1305_SHA256", "SHA256", 32),
}
HASH_TEXT13 = {"SHA256": "SHA-256", "SHA384": "SHA-384"}
AEAD_TAG_LEN = 16
HS_NEW_SESSION_TICKET, HS_END_OF_EARLY_DATA, HS_ENCRYPTED_EXTENSIONS = 4, 5, 8
HS_CERTIFICATE_REQUEST, HS_KEY_UPDATE, HS_MESSAGE_HASH = 13, 24, 254
CT_ALERT, CT_APPLICATION_DATA = 21, 23
EXT_PRE_SHARED_KEY, EXT_EARLY_DATA, EXT_SUPPORTED_VERSIONS, EXT_KEY_SHARE = 0x0029, 0x002A, 0x002B, 0x0033
# RFC 8446 4.1.3: the HelloRetryRequest "random" is SHA-256("HelloRetryRequest").
HRR_RANDOM = hashlib.sha256(b"HelloRetryRequest").digest()
GROUPS13 = {0x001D: "x25519", 0x0017: "secp256r1", 0x0100: "ffdhe2048"}
CV_CONTEXT = {"s2c": b"TLS 1.3, server CertificateVerify", "c2s": b"TLS 1.3, client CertificateVerify"}


def ffdhe2048_prime():
    """RFC 7919 A.1: p = 2^2048 - 2^1984 + {[2^1918 * e] + 560316} * 2^64 - 1, e summed as
    1/0! + 1/1! + ... in fixed point with 64 guard bits."""
    guard = 64
    total, term, k = 0, 1 << (1918 + guard), 0
    while term:
        total += term
        k += 1
        term //= k
    return 2 ** 2048 - 2 ** 1984 + ((total >> guard) + 560316) * 2 ** 64 - 1


FFDHE2048_P = ffdhe2048_prime()
FFDHE2048_G = 2


def hkdf_extract(hash_fn, salt, ikm):
    """RFC 5869 2.2 (an absent salt is HashLen zeros, which HMAC treats like the empty key)."""
    return hmac.new(salt, ikm, hash_fn).digest()


def hkdf_expand(hash_fn, prk, info, length):
    """RFC 5869 2.3."""
    if length > 255 * hash_fn().digest_size:
        raise CheckFailed("HKDF-Expand length %d exceeds 255 * HashLen" % length)
    okm, t, i = b"", b"", 1
    while len(okm) < length:
        t = hmac.new(prk, t + info + bytes([i]), hash_fn).digest()
        okm += t
        i += 1
    return okm[:length]


def hkdf_label(label, context, length):
    """RFC 8446 7.1: struct { uint16 length; opaque label<7..255>; opaque context<0..255>; }."""
    full = b"tls13 " + label
    if not 7 <= len(full) <= 255:
        raise CheckFailed("HkdfLabel label of %d bytes outside <7..255>" % len(full))
    if len(context) > 255:
        raise CheckFailed("HkdfLabel context of %d bytes outside <0..255>" % len(context))
    return length.to_bytes(2, "big") + bytes([len(full)]) + full + bytes([len(context)]) + context


def hkdf_expand_label(hash_fn, secret, label, context, length):
    return hkdf_expand(hash_fn, secret, hkdf_label(label, context, length), length)


def xor_bytes(a, b):
    return bytes(x ^ y for x, y in zip(a, b))


# --------------------------------------------------------------------------------------
# AEAD ciphers of the TLS 1.3 suites, so that every protected record is decrypted and its
# tag checked with the verifier's own keys: AES (FIPS 197) in GCM (NIST SP 800-38D) and
# ChaCha20-Poly1305 (RFC 8439).


def _gf256_mul(a, b):
    p = 0
    while b:
        if b & 1:
            p ^= a
        a = ((a << 1) ^ 0x11B) if a & 0x80 else a << 1
        b >>= 1
    return p


def _aes_tables():
    """FIPS 197 5.1.1: S-box = affine transform of the multiplicative inverse in GF(2^8);
    the T-tables fold SubBytes and MixColumns (coefficients 02 01 01 03) into one lookup."""
    exp, log, x = [0] * 255, [0] * 256, 1
    for i in range(255):  # 03 generates the multiplicative group of GF(2^8)
        exp[i], log[x] = x, i
        x = _gf256_mul(x, 3)
    sbox = []
    for a in range(256):
        inv = exp[(255 - log[a]) % 255] if a else 0
        s = inv
        for shift in range(1, 5):
            s ^= ((inv << shift) | (inv >> (8 - shift))) & 0xFF
        sbox.append(s ^ 0x63)
    t0 = [(_gf256_mul(s, 2) << 24) | (s << 16) | (s << 8) | _gf256_mul(s, 3) for s in sbox]
    rot = lambda w, n: ((w >> n) | (w << (32 - n))) & 0xFFFFFFFF
    return sbox, t0, [rot(w, 8) for w in t0], [rot(w, 16) for w in t0], [rot(w, 24) for w in t0]


AES_SBOX, AES_T0, AES_T1, AES_T2, AES_T3 = _aes_tables()


def aes_key_schedule(key):
    """FIPS 197 5.2."""
    nk = len(key) // 4
    if len(key) not in (16, 32):
        raise CheckFailed("AES key of %d bytes" % len(key))
    nr = nk + 6
    w = [int.from_bytes(key[4 * i:4 * i + 4], "big") for i in range(nk)]
    rcon = 1
    sub = lambda x: (AES_SBOX[x >> 24] << 24) | (AES_SBOX[(x >> 16) & 255] << 16) | (AES_SBOX[(x >> 8) & 255] << 8) | AES_SBOX[x & 255]
    for i in range(nk, 4 * (nr + 1)):
        t = w[i - 1]
        if i % nk == 0:
            t = sub(((t << 8) | (t >> 24)) & 0xFFFFFFFF) ^ (rcon << 24)
            rcon = _gf256_mul(rcon, 2)
        elif nk > 6 and i % nk == 4:
            t = sub(t)
        w.append(w[i - nk] ^ t)
    return w, nr


def aes_encrypt_block(ks, block):
    w, nr = ks
    T0, T1, T2, T3, S = AES_T0, AES_T1, AES_T2, AES_T3, AES_SBOX
    s0, s1, s2, s3 = (int.from_bytes(block[4 * i:4 * i + 4], "big") ^ w[i] for i in range(4))
    for r in range(1, nr):
        k = 4 * r
        s0, s1, s2, s3 = (
            T0[s0 >> 24] ^ T1[(s1 >> 16) & 255] ^ T2[(s2 >> 8) & 255] ^ T3[s3 & 255] ^ w[k],
            T0[s1 >> 24] ^ T1[(s2 >> 16) & 255] ^ T2[(s3 >> 8) & 255] ^ T3[s0 & 255] ^ w[k + 1],
            T0[s2 >> 24] ^ T1[(s3 >> 16) & 255] ^ T2[(s0 >> 8) & 255] ^ T3[s1 & 255] ^ w[k + 2],
            T0[s3 >> 24] ^ T1[(s0 >> 16) & 255] ^ T2[(s1 >> 8) & 255] ^ T3[s2 & 255] ^ w[k + 3])
    k = 4 * nr
    out = b""
    for a, b, c, d, kw in ((s0, s1, s2, s3, w[k]), (s1, s2, s3, s0, w[k + 1]),
                           (s2, s3, s0, s1, w[k + 2]), (s3, s0, s1, s2, w[k + 3])):
        word = (S[a >> 24] << 24) | (S[(b >> 16) & 255] << 16) | (S[(c >> 8) & 255] << 8) | S[d & 255]
        out += (word ^ kw).to_bytes(4, "big")
    return out


def _ghash_mul(x, y):
    """SP 800-38D 6.3: multiplication in GF(2^128), bit 0 the most significant."""
    z, v = 0, y
    for i in range(127, -1, -1):
        if (x >> i) & 1:
            z ^= v
        v = (v >> 1) ^ (0xE1 << 120) if v & 1 else v >> 1
    return z


def _ghash(h, data):
    y = 0
    for i in range(0, len(data), 16):
        y = _ghash_mul(y ^ int.from_bytes(data[i:i + 16], "big"), h)
    return y


def _pad16(b):
    return b + b"\x00" * (-len(b) % 16)


def aes_gcm_open(key, nonce, aad, ciphertext_and_tag):
    """SP 800-38D 7.2 with a 96-bit IV: (plaintext, tag_ok)."""
    ks = aes_key_schedule(key)
    ct, tag = ciphertext_and_tag[:-16], ciphertext_and_tag[-16:]
    h = int.from_bytes(aes_encrypt_block(ks, bytes(16)), "big")
    j0 = nonce + b"\x00\x00\x00\x01"
    pt = bytearray()
    for i in range(0, len(ct), 16):
        counter = nonce + ((2 + i // 16) & 0xFFFFFFFF).to_bytes(4, "big")  # inc32(J0), inc32(inc32(J0)), ...
        pt += xor_bytes(ct[i:i + 16], aes_encrypt_block(ks, counter))
    s = _ghash(h, _pad16(aad) + _pad16(ct) + (8 * len(aad)).to_bytes(8, "big") + (8 * len(ct)).to_bytes(8, "big"))
    want = xor_bytes(aes_encrypt_block(ks, j0), s.to_bytes(16, "big"))
    return bytes(pt), hmac.compare_digest(want, tag)


def _chacha20_block(key, counter, nonce):
    """RFC 8439 2.3."""
    def qr(x, a, b, c, d):
        x[a] = (x[a] + x[b]) & 0xFFFFFFFF; x[d] ^= x[a]; x[d] = ((x[d] << 16) | (x[d] >> 16)) & 0xFFFFFFFF
        x[c] = (x[c] + x[d]) & 0xFFFFFFFF; x[b] ^= x[c]; x[b] = ((x[b] << 12) | (x[b] >> 20)) & 0xFFFFFFFF
        x[a] = (x[a] + x[b]) & 0xFFFFFFFF; x[d] ^= x[a]; x[d] = ((x[d] << 8) | (x[d] >> 24)) & 0xFFFFFFFF
        x[c] = (x[c] + x[d]) & 0xFFFFFFFF; x[b] ^= x[c]; x[b] = ((x[b] << 7) | (x[b] >> 25)) & 0xFFFFFFFF
    words = lambda b: [int.from_bytes(b[i:i + 4], "little") for i in range(0, len(b), 4)]
    state = words(b"expand 32-byte k") + words(key) + [counter] + words(nonce)
    x = list(state)
    for _ in range(10):
        qr(x, 0, 4, 8, 12); qr(x, 1, 5, 9, 13); qr(x, 2, 6, 10, 14); qr(x, 3, 7, 11, 15)
        qr(x, 0, 5, 10, 15); qr(x, 1, 6, 11, 12); qr(x, 2, 7, 8, 13); qr(x, 3, 4, 9, 14)
    return b"".join(((a + b) & 0xFFFFFFFF).to_bytes(4, "little") for a, b in zip(x, state))


def _poly1305(key, msg):
    """RFC 8439 2.5."""
    r = int.from_bytes(key[:16], "little") & 0x0FFFFFFC0FFFFFFC0FFFFFFC0FFFFFFF
    s = int.from_bytes(key[16:32], "little")
    p = (1 << 130) - 5
    acc = 0
    for i in range(0, len(msg), 16):
        acc = (acc + int.from_bytes(msg[i:i + 16] + b"\x01", "little")) * r % p
    return ((acc + s) & ((1 << 128) - 1)).to_bytes(16, "little")


def chacha20_poly1305_open(key, nonce, aad, ciphertext_and_tag):
    """RFC 8439 2.8: (plaintext, tag_ok)."""
    ct, tag = ciphertext_and_tag[:-16], ciphertext_and_tag[-16:]
    otk = _chacha20_block(key, 0, nonce)[:32]
    pt = bytearray()
    for i in range(0, len(ct), 64):
        pt += xor_bytes(ct[i:i + 64], _chacha20_block(key, 1 + i // 64, nonce))
    mac = _poly1305(otk, _pad16(aad) + _pad16(ct) + len(aad).to_bytes(8, "little") + len(ct).to_bytes(8, "little"))
    return bytes(pt), hmac.compare_digest(mac, tag)


def aead_open13(suite_id, key, nonce, aad, fragment):
    if suite_id == 0x1303:
        return chacha20_poly1305_open(key, nonce, aad, fragment)
    return aes_gcm_open(key, nonce, aad, fragment)


def parse_key_shares_ch(data):
    r = Reader(data, "ClientHello key_share")
    shares = Reader(r.vec(2), "client_shares")
    r.end()
    out = []
    while shares.left():
        out.append((shares.uint(2), shares.vec(2)))
    return out


def parse_certificates13(body):
    """RFC 8446 4.4.2: certificate_request_context<0..255>, CertificateEntry certificate_list<0..2^24-1>."""
    r = Reader(body, "Certificate")
    r.vec(1)
    entries = Reader(r.vec(3), "certificate_list")
    r.end()
    certs = []
    while entries.left():
        certs.append(entries.vec(3))
        entries.vec(2)  # extensions
    return certs


def pre_shared_key_binders(ch_data):
    """(length of the binders list with its 2-byte length, [binders]) from the ClientHello's
    pre_shared_key extension, which must be the last one (RFC 8446 4.2.11)."""
    hello = parse_client_hello(ch_data[4:])
    exts = hello.get("extensions") or []
    if not exts or exts[-1][0] != EXT_PRE_SHARED_KEY:
        return None, []
    r = Reader(exts[-1][1], "pre_shared_key")
    r.vec(2)  # identities
    raw = r.vec(2)
    r.end()
    binders = []
    br = Reader(raw, "binders")
    while br.left():
        binders.append(br.vec(1))
    return len(raw) + 2, binders


class Wire13:
    """The TLS 1.3 records and handshake messages of a trace, in the order they were sent."""

    def __init__(self, events, first=0, end=None):
        self.records = []
        self.by_event = {}
        self.messages = []
        self.problems = []
        self.buf = {"c2s": b"", "s2c": b""}
        self.buf_keys = {"c2s": None, "s2c": None}
        self.seq = {}
        for idx in range(first, len(events) if end is None else end):
            ev = events[idx]
            try:
                self.add_event(idx, ev)
            except CheckFailed as e:
                self.problems.append("event %d: %s" % (idx, e))
            except (ValueError, KeyError, IndexError, TypeError, AttributeError, OverflowError) as e:
                self.problems.append("event %d: malformed trace data (%s: %s)" % (idx, type(e).__name__, e))
        for d, b in self.buf.items():
            if b:
                self.problems.append("%d trailing bytes of an incomplete handshake message (%s)" % (len(b), d))

    def add_event(self, idx, ev):
        if ev.get("http"):
            # A plain HTTP message, not a TLS record: a browser's port 80 leg, or the client's
            # CRL fetch or OCSP query to the CA's or the responder's lane.
            return
        where = "event %d (%s)" % (idx, ev.get("name"))
        raw = unhex(ev.get("bytes"), where + " bytes")
        if len(raw) < 5:
            raise CheckFailed("record shorter than its header")
        if int.from_bytes(raw[3:5], "big") != len(raw) - 5:
            self.problems.append("%s: header length %d but %d fragment bytes" % (where, int.from_bytes(raw[3:5], "big"), len(raw) - 5))
        direction = direction_of(ev)
        if direction is None:
            raise CheckFailed("cannot tell the direction")
        r = Record(idx, ev)
        r.direction, r.ctype, r.version, r.fragment = direction, raw[0], raw[1:3], raw[5:]
        r.header = raw[:5]
        r.attacker = attacker_copy(ev)
        protection = protection_of(ev)
        r.keys = None
        r.inner = b""
        r.inner_type = r.ctype
        self.by_event[idx] = r
        if r.attacker:
            return  # an altered copy in flight: not part of the sender's stream
        self.records.append(r)
        if protection == "none":
            if ev.get("plaintext"):
                self.problems.append(where + ": unprotected record with a plaintext")
            if r.ctype == CT_APPLICATION_DATA:
                self.problems.append(where + ": application_data record without protection")
            if r.ctype == CT_CHANGE_CIPHER_SPEC and r.fragment != b"\x01":
                self.problems.append(where + ": compatibility ChangeCipherSpec is not the single byte 01 (RFC 8446 5)")
            r.content = r.fragment
        else:
            r.protected = True
            r.keys = protection.split(" keys")[0]
            if not r.keys.startswith(side_of(direction) + "_"):
                r.problems.append("protection %r but the record travels %s" % (protection, direction))
            key = (direction, r.keys)
            r.seq = self.seq.get(key, 0)
            self.seq[key] = r.seq + 1
            if r.ctype != CT_APPLICATION_DATA or r.version != b"\x03\x03":
                r.problems.append("protected record header %s, expected opaque_type 23 and legacy_record_version 0303 (RFC 8446 5.2)"
                                  % r.header[:3].hex())
            r.inner = unhex(ev.get("plaintext") or "", where + " plaintext")
            if len(r.inner) + AEAD_TAG_LEN != len(r.fragment):
                r.problems.append("TLSInnerPlaintext of %d bytes but the record carries %d bytes (expected plaintext + 16-byte tag)"
                                  % (len(r.inner), len(r.fragment)))
            end = len(r.inner)
            while end and r.inner[end - 1] == 0:
                end -= 1
            if end == 0:
                r.problems.append("TLSInnerPlaintext has no non-zero content type (RFC 8446 5.4)")
                r.usable = False
                return
            r.inner_type = r.inner[end - 1]
            r.content = r.inner[:end - 1]
        if r.inner_type == CT_HANDSHAKE:
            if self.buf[direction] and self.buf_keys[direction] != r.keys:
                self.problems.append(where + ": a handshake message spans a key change (RFC 8446 5.1)")
            self.buf_keys[direction] = r.keys
            buf = self.buf[direction] + r.content
            while len(buf) >= 4:
                mlen = int.from_bytes(buf[1:4], "big")
                if len(buf) < 4 + mlen:
                    break
                self.messages.append({"type": buf[0], "data": buf[:4 + mlen], "body": buf[4:4 + mlen],
                                      "direction": direction, "event": idx, "keys": r.keys})
                buf = buf[4 + mlen:]
            self.buf[direction] = buf


def split_connections13(events):
    """[(first, end)] event ranges of the connections in a trace: a client's unprotected
    ClientHello after a ServerHello that was not a HelloRetryRequest starts a new connection
    (a resumption scenario records the first connection and the resumed one). A change of the
    recorded connection number starts one too: an attacker's connection of its own to the server
    opens with a ClientHello that is the attacker's."""
    segments, first, seen_sh = [], 0, False
    for idx, ev in enumerate(events):
        if idx > first and ev.get("connection", 1) != events[idx - 1].get("connection", 1):
            segments.append((first, idx))
            first, seen_sh = idx, False
            continue
        try:
            raw = bytes.fromhex(ev.get("bytes") or "")
        except (ValueError, TypeError):
            continue
        if attacker_copy(ev) or protection_of(ev) != "none" or len(raw) < 43 or raw[0] != CT_HANDSHAKE:
            continue
        if raw[5] == HS_CLIENT_HELLO and direction_of(ev) == "c2s" and seen_sh:
            segments.append((first, idx))
            first, seen_sh = idx, False
        elif raw[5] == HS_SERVER_HELLO and raw[11:43] != HRR_RANDOM:
            seen_sh = True
    segments.append((first, len(events)))
    return segments


def is_hrr(msg):
    return msg["type"] == HS_SERVER_HELLO and msg["body"][2:34] == HRR_RANDOM


class Verifier13(Verifier):
    """Judges a TLS 1.3 trace (see the comment at the top of this section)."""

    def verify(self):
        t = self.trace
        negotiated = t.get("negotiated") or {}
        self.version = TLS13
        self.missing = []
        suite_name = negotiated.get("cipher_suite")
        ids = [k for k, v in TLS13_SUITES.items() if v[0] == suite_name]
        if not ids:
            self.report("cipher suite", ["%r is not a TLS 1.3 cipher suite (RFC 8446 B.4)" % (suite_name,)])
            self.missing.append("nothing was checked")
            return self.finish13()
        self.negotiated_suite = ids[0]
        events = t["events"]
        segments = split_connections13(events)
        self.multi = len(segments) > 1
        self.prior_tickets = []  # (actor, ticket, PSK) from the NewSessionTickets of earlier connections
        self.keylog_values = {}  # client_random -> {(name, secret hex)} of every connection
        self.sealed_wire = {}  # header + fragment of every record whose sealing was checked -> its event
        for n, (first, end) in enumerate(segments):
            self.conn_no = n + 1
            self.verify_connection(events, first, end, negotiated if n == len(segments) - 1 else None)
        if t.get("keylog"):
            self.run_check("keylog (TLS 1.3 secret lines)", self.check_keylog13, t.get("keylog"))
        return self.finish13()

    def sfx(self, label):
        """Names the connection in a label when the trace holds more than one (resumption)."""
        if not self.multi:
            return label
        if label.endswith(")"):
            return label[:-1] + ", connection %d)" % self.conn_no
        return label + " (connection %d)" % self.conn_no

    def verify_connection(self, events, first, end, negotiated):
        """One TLS 1.3 connection: the events first..end-1."""
        self.wire = w = Wire13(events, first, end)
        try:
            self.build_transcript()
        except (CheckFailed, ValueError, KeyError, IndexError, TypeError) as e:
            self.report(self.sfx("handshake transcript"), ["cannot read the handshake messages (%s)" % e])
            self.missing.append(self.sfx("no transcript"))
            return
        self.suite_id = self.negotiated_suite
        if self.sh is not None and self.sh["suite"] in TLS13_SUITES:
            self.suite_id = self.sh["suite"]
        _, self.hash_name, self.key_len = TLS13_SUITES[self.suite_id]
        self.hash_fn = HASHES[self.hash_name]
        self.hash_len = self.hash_fn().digest_size
        self.report(self.sfx("wire records (%d events, %d handshake messages)" % (end - first, len(w.messages))),
                    w.problems)
        self.latest = {}      # (actor, name) -> output of its latest checked derivation
        self.derived_from = {}  # (actor, source name) -> output of Derive-Secret(source, "derived", "")
        self.outputs = {}     # (actor, name) -> [outputs]
        self.checked = {}     # name -> count of checks run
        self.sealed = set()   # event indices whose sealing derivation was checked
        self.run_check(self.sfx("hellos and negotiated parameters"), self.check_hellos13, negotiated or {})

        derivs = self.derivs13 = []
        for idx in range(first, end):
            for d in event_derivations(events[idx]):
                if isinstance(d, dict):
                    derivs.append((idx, d))
        counts = {}
        self.anywhere = {}  # (actor, name) -> [(event, output)] wherever the trace shows them
        self.order_problems = []
        for idx, d in derivs:
            counts[(d.get("name"), d.get("actor"))] = counts.get((d.get("name"), d.get("actor")), 0) + 1
            try:
                self.anywhere.setdefault((d.get("actor"), d.get("name")), []).append((idx, unhex(d.get("output"), "output")))
            except CheckFailed:
                pass
        seen = set()
        for idx, d in derivs:
            name, actor = d.get("name") or "", d.get("actor")
            self.current = (idx, "%s (%s)" % (name, actor))
            label = "%s (%s)" % (name, actor)
            if counts[(d.get("name"), actor)] > 1 or label in seen:
                label = "%s (%s, event %d)" % (name, actor, idx)
            seen.add(label)
            label = self.sfx(label)
            fn = self.classify(d)
            if fn is None:
                print("WARN %s: not a derivation this verifier knows; not checked" % label)
                continue
            self.run_check(label, fn, d, idx)
            self.checked[name] = self.checked.get(name, 0) + 1
            # Later derivations are judged against this one's output, whatever its own verdict.
            try:
                out = unhex(d.get("output"), "output")
            except CheckFailed:
                out = None
            if out is not None and not name.startswith("record_"):
                self.latest[(actor, name)] = out
                self.outputs.setdefault((actor, name), []).append(out)

        self.report(self.sfx("derivations in computation order (each input computed at or before the event that uses it)"),
                    self.order_problems)
        self.run_check(self.sfx("key epochs (each message under the keys RFC 8446 prescribes)"), self.check_epochs)
        for who, direction in (("server", "s2c"), ("client", "c2s")):
            pos = self.find13(HS_CERTIFICATE_VERIFY, direction)
            if pos is not None:
                if self.cv_valid(pos) is None:
                    print("WARN %s CertificateVerify: not an RSA-PSS signature with an RSA key; not checked" % who)
                else:
                    self.run_check(self.sfx("%s CertificateVerify signature on the wire" % who), self.check_cv_wire, pos)
        for r in w.records:
            if r.protected:
                self.run_check(self.sfx("record %d %s (%s seq %d)" % (r.idx, r.name, r.keys, r.seq)), self.check_record13, r)
        for name in ("early_secret", "handshake_secret", "master_secret", "client_handshake_traffic_secret",
                     "server_handshake_traffic_secret", "client_application_traffic_secret_0",
                     "server_application_traffic_secret_0", "exporter_master_secret", "resumption_master_secret",
                     "client_early_traffic_secret", "ecdhe_shared_secret", "dhe_shared_secret", "binder_key",
                     "psk_binder"):
            # An attacker's connection of its own has no client of ours to agree with.
            if (self.outputs.get(("client", name)) or self.outputs.get(("server", name))) and \
                    any(events[i].get("from") == "client" for i in range(first, end)):
                self.run_check(self.sfx("agreement %s (client = server)" % name), self.check_agreement13, name)
        self.coverage13()
        # What later connections and the key log are judged against.
        if self.ch1 is not None:
            cr = parse_client_hello(self.ch1["body"])["random"].hex()
            values = self.keylog_values.setdefault(cr, set())
            for (actor, name), outs in self.outputs.items():
                values.update((name, o.hex()) for o in outs)
        for m in self.post:
            if m["type"] != HS_NEW_SESSION_TICKET or m["direction"] != "s2c":
                continue
            r = Reader(m["body"], "NewSessionTicket")
            r.take(8)
            r.vec(1)
            ticket = r.vec(2)
            for idx, d in derivs:
                if idx == m["event"] and self.TICKET_PSK.match(d.get("name") or ""):
                    self.prior_tickets.append((d.get("actor"), ticket, unhex(d.get("output"), "output")))

    # Which keys protect each handshake message (RFC 8446 2, 4.5, 4.6, 7.1): None = unprotected.
    EPOCH13 = {
        (HS_CLIENT_HELLO, "c2s"): None, (HS_SERVER_HELLO, "s2c"): None,
        (HS_ENCRYPTED_EXTENSIONS, "s2c"): "server_handshake_traffic", (HS_CERTIFICATE_REQUEST, "s2c"): "server_handshake_traffic",
        (HS_CERTIFICATE, "s2c"): "server_handshake_traffic", (HS_CERTIFICATE_VERIFY, "s2c"): "server_handshake_traffic",
        (HS_FINISHED, "s2c"): "server_handshake_traffic", (HS_END_OF_EARLY_DATA, "c2s"): "client_early_traffic",
        (HS_CERTIFICATE, "c2s"): "client_handshake_traffic", (HS_CERTIFICATE_VERIFY, "c2s"): "client_handshake_traffic",
        (HS_FINISHED, "c2s"): "client_handshake_traffic",
    }

    def check_epochs(self, problems):
        w = self.wire
        for m in self.transcript:
            if m["type"] == HS_MESSAGE_HASH:
                continue
            key = (m["type"], m["direction"])
            if key not in self.EPOCH13:
                problems.append("event %d: handshake message %d sent %s is not part of a TLS 1.3 handshake"
                                % (m["event"], m["type"], m["direction"]))
            elif m["keys"] != self.EPOCH13[key]:
                problems.append("event %d: handshake message %d under %s keys, RFC 8446 uses %s"
                                % (m["event"], m["type"], m["keys"] or "no", self.EPOCH13[key] or "none"))
        # Post-handshake messages and application data: application traffic keys of their
        # generation; a KeyUpdate moves its sender to the next generation (RFC 8446 4.6.3, 7.2).
        generation = {"c2s": 0, "s2c": 0}
        requested = {"c2s": False, "s2c": False}
        for r in w.records:
            if not r.protected or not r.usable:
                continue
            d = r.direction
            if r.keys.startswith(side_of(d) + "_application_traffic_"):
                want = "%s_application_traffic_%d" % (side_of(d), generation[d])
                if r.keys != want:
                    problems.append("event %d: %s keys, expected %s" % (r.idx, r.keys, want))
            elif r.inner_type == CT_APPLICATION_DATA and not r.keys.startswith(side_of(d) + "_early_traffic"):
                problems.append("event %d: application data under %s keys" % (r.idx, r.keys))
            for m in w.messages:
                if m["event"] != r.idx:
                    continue
                if m["type"] == HS_KEY_UPDATE:
                    if m["body"] not in (b"\x00", b"\x01"):
                        problems.append("event %d: KeyUpdate body %s (RFC 8446 4.6.3)" % (r.idx, m["body"].hex()))
                    if not r.keys.startswith(side_of(d) + "_application_traffic_"):
                        problems.append("event %d: KeyUpdate under %s keys" % (r.idx, r.keys))
                    generation[d] += 1
                    requested[d] = False  # this update answers the peer's request, if any
                    if m["body"] == b"\x01":
                        requested["s2c" if d == "c2s" else "c2s"] = True
                elif m["type"] == HS_NEW_SESSION_TICKET and not r.keys.startswith("server_application_traffic_"):
                    problems.append("event %d: NewSessionTicket under %s keys" % (r.idx, r.keys))
        for d, open_request in requested.items():
            if open_request and any(r.direction == d and r.protected for r in w.records):
                problems.append("%s was asked to update its keys (update_requested) but sent no KeyUpdate" % side_of(d))

    def coverage13(self):
        w = self.wire
        sf = self.find13(HS_FINISHED, "s2c") is not None
        cf = self.find13(HS_FINISHED, "c2s") is not None
        need = []
        if self.sh_pos is not None:
            need += ["early_secret", "handshake_secret", "client_handshake_traffic_secret", "server_handshake_traffic_secret"]
            if ext_data(self.sh, EXT_KEY_SHARE) is not None and not (
                    self.checked.get("ecdhe_shared_secret") or self.checked.get("dhe_shared_secret")):
                self.missing.append(self.sfx("no (EC)DHE shared secret derivation was checked"))
            if ext_data(self.sh, EXT_PRE_SHARED_KEY) is not None:
                need += ["binder_key", "psk_binder"]
        if sf:
            need += ["master_secret", "client_application_traffic_secret_0", "server_application_traffic_secret_0",
                     "server_verify_data"]
        if cf:
            need += ["client_verify_data"]
        for name in need:
            if not self.checked.get(name):
                self.missing.append(self.sfx("no %s derivation was checked" % name))
        unsealed = [r.idx for r in w.records if r.protected and r.idx not in self.sealed and self.replayed_from(r) is None]
        if unsealed:
            self.missing.append(self.sfx("protected records without a checked sealing derivation: events %s"
                                         % ", ".join(str(i) for i in unsealed)))

    def finish13(self):
        if self.missing:
            self.report("coverage", self.missing)
        print("%d passed, %d failed" % (self.passed, self.failed))
        return 0 if self.failed == 0 and not self.missing else 1

    # ---------------------------------------------------------------- the transcript

    def build_transcript(self):
        """The handshake messages that form the transcript (RFC 8446 4.4.1): everything up to
        the client Finished, with ClientHello1 replaced by message_hash after a
        HelloRetryRequest; NewSessionTicket and KeyUpdate are post-handshake messages."""
        w = self.wire
        self.transcript = []
        self.ch1 = None
        self.hrr = None
        self.sh = self.ch = None
        self.sh_pos = None
        self.post = []
        done = False
        for m in w.messages:
            if done or m["type"] in (HS_NEW_SESSION_TICKET, HS_KEY_UPDATE):
                self.post.append(m)
                continue
            if m["type"] == HS_CLIENT_HELLO and self.ch1 is None:
                self.ch1 = m
            if m["type"] == HS_SERVER_HELLO and is_hrr(m):
                self.hrr = m
                before = b"".join(x["data"] for x in self.transcript)
                suite = parse_server_hello(m["body"])["suite"]
                hfn = HASHES[TLS13_SUITES.get(suite, TLS13_SUITES[self.negotiated_suite])[1]]
                digest = hfn(before).digest()
                synthetic = bytes([HS_MESSAGE_HASH, 0, 0, len(digest)]) + digest
                self.transcript = [{"type": HS_MESSAGE_HASH, "data": synthetic, "body": synthetic[4:],
                                    "direction": None, "event": m["event"], "keys": None}]
            self.transcript.append(m)
            if m["type"] == HS_CLIENT_HELLO:
                self.ch = m
            if m["type"] == HS_SERVER_HELLO and not is_hrr(m):
                self.sh = parse_server_hello(m["body"])
                self.sh_pos = len(self.transcript) - 1
            if m["type"] == HS_FINISHED and m["direction"] == "c2s":
                done = True
        self.prefixes = {}
        acc = b""
        self.prefixes[acc] = 0
        for i, m in enumerate(self.transcript):
            acc += m["data"]
            self.prefixes.setdefault(acc, i + 1)

    def find13(self, hs_type, direction):
        for i, m in enumerate(self.transcript):
            if m["type"] == hs_type and m["direction"] == direction:
                return i
        return None

    def through13(self, pos):
        return b"".join(m["data"] for m in self.transcript[:pos + 1])

    def names13(self, count):
        names = []
        for m in self.transcript[:count]:
            if m["type"] == HS_MESSAGE_HASH:
                names.append("message_hash")
            elif is_hrr(m):
                names.append("HelloRetryRequest")
            else:
                names.append("%s %d" % ("c2s" if m["direction"] == "c2s" else "s2c", m["type"]))
        return ", ".join(names) if names else "(no messages)"

    def check_messages(self, d, problems, end, what):
        """The messages input is the wire transcript: a prefix of it, and when `end` is given,
        exactly the messages up to that position (exclusive count)."""
        msgs = get_input(d, "messages")
        k = self.prefixes.get(msgs)
        if k is None:
            problems.append("messages input (%d bytes) is not the handshake transcript on the wire up to a message "
                            "boundary (%s)" % (len(msgs), short(msgs)))
        elif end is not None and k != end:
            problems.append("messages input covers the first %d transcript messages, but %s covers %d (%s)"
                            % (k, what, end, self.names13(end)))
        return msgs

    def end_of(self, endpoint):
        """Transcript message count for a named endpoint, or raise."""
        if endpoint == "empty":
            return 0
        if endpoint == "ClientHello":
            for i, m in enumerate(self.transcript):
                if m["type"] == HS_CLIENT_HELLO:
                    return i + 1
            raise CheckFailed("no ClientHello on the wire")
        if endpoint == "ServerHello":
            if self.sh_pos is None:
                raise CheckFailed("no ServerHello on the wire")
            return self.sh_pos + 1
        direction = "s2c" if endpoint.startswith("server") else "c2s"
        pos = self.find13(HS_FINISHED, direction)
        if pos is None:
            raise CheckFailed("no %s Finished on the wire" % side_of(direction))
        return pos if endpoint.endswith("before") else pos + 1

    # ---------------------------------------------------------------- helpers

    def check_hash13(self, d, problems):
        got = get_input(d, "hash")
        want = HASH_TEXT13[self.hash_name].encode()
        if got != want:
            problems.append("hash input %r but %s uses %s" % (got.decode("ascii", "replace"),
                                                              TLS13_SUITES[self.suite_id][0], want.decode()))

    def check_spec13(self, d, problems, allowed):
        spec = d.get("spec")
        if spec not in allowed:
            problems.append("spec %r, expected %s" % (spec, " or ".join(allowed)))

    def source_value(self, actor, name):
        """The actor's latest `name` output before the current derivation; failing that, one the
        trace shows only later (an ordering fault, reported by the order check)."""
        if (actor, name) in self.latest:
            return self.latest[(actor, name)]
        later = self.anywhere.get((actor, name))
        if later:
            idx, label = self.current
            problem = "%s at event %d uses %s's %s, which the trace shows only at event %d" % (label, idx, actor, name,
                                                                                               later[0][0])
            if problem not in self.order_problems:
                self.order_problems.append(problem)
            return later[0][1]
        return None

    def source(self, d, actor, input_name, source_name, problems):
        """The input must be the output of the actor's latest earlier `source_name` derivation."""
        value = get_input(d, input_name)
        want = self.source_value(actor, source_name)
        if want is None:
            problems.append("no %s derivation by %s for input %s" % (source_name, actor, input_name))
        elif value != want:
            problems.append(diff("input %s vs %s's %s output" % (input_name, actor, source_name), want, value))
        return value

    def derived_from_value(self, actor, src):
        """Derive-Secret(src, "derived", "") as the actor computed it (before, else later)."""
        if (actor, src) in self.derived_from:
            return self.derived_from[(actor, src)]
        secret = self.source_value(actor, src)
        for (a, name), outs in self.anywhere.items():
            if a != actor:
                continue
            for ev, out in outs:
                for _, d in self.derivs13:
                    if d.get("actor") == actor and d.get("name") == name and get_input(d, "label", False) == b"derived" \
                            and get_input(d, "secret", False) == secret:
                        idx, label = self.current
                        self.order_problems.append("%s at event %d uses %s's %s, which the trace shows only at event %d"
                                                   % (label, idx, actor, name, ev))
                        return unhex(d.get("output"), "output")
        return None

    def note_source(self, d, actor, input_name, problems):
        """Input named by its note: when the note names an earlier derivation, the values match."""
        for item in d.get("inputs") or []:
            if isinstance(item, dict) and item.get("name") == input_name:
                note = item.get("source") or item.get("note") or ""
                if (actor, note) in self.latest or (actor, note) in self.anywhere:
                    return self.source(d, actor, input_name, note, problems)
                problems.append("input %s comes from %r, which no earlier derivation by %s is named"
                                % (input_name, note, actor))
                return get_input(d, input_name)
        raise CheckFailed("missing input " + input_name)

    # ---------------------------------------------------------------- dispatch

    APP_SECRET = re.compile(r"^(client|server)_application_traffic_secret_(\d+)$")
    TICKET_PSK = re.compile(r"^ticket_psk_(\d+)$")
    KEY_IV = re.compile(r"^(.+)_(key|iv)$")
    # Derive-Secret: name -> (labels, the secret it comes from, how far the transcript goes)
    DERIVE_SECRET = {
        "client_early_traffic_secret": (("c e traffic",), "early_secret", "ClientHello"),
        "early_exporter_master_secret": (("e exp master",), "early_secret", "ClientHello"),
        "binder_key": (("res binder", "ext binder"), "early_secret", "empty"),
        "client_handshake_traffic_secret": (("c hs traffic",), "handshake_secret", "ServerHello"),
        "server_handshake_traffic_secret": (("s hs traffic",), "handshake_secret", "ServerHello"),
        "client_application_traffic_secret_0": (("c ap traffic",), "master_secret", "server Finished"),
        "server_application_traffic_secret_0": (("s ap traffic",), "master_secret", "server Finished"),
        "exporter_master_secret": (("exp master",), "master_secret", "server Finished"),
        "resumption_master_secret": (("res master",), "master_secret", "client Finished"),
    }

    def classify(self, d):
        name = d.get("name") or ""
        names = set(i.get("name") for i in d.get("inputs") or [] if isinstance(i, dict))
        if name.startswith("record_seal ") or name.startswith("record_open "):
            return self.check_record_derivation13
        if name in ("ecdhe_shared_secret", "dhe_shared_secret"):
            return self.check_shared_secret
        if name == "message_hash":
            return self.check_message_hash
        if re.match(r"^(client|server)_certificate_verify_(signature|check)$", name):
            return self.check_cv_derivation
        if name == "ticket_open":
            return self.check_ticket_open
        if {"salt", "IKM"} <= names:
            return self.check_extract
        if {"secret", "label", "messages"} <= names:
            return self.check_derive_secret
        if {"secret", "label", "context", "length"} <= names:
            return self.check_expand_label
        if {"base_key", "messages"} <= names:
            return self.check_finished13
        return None

    # ---------------------------------------------------------------- key schedule

    def check_extract(self, problems, d, idx):
        name, actor = d.get("name"), d.get("actor")
        self.check_hash13(d, problems)
        self.check_spec13(d, problems, ("RFC 8446 7.1",))
        salt, ikm = get_input(d, "salt"), get_input(d, "IKM")
        zeros = bytes(self.hash_len)
        if name == "early_secret":
            if salt != zeros:
                problems.append(diff("salt vs 0 (Hash.length zero bytes)", zeros, salt))
            if ikm != zeros and len(ikm) != self.hash_len:
                problems.append("IKM is neither 0 nor a %d-byte PSK" % self.hash_len)
            offered = self.offered_ticket()
            if ikm != zeros and offered is not None:
                psks = [psk for a, ticket, psk in self.prior_tickets if a == actor and ticket == offered]
                if psks and ikm not in psks:
                    problems.append(diff("IKM vs the PSK %s derived for this ticket in an earlier connection" % actor,
                                         psks[0], ikm))
                elif not psks and self.conn_no > 1:
                    problems.append("the ClientHello offers a ticket for which %s derived no PSK in an earlier connection"
                                    % actor)
            elif ikm != zeros:
                print("WARN %s: a PSK from outside this trace; its value is not checked" % self.current[1])
        elif name == "handshake_secret":
            want = self.derived_from_value(actor, "early_secret")
            if want is None:
                problems.append("no earlier Derive-Secret(early_secret, \"derived\", \"\") by %s" % actor)
            elif salt != want:
                problems.append(diff("salt vs Derive-Secret(early_secret, \"derived\", \"\")", want, salt))
            shared = None
            for kx in ("ecdhe_shared_secret", "dhe_shared_secret"):
                if (actor, kx) in self.latest or (actor, kx) in self.anywhere:
                    shared = self.source_value(actor, kx)
            if self.sh is not None and ext_data(self.sh, EXT_KEY_SHARE) is not None:
                if shared is None:
                    problems.append("the ServerHello has a key_share but %s recorded no (EC)DHE shared secret" % actor)
                elif ikm != shared:
                    problems.append(diff("IKM vs %s's (EC)DHE shared secret" % actor, shared, ikm))
            elif ikm != zeros:
                problems.append(diff("IKM vs 0 (psk_ke: no key_share in the ServerHello)", zeros, ikm))
        elif name == "master_secret":
            want = self.derived_from_value(actor, "handshake_secret")
            if want is None:
                problems.append("no earlier Derive-Secret(handshake_secret, \"derived\", \"\") by %s" % actor)
            elif salt != want:
                problems.append(diff("salt vs Derive-Secret(handshake_secret, \"derived\", \"\")", want, salt))
            if ikm != zeros:
                problems.append(diff("IKM vs 0 (Hash.length zero bytes)", zeros, ikm))
        else:
            problems.append("unexpected HKDF-Extract %r (RFC 8446 7.1 has early, handshake and master secrets)" % name)
        output = unhex(d.get("output"), "output")
        want = hkdf_extract(self.hash_fn, salt, ikm)
        if output != want:
            problems.append(diff("output vs HKDF-Extract(salt, IKM) = HMAC-%s(salt, IKM)" % self.hash_name, want, output))

    def check_derive_secret(self, problems, d, idx):
        name, actor = d.get("name"), d.get("actor")
        self.check_hash13(d, problems)
        self.check_spec13(d, problems, ("RFC 8446 7.1",))
        label = get_input(d, "label")
        msgs = get_input(d, "messages")
        if label == b"derived":
            secret = self.note_source(d, actor, "secret", problems)
            src = None
            for name_ in ("early_secret", "handshake_secret"):
                peek = self.latest.get((actor, name_), (self.anywhere.get((actor, name_)) or [(None, None)])[0][1])
                if peek == secret:
                    src = name_
                    self.source_value(actor, name_)  # notes an ordering fault if it comes only later
            if src is None:
                problems.append("\"derived\" from a secret that is neither %s's early_secret nor its handshake_secret" % actor)
            else:
                self.derived_from[(actor, src)] = unhex(d.get("output"), "output")
            if msgs:
                problems.append("\"derived\" over %d bytes of messages, RFC 8446 7.1 uses \"\"" % len(msgs))
        elif name in self.DERIVE_SECRET:
            labels, src, endpoint = self.DERIVE_SECRET[name]
            if label.decode("ascii", "replace") not in labels:
                problems.append("label %r, RFC 8446 7.1 derives %s with %s" % (label, name, " or ".join(map(repr, labels))))
            self.source(d, actor, "secret", src, problems)
            if endpoint == "ClientHello" and self.ch1 is not None and msgs == self.ch1["data"]:
                pass  # early secrets bind ClientHello1 (0-RTT is not offered after a HelloRetryRequest)
            else:
                self.check_messages(d, problems, self.end_of(endpoint), "RFC 8446 7.1 for %s" % name)
        else:
            self.note_source(d, actor, "secret", problems)
            self.check_messages(d, problems, None, "")
        th = self.hash_fn(msgs).digest()
        info = hkdf_label(label, th, self.hash_len)
        expect_step(d, "transcript_hash", th, "%s(messages)" % self.hash_name, problems)
        expect_step(d, "HkdfLabel", info, "HkdfLabel(Hash.length, \"tls13 \" + label, transcript_hash)", problems)
        output = unhex(d.get("output"), "output")
        want = hkdf_expand(self.hash_fn, get_input(d, "secret"), info, self.hash_len)
        if output != want:
            problems.append(diff("output vs HKDF-Expand-Label(secret, label, Transcript-Hash(messages), %d)"
                                 % self.hash_len, want, output))

    def check_expand_label(self, problems, d, idx):
        name, actor = d.get("name"), d.get("actor")
        self.check_hash13(d, problems)
        label, context = get_input(d, "label"), get_input(d, "context")
        length_raw = get_input(d, "length")
        if len(length_raw) != 2:
            raise CheckFailed("length input is not a uint16")
        length = int.from_bytes(length_raw, "big")
        app = self.APP_SECRET.match(name)
        ticket = self.TICKET_PSK.match(name)
        keyiv = self.KEY_IV.match(name)
        if app and int(app.group(2)) >= 1:
            self.check_spec13(d, problems, ("RFC 8446 7.2",))
            want_label, want_context, want_len = b"traffic upd", b"", self.hash_len
            self.source(d, actor, "secret", "%s_application_traffic_secret_%d" % (app.group(1), int(app.group(2)) - 1), problems)
        elif ticket:
            self.check_spec13(d, problems, ("RFC 8446 4.6.1",))
            want_label, want_len = b"resumption", self.hash_len
            self.source(d, actor, "secret", "resumption_master_secret", problems)
            nonces = []
            for m in self.post:
                if m["type"] == HS_NEW_SESSION_TICKET:
                    r = Reader(m["body"], "NewSessionTicket")
                    r.take(8)  # ticket_lifetime, ticket_age_add
                    nonces.append((m["event"], r.vec(1)))
            # The ticket's nonce: the NewSessionTicket in this event, else any on the wire.
            candidates = [n for e, n in nonces if e == idx] or [n for _, n in nonces]
            if not candidates:
                problems.append("no NewSessionTicket on the wire")
            want_context = context if context in candidates else (candidates or [b""])[0]
        elif keyiv:
            self.check_spec13(d, problems, ("RFC 8446 7.3",))
            state, which = keyiv.group(1), keyiv.group(2)
            m = re.match(r"^(.*)_traffic_(\d+)$", state)
            secret_name = "%s_traffic_secret_%s" % (m.group(1), m.group(2)) if m else state + "_secret"
            self.source(d, actor, "secret", secret_name, problems)
            want_label = which.encode()
            want_context = b""
            want_len = self.key_len if which == "key" else 12
        else:
            self.check_spec13(d, problems, ("RFC 8446 7.1", "RFC 8446 7.2", "RFC 8446 7.3", "RFC 8446 4.6.1"))
            self.note_source(d, actor, "secret", problems)
            want_label, want_context, want_len = label, context, length
        if label != want_label:
            problems.append("label %r, expected %r" % (label, want_label))
        if context != want_context:
            problems.append(diff("context vs %s" % ("the ticket_nonce of the NewSessionTicket on the wire" if ticket else "\"\""),
                                 want_context, context))
        if length != want_len:
            problems.append("length %d, expected %d" % (length, want_len))
        info = hkdf_label(label, context, length)
        expect_step(d, "HkdfLabel", info, "HkdfLabel(length, \"tls13 \" + label, context)", problems)
        output = unhex(d.get("output"), "output")
        want = hkdf_expand(self.hash_fn, get_input(d, "secret"), info, length)
        if output != want:
            problems.append(diff("output vs HKDF-Expand-Label(secret, label, context, length)", want, output))

    def check_finished13(self, problems, d, idx):
        name, actor = d.get("name"), d.get("actor")
        self.check_hash13(d, problems)
        msgs = get_input(d, "messages")
        if name in ("server_verify_data", "client_verify_data"):
            self.check_spec13(d, problems, ("RFC 8446 4.4.4",))
            direction = "s2c" if name.startswith("server") else "c2s"
            self.source(d, actor, "base_key", "%s_handshake_traffic_secret" % side_of(direction), problems)
            self.check_messages(d, problems, self.end_of("%s Finished before" % side_of(direction)),
                                "RFC 8446 4.4.4 (everything before the %s Finished)" % side_of(direction))
            carried = self.transcript[self.find13(HS_FINISHED, direction)]["body"]
            what = "the verify_data in the %s Finished on the wire" % side_of(direction)
        elif name == "psk_binder":
            self.check_spec13(d, problems, ("RFC 8446 4.2.11.2",))
            self.source(d, actor, "base_key", "binder_key", problems)
            carried, what = None, None
            for i, m in enumerate(self.transcript):
                if m["type"] != HS_CLIENT_HELLO:
                    continue
                blen, binders = pre_shared_key_binders(m["data"])
                if blen is None:
                    continue
                truncated = self.through13(i)[:-blen]
                if msgs == truncated:
                    carried, what = binders[0] if binders else b"", "the first binder in the ClientHello on the wire"
            if carried is None:
                problems.append("messages input is not the transcript up to a ClientHello truncated before its binders")
        else:
            self.note_source(d, actor, "base_key", problems)
            self.check_messages(d, problems, None, "")
            carried = None
        fk = hkdf_expand_label(self.hash_fn, get_input(d, "base_key"), b"finished", b"", self.hash_len)
        th = self.hash_fn(msgs).digest()
        expect_step(d, "finished_key", fk, "HKDF-Expand-Label(base_key, \"finished\", \"\", Hash.length)", problems)
        expect_step(d, "transcript_hash", th, "%s(messages)" % self.hash_name, problems)
        want = hmac.new(fk, th, self.hash_fn).digest()
        output = unhex(d.get("output"), "output")
        if output != want:
            problems.append(diff("output vs HMAC(finished_key, Transcript-Hash(messages))", want, output))
        if carried is not None and carried != want:
            problems.append(diff(what, want, carried))

    def offered_ticket(self):
        """The first PSK identity of the ClientHello (the ticket offered), or None."""
        if self.ch is None:
            return None
        exts = parse_client_hello(self.ch["body"]).get("extensions") or []
        if not exts or exts[-1][0] != EXT_PRE_SHARED_KEY:
            return None
        r = Reader(exts[-1][1], "pre_shared_key")
        ids = Reader(r.vec(2), "identities")
        return ids.vec(2) if ids.left() else None

    def check_ticket_open(self, problems, d, idx):
        """The server reads the PSK back from the ticket the client offers; the ticket format is
        the server's own (RFC 8446 4.6.1), so the PSK is checked against the one the server
        derived when it issued that ticket."""
        offered = self.offered_ticket()
        if offered is None:
            raise CheckFailed("no pre_shared_key identity in the ClientHello")
        expect_input(d, "ticket", offered, "the first PSK identity in the ClientHello on the wire", problems)
        psks = [psk for a, ticket, psk in self.prior_tickets if a == "server" and ticket == offered]
        output = unhex(d.get("output"), "output")
        if not psks:
            problems.append("no earlier connection in the trace issued this ticket")
        elif output != psks[0]:
            problems.append(diff("output vs the PSK the server derived when it issued the ticket", psks[0], output))

    def check_message_hash(self, problems, d, idx):
        self.check_hash13(d, problems)
        msgs = get_input(d, "messages")
        if self.ch1 is None or self.hrr is None:
            problems.append("message_hash without a HelloRetryRequest on the wire")
        elif msgs != self.ch1["data"]:
            problems.append(diff("messages vs ClientHello1 on the wire", self.ch1["data"], msgs))
        digest = self.hash_fn(msgs).digest()
        expect_step(d, "transcript_hash", digest, "%s(ClientHello1)" % self.hash_name, problems)
        want = bytes([HS_MESSAGE_HASH, 0, 0, len(digest)]) + digest
        output = unhex(d.get("output"), "output")
        if output != want and output != digest:
            problems.append(diff("output vs message_hash (254 + 00 00 Hash.length + Hash(ClientHello1))", want, output))
        if self.transcript and self.transcript[0]["data"] != want:
            problems.append("the transcript does not start with this message_hash")

    # ---------------------------------------------------------------- (EC)DHE

    def wire_shares(self):
        """(group, client share, server share) from the last ClientHello and the ServerHello."""
        if self.ch is None or self.sh is None:
            raise CheckFailed("no ClientHello/ServerHello on the wire")
        sh_ks = ext_data(self.sh, EXT_KEY_SHARE)
        if sh_ks is None:
            raise CheckFailed("the ServerHello has no key_share")
        r = Reader(sh_ks, "ServerHello key_share")
        group, server_share = r.uint(2), r.vec(2)
        r.end()
        ch_ks = ext_data(parse_client_hello(self.ch["body"]), EXT_KEY_SHARE)
        if ch_ks is None:
            raise CheckFailed("the ClientHello has no key_share")
        client = [k for g, k in parse_key_shares_ch(ch_ks) if g == group]
        if len(client) != 1:
            raise CheckFailed("the ClientHello has %d key_share entries for group 0x%04x" % (len(client), group))
        return group, client[0], server_share

    def check_shared_secret(self, problems, d, idx):
        actor = d.get("actor")
        peer = "server" if actor == "client" else "client"
        group, cshare, sshare = self.wire_shares()
        gname = GROUPS13.get(group)
        if gname is None:
            raise CheckFailed("unsupported group 0x%04x" % group)
        claimed = get_input(d, "group", required=False)
        if claimed is not None and claimed != gname.encode():
            problems.append("group input %r but the ServerHello key_share is %s" % (claimed, gname))
        wire = {"client": cshare, "server": sshare}
        priv = get_input(d, actor + "_private_key")
        own_pub = expect_input(d, actor + "_public_key", wire[actor], "the %s key_share on the wire"
                               % ("ClientHello" if actor == "client" else "ServerHello"), problems)
        peer_pub = expect_input(d, peer + "_public_key", wire[peer], "the %s key_share on the wire"
                                % ("ClientHello" if peer == "client" else "ServerHello"), problems)
        output = unhex(d.get("output"), "output")
        if gname == "ffdhe2048":
            if d.get("name") != "dhe_shared_secret":
                problems.append("ffdhe2048 but the derivation is named %s" % d.get("name"))
            self.check_spec13(d, problems, ("RFC 8446 7.4.1",))
            p, g = FFDHE2048_P, FFDHE2048_G
            expect_input(d, "dh_p", p.to_bytes(256, "big"), "the ffdhe2048 prime of RFC 7919 A.1", problems)
            got_g = get_input(d, "dh_g")
            if int.from_bytes(got_g, "big") != g:
                problems.append("dh_g is %s, ffdhe2048 uses 2" % got_g.hex())
            x = int.from_bytes(priv, "big")
            if pow(g, x, p).to_bytes(256, "big") != own_pub:
                problems.append("%s_public_key is not g^x mod p left-padded to 256 bytes (RFC 8446 4.2.8.1)" % actor)
            y = int.from_bytes(peer_pub, "big")
            if len(peer_pub) != 256 or not 1 < y < p - 1:
                problems.append("peer public value is not a 256-byte integer in (1, p-1)")
            want = pow(y, x, p).to_bytes(256, "big")
            what = "Z = Y^x mod p left-padded to the size of p (RFC 8446 7.4.1)"
        else:
            if d.get("name") != "ecdhe_shared_secret":
                problems.append("%s but the derivation is named %s" % (gname, d.get("name")))
            self.check_spec13(d, problems, ("RFC 8446 7.4.2",))
            if gname == "x25519":
                if x25519(priv, (9).to_bytes(32, "little")) != own_pub:
                    problems.append("%s_public_key is not X25519(private key, 9)" % actor)
                want = x25519(priv, peer_pub)
                what = "X25519(private key, peer public key) (RFC 7748 6.1)"
            else:
                k = int.from_bytes(priv, "big")
                if p256_encode(p256_mul(k, P256_G)) != own_pub:
                    problems.append("%s_public_key is not private key x G" % actor)
                want = p256_mul(k, p256_decode(peer_pub))[0].to_bytes(32, "big")
                what = "x coordinate of private key x peer point (RFC 8446 7.4.2)"
        if output != want:
            problems.append(diff("output vs " + what, want, output))

    # ---------------------------------------------------------------- hellos, CertificateVerify

    def check_hellos13(self, problems, negotiated):
        if self.ch is None:
            raise CheckFailed("no ClientHello on the wire")
        if self.sh is None:
            raise CheckFailed("no ServerHello on the wire")
        ch = parse_client_hello(self.ch["body"])
        sh = self.sh
        if ch["version"] != TLS12 or sh["version"] != TLS12:
            problems.append("legacy_version must be 0x0303 in both hellos (RFC 8446 4.1.2, 4.1.3)")
        sv = ext_data(ch, EXT_SUPPORTED_VERSIONS)
        if sv is None or TLS13.to_bytes(2, "big") not in [sv[1 + i:3 + i] for i in range(0, len(sv) - 1, 2)]:
            problems.append("the ClientHello's supported_versions does not offer TLS 1.3")
        if ext_data(sh, EXT_SUPPORTED_VERSIONS) != TLS13.to_bytes(2, "big"):
            problems.append("the ServerHello's supported_versions does not select 0x0304 (RFC 8446 4.2.1)")
        if sh["suite"] not in ch["suites"]:
            problems.append("ServerHello selected 0x%04x which the ClientHello did not offer" % sh["suite"])
        if negotiated and sh["suite"] != self.negotiated_suite:
            problems.append("ServerHello selected 0x%04x but negotiated says %s"
                            % (sh["suite"], TLS13_SUITES[self.negotiated_suite][0]))
        if sh["session_id"] != ch["session_id"]:
            problems.append("legacy_session_id_echo differs from the ClientHello's legacy_session_id (RFC 8446 4.1.3)")
        if sh["compression"] != 0 or ch["compressions"] != [0]:
            problems.append("compression methods other than null in TLS 1.3 (RFC 8446 4.1.2)")
        if self.hrr is not None:
            hrr = parse_server_hello(self.hrr["body"])
            if hrr["suite"] != sh["suite"]:
                problems.append("the HelloRetryRequest and the ServerHello select different suites (RFC 8446 4.1.4)")
        ks = ext_data(sh, EXT_KEY_SHARE)
        group = GROUPS13.get(int.from_bytes(ks[:2], "big")) if ks else None
        if negotiated and (negotiated.get("group") is not None or group is not None):
            if negotiated.get("group") != group:
                problems.append("negotiated group %r but the ServerHello key_share says %r" % (negotiated.get("group"), group))
        if negotiated.get("client_authenticated") is not None:
            has_cv = self.find13(HS_CERTIFICATE_VERIFY, "c2s") is not None
            if bool(negotiated.get("client_authenticated")) != has_cv:
                problems.append("negotiated client_authenticated=%r but a client CertificateVerify %s on the wire"
                                % (negotiated.get("client_authenticated"), "is" if has_cv else "is not"))

    def check_cv_derivation(self, problems, d, idx):
        """<side>_certificate_verify_signature (the signer: output = the signature on the wire)
        and <side>_certificate_verify_check (the peer: output 01 valid / 00 invalid)."""
        name = d.get("name")
        side = name.split("_", 1)[0]
        direction = "c2s" if side == "client" else "s2c"
        self.check_hash13(d, problems)
        self.check_spec13(d, problems, ("RFC 8446 4.4.3",))
        pos = self.find13(HS_CERTIFICATE_VERIFY, direction)
        if pos is None:
            raise CheckFailed("no %s CertificateVerify on the wire" % side)
        msgs = self.check_messages(d, problems, pos, "RFC 8446 4.4.3 (the messages before the CertificateVerify)")
        th = self.hash_fn(msgs).digest()
        expect_step(d, "transcript_hash", th, "%s(messages)" % self.hash_name, problems)
        expect_step(d, "signed_content", b"\x20" * 64 + CV_CONTEXT[direction] + b"\x00" + th,
                    "64 spaces + context string + 00 + transcript_hash", problems, required=True)
        r = Reader(self.transcript[pos]["body"], "CertificateVerify")
        r.uint(2)
        wire_sig = r.vec(2)
        output = unhex(d.get("output"), "output")
        if name.endswith("_signature"):
            if output != wire_sig:
                problems.append(diff("output vs the signature in the CertificateVerify on the wire", wire_sig, output))
        else:
            expect_input(d, "signature", wire_sig, "the signature in the CertificateVerify on the wire", problems)
            valid = self.cv_valid(pos)
            if valid is not None and output != (b"\x01" if valid else b"\x00"):
                problems.append(diff("verification result (the verifier's own RSA-PSS check)",
                                     b"\x01" if valid else b"\x00", output))

    def cv_valid(self, pos):
        """True/False: the CertificateVerify at transcript position pos verifies (RSA-PSS with the
        key of the sender's certificate); None when not checkable here (non-RSA)."""
        problems = []
        self.check_cv_wire(problems, pos)
        return None if problems == ["not checkable"] else not problems

    def check_cv_wire(self, problems, pos):
        cv = self.transcript[pos]
        direction = cv["direction"]
        cert_pos = None
        for i in range(pos):
            if self.transcript[i]["type"] == HS_CERTIFICATE and self.transcript[i]["direction"] == direction:
                cert_pos = i
        if cert_pos is None:
            raise CheckFailed("CertificateVerify without a Certificate before it")
        certs = parse_certificates13(self.transcript[cert_pos]["body"])
        if not certs:
            raise CheckFailed("empty Certificate")
        spki = cert_spki(certs[0])
        key = spki_rsa_key(spki)
        r = Reader(cv["body"], "CertificateVerify")
        scheme, sig = r.uint(2), r.vec(2)
        r.end()
        content = b"\x20" * 64 + CV_CONTEXT[direction] + b"\x00" + self.hash_fn(self.through13(pos - 1)).digest()
        other = spki_other_key(spki) if key is None else None
        if other is not None:
            # ecdsa_secp256r1_sha256 (0x0403) and ed25519 (0x0807), RFC 8446 4.2.3.
            want = {"ecdsa": 0x0403, "ed25519": 0x0807}[other[0]]
            if scheme != want:
                problems.append("scheme 0x%04x does not fit the certificate's %s key" % (scheme, other[0]))
            elif other[0] == "ecdsa" and not ecdsa_p256_verify(other[1], sig, content):
                problems.append("the ECDSA P-256 signature does not verify over 64 spaces + context + 00 + Transcript-Hash")
            elif other[0] == "ed25519" and not ed25519_verify(other[1], sig, content):
                problems.append("the Ed25519 signature does not verify over 64 spaces + context + 00 + Transcript-Hash")
            return
        kind = RSA_SCHEMES.get(scheme)
        if key is None or kind is None:
            problems.append("not checkable")
            return
        if kind[0] != "pss":
            problems.append("RSA PKCS#1 v1.5 scheme 0x%04x in a TLS 1.3 CertificateVerify (RFC 8446 4.4.3)" % scheme)
            return
        if not rsa_verify_pss(key, sig, content, SIG_HASHES[kind[1]]):
            problems.append("the RSA-PSS signature does not verify over 64 spaces + context + 00 + Transcript-Hash "
                            "with the %s certificate's key" % side_of(direction))

    # ---------------------------------------------------------------- records

    def check_record_derivation13(self, problems, d, idx):
        words = (d.get("name") or "").split()
        if len(words) != 4 or words[2] != "seq" or not words[3].isdigit():
            raise CheckFailed("unexpected record derivation name")
        seal = words[0] == "record_seal"
        state = words[1]
        actor = d.get("actor")
        self.check_spec13(d, problems, ("RFC 8446 5.2",))
        r = self.wire.by_event.get(idx)
        if r is None or not r.protected and not r.attacker:
            raise CheckFailed("record derivation on an unprotected record")
        if r.attacker:
            src = self.wire.by_event.get(idx - 1)
            r_keys, r_seq = (src.keys, src.seq) if src is not None and src.protected else (state, int(words[3]))
        else:
            r_keys, r_seq = r.keys, r.seq
        if state != r_keys:
            problems.append("keys %s but the record is protected by %s" % (state, r_keys))
        if int(words[3]) != r_seq:
            problems.append("seq %s in the name but the record is number %d under its keys" % (words[3], r_seq))
        if seal and actor != side_of(r.direction):
            problems.append("%s seals a record that travels %s" % (actor, r.direction))
        seq_num = r_seq.to_bytes(8, "big")
        expect_input(d, "seq_num", seq_num, "the record's sequence number under its keys", problems)
        kname, ivname = ("write_key", "write_iv") if seal else ("read_key", "read_iv")
        key = self.source(d, actor, kname, state + "_key", problems)
        iv = self.source(d, actor, ivname, state + "_iv", problems)
        if len(key) != self.key_len or len(iv) != 12:
            problems.append("key of %d bytes / iv of %d bytes, %s needs %d / 12" % (len(key), len(iv),
                                                                                 TLS13_SUITES[self.suite_id][0], self.key_len))
        nonce = xor_bytes(iv, seq_num.rjust(len(iv), b"\x00"))
        expect_step(d, "nonce", nonce, "iv XOR the padded sequence number (RFC 8446 5.3)", problems, required=True)
        expect_step(d, "additional_data", r.header, "the record header on the wire (RFC 8446 5.2)", problems, required=True)
        if r.header[:3] != b"\x17\x03\x03" or int.from_bytes(r.header[3:5], "big") != len(r.fragment):
            problems.append("additional_data %s is not opaque_type 23 + 0303 + length" % r.header.hex())
        if seal:
            output = unhex(d.get("output"), "output")
            if output != r.fragment:
                problems.append(diff("output vs the encrypted_record on the wire", r.fragment, output))
            expect_step(d, "tag", r.fragment[-AEAD_TAG_LEN:], "the last 16 bytes of the record", problems)
            expect_step(d, "TLSInnerPlaintext", r.inner, "the event's plaintext", problems, required=True)
            expect_input(d, "content", r.content, "the content of the event's TLSInnerPlaintext", problems)
            if not r.attacker:
                self.sealed.add(idx)
                self.sealed_wire.setdefault(r.header + r.fragment, idx)
                # The sender's traffic key and IV as its own key derivations computed them.
                r.own = (self.source_value(actor, state + "_key"), self.source_value(actor, state + "_iv"))
        else:
            expect_input(d, "fragment", r.fragment, "the encrypted_record on the wire", problems)
            if not r.attacker:
                expect_step(d, "TLSInnerPlaintext", r.inner, "the event's plaintext", problems)
                output = unhex(d.get("output"), "output")
                if output != r.content:
                    problems.append(diff("output vs the content of the event's TLSInnerPlaintext", r.content, output))

    def replayed_from(self, r):
        """The earlier event whose sealed record an attacker's own connection sends again verbatim
        (a 0-RTT replay), or None."""
        if r.ev.get("from") != "attacker":
            return None
        src = self.sealed_wire.get(r.header + r.fragment)
        return src if src is not None and src < r.idx else None

    def check_record13(self, problems, r):
        """The record decrypts, with the verifier's own AEAD and the sender's traffic key and
        iv, nonce = iv XOR seq and additional_data = the header on the wire, to the event's
        TLSInnerPlaintext, and its tag verifies."""
        if r.idx not in self.sealed and self.replayed_from(r) is not None:
            # The same bytes were checked where they were sealed (its plaintext is the receiver's
            # view: empty when the receiver skipped it); its opening, if any, is checked here.
            return
        problems.extend(r.problems)
        if r.idx not in self.sealed:
            problems.append("no checked record_seal derivation for this record")
        elif not r.own or r.own[0] is None or r.own[1] is None:
            problems.append("the sender's %s key/iv derivations are missing" % r.keys)
        else:
            key, iv = r.own
            nonce = xor_bytes(iv, r.seq.to_bytes(len(iv), "big"))
            plaintext, tag_ok = aead_open13(self.suite_id, key, nonce, r.header, r.fragment)
            if not tag_ok:
                problems.append("the AEAD tag does not verify with the sender's %s key, nonce = iv XOR %d and the "
                                "record header as additional_data" % (r.keys, r.seq))
            if plaintext != r.inner:
                problems.append(diff("%s decryption of the wire fragment vs the event's plaintext"
                                     % TLS13_SUITES[self.suite_id][0].split("_", 1)[1].rsplit("_", 1)[0], plaintext, r.inner))
            self.records_checked += 1
        if r.inner_type not in (CT_HANDSHAKE, CT_APPLICATION_DATA, CT_ALERT):
            problems.append("inner content type %d (RFC 8446 5.1)" % r.inner_type)
        expected_layer = {CT_HANDSHAKE: "handshake", CT_APPLICATION_DATA: "application_data", CT_ALERT: "alert"}.get(r.inner_type)
        if r.ev.get("layer") not in (expected_layer, "application_data"):
            problems.append("layer %r but the inner content type is %d" % (r.ev.get("layer"), r.inner_type))

    # ---------------------------------------------------------------- agreement, keylog

    AGREEMENT_REQUIRED13 = ("handshake_secret", "master_secret", "client_handshake_traffic_secret",
                            "server_handshake_traffic_secret", "client_application_traffic_secret_0",
                            "server_application_traffic_secret_0")

    def check_agreement13(self, problems, name):
        c = set(v.hex() for v in self.outputs.get(("client", name), []))
        s = set(v.hex() for v in self.outputs.get(("server", name), []))
        if not c or not s:
            # A server that rejects 0-RTT never derives the early traffic secret, for example.
            if name in self.AGREEMENT_REQUIRED13:
                problems.append("only %s derived %s" % ("client" if c else "server", name))
        elif c != s:
            problems.append("client derived %s, server derived %s" % (", ".join(sorted(x[:48] for x in c)),
                                                                     ", ".join(sorted(x[:48] for x in s))))

    KEYLOG13 = {
        "CLIENT_EARLY_TRAFFIC_SECRET": "client_early_traffic_secret",
        "EARLY_EXPORTER_SECRET": "early_exporter_master_secret",
        "CLIENT_HANDSHAKE_TRAFFIC_SECRET": "client_handshake_traffic_secret",
        "SERVER_HANDSHAKE_TRAFFIC_SECRET": "server_handshake_traffic_secret",
        "EXPORTER_SECRET": "exporter_master_secret",
    }

    def check_keylog13(self, problems, keylog):
        if not isinstance(keylog, list):
            raise CheckFailed("keylog is not a list")
        seen = set()
        for line in keylog:
            parts = str(line).split()
            if len(parts) != 3:
                problems.append("malformed keylog line %r" % str(line)[:60])
                continue
            label, rnd, secret = parts
            m = re.match(r"^(CLIENT|SERVER)_TRAFFIC_SECRET_(\d+)$", label)
            name = ("%s_application_traffic_secret_%s" % (m.group(1).lower(), m.group(2))) if m else self.KEYLOG13.get(label)
            if name is None:
                problems.append("unknown TLS 1.3 keylog label %s" % label)
                continue
            seen.add((rnd, name))
            if rnd not in self.keylog_values:
                problems.append("%s: client_random %s... is the random of no ClientHello1 in the trace" % (label, rnd[:16]))
            elif (name, secret.lower()) not in self.keylog_values[rnd]:
                problems.append("%s: secret %s... is no %s derived in that connection" % (label, secret[:16], name))
        for rnd, values in self.keylog_values.items():
            for name in ("client_handshake_traffic_secret", "server_handshake_traffic_secret",
                         "client_application_traffic_secret_0", "server_application_traffic_secret_0"):
                if any(n == name for n, _ in values) and (rnd, name) not in seen:
                    problems.append("no keylog line for %s of the connection with client_random %s..." % (name, rnd[:16]))


def self_test():
    """Checks the TLS 1.3 primitives above against published vectors: RFC 8448 section 3
    ("Simple 1-RTT Handshake") and section 4 (the PSK binder), FIPS 197 appendix C (AES),
    the GCM specification's test cases 1 and 2 (McGrew and Viega), RFC 8439 2.3.2 (ChaCha20
    block) and 2.5.2 (Poly1305), RFC 7919 A.1 (the ffdhe2048 prime)."""
    results = []

    def check(label, got, want):
        want = bytes.fromhex("".join(want.split())) if isinstance(want, str) else want
        results.append(got == want)
        print(("ok %s" if got == want else "FAIL %s: " + diff("value", want, got)) % label)

    x = lambda s: bytes.fromhex("".join(s.split()))
    sha = hashlib.sha256
    zeros = bytes(32)
    # RFC 8448 section 3
    cpriv = x("49af42ba7f7994852d713ef2784bcbcaa7911de26adc5642cb634540e7ea5005")
    cpub = x("99381de560e4bd43d23d8e435a7dbafeb3c06e51c13cae4d5413691e529aaf2c")
    spriv = x("b1580eeadf6dd589b8ef4f2d5652578cc810e9980191ec8d058308cea216a21e")
    spub = x("c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f")
    ikm = "8bd4054fb55b9d63fdfbacf9f04b9f0d35e6d63f537563efd46272900f89492d"
    check("RFC 8448 3: client x25519 public key", x25519(cpriv, (9).to_bytes(32, "little")), cpub)
    check("RFC 8448 3: server x25519 public key", x25519(spriv, (9).to_bytes(32, "little")), spub)
    check("RFC 8448 3: x25519 shared secret (client)", x25519(cpriv, spub), ikm)
    check("RFC 8448 3: x25519 shared secret (server)", x25519(spriv, cpub), ikm)
    early = hkdf_extract(sha, zeros, zeros)
    check("RFC 8448 3: early secret", early, "33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a")
    check("RFC 8448 3: HkdfLabel for \"derived\"", hkdf_label(b"derived", sha(b"").digest(), 32),
          "00200d746c733133206465726976656420e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    derived = hkdf_expand_label(sha, early, b"derived", sha(b"").digest(), 32)
    check("RFC 8448 3: derived (early)", derived, "6f2615a108c702c5678f54fc9dbab69716c076189c48250cebeac3576c3611ba")
    hs = hkdf_extract(sha, derived, x(ikm))
    check("RFC 8448 3: handshake secret", hs, "1dc826e93606aa6fdc0aadc12f741b01046aa6b99f691ed221a9f0ca043fbeac")
    th_sh = x("860c06edc07858ee8e78f0e7428c58edd6b43f2ca3e6e95f02ed063cf0e1cad8")
    chs = hkdf_expand_label(sha, hs, b"c hs traffic", th_sh, 32)
    shs = hkdf_expand_label(sha, hs, b"s hs traffic", th_sh, 32)
    check("RFC 8448 3: client handshake traffic secret", chs, "b3eddb126e067f35a780b3abf45e2d8f3b1a950738f52e9600746a0e27a55a21")
    check("RFC 8448 3: server handshake traffic secret", shs, "b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38")
    check("RFC 8448 3: server handshake key", hkdf_expand_label(sha, shs, b"key", b"", 16), "3fce516009c21727d0f2e4e86ee403bc")
    check("RFC 8448 3: server handshake iv", hkdf_expand_label(sha, shs, b"iv", b"", 12), "5d313eb2671276ee13000b30")
    ms = hkdf_extract(sha, hkdf_expand_label(sha, hs, b"derived", sha(b"").digest(), 32), zeros)
    check("RFC 8448 3: master secret", ms, "18df06843d13a08bf2a449844c5f8a478001bc4d4c627984d5a41da8d0402919")
    th_sf = x("9608102a0f1ccc6db6250b7b7e417b1a000eaada3daae4777a7686c9ff83df13")
    cap = hkdf_expand_label(sha, ms, b"c ap traffic", th_sf, 32)
    check("RFC 8448 3: client application traffic secret", cap, "9e40646ce79a7f9dc05af8889bce6552875afa0b06df0087f792ebb7c17504a5")
    check("RFC 8448 3: client application key", hkdf_expand_label(sha, cap, b"key", b"", 16), "17422dda596ed5d9acd890e3c63f5051")
    check("RFC 8448 3: exporter master secret", hkdf_expand_label(sha, ms, b"exp master", th_sf, 32),
          "fe22f881176eda18eb8f44529e6792c50c9a3f89452f68d8ae311b4309d3cf50")
    fk = hkdf_expand_label(sha, chs, b"finished", b"", 32)
    check("RFC 8448 3: client finished_key", fk, "b80ad01015fb2f0bd65ff7d4da5d6bf83f84821d1f87fdc7d3c75b5a7b42d9c4")
    check("RFC 8448 3: client verify_data", hmac.new(fk, th_sf, sha).digest(),
          "a8ec436d677634ae525ac1fcebe11a039ec17694fac6e98527b642f2edd5ce61")
    rms = hkdf_expand_label(sha, ms, b"res master", x("209145a96ee8e2a122ff810047cc952684658d6049e86429426db87c54ad143d"), 32)
    check("RFC 8448 3: resumption master secret", rms, "7df235f2031d2a051287d02b0241b0bfdaf86cc856231f2d5aba46c434ec196c")
    psk = hkdf_expand_label(sha, rms, b"resumption", b"\x00\x00", 32)
    check("RFC 8448 3: ticket PSK (nonce 0000)", psk, "4ecd0eb6ec3b4d87f5d6028f922ca4c5851a277fd41311c9e62d2c9492e1c4f3")
    # RFC 8448 section 4: early secret from the PSK, binder key, binder over the truncated ClientHello's hash
    early2 = hkdf_extract(sha, zeros, psk)
    check("RFC 8448 4: early secret", early2, "9b2188e9b2fc6d64d71dc329900e20bb41915000f678aa839cbb797cb7d8332c")
    bk = hkdf_expand_label(sha, early2, b"res binder", sha(b"").digest(), 32)
    check("RFC 8448 4: binder key", bk, "69fe131a3bbad5d63c64eebcc30e395b9d8107726a13d074e389dbc8a4e47256")
    check("RFC 8448 4: binder", hmac.new(hkdf_expand_label(sha, bk, b"finished", b"", 32),
                                         x("63224b2e4573f2d3454ca84b9d009a04f6be9e05711a8396473aefa01e924a14"), sha).digest(),
          "3add4fb2d8fdf822a0ca3cf7678ef5e88dae990141c5924d57bb6fa31b9e5f9d")
    # RFC 8446 4.1.3 / RFC 7919 A.1
    check("RFC 8446 4.1.3: HelloRetryRequest random", HRR_RANDOM,
          "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c")
    p = FFDHE2048_P.to_bytes(256, "big")
    check("RFC 7919 A.1: ffdhe2048 prime (first and last 24 bytes)", p[:24] + p[-24:],
          "ffffffffffffffffadf85458a2bb4a9aafdc5620273d3cf1 c6f34a26c1b2effa886b423861285c97ffffffffffffffff")
    # FIPS 197 appendix C.1 and C.3
    pt = x("00112233445566778899aabbccddeeff")
    check("FIPS 197 C.1: AES-128", aes_encrypt_block(aes_key_schedule(bytes(range(16))), pt), "69c4e0d86a7b0430d8cdb78070b4c55a")
    check("FIPS 197 C.3: AES-256", aes_encrypt_block(aes_key_schedule(bytes(range(32))), pt), "8ea2b7ca516745bfeafc49904b496089")
    # GCM specification test cases 1 and 2 (key, IV all zero)
    out, ok = aes_gcm_open(bytes(16), bytes(12), b"", x("58e2fccefa7e3061367f1d57a4e7455a"))
    check("GCM test case 1: tag over nothing", bytes([ok]) + out, "01")
    out, ok = aes_gcm_open(bytes(16), bytes(12), b"", x("0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf"))
    check("GCM test case 2: decrypts to 16 zero bytes, tag verifies", bytes([ok]) + out, "01" + "00" * 16)
    out, ok = aes_gcm_open(bytes(16), bytes(12), b"", x("0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bdde"))
    check("GCM test case 2 with one tag bit flipped: rejected", bytes([ok]), "00")
    # RFC 8439 2.3.2 and 2.5.2
    check("RFC 8439 2.3.2: ChaCha20 block", _chacha20_block(bytes(range(32)), 1, x("000000090000004a00000000")),
          "10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
          "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e")
    check("RFC 8439 2.5.2: Poly1305", _poly1305(x("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b"),
                                                 b"Cryptographic Forum Research Group"), "a8061dc1305136c6c22b8baf0c0127a9")
    # RFC 8032 7.1, TEST 1 and TEST 2 (Ed25519), and a flipped message that must fail.
    pk1 = x("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
    sig1 = x("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
             "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")
    pk2 = x("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c")
    sig2 = x("92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
             "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00")
    check("RFC 8032 7.1 TEST 1: Ed25519 signature verifies", bytes([ed25519_verify(pk1, sig1, b"")]), b"\x01")
    check("RFC 8032 7.1 TEST 2: Ed25519 signature verifies", bytes([ed25519_verify(pk2, sig2, b"\x72")]), b"\x01")
    check("RFC 8032 7.1 TEST 2 with another message fails", bytes([ed25519_verify(pk2, sig2, b"\x73")]), b"\x00")
    print("%d passed, %d failed" % (results.count(True), results.count(False)))
    return 0 if all(results) else 1


def tree_node(tree, path):
    """The node a field path names: tree names from the record down, '/'-joined, "[k]" for the
    k-th child of a repeated name (docs/trace-format.md, Sources)."""
    parts = path.split("/")
    if not isinstance(tree, dict) or parts[0] != tree.get("name"):
        return None
    node = tree
    for part in parts[1:]:
        m = re.match(r"^(.*)\[(\d+)\]$", part)
        name, index = (m.group(1), int(m.group(2))) if m else (part, 0)
        same = [c for c in node.get("children") or [] if isinstance(c, dict) and c.get("name") == name]
        if index >= len(same):
            return None
        node = same[index]
    return node


def field_value(event, path, offset=None, length=None):
    node = tree_node(event.get("tree"), path)
    if node is None:
        raise CheckFailed("no field %s" % path)
    # wire: the record's bytes; plaintext: its decrypted buffer; reassembled: the handshake
    # message this record completed, whole (docs/trace-format.md, Field tree).
    space = node.get("space", "wire")
    buf = unhex(event.get({"wire": "bytes", "plaintext": "plaintext", "reassembled": "reassembled"}.get(space, "bytes")) or "",
                "event bytes")
    start, size = node.get("offset", 0), node.get("length", 0)
    whole = buf[start:start + size]
    if len(whole) != size:
        raise CheckFailed("field %s lies outside its event's bytes" % path)
    if offset is not None or length is not None:
        off = offset or 0
        n = length if length is not None else size - off
        if off + n > size:
            raise CheckFailed("slice [%d, +%d) outside field %s" % (off, n, path))
        return whole[off:off + n]
    kids = node.get("children") or []
    # A vector's node covers its length prefix: its value is the body.
    if kids and kids[0].get("name") == "length" and kids[0].get("offset") == start and kids[0].get("length", 0) < size:
        return whole[kids[0]["length"]:]
    return whole


def check_sources(trace):
    """Every derivation input says where it came from (format version 2), and that source holds
    its value: a derivation's output or part, bytes of a field on the wire, a concatenation of
    those, the derivation's own step, or a literal (equal to a text input's text)."""
    events = trace["events"]
    outputs = {}  # derivation id -> [(event index, derivation)]
    for idx, ev in enumerate(events):
        for d in event_derivations(ev):
            if isinstance(d, dict):
                outputs.setdefault(d.get("id"), []).append((idx, d))
    problems, count = [], [0]

    def value_of(src, deriv, at):
        if not isinstance(src, dict):
            raise CheckFailed("source is not an object")
        if "derivation" in src:
            found = outputs.get(src["derivation"])
            if not found:
                raise CheckFailed("names derivation %s, which is not in the trace" % src["derivation"])
            values = []
            for _, d in found:
                out = unhex(d.get("output"), "output")
                if "part" in src:
                    parts = [p for p in d.get("parts") or [] if p.get("name") == src["part"]]
                    if not parts:
                        continue
                    out = out[parts[0]["offset"]:parts[0]["offset"] + parts[0]["length"]]
                values.append(out)
            return values
        if "field" in src:
            if "event" not in src:
                raise CheckFailed("field %s of %s was never located on the wire" % (src["field"], src.get("message")))
            e = src["event"]
            if not isinstance(e, int) or not 0 <= e < len(events):
                raise CheckFailed("event %r out of range" % e)
            return [field_value(events[e], src["field"], src.get("offset"), src.get("length"))]
        if "concat" in src:
            acc = [b""]
            for part in src["concat"]:
                vals = value_of(part, deriv, at)
                acc = [a + v for a in acc for v in vals][:64]
            return acc
        if "step" in src:
            got = get_step(deriv, src["step"])
            if got is None:
                raise CheckFailed("names step %s, which the derivation does not have" % src["step"])
            return [got]
        return None  # literal, local

    for idx, ev in enumerate(events):
        for d in event_derivations(ev):
            if not isinstance(d, dict):
                continue
            for item in d.get("inputs") or []:
                count[0] += 1
                where = "event %d %s input %s" % (idx, d.get("id"), item.get("name"))
                src = item.get("from")
                try:
                    value = unhex(item.get("hex"), where)
                    if src is None:
                        raise CheckFailed("no source")
                    if "literal" in src and "text" in item and item["text"] != src["literal"]:
                        raise CheckFailed("text %r differs from its literal %r" % (item["text"], src["literal"]))
                    if "local" in src and not src["local"]:
                        raise CheckFailed("local value without a description")
                    if "text" in item and item["text"].encode() != value:
                        raise CheckFailed("text and hex disagree")
                    candidates = value_of(src, d, idx)
                    if candidates is not None and value not in candidates:
                        raise CheckFailed("value %s is not its source's (%s)" % (short(value), json.dumps(src)[:120]))
                except CheckFailed as e:
                    problems.append("%s: %s" % (where, e))
    if problems:
        print("FAIL input sources (%d inputs): %s" % (count[0], "; ".join(problems[:20])))
        return False
    print("ok input sources (%d inputs, each where it came from)" % count[0])
    return True


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
        description="Independently re-derive the SSL 3.0 / TLS 1.0-1.3 secrets recorded in a tlslab JSON trace "
                    "(tlslab run --json FILE) and check them against the bytes on the wire.")
    parser.add_argument("trace", nargs="?", help="trace file written by `tlslab run --json`, or - for stdin")
    parser.add_argument("--self-test", action="store_true",
                        help="check the TLS 1.3 primitives against RFC 8448, FIPS 197, GCM and RFC 8439 vectors")
    args = parser.parse_args(argv)
    if args.self_test:
        return self_test()
    if args.trace is None:
        parser.error("a trace file is required")
    try:
        trace = load_trace(args.trace)
    except TraceFormatError as e:
        print("verify_trace: error: %s" % e, file=sys.stderr)
        return 2
    sources_ok = check_sources(trace)
    if (trace.get("negotiated") or {}).get("version") in VERSIONS13:
        status = Verifier13(trace).verify()
    else:
        status = verify_connections12(trace)
    return status if sources_ok else 1


def verify_connections12(trace):
    """SSL 3.0-TLS 1.2: each TCP connection of a resumption trace is judged on its own (its
    records start again at epoch 0), the later ones resuming sessions the earlier ones made."""
    starts = trace.get("connections") or []
    if not any(c.get("kind") == "resumption" for c in starts if isinstance(c, dict)):
        return Verifier(trace).verify()
    numbers = []
    for ev in trace.get("events") or []:
        n = ev.get("connection", 1)
        if not ev.get("http") and n not in numbers:
            numbers.append(n)
    sessions = {"ids": {}, "tickets": {}}
    status = 0
    for n in numbers:
        print("== connection %d" % n)
        sub = dict(trace)
        sub["events"] = [ev for ev in trace["events"] if ev.get("connection", 1) == n and not ev.get("http")]
        if n != numbers[-1]:
            # The negotiated block describes the last connection; an earlier one shares only
            # its session's version, suite, compression and extended master secret (RFC 7627 5.3).
            neg = trace.get("negotiated") or {}
            sub["negotiated"] = {k: neg[k] for k in ("version", "cipher_suite", "cipher_suite_id", "extended_master_secret", "compression") if k in neg}
        status |= Verifier(sub, sessions).verify()
    return status


if __name__ == "__main__":
    sys.exit(main())
