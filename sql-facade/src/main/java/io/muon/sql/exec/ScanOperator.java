package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.catalog.CatalogObject;
import io.muon.kernel.log.LogTailer;
import io.muon.kernel.log.NativeLog;
import io.muon.kernel.log.RecordView;
import io.muon.kernel.part.DataPart;
import io.muon.kernel.part.PartReader;
import io.muon.kernel.part.PartSnapshot;
import io.muon.kernel.stream.RecordColumns;
import io.muon.kernel.stream.StreamStore;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;
import io.muon.sql.plan.LogicalPlan;

import java.util.List;

/**
 * Reads a stream's rows for a bounded query ({@code table(s)}): first its parts (a snapshot taken when the query
 * starts, one granule per batch, only the columns read), then its NativeLog from the first sequence number not in a
 * part up to the end it had when the query started, decoding records into batches of at least
 * {@link Batch#DEFAULT_ROWS} rows (several small records per batch): every row exactly once, whatever compaction and
 * merges do meanwhile. The virtual {@code _tp_sn} column is each row's sequence number (a stored column in parts).
 */
final class ScanOperator implements Operator
{
    private final LogTailer tailer;
    private final long end;
    private final RecordColumns columns;
    private final int[] sources;
    private final List<DataType> outputTypes;
    private final QueryContext context;
    private Batch stored;
    private LongVector sequences;
    private boolean finished;

    private final Placeholders placeholders;
    private final boolean[] wantedOutputs;
    private final boolean[] wantedStored;
    private boolean wantsSequence;

    /** The record being read in slices, its row count and the first row not yet read. */
    private RecordView pending;
    private int pendingRows;
    private int pendingFrom;

    /**
     * One of {@code count} scans that share a stream's rows up to sequence {@code end}: rows are dealt out in slices
     * of {@link #SLICE} consecutive sequence numbers, slice i to the scan with index {@code i % count}, so each scan
     * gets an even share however the rows were inserted.
     */
    record Shard(int index, int count, long end, PartSnapshot snapshot)
    {
    }

    /**
     * Consecutive granules of the parts a sharded scan takes in turn: a column's compressed blocks often span
     * granules, and copies reading runs of them decompress each block once.
     */
    private static final int GRANULES_PER_SHARE = 4;

    /** Rows per slice of a sharded scan. */
    static final int SLICE = Batch.DEFAULT_ROWS;

    private final Shard shard;

    /** The name parts give the sequence-number column. */
    private static final String SEQUENCE_COLUMN = "_tp_sn";

    private final PartSnapshot snapshot;
    private final int streamColumns;
    private final String[] streamColumnNames;
    private int[] partColumns;
    private PartReader partReader;
    private int partIndex;
    private int granule;
    private long granuleCounter;

    /**
     * {@code wanted}: which output columns the query reads (null: all); the others are filled with defaults.
     * {@code shard}: this scan's share of the rows, or null for all rows up to the log's end now.
     */
    ScanOperator(final StreamStore store, final CatalogObject stream, final List<LogicalPlan.Column> output,
        final QueryContext context, final java.util.BitSet wanted, final Shard shard)
    {
        this(store, stream, output, context, wanted, shard, 0);
    }

    /**
     * The rows from sequence number {@code from} on: when every part holds rows before it only ({@link
     * #readsParts()} false), the parts are skipped and the log is read from {@code from}; otherwise every row is read
     * and the caller drops those before it.
     */
    ScanOperator(final StreamStore store, final CatalogObject stream, final List<LogicalPlan.Column> output,
        final QueryContext context, final java.util.BitSet wanted, final Shard shard, final long from)
    {
        final NativeLog log = store.log(stream);
        this.shard = shard;
        this.streamColumns = stream.columns().size();
        this.columns = new RecordColumns(StreamStore.types(stream));
        this.context = context;
        this.sources = new int[output.size()];
        this.outputTypes = output.stream().map(LogicalPlan.Column::type).toList();
        for (int i = 0; i < output.size(); i++)
        {
            final String name = output.get(i).name();
            int found = -2;
            for (int c = 0; c < stream.columns().size(); c++)
            {
                if (stream.columns().get(c).name().equals(name))
                {
                    found = c;
                }
            }
            if (found < 0 && name.equals("_tp_sn"))
            {
                found = -1;
            }
            if (found == -2)
            {
                throw new MuonException(ErrorCodes.NOT_FOUND_COLUMN_IN_BLOCK, "Column " + name + " is not stored in " +
                    stream.qualifiedName());
            }
            sources[i] = found;
        }
        this.placeholders = new Placeholders(outputTypes);
        this.streamColumnNames = stream.columns().stream().map(c -> c.name()).toArray(String[]::new);
        this.wantedOutputs = new boolean[output.size()];
        this.wantedStored = new boolean[stream.columns().size()];
        for (int i = 0; i < output.size(); i++)
        {
            wantedOutputs[i] = wanted == null || wanted.get(i);
            if (wantedOutputs[i] && sources[i] >= 0)
            {
                wantedStored[sources[i]] = true;
            }
            wantsSequence |= wantedOutputs[i] && sources[i] < 0;
        }
        // last, so that nothing fails after the parts are held
        this.snapshot = shard == null ? store.snapshot(stream) : shard.snapshot().share();
        this.end = shard == null ? log.nextSequence() : shard.end();
        final boolean pastParts = shard == null && from > 0 && from >= snapshot.committed();
        this.logFrom = pastParts ? from : snapshot.committed();
        if (pastParts)
        {
            partIndex = snapshot.parts().size();
        }
        this.tailer = log.newTailer().seekToSequence(logFrom);
    }

    /** The first sequence number read from the log; rows before it come from the parts, if at all. */
    private final long logFrom;

    /** The sequence number the scan ends before (the log's end when it started). */
    long end()
    {
        return end;
    }

    /** Whether the scan reads parts (false: only the log, from the first row asked for). */
    boolean readsParts()
    {
        return partIndex < snapshot.parts().size();
    }

    @Override
    public Batch next()
    {
        if (finished)
        {
            return null;
        }
        final Batch fromParts = nextFromParts();
        if (fromParts != null)
        {
            return fromParts;
        }
        // vectors only for the columns read; the record reader skips the others
        final Vector[] storedColumns = new Vector[wantedStored.length];
        for (int c = 0; c < storedColumns.length; c++)
        {
            storedColumns[c] = wantedStored[c] ? Vector.create(columns.types().get(c), Batch.DEFAULT_ROWS) : null;
        }
        stored = new Batch(storedColumns, 0);
        sequences = wantsSequence ? (LongVector)Vector.create(DataType.INT64, Batch.DEFAULT_ROWS) : null;
        while (stored.rows() < Batch.DEFAULT_ROWS)
        {
            if (pending == null)
            {
                if (tailer.nextSequence() >= end)
                {
                    break;
                }
                context.checkAlive();
                if (tailer.poll(this::onRecord, 1) == 0)
                {
                    break;
                }
                continue;
            }
            int take = Math.min(pendingRows - pendingFrom, Batch.DEFAULT_ROWS - stored.rows());
            if (shard != null)
            {
                final long sequence = pending.baseSequence() + pendingFrom;
                final long slice = sequence / SLICE;
                take = (int)Math.min(take, (slice + 1) * SLICE - sequence);
                if (slice % shard.count() != shard.index())
                {
                    pendingFrom += take;
                    if (pendingFrom == pendingRows)
                    {
                        pending = null;
                    }
                    continue;
                }
            }
            columns.read(pending.bodyBuffer(), pending.bodyOffset(), pendingFrom, take, stored, wantedStored);
            context.addRead(take, (long)pending.bodyLength() * take / pendingRows);
            if (wantsSequence)
            {
                final long base = pending.baseSequence() + pendingFrom;
                for (int r = 0; r < take; r++)
                {
                    sequences.append(base + r);
                }
            }
            pendingFrom += take;
            if (pendingFrom == pendingRows)
            {
                pending = null;
            }
        }
        if (stored.rows() == 0)
        {
            finished = true;
            return null;
        }
        final Vector[] out = new Vector[sources.length];
        for (int i = 0; i < sources.length; i++)
        {
            if (!wantedOutputs[i])
            {
                out[i] = placeholders.get(i, stored.rows());
                continue;
            }
            out[i] = sources[i] >= 0 ? stored.column(sources[i]) : sequences;
            if (!out[i].type().equals(outputTypes.get(i)))
            {
                out[i] = Conversions.convert(out[i], stored.rows(), outputTypes.get(i), Conversions.Mode.CAST);
            }
        }
        return new Batch(out, stored.rows());
    }

    /**
     * Takes a record to decode in slices: the view stays valid until the next poll, as the tailer keeps its segment
     * (or inflated body) until then.
     */
    private void onRecord(final RecordView record)
    {
        if (record.baseSequence() >= end || record.rowCount() == 0)
        {
            return;
        }
        pending = record;
        pendingFrom = (int)Math.max(0, logFrom - record.baseSequence());
        pendingRows = record.rowCount();
        if (pendingFrom >= pendingRows)
        {
            pending = null;
        }
    }

    /**
     * Lets the scan skip parts and granules that cannot hold a row {@code predicate} (the filter right above it, over
     * this scan's output) keeps, judged by the parts' indexes. Call before the first {@link #next()}.
     */
    void prune(final io.muon.sql.plan.TypedExpr predicate, final io.muon.kernel.part.StorageLayout layout,
        final ExpressionCompiler compiler)
    {
        final int[] partColumn = new int[sources.length];
        for (int i = 0; i < sources.length; i++)
        {
            partColumn[i] = sources[i] >= 0 ? sources[i] : streamColumns;
        }
        final java.util.List<String> names = new java.util.ArrayList<>(java.util.List.of(streamColumnNames));
        names.add(SEQUENCE_COLUMN);
        final java.util.List<DataType> types = new java.util.ArrayList<>(columns.types());
        types.add(DataType.INT64);
        pruning = PartPruning.of(predicate, partColumn, names, types, layout, compiler);
    }

    private PartPruning pruning;
    /** Whether the current part was checked against {@link #pruning}, and the granules it keeps (null: all). */
    private boolean partChecked;
    private boolean[] keptGranules;

    /** The next granule of the parts (this scan's share of them), or null when the parts are done. */
    private Batch nextFromParts()
    {
        final java.util.List<DataPart> parts = snapshot.parts();
        while (partIndex < parts.size())
        {
            final DataPart part = parts.get(partIndex);
            if (!partChecked)
            {
                partChecked = true;
                keptGranules = null;
                if (pruning != null && !pruning.mayMatch(part))
                {
                    granule = part.granules();
                }
                else if (pruning != null)
                {
                    keptGranules = pruning.granules(part);
                }
            }
            if (granule >= part.granules())
            {
                closeReader();
                partIndex++;
                granule = 0;
                partChecked = false;
                continue;
            }
            final int current = granule++;
            if (keptGranules != null && !keptGranules[current])
            {
                continue;
            }
            final long unit = granuleCounter++ / GRANULES_PER_SHARE;
            if (shard != null && unit % shard.count() != shard.index())
            {
                continue;
            }
            context.checkAlive();
            if (partReader == null)
            {
                partReader = new PartReader(part, partColumnNames());
            }
            final int readWidth = partColumns.length;
            final Vector[] read = new Vector[readWidth];
            for (int c = 0; c < readWidth; c++)
            {
                if (partColumns[c] < 0)
                {
                    continue;
                }
                final DataType type = partReader.partType(c) != null ? partReader.partType(c) :
                    partColumnType(partColumns[c]);
                read[c] = Vector.create(type, part.granuleRows(current));
            }
            final int rows = partReader.read(current, current + 1, read);
            context.addRead(rows, 0);
            final Vector[] out = new Vector[sources.length];
            for (int i = 0; i < sources.length; i++)
            {
                if (!wantedOutputs[i])
                {
                    out[i] = placeholders.get(i, rows);
                    continue;
                }
                out[i] = read[sources[i] >= 0 ? sources[i] : streamColumns];
                if (!out[i].type().equals(outputTypes.get(i)))
                {
                    out[i] = Conversions.convert(out[i], rows, outputTypes.get(i), Conversions.Mode.CAST);
                }
            }
            return new Batch(out, rows);
        }
        return null;
    }

    /** The part's columns this scan reads: the stream's wanted columns by position, then {@code _tp_sn}. */
    private java.util.List<String> partColumnNames()
    {
        final java.util.List<String> names = new java.util.ArrayList<>();
        partColumns = new int[streamColumns + 1];
        for (int c = 0; c < streamColumns; c++)
        {
            partColumns[c] = wantedStored[c] ? c : -1;
            names.add(wantedStored[c] ? streamColumnNames[c] : null);
        }
        partColumns[streamColumns] = wantsSequence ? streamColumns : -1;
        names.add(wantsSequence ? SEQUENCE_COLUMN : null);
        return names;
    }

    private DataType partColumnType(final int column)
    {
        return column == streamColumns ? DataType.INT64 : columns.types().get(column);
    }

    private void closeReader()
    {
        if (partReader != null)
        {
            partReader.close();
            partReader = null;
        }
    }

    @Override
    public void close()
    {
        closeReader();
        tailer.close();
        snapshot.close();
    }
}
