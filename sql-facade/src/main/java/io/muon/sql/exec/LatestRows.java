package io.muon.sql.exec;

import io.muon.kernel.catalog.CatalogObject;
import io.muon.kernel.state.LatestRowMap;
import io.muon.kernel.stream.RecordColumns;
import io.muon.kernel.stream.StreamStore;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;
import io.muon.sql.plan.LogicalPlan;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Consumer;

/**
 * The latest row of each primary key of one keyed stream, kept in its {@link LatestRowMap} under
 * {@code <data>/state/streams/<stream id>/latest.cm}: the map's key is the row's primary key (encoded as a one-row
 * record of the key columns), its value the row's sequence number and the row (a one-row record of the stream's
 * columns). {@link #catchUp} applies the rows appended since the map's applied position (a row replaces its key's
 * row when its version is greater, or equal with a greater {@code _tp_sn}: the order rows are applied in does not
 * matter, so applying a row twice after a crash changes nothing). {@link #read} gives a bounded query or a streaming
 * query's starting state the map's rows and then the log's rows from the applied position, so they need not read
 * the stream's history; {@link LatestPerKeyOperator} above resolves the two as it does the history.
 * <p>
 * One thread catches up (the engine's keyed-state thread); any thread reads. A reader holds the map open until it
 * closes its operator: the catching-up thread waits for readers before it makes a full map anew.
 */
public final class LatestRows implements AutoCloseable
{
    private static final int SEQUENCE_BYTES = 8;

    private final StreamStore store;
    private final CatalogObject stream;
    private final List<LogicalPlan.Column> scanOutput;
    private final List<DataType> storedTypes;
    private final List<DataType> keyTypes;
    private final Evaluator[] keys;
    private final int versionColumn;
    private final int sequenceColumn;
    private final RecordColumns rows;
    private final RecordColumns keyColumns;
    private final QueryContext context;
    private final Consumer<String> problems;
    private final StampedLock lock = new StampedLock();
    private final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(256);
    private final boolean[] versionOnly;
    private volatile LatestRowMap map;
    private int averageKeyBytes = 16;
    private int averageRowBytes = 64;

    /**
     * The latest rows of {@code stream} (its scan's columns {@code scanOutput}, the stream's columns then {@code
     * _tp_sn}), keyed by {@code latest}'s primary key; opens or makes its map.
     */
    public LatestRows(final StreamStore store, final CatalogObject stream, final LogicalPlan.LatestPerKey latest,
        final QueryContext context, final Consumer<String> problems)
    {
        this.store = store;
        this.stream = stream;
        this.context = context;
        this.problems = problems;
        this.scanOutput = ((LogicalPlan.StreamScan)latest.input()).output();
        this.storedTypes = StreamStore.types(stream);
        this.rows = new RecordColumns(storedTypes);
        this.keyTypes = new ArrayList<>();
        latest.keys().forEach(key -> keyTypes.add(key.type()));
        this.keyColumns = new RecordColumns(keyTypes);
        final QueryExecutor executor = new QueryExecutor(store, context);
        this.keys = new Evaluator[latest.keys().size()];
        for (int k = 0; k < keys.length; k++)
        {
            keys[k] = executor.compile(latest.keys().get(k));
        }
        if (!(latest.version() instanceof io.muon.sql.plan.TypedExpr.ColumnRef version) ||
            version.index() >= storedTypes.size())
        {
            throw new IllegalArgumentException("the version of " + stream.qualifiedName() + " is not a stored column");
        }
        this.versionColumn = version.index();
        this.sequenceColumn = latest.sequence();
        this.versionOnly = new boolean[storedTypes.size()];
        versionOnly[versionColumn] = true;
        // room for as many keys as the stream has rows now (at least 64K), so a map seldom has to be made anew
        final long rowsNow = store.log(stream).nextSequence();
        this.map = LatestRowMap.open(file(store, stream), fingerprint(stream, latest),
            Math.max(1 << 16, Math.min(rowsNow + rowsNow / 4, 1L << 28)), averageKeyBytes, averageRowBytes, problems);
    }

    /** Where the map of {@code stream} lives. */
    public static Path file(final StreamStore store, final CatalogObject stream)
    {
        return directory(store, stream).resolve("latest.cm");
    }

    /** The directory of {@code stream}'s keyed state. */
    public static Path directory(final StreamStore store, final CatalogObject stream)
    {
        return store.stateDirectory().resolve("streams").resolve(Long.toString(stream.id()));
    }

    /** What the rows were encoded for: a map written for other columns, keys or versions is not read. */
    private static String fingerprint(final CatalogObject stream, final LogicalPlan.LatestPerKey latest)
    {
        return StreamStore.types(stream) + " key " + stream.primaryKey() + " version " + latest.version();
    }

    /** Rows before this sequence number are in the map. */
    public long applied()
    {
        return map.applied();
    }

    /** Keys in the map. */
    public long keys()
    {
        return map.size();
    }

    /**
     * Applies every row appended since the applied position (from the stream's parts too when the map is behind
     * them, as after it was made anew) and moves the position to the log's end as it was; returns the rows read.
     * When {@code stop} says so between batches it returns early, leaving the position where it was.
     */
    public long catchUp(final java.util.function.BooleanSupplier stop)
    {
        if (map.applied() == 0 && map.size() == 0)
        {
            // an empty map about to take a whole stream: sized for its rows now (keys are at most that many)
            final long rowsNow = store.log(stream).nextSequence();
            if (map.capacity() < rowsNow)
            {
                resize(rowsNow + rowsNow / 4);
            }
        }
        final long from = map.applied();
        long read = 0;
        try (ScanOperator scan = new ScanOperator(store, stream, scanOutput, context, null, null, from))
        {
            final long end = scan.end();
            if (end <= from)
            {
                return 0;
            }
            Batch batch;
            while ((batch = scan.next()) != null)
            {
                if (stop.getAsBoolean())
                {
                    // the applied position stays: the next catch-up applies these rows again, harmlessly
                    return read;
                }
                read += batch.rows();
                apply(batch, from);
                if (map.full())
                {
                    grow();
                    return read;
                }
            }
            map.applied(end);
        }
        return read;
    }

    /** Makes the map anew, twice as large and empty, once no reader has it open; the next catch-up fills it. */
    private void grow()
    {
        problems.accept("latest-row map of " + stream.qualifiedName() + " is full at " + map.size() +
            " keys: made anew larger, filled again from the stream");
        resize(map.size() * 2);
    }

    private void resize(final long keys)
    {
        final long stamp = lock.writeLock();
        try
        {
            map = map.resized(keys, averageKeyBytes, averageRowBytes);
        }
        finally
        {
            lock.unlockWrite(stamp);
        }
    }

    private void apply(final Batch batch, final long from)
    {
        final int count = batch.rows();
        final Vector[] keyVectors = new Vector[keys.length];
        for (int k = 0; k < keys.length; k++)
        {
            keyVectors[k] = Conversions.convert(keys[k].evaluate(batch), count, keyTypes.get(k),
                Conversions.Mode.CAST);
        }
        final Batch keyBatch = new Batch(keyVectors, count);
        final Batch stored = new Batch(java.util.Arrays.copyOf(batch.columns(), storedTypes.size()), count);
        final LongVector sequences = (LongVector)batch.column(sequenceColumn);
        final Vector versions = batch.column(versionColumn);
        final Batch existingVersion = Batch.of(storedTypes, 1);
        long keyBytes = 0;
        long rowBytes = 0;
        for (int r = 0; r < count; r++)
        {
            final long sequence = sequences.get(r);
            if (sequence < from)
            {
                continue;
            }
            final byte[] key = encode(keyColumns, keyBatch, r, 0);
            final byte[] row = encode(rows, stored, r, SEQUENCE_BYTES);
            rowView.wrap(row);
            rowView.putLong(0, sequence);
            comparing.versions = versions;
            comparing.row = r;
            comparing.sequence = sequence;
            comparing.existingVersion = existingVersion;
            if (map.putUnless(key, row, comparing))
            {
                keyBytes += key.length;
                rowBytes += row.length;
            }
        }
        if (count > 0 && rowBytes > 0)
        {
            averageKeyBytes = (int)Math.max(8, keyBytes / count);
            averageRowBytes = (int)Math.max(16, rowBytes / count);
        }
    }

    private final UnsafeBuffer rowView = new UnsafeBuffer(new byte[0]);
    private final StoredWins comparing = new StoredWins();

    /** Whether the stored row stays: its version is greater, or equal with a greater sequence number. */
    private final class StoredWins implements java.util.function.Predicate<org.agrona.DirectBuffer>
    {
        Vector versions;
        int row;
        long sequence;
        Batch existingVersion;

        @Override
        public boolean test(final org.agrona.DirectBuffer stored)
        {
            existingVersion.column(versionColumn).reset();
            rows.read(stored, SEQUENCE_BYTES, 1, existingVersion, versionOnly);
            final int byVersion = JoinOperator.compareAsof(versions, row, existingVersion.column(versionColumn), 0);
            return byVersion != 0 ? byVersion < 0 : sequence < stored.getLong(0);
        }
    }

    private byte[] encode(final RecordColumns codec, final Batch batch, final int row, final int offset)
    {
        final int length = codec.layout(batch, row, row + 1);
        scratch.checkLimit(offset + length);
        codec.write(batch, row, row + 1, scratch, offset);
        final byte[] bytes = new byte[offset + length];
        scratch.getBytes(0, bytes, 0, bytes.length);
        return bytes;
    }

    /**
     * The map's rows, then the log's rows from the applied position to its end now, in the columns of the stream's
     * scan ({@code wanted}: those read, null: all); null when the map is behind the stream's parts (the caller reads
     * the history instead).
     */
    public Operator read(final java.util.BitSet wanted, final QueryContext queryContext)
    {
        final long stamp = lock.readLock();
        try
        {
            final LatestRowMap current = map;
            final long from = current.applied();
            if (from == 0)
            {
                lock.unlockRead(stamp);
                return null;
            }
            final ScanOperator tail = new ScanOperator(store, stream, scanOutput, queryContext, wanted, null, from);
            if (tail.readsParts())
            {
                tail.close();
                lock.unlockRead(stamp);
                return null;
            }
            return new MapThenLog(current, tail, stamp, queryContext);
        }
        catch (final RuntimeException e)
        {
            lock.unlockRead(stamp);
            throw e;
        }
    }

    /** The map's rows in batches, then the log's; releases the map when closed. */
    private final class MapThenLog implements Operator
    {
        private final LatestRowMap source;
        /** Made on the first call: Chronicle Map's iterators belong to the thread that makes them. */
        private Iterator<byte[]> entries;
        private final ScanOperator tail;
        private final QueryContext queryContext;
        private long stamp;
        private final UnsafeBuffer value = new UnsafeBuffer(new byte[0]);

        MapThenLog(final LatestRowMap source, final ScanOperator tail, final long stamp,
            final QueryContext queryContext)
        {
            this.queryContext = queryContext;
            this.source = source;
            this.tail = tail;
            this.stamp = stamp;
        }

        @Override
        public Batch next()
        {
            if (entries == null)
            {
                entries = source.rows();
            }
            if (!entries.hasNext())
            {
                return tail.next();
            }
            final Batch stored = Batch.of(storedTypes, Batch.DEFAULT_ROWS);
            final LongVector sequences = (LongVector)Vector.create(DataType.INT64, Batch.DEFAULT_ROWS);
            int count = 0;
            while (count < Batch.DEFAULT_ROWS && entries.hasNext())
            {
                value.wrap(entries.next());
                rows.read(value, SEQUENCE_BYTES, 1, stored, null);
                sequences.append(value.getLong(0));
                count++;
            }
            final Vector[] out = new Vector[scanOutput.size()];
            for (int c = 0; c < out.length; c++)
            {
                out[c] = c == sequenceColumn ? sequences : stored.column(c);
            }
            queryContext.addRead(count, 0);
            return new Batch(out, count);
        }

        @Override
        public void close()
        {
            try
            {
                tail.close();
            }
            finally
            {
                if (stamp != 0)
                {
                    lock.unlockRead(stamp);
                    stamp = 0;
                }
            }
        }
    }

    @Override
    public void close()
    {
        final long stamp = lock.writeLock();
        try
        {
            map.close();
        }
        finally
        {
            lock.unlockWrite(stamp);
        }
    }
}
