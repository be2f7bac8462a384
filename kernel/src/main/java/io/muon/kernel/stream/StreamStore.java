package io.muon.kernel.stream;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.catalog.CatalogObject;
import io.muon.kernel.catalog.ColumnEntry;
import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.log.LogClaim;
import io.muon.kernel.log.LogFlusher;
import io.muon.kernel.log.LogSettings;
import io.muon.kernel.log.LogTailer;
import io.muon.kernel.log.NativeLog;
import io.muon.kernel.log.RecordDescriptor;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.part.CompactionAgent;
import io.muon.kernel.part.CompactionSettings;
import io.muon.kernel.part.PartSnapshot;
import io.muon.kernel.part.StorageLayout;
import io.muon.kernel.part.StreamParts;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SystemEpochClock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The streams' data on this node: one NativeLog per stored stream under {@code <data>/streams/<id>/log}, named by
 * the catalog's stable object id so a RENAME never moves files, opened on first use and flushed by one shared
 * {@link LogFlusher}. Appends a batch of rows in the stream's column order as records and acknowledges them under the
 * stream's durability settings. Thread-safe: any thread may append (each borrows a claim) or open readers.
 */
public final class StreamStore implements AutoCloseable
{
    private static final long ACK_TIMEOUT_SECONDS = 60;

    private final Path streamsDirectory;
    private final FilesFacade files;
    private final LogFlusher flusher = new LogFlusher();
    private final AgentRunner flusherRunner;
    private final Map<Long, Opened> logs = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private final CompactionAgent compaction = new CompactionAgent(SystemEpochClock.INSTANCE);
    private final AgentRunner compactionRunner;
    private volatile Function<CatalogObject, StorageLayout> layouts = StreamStore::defaultLayout;
    private volatile CompactionSettings compactionSettings = CompactionSettings.DEFAULTS;
    private volatile AppendReplicator replicator;

    private record Opened(NativeLog log, ConcurrentLinkedQueue<LogClaim> claims, StreamParts parts,
        StorageLayout layout)
    {
    }

    public StreamStore(final Path dataDirectory, final FilesFacade files)
    {
        this.streamsDirectory = dataDirectory.resolve("streams");
        this.files = files;
        this.flusherRunner = LogFlusher.start(flusher, 1, Throwable::printStackTrace);
        this.compactionRunner = CompactionAgent.start(compaction, 10);
    }

    /**
     * Sets how streams are laid out in parts (the SQL layer compiles ORDER BY, PARTITION BY and TTL); applies to
     * streams opened afterwards. Call before the first query.
     */
    public void layouts(final Function<CatalogObject, StorageLayout> layouts)
    {
        this.layouts = layouts;
    }

    /** Sets the server-wide compaction defaults (streams' own settings override them); before the first query. */
    public void compactionSettings(final CompactionSettings settings)
    {
        this.compactionSettings = settings;
    }

    /** Sorted by {@code _tp_time} when the stream has it, unpartitioned, no TTL. */
    /** {@code <data>/state}: where materialized views keep their checkpoints. */
    public Path stateDirectory()
    {
        return streamsDirectory.resolveSibling("state");
    }

    /** The file system calls the store makes (real, or a test's). */
    public FilesFacade files()
    {
        return files;
    }

    public static StorageLayout defaultLayout(final CatalogObject stream)
    {
        for (int c = 0; c < stream.columns().size(); c++)
        {
            if (stream.columns().get(c).name().equals("_tp_time"))
            {
                return StorageLayout.sortedBy(List.of(c), List.of(stream.columns().get(c).type()));
            }
        }
        return StorageLayout.sortedBy(List.of(), List.of());
    }

    /** The log of a stored stream, opened (and recovered) on first use. */
    public NativeLog log(final CatalogObject stream)
    {
        return opened(stream).log();
    }

    private Opened open(final CatalogObject stream)
    {
        final LogSettings settings = new LogSettings().directory(logDirectory(stream)).files(files);
        for (final Map.Entry<String, String> setting : stream.settings().entrySet())
        {
            if (LogSettings.isLogSetting(setting.getKey()))
            {
                settings.set(setting.getKey(), setting.getValue());
            }
        }
        final NativeLog log = NativeLog.open(settings);
        final StreamParts parts;
        try
        {
            parts = StreamParts.open(files, storeDirectory(stream), log);
        }
        catch (final RuntimeException e)
        {
            log.close();
            throw e;
        }
        flusher.add(log);
        final List<String> names = new ArrayList<>();
        for (final ColumnEntry column : stream.columns())
        {
            names.add(column.name());
        }
        final StorageLayout layout = layouts.apply(stream);
        compaction.add(stream.id(), stream.qualifiedName(), names, types(stream), log, parts, layout,
            compactionSettings.with(stream.settings()), files);
        return new Opened(log, new ConcurrentLinkedQueue<>(), parts, layout);
    }

    private Path storeDirectory(final CatalogObject stream)
    {
        return streamsDirectory.resolve(Long.toString(stream.id())).resolve("store");
    }

    private Opened opened(final CatalogObject stream)
    {
        if (closed)
        {
            throw new MuonException(ErrorCodes.ABORTED, "The server is shutting down");
        }
        return logs.computeIfAbsent(stream.id(), id -> open(stream));
    }

    /**
     * What a historical read of the stream sees: its parts now and the sequence number its log read starts at.
     * Close it when the read is done.
     */
    public PartSnapshot snapshot(final CatalogObject stream)
    {
        return opened(stream).parts().snapshot();
    }

    /** How the stream's parts are sorted and partitioned (read-only use: which index bounds which column). */
    public StorageLayout layout(final CatalogObject stream)
    {
        return opened(stream).layout();
    }

    /** Writes every durable row of the stream into parts now and waits (tests, OPTIMIZE). */
    public void compactNow(final CatalogObject stream)
    {
        opened(stream).log().flush();
        compaction.compactNow(stream.id());
    }

    /**
     * OPTIMIZE STREAM: compacts the log and merges each partition (or only the one whose ID is {@code partitionId},
     * when not null) into one part ({@code everyPart}: FINAL).
     */
    public void optimize(final CatalogObject stream, final boolean everyPart, final String partitionId)
    {
        opened(stream).log().flush();
        compaction.optimize(stream.id(), everyPart, partitionId);
    }

    /** TRUNCATE STREAM: its parts go and its history restarts at the end of its log now. */
    public void truncate(final CatalogObject stream)
    {
        opened(stream).log().flush();
        compaction.truncate(stream.id());
    }

    private Path logDirectory(final CatalogObject stream)
    {
        return streamsDirectory.resolve(Long.toString(stream.id())).resolve("log");
    }

    /**
     * Sends the appends of clients (not those of materialized views, which every node runs over the same replicated
     * rows) to streams that {@code replicator} replicates through it. Null: every append is local.
     */
    public void replicator(final AppendReplicator replicator)
    {
        this.replicator = replicator;
    }

    /** The replicator appends to {@code stream} go through, or null when they are local. */
    public AppendReplicator replicatorFor(final CatalogObject stream)
    {
        final AppendReplicator current = replicator;
        return current != null && current.replicates(stream) ? current : null;
    }

    /** The stored column types of a stream, in order: what its records hold. */
    public static List<DataType> types(final CatalogObject stream)
    {
        final List<DataType> types = new ArrayList<>();
        for (final ColumnEntry column : stream.columns())
        {
            types.add(column.type());
        }
        return types;
    }

    /**
     * Appends the rows of {@code batch} (the stream's columns, in order) and waits for the acknowledgement its
     * durability settings ask for. {@code timeColumn} is the index of {@code _tp_time} (epoch milliseconds) or -1.
     *
     * @return the sequence number after the last row appended.
     */
    public long append(final CatalogObject stream, final Batch batch, final int timeColumn)
    {
        return append(stream, batch, timeColumn, 0, -1);
    }

    /**
     * As {@link #append(CatalogObject, Batch, int)}, with every record tagged by producer {@code producerId}
     * (non-zero) and numbered from {@code producerSequence}: a record holding rows {@code [from, to)} of the batch
     * carries {@code producerSequence + from}. {@link #produced} finds them again, so a producer that resumes after a
     * crash appends only what is missing.
     */
    public long append(final CatalogObject stream, final Batch batch, final int timeColumn, final long producerId,
        final long producerSequence)
    {
        final AppendReplicator replicated = producerId == 0 ? replicatorFor(stream) : null;
        if (replicated != null)
        {
            return appendReplicated(replicated, stream, batch, timeColumn);
        }
        return appendToLog(stream, batch, timeColumn, producerId, producerSequence);
    }

    /**
     * As {@link #append(CatalogObject, Batch, int)} but always to this node's log, never through the replicator:
     * for materialized views, which every node of a cluster runs over the same replicated rows.
     */
    public long appendLocal(final CatalogObject stream, final Batch batch, final int timeColumn)
    {
        return appendToLog(stream, batch, timeColumn, 0, -1);
    }

    private long appendToLog(final CatalogObject stream, final Batch batch, final int timeColumn,
        final long producerId, final long producerSequence)
    {
        final Opened opened = opened(stream);
        final NativeLog log = opened.log();
        LogClaim claim = opened.claims().poll();
        if (claim == null)
        {
            claim = log.newClaim();
        }
        final RecordColumns columns = new RecordColumns(types(stream));
        long next = log.nextSequence();
        try
        {
            final int rows = batch.rows();
            int from = 0;
            while (from < rows)
            {
                int to = Math.min(rows, from + RecordDescriptor.MAX_ROWS_PER_RECORD);
                int length = columns.layout(batch, from, to);
                while (length > log.maxBodyLength() && to - from > 1)
                {
                    to = from + (to - from) / 2;
                    length = columns.layout(batch, from, to);
                }
                if (length > log.maxBodyLength())
                {
                    throw new MuonException(ErrorCodes.TOO_LARGE_STRING_SIZE, "A row of " + length + " bytes does " +
                        "not fit a record of stream " + stream.qualifiedName() + " (at most " + log.maxBodyLength() +
                        " bytes; raise logstore_segment_bytes)");
                }
                if (producerId != 0)
                {
                    claim.producer(producerId, producerSequence + from);
                }
                final long result = claimWithRetry(claim, length, to - from, stream);
                columns.write(batch, from, to, claim.buffer(), claim.bodyOffset());
                if (timeColumn >= 0)
                {
                    final LongVector times = (LongVector)batch.column(timeColumn);
                    long min = Long.MAX_VALUE;
                    long max = Long.MIN_VALUE;
                    for (int r = from; r < to; r++)
                    {
                        min = Math.min(min, times.get(r));
                        max = Math.max(max, times.get(r));
                    }
                    claim.eventTimeRange(min, max);
                }
                final long base = claim.commit();
                if (base < 0 || result < 0)
                {
                    throw new MuonException(ErrorCodes.ABORTED, "Stream " + stream.qualifiedName() + " was closed " +
                        "while appending");
                }
                next = base + (to - from);
                from = to;
            }
        }
        finally
        {
            opened.claims().offer(claim.clearProducer());
        }
        if (!log.acknowledge(next, ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS))
        {
            throw new MuonException(ErrorCodes.TIMEOUT_EXCEEDED, "Rows appended to " + stream.qualifiedName() +
                " did not become durable within " + ACK_TIMEOUT_SECONDS + " s");
        }
        return next;
    }

    /** Lays out each record's worth of rows and hands it to the replicator; returns the sequence after the last. */
    private long appendReplicated(final AppendReplicator replicated, final CatalogObject stream, final Batch batch,
        final int timeColumn)
    {
        final RecordColumns columns = new RecordColumns(types(stream));
        final org.agrona.ExpandableArrayBuffer body = new org.agrona.ExpandableArrayBuffer(4096);
        final int maxBody = opened(stream).log().maxBodyLength();
        long next = -1;
        final int rows = batch.rows();
        int from = 0;
        while (from < rows)
        {
            int to = Math.min(rows, from + RecordDescriptor.MAX_ROWS_PER_RECORD);
            int length = columns.layout(batch, from, to);
            while (length > Math.min(maxBody, replicated.maxBodyBytes()) && to - from > 1)
            {
                to = from + (to - from) / 2;
                length = columns.layout(batch, from, to);
            }
            if (length > Math.min(maxBody, replicated.maxBodyBytes()))
            {
                throw new MuonException(ErrorCodes.TOO_LARGE_STRING_SIZE, "A row of " + length + " bytes does not " +
                    "fit a replicated record of stream " + stream.qualifiedName() + " (at most " +
                    Math.min(maxBody, replicated.maxBodyBytes()) + " bytes)");
            }
            body.setMemory(0, length, (byte)0);
            columns.write(batch, from, to, body, 0);
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            if (timeColumn >= 0)
            {
                final LongVector times = (LongVector)batch.column(timeColumn);
                for (int r = from; r < to; r++)
                {
                    min = Math.min(min, times.get(r));
                    max = Math.max(max, times.get(r));
                }
            }
            next = replicated.append(stream, body, 0, length, to - from, min, max);
            from = to;
        }
        return next < 0 ? opened(stream).log().nextSequence() : next;
    }

    /**
     * Appends one record whose body is already in the record layout and has passed {@link RecordColumns#validate}
     * for this stream (an Aeron publisher's batch): claims, copies the body in, commits; does not wait for
     * durability ({@link #acknowledged} tells when the rows are acknowledged).
     *
     * @return the sequence number after the record's rows, {@link NativeLog#BACK_PRESSURED} when the log holds too
     *         much that is not durable yet (try again later), or {@link NativeLog#CLOSED}.
     * @throws MuonException if the body is larger than a record of this stream may be.
     */
    public long appendEncoded(final CatalogObject stream, final DirectBuffer body, final int offset, final int length,
        final int rows, final long minEventTime, final long maxEventTime)
    {
        final AppendReplicator replicated = replicatorFor(stream);
        if (replicated != null)
        {
            return replicated.append(stream, body, offset, length, rows, minEventTime, maxEventTime);
        }
        return applyReplicated(stream, body, offset, length, rows, minEventTime, maxEventTime, 0, 0);
    }

    /**
     * Appends one record body to this node's log whatever the replicator says: what a cluster node does with an
     * append the cluster committed. A non-zero {@code producerId} tags the record with {@code producerSequence}
     * ({@link #lastProducerSequence} finds it again, so a replay skips what was applied).
     *
     * @return as {@link #appendEncoded}.
     */
    public long applyReplicated(final CatalogObject stream, final DirectBuffer body, final int offset,
        final int length, final int rows, final long minEventTime, final long maxEventTime, final long producerId,
        final long producerSequence)
    {
        final Opened opened = opened(stream);
        final NativeLog log = opened.log();
        if (length > log.maxBodyLength())
        {
            throw new MuonException(ErrorCodes.TOO_LARGE_STRING_SIZE, "A batch of " + length + " bytes does not " +
                "fit a record of stream " + stream.qualifiedName() + " (at most " + log.maxBodyLength() + " bytes)");
        }
        LogClaim claim = opened.claims().poll();
        if (claim == null)
        {
            claim = log.newClaim();
        }
        try
        {
            if (producerId != 0)
            {
                claim.producer(producerId, producerSequence);
            }
            final long result = claim.claim(length, rows, stream.schemaVersion());
            if (result != LogClaim.OK)
            {
                return result;
            }
            claim.buffer().putBytes(claim.bodyOffset(), body, offset, length);
            if (minEventTime <= maxEventTime)
            {
                claim.eventTimeRange(minEventTime, maxEventTime);
            }
            final long base = claim.commit();
            return base < 0 ? NativeLog.CLOSED : base + rows;
        }
        finally
        {
            opened.claims().offer(claim.clearProducer());
        }
    }

    /** Forces every open stream log to disk now, on the calling thread (a cluster snapshot's precondition). */
    public void flushAll()
    {
        for (final Opened opened : logs.values())
        {
            opened.log().flush();
        }
    }

    /** Whether the rows of {@code stream} before {@code sequence} are acknowledged under its durability settings. */
    public boolean acknowledged(final CatalogObject stream, final long sequence)
    {
        return opened(stream).log().acknowledged(sequence);
    }

    /**
     * How far producer {@code producerId} got in the log of {@code stream} from sequence number {@code fromSequence}
     * on: the end (producer sequence plus rows) of its last record there, or -1 when it has none there. Reads record
     * headers only.
     */
    public long produced(final CatalogObject stream, final long fromSequence, final long producerId)
    {
        final NativeLog log = opened(stream).log();
        final long[] end = {-1};
        try (LogTailer tailer = log.newTailer())
        {
            tailer.seekToSequence(fromSequence);
            final long last = log.nextSequence();
            while (tailer.nextSequence() < last && tailer.poll(record ->
            {
                if (record.hasProducer() && record.producerId() == producerId)
                {
                    end[0] = Math.max(end[0], record.producerSequence() + record.rowCount());
                }
            }, 64) > 0)
            {
                // reading on
            }
        }
        return end[0];
    }

    /**
     * The largest producer sequence of {@code producerId}'s records in the log of {@code stream}, or -1 when it has
     * none there. A producer's sequences grow along the log, so this reads record headers backwards from the end in
     * widening windows and stops at the first window that holds one of its records: the cost follows how far back
     * its last record is, not the log's length.
     */
    public long lastProducerSequence(final CatalogObject stream, final long producerId)
    {
        final NativeLog log = opened(stream).log();
        final long first = log.firstSequence();
        final long end = log.nextSequence();
        long window = 65_536;
        while (true)
        {
            final long from = Math.max(first, end - window);
            final long last = lastProducerSequence(log, from, end, producerId);
            if (last >= 0 || from == first)
            {
                return last;
            }
            window *= 4;
        }
    }

    private static long lastProducerSequence(final NativeLog log, final long from, final long end,
        final long producerId)
    {
        final long[] last = {-1};
        try (LogTailer tailer = log.newTailer())
        {
            tailer.seekToSequence(from);
            while (tailer.nextSequence() < end && tailer.poll(record ->
            {
                if (record.hasProducer() && record.producerId() == producerId)
                {
                    last[0] = Math.max(last[0], record.producerSequence());
                }
            }, 64) > 0)
            {
                // reading on
            }
        }
        return last[0];
    }

    private static long claimWithRetry(final LogClaim claim, final int length, final int rows,
        final CatalogObject stream)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ACK_TIMEOUT_SECONDS);
        while (true)
        {
            final long result = claim.claim(length, rows, stream.schemaVersion());
            if (result == LogClaim.OK)
            {
                return result;
            }
            if (result == NativeLog.CLOSED)
            {
                throw new MuonException(ErrorCodes.ABORTED, "Stream " + stream.qualifiedName() + " is closed");
            }
            if (System.nanoTime() > deadline)
            {
                throw new MuonException(ErrorCodes.TIMEOUT_EXCEEDED, "Stream " + stream.qualifiedName() +
                    " stayed back-pressured (too much data not yet durable) for " + ACK_TIMEOUT_SECONDS + " s");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /**
     * Closes a stream's log and deletes its data (DROP STREAM); a no-op for a stream that never stored anything.
     * Queries still reading the stream keep what they read: log segments stay mapped until their tailers close, and
     * a part a query holds is deleted when the query lets go of it (its folder stays until then; what is left of the
     * stream's folder goes at the next start, see {@link #removeOrphans}).
     */
    public void drop(final CatalogObject stream)
    {
        final Opened opened = logs.remove(stream.id());
        List<Path> held = List.of();
        if (opened != null)
        {
            opened.parts().markDropped();
            compaction.remove(stream.id());
            flusher.remove(opened.log());
            opened.claims().forEach(LogClaim::close);
            opened.log().close();
            held = opened.parts().heldDirectories();
        }
        deleteTree(streamsDirectory.resolve(Long.toString(stream.id())), held);
    }

    /**
     * Deletes the folders of streams the catalog no longer has ({@code live}: the ids it has), left behind by a DROP
     * while queries read the stream or by a crash in the middle of one. Call before any stream is opened.
     */
    public void removeOrphans(final java.util.Set<Long> live)
    {
        if (!Files.isDirectory(streamsDirectory))
        {
            return;
        }
        try (Stream<Path> list = Files.list(streamsDirectory))
        {
            for (final Path entry : list.toList())
            {
                final String name = entry.getFileName().toString();
                if (name.matches("\\d{1,18}") && !live.contains(Long.parseLong(name)) &&
                    !logs.containsKey(Long.parseLong(name)))
                {
                    System.err.println("Removing " + entry + ": its stream was dropped");
                    deleteTree(entry, List.of());
                }
            }
        }
        catch (final IOException e)
        {
            throw new MuonException(ErrorCodes.CANNOT_UNLINK, "Cannot list " + streamsDirectory + ": " +
                e.getMessage());
        }
    }

    /** Deletes {@code directory} but for the folders in {@code keep} (and so their parents). */
    private static void deleteTree(final Path directory, final List<Path> keep)
    {
        if (!Files.exists(directory))
        {
            return;
        }
        List<Path> paths = null;
        for (int attempt = 0; paths == null; attempt++)
        {
            try (Stream<Path> walk = Files.walk(directory))
            {
                paths = walk.sorted(Comparator.reverseOrder()).toList();
            }
            catch (final IOException | java.io.UncheckedIOException e)
            {
                // a held part deleting itself as its last reader lets go: walk again
                if (attempt == 2)
                {
                    throw new MuonException(ErrorCodes.CANNOT_UNLINK, "Cannot delete " + directory + ": " +
                        e.getMessage());
                }
            }
        }
        try
        {
            for (final Path path : paths)
            {
                boolean kept = false;
                for (final Path held : keep)
                {
                    kept |= path.startsWith(held) || held.startsWith(path);
                }
                if (!kept)
                {
                    Files.deleteIfExists(path);
                }
            }
        }
        catch (final IOException e)
        {
            throw new MuonException(ErrorCodes.CANNOT_UNLINK, "Cannot delete " + directory + ": " + e.getMessage());
        }
    }

    @Override
    public void close()
    {
        closed = true;
        compactionRunner.close();
        flusherRunner.close();
        for (final Opened opened : logs.values())
        {
            flusher.remove(opened.log());
            opened.claims().forEach(LogClaim::close);
            opened.log().close();
        }
        logs.clear();
    }
}
