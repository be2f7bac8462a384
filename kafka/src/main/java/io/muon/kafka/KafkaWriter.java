package io.muon.kafka;

import io.muon.clickhouse.format.ByteSink;
import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.ArrayVector;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.BytesVector;
import io.muon.kernel.vector.TupleVector;
import io.muon.kernel.vector.Vector;
import io.muon.sql.exec.Conversions;
import io.muon.sql.external.ExternalWriter;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes rows into a Kafka topic with a producer of its own: a message per row (with the row's
 * {@code _tp_message_key} and {@code _tp_message_headers} when the stream declares them), or, when the stream has
 * neither and {@code one_message_per_row} is false, as many rows per message as fit {@code kafka_max_message_size}.
 * Sends are asynchronous; {@link #flush} waits for the brokers' acknowledgements and reports the first failure. One
 * thread at a time.
 */
final class KafkaWriter implements ExternalWriter
{
    private final KafkaSettings settings;
    private final MessageFormat format;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Callback acknowledged;
    private final ByteSink message = new ByteSink(1 << 30);
    private final ByteSink row = new ByteSink(1 << 30);
    private final int[] bodyColumns;
    private final boolean perRow;

    KafkaWriter(final KafkaSettings settings, final MessageFormat format, final int declaredColumns)
    {
        this.settings = settings;
        this.format = format;
        this.bodyColumns = new int[declaredColumns - (settings.keyColumn() >= 0 ? 1 : 0) -
            (settings.headersColumn() >= 0 ? 1 : 0)];
        int at = 0;
        for (int c = 0; c < declaredColumns; c++)
        {
            if (c != settings.keyColumn() && c != settings.headersColumn())
            {
                bodyColumns[at++] = c;
            }
        }
        this.perRow = settings.oneMessagePerRow() || settings.keyColumn() >= 0 || settings.headersColumn() >= 0;
        final Map<String, Object> extra = new HashMap<>();
        extra.put("key.serializer", ByteArraySerializer.class.getName());
        extra.put("value.serializer", ByteArraySerializer.class.getName());
        extra.put("client.id", "muon-" + settings.streamName());
        extra.put("acks", "all");
        extra.put("linger.ms", "5");
        // a broker that is away fails an INSERT in seconds, not in the client's default two minutes
        extra.put("max.block.ms", "10000");
        extra.put("request.timeout.ms", "10000");
        extra.put("delivery.timeout.ms", "30000");
        extra.put("max.request.size", String.valueOf(Math.max(settings.maxMessageBytes() + 4096, 1_048_576)));
        try
        {
            this.producer = new KafkaProducer<>(settings.client(extra));
        }
        catch (final KafkaException e)
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Kafka external stream " + settings.streamName() +
                ": cannot make a producer: " + e.getMessage(), e);
        }
        this.acknowledged = (metadata, exception) ->
        {
            if (exception != null)
            {
                failure.compareAndSet(null, exception);
            }
        };
    }

    @Override
    public void write(final Batch batch)
    {
        checkFailure();
        final int rows = batch.rows();
        final Vector[] body = new Vector[bodyColumns.length];
        for (int i = 0; i < body.length; i++)
        {
            body[i] = batch.column(bodyColumns[i]);
        }
        final Batch values = new Batch(body, rows);
        final BytesVector keys = settings.keyColumn() < 0 ? null : keys(batch.column(settings.keyColumn()), rows);
        final ArrayVector headers = settings.headersColumn() < 0 ? null :
            (ArrayVector)batch.column(settings.headersColumn());
        try
        {
            if (perRow)
            {
                for (int r = 0; r < rows; r++)
                {
                    message.clear();
                    format.write(values, r, r + 1, message);
                    final byte[] key = keys == null || keys.isNull(r) ? null : keys.getBytes(r);
                    send(key, headers == null ? null : headers(headers, r));
                }
                return;
            }
            message.clear();
            for (int r = 0; r < rows; r++)
            {
                row.clear();
                format.write(values, r, r + 1, row);
                if (message.length() > 0 && message.length() + 1 + row.length() > settings.maxMessageBytes())
                {
                    // the row does not fit: the message ends before it
                    send(null, null);
                    message.clear();
                }
                if (message.length() > 0)
                {
                    message.write('\n');
                }
                message.write(row.buffer(), 0, row.length());
            }
            if (rows > 0)
            {
                send(null, null);
            }
        }
        catch (final KafkaException e)
        {
            throw new MuonException(ErrorCodes.NETWORK_ERROR, "Kafka external stream " + settings.streamName() +
                ": cannot send to topic '" + settings.topic() + "': " + e.getMessage(), e);
        }
    }

    private void send(final byte[] key, final RecordHeaders headers)
    {
        final byte[] value = Arrays.copyOf(message.buffer(), message.length());
        producer.send(new ProducerRecord<>(settings.topic(), null, null, key, value, headers), acknowledged);
    }

    private static BytesVector keys(final Vector column, final int rows)
    {
        final Vector text = column.type().unwrapped().equals(DataType.STRING) && column instanceof BytesVector ?
            column : Conversions.convert(column, rows, column.type().isNullable() ?
            DataType.nullable(DataType.STRING) : DataType.STRING, Conversions.Mode.CAST);
        return (BytesVector)text;
    }

    private static RecordHeaders headers(final ArrayVector map, final int row)
    {
        final RecordHeaders headers = new RecordHeaders();
        final TupleVector pairs = (TupleVector)map.elements();
        final BytesVector names = (BytesVector)pairs.field(0);
        final BytesVector values = (BytesVector)pairs.field(1);
        for (int i = map.start(row); i < map.start(row) + map.length(row); i++)
        {
            headers.add(new RecordHeader(names.getString(i), values.getBytes(i)));
        }
        return headers;
    }

    @Override
    public void flush()
    {
        try
        {
            producer.flush();
        }
        catch (final KafkaException e)
        {
            failure.compareAndSet(null, e);
        }
        checkFailure();
    }

    private void checkFailure()
    {
        final Exception failed = failure.get();
        if (failed != null)
        {
            throw new MuonException(ErrorCodes.NETWORK_ERROR, "Kafka external stream " + settings.streamName() +
                ": delivery to topic '" + settings.topic() + "' failed: " + failed.getMessage(), failed);
        }
    }

    @Override
    public void close()
    {
        producer.close(Duration.ofSeconds(5));
    }
}
