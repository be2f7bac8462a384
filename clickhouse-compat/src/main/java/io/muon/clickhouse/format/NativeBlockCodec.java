package io.muon.clickhouse.format;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeId;
import io.muon.kernel.type.TypeParser;
import io.muon.kernel.vector.ArrayVector;
import io.muon.kernel.vector.BytesVector;
import io.muon.kernel.vector.DoubleVector;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.LowCardinalityDictionary;
import io.muon.kernel.vector.TupleVector;
import io.muon.kernel.vector.Vector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ClickHouse's Native block encoding, both directions, shared by the HTTP {@code Native} format and the native TCP
 * protocol's Data packets. A block is [BlockInfo (TCP only)] varint columns, varint rows, then per column its name,
 * its type name, [a custom-serialization flag from revision 54454] and, when there are rows, its values: a null map
 * before Nullable values, cumulative UInt64 offsets before Array elements, a Tuple's elements one after another, a Map
 * as Array(Tuple(key, value)), and LowCardinality as a dictionary of the distinct values plus an index per row (a
 * UInt64 key version first, ahead of everything else of the column). Fixed-width values are little-endian; strings a
 * varint length and the bytes. Stateless; the codec methods are used by one thread at a time per source and sink.
 */
public final class NativeBlockCodec
{
    /** HTTP's Native format: no BlockInfo, every type as it is. */
    public static final int HTTP_REVISION = 0;

    /** Revisions where the block format changes (ClickHouse's {@code ProtocolDefines.h}). */
    public static final int REVISION_WITH_CUSTOM_SERIALIZATION = 54454;

    /** LowCardinality's serialization: key version, index-type flags. */
    private static final long SHARED_DICTIONARIES_WITH_ADDITIONAL_KEYS =
        LowCardinalityDictionary.SHARED_DICTIONARIES_WITH_ADDITIONAL_KEYS;
    private static final long NEED_GLOBAL_DICTIONARY = LowCardinalityDictionary.NEED_GLOBAL_DICTIONARY;
    private static final long HAS_ADDITIONAL_KEYS = LowCardinalityDictionary.HAS_ADDITIONAL_KEYS;
    private static final long NEED_UPDATE_DICTIONARY = LowCardinalityDictionary.NEED_UPDATE_DICTIONARY;

    /** Little-endian reads from byte arrays, compiled to single loads. */
    private static final java.lang.invoke.VarHandle SHORTS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
        short[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final java.lang.invoke.VarHandle INTS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
        int[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
        long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    private NativeBlockCodec()
    {
    }

    /** One decoded block: column names, the types the peer declared, and vectors of those types (LowCardinality
     * unwrapped: vectors hold the values it wraps). */
    public record Block(List<String> names, List<DataType> types, Vector[] vectors, int rows)
    {
        public int width()
        {
            return names.size();
        }
    }

    // ---- writing ----

    /**
     * Writes rows [from, from + rows) of the vectors as one block. {@code types} are the types announced (see
     * {@link #wireType}); each vector must hold values of its type without LowCardinality (same bytes).
     */
    public static void writeBlock(final ByteSink out, final List<String> names, final List<DataType> types,
        final Vector[] vectors, final int from, final int rows, final int revision)
    {
        if (revision != HTTP_REVISION)
        {
            writeBlockInfo(out);
        }
        out.writeVarUInt(names.size());
        out.writeVarUInt(rows);
        for (int c = 0; c < names.size(); c++)
        {
            out.writeBinaryString(names.get(c));
            out.writeBinaryString(types.get(c).clickHouseName());
            if (revision >= REVISION_WITH_CUSTOM_SERIALIZATION)
            {
                out.write(0);
            }
            if (rows > 0)
            {
                writePrefix(out, types.get(c));
                writeColumn(out, types.get(c), vectors[c], from, rows);
            }
        }
    }

    /** BlockInfo: field 1 is_overflows = 0, field 2 bucket_num = -1, 0 ends it. */
    private static void writeBlockInfo(final ByteSink out)
    {
        out.write(1);
        out.write(0);
        out.write(2);
        out.writeIntLittleEndian(-1);
        out.write(0);
    }

    /** Everything a column writes ahead of its values: a key version per LowCardinality inside it. */
    private static void writePrefix(final ByteSink out, final DataType type)
    {
        switch (type.id())
        {
            case LOW_CARDINALITY -> out.writeLongLittleEndian(SHARED_DICTIONARIES_WITH_ADDITIONAL_KEYS);
            case ARRAY -> writePrefix(out, type.elements().get(0));
            case MAP ->
            {
                writePrefix(out, type.elements().get(0));
                writePrefix(out, type.elements().get(1));
            }
            case TUPLE ->
            {
                for (final DataType element : type.elements())
                {
                    writePrefix(out, element);
                }
            }
            default ->
            {
            }
        }
    }

    /** Writes rows [from, from + rows) of a column of {@code type} (its prefix already written). */
    public static void writeColumn(final ByteSink out, final DataType type, final Vector vector, final int from,
        final int rows)
    {
        switch (type.id())
        {
            case LOW_CARDINALITY -> writeLowCardinality(out, type.elements().get(0), vector, from, rows);
            case NULLABLE ->
            {
                out.ensure(rows);
                for (int r = from; r < from + rows; r++)
                {
                    out.write(vector.isNull(r) ? 1 : 0);
                }
                writeColumn(out, type.elements().get(0), vector, from, rows);
            }
            case ARRAY, MAP ->
            {
                final ArrayVector array = (ArrayVector)vector;
                final int base = array.start(from);
                out.ensure(rows * 8);
                for (int r = from; r < from + rows; r++)
                {
                    out.writeLongLittleEndian(array.start(r + 1) - base);
                }
                final int elements = array.start(from + rows) - base;
                if (type.id() == TypeId.MAP)
                {
                    final TupleVector pairs = (TupleVector)array.elements();
                    writeColumn(out, type.elements().get(0), pairs.field(0), base, elements);
                    writeColumn(out, type.elements().get(1), pairs.field(1), base, elements);
                }
                else
                {
                    final DataType element = type.elements().get(0);
                    final Vector values = array.elements();
                    if (element.id() == TypeId.TUPLE && values instanceof TupleVector pairs && pairs.width() == 2 &&
                        element.elements().size() == 2)
                    {
                        // a Map sent as Array(Tuple(key, value)) to an older client
                        writeColumn(out, element, pairs, base, elements);
                    }
                    else
                    {
                        writeColumn(out, element, values, base, elements);
                    }
                }
            }
            case TUPLE ->
            {
                final TupleVector tuple = (TupleVector)vector;
                for (int i = 0; i < tuple.width(); i++)
                {
                    writeColumn(out, type.elements().get(i), tuple.field(i), from, rows);
                }
            }
            default -> writeValues(out, type, vector, from, rows);
        }
    }

    private static void writeValues(final ByteSink out, final DataType type, final Vector vector, final int from,
        final int rows)
    {
        switch (Vector.kind(type))
        {
            case DOUBLE ->
            {
                final DoubleVector doubles = (DoubleVector)vector;
                if (type.id() == TypeId.FLOAT32)
                {
                    out.ensure(rows * 4);
                    for (int r = from; r < from + rows; r++)
                    {
                        out.writeIntLittleEndian(Float.floatToRawIntBits((float)doubles.get(r)));
                    }
                }
                else
                {
                    out.ensure(rows * 8);
                    for (int r = from; r < from + rows; r++)
                    {
                        out.writeLongLittleEndian(Double.doubleToRawLongBits(doubles.get(r)));
                    }
                }
            }
            case BYTES ->
            {
                final BytesVector bytes = (BytesVector)vector;
                final boolean string = type.id() == TypeId.STRING;
                final int width = type.fixedWidth();
                for (int r = from; r < from + rows; r++)
                {
                    final int length = bytes.length(r);
                    if (string)
                    {
                        out.writeVarUInt(length);
                        out.write(bytes.data(), bytes.start(r), length);
                    }
                    else if (length == width)
                    {
                        out.write(bytes.data(), bytes.start(r), length);
                    }
                    else
                    {
                        // a NULL's empty placeholder, or a shorter FixedString value: zero-padded
                        out.write(bytes.data(), bytes.start(r), Math.min(length, width));
                        for (int i = Math.min(length, width); i < width; i++)
                        {
                            out.write(0);
                        }
                    }
                }
            }
            default ->
            {
                final long[] values = ((LongVector)vector).values();
                final int width = type.id() == TypeId.NOTHING ? 1 : type.fixedWidth();
                out.ensure(rows * width);
                switch (width)
                {
                    case 1 ->
                    {
                        for (int r = from; r < from + rows; r++)
                        {
                            out.write((int)values[r]);
                        }
                    }
                    case 2 ->
                    {
                        for (int r = from; r < from + rows; r++)
                        {
                            out.writeShortLittleEndian((int)values[r]);
                        }
                    }
                    case 4 ->
                    {
                        for (int r = from; r < from + rows; r++)
                        {
                            out.writeIntLittleEndian((int)values[r]);
                        }
                    }
                    default ->
                    {
                        for (int r = from; r < from + rows; r++)
                        {
                            out.writeLongLittleEndian(values[r]);
                        }
                    }
                }
            }
        }
    }

    /** LowCardinality values as ClickHouse writes them: index-type flags, the dictionary, one index per row. */
    private static void writeLowCardinality(final ByteSink out, final DataType inner, final Vector vector,
        final int from, final int rows)
    {
        final LowCardinalityDictionary encoded = LowCardinalityDictionary.encode(inner, vector, from, rows);
        final Vector dictionary = encoded.dictionary();
        final int size = dictionary.size();
        final int keyType = encoded.keyType();
        out.writeLongLittleEndian(keyType | HAS_ADDITIONAL_KEYS | NEED_UPDATE_DICTIONARY);
        out.writeLongLittleEndian(size);
        writeColumn(out, LowCardinalityDictionary.dictionaryType(inner), dictionary, 0, size);
        out.writeLongLittleEndian(rows);
        out.ensure(rows * 4);
        for (final int index : encoded.indexes())
        {
            switch (keyType)
            {
                case 0 -> out.write(index);
                case 1 -> out.writeShortLittleEndian(index);
                default -> out.writeIntLittleEndian(index);
            }
        }
    }

    // ---- reading ----

    /**
     * Reads one block.
     *
     * @param revision {@link #HTTP_REVISION} for HTTP's Native format (no BlockInfo), else the negotiated protocol
     *                 revision
     * @param maxRows  the most rows a block may declare (a block claiming more fails before anything is allocated)
     */
    public static Block readBlock(final ByteSource in, final int revision, final long maxRows)
    {
        if (revision != HTTP_REVISION)
        {
            readBlockInfo(in);
        }
        final int width = in.readSize(100_000, "column count");
        final int rows = in.readSize(maxRows, "row count");
        final List<String> names = new ArrayList<>(width);
        final List<DataType> types = new ArrayList<>(width);
        final Vector[] vectors = new Vector[width];
        for (int c = 0; c < width; c++)
        {
            final String name = in.readBinaryString();
            final DataType type = parseType(in.readBinaryString());
            if (revision >= REVISION_WITH_CUSTOM_SERIALIZATION && in.read() != 0)
            {
                throw new MuonException(ErrorCodes.INCORRECT_DATA, "Column " + name + " uses a custom (sparse) " +
                    "serialization; send it in full");
            }
            names.add(name);
            types.add(type);
            final Vector vector = Vector.create(NativeTypes.stripLowCardinality(type), Math.max(1, Math.min(rows, 65_536)));
            if (rows > 0)
            {
                readPrefix(in, type);
                readColumn(in, type, vector, rows);
            }
            vectors[c] = vector;
        }
        return new Block(names, types, vectors, rows);
    }

    private static DataType parseType(final String name)
    {
        try
        {
            return TypeParser.parse(name);
        }
        catch (final MuonException e)
        {
            throw e;
        }
        catch (final RuntimeException e)
        {
            throw new MuonException(ErrorCodes.UNKNOWN_TYPE, "Unknown data type: " + name);
        }
    }

    private static void readBlockInfo(final ByteSource in)
    {
        while (true)
        {
            final int field = in.readSize(1000, "block info field");
            switch (field)
            {
                case 0:
                    return;
                case 1:
                    in.read();
                    break;
                case 2:
                    in.readIntLittleEndian();
                    break;
                default:
                    throw new MuonException(ErrorCodes.UNKNOWN_BLOCK_INFO_FIELD, "Unknown BlockInfo field number: " +
                        field);
            }
        }
    }

    private static void readPrefix(final ByteSource in, final DataType type)
    {
        switch (type.id())
        {
            case LOW_CARDINALITY ->
            {
                final long version = in.readLongLittleEndian();
                if (version != SHARED_DICTIONARIES_WITH_ADDITIONAL_KEYS)
                {
                    throw new MuonException(ErrorCodes.INCORRECT_DATA, "Invalid version for LowCardinality " +
                        "key serialization: " + version);
                }
            }
            case ARRAY -> readPrefix(in, type.elements().get(0));
            case MAP ->
            {
                readPrefix(in, type.elements().get(0));
                readPrefix(in, type.elements().get(1));
            }
            case TUPLE ->
            {
                for (final DataType element : type.elements())
                {
                    readPrefix(in, element);
                }
            }
            default ->
            {
            }
        }
    }

    /** Reads {@code rows} values of a column of {@code type} (its prefix already read) and appends them. */
    public static void readColumn(final ByteSource in, final DataType type, final Vector vector, final int rows)
    {
        final int first = vector.size();
        switch (type.id())
        {
            case LOW_CARDINALITY -> readLowCardinality(in, type.elements().get(0), vector, rows);
            case NULLABLE ->
            {
                in.require(rows);
                final boolean[] nulls = new boolean[rows];
                final byte[] data = in.data();
                final int at = in.position();
                for (int r = 0; r < rows; r++)
                {
                    nulls[r] = data[at + r] != 0;
                }
                in.skip(rows);
                readColumn(in, type.elements().get(0), vector, rows);
                for (int r = 0; r < rows; r++)
                {
                    if (nulls[r])
                    {
                        vector.setNull(first + r, true);
                    }
                }
            }
            case ARRAY, MAP ->
            {
                final ArrayVector array = (ArrayVector)vector;
                if ((long)rows * 8 > Integer.MAX_VALUE)
                {
                    throw new MuonException(ErrorCodes.TOO_LARGE_ARRAY_SIZE, "Too many array offsets: " + rows);
                }
                in.require(rows * 8);
                final int[] ends = new int[rows];
                long previous = 0;
                for (int r = 0; r < rows; r++)
                {
                    final long end = in.readLongLittleEndian();
                    if (end < previous || end > Integer.MAX_VALUE - 16)
                    {
                        throw new MuonException(ErrorCodes.INCORRECT_DATA, "Array offsets are not ascending: " +
                            Long.toUnsignedString(end) + " after " + previous);
                    }
                    ends[r] = (int)end;
                    previous = end;
                }
                final int total = rows == 0 ? 0 : ends[rows - 1];
                final int base = array.elements().size();
                if (type.id() == TypeId.MAP)
                {
                    final TupleVector pairs = (TupleVector)array.elements();
                    readColumn(in, type.elements().get(0), pairs.field(0), total);
                    readColumn(in, type.elements().get(1), pairs.field(1), total);
                    for (int i = 0; i < total; i++)
                    {
                        pairs.endRow();
                    }
                }
                else
                {
                    readColumn(in, type.elements().get(0), array.elements(), total);
                }
                array.ensureCapacity(first + rows);
                for (int r = 0; r < rows; r++)
                {
                    array.endRow(base + ends[r]);
                }
            }
            case TUPLE ->
            {
                final TupleVector tuple = (TupleVector)vector;
                for (int i = 0; i < tuple.width(); i++)
                {
                    readColumn(in, type.elements().get(i), tuple.field(i), rows);
                }
                for (int r = 0; r < rows; r++)
                {
                    tuple.endRow();
                }
            }
            default -> readValues(in, type, vector, rows);
        }
    }

    private static void readValues(final ByteSource in, final DataType type, final Vector vector, final int rows)
    {
        final int first = vector.size();
        switch (Vector.kind(type))
        {
            case DOUBLE ->
            {
                final DoubleVector doubles = (DoubleVector)vector;
                final boolean float32 = type.id() == TypeId.FLOAT32;
                final int width = float32 ? 4 : 8;
                checkFixed(in, rows, width);
                in.require(rows * width);
                doubles.ensureCapacity(first + rows);
                for (int r = 0; r < rows; r++)
                {
                    doubles.append(float32 ? Float.intBitsToFloat(in.readIntLittleEndian()) :
                        Double.longBitsToDouble(in.readLongLittleEndian()));
                }
            }
            case BYTES ->
            {
                final BytesVector bytes = (BytesVector)vector;
                // room grows as values arrive: a block that lies about its rows allocates nothing for them
                bytes.ensureCapacity(first + Math.min(rows, Math.max(16, in.remaining())));
                if (type.id() == TypeId.STRING)
                {
                    for (int r = 0; r < rows; r++)
                    {
                        final int length = in.readSize(in.sizeLimit(), "string");
                        in.require(length);
                        bytes.append(in.data(), in.position(), length);
                        in.skip(length);
                    }
                }
                else
                {
                    final int width = type.fixedWidth();
                    checkFixed(in, rows, width);
                    in.require(rows * width);
                    bytes.ensureCapacity(first + rows);
                    bytes.reserveBytes(bytes.offsets()[first] + rows * width);
                    for (int r = 0; r < rows; r++)
                    {
                        in.require(width);
                        bytes.append(in.data(), in.position(), width);
                        in.skip(width);
                    }
                }
            }
            default ->
            {
                final LongVector longs = (LongVector)vector;
                final int width = type.id() == TypeId.NOTHING ? 1 : type.fixedWidth();
                checkFixed(in, rows, width);
                in.require(rows * width);
                longs.ensureCapacity(first + rows);
                final long[] values = longs.values();
                final boolean signed = BinaryColumns.signed(type);
                final TypeId id = type.id();
                final byte[] data = in.data();
                int at = in.position();
                for (int r = 0; r < rows; r++, at += width)
                {
                    values[first + r] = switch (width)
                    {
                        case 1 -> signed ? data[at] : data[at] & 0xFF;
                        case 2 -> signed ? (short)SHORTS.get(data, at) : (short)SHORTS.get(data, at) & 0xFFFF;
                        case 4 -> signed ? (int)INTS.get(data, at) : (int)INTS.get(data, at) & 0xFFFFFFFFL;
                        default -> (long)LONGS.get(data, at);
                    };
                }
                in.skip(rows * width);
                longs.setSize(first + rows);
                if (id == TypeId.NOTHING)
                {
                    for (int i = 0; i < rows; i++)
                    {
                        longs.setNull(first + i, true);
                    }
                }
                else if (id == TypeId.BOOL)
                {
                    for (int i = 0; i < rows; i++)
                    {
                        values[first + i] = values[first + i] != 0 ? 1 : 0;
                    }
                }
                else if (id == TypeId.ENUM8 || id == TypeId.ENUM16)
                {
                    for (int i = 0; i < rows; i++)
                    {
                        if (!type.enumValues().containsValue((int)values[first + i]))
                        {
                            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Unexpected value " + values[first + i] +
                                " in enum " + type.clickHouseName());
                        }
                    }
                }
            }
        }
    }

    /** Fails before allocating when a fixed-width column claims more bytes than can be addressed. */
    private static void checkFixed(final ByteSource in, final int rows, final int width)
    {
        if ((long)rows * width > Integer.MAX_VALUE - 16)
        {
            throw new MuonException(ErrorCodes.TOO_LARGE_SIZE_COMPRESSED, "A column of " + rows + " values of " +
                width + " bytes is too large");
        }
    }

    /** LowCardinality values: granules of (flags, optional dictionary, indexes) until {@code rows} are read. */
    private static void readLowCardinality(final ByteSource in, final DataType inner, final Vector vector,
        final int rows)
    {
        final boolean nullable = inner.isNullable();
        final DataType dictionaryType = nullable ? inner.elements().get(0) : inner;
        Vector dictionary = null;
        int read = 0;
        while (read < rows)
        {
            final long flags = in.readLongLittleEndian();
            final int keyType = (int)(flags & 0xFF);
            if (keyType > 3 || (flags & ~(0xFFL | NEED_GLOBAL_DICTIONARY | HAS_ADDITIONAL_KEYS |
                NEED_UPDATE_DICTIONARY)) != 0)
            {
                throw new MuonException(ErrorCodes.INCORRECT_DATA, "Invalid type for LowCardinality index: " + flags);
            }
            if ((flags & NEED_GLOBAL_DICTIONARY) != 0)
            {
                throw new MuonException(ErrorCodes.INCORRECT_DATA, "A LowCardinality column in a Native block " +
                    "cannot refer to a global dictionary");
            }
            if ((flags & HAS_ADDITIONAL_KEYS) != 0)
            {
                final long size = in.readLongLittleEndian();
                if (size < 0 || size > Integer.MAX_VALUE - 16)
                {
                    throw new MuonException(ErrorCodes.TOO_LARGE_ARRAY_SIZE, "Too large LowCardinality dictionary: " +
                        Long.toUnsignedString(size));
                }
                dictionary = Vector.create(dictionaryType, (int)Math.min(size, 65_536) + 1);
                readColumn(in, dictionaryType, dictionary, (int)size);
            }
            if (dictionary == null)
            {
                throw new MuonException(ErrorCodes.INCORRECT_DATA, "A LowCardinality column has indexes but no " +
                    "dictionary");
            }
            final long count = in.readLongLittleEndian();
            if (count < 0 || count > rows - read)
            {
                throw new MuonException(ErrorCodes.INCORRECT_DATA, "A LowCardinality granule of " +
                    Long.toUnsignedString(count) + " rows exceeds the block's " + rows);
            }
            final int width = 1 << keyType;
            in.require((int)Math.min(Integer.MAX_VALUE - 16, count * width));
            vector.ensureCapacity(vector.size() + (int)count);
            for (int r = 0; r < count; r++)
            {
                final long index = switch (width)
                {
                    case 1 -> in.read();
                    case 2 -> in.readShortLittleEndian();
                    case 4 -> in.readIntLittleEndian() & 0xFFFFFFFFL;
                    default -> in.readLongLittleEndian();
                };
                if (index < 0 || index >= dictionary.size())
                {
                    throw new MuonException(ErrorCodes.INCORRECT_DATA, "LowCardinality index " +
                        Long.toUnsignedString(index) + " is outside its dictionary of " + dictionary.size());
                }
                if (nullable && index == 0)
                {
                    vector.appendNull();
                }
                else
                {
                    vector.appendFrom(dictionary, (int)index);
                }
            }
            read += (int)count;
        }
    }
}
