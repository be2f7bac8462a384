package io.muon.kernel.part;

import io.muon.kernel.compress.CityHash128;

/**
 * The running form of {@link CityHash128#hashBlockwise}: the hash ClickHouse's HashingWriteBuffer keeps of every byte
 * written to a part file (and of the uncompressed contents of a compressed one), fed in pieces of any size. Owned by
 * the writer of one file.
 */
final class BlockwiseHasher
{
    private final byte[] block = new byte[CityHash128.HASHING_BLOCK_SIZE];
    private final long[] state = new long[2];
    private int filled;
    private long count;

    void update(final byte[] data, final int offset, final int length)
    {
        int at = offset;
        int left = length;
        count += length;
        while (left > 0)
        {
            if (filled == 0 && left >= block.length)
            {
                CityHash128.hashWithSeed(data, at, block.length, state[0], state[1], state);
                at += block.length;
                left -= block.length;
                continue;
            }
            final int take = Math.min(left, block.length - filled);
            System.arraycopy(data, at, block, filled, take);
            filled += take;
            at += take;
            left -= take;
            if (filled == block.length)
            {
                CityHash128.hashWithSeed(block, 0, block.length, state[0], state[1], state);
                filled = 0;
            }
        }
    }

    /** Bytes fed so far. */
    long count()
    {
        return count;
    }

    /** The hash of everything fed (low half, high half); feeding may not go on afterwards. */
    long[] finish()
    {
        if (filled > 0)
        {
            CityHash128.hashWithSeed(block, 0, filled, state[0], state[1], state);
            filled = 0;
        }
        return state.clone();
    }
}
