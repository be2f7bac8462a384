package io.muon.kernel.log;

import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.io.MappedRegion;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

import static io.muon.kernel.log.LogIndexDescriptor.*;

/**
 * The mapped sparse index of one segment ({@link LogIndexDescriptor}). Written by one thread at a time (recovery,
 * then the flusher); read by tailers, which see entries up to the entry count published with release semantics.
 */
final class SegmentIndex implements AutoCloseable
{
    private final FilesFacade files;
    private final MappedRegion region;
    private final UnsafeBuffer buffer;
    private final int maxEntries;

    private SegmentIndex(final FilesFacade files, final MappedRegion region, final int maxEntries)
    {
        this.files = files;
        this.region = region;
        this.buffer = region.buffer();
        this.maxEntries = maxEntries;
    }

    static SegmentIndex create(final FilesFacade files, final Path file, final long segmentIndex,
        final int segmentLength, final int intervalBytes) throws IOException
    {
        final SegmentIndex index = map(files, file, segmentLength, intervalBytes);
        index.reset(segmentIndex);
        return index;
    }

    /** Maps an index file, creating or resizing it to the length the segment needs; contents are not checked. */
    static SegmentIndex map(final FilesFacade files, final Path file, final int segmentLength, final int intervalBytes)
        throws IOException
    {
        final int length = fileLength(segmentLength, intervalBytes);
        final FileChannel channel = files.openReadWrite(file, true);
        try
        {
            if (channel.size() != length)
            {
                files.setLength(channel, length);
            }
            return new SegmentIndex(files, files.map(channel, length, true), maxEntries(segmentLength, intervalBytes));
        }
        finally
        {
            files.close(channel);
        }
    }

    /** Forgets all entries. */
    void reset(final long segmentIndex)
    {
        buffer.putIntVolatile(ENTRY_COUNT_OFFSET, 0);
        writeEmptyHeader(buffer, segmentIndex);
    }

    /** @return true if the file is a complete, sealed index of the given segment whose checksum holds. */
    boolean isSoundAndSealed(final long segmentIndex, final int segmentLength)
    {
        if (buffer.getLong(MAGIC_OFFSET) != MAGIC || buffer.getLong(SEGMENT_INDEX_OFFSET) != segmentIndex ||
            !isSealed(buffer))
        {
            return false;
        }
        final int count = entryCount();
        if (count < 0 || count > maxEntries || buffer.getInt(END_OFFSET_OFFSET) != segmentLength)
        {
            return false;
        }
        if (buffer.getInt(HEADER_CRC_OFFSET) != sealedCrc(buffer, count))
        {
            return false;
        }
        for (int i = 0; i < count; i++)
        {
            final int offset = LogIndexDescriptor.entryRecordOffset(buffer, i);
            if (offset < SegmentDescriptor.HEADER_LENGTH || offset > segmentLength - RecordDescriptor.HEADER_LENGTH)
            {
                return false;
            }
        }
        return true;
    }

    int entryCount()
    {
        return entryCountVolatile(buffer);
    }

    boolean hasRoom()
    {
        return entryCount() < maxEntries;
    }

    void addEntry(final long baseSequence, final long maxTimeBefore, final int recordOffset)
    {
        final int count = buffer.getInt(ENTRY_COUNT_OFFSET);
        if (count >= maxEntries)
        {
            return;
        }
        final int at = entryOffset(count);
        buffer.putLong(at + ENTRY_SEQUENCE_OFFSET, baseSequence);
        buffer.putLong(at + ENTRY_MAX_TIME_BEFORE_OFFSET, maxTimeBefore);
        buffer.putInt(at + ENTRY_RECORD_OFFSET, recordOffset);
        buffer.putInt(at + ENTRY_RECORD_OFFSET + 4, 0);
        buffer.putIntRelease(ENTRY_COUNT_OFFSET, count + 1);
    }

    /** Records how far the index covers the segment. */
    void progress(final int endOffset, final long nextSequence, final long maxEventTime)
    {
        buffer.putInt(END_OFFSET_OFFSET, endOffset);
        buffer.putLong(NEXT_SEQUENCE_OFFSET, nextSequence);
        buffer.putLongRelease(MAX_EVENT_TIME_OFFSET, maxEventTime);
    }

    /** Marks the index complete, with its checksum, and forces it to disk. */
    void seal(final int segmentLength, final long nextSequence, final long maxEventTime, final long sealedAtMs)
    {
        progress(segmentLength, nextSequence, maxEventTime);
        buffer.putLong(SEALED_AT_OFFSET, sealedAtMs);
        buffer.putInt(SEALED_OFFSET, 1);
        buffer.putInt(HEADER_CRC_OFFSET, sealedCrc(buffer, entryCount()));
        force();
    }

    boolean sealed()
    {
        return isSealed(buffer);
    }

    long sealedAt()
    {
        return buffer.getLong(SEALED_AT_OFFSET);
    }

    long maxEventTime()
    {
        return buffer.getLongVolatile(MAX_EVENT_TIME_OFFSET);
    }

    long nextSequence()
    {
        return buffer.getLong(NEXT_SEQUENCE_OFFSET);
    }

    long entrySequence(final int entry)
    {
        return LogIndexDescriptor.entrySequence(buffer, entry);
    }

    long entryMaxTimeBefore(final int entry)
    {
        return LogIndexDescriptor.entryMaxTimeBefore(buffer, entry);
    }

    int entryRecordOffset(final int entry)
    {
        return LogIndexDescriptor.entryRecordOffset(buffer, entry);
    }

    /** Index of the last entry whose base sequence is at most {@code sequence}, or -1. */
    int floorBySequence(final long sequence)
    {
        int low = 0;
        int high = entryCount() - 1;
        int found = -1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            if (entrySequence(mid) <= sequence)
            {
                found = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }
        return found;
    }

    /** Index of the last entry before which every record's event times are below {@code time}, or -1. */
    int floorByTime(final long time)
    {
        int low = 0;
        int high = entryCount() - 1;
        int found = -1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            if (entryMaxTimeBefore(mid) < time)
            {
                found = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }
        return found;
    }

    void force()
    {
        files.force(region, 0, entryOffset(entryCount()));
    }

    @Override
    public void close()
    {
        region.close();
    }
}
