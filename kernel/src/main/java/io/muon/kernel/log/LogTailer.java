package io.muon.kernel.log;

import io.muon.kernel.memory.MemoryTag;
import io.muon.kernel.memory.NativeBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.TimeUnit;

import static io.muon.kernel.log.RecordDescriptor.*;

/**
 * An independent cursor over a {@link NativeLog}: delivers every published record once, in log order, read in place
 * from the mapped segment (a compressed body is inflated into the tailer's own scratch buffer). Seeks by sequence
 * number or event time use the sparse indexes and then scan record headers. Owned by one thread; holds a reference
 * on the segment it reads so retention cannot unmap it underneath; {@link #close()} releases it.
 */
public final class LogTailer implements AutoCloseable
{
    private final NativeLog log;
    private final RecordView view = new RecordView();
    private NativeBuffer inflated;
    private Segment segment;
    private int offset;
    private long nextSequence;
    private long skippedRecords;
    private boolean closed;

    LogTailer(final NativeLog log)
    {
        this.log = log;
    }

    /**
     * Delivers up to {@code limit} published records to {@code handler}.
     *
     * @return the number delivered; 0 when nothing new is published yet.
     * @throws LogException if a record cannot be read (a corrupt length or body).
     */
    public int poll(final RecordHandler handler, final int limit)
    {
        int delivered = 0;
        while (delivered < limit && !closed)
        {
            if (segment == null && !repositionAtStart())
            {
                break;
            }
            final Segment current = segment;
            if (offset + HEADER_LENGTH > current.length)
            {
                if (!advanceSegment())
                {
                    break;
                }
                continue;
            }
            final UnsafeBuffer buffer = current.buffer;
            final int frameLength = frameLengthVolatile(buffer, offset);
            if (frameLength == 0)
            {
                break;
            }
            if (frameLength < HEADER_LENGTH || offset + (long)frameLength > current.length)
            {
                throw new LogException("corrupt frame length " + frameLength + " at offset " + offset + " of " +
                    current + " in " + log.directory());
            }
            if (type(buffer, offset) == TYPE_DATA)
            {
                deliver(handler, current, buffer, frameLength);
                delivered++;
                nextSequence = baseSequence(buffer, offset) + rowCount(buffer, offset);
            }
            else
            {
                nextSequence = Math.max(nextSequence, baseSequence(buffer, offset) + rowCount(buffer, offset));
            }
            offset += alignedLength(frameLength);
        }
        return delivered;
    }

    private void deliver(final RecordHandler handler, final Segment current, final UnsafeBuffer buffer,
        final int frameLength)
    {
        final byte codecId = codec(buffer, offset);
        final int bodyStart = bodyStart(buffer, offset);
        if (bodyStart > frameLength)
        {
            throw new LogException("record at offset " + offset + " of " + current + " is shorter than its header");
        }
        if (codecId == LogCodec.NONE.id())
        {
            view.wrap(buffer, offset, frameLength, buffer, offset + bodyStart, current.position(offset));
        }
        else
        {
            final LogCodec codec = LogCodec.fromId(codecId);
            final int bodyLength = bodyLength(buffer, offset);
            if (codec == null || bodyLength < 0 || bodyLength > log.maxBodyLength())
            {
                throw new LogException("record at offset " + offset + " of " + current + " has codec " + codecId +
                    " and body length " + bodyLength);
            }
            if (inflated == null)
            {
                inflated = new NativeBuffer(bodyLength, MemoryTag.LOG);
            }
            inflated.ensureCapacity(bodyLength);
            final String problem = BodyCodec.decompress(codec, current.region.mappedBuffer(), offset + bodyStart,
                frameLength - bodyStart, inflated.byteBuffer(), 0, bodyLength);
            if (problem != null)
            {
                throw new LogException("cannot decompress record at offset " + offset + " of " + current + ": " + problem);
            }
            view.wrap(buffer, offset, frameLength, inflated.buffer(), 0, current.position(offset));
        }
        handler.onRecord(view);
    }

    /** @return true if a record (or the end of the current segment) is published at the tailer's position. */
    boolean hasData()
    {
        final Segment current = segment;
        if (current == null)
        {
            return true;
        }
        if (offset + HEADER_LENGTH > current.length)
        {
            final Segment[] segments = log.segments();
            return segments[segments.length - 1].index > current.index;
        }
        return frameLengthVolatile(current.buffer, offset) != 0;
    }

    /**
     * Blocks until a new record may be available, at most {@code timeout}, without spinning; returns at once if one
     * already is.
     */
    public void awaitData(final long timeout, final TimeUnit unit)
    {
        log.awaitData(this, unit.toNanos(timeout));
    }

    /** Positions at the first record still in the log. */
    public LogTailer seekToStart()
    {
        release();
        repositionAtStart();
        return this;
    }

    /** Positions after the last published record, so only records published from now on are delivered. */
    public LogTailer seekToEnd()
    {
        release();
        final Segment[] segments = log.segments();
        if (!moveTo(segments[segments.length - 1].index))
        {
            return this;
        }
        final SegmentIndex index = segment.segmentIndex;
        final int entries = index.entryCount();
        if (entries > 0)
        {
            offset = index.entryRecordOffset(entries - 1);
        }
        skipWhile(Long.MAX_VALUE, Long.MAX_VALUE);
        return this;
    }

    /**
     * Positions at the record holding row {@code sequence}, or at the first record after it if that row is gone
     * (aborted or dropped by retention) or not written yet.
     */
    public LogTailer seekToSequence(final long sequence)
    {
        release();
        final Segment[] segments = log.segments();
        int chosen = 0;
        for (int i = segments.length - 1; i >= 0; i--)
        {
            if (segments[i].baseSequence <= sequence)
            {
                chosen = i;
                break;
            }
        }
        if (!moveTo(segments[chosen].index))
        {
            return this;
        }
        final int entry = segment.segmentIndex.floorBySequence(sequence);
        if (entry >= 0)
        {
            offset = segment.segmentIndex.entryRecordOffset(entry);
        }
        skipWhile(sequence, Long.MIN_VALUE);
        return this;
    }

    /**
     * Positions at the first record that may hold a row with event time at or after {@code eventTime}: every record
     * before it has only earlier rows. Records published later are all delivered, whatever their event time.
     */
    public LogTailer seekToEventTime(final long eventTime)
    {
        release();
        final Segment[] segments = log.segments();
        int chosen = segments.length - 1;
        for (int i = 0; i < segments.length; i++)
        {
            final SegmentIndex index = segments[i].segmentIndex;
            if (!index.sealed() || index.maxEventTime() >= eventTime)
            {
                chosen = i;
                break;
            }
        }
        for (int i = chosen; i < segments.length; i++)
        {
            if (!moveTo(segments[i].index))
            {
                return this;
            }
            final int entry = segment.segmentIndex.floorByTime(eventTime);
            if (entry >= 0)
            {
                offset = segment.segmentIndex.entryRecordOffset(entry);
            }
            if (skipWhile(Long.MIN_VALUE, eventTime))
            {
                return this;
            }
            if (i < segments.length - 1)
            {
                release();
            }
        }
        return this;
    }

    /**
     * Skips published records that end at or before {@code sequence} and data records whose max event time is
     * before {@code eventTime}. @return true if it stopped inside the segment (at a record to keep or at the
     * unpublished end), false if it ran off the segment's end.
     */
    private boolean skipWhile(final long sequence, final long eventTime)
    {
        final Segment current = segment;
        final UnsafeBuffer buffer = current.buffer;
        while (offset + HEADER_LENGTH <= current.length)
        {
            final int frameLength = frameLengthVolatile(buffer, offset);
            if (frameLength == 0)
            {
                return true;
            }
            if (frameLength < HEADER_LENGTH || offset + (long)frameLength > current.length)
            {
                throw new LogException("corrupt frame length " + frameLength + " at offset " + offset + " of " + current);
            }
            final long end = baseSequence(buffer, offset) + rowCount(buffer, offset);
            final boolean padding = type(buffer, offset) == TYPE_PADDING;
            final boolean beforeSequence = end <= sequence;
            final boolean beforeTime = eventTime != Long.MIN_VALUE && (padding || maxEventTime(buffer, offset) < eventTime);
            if (!beforeSequence && !beforeTime && !(padding && sequence == Long.MAX_VALUE))
            {
                return true;
            }
            nextSequence = Math.max(nextSequence, end);
            offset += alignedLength(frameLength);
            skippedRecords++;
        }
        return false;
    }

    private boolean repositionAtStart()
    {
        final Segment first = log.acquireFirstSegment();
        if (first == null)
        {
            return false;
        }
        segment = first;
        offset = SegmentDescriptor.HEADER_LENGTH;
        nextSequence = first.baseSequence;
        return true;
    }

    private boolean moveTo(final long index)
    {
        final Segment target = log.acquireSegment(index);
        if (target == null)
        {
            return repositionAtStart();
        }
        segment = target;
        offset = SegmentDescriptor.HEADER_LENGTH;
        nextSequence = target.baseSequence;
        return true;
    }

    private boolean advanceSegment()
    {
        final Segment current = segment;
        Segment next = log.acquireSegment(current.index + 1);
        if (next == null)
        {
            final Segment[] segments = log.segments();
            if (segments[segments.length - 1].index <= current.index)
            {
                return false; // the next segment does not exist yet
            }
            next = log.acquireFirstSegment(); // retention dropped what we had not read yet
            if (next == null)
            {
                return false;
            }
        }
        current.release();
        segment = next;
        offset = SegmentDescriptor.HEADER_LENGTH;
        nextSequence = Math.max(nextSequence, next.baseSequence);
        return true;
    }

    /** Position of the next record to read, in the log's position space. */
    public long position()
    {
        final Segment current = segment;
        return current == null ? 0 : current.position(offset);
    }

    /** Sequence number of the next row this tailer would deliver. */
    public long nextSequence()
    {
        return nextSequence;
    }

    /** Records passed over by seeks, for tests and metrics. */
    public long skippedRecords()
    {
        return skippedRecords;
    }

    private void release()
    {
        if (segment != null)
        {
            segment.release();
            segment = null;
        }
    }

    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            release();
            if (inflated != null)
            {
                inflated.close();
                inflated = null;
            }
        }
    }
}
