package io.muon.clickhouse.tcp;

import io.muon.clickhouse.format.ByteSource;
import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.compress.CompressedBlock;
import io.muon.kernel.compress.CompressedBlockDescriptor;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The decompressed bytes of a stream of ClickHouse compressed blocks read from the connection (Data packets of a
 * query sent with compression): each frame's header, sizes and CityHash128 are checked before it is decompressed.
 * A frame that claims more than {@code maxFrameBytes} uncompressed, or more than its compressed size could possibly
 * hold, fails before anything is allocated for it. Owned by the connection's thread.
 */
final class CompressedInput implements ByteSource.Refill
{
    /** LZ4 and ZSTD cannot expand data by more than this factor (LZ4's limit is 255). */
    private static final long MAX_RATIO = 256;

    private final ByteSource raw;
    private final int maxFrameBytes;
    private final UnsafeBuffer source = new UnsafeBuffer(new byte[0]);
    private final UnsafeBuffer target = new UnsafeBuffer(new byte[0]);
    private byte[] plain = new byte[0];
    private int position;
    private int limit;

    CompressedInput(final ByteSource raw, final int maxFrameBytes)
    {
        this.raw = raw;
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public int fill(final byte[] buffer, final int offset, final int maxLength)
    {
        while (position == limit)
        {
            if (!nextFrame())
            {
                return -1;
            }
        }
        final int n = Math.min(maxLength, limit - position);
        System.arraycopy(plain, position, buffer, offset, n);
        position += n;
        return n;
    }

    private boolean nextFrame()
    {
        if (!raw.hasRemaining())
        {
            return false;
        }
        raw.require(CompressedBlockDescriptor.FRAME_HEADER_LENGTH);
        source.wrap(raw.data(), raw.position(), raw.remaining());
        final int frameLength = CompressedBlock.requiredLength(source, 0, raw.remaining());
        final long uncompressed = CompressedBlockDescriptor.uncompressedSize(source, 0);
        final long compressed = CompressedBlockDescriptor.compressedSize(source, 0);
        if (uncompressed > maxFrameBytes)
        {
            throw new MuonException(ErrorCodes.TOO_LARGE_SIZE_COMPRESSED, "Too large size_decompressed: " +
                uncompressed + " (at most " + maxFrameBytes + " bytes per compressed block)");
        }
        if (uncompressed > compressed * MAX_RATIO + 1024)
        {
            throw new MuonException(ErrorCodes.CORRUPTED_DATA, "A compressed block of " + compressed + " bytes " +
                "claims " + uncompressed + " bytes uncompressed: corrupted data");
        }
        raw.require(frameLength);
        source.wrap(raw.data(), raw.position(), frameLength);
        if (plain.length < uncompressed)
        {
            plain = new byte[(int)Math.max(uncompressed, Math.min(maxFrameBytes, plain.length * 2L))];
        }
        target.wrap(plain);
        limit = CompressedBlock.decompress(source, 0, frameLength, target, 0);
        position = 0;
        raw.skip(frameLength);
        return true;
    }
}
