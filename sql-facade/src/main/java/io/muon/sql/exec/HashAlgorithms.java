package io.muon.sql.exec;

/**
 * The byte-level hash algorithms ClickHouse uses, written from their published definitions: CityHash v1.0.2 (the
 * version ClickHouse bundles, which differs from later CityHash releases), SipHash-2-4 with a zero key (64 bits, and
 * ClickHouse's own non-reference 128-bit folding), MurmurHash2 (32 and 64A), MurmurHash3 (x86_32 and x64_128 folded
 * to 64 bits), xxHash32/64 with seed 0, and ClickHouse's intHash32/intHash64 integer mixers. All work on
 * {@code data[off .. off + len)} without allocating.
 */
final class HashAlgorithms
{
    private static final long K0 = 0xc3a5c85c97cb3127L;
    private static final long K1 = 0xb492b66fbe98f273L;
    private static final long K2 = 0x9ae16a3b2f90404fL;
    private static final long K3 = 0xc949d7c7509e6557L;
    private static final long K_MUL = 0x9ddfea08eb382d69L;

    private HashAlgorithms()
    {
    }

    static long fetch64(final byte[] b, final int i)
    {
        return (b[i] & 0xFFL) | (b[i + 1] & 0xFFL) << 8 | (b[i + 2] & 0xFFL) << 16 | (b[i + 3] & 0xFFL) << 24 |
            (b[i + 4] & 0xFFL) << 32 | (b[i + 5] & 0xFFL) << 40 | (b[i + 6] & 0xFFL) << 48 | (b[i + 7] & 0xFFL) << 56;
    }

    static int fetch32(final byte[] b, final int i)
    {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // CityHash v1.0.2

    /** CityHash's Hash128to64 of the pair (low, high): ClickHouse's combiner for cityHash64 and xxHash64. */
    static long hash128to64(final long low, final long high)
    {
        long a = (low ^ high) * K_MUL;
        a ^= a >>> 47;
        long b = (high ^ a) * K_MUL;
        b ^= b >>> 47;
        return b * K_MUL;
    }

    private static long shiftMix(final long v)
    {
        return v ^ (v >>> 47);
    }

    private static long hashLen0to16(final byte[] s, final int off, final int len)
    {
        if (len > 8)
        {
            final long a = fetch64(s, off);
            final long b = fetch64(s, off + len - 8);
            return hash128to64(a, Long.rotateRight(b + len, len)) ^ b;
        }
        if (len >= 4)
        {
            final long a = fetch32(s, off) & 0xFFFFFFFFL;
            return hash128to64(len + (a << 3), fetch32(s, off + len - 4) & 0xFFFFFFFFL);
        }
        if (len > 0)
        {
            final int a = s[off] & 0xFF;
            final int b = s[off + (len >> 1)] & 0xFF;
            final int c = s[off + len - 1] & 0xFF;
            final long y = (a + (b << 8)) & 0xFFFFFFFFL;
            final long z = (len + (c << 2)) & 0xFFFFFFFFL;
            return shiftMix(y * K2 ^ z * K3) * K2;
        }
        return K2;
    }

    private static long hashLen17to32(final byte[] s, final int off, final int len)
    {
        final long a = fetch64(s, off) * K1;
        final long b = fetch64(s, off + 8);
        final long c = fetch64(s, off + len - 8) * K2;
        final long d = fetch64(s, off + len - 16) * K0;
        return hash128to64(Long.rotateRight(a - b, 43) + Long.rotateRight(c, 30) + d,
            a + Long.rotateRight(b ^ K3, 20) - c + len);
    }

    private static long hashLen33to64(final byte[] s, final int off, final int len)
    {
        long z = fetch64(s, off + 24);
        long a = fetch64(s, off) + (len + fetch64(s, off + len - 16)) * K0;
        long b = Long.rotateRight(a + z, 52);
        long c = Long.rotateRight(a, 37);
        a += fetch64(s, off + 8);
        c += Long.rotateRight(a, 7);
        a += fetch64(s, off + 16);
        final long vf = a + z;
        final long vs = b + Long.rotateRight(a, 31) + c;
        a = fetch64(s, off + 16) + fetch64(s, off + len - 32);
        z = fetch64(s, off + len - 8);
        b = Long.rotateRight(a + z, 52);
        c = Long.rotateRight(a, 37);
        a += fetch64(s, off + len - 24);
        c += Long.rotateRight(a, 7);
        a += fetch64(s, off + len - 16);
        final long wf = a + z;
        final long ws = b + Long.rotateRight(a, 31) + c;
        final long r = shiftMix((vf + ws) * K2 + (wf + vs) * K0);
        return shiftMix(r * K0 + vs) * K2;
    }

    static long cityHash64(final byte[] s, final int start, final int length)
    {
        if (length <= 16)
        {
            return hashLen0to16(s, start, length);
        }
        if (length <= 32)
        {
            return hashLen17to32(s, start, length);
        }
        if (length <= 64)
        {
            return hashLen33to64(s, start, length);
        }
        int off = start;
        long x = fetch64(s, off);
        long y = fetch64(s, off + length - 16) ^ K1;
        long z = fetch64(s, off + length - 56) ^ K0;
        // v and w are the (first, second) pairs of WeakHashLen32WithSeeds
        long v1;
        long v2;
        long w1;
        long w2;
        {
            final int p = off + length - 64;
            long a = length + fetch64(s, p);
            long b = Long.rotateRight(y + a + fetch64(s, p + 24), 21);
            final long c = a;
            a += fetch64(s, p + 8);
            a += fetch64(s, p + 16);
            b += Long.rotateRight(a, 44);
            v1 = a + fetch64(s, p + 24);
            v2 = b + c;
        }
        {
            final int p = off + length - 32;
            long a = length * K1 + fetch64(s, p);
            long b = Long.rotateRight(K0 + a + fetch64(s, p + 24), 21);
            final long c = a;
            a += fetch64(s, p + 8);
            a += fetch64(s, p + 16);
            b += Long.rotateRight(a, 44);
            w1 = a + fetch64(s, p + 24);
            w2 = b + c;
        }
        z += shiftMix(v2) * K1;
        x = Long.rotateRight(z + x, 39) * K1;
        y = Long.rotateRight(y, 33) * K1;
        int len = (length - 1) & ~63;
        do
        {
            x = Long.rotateRight(x + y + v1 + fetch64(s, off + 16), 37) * K1;
            y = Long.rotateRight(y + v2 + fetch64(s, off + 48), 42) * K1;
            x ^= w2;
            y ^= v1;
            z = Long.rotateRight(z ^ w1, 33);
            {
                long a = v2 * K1 + fetch64(s, off);
                long b = Long.rotateRight(x + w1 + a + fetch64(s, off + 24), 21);
                final long c = a;
                a += fetch64(s, off + 8);
                a += fetch64(s, off + 16);
                b += Long.rotateRight(a, 44);
                v1 = a + fetch64(s, off + 24);
                v2 = b + c;
            }
            {
                long a = z + w2 + fetch64(s, off + 32);
                long b = Long.rotateRight(y + a + fetch64(s, off + 56), 21);
                final long c = a;
                a += fetch64(s, off + 40);
                a += fetch64(s, off + 48);
                b += Long.rotateRight(a, 44);
                w1 = a + fetch64(s, off + 56);
                w2 = b + c;
            }
            final long t = z;
            z = x;
            x = t;
            off += 64;
            len -= 64;
        }
        while (len != 0);
        return hash128to64(hash128to64(v1, w1) + shiftMix(y) * K1 + z, hash128to64(v2, w2) + x);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // SipHash-2-4, key (0, 0)

    /** Hashes with SipHash-2-4; returns the 64-bit result, or with {@code out128} fills ClickHouse's 128-bit one. */
    static long sipHash(final byte[] s, final int off, final int len, final long[] out128)
    {
        return io.muon.kernel.util.SipHash.hash(s, off, len, out128);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // MurmurHash2 / MurmurHash3, seed 0

    static int murmur2x32(final byte[] s, final int off, final int len)
    {
        final int m = 0x5bd1e995;
        int h = len;
        int i = off;
        int rest = len;
        for (; rest >= 4; rest -= 4, i += 4)
        {
            int k = fetch32(s, i);
            k *= m;
            k ^= k >>> 24;
            k *= m;
            h *= m;
            h ^= k;
        }
        if (rest > 0)
        {
            for (int k = rest - 1; k >= 0; k--)
            {
                h ^= (s[i + k] & 0xFF) << (8 * k);
            }
            h *= m;
        }
        h ^= h >>> 13;
        h *= m;
        h ^= h >>> 15;
        return h;
    }

    static long murmur2x64(final byte[] s, final int off, final int len)
    {
        final long m = 0xc6a4a7935bd1e995L;
        long h = len * m;
        int i = off;
        final int blocks = len / 8;
        for (int b = 0; b < blocks; b++, i += 8)
        {
            long k = fetch64(s, i);
            k *= m;
            k ^= k >>> 47;
            k *= m;
            h ^= k;
            h *= m;
        }
        final int rest = len & 7;
        if (rest > 0)
        {
            for (int k = rest - 1; k >= 0; k--)
            {
                h ^= (s[i + k] & 0xFFL) << (8 * k);
            }
            h *= m;
        }
        h ^= h >>> 47;
        h *= m;
        h ^= h >>> 47;
        return h;
    }

    static int murmur3x32(final byte[] s, final int off, final int len)
    {
        final int c1 = 0xcc9e2d51;
        final int c2 = 0x1b873593;
        int h = 0;
        int i = off;
        final int blocks = len / 4;
        for (int b = 0; b < blocks; b++, i += 4)
        {
            int k = fetch32(s, i);
            k *= c1;
            k = Integer.rotateLeft(k, 15);
            k *= c2;
            h ^= k;
            h = Integer.rotateLeft(h, 13);
            h = h * 5 + 0xe6546b64;
        }
        final int rest = len & 3;
        if (rest > 0)
        {
            int k = 0;
            for (int j = rest - 1; j >= 0; j--)
            {
                k ^= (s[i + j] & 0xFF) << (8 * j);
            }
            k *= c1;
            k = Integer.rotateLeft(k, 15);
            k *= c2;
            h ^= k;
        }
        h ^= len;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    private static long fmix64(long k)
    {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

    /** MurmurHash3_x64_128 folded as ClickHouse's murmurHash3_64 does: the xor of both halves. */
    static long murmur3x64(final byte[] s, final int off, final int len)
    {
        final long c1 = 0x87c37b91114253d5L;
        final long c2 = 0x4cf5ad432745937fL;
        long h1 = 0;
        long h2 = 0;
        int i = off;
        final int blocks = len / 16;
        for (int b = 0; b < blocks; b++, i += 16)
        {
            long k1 = fetch64(s, i);
            long k2 = fetch64(s, i + 8);
            k1 *= c1;
            k1 = Long.rotateLeft(k1, 31);
            k1 *= c2;
            h1 ^= k1;
            h1 = Long.rotateLeft(h1, 27);
            h1 += h2;
            h1 = h1 * 5 + 0x52dce729;
            k2 *= c2;
            k2 = Long.rotateLeft(k2, 33);
            k2 *= c1;
            h2 ^= k2;
            h2 = Long.rotateLeft(h2, 31);
            h2 += h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        final int rest = len & 15;
        if (rest > 8)
        {
            long k2 = 0;
            for (int j = rest - 1; j >= 8; j--)
            {
                k2 ^= (s[i + j] & 0xFFL) << (8 * (j - 8));
            }
            k2 *= c2;
            k2 = Long.rotateLeft(k2, 33);
            k2 *= c1;
            h2 ^= k2;
        }
        if (rest > 0)
        {
            long k1 = 0;
            for (int j = Math.min(rest, 8) - 1; j >= 0; j--)
            {
                k1 ^= (s[i + j] & 0xFFL) << (8 * j);
            }
            k1 *= c1;
            k1 = Long.rotateLeft(k1, 31);
            k1 *= c2;
            h1 ^= k1;
        }
        h1 ^= len;
        h2 ^= len;
        h1 += h2;
        h2 += h1;
        h1 = fmix64(h1);
        h2 = fmix64(h2);
        h1 += h2;
        h2 += h1;
        return h1 ^ h2;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // xxHash, seed 0

    private static final int P32_1 = 0x9E3779B1;
    private static final int P32_2 = 0x85EBCA77;
    private static final int P32_3 = 0xC2B2AE3D;
    private static final int P32_4 = 0x27D4EB2F;
    private static final int P32_5 = 0x165667B1;

    static int xxHash32(final byte[] s, final int off, final int len)
    {
        final int end = off + len;
        int i = off;
        int h;
        if (len >= 16)
        {
            int v1 = P32_1 + P32_2;
            int v2 = P32_2;
            int v3 = 0;
            int v4 = -P32_1;
            for (; i + 16 <= end; i += 16)
            {
                v1 = Integer.rotateLeft(v1 + fetch32(s, i) * P32_2, 13) * P32_1;
                v2 = Integer.rotateLeft(v2 + fetch32(s, i + 4) * P32_2, 13) * P32_1;
                v3 = Integer.rotateLeft(v3 + fetch32(s, i + 8) * P32_2, 13) * P32_1;
                v4 = Integer.rotateLeft(v4 + fetch32(s, i + 12) * P32_2, 13) * P32_1;
            }
            h = Integer.rotateLeft(v1, 1) + Integer.rotateLeft(v2, 7) + Integer.rotateLeft(v3, 12) +
                Integer.rotateLeft(v4, 18);
        }
        else
        {
            h = P32_5;
        }
        h += len;
        for (; i + 4 <= end; i += 4)
        {
            h += fetch32(s, i) * P32_3;
            h = Integer.rotateLeft(h, 17) * P32_4;
        }
        for (; i < end; i++)
        {
            h += (s[i] & 0xFF) * P32_5;
            h = Integer.rotateLeft(h, 11) * P32_1;
        }
        h ^= h >>> 15;
        h *= P32_2;
        h ^= h >>> 13;
        h *= P32_3;
        h ^= h >>> 16;
        return h;
    }

    private static final long P64_1 = 0x9E3779B185EBCA87L;
    private static final long P64_2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P64_3 = 0x165667B19E3779F9L;
    private static final long P64_4 = 0x85EBCA77C2B2AE63L;
    private static final long P64_5 = 0x27D4EB2F165667C5L;

    private static long xxRound(final long acc, final long input)
    {
        return Long.rotateLeft(acc + input * P64_2, 31) * P64_1;
    }

    private static long xxMerge(final long acc, final long v)
    {
        return (acc ^ xxRound(0, v)) * P64_1 + P64_4;
    }

    static long xxHash64(final byte[] s, final int off, final int len)
    {
        final int end = off + len;
        int i = off;
        long h;
        if (len >= 32)
        {
            long v1 = P64_1 + P64_2;
            long v2 = P64_2;
            long v3 = 0;
            long v4 = -P64_1;
            for (; i + 32 <= end; i += 32)
            {
                v1 = xxRound(v1, fetch64(s, i));
                v2 = xxRound(v2, fetch64(s, i + 8));
                v3 = xxRound(v3, fetch64(s, i + 16));
                v4 = xxRound(v4, fetch64(s, i + 24));
            }
            h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
            h = xxMerge(h, v1);
            h = xxMerge(h, v2);
            h = xxMerge(h, v3);
            h = xxMerge(h, v4);
        }
        else
        {
            h = P64_5;
        }
        h += len;
        for (; i + 8 <= end; i += 8)
        {
            h ^= xxRound(0, fetch64(s, i));
            h = Long.rotateLeft(h, 27) * P64_1 + P64_4;
        }
        if (i + 4 <= end)
        {
            h ^= (fetch32(s, i) & 0xFFFFFFFFL) * P64_1;
            h = Long.rotateLeft(h, 23) * P64_2 + P64_3;
            i += 4;
        }
        for (; i < end; i++)
        {
            h ^= (s[i] & 0xFFL) * P64_5;
            h = Long.rotateLeft(h, 11) * P64_1;
        }
        h ^= h >>> 33;
        h *= P64_2;
        h ^= h >>> 29;
        h *= P64_3;
        h ^= h >>> 32;
        return h;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // ClickHouse's integer mixers

    /** ClickHouse's intHash64 of a value (IntHash64Impl: the Murmur finalizer of x xor a fixed salt). */
    static long intHash64(final long value)
    {
        long x = value ^ 0x4CF2D2BAAE6DA887L;
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        x *= 0xc4ceb9fe1a85ec53L;
        x ^= x >>> 33;
        return x;
    }

    /** ClickHouse's intHash32 (IntHash32Impl: Thomas Wang's mixer with rotations, salted); unsigned 32 bits. */
    static long intHash32(final long value)
    {
        long key = value ^ 0x75D9543DE018BF45L;
        key = ~key + (key << 18);
        key = key ^ Long.rotateRight(key, 31);
        key = key * 21;
        key = key ^ Long.rotateRight(key, 11);
        key = key + (key << 6);
        key = key ^ Long.rotateRight(key, 22);
        return key & 0xFFFFFFFFL;
    }

    /** Java's String.hashCode over the bytes taken as signed chars, as ClickHouse's javaHash does for strings. */
    static int javaHash(final byte[] s, final int off, final int len)
    {
        int h = 0;
        for (int i = off; i < off + len; i++)
        {
            h = 31 * h + s[i];
        }
        return h;
    }
}
