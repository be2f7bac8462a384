package io.muon.kernel.log;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.checksum.Crc32c;

/**
 * Layout of a NativeLog segment file {@code <index>.log}: a 64-byte header, then records
 * ({@link RecordDescriptor}) from offset 64 to the end of the file. Every segment of a log has the same length.
 * <pre>
 *   0  int64  magic            "MUONLOG1"
 *   8  int32  format version   1
 *  12  int32  header length    64
 *  16  int64  segment index    0, 1, 2 ... (the file name too)
 *  24  int64  base sequence    sequence number of the segment's first row; -1 while preallocated and unused
 *  32  int32  segment length   file length in bytes
 *  36  int32  reserved
 *  40  int64  activated at     epoch milliseconds when the segment became the active one
 *  48  int32  header crc32c    CRC32C of bytes [0, 48)
 *  52  ...    reserved up to 64
 * </pre>
 */
public final class SegmentDescriptor
{
    public static final long MAGIC = 0x31474f4c4e4f554dL; // "MUONLOG1" little-endian
    public static final int FORMAT_VERSION = 1;
    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 8;
    public static final int HEADER_LENGTH_OFFSET = 12;
    public static final int SEGMENT_INDEX_OFFSET = 16;
    public static final int BASE_SEQUENCE_OFFSET = 24;
    public static final int SEGMENT_LENGTH_OFFSET = 32;
    public static final int ACTIVATED_AT_OFFSET = 40;
    public static final int HEADER_CRC_OFFSET = 48;
    public static final int HEADER_LENGTH = 64;
    public static final long UNUSED_BASE_SEQUENCE = -1;

    public static final String SEGMENT_SUFFIX = ".log";
    public static final String INDEX_SUFFIX = ".idx";

    /** Smallest and largest segment length accepted. */
    public static final int MIN_SEGMENT_LENGTH = 64 * 1024;
    public static final int MAX_SEGMENT_LENGTH = 1 << 30;

    private SegmentDescriptor()
    {
    }

    public static String segmentFileName(final long segmentIndex)
    {
        return String.format("%020d%s", segmentIndex, SEGMENT_SUFFIX);
    }

    public static String indexFileName(final long segmentIndex)
    {
        return String.format("%020d%s", segmentIndex, INDEX_SUFFIX);
    }

    /** Writes a header for a preallocated segment (base sequence unknown yet). */
    public static void writeHeader(
        final MutableDirectBuffer buffer, final long segmentIndex, final long baseSequence, final int segmentLength,
        final long activatedAtMs)
    {
        buffer.putLong(MAGIC_OFFSET, MAGIC);
        buffer.putInt(VERSION_OFFSET, FORMAT_VERSION);
        buffer.putInt(HEADER_LENGTH_OFFSET, HEADER_LENGTH);
        buffer.putLong(SEGMENT_INDEX_OFFSET, segmentIndex);
        buffer.putLong(BASE_SEQUENCE_OFFSET, baseSequence);
        buffer.putInt(SEGMENT_LENGTH_OFFSET, segmentLength);
        buffer.putLong(ACTIVATED_AT_OFFSET, activatedAtMs);
        buffer.putInt(HEADER_CRC_OFFSET, headerCrc(buffer));
    }

    public static int headerCrc(final DirectBuffer buffer)
    {
        return Crc32c.INSTANCE.compute(buffer.addressOffset(), 0, HEADER_CRC_OFFSET);
    }

    /** @return null if the header is sound, else what is wrong with it. */
    public static String validateHeader(final DirectBuffer buffer, final long expectedIndex, final int fileLength)
    {
        if (fileLength < HEADER_LENGTH)
        {
            return "file is " + fileLength + " bytes, shorter than the " + HEADER_LENGTH + "-byte segment header";
        }
        if (buffer.getLong(MAGIC_OFFSET) != MAGIC)
        {
            return "bad magic 0x" + Long.toHexString(buffer.getLong(MAGIC_OFFSET)) + " (not a NativeLog segment)";
        }
        if (buffer.getInt(VERSION_OFFSET) != FORMAT_VERSION)
        {
            return "unsupported format version " + buffer.getInt(VERSION_OFFSET);
        }
        final int storedCrc = buffer.getInt(HEADER_CRC_OFFSET);
        final int actualCrc = headerCrc(buffer);
        if (storedCrc != actualCrc)
        {
            return String.format("header CRC mismatch: stored 0x%08x, computed 0x%08x", storedCrc, actualCrc);
        }
        if (buffer.getLong(SEGMENT_INDEX_OFFSET) != expectedIndex)
        {
            return "header names segment " + buffer.getLong(SEGMENT_INDEX_OFFSET) + ", file name says " +
                expectedIndex;
        }
        final int length = buffer.getInt(SEGMENT_LENGTH_OFFSET);
        if (length < MIN_SEGMENT_LENGTH || length > MAX_SEGMENT_LENGTH || length % RecordDescriptor.FRAME_ALIGNMENT != 0)
        {
            return "bad segment length " + length;
        }
        return null;
    }

    public static long segmentIndex(final DirectBuffer buffer)
    {
        return buffer.getLong(SEGMENT_INDEX_OFFSET);
    }

    public static long baseSequence(final DirectBuffer buffer)
    {
        return buffer.getLong(BASE_SEQUENCE_OFFSET);
    }

    public static int segmentLength(final DirectBuffer buffer)
    {
        return buffer.getInt(SEGMENT_LENGTH_OFFSET);
    }

    public static long activatedAt(final DirectBuffer buffer)
    {
        return buffer.getLong(ACTIVATED_AT_OFFSET);
    }

    /** Reads the segment length out of a header without other checks (for opening an existing log). */
    public static long parseIndex(final String fileName)
    {
        final String digits = fileName.substring(0, fileName.length() - SEGMENT_SUFFIX.length());
        try
        {
            return Long.parseLong(digits);
        }
        catch (final NumberFormatException e)
        {
            return -1;
        }
    }
}
