package io.muon.sql.exec;

import io.muon.kernel.log.LogTailer;
import io.muon.kernel.log.NativeLog;
import io.muon.kernel.log.RecordView;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;

import java.util.List;

/**
 * {@code SELECT count() FROM table(s)} answered from the row counts of the stream's parts and the record headers of
 * its log from the first sequence number not in a part up to the end the log had when the query started, without
 * decoding a column: as ClickHouse answers it from part metadata.
 */
final class RowCountOperator implements Operator
{
    private final LogTailer tailer;
    private final long end;
    private final int columns;
    private final List<DataType> types;
    private final QueryContext context;
    private long rows;
    private boolean done;

    private final io.muon.kernel.part.PartSnapshot snapshot;

    RowCountOperator(final io.muon.kernel.part.PartSnapshot snapshot, final NativeLog log, final int columns,
        final List<DataType> types, final QueryContext context)
    {
        this.snapshot = snapshot;
        this.end = log.nextSequence();
        this.tailer = log.newTailer().seekToSequence(snapshot.committed());
        this.rows = snapshot.partRows();
        this.columns = columns;
        this.types = types;
        this.context = context;
    }

    @Override
    public Batch next()
    {
        if (done)
        {
            return null;
        }
        done = true;
        while (tailer.nextSequence() < end)
        {
            context.checkAlive();
            if (tailer.poll(this::onRecord, 1024) == 0)
            {
                break;
            }
        }
        final Vector[] out = new Vector[columns];
        for (int c = 0; c < columns; c++)
        {
            final LongVector count = (LongVector)Vector.create(types.get(c), 1);
            count.append(rows);
            out[c] = count;
        }
        return new Batch(out, 1);
    }

    private void onRecord(final RecordView record)
    {
        if (record.baseSequence() < end)
        {
            final long first = Math.max(record.baseSequence(), snapshot.committed());
            rows += Math.max(0, record.baseSequence() + record.rowCount() - first);
        }
    }

    @Override
    public void close()
    {
        tailer.close();
        snapshot.close();
    }
}
