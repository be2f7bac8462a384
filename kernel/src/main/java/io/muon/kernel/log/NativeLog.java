package io.muon.kernel.log;

import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.io.MappedRegion;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import static io.muon.kernel.log.RecordDescriptor.*;

/**
 * The write-ahead log of one stream shard: an append-only sequence of records in fixed-size memory-mapped segment
 * files ({@link SegmentDescriptor}), each record a column batch with a header ({@link RecordDescriptor}).
 * <p>
 * Producers on any thread append through their own {@link LogClaim}: space is claimed lock-free with one atomic add
 * on the active segment's tail, the record is written in place, and publishing its length with release semantics
 * makes it visible. {@link LogTailer}s read records in place, in log order, each record exactly once. A
 * {@link LogFlusher} agent scans published records, maintains the sparse indexes, forces them to disk in groups and
 * advances the durable position; it also applies retention. Opening a log recovers it: torn tails are cut at the
 * first record that fails its CRC and indexes are rebuilt.
 * <p>
 * Lifecycle: the owner stops its producers and closes its tailers before {@link #close()}; a tailer that still
 * holds a segment keeps it mapped until it is closed.
 */
public final class NativeLog implements AutoCloseable
{
    /** Append result: too much of the log is not yet durable; retry later. */
    public static final long BACK_PRESSURED = -1;
    /** Append result: the log is closed. */
    public static final long CLOSED = -2;

    private final LogSettings settings;
    private final FilesFacade files;
    private final Path directory;
    private final int segmentLength;
    private final int maxBodyLength;

    private final Object segmentLock = new Object();
    private volatile Segment[] segments;
    private volatile Segment active;
    private Segment prepared;
    private volatile Throwable failure;
    private volatile boolean closed;

    private final ReentrantLock waitLock = new ReentrantLock();
    private final Condition durableAdvanced = waitLock.newCondition();
    private final Condition dataPublished = waitLock.newCondition();
    private final AtomicInteger durableWaiters = new AtomicInteger();
    private final AtomicInteger dataWaiters = new AtomicInteger();
    private volatile long durablePosition;
    private volatile long durableSequence;
    private volatile LogFlusher flusher;

    private final CopyOnWriteArrayList<RetentionHold> holds = new CopyOnWriteArrayList<>();

    // Flusher state: touched only under flushLock, by the flusher or by a synchronous flush.
    private final ReentrantLock flushLock = new ReentrantLock();
    private Segment scanSegment;
    private int scanOffset;
    private int flushedOffset;
    private long scanNextSequence;
    private long scanMaxEventTime;
    private int nextIndexOffset;
    private long unflushedFrames;
    private long firstUnflushedAtMs;
    private long lastRetentionCheckMs;
    private final java.util.ArrayDeque<PendingSeal> pendingSeals = new java.util.ArrayDeque<>();

    /** A segment the flusher has scanned to its end, to be forced and sealed with the next flush. */
    private record PendingSeal(Segment segment, int flushedFrom, long nextSequence, long maxEventTime)
    {
    }

    private NativeLog(final LogSettings settings, final int segmentLength)
    {
        this.settings = settings;
        this.files = settings.files();
        this.directory = settings.directory();
        this.segmentLength = segmentLength;
        this.maxBodyLength = (segmentLength - SegmentDescriptor.HEADER_LENGTH) / 4 - HEADER_LENGTH;
    }

    /**
     * Opens the log in {@code settings.directory()}, creating it if empty, recovering it if not.
     *
     * @throws LogException if the files are damaged beyond a torn tail (the message says where and how).
     */
    public static NativeLog open(final LogSettings settings)
    {
        settings.conclude();
        try
        {
            settings.files().createDirectories(settings.directory());
            final LogRecovery recovery = new LogRecovery(settings);
            final LogRecovery.Result result = recovery.recover();
            final int segmentLength = result.segmentLength > 0 ? result.segmentLength : settings.segmentLength();
            final NativeLog log = new NativeLog(settings, segmentLength);
            log.start(result);
            return log;
        }
        catch (final IOException e)
        {
            throw new LogException("cannot open log in " + settings.directory() + ": " + e.getMessage(), e);
        }
    }

    private void start(final LogRecovery.Result recovered) throws IOException
    {
        final List<Segment> list = new ArrayList<>(recovered.segments);
        Segment last = list.isEmpty() ? null : list.get(list.size() - 1);
        final long now = settings.clock().time();
        if (last == null || last.segmentIndex.sealed())
        {
            final long index = last == null ? 0 : last.index + 1;
            final long base = last == null ? 0 : recovered.nextSequence;
            final Segment created = Segment.create(files, directory, index, segmentLength, settings.indexIntervalBytes());
            created.activate(base, now);
            files.force(created.region, 0, SegmentDescriptor.HEADER_LENGTH);
            files.fsyncDirectory(directory);
            list.add(created);
            last = created;
            scanOffset = SegmentDescriptor.HEADER_LENGTH;
            scanMaxEventTime = Long.MIN_VALUE;
            nextIndexOffset = SegmentDescriptor.HEADER_LENGTH;
        }
        else
        {
            scanOffset = recovered.tailOffset;
            scanMaxEventTime = recovered.tailMaxEventTime;
            nextIndexOffset = recovered.tailNextIndexOffset;
            last.resetTail(recovered.tailOffset, recovered.nextSequence - last.baseSequence);
        }
        segments = list.toArray(new Segment[0]);
        active = last;
        scanSegment = last;
        flushedOffset = scanOffset;
        scanNextSequence = recovered.nextSequence;
        durablePosition = last.position(scanOffset);
        durableSequence = recovered.nextSequence;
        lastRetentionCheckMs = now;
    }

    /** A new claim for one producer thread; reuse it for every append of that thread and close it at the end. */
    public LogClaim newClaim()
    {
        return new LogClaim(this);
    }

    /** A new tailer positioned at the start of the log; owned by one thread. */
    public LogTailer newTailer()
    {
        final LogTailer tailer = new LogTailer(this);
        tailer.seekToStart();
        return tailer;
    }

    /** Holds every record from {@code fromSequence} on against retention until the hold moves or closes. */
    public RetentionHold holdFrom(final long fromSequence)
    {
        final RetentionHold hold = new RetentionHold(this, fromSequence);
        holds.add(hold);
        return hold;
    }

    void removeHold(final RetentionHold hold)
    {
        holds.remove(hold);
    }

    public LogSettings settings()
    {
        return settings;
    }

    public Path directory()
    {
        return directory;
    }

    public int segmentLength()
    {
        return segmentLength;
    }

    /** Largest body one record may carry. */
    public int maxBodyLength()
    {
        return maxBodyLength;
    }

    /** Position just past the last durable record, in the log's position space (segment index × length + offset). */
    public long durablePosition()
    {
        return durablePosition;
    }

    /** Sequence number after the last durable row. */
    public long durableSequence()
    {
        return durableSequence;
    }

    /** Sequence number the next claim would get (a hint; racing producers may take it). */
    public long nextSequence()
    {
        final Segment segment = active;
        final long packed = segment.tail.get();
        return segment.baseSequence + Math.min(Segment.tailRows(packed), Segment.MAX_ROWS_PER_SEGMENT);
    }

    /** Sequence number of the first row still in the log. */
    public long firstSequence()
    {
        return segments[0].baseSequence;
    }

    public int segmentCount()
    {
        return segments.length;
    }

    public boolean isClosed()
    {
        return closed;
    }

    /**
     * Waits until every row before {@code sequence} is durable, asking the flusher to sync at once.
     *
     * @return true if durable, false on timeout or if the log closed first.
     */
    public boolean awaitDurable(final long sequence, final long timeout, final TimeUnit unit)
    {
        if (durableSequence >= sequence)
        {
            return true;
        }
        final long deadline = System.nanoTime() + unit.toNanos(timeout);
        final LogFlusher currentFlusher = flusher;
        if (currentFlusher == null)
        {
            flush();
            return durableSequence >= sequence;
        }
        durableWaiters.incrementAndGet();
        try
        {
            currentFlusher.wake();
            waitLock.lock();
            try
            {
                while (durableSequence < sequence && !closed)
                {
                    final long remaining = deadline - System.nanoTime();
                    if (remaining <= 0)
                    {
                        return false;
                    }
                    durableAdvanced.awaitNanos(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(10)));
                }
                return durableSequence >= sequence;
            }
            finally
            {
                waitLock.unlock();
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            return false;
        }
        finally
        {
            durableWaiters.decrementAndGet();
        }
    }

    /**
     * Acknowledgement under the log's durability policy: with {@link LogSettings#syncBeforeAck} waits until the
     * rows before {@code sequence} are durable; otherwise returns at once.
     */
    public boolean acknowledge(final long sequence, final long timeout, final TimeUnit unit)
    {
        return !settings.syncBeforeAck() || awaitDurable(sequence, timeout, unit);
    }

    /**
     * Whether the rows before {@code sequence} are acknowledged under the durability policy, without waiting: for a
     * producer that polls (the Aeron ingest endpoint) instead of blocking in {@link #acknowledge}.
     */
    public boolean acknowledged(final long sequence)
    {
        return !settings.syncBeforeAck() || durableSequence >= sequence;
    }

    /** Forces every published record to disk now, on the calling thread. */
    public void flush()
    {
        flushLock.lock();
        try
        {
            if (!closed)
            {
                scanAndFlush(settings.clock().time(), true);
            }
        }
        finally
        {
            flushLock.unlock();
        }
    }

    /** Applies retention now, on the calling thread. */
    public void enforceRetention()
    {
        flushLock.lock();
        try
        {
            if (!closed)
            {
                applyRetention(settings.clock().time());
            }
        }
        finally
        {
            flushLock.unlock();
        }
    }

    @Override
    public void close()
    {
        final LogFlusher currentFlusher = flusher;
        if (currentFlusher != null)
        {
            currentFlusher.remove(this);
        }
        flushLock.lock();
        try
        {
            if (closed)
            {
                return;
            }
            if (failure == null)
            {
                scanAndFlush(settings.clock().time(), true);
            }
            closed = true;
            final Segment[] current = segments;
            synchronized (segmentLock)
            {
                if (prepared != null)
                {
                    prepared.dropOnRelease();
                    prepared.release();
                    prepared = null;
                }
            }
            for (final Segment segment : current)
            {
                segment.release();
            }
        }
        finally
        {
            flushLock.unlock();
        }
        signalWaiters();
    }

    // ------------------------------------------------------------------------------------------------------------
    // Producer side, called by LogClaim.

    /**
     * Claims {@code alignedLength} bytes and {@code rows} sequence numbers in the active segment, rotating to the
     * next segment when the claim does not fit, and hands the segment, frame offset and base sequence to
     * {@link LogClaim#reserved}.
     *
     * @return 0 on success, or {@link #CLOSED}.
     */
    long reserve(final int alignedLength, final int rows, final LogClaim claim)
    {
        final long increment = ((long)rows << 32) | (alignedLength >>> 3);
        while (true)
        {
            final Segment segment = active;
            if (closed)
            {
                return CLOSED;
            }
            checkFailure();
            final long old = segment.tail.getAndAdd(increment);
            final long oldOffset = Segment.tailOffset(old);
            final long oldRows = Segment.tailRows(old);
            final long newOffset = oldOffset + alignedLength;
            final long newRows = oldRows + rows;
            if (newOffset <= segment.length && newRows <= Segment.MAX_ROWS_PER_SEGMENT)
            {
                claim.reserved(segment, (int)oldOffset, segment.baseSequence + oldRows);
                return 0;
            }
            if (oldOffset <= segment.length && oldRows <= Segment.MAX_ROWS_PER_SEGMENT)
            {
                rotate(segment, (int)oldOffset, oldRows);
            }
            else
            {
                awaitRotation(segment);
            }
        }
    }

    boolean backPressured()
    {
        final Segment segment = active;
        final long tailOffset = Math.min(Segment.tailOffset(segment.tail.get()), segment.length);
        return segment.position((int)tailOffset) - durablePosition > settings.maxUnflushedBytes();
    }

    /** Called after a frame's length was published; wakes tailers blocked in {@link #awaitData}. */
    void onPublished()
    {
        if (dataWaiters.get() > 0)
        {
            signalData();
        }
        for (final Runnable listener : publishListeners)
        {
            listener.run();
        }
    }

    /** Run on the appending thread after each published record; copied on write, read without locks. */
    private volatile Runnable[] publishListeners = new Runnable[0];

    /**
     * Calls {@code listener} on the appending thread each time a record is published: a cheap, non-blocking wake-up
     * (an event-loop agent's), never work. Remove it with {@link #removePublishListener}.
     */
    public synchronized void addPublishListener(final Runnable listener)
    {
        final Runnable[] grown = java.util.Arrays.copyOf(publishListeners, publishListeners.length + 1);
        grown[grown.length - 1] = listener;
        publishListeners = grown;
    }

    public synchronized void removePublishListener(final Runnable listener)
    {
        final Runnable[] current = publishListeners;
        for (int i = 0; i < current.length; i++)
        {
            if (current[i] == listener)
            {
                final Runnable[] shrunk = new Runnable[current.length - 1];
                System.arraycopy(current, 0, shrunk, 0, i);
                System.arraycopy(current, i + 1, shrunk, i, current.length - i - 1);
                publishListeners = shrunk;
                return;
            }
        }
    }

    private void rotate(final Segment full, final int tailOffset, final long rows)
    {
        final long nextBase = full.baseSequence + rows;
        if (full.length - tailOffset >= HEADER_LENGTH)
        {
            writePadding(full, tailOffset, full.length - tailOffset, nextBase, 0);
        }
        try
        {
            final Segment next;
            synchronized (segmentLock)
            {
                if (prepared != null && prepared.index == full.index + 1)
                {
                    next = prepared;
                }
                else
                {
                    if (prepared != null)
                    {
                        prepared.dropOnRelease();
                        prepared.release();
                    }
                    next = Segment.create(files, directory, full.index + 1, segmentLength, settings.indexIntervalBytes());
                }
                prepared = null;
                next.activate(nextBase, settings.clock().time());
                final Segment[] current = segments;
                final Segment[] grown = Arrays.copyOf(current, current.length + 1);
                grown[current.length] = next;
                segments = grown;
                // inside the lock, so prepareNextSegment never sees the old active segment with its successor present
                active = next;
            }
        }
        catch (final IOException | RuntimeException e)
        {
            failure = e;
            throw new LogException("cannot create segment " + (full.index + 1) + " in " + directory + ": " +
                e.getMessage(), e);
        }
        finally
        {
            onPublished();
        }
    }

    private void awaitRotation(final Segment full)
    {
        int spins = 0;
        while (active == full && failure == null && !closed)
        {
            if (++spins < 100)
            {
                Thread.onSpinWait();
            }
            else if (spins < 200)
            {
                Thread.yield();
            }
            else
            {
                LockSupport.parkNanos(10_000);
            }
        }
    }

    static void writePadding(final Segment segment, final int offset, final int length, final long baseSequence,
        final int rows)
    {
        final org.agrona.concurrent.UnsafeBuffer buffer = segment.buffer;
        buffer.putByte(offset + TYPE_OFFSET, TYPE_PADDING);
        buffer.putByte(offset + CODEC_OFFSET, (byte)0);
        buffer.putShort(offset + FLAGS_OFFSET, (short)0);
        buffer.putInt(offset + SCHEMA_VERSION_OFFSET, 0);
        buffer.putLong(offset + BASE_SEQUENCE_OFFSET, baseSequence);
        buffer.putInt(offset + ROW_COUNT_OFFSET, rows);
        buffer.putInt(offset + BODY_LENGTH_OFFSET, 0);
        buffer.putLong(offset + MIN_EVENT_TIME_OFFSET, 0);
        buffer.putLong(offset + MAX_EVENT_TIME_OFFSET, 0);
        buffer.putInt(offset + CRC_OFFSET, computeCrc(buffer, offset, HEADER_LENGTH));
        buffer.putIntVolatile(offset + FRAME_LENGTH_OFFSET, length);
    }

    private void checkFailure()
    {
        final Throwable cause = failure;
        if (cause != null)
        {
            throw new LogException("log " + directory + " failed earlier: " + cause.getMessage(), cause);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Tailer side.

    Segment[] segments()
    {
        return segments;
    }

    /** The segment with the given index, acquired for the caller, or null if it is not (or no longer) in the log. */
    Segment acquireSegment(final long index)
    {
        while (true)
        {
            final Segment[] current = segments;
            final long first = current[0].index;
            if (index < first || index >= first + current.length)
            {
                return null;
            }
            final Segment segment = current[(int)(index - first)];
            if (segment.tryAcquire())
            {
                return segment;
            }
            if (closed)
            {
                return null;
            }
        }
    }

    /** The first segment, acquired for the caller; null once the log is closed. */
    Segment acquireFirstSegment()
    {
        while (!closed)
        {
            final Segment[] current = segments;
            if (current[0].tryAcquire())
            {
                return current[0];
            }
        }
        return null;
    }

    /**
     * Blocks until a record may have been published at {@code position} or later, the timeout passes, or the log
     * closes. Tailers call it when {@link LogTailer#poll} found nothing.
     */
    void awaitData(final LogTailer tailer, final long timeoutNs)
    {
        dataWaiters.incrementAndGet();
        try
        {
            if (tailer.hasData() || closed)
            {
                return;
            }
            waitLock.lock();
            try
            {
                if (!tailer.hasData() && !closed)
                {
                    dataPublished.awaitNanos(timeoutNs);
                }
            }
            finally
            {
                waitLock.unlock();
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        finally
        {
            dataWaiters.decrementAndGet();
        }
    }

    private void signalData()
    {
        waitLock.lock();
        try
        {
            dataPublished.signalAll();
        }
        finally
        {
            waitLock.unlock();
        }
    }

    private void signalWaiters()
    {
        waitLock.lock();
        try
        {
            dataPublished.signalAll();
            durableAdvanced.signalAll();
        }
        finally
        {
            waitLock.unlock();
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Flusher side: scan published records in order, index them, force them, publish the durable position.

    void attach(final LogFlusher flusher)
    {
        this.flusher = flusher;
    }

    void detach(final LogFlusher flusher)
    {
        if (this.flusher == flusher)
        {
            this.flusher = null;
        }
    }

    /**
     * One duty cycle of the flusher for this log. Returns non-zero only when the flusher should run again at once: a
     * writer waits for durability and this cycle made progress, or scanning lags more than {@link #BACKLOG_BYTES}
     * or pre-touching lags behind the producers. Otherwise the flusher sleeps until its next cycle and does this work in batches, so on a small
     * machine it does not take a core away from producers and tailers.
     */
    int flushWork(final long nowMs)
    {
        if (!flushLock.tryLock())
        {
            return 0;
        }
        try
        {
            if (closed || failure != null)
            {
                return 0;
            }
            final int progress = scanAndFlush(nowMs, false);
            prepareNextSegment();
            pretouch();
            if (nowMs - lastRetentionCheckMs >= 1000)
            {
                lastRetentionCheckMs = nowMs;
                applyRetention(nowMs);
            }
            // with waiting writers, go again only while there is progress: behind an unfinished claim, sleep
            return (progress > 0 && durableWaiters.get() > 0) || behind() ? 1 : 0;
        }
        catch (final IOException e)
        {
            failure = e;
            throw new LogException("log " + directory + ": " + e.getMessage(), e);
        }
        finally
        {
            flushLock.unlock();
        }
    }

    private int scanAndFlush(final long nowMs, final boolean forceNow)
    {
        int work = 0;
        while (true)
        {
            final Segment segment = scanSegment;
            final org.agrona.concurrent.UnsafeBuffer buffer = segment.buffer;
            if (scanOffset + HEADER_LENGTH > segment.length)
            {
                final Segment next = nextSegmentOf(segment);
                if (next == null)
                {
                    break;
                }
                // The finished segment is sealed when the flush policy next forces data, not now: sealing needs
                // the whole segment on disk, and an out-of-turn sync of it would defeat the policy.
                segment.segmentIndex.progress(segment.length, scanNextSequence, scanMaxEventTime);
                pendingSeals.add(new PendingSeal(segment, flushedOffset, scanNextSequence, scanMaxEventTime));
                if (unflushedFrames++ == 0)
                {
                    firstUnflushedAtMs = nowMs;
                }
                scanSegment = next;
                scanOffset = SegmentDescriptor.HEADER_LENGTH;
                flushedOffset = 0;
                scanMaxEventTime = Long.MIN_VALUE;
                nextIndexOffset = SegmentDescriptor.HEADER_LENGTH;
                scanNextSequence = Math.max(scanNextSequence, next.baseSequence);
                work++;
                continue;
            }
            final int frameLength = frameLengthVolatile(buffer, scanOffset);
            if (frameLength == 0)
            {
                break;
            }
            if (frameLength < HEADER_LENGTH || scanOffset + (long)frameLength > segment.length)
            {
                failure = new LogException("corrupt frame length " + frameLength + " at offset " + scanOffset +
                    " of " + segment);
                throw (LogException)failure;
            }
            if (scanOffset >= nextIndexOffset && segment.segmentIndex.hasRoom())
            {
                segment.segmentIndex.addEntry(baseSequence(buffer, scanOffset), scanMaxEventTime, scanOffset);
                nextIndexOffset = (scanOffset / settings.indexIntervalBytes() + 1) * settings.indexIntervalBytes();
            }
            final long end = baseSequence(buffer, scanOffset) + rowCount(buffer, scanOffset);
            if (type(buffer, scanOffset) == TYPE_DATA)
            {
                scanMaxEventTime = Math.max(scanMaxEventTime, maxEventTime(buffer, scanOffset));
            }
            scanNextSequence = Math.max(scanNextSequence, end);
            scanOffset += alignedLength(frameLength);
            if (unflushedFrames++ == 0)
            {
                firstUnflushedAtMs = nowMs;
            }
            work++;
        }

        if (unflushedFrames > 0 && (forceNow || unflushedFrames >= settings.flushMessages() ||
            nowMs - firstUnflushedAtMs >= settings.flushMs() || durableWaiters.get() > 0))
        {
            for (PendingSeal pending = pendingSeals.poll(); pending != null; pending = pendingSeals.poll())
            {
                final Segment finished = pending.segment();
                files.force(finished.region, pending.flushedFrom(), finished.length - pending.flushedFrom());
                finished.segmentIndex.seal(finished.length, pending.nextSequence(), pending.maxEventTime(), nowMs);
            }
            final Segment segment = scanSegment;
            segment.segmentIndex.progress(scanOffset, scanNextSequence, scanMaxEventTime);
            files.force(segment.region, flushedOffset, scanOffset - flushedOffset);
            segment.segmentIndex.force();
            flushedOffset = scanOffset;
            unflushedFrames = 0;
            durablePosition = segment.position(scanOffset);
            durableSequence = scanNextSequence;
            signalDurable();
            work++;
        }
        else if (unflushedFrames == 0 && durableSequence < scanNextSequence)
        {
            durableSequence = scanNextSequence;
        }
        return work;
    }

    private void signalDurable()
    {
        if (durableWaiters.get() > 0)
        {
            waitLock.lock();
            try
            {
                durableAdvanced.signalAll();
            }
            finally
            {
                waitLock.unlock();
            }
        }
    }

    private Segment nextSegmentOf(final Segment segment)
    {
        final Segment[] current = segments;
        final long first = current[0].index;
        final long nextIndex = segment.index + 1;
        return nextIndex - first < current.length ? current[(int)(nextIndex - first)] : null;
    }

    /** Lag of scanning or pre-touching beyond which the flusher works without sleeping. */
    static final long BACKLOG_BYTES = 4 << 20;

    private boolean behind()
    {
        final Segment current = active;
        final long tail = Math.min(Segment.tailOffset(current.tail.get()), current.length);
        final long scanLag = current.position((int)tail) - scanSegment.position(scanOffset);
        final long touchLag = tail - current.touchedUpTo;
        return scanLag > BACKLOG_BYTES || touchLag > 0 && tail < current.length - Segment.PAGE;
    }

    /** Bytes ahead of the append position whose pages the flusher faults in. */
    static final int PRETOUCH_AHEAD = 4 << 20;
    /** Most pages touched per duty cycle, so durability work is never delayed long. */
    static final int PRETOUCH_PAGES_PER_CYCLE = 256;

    /** Faults in pages ahead of the active segment's tail, and the start of the prepared segment. */
    private int pretouch()
    {
        final Segment current = active;
        final long tail = Math.min(Segment.tailOffset(current.tail.get()), current.length);
        int pages = 0;
        if (current.touchedUpTo < tail + PRETOUCH_AHEAD && current.touchedUpTo < current.length)
        {
            pages += current.pretouch((int)Math.min(current.length,
                Math.max(tail, current.touchedUpTo) + (long)PRETOUCH_PAGES_PER_CYCLE * Segment.PAGE));
        }
        if (pages < PRETOUCH_PAGES_PER_CYCLE && tail + PRETOUCH_AHEAD > current.length)
        {
            final Segment next;
            synchronized (segmentLock)
            {
                next = prepared;
            }
            if (next != null && next.touchedUpTo < PRETOUCH_AHEAD)
            {
                pages += next.pretouch(next.touchedUpTo + (PRETOUCH_PAGES_PER_CYCLE - pages) * Segment.PAGE);
            }
        }
        return pages;
    }

    /** Creates the next segment ahead of time once the active one is half full, so rotation does not wait on I/O. */
    private int prepareNextSegment() throws IOException
    {
        final Segment current = active;
        if (Segment.tailOffset(current.tail.get()) < current.length / 2)
        {
            return 0;
        }
        synchronized (segmentLock)
        {
            if (prepared != null || active != current)
            {
                return 0;
            }
            prepared = Segment.create(files, directory, current.index + 1, segmentLength, settings.indexIntervalBytes());
        }
        files.fsyncDirectory(directory);
        return 1;
    }

    private int applyRetention(final long nowMs)
    {
        final long retentionBytes = settings.retentionBytes();
        final long retentionMs = settings.retentionMs();
        if (retentionBytes < 0 && retentionMs < 0)
        {
            return 0;
        }
        long neededFrom = Long.MAX_VALUE;
        for (final RetentionHold hold : holds)
        {
            neededFrom = Math.min(neededFrom, hold.sequence());
        }
        int dropped = 0;
        synchronized (segmentLock)
        {
            Segment[] current = segments;
            long totalBytes = (long)current.length * segmentLength;
            while (current.length > 1)
            {
                final Segment oldest = current[0];
                final Segment next = current[1];
                if (!oldest.segmentIndex.sealed() || oldest == scanSegment || next.baseSequence > neededFrom)
                {
                    break;
                }
                final boolean overBytes = retentionBytes > 0 && totalBytes - segmentLength >= retentionBytes;
                final boolean tooOld = retentionMs > 0 && nowMs - oldest.segmentIndex.sealedAt() > retentionMs;
                if (!overBytes && !tooOld)
                {
                    break;
                }
                current = Arrays.copyOfRange(current, 1, current.length);
                segments = current;
                totalBytes -= segmentLength;
                oldest.dropOnRelease();
                oldest.release();
                dropped++;
            }
        }
        return dropped;
    }

    /** Maps an existing segment file for recovery; the caller validates it. */
    static MappedRegion mapExisting(final FilesFacade files, final Path file, final int length) throws IOException
    {
        final FileChannel channel = files.openReadWrite(file, false);
        try
        {
            if (channel.size() != length)
            {
                files.setLength(channel, length);
            }
            return files.map(channel, length, true);
        }
        finally
        {
            files.close(channel);
        }
    }

    @Override
    public String toString()
    {
        return "NativeLog(" + directory + ")";
    }
}
