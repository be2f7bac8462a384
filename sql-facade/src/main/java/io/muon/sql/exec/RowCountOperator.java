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
 * {@code SELECT count() FROM table(s)} answered from the record headers of the stream's log (each carries its row
 * count) up to the end the log had when the query started, without decoding a column: as ClickHouse answers it from
 * part metadata.
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

    RowCountOperator(final NativeLog log, final long end, final int columns, final List<DataType> types,
        final QueryContext context)
    {
        this.tailer = log.newTailer();
        this.end = end;
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
            rows += record.rowCount();
        }
    }

    @Override
    public void close()
    {
        tailer.close();
    }
}
