package io.muon.kernel.log;

import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.io.MappedRegion;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One mapped segment file and its index. The tail is a packed word that producers advance with one atomic add:
 * the high 32 bits count the rows claimed in this segment, the low 32 bits the claimed offset in 8-byte units.
 * Reference-counted: the log holds one reference while the segment is part of it and every tailer reading it holds
 * one; the mapping is unmapped (and the files deleted, once retention dropped the segment) at the last release,
 * so no reader ever touches unmapped memory.
 */
final class Segment
{
    static final long OFFSET_MASK = 0xFFFF_FFFFL;
    /** Rows one segment may hold; the packed tail keeps headroom above it for racing claims. */
    static final long MAX_ROWS_PER_SEGMENT = 1L << 30;

    final long index;
    final int length;
    final Path logFile;
    final Path indexFile;
    final MappedRegion region;
    final UnsafeBuffer buffer;
    final SegmentIndex segmentIndex;
    final AtomicLong tail = new AtomicLong();
    private final AtomicInteger references = new AtomicInteger(1);
    private final FilesFacade files;
    private volatile boolean deleteOnRelease;
    volatile long baseSequence;
    /** Offset up to which the flusher has touched the pages (flusher thread only). */
    int touchedUpTo;

    Segment(
        final FilesFacade files, final long index, final int length, final Path logFile, final Path indexFile,
        final MappedRegion region, final SegmentIndex segmentIndex)
    {
        this.files = files;
        this.index = index;
        this.length = length;
        this.logFile = logFile;
        this.indexFile = indexFile;
        this.region = region;
        this.buffer = region.buffer();
        this.segmentIndex = segmentIndex;
        this.baseSequence = SegmentDescriptor.baseSequence(buffer);
    }

    /** Creates the segment file and its index, mapped, with a header whose base sequence is unknown yet. */
    static Segment create(final FilesFacade files, final Path directory, final long index, final int length,
        final int indexIntervalBytes) throws IOException
    {
        final Path logFile = directory.resolve(SegmentDescriptor.segmentFileName(index));
        final Path indexFile = directory.resolve(SegmentDescriptor.indexFileName(index));
        if (files.exists(logFile))
        {
            throw new IOException("segment file " + logFile + " already exists");
        }
        final MappedRegion region;
        final FileChannel channel = files.openReadWrite(logFile, true);
        try
        {
            files.setLength(channel, length);
            region = files.map(channel, length, true);
        }
        finally
        {
            files.close(channel);
        }
        final SegmentIndex segmentIndex;
        try
        {
            SegmentDescriptor.writeHeader(region.buffer(), index, SegmentDescriptor.UNUSED_BASE_SEQUENCE, length, 0);
            segmentIndex = SegmentIndex.create(files, indexFile, index, length, indexIntervalBytes);
        }
        catch (final IOException | RuntimeException e)
        {
            region.close();
            throw e;
        }
        final Segment segment = new Segment(files, index, length, logFile, indexFile, region, segmentIndex);
        segment.resetTail(SegmentDescriptor.HEADER_LENGTH, 0);
        return segment;
    }

    /** Makes this preallocated segment the one that starts at {@code baseSequence}. */
    void activate(final long baseSequence, final long nowMs)
    {
        SegmentDescriptor.writeHeader(buffer, index, baseSequence, length, nowMs);
        this.baseSequence = baseSequence;
    }

    /**
     * Faults in the pages of {@code [touchedUpTo, upTo)} so producers do not take the page faults themselves. Each
     * page is touched with an atomic compare-and-set of 0 to 0 on its first word: it writes (which makes the kernel
     * allocate the page) but can never overwrite what a producer has written there meanwhile.
     *
     * @return the number of pages touched.
     */
    int pretouch(final int upTo)
    {
        final int end = Math.min(upTo, length);
        int pages = 0;
        int offset = (touchedUpTo + PAGE - 1) & -PAGE;
        for (; offset < end; offset += PAGE)
        {
            buffer.compareAndSetLong(offset, 0L, 0L);
            pages++;
        }
        touchedUpTo = Math.max(touchedUpTo, Math.min(offset, length));
        return pages;
    }

    static final int PAGE = 4096;

    void resetTail(final long offset, final long rows)
    {
        tail.set((rows << 32) | (offset >>> 3));
    }

    static long tailOffset(final long packed)
    {
        return (packed & OFFSET_MASK) << 3;
    }

    static long tailRows(final long packed)
    {
        return packed >>> 32;
    }

    /** Position of the end of this segment in the log's position space. */
    long endPosition()
    {
        return (index + 1) * length;
    }

    long position(final int offset)
    {
        return index * length + offset;
    }

    boolean tryAcquire()
    {
        while (true)
        {
            final int current = references.get();
            if (current <= 0)
            {
                return false;
            }
            if (references.compareAndSet(current, current + 1))
            {
                return true;
            }
        }
    }

    void release()
    {
        if (references.decrementAndGet() == 0)
        {
            region.close();
            segmentIndex.close();
            if (deleteOnRelease)
            {
                try
                {
                    files.delete(logFile);
                    files.delete(indexFile);
                }
                catch (final IOException e)
                {
                    throw new LogException("cannot delete dropped segment " + logFile + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /** Marks the segment's files for deletion at the last release. */
    void dropOnRelease()
    {
        deleteOnRelease = true;
    }

    @Override
    public String toString()
    {
        return "segment " + index + " (" + logFile + ")";
    }
}
