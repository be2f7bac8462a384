package io.muon.kernel.log;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.checksum.Crc32c;

/**
 * Layout of a segment's sparse index file {@code <index>.idx}. The flusher appends an entry whenever the records it
 * has scanned cross another {@code indexIntervalBytes} of the segment; tailers binary-search the entries to seek by
 * sequence number or event time and scan record headers from there. Entries are persisted with the segment; a
 * missing or damaged index is rebuilt by scanning its segment.
 * <pre>
 * header (64 bytes):
 *   0  int64  magic          "MUONIDX1"
 *   8  int64  segment index
 *  16  int32  entry count    published with release after the entry is written
 *  20  int32  sealed         1 once every record of the segment is indexed and durable
 *  24  int32  end offset     offset just past the last indexed record (segment length once sealed)
 *  28  int32  crc            CRC32C of the header (this field excluded) and all entries; written when sealed
 *  32  int64  next sequence  first sequence number after the last indexed record
 *  40  int64  max event time largest max event time of the indexed records (Long.MIN_VALUE if none)
 *  48  int64  sealed at      epoch milliseconds when the segment was sealed (for retention by age)
 *  56  int64  reserved
 * entries from 64, 24 bytes each:
 *   +0  int64  base sequence of the record at the entry's offset
 *   +8  int64  max event time of all records of the segment before that offset (Long.MIN_VALUE if none)
 *   +16 int32  offset of the record in the segment
 *   +20 int32  reserved
 * </pre>
 */
public final class LogIndexDescriptor
{
    public static final long MAGIC = 0x315844494e4f554dL; // "MUONIDX1" little-endian
    public static final int MAGIC_OFFSET = 0;
    public static final int SEGMENT_INDEX_OFFSET = 8;
    public static final int ENTRY_COUNT_OFFSET = 16;
    public static final int SEALED_OFFSET = 20;
    public static final int END_OFFSET_OFFSET = 24;
    public static final int HEADER_CRC_OFFSET = 28;
    public static final int NEXT_SEQUENCE_OFFSET = 32;
    public static final int MAX_EVENT_TIME_OFFSET = 40;
    public static final int SEALED_AT_OFFSET = 48;
    public static final int HEADER_LENGTH = 64;

    public static final int ENTRY_LENGTH = 24;
    public static final int ENTRY_SEQUENCE_OFFSET = 0;
    public static final int ENTRY_MAX_TIME_BEFORE_OFFSET = 8;
    public static final int ENTRY_RECORD_OFFSET = 16;

    private LogIndexDescriptor()
    {
    }

    /** Entries an index file must hold for a segment of the given length and index interval. */
    public static int maxEntries(final int segmentLength, final int intervalBytes)
    {
        return segmentLength / intervalBytes + 2;
    }

    public static int fileLength(final int segmentLength, final int intervalBytes)
    {
        return HEADER_LENGTH + maxEntries(segmentLength, intervalBytes) * ENTRY_LENGTH;
    }

    public static int entryOffset(final int entry)
    {
        return HEADER_LENGTH + entry * ENTRY_LENGTH;
    }

    public static int entryCountVolatile(final org.agrona.concurrent.AtomicBuffer buffer)
    {
        return buffer.getIntVolatile(ENTRY_COUNT_OFFSET);
    }

    public static long entrySequence(final DirectBuffer buffer, final int entry)
    {
        return buffer.getLong(entryOffset(entry) + ENTRY_SEQUENCE_OFFSET);
    }

    public static long entryMaxTimeBefore(final DirectBuffer buffer, final int entry)
    {
        return buffer.getLong(entryOffset(entry) + ENTRY_MAX_TIME_BEFORE_OFFSET);
    }

    public static int entryRecordOffset(final DirectBuffer buffer, final int entry)
    {
        return buffer.getInt(entryOffset(entry) + ENTRY_RECORD_OFFSET);
    }

    public static boolean isSealed(final org.agrona.concurrent.AtomicBuffer buffer)
    {
        return buffer.getIntVolatile(SEALED_OFFSET) == 1;
    }

    /** CRC of a sealed index: the header without its CRC field, and the entries. */
    public static int sealedCrc(final DirectBuffer buffer, final int entryCount)
    {
        final long address = buffer.addressOffset();
        return Crc32c.INSTANCE.compute(address, 0, HEADER_CRC_OFFSET) ^
            Crc32c.INSTANCE.compute(address, NEXT_SEQUENCE_OFFSET, entryOffset(entryCount) - NEXT_SEQUENCE_OFFSET);
    }

    public static void writeEmptyHeader(final MutableDirectBuffer buffer, final long segmentIndex)
    {
        buffer.setMemory(0, HEADER_LENGTH, (byte)0);
        buffer.putLong(MAGIC_OFFSET, MAGIC);
        buffer.putLong(SEGMENT_INDEX_OFFSET, segmentIndex);
        buffer.putLong(MAX_EVENT_TIME_OFFSET, Long.MIN_VALUE);
    }
}
