package io.muon.kernel.part;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.log.LogTailer;
import io.muon.kernel.log.NativeLog;
import io.muon.kernel.log.RecordView;
import io.muon.kernel.stream.RecordColumns;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Compaction of one stream, run by the {@link CompactionAgent}'s thread only: tails the stream's log from the commit
 * point (durable records only), gathers rows until the row, byte or age threshold, then splits them by partition,
 * sorts each partition's rows by the sort key and writes one level-0 part per partition named by the gathered
 * sequence range, and commits. Merges adjacent parts of a partition (level + 1) by the size-tiered policy of
 * {@link CompactionSettings} and on demand for OPTIMIZE; drops rows past the TTL while merging, and parts wholly past
 * it at once.
 */
final class StreamCompaction implements AutoCloseable
{
    /** Name of the sequence-number column every part has after the stream's columns. */
    static final String SEQUENCE_COLUMN = "_tp_sn";
    private static final int RECORDS_PER_CYCLE = 64;
    private static final long RETRY_AFTER_FAILURE_MS = 5_000;
    private static final long MERGE_CHECK_MS = 1_000;

    private final long id;
    private final String streamName;
    private final NativeLog log;
    private final StreamParts parts;
    private final StorageLayout layout;
    private final CompactionSettings settings;
    private final PartWriter writer;
    private final FilesFacade files;
    private final List<String> names;
    private final List<DataType> types;
    private final RecordColumns recordColumns;
    private final LogTailer tailer;
    private final int streamColumns;

    private Batch pending;
    private LongVector pendingSequences;
    private long pendingBytes;
    private long pendingSince;
    private long firstSequence = -1;
    private long nextSequence;
    private long retryAt;
    private long nextMergeCheck;
    private boolean forceFlush;
    private final RecordHandlerAdapter handler = new RecordHandlerAdapter();

    StreamCompaction(final long id, final String streamName, final List<String> columnNames,
        final List<DataType> columnTypes, final NativeLog log, final StreamParts parts, final StorageLayout layout,
        final CompactionSettings settings, final FilesFacade files)
    {
        this.id = id;
        this.streamName = streamName;
        this.log = log;
        this.parts = parts;
        this.layout = layout;
        this.settings = settings;
        this.files = files;
        this.writer = new PartWriter(files, settings.codec(), settings.zstdLevel());
        this.streamColumns = columnNames.size();
        final List<String> allNames = new ArrayList<>(columnNames);
        allNames.add(SEQUENCE_COLUMN);
        final List<DataType> allTypes = new ArrayList<>(columnTypes);
        allTypes.add(DataType.INT64);
        this.names = List.copyOf(allNames);
        this.types = List.copyOf(allTypes);
        this.recordColumns = new RecordColumns(columnTypes);
        this.nextSequence = parts.committed();
        this.tailer = log.newTailer().seekToSequence(nextSequence);
    }

    long id()
    {
        return id;
    }

    StreamParts parts()
    {
        return parts;
    }

    /** One duty cycle: read some durable records, write a part if a threshold is reached, maybe merge. */
    int doWork(final long now)
    {
        if (now < retryAt)
        {
            return 0;
        }
        int work = 0;
        try
        {
            handler.now = now;
            while (work < RECORDS_PER_CYCLE && tailer.nextSequence() < log.durableSequence() &&
                (pending == null || pending.rows() < settings.maxRows()))
            {
                if (tailer.poll(handler, 1) == 0)
                {
                    break;
                }
                work++;
            }
            if (pending != null && pending.rows() > 0 && (forceFlush || pending.rows() >= settings.maxRows() ||
                pendingBytes >= settings.maxBytes() || now - pendingSince >= settings.maxAgeMs()))
            {
                flush();
                work++;
                // new parts: see at once whether their partition wants a merge
                nextMergeCheck = now;
            }
            if (now >= nextMergeCheck)
            {
                nextMergeCheck = now + MERGE_CHECK_MS;
                work += mergeIfNeeded(now);
            }
        }
        catch (final RuntimeException e)
        {
            System.err.println("Compaction of " + streamName + " failed, retrying in " + RETRY_AFTER_FAILURE_MS +
                " ms: " + e);
            discardPending();
            retryAt = now + RETRY_AFTER_FAILURE_MS;
        }
        return work;
    }

    /** Writes everything durable now into parts (for OPTIMIZE and tests); returns when it is committed. */
    void compactAll(final long now)
    {
        forceFlush = true;
        try
        {
            handler.now = now;
            while (tailer.nextSequence() < log.durableSequence())
            {
                if (tailer.poll(handler, 1) == 0)
                {
                    break;
                }
                if (pending != null && pending.rows() >= settings.maxRows())
                {
                    flush();
                }
            }
            if (pending != null && pending.rows() > 0)
            {
                flush();
            }
        }
        catch (final RuntimeException e)
        {
            discardPending();
            throw e;
        }
        finally
        {
            forceFlush = false;
        }
    }

    private final class RecordHandlerAdapter implements io.muon.kernel.log.RecordHandler
    {
        long now;

        @Override
        public void onRecord(final RecordView record)
        {
            accept(record, now);
        }
    }

    private void accept(final RecordView record, final long now)
    {
        final int rows = record.rowCount();
        final long base = record.baseSequence();
        if (rows == 0 || base + rows <= nextSequence)
        {
            return;
        }
        if (pending == null)
        {
            pending = Batch.of(types.subList(0, streamColumns), Math.max(rows, 1024));
            pendingSequences = (LongVector)Vector.create(DataType.INT64, Math.max(rows, 1024));
        }
        if (pending.rows() == 0)
        {
            pendingSince = now;
            firstSequence = Math.max(base, nextSequence);
        }
        final int skip = (int)Math.max(0, nextSequence - base);
        recordColumns.read(record.bodyBuffer(), record.bodyOffset(), skip, rows - skip, pending, null);
        for (int r = skip; r < rows; r++)
        {
            pendingSequences.append(base + r);
        }
        pendingBytes += record.bodyLength();
        nextSequence = base + rows;
    }

    private void discardPending()
    {
        pending = null;
        pendingSequences = null;
        pendingBytes = 0;
        nextSequence = parts.committed();
        tailer.seekToSequence(nextSequence);
    }

    private Batch withSequences(final Batch rows, final LongVector sequences)
    {
        final Vector[] columns = Arrays.copyOf(rows.columns(), streamColumns + 1);
        columns[streamColumns] = sequences;
        return new Batch(columns, rows.rows());
    }

    /** Writes the gathered rows as one part per partition and commits them. */
    private void flush()
    {
        final Batch rows = withSequences(pending, pendingSequences);
        final long first = firstSequence;
        final long last = nextSequence - 1;
        final List<DataPart> written = new ArrayList<>();
        try
        {
            // both keys evaluated once over all gathered rows, then shared by the partitions' parts
            final Vector[] sortKeys = layout.sortKey(rows);
            final Vector[] partitionKeys = layout.partitionKey(rows);
            for (final int[] group : partitionGroups(partitionKeys, rows.rows()))
            {
                written.add(writeSorted(rows, sortKeys, partitionKeys, group, group.length, first, last, 0));
            }
            parts.commit(written, nextSequence);
        }
        catch (final RuntimeException e)
        {
            for (final DataPart part : written)
            {
                part.retire();
            }
            throw e;
        }
        pending = null;
        pendingSequences = null;
        pendingBytes = 0;
    }

    /** The row positions of each partition among {@code rows}, in row order. */
    private static List<int[]> partitionGroups(final Vector[] keys, final int count)
    {
        if (keys.length == 0)
        {
            final int[] all = new int[count];
            for (int r = 0; r < count; r++)
            {
                all[r] = r;
            }
            return List.of(all);
        }
        final int[] slots = new int[Integer.highestOneBit(Math.max(4, count)) * 4];
        Arrays.fill(slots, -1);
        final int mask = slots.length - 1;
        final int[] groupOf = new int[count];
        final List<Integer> representatives = new ArrayList<>();
        final List<int[]> sizes = new ArrayList<>();
        for (int r = 0; r < count; r++)
        {
            long hash = 0;
            for (final Vector key : keys)
            {
                hash = hash * 31 + key.hash(r);
            }
            int slot = (int)(hash ^ (hash >>> 32)) & mask;
            while (slots[slot] >= 0 && !sameKey(keys, representatives.get(slots[slot]), r))
            {
                slot = (slot + 1) & mask;
            }
            if (slots[slot] < 0)
            {
                slots[slot] = representatives.size();
                representatives.add(r);
                sizes.add(new int[1]);
            }
            groupOf[r] = slots[slot];
            sizes.get(slots[slot])[0]++;
        }
        final List<int[]> groups = new ArrayList<>();
        final int[] filled = new int[representatives.size()];
        for (final int[] size : sizes)
        {
            groups.add(new int[size[0]]);
        }
        for (int r = 0; r < count; r++)
        {
            groups.get(groupOf[r])[filled[groupOf[r]]++] = r;
        }
        return groups;
    }

    private static boolean sameKey(final Vector[] keys, final int left, final int right)
    {
        for (final Vector key : keys)
        {
            if (!key.equalsAt(left, key, right))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes rows {@code positions[0, count)} of {@code rows} (one partition; {@code sortKeys} and {@code partitionKeys}
     * evaluated over {@code rows}) sorted by the sort key as a part covering sequence numbers
     * {@code [minBlock, maxBlock]} at {@code level}, and loads it.
     */
    private DataPart writeSorted(final Batch rows, final Vector[] sortKeys, final Vector[] partitionKeys,
        final int[] positions, final int count, final long minBlock, final long maxBlock, final int level)
    {
        RowOrder.sort(sortKeys, positions, count);
        final Vector[] columns = new Vector[rows.width()];
        for (int c = 0; c < columns.length; c++)
        {
            columns[c] = rows.column(c).gather(positions, count);
        }
        final Batch sorted = new Batch(columns, count);
        final Vector[] sortKey = new Vector[sortKeys.length];
        for (int k = 0; k < sortKey.length; k++)
        {
            sortKey[k] = sortKeys[k].gather(positions, count);
        }
        // every row of the partition has the same key: its first row's value is the partition's
        final List<DataType> partitionTypes = layout.partitionKeyTypes();
        final Vector[] partitionValue = new Vector[partitionKeys.length];
        for (int k = 0; k < partitionValue.length; k++)
        {
            partitionValue[k] = partitionKeys[k].gather(positions, 1);
        }
        final String partitionId = PartitionId.of(partitionTypes, partitionValue, 0);
        final List<String> minmaxNames = new ArrayList<>();
        final List<DataType> minmaxTypes = new ArrayList<>();
        final List<Vector> minmax = new ArrayList<>();
        for (final int column : layout.partitionColumns())
        {
            minmaxNames.add(names.get(column));
            minmaxTypes.add(types.get(column));
            minmax.add(minMax(sorted.column(column), count));
        }
        final PartIndex index = new PartIndex(layout.sortKeyTypes(), sortKey, partitionTypes, partitionValue,
            minmaxNames, minmaxTypes, minmax.toArray(new Vector[0]));
        final Path directory = writer.write(parts.directory(), new PartName(partitionId, minBlock, maxBlock, level),
            names, types, sorted, index);
        return DataPart.load(files, directory);
    }

    private static Vector minMax(final Vector values, final int count)
    {
        int min = -1;
        int max = -1;
        for (int r = 0; r < count; r++)
        {
            if (values.isNull(r))
            {
                continue;
            }
            if (min < 0 || values.compareAt(r, values, min) < 0)
            {
                min = r;
            }
            if (max < 0 || values.compareAt(r, values, max) > 0)
            {
                max = r;
            }
        }
        final Vector out = Vector.create(values.type(), 2);
        if (min < 0)
        {
            out.appendNull();
            out.appendNull();
        }
        else
        {
            out.appendFrom(values, min);
            out.appendFrom(values, max);
        }
        return out;
    }

    /**
     * One pass of the background policy: drops parts whose rows all expired, rewrites a part with expired rows (at
     * most once per {@code merge_with_ttl_timeout}), and merges the cheapest acceptable run of parts of each
     * partition (see {@link CompactionSettings}).
     *
     * @return the number of parts written or dropped
     */
    int mergeIfNeeded(final long now)
    {
        int work = layout.hasTtl() ? expire(now) : 0;
        for (final List<DataPart> partition : partitions(parts.active()))
        {
            final List<DataPart> run = tieredRun(partition);
            if (run != null)
            {
                merge(run, now);
                work++;
            }
        }
        return work;
    }

    /**
     * OPTIMIZE: merges every partition of several parts (or only the partition {@code partitionId}, when not null)
     * into one part; with {@code everyPart} (FINAL) also a partition of one part, which applies the TTL.
     */
    void optimize(final long now, final boolean everyPart, final String partitionId)
    {
        for (final List<DataPart> partition : partitions(parts.active()))
        {
            if (partitionId != null && !partition.get(0).name().partitionId().equals(partitionId))
            {
                continue;
            }
            if (partition.size() > 1 || everyPart)
            {
                merge(partition, now);
            }
        }
    }

    /** The parts grouped by partition (the active list is ordered by partition, then block range). */
    private static List<List<DataPart>> partitions(final List<DataPart> active)
    {
        final List<List<DataPart>> partitions = new ArrayList<>();
        int from = 0;
        while (from < active.size())
        {
            int to = from;
            while (to < active.size() && active.get(to).name().partitionId().equals(active.get(from).name()
                .partitionId()))
            {
                to++;
            }
            partitions.add(active.subList(from, to));
            from = to;
        }
        return partitions;
    }

    /** The run of adjacent parts {@link #tieredRun(long[], CompactionSettings)} picks in one partition, or null. */
    private List<DataPart> tieredRun(final List<DataPart> partition)
    {
        final long[] rows = new long[partition.size()];
        for (int i = 0; i < rows.length; i++)
        {
            rows[i] = partition.get(i).rows();
        }
        final int[] run = tieredRun(rows, settings);
        return run == null ? null : partition.subList(run[0], run[1]);
    }

    /**
     * The size-tiered choice among adjacent parts of {@code rows} rows each: runs of {@code merge_min_parts} to
     * {@code merge_max_parts} parts, none holding more rows than the others together, at most
     * {@code merge_max_rows} in all; of those, the one with the fewest rows (the cheapest merge, the first of equals).
     *
     * @return {@code {from, to}} (to exclusive), or null when no run qualifies
     */
    static int[] tieredRun(final long[] rows, final CompactionSettings settings)
    {
        final int minParts = settings.mergeMinParts();
        final int maxParts = Math.max(minParts, settings.mergeMaxParts());
        int[] best = null;
        long bestRows = Long.MAX_VALUE;
        for (int start = 0; start + minParts <= rows.length; start++)
        {
            long total = 0;
            long largest = 0;
            for (int end = start; end < rows.length && end - start < maxParts; end++)
            {
                total += rows[end];
                largest = Math.max(largest, rows[end]);
                if (total > settings.mergeMaxRows())
                {
                    break;
                }
                if (end - start + 1 >= minParts && largest <= total - largest && total < bestRows)
                {
                    best = new int[] {start, end + 1};
                    bestRows = total;
                }
            }
        }
        return best;
    }

    /** Expiry range (epoch seconds, min and max over the rows) of each active part, computed once per part. */
    private final java.util.IdentityHashMap<DataPart, long[]> expiries = new java.util.IdentityHashMap<>();
    private long lastTtlRewrite = Long.MIN_VALUE / 2;

    /** The TTL pass: whole expired parts go, one part with expired rows is rewritten per timeout. */
    private int expire(final long now)
    {
        final List<DataPart> active = parts.active();
        expiries.keySet().retainAll(new java.util.HashSet<>(active));
        final long nowSeconds = now / 1000;
        int work = 0;
        DataPart partly = null;
        for (final DataPart part : active)
        {
            final long[] range = expiries.computeIfAbsent(part, this::expiryRange);
            if (range[1] <= nowSeconds)
            {
                parts.replace(List.of(part), null);
                expiries.remove(part);
                work++;
            }
            else if (range[0] <= nowSeconds && partly == null)
            {
                partly = part;
            }
        }
        if (partly != null && now - lastTtlRewrite >= settings.ttlMergeTimeoutSeconds() * 1000)
        {
            lastTtlRewrite = now;
            merge(List.of(partly), now);
            work++;
        }
        return work;
    }

    /** The earliest and latest expiry of a part's rows (rows whose TTL is NULL never expire). */
    private long[] expiryRange(final DataPart part)
    {
        final List<String> read = new ArrayList<>();
        final Vector[] columns = new Vector[types.size()];
        for (int c = 0; c < names.size(); c++)
        {
            final boolean wanted = layout.ttlColumns().contains(c);
            read.add(wanted ? names.get(c) : null);
            if (wanted)
            {
                final DataType stored = part.columnType(names.get(c));
                columns[c] = Vector.create(stored != null ? stored : types.get(c), (int)part.rows());
            }
        }
        try (PartReader reader = new PartReader(part, read))
        {
            reader.read(0, part.granules(), columns);
        }
        final LongVector expiry = layout.ttl(new Batch(columns, (int)part.rows()));
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int r = 0; r < part.rows(); r++)
        {
            final long at = expiry.isNull(r) ? Long.MAX_VALUE : expiry.get(r);
            min = Math.min(min, at);
            max = Math.max(max, at);
        }
        return new long[] {min, max};
    }

    /** Merges adjacent parts of one partition into one part of the next level (rows past the TTL left out). */
    private void merge(final List<DataPart> sources, final long now)
    {
        long total = 0;
        for (final DataPart source : sources)
        {
            total += source.rows();
        }
        if (total > Integer.MAX_VALUE / 2)
        {
            throw new MuonException(ErrorCodes.TOO_LARGE_ARRAY_SIZE, "A merge of " + total + " rows is too large");
        }
        final Vector[] columns = new Vector[types.size()];
        for (int c = 0; c < columns.length; c++)
        {
            columns[c] = Vector.create(types.get(c), (int)total);
        }
        long minBlock = Long.MAX_VALUE;
        long maxBlock = Long.MIN_VALUE;
        int level = 0;
        for (final DataPart source : sources)
        {
            for (int c = 0; c < names.size(); c++)
            {
                final DataType stored = source.columnType(names.get(c));
                if (stored != null && !stored.equals(types.get(c)))
                {
                    throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "Part " + source + " stores " + names.get(c) +
                        " as " + stored.clickHouseName() + ", the stream now as " + types.get(c).clickHouseName() +
                        ": parts are not converted");
                }
            }
            try (PartReader reader = new PartReader(source, names))
            {
                reader.read(0, source.granules(), columns);
            }
            minBlock = Math.min(minBlock, source.name().minBlock());
            maxBlock = Math.max(maxBlock, source.name().maxBlock());
            level = Math.max(level, source.name().level());
        }
        final Batch rows = new Batch(columns, (int)total);
        int count = 0;
        final int[] positions = new int[(int)total];
        final LongVector expiry = layout.hasTtl() ? layout.ttl(rows) : null;
        final long nowSeconds = now / 1000;
        for (int r = 0; r < total; r++)
        {
            if (expiry == null || expiry.isNull(r) || expiry.get(r) > nowSeconds)
            {
                positions[count++] = r;
            }
        }
        if (count == 0)
        {
            parts.replace(sources, null);
            return;
        }
        final DataPart merged = writeSorted(rows, layout.sortKey(rows), layout.partitionKey(rows), positions, count,
            minBlock, maxBlock, level + 1);
        parts.replace(sources, merged);
    }

    /** Drops every part and skips the log up to its end now (TRUNCATE). */
    void truncate()
    {
        pending = null;
        pendingSequences = null;
        pendingBytes = 0;
        final long end = log.nextSequence();
        parts.truncate(end);
        nextSequence = end;
        tailer.seekToSequence(end);
    }

    @Override
    public void close()
    {
        tailer.close();
        parts.close();
    }
}
