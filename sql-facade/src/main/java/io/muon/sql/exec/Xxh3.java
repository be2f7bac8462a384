package io.muon.sql.exec;

import static io.muon.sql.exec.HashAlgorithms.fetch32;
import static io.muon.sql.exec.HashAlgorithms.fetch64;

/** XXH3 64-bit with seed 0 and the default secret (ClickHouse's xxh3), from the algorithm's published definition. */
final class Xxh3
{
    private static final byte[] SECRET = bytes(
        0xb8, 0xfe, 0x6c, 0x39, 0x23, 0xa4, 0x4b, 0xbe, 0x7c, 0x01, 0x81, 0x2c, 0xf7, 0x21, 0xad, 0x1c,
        0xde, 0xd4, 0x6d, 0xe9, 0x83, 0x90, 0x97, 0xdb, 0x72, 0x40, 0xa4, 0xa4, 0xb7, 0xb3, 0x67, 0x1f,
        0xcb, 0x79, 0xe6, 0x4e, 0xcc, 0xc0, 0xe5, 0x78, 0x82, 0x5a, 0xd0, 0x7d, 0xcc, 0xff, 0x72, 0x21,
        0xb8, 0x08, 0x46, 0x74, 0xf7, 0x43, 0x24, 0x8e, 0xe0, 0x35, 0x90, 0xe6, 0x81, 0x3a, 0x26, 0x4c,
        0x3c, 0x28, 0x52, 0xbb, 0x91, 0xc3, 0x00, 0xcb, 0x88, 0xd0, 0x65, 0x8b, 0x1b, 0x53, 0x2e, 0xa3,
        0x71, 0x64, 0x48, 0x97, 0xa2, 0x0d, 0xf9, 0x4e, 0x38, 0x19, 0xef, 0x46, 0xa9, 0xde, 0xac, 0xd8,
        0xa8, 0xfa, 0x76, 0x3f, 0xe3, 0x9c, 0x34, 0x3f, 0xf9, 0xdc, 0xbb, 0xc7, 0xc7, 0x0b, 0x4f, 0x1d,
        0x8a, 0x51, 0xe0, 0x4b, 0xcd, 0xb4, 0x59, 0x31, 0xc8, 0x9f, 0x7e, 0xc9, 0xd9, 0x78, 0x73, 0x64,
        0xea, 0xc5, 0xac, 0x83, 0x34, 0xd3, 0xeb, 0xc3, 0xc5, 0x81, 0xa0, 0xff, 0xfa, 0x13, 0x63, 0xeb,
        0x17, 0x0d, 0xdd, 0x51, 0xb7, 0xf0, 0xda, 0x49, 0xd3, 0x16, 0x55, 0x26, 0x29, 0xd4, 0x68, 0x9e,
        0x2b, 0x16, 0xbe, 0x58, 0x7d, 0x47, 0xa1, 0xfc, 0x8f, 0xf8, 0xb8, 0xd1, 0x7a, 0xd0, 0x31, 0xce,
        0x45, 0xcb, 0x3a, 0x8f, 0x95, 0x16, 0x04, 0x28, 0xaf, 0xd7, 0xfb, 0xca, 0xbb, 0x4b, 0x40, 0x7e);
    private static final long P32_1 = 0x9E3779B1L;
    private static final long P32_2 = 0x85EBCA77L;
    private static final long P32_3 = 0xC2B2AE3DL;
    private static final long P64_1 = 0x9E3779B185EBCA87L;
    private static final long P64_2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P64_3 = 0x165667B19E3779F9L;
    private static final long P64_4 = 0x85EBCA77C2B2AE63L;
    private static final long P64_5 = 0x27D4EB2F165667C5L;

    private Xxh3()
    {
    }

    private static byte[] bytes(final int... values)
    {
        final byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++)
        {
            b[i] = (byte)values[i];
        }
        return b;
    }

    private static long mulFold(final long a, final long b)
    {
        final long high = Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
        return (a * b) ^ high;
    }

    private static long avalanche(long h)
    {
        h ^= h >>> 37;
        h *= 0x165667919E3779F9L;
        return h ^ (h >>> 32);
    }

    private static long xxh64Avalanche(long h)
    {
        h ^= h >>> 33;
        h *= P64_2;
        h ^= h >>> 29;
        h *= P64_3;
        return h ^ (h >>> 32);
    }

    private static long mix16(final byte[] in, final int i, final int s)
    {
        return mulFold(fetch64(in, i) ^ fetch64(SECRET, s), fetch64(in, i + 8) ^ fetch64(SECRET, s + 8));
    }

    static long hash64(final byte[] in, final int off, final int len)
    {
        if (len == 0)
        {
            return xxh64Avalanche(fetch64(SECRET, 56) ^ fetch64(SECRET, 64));
        }
        if (len <= 3)
        {
            final long c1 = in[off] & 0xFF;
            final long c2 = in[off + (len >> 1)] & 0xFF;
            final long c3 = in[off + len - 1] & 0xFF;
            final long combined = ((c1 << 16) | (c2 << 24) | c3 | ((long)len << 8)) & 0xFFFFFFFFL;
            final long bitflip = (fetch32(SECRET, 0) ^ fetch32(SECRET, 4)) & 0xFFFFFFFFL;
            return xxh64Avalanche(combined ^ bitflip);
        }
        if (len <= 8)
        {
            final long input1 = fetch32(in, off) & 0xFFFFFFFFL;
            final long input2 = fetch32(in, off + len - 4) & 0xFFFFFFFFL;
            final long bitflip = fetch64(SECRET, 8) ^ fetch64(SECRET, 16);
            long h = (input2 + (input1 << 32)) ^ bitflip;
            h ^= Long.rotateLeft(h, 49) ^ Long.rotateLeft(h, 24);
            h *= 0x9FB21C651E98DF25L;
            h ^= (h >>> 35) + len;
            h *= 0x9FB21C651E98DF25L;
            return h ^ (h >>> 28);
        }
        if (len <= 16)
        {
            final long lo = fetch64(in, off) ^ (fetch64(SECRET, 24) ^ fetch64(SECRET, 32));
            final long hi = fetch64(in, off + len - 8) ^ (fetch64(SECRET, 40) ^ fetch64(SECRET, 48));
            return avalanche(len + Long.reverseBytes(lo) + hi + mulFold(lo, hi));
        }
        if (len <= 128)
        {
            long acc = len * P64_1;
            if (len > 32)
            {
                if (len > 64)
                {
                    if (len > 96)
                    {
                        acc += mix16(in, off + 48, 96);
                        acc += mix16(in, off + len - 64, 112);
                    }
                    acc += mix16(in, off + 32, 64);
                    acc += mix16(in, off + len - 48, 80);
                }
                acc += mix16(in, off + 16, 32);
                acc += mix16(in, off + len - 32, 48);
            }
            acc += mix16(in, off, 0);
            acc += mix16(in, off + len - 16, 16);
            return avalanche(acc);
        }
        if (len <= 240)
        {
            long acc = len * P64_1;
            final int rounds = len / 16;
            for (int i = 0; i < 8; i++)
            {
                acc += mix16(in, off + 16 * i, 16 * i);
            }
            acc = avalanche(acc);
            for (int i = 8; i < rounds; i++)
            {
                acc += mix16(in, off + 16 * i, 16 * (i - 8) + 3);
            }
            acc += mix16(in, off + len - 16, 136 - 17);
            return avalanche(acc);
        }
        return hashLong(in, off, len);
    }

    private static void accumulate512(final long[] acc, final byte[] in, final int i, final int s)
    {
        for (int k = 0; k < 8; k++)
        {
            final long value = fetch64(in, i + 8 * k);
            final long key = value ^ fetch64(SECRET, s + 8 * k);
            acc[k ^ 1] += value;
            acc[k] += (key & 0xFFFFFFFFL) * (key >>> 32);
        }
    }

    private static long hashLong(final byte[] in, final int off, final int len)
    {
        final long[] acc = {P32_3, P64_1, P64_2, P64_3, P64_4, P32_2, P64_5, P32_1};
        final int stripesPerBlock = (SECRET.length - 64) / 8;
        final int blockLen = 64 * stripesPerBlock;
        final int blocks = (len - 1) / blockLen;
        for (int n = 0; n < blocks; n++)
        {
            for (int s = 0; s < stripesPerBlock; s++)
            {
                accumulate512(acc, in, off + n * blockLen + s * 64, s * 8);
            }
            for (int k = 0; k < 8; k++)
            {
                long a = acc[k];
                a ^= a >>> 47;
                a ^= fetch64(SECRET, SECRET.length - 64 + 8 * k);
                acc[k] = a * P32_1;
            }
        }
        final int stripes = ((len - 1) - blockLen * blocks) / 64;
        for (int s = 0; s < stripes; s++)
        {
            accumulate512(acc, in, off + blocks * blockLen + s * 64, s * 8);
        }
        accumulate512(acc, in, off + len - 64, SECRET.length - 64 - 7);
        long result = len * P64_1;
        for (int k = 0; k < 4; k++)
        {
            result += mulFold(acc[2 * k] ^ fetch64(SECRET, 11 + 16 * k), acc[2 * k + 1] ^ fetch64(SECRET, 11 + 16 * k + 8));
        }
        return avalanche(result);
    }
}
