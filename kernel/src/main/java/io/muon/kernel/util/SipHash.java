package io.muon.kernel.util;

/**
 * SipHash-2-4 with the key (0, 0) as ClickHouse computes it: {@code sipHash64} and {@code sipHash128} (whose halves are
 * {@code v0 ^ v1} and {@code v2 ^ v3}), and the hash behind partition IDs of non-integer partition keys. Stateless.
 */
public final class SipHash
{
    private SipHash()
    {
    }

    /** Hashes {@code s[off, off + len)}; returns the 64-bit result, and with {@code out128} fills the 128-bit one. */
    public static long hash(final byte[] s, final int off, final int len, final long[] out128)
    {
        long v0 = 0x736f6d6570736575L;
        long v1 = 0x646f72616e646f6dL;
        long v2 = 0x6c7967656e657261L;
        long v3 = 0x7465646279746573L;
        final int end = off + len;
        int i = off;
        for (; i + 8 <= end; i += 8)
        {
            long m = 0;
            for (int k = 0; k < 8; k++)
            {
                m |= (s[i + k] & 0xFFL) << (8 * k);
            }
            v3 ^= m;
            for (int round = 0; round < 2; round++)
            {
                v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
                v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
                v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
                v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            }
            v0 ^= m;
        }
        long last = ((long)len & 0xFF) << 56;
        for (int k = 0; i < end; i++, k++)
        {
            last |= (s[i] & 0xFFL) << (8 * k);
        }
        v3 ^= last;
        for (int round = 0; round < 2; round++)
        {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        v0 ^= last;
        v2 ^= 0xff;
        for (int round = 0; round < 4; round++)
        {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        if (out128 != null)
        {
            out128[0] = v0 ^ v1;
            out128[1] = v2 ^ v3;
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }
}
