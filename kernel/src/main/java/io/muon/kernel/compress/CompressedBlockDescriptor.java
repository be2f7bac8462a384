package io.muon.kernel.compress;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Layout of one ClickHouse compressed block, the frame of the native protocol's compressed Data packets and of every
 * MergeTree {@code .bin} file (a file is frames back to back). All numbers are little-endian.
 * <pre>
 *   0  uint64  checksum low     CityHash128 (v1.0.2) of bytes [16, 16 + compressed size)
 *   8  uint64  checksum high
 *  16  uint8   method          0x02 none, 0x82 LZ4 (LZ4HC writes the same byte), 0x90 ZSTD
 *  17  uint32  compressed size  the header from offset 16 (9 bytes) plus the payload
 *  21  uint32  uncompressed size
 *  25  ...     payload         compressed size - 9 bytes: an LZ4 block, a ZSTD frame, or the bytes themselves
 * </pre>
 * A frame is {@code 16 + compressed size} bytes long. Only {@link CompressedBlock} and this class know the offsets.
 */
public final class CompressedBlockDescriptor
{
    public static final int CHECKSUM_LOW_OFFSET = 0;
    public static final int CHECKSUM_HIGH_OFFSET = 8;
    public static final int CHECKSUM_LENGTH = 16;
    public static final int METHOD_OFFSET = 16;
    public static final int COMPRESSED_SIZE_OFFSET = 17;
    public static final int UNCOMPRESSED_SIZE_OFFSET = 21;
    public static final int PAYLOAD_OFFSET = 25;

    /** The header the compressed size counts: method byte and the two sizes. */
    public static final int HEADER_LENGTH = 9;

    /** Checksum and header: the bytes a reader needs before it knows how long the frame is. */
    public static final int FRAME_HEADER_LENGTH = CHECKSUM_LENGTH + HEADER_LENGTH;

    public static final byte METHOD_NONE = 0x02;
    public static final byte METHOD_LZ4 = (byte)0x82;
    public static final byte METHOD_ZSTD = (byte)0x90;

    /** Largest compressed or uncompressed size a frame may declare: 1 GiB, ClickHouse's DBMS_MAX_COMPRESSED_SIZE. */
    public static final int MAX_SIZE = 1 << 30;

    private CompressedBlockDescriptor()
    {
    }

    public static long checksumLow(final DirectBuffer buffer, final int frameOffset)
    {
        return buffer.getLong(frameOffset + CHECKSUM_LOW_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    public static long checksumHigh(final DirectBuffer buffer, final int frameOffset)
    {
        return buffer.getLong(frameOffset + CHECKSUM_HIGH_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    public static byte method(final DirectBuffer buffer, final int frameOffset)
    {
        return buffer.getByte(frameOffset + METHOD_OFFSET);
    }

    /** The compressed size as stored, unsigned: header plus payload. */
    public static long compressedSize(final DirectBuffer buffer, final int frameOffset)
    {
        return buffer.getInt(frameOffset + COMPRESSED_SIZE_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
    }

    /** The uncompressed size as stored, unsigned. */
    public static long uncompressedSize(final DirectBuffer buffer, final int frameOffset)
    {
        return buffer.getInt(frameOffset + UNCOMPRESSED_SIZE_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
    }

    /** Bytes of the whole frame as its header declares them, unchecked. */
    public static long frameLength(final DirectBuffer buffer, final int frameOffset)
    {
        return CHECKSUM_LENGTH + compressedSize(buffer, frameOffset);
    }

    public static boolean isKnownMethod(final byte method)
    {
        return method == METHOD_NONE || method == METHOD_LZ4 || method == METHOD_ZSTD;
    }

    static void putChecksum(final MutableDirectBuffer buffer, final int frameOffset, final long low, final long high)
    {
        buffer.putLong(frameOffset + CHECKSUM_LOW_OFFSET, low, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(frameOffset + CHECKSUM_HIGH_OFFSET, high, ByteOrder.LITTLE_ENDIAN);
    }

    static void putHeader(
        final MutableDirectBuffer buffer, final int frameOffset, final byte method,
        final int compressedSize, final int uncompressedSize)
    {
        buffer.putByte(frameOffset + METHOD_OFFSET, method);
        buffer.putInt(frameOffset + COMPRESSED_SIZE_OFFSET, compressedSize, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(frameOffset + UNCOMPRESSED_SIZE_OFFSET, uncompressedSize, ByteOrder.LITTLE_ENDIAN);
    }
}
