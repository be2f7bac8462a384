package io.muon.kafka;

import io.muon.clickhouse.format.ByteSink;
import io.muon.kernel.vector.Batch;
import io.muon.sql.plan.LogicalPlan;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ProtobufSingle through a schema registry, in Confluent's wire format: a message value is a zero byte, the schema id
 * (4 bytes, big-endian), the message indexes (a zig-zag varint count, then that many zig-zag varints; a lone 0 means
 * the first message), then the Protobuf message. Reading fetches each schema id once; writing uses the latest schema
 * of subject {@code <topic>-value} and the message {@code format_schema} names (its part after ':'), or the first.
 */
final class RegistryProtobufFormat extends MessageFormat
{
    private final SchemaRegistry registry;
    private final String subject;
    private final String messageName;
    /** Formats by schema id and message indexes. */
    private final Map<String, ProtobufFormat> formats = new HashMap<>();
    private ProtobufFormat writing;
    private byte[] header;

    RegistryProtobufFormat(final List<LogicalPlan.Column> columns, final KafkaSettings settings)
    {
        super(columns);
        this.registry = new SchemaRegistry(settings.schemaRegistryUrl(), settings.schemaRegistryCredentials());
        this.subject = settings.topic() + "-value";
        final String schema = settings.formatSchema();
        this.messageName = schema == null || !schema.contains(":") ? null :
            schema.substring(schema.lastIndexOf(':') + 1).trim();
    }

    @Override
    int read(final byte[] value, final Batch body)
    {
        if (value == null || value.length < 6 || value[0] != 0)
        {
            throw malformed("The message is not in the schema registry's wire format (a zero byte, a 4-byte " +
                "schema id, message indexes, the message)");
        }
        final int id = (value[1] & 0xFF) << 24 | (value[2] & 0xFF) << 16 | (value[3] & 0xFF) << 8 | value[4] & 0xFF;
        final int[] position = {5};
        final int count = (int)zigzag(value, position);
        if (count < 0 || count > 64)
        {
            throw malformed("The message has " + count + " message indexes");
        }
        final int[] indexes = count == 0 ? new int[] {0} : new int[count];
        for (int i = 0; i < count; i++)
        {
            indexes[i] = (int)zigzag(value, position);
        }
        final String key = id + ":" + Arrays.toString(indexes);
        ProtobufFormat format = formats.get(key);
        if (format == null)
        {
            final ProtoSchema schema = ProtoSchema.parse(registry.byId(id).text());
            format = new ProtobufFormat(columns, schema, schema.messageAt(indexes));
            formats.put(key, format);
        }
        return format.read(value, position[0], value.length, body);
    }

    @Override
    void write(final Batch body, final int from, final int to, final ByteSink out)
    {
        if (writing == null)
        {
            final SchemaRegistry.Schema latest = registry.latest(subject);
            final ProtoSchema schema = ProtoSchema.parse(latest.text());
            final ProtoSchema.Message message = messageName != null ? schema.message(messageName) :
                schema.messageAt(new int[] {0});
            writing = new ProtobufFormat(columns, schema, message);
            final ByteSink prefix = new ByteSink(64);
            prefix.write(0);
            prefix.write(latest.id() >>> 24);
            prefix.write(latest.id() >>> 16);
            prefix.write(latest.id() >>> 8);
            prefix.write(latest.id());
            final int[] indexes = schema.indexesOf(message);
            if (indexes.length == 1 && indexes[0] == 0)
            {
                prefix.write(0);
            }
            else
            {
                prefix.writeVarUInt((long)indexes.length << 1);
                for (final int index : indexes)
                {
                    prefix.writeVarUInt((long)index << 1);
                }
            }
            header = prefix.toByteArray();
        }
        for (int r = from; r < to; r++)
        {
            out.write(header);
            writing.write(body, r, r + 1, out);
        }
    }

    private static long zigzag(final byte[] bytes, final int[] position)
    {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (position[0] >= bytes.length)
            {
                throw malformed("The message ends inside its message indexes");
            }
            final byte b = bytes[position[0]++];
            value |= (long)(b & 0x7F) << shift;
            if (b >= 0)
            {
                return (value >>> 1) ^ -(value & 1);
            }
        }
        throw malformed("A message index is longer than 10 bytes");
    }
}
