package io.muon.kernel.part;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeId;
import io.muon.kernel.vector.ArrayVector;
import io.muon.kernel.vector.BytesVector;
import io.muon.kernel.vector.DoubleVector;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.LowCardinalityDictionary;
import io.muon.kernel.vector.RowCodec;
import io.muon.kernel.vector.TupleVector;
import io.muon.kernel.vector.Vector;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * How a column of each type is split into the streams (files) of a MergeTree part and serialized there, as ClickHouse
 * does: {@code Nullable} adds a {@code .null} stream of UInt8 flags; {@code Array} (and {@code Map}, stored as an
 * array of (keys, values) tuples) a {@code .size<level>} stream of UInt64 sizes per row, its elements going one level
 * down; each {@code Tuple} element gets its own streams named {@code %2E<element>}; values are the Native format's.
 * Stateless.
 */
final class ColumnCodec
{
    /** ClickHouse's file-name form of the dot between a tuple column and its element. */
    static final String TUPLE_SEPARATOR = "%2E";
    /** Suffix of a LowCardinality column's dictionary stream; its indexes stream has none. */
    static final String DICTIONARY = ".dict";

    private ColumnCodec()
    {
    }

    /** Calls {@code visitor} with the name of every stream of a column, in the order ClickHouse enumerates them. */
    static void streams(final String column, final DataType type, final Consumer<String> visitor)
    {
        streams(PartFiles.escape(column), type, 0, visitor);
    }

    private static void streams(final String stream, final DataType type, final int level,
        final Consumer<String> visitor)
    {
        switch (type.id())
        {
            case NULLABLE ->
            {
                visitor.accept(stream + ".null");
                streams(stream, type.elements().get(0), level, visitor);
            }
            case ARRAY ->
            {
                visitor.accept(stream + ".size" + level);
                streams(stream, type.elements().get(0), level + 1, visitor);
            }
            case MAP ->
            {
                visitor.accept(stream + ".size" + level);
                streams(stream + TUPLE_SEPARATOR + "keys", type.elements().get(0), level + 1, visitor);
                streams(stream + TUPLE_SEPARATOR + "values", type.elements().get(1), level + 1, visitor);
            }
            case TUPLE ->
            {
                for (int i = 0; i < type.elements().size(); i++)
                {
                    streams(stream + TUPLE_SEPARATOR + PartFiles.escape(elementName(type, i)), type.elements().get(i),
                        level, visitor);
                }
            }
            case LOW_CARDINALITY ->
            {
                streams(stream + DICTIONARY, type.elements().get(0), level, visitor);
                visitor.accept(stream);
            }
            default -> visitor.accept(stream);
        }
    }

    static String elementName(final DataType tuple, final int index)
    {
        final List<String> names = tuple.names();
        return names != null && index < names.size() && names.get(index) != null ? names.get(index) :
            Integer.toString(index + 1);
    }

    /**
     * Writes what precedes a column's first granule: for each LowCardinality inside it, the key version at the start
     * of its dictionary stream (ahead of the first mark, as ClickHouse writes it).
     */
    static void writePrefix(final Function<String, CompressedStreamWriter> streams, final String stream,
        final DataType type) throws IOException
    {
        switch (type.id())
        {
            case NULLABLE, ARRAY -> writePrefix(streams, stream, type.elements().get(0));
            case MAP ->
            {
                writePrefix(streams, stream + TUPLE_SEPARATOR + "keys", type.elements().get(0));
                writePrefix(streams, stream + TUPLE_SEPARATOR + "values", type.elements().get(1));
            }
            case TUPLE ->
            {
                for (int i = 0; i < type.elements().size(); i++)
                {
                    writePrefix(streams, stream + TUPLE_SEPARATOR + PartFiles.escape(elementName(type, i)),
                        type.elements().get(i));
                }
            }
            case LOW_CARDINALITY -> streams.apply(stream + DICTIONARY)
                .putLong(LowCardinalityDictionary.SHARED_DICTIONARIES_WITH_ADDITIONAL_KEYS);
            default ->
            {
            }
        }
    }

    /** Writes rows {@code [from, from + rows)} of {@code vector} into the column's streams. */
    static void write(final Function<String, CompressedStreamWriter> streams, final String stream,
        final DataType type, final int level, final Vector vector, final int from, final int rows) throws IOException
    {
        switch (type.id())
        {
            case NULLABLE ->
            {
                final CompressedStreamWriter nulls = streams.apply(stream + ".null");
                for (int r = from; r < from + rows; r++)
                {
                    nulls.putByte(vector.isNull(r) ? 1 : 0);
                }
                write(streams, stream, type.elements().get(0), level, vector, from, rows);
            }
            case ARRAY, MAP ->
            {
                final ArrayVector array = (ArrayVector)vector;
                final CompressedStreamWriter sizes = streams.apply(stream + ".size" + level);
                for (int r = from; r < from + rows; r++)
                {
                    sizes.putLong(array.length(r));
                }
                final int first = array.start(from);
                final int count = array.start(from + rows) - first;
                if (type.id() == TypeId.MAP)
                {
                    final TupleVector pairs = (TupleVector)array.elements();
                    write(streams, stream + TUPLE_SEPARATOR + "keys", type.elements().get(0), level + 1,
                        pairs.field(0), first, count);
                    write(streams, stream + TUPLE_SEPARATOR + "values", type.elements().get(1), level + 1,
                        pairs.field(1), first, count);
                }
                else
                {
                    write(streams, stream, type.elements().get(0), level + 1, array.elements(), first, count);
                }
            }
            case TUPLE ->
            {
                final TupleVector tuple = (TupleVector)vector;
                for (int i = 0; i < tuple.width(); i++)
                {
                    write(streams, stream + TUPLE_SEPARATOR + PartFiles.escape(elementName(type, i)),
                        type.elements().get(i), level, tuple.field(i), from, rows);
                }
            }
            case LOW_CARDINALITY -> writeLowCardinality(streams.apply(stream), type.elements().get(0), vector, from,
                rows);
            default -> writeValues(streams.apply(stream), type, vector, from, rows);
        }
    }

    /**
     * One granule of a LowCardinality column, self-contained: flags with additional keys and no global dictionary,
     * the granule's own dictionary, the row count and one index per row, all in the indexes stream.
     */
    private static void writeLowCardinality(final CompressedStreamWriter out, final DataType inner,
        final Vector vector, final int from, final int rows) throws IOException
    {
        final LowCardinalityDictionary encoded = LowCardinalityDictionary.encode(inner, vector, from, rows);
        final int keyType = encoded.keyType();
        out.putLong(keyType | LowCardinalityDictionary.HAS_ADDITIONAL_KEYS);
        out.putLong(encoded.dictionary().size());
        writeValues(out, LowCardinalityDictionary.dictionaryType(inner), encoded.dictionary(), 0,
            encoded.dictionary().size());
        out.putLong(rows);
        for (final int index : encoded.indexes())
        {
            switch (keyType)
            {
                case 0 -> out.putByte(index);
                case 1 -> out.putShort(index);
                default -> out.putInt(index);
            }
        }
    }

    private static void writeValues(final CompressedStreamWriter out, final DataType type, final Vector vector,
        final int from, final int rows) throws IOException
    {
        switch (Vector.kind(type))
        {
            case DOUBLE ->
            {
                final double[] values = ((DoubleVector)vector).values();
                if (type.id() == TypeId.FLOAT32)
                {
                    for (int r = from; r < from + rows; r++)
                    {
                        out.putInt(Float.floatToRawIntBits((float)values[r]));
                    }
                }
                else
                {
                    out.putDoubles(values, from, rows);
                }
            }
            case BYTES ->
            {
                final BytesVector bytes = (BytesVector)vector;
                final byte[] data = bytes.data();
                if (type.id() == TypeId.STRING)
                {
                    for (int r = from; r < from + rows; r++)
                    {
                        final int length = bytes.length(r);
                        out.putVarUInt(length);
                        out.putBytes(data, bytes.start(r), length);
                    }
                }
                else
                {
                    final int width = type.fixedWidth();
                    for (int r = from; r < from + rows; r++)
                    {
                        final int length = Math.min(bytes.length(r), width);
                        out.putBytes(data, bytes.start(r), length);
                        // a NULL's empty placeholder, or a shorter FixedString value: zero-padded
                        out.putZeros(width - length);
                    }
                }
            }
            default ->
            {
                final long[] values = ((LongVector)vector).values();
                switch (width(type))
                {
                    case 1 ->
                    {
                        for (int r = from; r < from + rows; r++)
                        {
                            out.putByte((int)values[r]);
                        }
                    }
                    case 2 ->
                    {
                        for (int r = from; r < from + rows; r++)
                        {
                            out.putShort((int)values[r]);
                        }
                    }
                    case 4 -> out.putInts(values, from, rows);
                    default -> out.putLongs(values, from, rows);
                }
            }
        }
    }

    private static int width(final DataType type)
    {
        return type.id() == TypeId.NOTHING ? 1 : type.fixedWidth();
    }

    /** Reads {@code rows} values of the column from its streams (each positioned) and appends them to vector. */
    static void read(final Function<String, CompressedStreamReader> streams, final String stream,
        final DataType type, final int level, final Vector vector, final int rows)
    {
        final int first = vector.size();
        switch (type.id())
        {
            case NULLABLE ->
            {
                final CompressedStreamReader nulls = streams.apply(stream + ".null");
                final boolean[] flags = new boolean[rows];
                for (int r = 0; r < rows; r++)
                {
                    flags[r] = nulls.getByte() != 0;
                }
                read(streams, stream, type.elements().get(0), level, vector, rows);
                for (int r = 0; r < rows; r++)
                {
                    if (flags[r])
                    {
                        vector.setNull(first + r, true);
                    }
                }
            }
            case ARRAY, MAP ->
            {
                final ArrayVector array = (ArrayVector)vector;
                final CompressedStreamReader sizes = streams.apply(stream + ".size" + level);
                final int[] ends = new int[rows];
                final int base = array.elements().size();
                long total = 0;
                for (int r = 0; r < rows; r++)
                {
                    final long size = sizes.getLong();
                    total += size;
                    if (size < 0 || total > Integer.MAX_VALUE - 16 - base)
                    {
                        throw new MuonException(ErrorCodes.CORRUPTED_DATA, "Corrupted part file " + sizes.path() +
                            ": array size " + Long.toUnsignedString(size) + " is impossible");
                    }
                    ends[r] = base + (int)total;
                }
                if (type.id() == TypeId.MAP)
                {
                    final TupleVector pairs = (TupleVector)array.elements();
                    read(streams, stream + TUPLE_SEPARATOR + "keys", type.elements().get(0), level + 1,
                        pairs.field(0), (int)total);
                    read(streams, stream + TUPLE_SEPARATOR + "values", type.elements().get(1), level + 1,
                        pairs.field(1), (int)total);
                    for (int i = 0; i < total; i++)
                    {
                        pairs.endRow();
                    }
                }
                else
                {
                    read(streams, stream, type.elements().get(0), level + 1, array.elements(), (int)total);
                }
                array.ensureCapacity(first + rows);
                for (int r = 0; r < rows; r++)
                {
                    array.endRow(ends[r]);
                }
            }
            case TUPLE ->
            {
                final TupleVector tuple = (TupleVector)vector;
                for (int i = 0; i < tuple.width(); i++)
                {
                    read(streams, stream + TUPLE_SEPARATOR + PartFiles.escape(elementName(type, i)),
                        type.elements().get(i), level, tuple.field(i), rows);
                }
                for (int r = 0; r < rows; r++)
                {
                    tuple.endRow();
                }
            }
            case LOW_CARDINALITY -> readLowCardinality(streams.apply(stream + DICTIONARY), streams.apply(stream),
                type.elements().get(0), vector, rows);
            default -> readValues(streams.apply(stream), type, vector, rows);
        }
    }

    /**
     * LowCardinality rows: chunks of (flags, additional keys, row count, indexes) in the indexes stream, the shared
     * dictionary (when flags ask for it) in the dictionary stream, as ClickHouse reads them. A chunk may end inside a
     * granule or run past the rows asked for; the stream keeps the rest for the next call.
     */
    private static void readLowCardinality(final CompressedStreamReader dictionaryStream,
        final CompressedStreamReader in, final DataType inner, final Vector vector, final int rows)
    {
        final boolean nullable = inner.isNullable();
        final DataType dictionaryType = LowCardinalityDictionary.dictionaryType(inner);
        final CompressedStreamReader.LowCardinalityState state = in.lowCardinality();
        int read = 0;
        while (read < rows)
        {
            if (state.pendingRows == 0)
            {
                final long flags = in.getLong();
                if ((flags & LowCardinalityDictionary.KEY_TYPE_MASK) > 3 || (flags & ~(LowCardinalityDictionary
                    .KEY_TYPE_MASK | LowCardinalityDictionary.NEED_GLOBAL_DICTIONARY | LowCardinalityDictionary
                    .HAS_ADDITIONAL_KEYS | LowCardinalityDictionary.NEED_UPDATE_DICTIONARY)) != 0)
                {
                    throw corrupted(in, "bad LowCardinality index flags " + Long.toHexString(flags));
                }
                state.keyWidth = 1 << (int)(flags & LowCardinalityDictionary.KEY_TYPE_MASK);
                if ((flags & LowCardinalityDictionary.NEED_GLOBAL_DICTIONARY) != 0)
                {
                    // the dictionary stream was positioned by its mark, past the key version written ahead of it
                    if (state.global == null || (flags & LowCardinalityDictionary.NEED_UPDATE_DICTIONARY) != 0)
                    {
                        state.global = readKeys(dictionaryStream, dictionaryType);
                    }
                }
                else
                {
                    state.global = null;
                }
                state.additional = (flags & LowCardinalityDictionary.HAS_ADDITIONAL_KEYS) != 0 ?
                    readKeys(in, dictionaryType) : null;
                final long count = in.getLong();
                if (count <= 0 || count > Integer.MAX_VALUE)
                {
                    throw corrupted(in, "a LowCardinality chunk of " + Long.toUnsignedString(count) + " rows");
                }
                state.pendingRows = (int)count;
            }
            final int take = Math.min(rows - read, state.pendingRows);
            final int globalSize = state.global == null ? 0 : state.global.size();
            final int additionalSize = state.additional == null ? 0 : state.additional.size();
            vector.ensureCapacity(vector.size() + take);
            for (int r = 0; r < take; r++)
            {
                final long index = switch (state.keyWidth)
                {
                    case 1 -> in.getByte() & 0xFF;
                    case 2 -> in.getShort() & 0xFFFF;
                    case 4 -> in.getInt() & 0xFFFF_FFFFL;
                    default -> in.getLong();
                };
                if (index < 0 || index >= globalSize + additionalSize)
                {
                    throw corrupted(in, "LowCardinality index " + Long.toUnsignedString(index) + " outside " +
                        "dictionaries of " + (globalSize + additionalSize));
                }
                if (nullable && index == 0)
                {
                    vector.appendNull();
                }
                else if (index < globalSize)
                {
                    vector.appendFrom(state.global, (int)index);
                }
                else
                {
                    vector.appendFrom(state.additional, (int)index - globalSize);
                }
            }
            state.pendingRows -= take;
            read += take;
        }
    }

    private static Vector readKeys(final CompressedStreamReader in, final DataType type)
    {
        final long size = in.getLong();
        if (size < 0 || size > Integer.MAX_VALUE - 16)
        {
            throw corrupted(in, "a LowCardinality dictionary of " + Long.toUnsignedString(size) + " keys");
        }
        final Vector keys = Vector.create(type, (int)Math.min(size, 65_536) + 1);
        readValues(in, type, keys, (int)size);
        return keys;
    }

    private static MuonException corrupted(final CompressedStreamReader in, final String why)
    {
        return new MuonException(ErrorCodes.CORRUPTED_DATA, "Corrupted part file " + in.path() + ": " + why);
    }

    private static void readValues(final CompressedStreamReader in, final DataType type, final Vector vector,
        final int rows)
    {
        final int first = vector.size();
        switch (Vector.kind(type))
        {
            case DOUBLE ->
            {
                final DoubleVector doubles = (DoubleVector)vector;
                doubles.ensureCapacity(first + rows);
                final double[] values = doubles.values();
                if (type.id() == TypeId.FLOAT32)
                {
                    for (int r = 0; r < rows; r++)
                    {
                        values[first + r] = Float.intBitsToFloat(in.getInt());
                    }
                }
                else
                {
                    in.getDoubles(values, first, rows);
                }
                doubles.setSize(first + rows);
            }
            case BYTES ->
            {
                final BytesVector bytes = (BytesVector)vector;
                bytes.ensureCapacity(first + rows);
                final boolean string = type.id() == TypeId.STRING;
                final int width = type.fixedWidth();
                for (int r = 0; r < rows; r++)
                {
                    final long length = string ? in.getVarUInt() : width;
                    if (length > (1 << 30))
                    {
                        throw new MuonException(ErrorCodes.CORRUPTED_DATA, "Corrupted part file " + in.path() +
                            ": a string of " + Long.toUnsignedString(length) + " bytes");
                    }
                    final int end = bytes.start(first + r) + (int)length;
                    bytes.reserveBytes(end);
                    in.getBytes(bytes.data(), bytes.start(first + r), (int)length);
                    bytes.offsets()[first + r + 1] = end;
                }
                bytes.setSize(first + rows);
            }
            default ->
            {
                final LongVector longs = (LongVector)vector;
                longs.ensureCapacity(first + rows);
                final long[] values = longs.values();
                final boolean signed = RowCodec.isSigned(type);
                switch (width(type))
                {
                    case 1 ->
                    {
                        for (int r = 0; r < rows; r++)
                        {
                            final int b = in.getByte();
                            values[first + r] = signed ? b : b & 0xFF;
                        }
                    }
                    case 2 ->
                    {
                        for (int r = 0; r < rows; r++)
                        {
                            final short s = in.getShort();
                            values[first + r] = signed ? s : s & 0xFFFF;
                        }
                    }
                    case 4 -> in.getInts(values, first, rows, signed);
                    default -> in.getLongs(values, first, rows);
                }
                longs.setSize(first + rows);
                if (type.id() == TypeId.NOTHING)
                {
                    for (int r = 0; r < rows; r++)
                    {
                        longs.setNull(first + r, true);
                    }
                }
            }
        }
    }
}
