package io.muon.sql.streaming;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.catalog.CatalogObject;
import io.muon.kernel.log.LogTailer;
import io.muon.kernel.log.NativeLog;
import io.muon.kernel.log.RecordView;
import io.muon.kernel.stream.RecordColumns;
import io.muon.kernel.stream.StreamStore;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;
import io.muon.sql.exec.Conversions;
import io.muon.sql.exec.Operator;
import io.muon.sql.exec.QueryContext;
import io.muon.sql.plan.LogicalPlan;

import java.util.List;

/**
 * Feeds a streaming query with one stream's rows: optionally first its history (a bounded scan of its parts and log,
 * the backfill), then its NativeLog tailed from the start point for as long as the query runs. Records are decoded
 * in place into batches of the scan's columns, several small records per batch. With a start time, rows that were
 * already in the log when the query started and are older than it are skipped; later rows all pass. Owned by the
 * query's agent; the tailer is opened when the agent adopts the query.
 */
final class LogSource implements StreamingSource
{
    /** Records decoded per duty cycle at most, so one busy stream cannot starve the agent's other queries. */
    private static final int RECORDS_PER_POLL = 256;

    private final NativeLog log;
    private final RecordColumns columns;
    private final int[] sources;
    private final List<DataType> outputTypes;
    private final QueryContext context;
    private final StreamingStage next;
    private final StartPoint start;
    private final int timeColumn;
    private Operator backfill;
    private long backfillEnd;
    /** Backfill rows before this sequence number are dropped (a restored query's gap fill starts at its position). */
    private long backfillFrom = Long.MIN_VALUE;
    /** A bounded scan of the stream's parts and log, with {@code _tp_sn}; null: none to fall back on. */
    private java.util.function.Supplier<Operator> historyScan;
    private long historyEnd;
    private LogTailer tailer;
    private Runnable listener;
    private Batch stored;
    private LongVector sequences;
    /** Where a query restored from a checkpoint reads on from; -1 when it was not restored. */
    private long resumeAt = -1;
    /**
     * Once the query checkpoints: keeps the log from the position of the older of the two checkpoints a view keeps
     * (it falls back to that one if the newer is damaged), so retention drops nothing it may read again.
     */
    private io.muon.kernel.log.RetentionHold hold;
    private long lastSnapshot = -1;

    /** Where a streaming read starts: a log position, or a time; {@code backfill} reads the parts first. */
    record StartPoint(Kind kind, long value, boolean backfill)
    {
        enum Kind
        {
            LATEST, EARLIEST, TIME, SEQUENCE
        }
    }

    /**
     * {@code backfill}: a bounded scan of the stream built after {@code backfillEnd} was read from the log; its rows
     * from that sequence number on are dropped, as the tail reads them.
     */
    LogSource(final StreamStore store, final LogicalPlan.StreamScan scan, final java.util.BitSet needed,
        final StartPoint start, final Operator backfill, final long backfillEnd, final QueryContext context,
        final StreamingStage next)
    {
        final CatalogObject stream = scan.stream();
        this.log = store.log(stream);
        this.columns = new RecordColumns(StreamStore.types(stream));
        this.context = context;
        this.next = next;
        this.start = start;
        this.outputTypes = scan.output().stream().map(LogicalPlan.Column::type).toList();
        this.sources = new int[scan.output().size()];
        int time = -1;
        for (int c = 0; c < stream.columns().size(); c++)
        {
            if (stream.columns().get(c).name().equals("_tp_time"))
            {
                time = c;
            }
        }
        this.timeColumn = time;
        for (int i = 0; i < sources.length; i++)
        {
            final String name = scan.output().get(i).name();
            sources[i] = -2;
            for (int c = 0; c < stream.columns().size(); c++)
            {
                if (stream.columns().get(c).name().equals(name))
                {
                    sources[i] = c;
                }
            }
            if (sources[i] == -2 && name.equals("_tp_sn"))
            {
                sources[i] = -1;
            }
            if (sources[i] == -2)
            {
                throw new MuonException(ErrorCodes.NOT_FOUND_COLUMN_IN_BLOCK, "Column " + name + " is not stored in " +
                    stream.qualifiedName());
            }
        }
        this.backfill = backfill;
        this.backfillEnd = backfillEnd;
        // rows acknowledged before the query started are its history; 'latest' starts after them
        this.historyEnd = log.nextSequence();
        int sequence = -1;
        for (int i = 0; i < sources.length; i++)
        {
            if (sources[i] == -1)
            {
                sequence = i;
            }
        }
        this.sequenceOutput = sequence;
        this.wantedOutputs = new boolean[sources.length];
        this.wantedStored = new boolean[stream.columns().size()];
        for (int i = 0; i < sources.length; i++)
        {
            wantedOutputs[i] = needed == null || needed.get(i);
            if (wantedOutputs[i] && sources[i] >= 0)
            {
                wantedStored[sources[i]] = true;
            }
        }
        this.placeholders = new io.muon.sql.exec.Placeholders(outputTypes);
    }

    /** Output columns the query reads; stored columns decoded for them. The others are placeholders. */
    private final boolean[] wantedOutputs;
    private final boolean[] wantedStored;
    private final io.muon.sql.exec.Placeholders placeholders;

    /** The output column of {@code _tp_sn}, or -1. */
    private final int sequenceOutput;

    /** Opens the tailer on the agent's thread and asks the log to wake the agent on every new record. */
    @Override
    public void start(final Runnable wakeup)
    {
        tailer = log.newTailer();
        if (resumeAt >= 0)
        {
            tailer.seekToSequence(resumeAt);
        }
        else if (backfill != null)
        {
            tailer.seekToSequence(backfillEnd);
        }
        else
        {
            switch (start.kind())
            {
                case LATEST -> tailer.seekToSequence(historyEnd);
                case EARLIEST -> tailer.seekToStart();
                case TIME -> tailer.seekToEventTime(start.value());
                case SEQUENCE -> tailer.seekToSequence(start.value());
            }
        }
        listener = wakeup;
        log.addPublishListener(listener);
    }

    @Override
    public boolean settling()
    {
        return backfill != null;
    }

    /** Reads what is there (a backfill batch, or up to a few hundred records) and pushes it on; returns work done. */
    @Override
    public int poll(final long nowMs)
    {
        if (backfill != null)
        {
            final Batch batch = backfill.next();
            if (batch == null)
            {
                backfill.close();
                backfill = null;
                return 1;
            }
            if (batch.rows() > 0)
            {
                // (a keyed starting state yields empty batches while it reads)
                // a restored query's gap fill is not history older than a start time: it comes after its state
                push(beforeTail(batch), resumeAt < 0);
            }
            return 1;
        }
        // vectors only once a record is there: an idle query allocates nothing per duty cycle
        stored = null;
        int records = 0;
        boolean history = false;
        while ((stored == null || stored.rows() < Batch.DEFAULT_ROWS) && records < RECORDS_PER_POLL)
        {
            final long before = tailer.nextSequence();
            if (tailer.poll(this::onRecord, 1) == 0)
            {
                break;
            }
            history |= before < historyEnd;
            records++;
        }
        if (stored == null || stored.rows() == 0)
        {
            return records;
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
        push(new Batch(out, stored.rows()), history);
        return records;
    }

    private void onRecord(final RecordView record)
    {
        final int rows = record.rowCount();
        if (rows == 0)
        {
            return;
        }
        if (stored == null)
        {
            final Vector[] storedColumns = new Vector[columns.types().size()];
            for (int c = 0; c < storedColumns.length; c++)
            {
                // columns nobody reads are neither decoded nor allocated
                storedColumns[c] = wantedStored[c] ? Vector.create(columns.types().get(c), rows) : null;
            }
            stored = new Batch(storedColumns, 0);
            sequences = (LongVector)Vector.create(DataType.INT64, rows);
        }
        columns.read(record.bodyBuffer(), record.bodyOffset(), 0, rows, stored, wantedStored);
        context.addRead(rows, record.bodyLength());
        final long base = record.baseSequence();
        for (int r = 0; r < rows; r++)
        {
            sequences.append(base + r);
        }
    }

    /** A backfill batch without the rows the tail reads. */
    private Batch beforeTail(final Batch batch)
    {
        if (sequenceOutput < 0)
        {
            return batch;
        }
        final Vector sequence = batch.column(sequenceOutput);
        final int[] kept = new int[batch.rows()];
        int count = 0;
        for (int r = 0; r < batch.rows(); r++)
        {
            final long at = EventTime.at(sequence, r);
            if (at < backfillEnd && at >= backfillFrom)
            {
                kept[count++] = r;
            }
        }
        return count == batch.rows() ? batch : StreamingStage.gathered(batch, kept, count);
    }


    /** Pushes a batch on, without the rows of history older than a start time. */
    private void push(final Batch batch, final boolean history)
    {
        if (batch.rows() == 0)
        {
            return;
        }
        if (start.kind() != StartPoint.Kind.TIME || !history || timeColumn < 0)
        {
            next.onBatch(batch);
            return;
        }
        int timeOutput = -1;
        for (int i = 0; i < sources.length; i++)
        {
            if (sources[i] == timeColumn)
            {
                timeOutput = i;
            }
        }
        if (timeOutput < 0)
        {
            next.onBatch(batch);
            return;
        }
        final Vector time = batch.column(timeOutput);
        final int[] kept = new int[batch.rows()];
        int count = 0;
        for (int r = 0; r < batch.rows(); r++)
        {
            if (EventTime.at(time, r) >= start.value())
            {
                kept[count++] = r;
            }
        }
        if (count == batch.rows())
        {
            next.onBatch(batch);
        }
        else if (count > 0)
        {
            next.onBatch(StreamingStage.gathered(batch, kept, count));
        }
    }

    @Override
    public void barrier(final long checkpoint)
    {
        next.onBarrier(checkpoint);
    }

    @Override
    public void close()
    {
        if (listener != null)
        {
            log.removePublishListener(listener);
            listener = null;
        }
        if (backfill != null)
        {
            backfill.close();
            backfill = null;
        }
        if (tailer != null)
        {
            tailer.close();
            tailer = null;
        }
        if (hold != null)
        {
            hold.close();
            hold = null;
        }
    }

    @Override
    public void snapshot(final io.muon.sql.exec.StateOutput out)
    {
        // between polls, so the backfill is over (checkpoints wait for settled sources) and nothing is held back
        final long position = tailer.nextSequence();
        if (hold == null)
        {
            hold = log.holdFrom(resumeAt >= 0 ? Math.min(resumeAt, position) : position);
        }
        else if (lastSnapshot >= 0)
        {
            hold.advanceTo(lastSnapshot);
        }
        lastSnapshot = position;
        out.writeLong(position);
    }

    @Override
    public void restore(final io.muon.sql.exec.StateInput in)
    {
        final long sequence = in.readLong();
        if (sequence < 0)
        {
            throw io.muon.sql.exec.StateInput.corrupted("a log position " + sequence);
        }
        resumeAt = sequence;
        historyEnd = 0;
        if (hold == null)
        {
            hold = log.holdFrom(sequence);
        }
        if (backfill != null)
        {
            // the restored state holds what the backfill delivered
            backfill.close();
            backfill = null;
        }
        // held from here on, so the log's start no longer moves past what is read next
        final long first = log.firstSequence();
        if (first > sequence && historyScan != null && sequenceOutput >= 0)
        {
            // retention dropped log rows after the position while the query was not running (compaction had put
            // them in parts first): they are read from the parts, then the log from its first row
            backfill = historyScan.get();
            backfillFrom = sequence;
            backfillEnd = first;
        }
    }

    /**
     * Where a restored query reads the rows after its position that retention has dropped from the log: a bounded
     * scan of the stream (parts, then log) whose output has {@code _tp_sn}.
     */
    LogSource historyScan(final java.util.function.Supplier<Operator> scan)
    {
        this.historyScan = scan;
        return this;
    }
}
