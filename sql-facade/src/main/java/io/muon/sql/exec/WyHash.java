package io.muon.sql.exec;

/**
 * wyhash as ClickHouse's {@code wyHash64} computes it, written from the published definition of the version ClickHouse
 * bundles ("final 3": {@code wyhash(data, len, 0, _wyp)} with its four default secrets and a plain 128-bit multiply
 * for mixing). Works on {@code data[off .. off + len)} without allocating.
 */
final class WyHash
{
    private static final long P0 = 0xa0761d6478bd642fL;
    private static final long P1 = 0xe7037ed1a0b428dbL;
    private static final long P2 = 0x8ebc6af09c88c6e3L;
    private static final long P3 = 0x589965cc75374cc3L;

    private WyHash()
    {
    }

    /** The xor of the two halves of the unsigned 128-bit product of a and b. */
    private static long mix(final long a, final long b)
    {
        final long high = Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
        return a * b ^ high;
    }

    private static long read4(final byte[] s, final int i)
    {
        return HashAlgorithms.fetch32(s, i) & 0xFFFFFFFFL;
    }

    /** wyhash of {@code s[off .. off + len)} with seed 0. */
    static long hash64(final byte[] s, final int off, final int len)
    {
        long seed = P0;
        final long a;
        final long b;
        if (len <= 16)
        {
            if (len >= 4)
            {
                final int quarter = (len >> 3) << 2;
                a = read4(s, off) << 32 | read4(s, off + quarter);
                b = read4(s, off + len - 4) << 32 | read4(s, off + len - 4 - quarter);
            }
            else if (len > 0)
            {
                a = (s[off] & 0xFFL) << 16 | (s[off + (len >> 1)] & 0xFFL) << 8 | s[off + len - 1] & 0xFFL;
                b = 0;
            }
            else
            {
                a = 0;
                b = 0;
            }
        }
        else
        {
            int p = off;
            int left = len;
            if (left > 48)
            {
                long see1 = seed;
                long see2 = seed;
                do
                {
                    seed = mix(HashAlgorithms.fetch64(s, p) ^ P1, HashAlgorithms.fetch64(s, p + 8) ^ seed);
                    see1 = mix(HashAlgorithms.fetch64(s, p + 16) ^ P2, HashAlgorithms.fetch64(s, p + 24) ^ see1);
                    see2 = mix(HashAlgorithms.fetch64(s, p + 32) ^ P3, HashAlgorithms.fetch64(s, p + 40) ^ see2);
                    p += 48;
                    left -= 48;
                }
                while (left > 48);
                seed ^= see1 ^ see2;
            }
            while (left > 16)
            {
                seed = mix(HashAlgorithms.fetch64(s, p) ^ P1, HashAlgorithms.fetch64(s, p + 8) ^ seed);
                left -= 16;
                p += 16;
            }
            a = HashAlgorithms.fetch64(s, p + left - 16);
            b = HashAlgorithms.fetch64(s, p + left - 8);
        }
        return mix(P1 ^ len, mix(a ^ P1, b ^ seed));
    }
}
