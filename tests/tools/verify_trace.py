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

Everything is recomputed from the recorded derivation inputs and from the record bytes
as they appeared on the wire (the "bytes" of each event), never from the engine's own
claims; the key schedule of every handshake is recomputed from the pre-master secret and
the wire (ClientHello/ServerHello randoms and transcript), and the records are checked
with those keys:

  * key exchange    RSA: the server's decrypted block, raised to the public exponent,
                    must give the EncryptedPreMasterSecret on the wire; DHE: Z = Y^x mod p;
                    ECDHE: X25519 (RFC 7748) / P-256 point multiplication.
  * signatures      RSA PKCS#1 v1.5 (MD5 + SHA1 before TLS 1.2, DigestInfo or PSS in
                    TLS 1.2) of ServerKeyExchange and CertificateVerify, checked with the
                    certificate's public key taken from the wire.
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

Block ciphers and AEAD ciphers are not re-run (Python's standard library has none); RC4
is, and for block ciphers the MAC check over the decrypted plaintext with independently
derived keys ties the plaintext to the key schedule.

Usage: verify_trace.py TRACE.json
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
TRACE_VERSION = 1

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
EXT_RENEGOTIATION_INFO = 0xFF01
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


def direction_of(ev):
    if ev.get("from") == "client" or (ev.get("from") != "server" and ev.get("to") == "server"):
        return "c2s"
    if ev.get("from") == "server" or ev.get("to") == "client":
        return "s2c"
    return None


def side_of(direction):
    return "client" if direction == "c2s" else "server"


def key_prefix(direction):
    return "client_write" if direction == "c2s" else "server_write"


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
        if ev.get("from") == "attacker":
            return  # an altered copy of a record: not part of either side's connection state

        r = Record(idx, ev)
        r.direction, r.ctype, r.version, r.fragment = direction, raw[0], raw[1:3], raw[5:]
        st = self.state[direction]
        r.epoch, r.seq, r.keys_hs = st["epoch"], st["seq"], st["keys"][-1]
        if self.first_server_hello_event is not None and idx > self.first_server_hello_event \
                and int.from_bytes(r.version, "big") != self.version:
            self.problems.append("%s: record version %s after the ServerHello, negotiated %s"
                                 % (where, r.version.hex(), VERSION_NAMES[self.version]))
        protection = ev.get("protection") or "none"
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
    def __init__(self, trace):
        self.trace = trace
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
            for d in ev.get("derivations") or []:
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
        if pms is None:
            raise CheckFailed("no pre_master_secret derivation in this handshake")
        session_hash = None
        if hs.ems():
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

    # ---------------------------------------------------------------- derivations

    def check_master_secret(self, problems, d, h):
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
        key, _ = self.server_rsa_key(hs)
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
        description="Independently re-derive the SSL 3.0 / TLS 1.0-1.2 secrets recorded in a tlslab JSON trace "
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
