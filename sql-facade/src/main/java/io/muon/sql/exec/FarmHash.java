package io.muon.sql.exec;

/**
 * FarmHash's 64-bit string hash as ClickHouse's {@code farmHash64} computes it, written from Google's published
 * definition: farmhash's {@code Hash64}, which on x86-64 without SSE4.1 code is farmhashxo's (na's hash up to 32 and
 * from 97 to 256 bytes, xo's own from 33 to 96, uo's beyond), with farmhash's debug tweak applied to the result.
 * Checked against ClickHouse 18.16 for every length up to 1100. Works on {@code data[off .. off + len)} without
 * allocating.
 */
final class FarmHash
{
    private static final long K0 = 0xc3a5c85c97cb3127L;
    private static final long K1 = 0xb492b66fbe98f273L;
    private static final long K2 = 0x9ae16a3b2f90404fL;
    private static final long SEED = 81;

    private FarmHash()
    {
    }

    private static long shiftMix(final long v)
    {
        return v ^ (v >>> 47);
    }

    private static long hashLen16(final long u, final long v, final long mul)
    {
        long a = (u ^ v) * mul;
        a ^= a >>> 47;
        long b = (v ^ a) * mul;
        b ^= b >>> 47;
        return b * mul;
    }

    private static long hashLen0to16(final byte[] s, final int off, final int len)
    {
        if (len >= 8)
        {
            final long mul = K2 + len * 2L;
            final long a = HashAlgorithms.fetch64(s, off) + K2;
            final long b = HashAlgorithms.fetch64(s, off + len - 8);
            final long c = Long.rotateRight(b, 37) * mul + a;
            final long d = (Long.rotateRight(a, 25) + b) * mul;
            return hashLen16(c, d, mul);
        }
        if (len >= 4)
        {
            final long mul = K2 + len * 2L;
            final long a = HashAlgorithms.fetch32(s, off) & 0xFFFFFFFFL;
            return hashLen16(len + (a << 3), HashAlgorithms.fetch32(s, off + len - 4) & 0xFFFFFFFFL, mul);
        }
        if (len > 0)
        {
            final int a = s[off] & 0xFF;
            final int b = s[off + (len >> 1)] & 0xFF;
            final int c = s[off + len - 1] & 0xFF;
            final long y = (a + (b << 8)) & 0xFFFFFFFFL;
            final long z = (len + (c << 2)) & 0xFFFFFFFFL;
            return shiftMix(y * K2 ^ z * K0) * K2;
        }
        return K2;
    }

    private static long hashLen17to32(final byte[] s, final int off, final int len)
    {
        final long mul = K2 + len * 2L;
        final long a = HashAlgorithms.fetch64(s, off) * K1;
        final long b = HashAlgorithms.fetch64(s, off + 8);
        final long c = HashAlgorithms.fetch64(s, off + len - 8) * mul;
        final long d = HashAlgorithms.fetch64(s, off + len - 16) * K2;
        return hashLen16(Long.rotateRight(a + b, 43) + Long.rotateRight(c, 30) + d,
            a + Long.rotateRight(b + K2, 18) + c, mul);
    }

    private static long naHashLen33to64(final byte[] s, final int off, final int len)
    {
        final long mul = K2 + len * 2L;
        final long a = HashAlgorithms.fetch64(s, off) * K2;
        final long b = HashAlgorithms.fetch64(s, off + 8);
        final long c = HashAlgorithms.fetch64(s, off + len - 8) * mul;
        final long d = HashAlgorithms.fetch64(s, off + len - 16) * K2;
        final long y = Long.rotateRight(a + b, 43) + Long.rotateRight(c, 30) + d;
        final long z = hashLen16(y, a + Long.rotateRight(b + K2, 18) + c, mul);
        final long e = HashAlgorithms.fetch64(s, off + 16) * mul;
        final long f = HashAlgorithms.fetch64(s, off + 24);
        final long g = (y + HashAlgorithms.fetch64(s, off + len - 32)) * mul;
        final long h = (z + HashAlgorithms.fetch64(s, off + len - 24)) * mul;
        return hashLen16(Long.rotateRight(e + f, 43) + Long.rotateRight(g, 30) + h,
            e + Long.rotateRight(f + a, 18) + g, mul);
    }

    /**
     * ClickHouse's farmHash64 of {@code s[off .. off + len)}: farmhash's Hash64 with its debug tweak applied, since
     * ClickHouse builds farmhash without NDEBUG (which turns FARMHASH_DEBUG on).
     */
    static long hash64(final byte[] s, final int off, final int len)
    {
        return ~Long.reverseBytes(xoHash64(s, off, len) * K1);
    }

    /** farmhashxo's Hash64, which picks a hash by length: na's, its own for 33 to 96 bytes, uo's over 256. */
    private static long xoHash64(final byte[] s, final int off, final int len)
    {
        if (len <= 16)
        {
            return hashLen0to16(s, off, len);
        }
        if (len <= 32)
        {
            return hashLen17to32(s, off, len);
        }
        if (len <= 64)
        {
            final long mul0 = K2 - 30;
            final long mul1 = K2 - 30 + 2L * len;
            final long h0 = h32(s, off, mul0, 0, 0);
            final long h1 = h32(s, off + len - 32, mul1, 0, 0);
            return (h1 * mul1 + h0) * mul1;
        }
        if (len <= 96)
        {
            final long mul0 = K2 - 114;
            final long mul1 = K2 - 114 + 2L * len;
            final long h0 = h32(s, off, mul0, 0, 0);
            final long h1 = h32(s, off + 32, mul1, 0, 0);
            final long h2 = h32(s, off + len - 32, mul1, h0, h1);
            return (h2 * 9 + (h0 >>> 17) + (h1 >>> 21)) * mul1;
        }
        if (len <= 256)
        {
            return naHash64(s, off, len);
        }
        return uoHash64(s, off, len);
    }

    /** farmhashxo's H32: a hash of the 32 bytes at {@code off} with two seeds. */
    private static long h32(final byte[] s, final int off, final long mul, final long seed0, final long seed1)
    {
        long a = HashAlgorithms.fetch64(s, off) * K1;
        long b = HashAlgorithms.fetch64(s, off + 8);
        final long c = HashAlgorithms.fetch64(s, off + 24) * mul;
        final long d = HashAlgorithms.fetch64(s, off + 16) * K2;
        final long u = Long.rotateRight(a + b, 43) + Long.rotateRight(c, 30) + d + seed0;
        final long v = a + Long.rotateRight(b + K2, 18) + c + seed1;
        a = shiftMix((u ^ v) * mul);
        b = shiftMix((v ^ a) * mul);
        return b;
    }

    /** farmhashna's Hash64. */
    private static long naHash64(final byte[] s, final int off, final int len)
    {
        if (len <= 16)
        {
            return hashLen0to16(s, off, len);
        }
        if (len <= 32)
        {
            return hashLen17to32(s, off, len);
        }
        if (len <= 64)
        {
            return naHashLen33to64(s, off, len);
        }
        long x = SEED;
        long y = SEED * K1 + 113;
        long z = shiftMix(y * K2 + 113) * K2;
        // v and w are the (first, second) pairs of WeakHashLen32WithSeeds
        long v1 = 0;
        long v2 = 0;
        long w1 = 0;
        long w2 = 0;
        x = x * K2 + HashAlgorithms.fetch64(s, off);
        final int end = off + ((len - 1) / 64) * 64;
        final int last64 = end + ((len - 1) & 63) - 63;
        int p = off;
        do
        {
            x = Long.rotateRight(x + y + v1 + HashAlgorithms.fetch64(s, p + 8), 37) * K1;
            y = Long.rotateRight(y + v2 + HashAlgorithms.fetch64(s, p + 48), 42) * K1;
            x ^= w2;
            y += v1 + HashAlgorithms.fetch64(s, p + 40);
            z = Long.rotateRight(z + w1, 33) * K1;
            final long va = v2 * K1;
            final long vb = x + w1;
            final long wa = z + w2;
            final long wb = y + HashAlgorithms.fetch64(s, p + 16);
            v1 = weakFirst(s, p, va);
            v2 = weakSecond(s, p, va, vb);
            w1 = weakFirst(s, p + 32, wa);
            w2 = weakSecond(s, p + 32, wa, wb);
            final long t = z;
            z = x;
            x = t;
            p += 64;
        }
        while (p != end);
        final long mul = K1 + ((z & 0xff) << 1);
        p = last64;
        w1 += (len - 1) & 63;
        v1 += w1;
        w1 += v1;
        x = Long.rotateRight(x + y + v1 + HashAlgorithms.fetch64(s, p + 8), 37) * mul;
        y = Long.rotateRight(y + v2 + HashAlgorithms.fetch64(s, p + 48), 42) * mul;
        x ^= w2 * 9;
        y += v1 * 9 + HashAlgorithms.fetch64(s, p + 40);
        z = Long.rotateRight(z + w1, 33) * mul;
        final long va = v2 * mul;
        final long vb = x + w1;
        final long wa = z + w2;
        final long wb = y + HashAlgorithms.fetch64(s, p + 16);
        v1 = weakFirst(s, p, va);
        v2 = weakSecond(s, p, va, vb);
        w1 = weakFirst(s, p + 32, wa);
        w2 = weakSecond(s, p + 32, wa, wb);
        return hashLen16(hashLen16(v1, w1, mul) + shiftMix(y) * K0 + x,
            hashLen16(v2, w2, mul) + z, mul);
    }

    /** farmhashuo's Hash64 of more than 64 bytes: its Hash64WithSeeds with the seeds (81, 0). */
    private static long uoHash64(final byte[] s, final int off, final int len)
    {
        final long seed0 = SEED;
        final long seed1 = 0;
        long x = seed0;
        long y = seed1 * K2 + 113;
        long z = shiftMix(y * K2) * K2;
        long v1 = seed0;
        long v2 = seed1;
        long w1 = 0;
        long w2 = 0;
        long u = x - z;
        x *= K2;
        final long mul = K2 + (u & 0x82);
        final int end = off + ((len - 1) / 64) * 64;
        final int last64 = end + ((len - 1) & 63) - 63;
        int p = off;
        do
        {
            final long a0 = HashAlgorithms.fetch64(s, p);
            final long a1 = HashAlgorithms.fetch64(s, p + 8);
            final long a2 = HashAlgorithms.fetch64(s, p + 16);
            final long a3 = HashAlgorithms.fetch64(s, p + 24);
            final long a4 = HashAlgorithms.fetch64(s, p + 32);
            final long a5 = HashAlgorithms.fetch64(s, p + 40);
            final long a6 = HashAlgorithms.fetch64(s, p + 48);
            final long a7 = HashAlgorithms.fetch64(s, p + 56);
            x += a0 + a1;
            y += a2;
            z += a3;
            v1 += a4;
            v2 += a5 + a1;
            w1 += a6;
            w2 += a7;
            x = Long.rotateRight(x, 26) * 9;
            y = Long.rotateRight(y, 29);
            z *= mul;
            v1 = Long.rotateRight(v1, 33);
            v2 = Long.rotateRight(v2, 30);
            w1 = (w1 ^ x) * 9;
            z = Long.rotateRight(z, 32) + w2;
            w2 += z;
            z *= 9;
            long t = u;
            u = y;
            y = t;
            z += a0 + a6;
            v1 += a2;
            v2 += a3;
            w1 += a4;
            w2 += a5 + a6;
            x += a1;
            y += a7;
            y += v1;
            v1 += x - y;
            v2 += w1;
            w1 += v2;
            w2 += x - y;
            x += w2;
            w2 = Long.rotateRight(w2, 34);
            t = u;
            u = z;
            z = t;
            p += 64;
        }
        while (p != end);
        p = last64;
        u *= 9;
        v2 = Long.rotateRight(v2, 28);
        v1 = Long.rotateRight(v1, 20);
        w1 += (len - 1) & 63;
        u += y;
        y += u;
        x = Long.rotateRight(y - x + v1 + HashAlgorithms.fetch64(s, p + 8), 37) * mul;
        y = Long.rotateRight(y ^ v2 ^ HashAlgorithms.fetch64(s, p + 48), 42) * mul;
        x ^= w2 * 9;
        y += v1 + HashAlgorithms.fetch64(s, p + 40);
        z = Long.rotateRight(z + w1, 33) * mul;
        final long va = v2 * mul;
        final long vb = x + w1;
        final long wa = z + w2;
        final long wb = y + HashAlgorithms.fetch64(s, p + 16);
        v1 = weakFirst(s, p, va);
        v2 = weakSecond(s, p, va, vb);
        w1 = weakFirst(s, p + 32, wa);
        w2 = weakSecond(s, p + 32, wa, wb);
        return uoMix(hashLen16(v1 + x, w1 ^ y, mul) + z - u, uoMix(v2 + y, w2 + z, K2, 30) ^ x, K2, 31);
    }

    /** farmhashuo's H. */
    private static long uoMix(final long x, final long y, final long mul, final int r)
    {
        long a = (x ^ y) * mul;
        a ^= a >>> 47;
        final long b = (y ^ a) * mul;
        return Long.rotateRight(b, r) * mul;
    }

    /** The first half of WeakHashLen32WithSeeds(s[p .. p + 32), a, b): a + w + x + y + z. */
    private static long weakFirst(final byte[] s, final int p, final long a)
    {
        return a + HashAlgorithms.fetch64(s, p) + HashAlgorithms.fetch64(s, p + 8) + HashAlgorithms.fetch64(s, p + 16) +
            HashAlgorithms.fetch64(s, p + 24);
    }

    /** The second half of WeakHashLen32WithSeeds(s[p .. p + 32), a, b). */
    private static long weakSecond(final byte[] s, final int p, final long a, final long b)
    {
        final long w = HashAlgorithms.fetch64(s, p);
        final long z = HashAlgorithms.fetch64(s, p + 24);
        final long seeded = a + w;
        final long mixed = Long.rotateRight(b + seeded + z, 21);
        final long full = seeded + HashAlgorithms.fetch64(s, p + 8) + HashAlgorithms.fetch64(s, p + 16);
        return mixed + Long.rotateRight(full, 44) + seeded;
    }
}
