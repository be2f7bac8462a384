package io.muon.kafka;

import io.muon.clickhouse.format.ByteSink;
import io.muon.clickhouse.format.InputFormat;
import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeId;
import io.muon.kernel.vector.ArrayVector;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.BytesVector;
import io.muon.kernel.vector.DoubleVector;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.TupleVector;
import io.muon.kernel.vector.Vector;
import io.muon.sql.plan.LogicalPlan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * ProtobufSingle: each message value is one Protobuf message (no length prefix) of the type {@code format_schema}
 * names. Columns match fields by name (ignoring case): scalars to scalar columns, repeated fields to arrays, maps to
 * maps, nested messages to tuples (their elements matched to the nested fields by name). A field that is absent reads
 * as its default (NULL for a Nullable column); unknown fields are skipped. Writing emits every column's field, packed
 * for repeated numbers. One per reader or writer, one thread.
 */
final class ProtobufFormat extends MessageFormat
{
    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH = 2;
    private static final int FIXED32 = 5;

    private final Codec codec;

    ProtobufFormat(final List<LogicalPlan.Column> columns, final ProtoSchema schema, final ProtoSchema.Message message)
    {
        super(columns);
        final List<String> names = new ArrayList<>();
        final List<DataType> types = new ArrayList<>();
        columns.forEach(c ->
        {
            names.add(c.name());
            types.add(c.type());
        });
        this.codec = new Codec(schema, message, names, types, new HashSet<>());
    }

    /** System property naming where {@code format_schema} files are (the server sets it under its data). */
    static final String SCHEMA_PATH_PROPERTY = "muon.format_schema_path";

    /**
     * The format of {@code format_schema='<file>:<message>'}: the {@code .proto} file is {@code <file>} (or
     * {@code <file>.proto}) in the format schema directory, or the path given when absolute.
     */
    static ProtobufFormat of(final List<LogicalPlan.Column> columns, final String formatSchema)
    {
        final int colon = formatSchema.lastIndexOf(':');
        if (colon <= 0 || colon == formatSchema.length() - 1)
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "format_schema='" + formatSchema + "' must be " +
                "'<schema file>:<message name>'");
        }
        final String file = formatSchema.substring(0, colon).trim();
        final java.nio.file.Path named = java.nio.file.Path.of(file.endsWith(".proto") ? file : file + ".proto");
        final java.nio.file.Path path = named.isAbsolute() ? named :
            java.nio.file.Path.of(System.getProperty(SCHEMA_PATH_PROPERTY, "format_schemas")).resolve(named);
        final String text;
        try
        {
            text = java.nio.file.Files.readString(path, StandardCharsets.UTF_8);
        }
        catch (final java.io.IOException | RuntimeException e)
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Cannot read the Protobuf schema " + path + " of " +
                "format_schema='" + formatSchema + "': " + e.getMessage());
        }
        final ProtoSchema schema = ProtoSchema.parse(text);
        return new ProtobufFormat(columns, schema, schema.message(formatSchema.substring(colon + 1).trim()));
    }

    @Override
    int read(final byte[] value, final Batch body)
    {
        final byte[] bytes = value == null ? new byte[0] : value;
        return read(bytes, 0, bytes.length, body);
    }

    /** Reads the message in {@code bytes[from, to)} as one row. */
    int read(final byte[] bytes, final int from, final int to, final Batch body)
    {
        final int before = body.rows();
        try
        {
            codec.decode(bytes, from, to, body.columns());
        }
        catch (final RuntimeException e)
        {
            for (final Vector vector : body.columns())
            {
                InputFormat.truncate(vector, before);
            }
            throw e instanceof MuonException m ? m : malformed("Cannot read a Protobuf message: " + e);
        }
        body.rows(before + 1);
        return 1;
    }

    @Override
    void write(final Batch body, final int from, final int to, final ByteSink out)
    {
        for (int r = from; r < to; r++)
        {
            codec.encode(body.columns(), r, out);
        }
    }

    /** The fields of one message type bound to columns (or to a tuple's elements), with what decoding needs. */
    private static final class Codec
    {
        private final Binding[] bindings;
        /** Field number to binding, for numbers up to a small bound; the rest searched. */
        private final int[] byNumber;
        /** Where each binding's last value (singular) starts in the message being read, or -1. */
        private final int[] last;
        /** Where each binding's values (repeated) start, per binding: offsets and their count. */
        private final int[][] occurrences;
        private final int[] counts;
        private final ByteSink nested = new ByteSink(1 << 30);

        Codec(final ProtoSchema schema, final ProtoSchema.Message message, final List<String> names,
            final List<DataType> types, final Set<String> open)
        {
            if (!open.add(message.fullName()))
            {
                throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Protobuf message " + message.fullName() +
                    " contains itself: a recursive message cannot be mapped to columns");
            }
            bindings = new Binding[names.size()];
            int maxNumber = 0;
            for (int c = 0; c < bindings.length; c++)
            {
                ProtoSchema.Field field = null;
                for (final ProtoSchema.Field candidate : message.fields())
                {
                    if (candidate.name().equalsIgnoreCase(names.get(c)))
                    {
                        field = candidate;
                    }
                }
                if (field == null)
                {
                    throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Column " + names.get(c) + " has no field " +
                        "of that name in Protobuf message " + message.fullName());
                }
                bindings[c] = new Binding(schema, field, types.get(c), open);
                maxNumber = Math.max(maxNumber, field.number());
            }
            open.remove(message.fullName());
            byNumber = new int[Math.min(maxNumber + 1, 4096)];
            java.util.Arrays.fill(byNumber, -1);
            for (int c = 0; c < bindings.length; c++)
            {
                if (bindings[c].field.number() < byNumber.length)
                {
                    byNumber[bindings[c].field.number()] = c;
                }
            }
            last = new int[bindings.length];
            occurrences = new int[bindings.length][8];
            counts = new int[bindings.length];
        }

        private int binding(final int number)
        {
            if (number < byNumber.length)
            {
                return byNumber[number];
            }
            for (int c = 0; c < bindings.length; c++)
            {
                if (bindings[c].field.number() == number)
                {
                    return c;
                }
            }
            return -1;
        }

        /** Appends one row: the message in {@code bytes[from, to)} into {@code vectors}, one per binding. */
        void decode(final byte[] bytes, final int from, final int to, final Vector[] vectors)
        {
            java.util.Arrays.fill(last, -1);
            java.util.Arrays.fill(counts, 0);
            final Reader in = new Reader(bytes, from, to);
            while (in.position < to)
            {
                final int tagAt = in.position;
                final long tag = in.varint();
                final int number = (int)(tag >>> 3);
                final int wire = (int)(tag & 7);
                if (number <= 0)
                {
                    throw malformed("Protobuf field number 0 at byte " + (tagAt - from));
                }
                final int c = binding(number);
                if (c >= 0)
                {
                    if (bindings[c].repeated)
                    {
                        if (counts[c] == occurrences[c].length)
                        {
                            occurrences[c] = java.util.Arrays.copyOf(occurrences[c], counts[c] * 2);
                        }
                        occurrences[c][counts[c]++] = tagAt;
                    }
                    else
                    {
                        last[c] = tagAt;
                    }
                }
                in.skip(wire);
            }
            for (int c = 0; c < bindings.length; c++)
            {
                final Binding binding = bindings[c];
                final Vector vector = vectors[c];
                if (binding.repeated)
                {
                    final ArrayVector array = (ArrayVector)vector;
                    for (int i = 0; i < counts[c]; i++)
                    {
                        in.position = occurrences[c][i];
                        final int wire = (int)(in.varint() & 7);
                        if (wire == LENGTH && binding.packable)
                        {
                            final int length = in.length();
                            final int end = in.position + length;
                            while (in.position < end)
                            {
                                binding.element(in, binding.packedWire, array.elements());
                            }
                        }
                        else
                        {
                            binding.element(in, wire, array.elements());
                        }
                    }
                    array.endRow();
                }
                else if (last[c] < 0)
                {
                    binding.absent(vector);
                }
                else
                {
                    in.position = last[c];
                    binding.element(in, (int)(in.varint() & 7), vector);
                }
            }
        }

        /** Writes row {@code row} of {@code vectors} as a message (its fields, no length prefix). */
        void encode(final Vector[] vectors, final int row, final ByteSink out)
        {
            for (int c = 0; c < bindings.length; c++)
            {
                bindings[c].encode(vectors[c], row, out);
            }
        }
    }

    /** One field and the column (or array element, or tuple element) it fills. */
    private static final class Binding
    {
        final ProtoSchema.Field field;
        final DataType type;
        final boolean repeated;
        /** Repeated numbers, which may come packed (and are written packed). */
        final boolean packable;
        final int packedWire;
        final String scalar;
        final Map<Integer, String> enumValues;
        final Codec message;

        Binding(final ProtoSchema schema, final ProtoSchema.Field field, final DataType type, final Set<String> open)
        {
            this.field = field;
            this.type = type;
            this.repeated = field.repeated();
            final DataType plain = type.unwrapped();
            final DataType valueType;
            if (repeated)
            {
                if (plain.id() != TypeId.ARRAY && plain.id() != TypeId.MAP)
                {
                    throw mismatch(field, type, "a repeated field needs an array column");
                }
                if (field.isMap() != (plain.id() == TypeId.MAP))
                {
                    throw mismatch(field, type, field.isMap() ? "a map field needs a map column" :
                        "a map column needs a map field");
                }
                valueType = plain.id() == TypeId.MAP ? DataType.tuple(List.of(plain.element(0), plain.element(1)),
                    List.of("key", "value")) : plain.element(0);
            }
            else
            {
                valueType = type;
            }
            if (field.isMap())
            {
                // a map is a repeated entry message {key = 1; value = 2}
                final ProtoSchema.Message entry = new ProtoSchema.Message(field.name() + "Entry", List.of(
                    new ProtoSchema.Field("key", 1, field.keyType(), false, null, field.scope()),
                    new ProtoSchema.Field("value", 2, field.type(), false, null, field.scope())));
                this.message = new Codec(schema, entry, List.of("key", "value"), valueType.elements(), open);
                this.scalar = null;
                this.enumValues = null;
            }
            else if (ProtoSchema.SCALARS.contains(field.type()))
            {
                this.message = null;
                this.scalar = field.type();
                this.enumValues = null;
                checkScalar(field, valueType);
            }
            else
            {
                final ProtoSchema.Message nested = schema.messageOf(field);
                if (nested != null)
                {
                    final DataType tuple = valueType.unwrapped();
                    if (tuple.id() != TypeId.TUPLE || tuple.names() == null)
                    {
                        throw mismatch(field, type, "a message field needs a tuple column with named elements");
                    }
                    this.message = new Codec(schema, nested, tuple.names(), tuple.elements(), open);
                    this.scalar = null;
                    this.enumValues = null;
                }
                else
                {
                    final Map<Integer, String> values = schema.enumOf(field);
                    if (values == null)
                    {
                        throw mismatch(field, type, "its type " + field.type() + " is not in the schema");
                    }
                    this.message = null;
                    this.scalar = "enum";
                    this.enumValues = values;
                    checkScalar(field, valueType);
                }
            }
            this.packable = repeated && scalar != null && !scalar.equals("string") && !scalar.equals("bytes");
            this.packedWire = scalar == null ? LENGTH : wireOf(scalar);
        }

        private static void checkScalar(final ProtoSchema.Field field, final DataType type)
        {
            final Vector.Kind kind = Vector.kind(type.unwrapped());
            if (kind == Vector.Kind.ARRAY || kind == Vector.Kind.TUPLE)
            {
                throw mismatch(field, type, "a " + field.type() + " field needs a scalar column");
            }
            if (type.unwrapped().id() == TypeId.DECIMAL || kind == Vector.Kind.BYTES &&
                type.unwrapped().id() != TypeId.STRING && type.unwrapped().id() != TypeId.FIXED_STRING)
            {
                throw mismatch(field, type, "ProtobufSingle reads and writes numbers, strings, bools, dates, times " +
                    "and enums");
            }
        }

        private static MuonException mismatch(final ProtoSchema.Field field, final DataType type, final String why)
        {
            return new MuonException(ErrorCodes.BAD_ARGUMENTS, "Column of type " + type.clickHouseName() +
                " cannot hold Protobuf field " + field.name() + ": " + why);
        }

        private static int wireOf(final String scalar)
        {
            return switch (scalar)
            {
                case "double", "fixed64", "sfixed64" -> FIXED64;
                case "float", "fixed32", "sfixed32" -> FIXED32;
                case "string", "bytes" -> LENGTH;
                default -> VARINT;
            };
        }

        /** Appends an absent field's value: NULL, or the type's default. */
        void absent(final Vector vector)
        {
            if (vector.type().isNullable())
            {
                vector.appendNull();
                return;
            }
            if (message != null)
            {
                final TupleVector tuple = (TupleVector)vector;
                for (int i = 0; i < message.bindings.length; i++)
                {
                    message.bindings[i].absent(tuple.field(i));
                }
                tuple.endRow();
                return;
            }
            if (vector instanceof LongVector longs)
            {
                longs.append(0);
            }
            else if (vector instanceof DoubleVector doubles)
            {
                doubles.append(0);
            }
            else if (vector instanceof BytesVector bytes && enumValues != null)
            {
                // an enum's default is its value 0, shown by name
                bytes.append(enumValues.getOrDefault(0, "0").getBytes(StandardCharsets.UTF_8));
            }
            else if (vector instanceof BytesVector bytes)
            {
                bytes.append(bytes.type().unwrapped().id() == TypeId.FIXED_STRING ?
                    new byte[bytes.type().unwrapped().precision()] : new byte[0]);
            }
            else
            {
                vector.appendNull();
            }
        }

        /** Reads one value (its tag already read, of wire type {@code wire}) and appends it to {@code vector}. */
        void element(final Reader in, final int wire, final Vector vector)
        {
            if (message != null)
            {
                if (wire != LENGTH)
                {
                    throw malformed("Protobuf field " + field.name() + " has wire type " + wire + ", not a message");
                }
                final int length = in.length();
                final TupleVector tuple = (TupleVector)vector;
                message.decode(in.bytes, in.position, in.position + length, fields(tuple));
                tuple.endRow();
                in.position += length;
                return;
            }
            final long raw;
            final int start;
            final int length;
            switch (wire)
            {
                case VARINT -> { raw = in.varint(); start = -1; length = 0; }
                case FIXED64 -> { raw = in.fixed64(); start = -1; length = 0; }
                case FIXED32 -> { raw = in.fixed32() & 0xFFFFFFFFL; start = -1; length = 0; }
                case LENGTH ->
                {
                    length = in.length();
                    start = in.position;
                    in.position += length;
                    raw = 0;
                }
                default -> throw malformed("Protobuf field " + field.name() + " has wire type " + wire);
            }
            if (start >= 0 != (scalar.equals("string") || scalar.equals("bytes")))
            {
                throw malformed("Protobuf field " + field.name() + " (" + scalar + ") has wire type " + wire);
            }
            final Vector target = vector;
            if (target instanceof BytesVector bytes)
            {
                if (start >= 0)
                {
                    bytes.append(in.bytes, start, length);
                }
                else
                {
                    bytes.append(text(raw).getBytes(StandardCharsets.UTF_8));
                }
                return;
            }
            if (start >= 0)
            {
                final String text = new String(in.bytes, start, length, StandardCharsets.UTF_8).trim();
                try
                {
                    if (target instanceof DoubleVector doubles)
                    {
                        doubles.append(Double.parseDouble(text));
                    }
                    else
                    {
                        ((LongVector)target).append(Long.parseLong(text));
                    }
                }
                catch (final NumberFormatException e)
                {
                    throw malformed("Protobuf field " + field.name() + " holds '" + text + "', not a number");
                }
                return;
            }
            if (target instanceof DoubleVector doubles)
            {
                doubles.append(asDouble(raw));
            }
            else
            {
                ((LongVector)target).append(asLong(raw));
            }
        }

        private static Vector[] fields(final TupleVector tuple)
        {
            final Vector[] fields = new Vector[tuple.width()];
            for (int i = 0; i < fields.length; i++)
            {
                fields[i] = tuple.field(i);
            }
            return fields;
        }

        private long asLong(final long raw)
        {
            return switch (scalar)
            {
                case "sint32", "sint64" -> (raw >>> 1) ^ -(raw & 1);
                case "int32", "enum" -> (int)raw;
                case "sfixed32" -> (int)raw;
                case "float" -> (long)Float.intBitsToFloat((int)raw);
                case "double" -> (long)Double.longBitsToDouble(raw);
                case "bool" -> raw != 0 ? 1 : 0;
                default -> raw;
            };
        }

        private double asDouble(final long raw)
        {
            return switch (scalar)
            {
                case "float" -> Float.intBitsToFloat((int)raw);
                case "double" -> Double.longBitsToDouble(raw);
                case "uint64", "fixed64" -> raw >= 0 ? raw : (raw >>> 1) * 2.0 + (raw & 1);
                default -> asLong(raw);
            };
        }

        private String text(final long raw)
        {
            if (scalar.equals("enum"))
            {
                final String name = enumValues.get((int)raw);
                return name != null ? name : String.valueOf((int)raw);
            }
            if (scalar.equals("float") || scalar.equals("double"))
            {
                return String.valueOf(asDouble(raw));
            }
            if (scalar.equals("uint64") || scalar.equals("fixed64"))
            {
                return Long.toUnsignedString(raw);
            }
            return String.valueOf(asLong(raw));
        }

        /** Writes the field of row {@code row} of {@code vector} (nothing for a NULL). */
        void encode(final Vector vector, final int row, final ByteSink out)
        {
            if (vector.isNull(row))
            {
                return;
            }
            if (!repeated)
            {
                value(vector, row, out);
                return;
            }
            final ArrayVector array = (ArrayVector)vector;
            final Vector elements = array.elements();
            final int from = array.start(row);
            final int to = from + array.length(row);
            if (packable && to > from)
            {
                final ByteSink packed = message == null ? scratch() : message.nested;
                packed.clear();
                for (int i = from; i < to; i++)
                {
                    raw(elements, i, packed);
                }
                out.writeVarUInt((long)field.number() << 3 | LENGTH);
                out.writeVarUInt(packed.length());
                out.write(packed.buffer(), 0, packed.length());
                return;
            }
            for (int i = from; i < to; i++)
            {
                value(elements, i, out);
            }
        }

        private ByteSink scratchSink;

        private ByteSink scratch()
        {
            if (scratchSink == null)
            {
                scratchSink = new ByteSink(1 << 30);
            }
            return scratchSink;
        }

        /** Writes one value with its tag. */
        private void value(final Vector vector, final int row, final ByteSink out)
        {
            if (message != null)
            {
                final ByteSink body = message.nested;
                body.clear();
                message.encode(fields((TupleVector)vector), row, body);
                out.writeVarUInt((long)field.number() << 3 | LENGTH);
                out.writeVarUInt(body.length());
                out.write(body.buffer(), 0, body.length());
                return;
            }
            out.writeVarUInt((long)field.number() << 3 | wireOf(scalar));
            if (scalar.equals("string") || scalar.equals("bytes"))
            {
                final byte[] bytes = vector instanceof BytesVector b ? b.getBytes(row) :
                    String.valueOf(vector instanceof DoubleVector d ? d.get(row) : ((LongVector)vector).get(row))
                        .getBytes(StandardCharsets.UTF_8);
                out.writeVarUInt(bytes.length);
                out.write(bytes);
                return;
            }
            raw(vector, row, out);
        }

        /** Writes one number as its wire type holds it, without a tag. */
        private void raw(final Vector vector, final int row, final ByteSink out)
        {
            final double real;
            final long whole;
            if (vector instanceof DoubleVector doubles)
            {
                real = doubles.get(row);
                whole = (long)real;
            }
            else if (vector instanceof LongVector longs)
            {
                whole = longs.get(row);
                real = whole;
            }
            else
            {
                final String text = ((BytesVector)vector).getString(row).trim();
                whole = enumNumber(text);
                real = whole;
            }
            switch (scalar)
            {
                case "double" -> out.writeLongLittleEndian(Double.doubleToRawLongBits(real));
                case "float" -> out.writeIntLittleEndian(Float.floatToRawIntBits((float)real));
                case "fixed64", "sfixed64" -> out.writeLongLittleEndian(whole);
                case "fixed32", "sfixed32" -> out.writeIntLittleEndian((int)whole);
                case "sint32", "sint64" -> out.writeVarUInt((whole << 1) ^ (whole >> 63));
                case "int32", "enum" -> out.writeVarUInt((long)(int)whole);
                case "uint32" -> out.writeVarUInt(whole & 0xFFFFFFFFL);
                case "bool" -> out.writeVarUInt(whole != 0 ? 1 : 0);
                default -> out.writeVarUInt(whole);
            }
        }

        private long enumNumber(final String text)
        {
            if (enumValues != null)
            {
                for (final Map.Entry<Integer, String> value : enumValues.entrySet())
                {
                    if (value.getValue().equals(text))
                    {
                        return value.getKey();
                    }
                }
            }
            try
            {
                return Long.parseLong(text);
            }
            catch (final NumberFormatException e)
            {
                throw new MuonException(ErrorCodes.CANNOT_PARSE_TEXT, "'" + text + "' is not a value of Protobuf " +
                    "field " + field.name() + " (" + scalar.toLowerCase(Locale.ROOT) + ")");
            }
        }
    }

    /** Reads varints and fixed-width numbers from a message's bytes. */
    private static final class Reader
    {
        final byte[] bytes;
        final int limit;
        int position;

        Reader(final byte[] bytes, final int from, final int to)
        {
            this.bytes = bytes;
            this.position = from;
            this.limit = to;
        }

        long varint()
        {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                if (position >= limit)
                {
                    throw malformed("A Protobuf message ends inside a number");
                }
                final byte b = bytes[position++];
                value |= (long)(b & 0x7F) << shift;
                if (b >= 0)
                {
                    return value;
                }
            }
            throw malformed("A Protobuf number is longer than 10 bytes");
        }

        long fixed64()
        {
            need(8);
            long value = 0;
            for (int i = 7; i >= 0; i--)
            {
                value = value << 8 | (bytes[position + i] & 0xFF);
            }
            position += 8;
            return value;
        }

        int fixed32()
        {
            need(4);
            final int value = (bytes[position] & 0xFF) | (bytes[position + 1] & 0xFF) << 8 |
                (bytes[position + 2] & 0xFF) << 16 | (bytes[position + 3] & 0xFF) << 24;
            position += 4;
            return value;
        }

        int length()
        {
            final long length = varint();
            if (length < 0 || length > limit - position)
            {
                throw malformed("A Protobuf length of " + length + " runs past the message's end");
            }
            return (int)length;
        }

        private void need(final int count)
        {
            if (limit - position < count)
            {
                throw malformed("A Protobuf message ends inside a number");
            }
        }

        /** Skips a value of wire type {@code wire}. */
        void skip(final int wire)
        {
            switch (wire)
            {
                case VARINT -> varint();
                case FIXED64 ->
                {
                    need(8);
                    position += 8;
                }
                case FIXED32 ->
                {
                    need(4);
                    position += 4;
                }
                case LENGTH ->
                {
                    // (the length is read first: it moves the position past itself)
                    final int length = length();
                    position += length;
                }
                default -> throw malformed("Protobuf wire type " + wire + " (groups and unknown types are not read)");
            }
        }
    }
}
