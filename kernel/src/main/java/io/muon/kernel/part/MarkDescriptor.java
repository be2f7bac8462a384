package io.muon.kernel.part;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * One entry of a {@code .mrk} file (ClickHouse's non-adaptive marks): where granule i of a column stream starts, as
 * the offset of its compressed block in the {@code .bin} file and the offset of its first byte inside that block once
 * decompressed. Both UInt64 little-endian.
 */
public final class MarkDescriptor
{
    public static final int COMPRESSED_OFFSET_OFFSET = 0;
    public static final int DECOMPRESSED_OFFSET_OFFSET = 8;
    public static final int LENGTH = 16;

    private MarkDescriptor()
    {
    }

    public static long compressedOffset(final DirectBuffer marks, final int granule)
    {
        return marks.getLong(granule * LENGTH + COMPRESSED_OFFSET_OFFSET, java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    public static long decompressedOffset(final DirectBuffer marks, final int granule)
    {
        return marks.getLong(granule * LENGTH + DECOMPRESSED_OFFSET_OFFSET, java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    public static void put(final MutableDirectBuffer marks, final int granule, final long compressedOffset,
        final long decompressedOffset)
    {
        marks.putLong(granule * LENGTH + COMPRESSED_OFFSET_OFFSET, compressedOffset, java.nio.ByteOrder.LITTLE_ENDIAN);
        marks.putLong(granule * LENGTH + DECOMPRESSED_OFFSET_OFFSET, decompressedOffset,
            java.nio.ByteOrder.LITTLE_ENDIAN);
    }
}
