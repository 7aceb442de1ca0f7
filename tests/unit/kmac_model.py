#!/usr/bin/env python3
"""Independent model of KMAC (SP 800-185) written from the standards, used to
compute expected values for tests/unit/test_kmac.c where OpenSSL cannot (it
refuses keys shorter than 4 bytes).  Keccak-f[1600] here is the FIPS 202 3.2
step mappings on a 5x5 array of Python integers, nothing shared with the C
code.  Checked first against the OpenSSL values in that test:

    python3 tests/unit/kmac_model.py
"""

MASK = (1 << 64) - 1


def rc_bit(t):
    # FIPS 202 Algorithm 5
    if t % 255 == 0:
        return 1
    r = [1, 0, 0, 0, 0, 0, 0, 0]
    for _ in range(1, t % 255 + 1):
        r = [0] + r
        r[0] ^= r[8]
        r[4] ^= r[8]
        r[5] ^= r[8]
        r[6] ^= r[8]
        r = r[:8]
    return r[0]


def rot(v, n):
    n %= 64
    return ((v << n) | (v >> (64 - n))) & MASK


def keccak_f(a):
    # a[x][y], FIPS 202 3.2.1-3.2.5
    for ir in range(24):
        c = [a[x][0] ^ a[x][1] ^ a[x][2] ^ a[x][3] ^ a[x][4] for x in range(5)]
        d = [c[(x - 1) % 5] ^ rot(c[(x + 1) % 5], 1) for x in range(5)]
        a = [[a[x][y] ^ d[x] for y in range(5)] for x in range(5)]
        # rho
        b = [[0] * 5 for _ in range(5)]
        b[0][0] = a[0][0]
        x, y = 1, 0
        for t in range(24):
            b[x][y] = rot(a[x][y], (t + 1) * (t + 2) // 2)
            x, y = y, (2 * x + 3 * y) % 5
        # pi
        p = [[b[(x + 3 * y) % 5][x] for y in range(5)] for x in range(5)]
        # chi
        a = [[p[x][y] ^ ((~p[(x + 1) % 5][y]) & p[(x + 2) % 5][y]) for y in range(5)]
             for x in range(5)]
        # iota
        rc = 0
        for j in range(7):
            rc |= rc_bit(j + 7 * ir) << ((1 << j) - 1)
        a[0][0] ^= rc
    return a


def sponge(rate, data, suffix_bits, outlen):
    """KECCAK[c] on a byte string followed by the given domain bits."""
    bits = []
    for byte in data:
        bits += [(byte >> i) & 1 for i in range(8)]
    bits += suffix_bits
    bits += [1]
    while (len(bits) + 1) % (8 * rate) != 0:
        bits.append(0)
    bits.append(1)
    a = [[0] * 5 for _ in range(5)]
    for off in range(0, len(bits), 8 * rate):
        block = bits[off:off + 8 * rate]
        for i in range(rate // 8):
            lane = sum(block[64 * i + j] << j for j in range(64))
            a[i % 5][i // 5] ^= lane
        a = keccak_f(a)
    out = b""
    while len(out) < outlen:
        for i in range(rate // 8):
            out += a[i % 5][i // 5].to_bytes(8, "little")
        if len(out) < outlen:
            a = keccak_f(a)
    return out[:outlen]


def left_encode(x):
    n = max(1, (x.bit_length() + 7) // 8)
    return bytes([n]) + x.to_bytes(n, "big")


def right_encode(x):
    n = max(1, (x.bit_length() + 7) // 8)
    return x.to_bytes(n, "big") + bytes([n])


def encode_string(s):
    return left_encode(8 * len(s)) + s


def bytepad(x, w):
    z = left_encode(w) + x
    return z + b"\0" * ((-len(z)) % w)


def kmac(bits, key, msg, outlen, custom=b"", xof=False):
    rate = 168 if bits == 128 else 136
    prefix = bytepad(encode_string(b"KMAC") + encode_string(custom), rate)
    x = bytepad(encode_string(key), rate) + msg + right_encode(0 if xof else 8 * outlen)
    return sponge(rate, prefix + x, [0, 0], outlen)


def pattern(n, mul, add):
    return bytes((i * mul + add) & 255 for i in range(n))


if __name__ == "__main__":
    k300 = pattern(300, 13, 1)
    m1500 = pattern(1500, 7, 3)
    c200 = bytes(65 + i % 26 for i in range(200))
    # The OpenSSL values of test_kmac.c, to check the model first.
    assert kmac(256, bytes([0, 1, 2, 3]), bytes(range(200)), 32).hex().upper() == \
        "75FB49414D8FAA1212BBC01E05122737047176C7568F82A6168A3CFC9601CE7F"
    assert kmac(128, k300, b"", 32, c200).hex().upper() == \
        "5AE03360DFBAFFD3D53E2F6802379F43C3996767B24B419A2E60B1E096AFFE5D"
    print("model agrees with OpenSSL")
    print("KMAC256 empty key, empty msg, S='', L=32:",
          kmac(256, b"", b"", 32).hex().upper())
    print("KMAC256 empty key, 200-byte msg, S=200 letters, L=64:",
          kmac(256, b"", bytes(range(200)), 64, c200).hex().upper())
    print("KMAC128 empty key, msg 'abc', S='', XOF L=48:",
          kmac(128, b"", b"abc", 48, b"", True).hex().upper())
