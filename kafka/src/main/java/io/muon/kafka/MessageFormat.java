package io.muon.kafka;

import io.muon.clickhouse.format.ByteSink;
import io.muon.clickhouse.format.ByteSource;
import io.muon.clickhouse.format.Formats;
import io.muon.clickhouse.format.InputFormat;
import io.muon.clickhouse.format.OutputFormat;
import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.catalog.ColumnEntry;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.BytesVector;
import io.muon.sql.plan.LogicalPlan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the rows of a Kafka external stream are laid out in message values: RawBLOB (the whole value is one string
 * column), ClickHouse's text formats JSONEachRow, CSV and TSV (a value holds one or more rows), or ProtobufSingle (a
 * value is one Protobuf message). Reads values into the stream's body columns and writes rows into values. One per
 * reader or writer, one thread.
 */
abstract class MessageFormat
{
    protected final List<LogicalPlan.Column> columns;

    protected MessageFormat(final List<LogicalPlan.Column> columns)
    {
        this.columns = columns;
    }

    /** The format of {@code settings}' stream; {@code querySettings} tune the text parsers. */
    static MessageFormat of(final KafkaSettings settings, final Map<String, Object> querySettings)
    {
        final List<LogicalPlan.Column> columns = new ArrayList<>();
        for (final ColumnEntry column : settings.bodyColumns())
        {
            columns.add(new LogicalPlan.Column(column.name(), column.type()));
        }
        return switch (settings.dataFormat())
        {
            case "RawBLOB" -> new RawBlob(columns);
            case "ProtobufSingle" -> settings.schemaRegistryUrl() != null ?
                new RegistryProtobufFormat(columns, settings) : ProtobufFormat.of(columns, settings.formatSchema());
            default -> new Text(columns, settings.dataFormat(), querySettings);
        };
    }

    /** Appends the rows in one message value to {@code body}; returns how many. Throws when the value is malformed. */
    abstract int read(byte[] value, Batch body);

    /** Writes rows {@code from} to {@code to} of {@code body} into {@code out} as one message value. */
    abstract void write(Batch body, int from, int to, ByteSink out);

    /** A new batch of the body columns. */
    Batch newBatch(final int capacity)
    {
        return Batch.of(columns.stream().map(LogicalPlan.Column::type).toList(), capacity);
    }

    /** The whole value is the one string column. */
    private static final class RawBlob extends MessageFormat
    {
        RawBlob(final List<LogicalPlan.Column> columns)
        {
            super(columns);
        }

        @Override
        int read(final byte[] value, final Batch body)
        {
            final BytesVector column = (BytesVector)body.column(0);
            if (value == null)
            {
                column.append(new byte[0]);
            }
            else
            {
                column.append(value);
            }
            body.rows(body.rows() + 1);
            return 1;
        }

        @Override
        void write(final Batch body, final int from, final int to, final ByteSink out)
        {
            final BytesVector column = (BytesVector)body.column(0);
            for (int r = from; r < to; r++)
            {
                if (r > from)
                {
                    out.write('\n');
                }
                if (!column.isNull(r))
                {
                    out.write(column.data(), column.start(r), column.length(r));
                }
            }
        }
    }

    /** JSONEachRow, CSV, TSV: ClickHouse's parsers and writers, a row per line. */
    private static final class Text extends MessageFormat
    {
        private final InputFormat input;
        private final OutputFormat output;
        private final ByteSink rows = new ByteSink(1 << 30);

        Text(final List<LogicalPlan.Column> columns, final String format, final Map<String, Object> querySettings)
        {
            super(columns);
            final Map<String, Object> parsing = new HashMap<>();
            // a topic's JSON usually carries more fields than the stream declares
            parsing.put("input_format_skip_unknown_fields", Boolean.TRUE);
            parsing.putAll(querySettings);
            this.input = Formats.input(format, columns, parsing);
            this.output = Formats.output(format, rows);
            this.output.begin(columns);
        }

        @Override
        int read(final byte[] value, final Batch body)
        {
            if (value == null || value.length == 0)
            {
                return 0;
            }
            return input.appendTo(new ByteSource(value), body);
        }

        @Override
        void write(final Batch body, final int from, final int to, final ByteSink out)
        {
            rows.clear();
            output.writeRows(body, from, to);
            // one message holds whole lines; the last line break is not needed
            final int length = rows.length() > 0 && rows.buffer()[rows.length() - 1] == '\n' ? rows.length() - 1 :
                rows.length();
            out.write(rows.buffer(), 0, length);
        }
    }

    static MuonException malformed(final String problem)
    {
        return new MuonException(ErrorCodes.INCORRECT_DATA, problem);
    }
}
