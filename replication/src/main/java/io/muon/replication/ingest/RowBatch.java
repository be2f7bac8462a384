package io.muon.replication.ingest;

import io.muon.kernel.log.ColumnBatchLayout;
import io.muon.kernel.log.RecordDescriptor;
import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeId;
import io.muon.kernel.vector.RowCodec;
import io.muon.kernel.vector.Vector;
import io.muon.replication.ingest.MuonPublisher.StreamSchema;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.MutableDirectBuffer;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Rows for one stream, built column by column in the layout a NativeLog record body has, so the server appends them
 * with one copy. {@link #addRow} starts a row; the setters fill its columns by index ({@link StreamSchema#column}
 * finds one by name), in any order, each at most once. A column left unset holds its type's default: 0, the empty
 * string, NULL for a Nullable, and for {@code _tp_time} the time the row was padded (when the batch is offered or the
 * column is next set). DEFAULT expressions of the stream are not evaluated: set those columns. Numbers go in as
 * their stored value: a Decimal's unscaled value, a DateTime64's ticks, a Date's days, an Enum's number.
 */
public final class RowBatch
{
    private static final byte LONG = 0;
    private static final byte DOUBLE = 1;
    private static final byte FIXED_BYTES = 2;
    private static final byte STRING = 3;
    private static final byte COMPOSITE = 4;

    private final StreamSchema schema;
    private final int columns;
    private final byte[] kinds;
    private final int[] widths;
    private final boolean[] nullable;
    private final UnsafeBuffer[] data;
    private final UnsafeBuffer[] offsets;
    private final UnsafeBuffer[] nulls;
    private final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(256);
    private final int[] dataLength;
    private final int[] filled;
    private final int timeColumn;
    private final ColumnBatchLayout layout = new ColumnBatchLayout();
    private int rows;
    /** Rows the fixed-width columns' buffers and the null bitmaps have room for. */
    private int capacityRows = 1024;

    RowBatch(final StreamSchema schema)
    {
        this.schema = schema;
        this.columns = schema.types().size();
        this.kinds = new byte[columns];
        this.widths = new int[columns];
        this.nullable = new boolean[columns];
        this.data = new UnsafeBuffer[columns];
        this.offsets = new UnsafeBuffer[columns];
        this.nulls = new UnsafeBuffer[columns];
        this.dataLength = new int[columns];
        this.filled = new int[columns];
        int time = -1;
        for (int c = 0; c < columns; c++)
        {
            final DataType type = schema.types().get(c);
            final DataType plain = type.unwrapped();
            kinds[c] = switch (Vector.kind(plain))
            {
                case LONG -> LONG;
                case DOUBLE -> DOUBLE;
                case BYTES -> plain.id() == TypeId.STRING ? STRING : FIXED_BYTES;
                case ARRAY, TUPLE -> COMPOSITE;
            };
            widths[c] = kinds[c] == STRING || kinds[c] == COMPOSITE ? 0 : plain.fixedWidth();
            nullable[c] = type.isNullable() && kinds[c] != COMPOSITE;
            data[c] = new UnsafeBuffer(new byte[Math.max(1024, capacityRows * widths[c])]);
            if (widths[c] == 0)
            {
                offsets[c] = new UnsafeBuffer(new byte[1024]);
            }
            if (nullable[c])
            {
                nulls[c] = new UnsafeBuffer(new byte[capacityRows >>> 3]);
            }
            if (schema.names().get(c).equals("_tp_time") && kinds[c] == LONG && widths[c] == 8 && !nullable[c])
            {
                time = c;
            }
        }
        this.timeColumn = time;
    }

    public StreamSchema schema()
    {
        return schema;
    }

    public int rows()
    {
        return rows;
    }

    /** Starts a new row; its columns hold their defaults until set. */
    public RowBatch addRow()
    {
        if (rows == RecordDescriptor.MAX_ROWS_PER_RECORD)
        {
            throw new IllegalStateException("a batch holds at most " + RecordDescriptor.MAX_ROWS_PER_RECORD +
                " rows; offer it first");
        }
        if (rows == capacityRows)
        {
            capacityRows *= 2;
            for (int c = 0; c < columns; c++)
            {
                if (widths[c] > 0)
                {
                    reserve(c, capacityRows * widths[c]);
                }
                if (nullable[c])
                {
                    grow(nulls, c, capacityRows >>> 3);
                }
            }
        }
        rows++;
        return this;
    }

    /** Sets an integer column (any width), a Float column, or any column stored as a number (Date, Enum…). */
    public RowBatch setLong(final int column, final long value)
    {
        final int row = slot(column);
        final UnsafeBuffer buffer = data[column];
        if (kinds[column] == LONG)
        {
            switch (widths[column])
            {
                case 8 -> buffer.putLong(row << 3, value);
                case 4 -> buffer.putInt(row << 2, (int)value);
                case 2 -> buffer.putShort(row << 1, (short)value);
                default -> buffer.putByte(row, (byte)value);
            }
        }
        else if (kinds[column] == DOUBLE)
        {
            putDouble(column, row, value);
        }
        else
        {
            throw mismatch(column, "a number");
        }
        filled[column] = row + 1;
        return this;
    }

    /** Sets a Float32 or Float64 column. */
    public RowBatch setDouble(final int column, final double value)
    {
        final int row = slot(column);
        if (kinds[column] != DOUBLE)
        {
            throw mismatch(column, "a floating-point number");
        }
        putDouble(column, row, value);
        filled[column] = row + 1;
        return this;
    }

    /** Sets a String column (UTF-8) or a FixedString column (padded with zero bytes). */
    public RowBatch setString(final int column, final String value)
    {
        if (kinds[column] == STRING && isAscii(value))
        {
            final int row = slot(column);
            final int at = dataLength[column];
            final UnsafeBuffer buffer = reserve(column, at + value.length());
            for (int i = 0; i < value.length(); i++)
            {
                buffer.putByte(at + i, (byte)value.charAt(i));
            }
            endVariable(column, row, at + value.length());
            return this;
        }
        final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return setBytes(column, bytes, 0, bytes.length);
    }

    /** Sets a String column, or a fixed-width bytes column (FixedString, UUID, IPv6, 128/256-bit integers). */
    public RowBatch setBytes(final int column, final byte[] value, final int offset, final int length)
    {
        final int row = slot(column);
        if (kinds[column] == STRING)
        {
            final int at = dataLength[column];
            reserve(column, at + length).putBytes(at, value, offset, length);
            endVariable(column, row, at + length);
            return this;
        }
        if (kinds[column] != FIXED_BYTES || length > widths[column])
        {
            throw mismatch(column, length + " bytes");
        }
        final int at = row * widths[column];
        data[column].putBytes(at, value, offset, length);
        data[column].setMemory(at + length, widths[column] - length, (byte)0);
        filled[column] = row + 1;
        return this;
    }

    /** Sets a Nullable column to NULL. */
    public RowBatch setNull(final int column)
    {
        final int row = slot(column);
        if (!nullable[column])
        {
            throw mismatch(column, "NULL");
        }
        pad(column, row + 1);
        return this;
    }

    /**
     * Sets any column from a Java value: null, a Number (BigDecimal for a Decimal), a Boolean, a String, a byte[],
     * and for composite columns a List or array (Array, Tuple) or a Map (Map), nested as deep as the type is.
     */
    public RowBatch setValue(final int column, final Object value)
    {
        if (value == null)
        {
            return setNull(column);
        }
        final DataType type = schema.types().get(column);
        switch (kinds[column])
        {
            case COMPOSITE ->
            {
                final int row = slot(column);
                final int length = encode(type, value, scratch, 0);
                final int at = dataLength[column];
                reserve(column, at + length).putBytes(at, scratch, 0, length);
                endVariable(column, row, at + length);
                return this;
            }
            case DOUBLE ->
            {
                return setDouble(column, ((Number)value).doubleValue());
            }
            case LONG ->
            {
                return setLong(column, number(type.unwrapped(), value));
            }
            default ->
            {
                if (value instanceof byte[] bytes)
                {
                    return setBytes(column, bytes, 0, bytes.length);
                }
                return setString(column, value.toString());
            }
        }
    }

    /** Empties the batch for reuse. */
    public void clear()
    {
        for (int c = 0; c < columns; c++)
        {
            if (nullable[c])
            {
                nulls[c].setMemory(0, (rows + 7) >>> 3, (byte)0);
            }
            dataLength[c] = 0;
            filled[c] = 0;
        }
        rows = 0;
    }

    /** Writes the rows as a record body at {@code at}; returns its length. */
    int encode(final MutableDirectBuffer out, final int at)
    {
        layout.reset(rows);
        for (int c = 0; c < columns; c++)
        {
            pad(c, rows);
            if (widths[c] == 0)
            {
                layout.addVariable(dataLength[c], nullable[c]);
            }
            else
            {
                layout.addFixed(widths[c], nullable[c]);
            }
        }
        final int length = layout.encodedLength();
        out.setMemory(at, length, (byte)0);
        layout.writeDirectory(out, at);
        for (int c = 0; c < columns; c++)
        {
            if (nullable[c])
            {
                out.putBytes(at + layout.nullsOffset(c), nulls[c], 0, (rows + 7) >>> 3);
            }
            if (widths[c] == 0)
            {
                out.putBytes(at + layout.offsetsOffset(c), offsets[c], 0, (rows + 1) * 4);
                out.putBytes(at + layout.dataOffset(c), data[c], 0, dataLength[c]);
            }
            else
            {
                out.putBytes(at + layout.dataOffset(c), data[c], 0, rows * widths[c]);
            }
        }
        return length;
    }

    /** The row a setter of {@code column} writes: the current one, once its earlier rows are padded. */
    private int slot(final int column)
    {
        if (rows == 0)
        {
            throw new IllegalStateException("addRow() before setting values");
        }
        final int row = rows - 1;
        if (widths[column] == 0 && filled[column] > row)
        {
            throw new IllegalStateException("column " + schema.names().get(column) + " is already set in this row");
        }
        if (filled[column] < row)
        {
            pad(column, row);
        }
        if (nullable[column] && filled[column] > row)
        {
            // set again after setNull: the value replaces the NULL
            final int index = row >>> 3;
            nulls[column].putByte(index, (byte)(nulls[column].getByte(index) & ~(1 << (row & 7))));
        }
        return row;
    }

    /** Gives rows {@code [filled, upTo)} of a column their default. */
    private void pad(final int column, final int upTo)
    {
        final int from = filled[column];
        if (from >= upTo)
        {
            return;
        }
        if (widths[column] > 0)
        {
            if (column == timeColumn)
            {
                final long now = System.currentTimeMillis();
                for (int r = from; r < upTo; r++)
                {
                    data[column].putLong(r * 8, now);
                }
            }
            else
            {
                data[column].setMemory(from * widths[column], (upTo - from) * widths[column], (byte)0);
            }
        }
        else
        {
            int end = dataLength[column];
            for (int r = from; r < upTo; r++)
            {
                if (kinds[column] == COMPOSITE)
                {
                    final int length = encode(schema.types().get(column), null, scratch, 0);
                    reserve(column, end + length).putBytes(end, scratch, 0, length);
                    end += length;
                }
                reserveOffsets(column, r + 1).putInt((r + 1) * 4, end);
            }
            dataLength[column] = end;
        }
        if (nullable[column])
        {
            for (int r = from; r < upTo; r++)
            {
                markNull(column, r);
            }
        }
        filled[column] = upTo;
    }

    private void markNull(final int column, final int row)
    {
        final int index = row >>> 3;
        nulls[column].putByte(index, (byte)(nulls[column].getByte(index) | (1 << (row & 7))));
    }

    private void endVariable(final int column, final int row, final int end)
    {
        dataLength[column] = end;
        reserveOffsets(column, row + 1).putInt((row + 1) * 4, end);
        filled[column] = row + 1;
    }

    /** The data buffer of a column, grown to hold at least {@code bytes}. */
    private UnsafeBuffer reserve(final int column, final int bytes)
    {
        return grow(data, column, bytes);
    }

    private UnsafeBuffer reserveOffsets(final int column, final int index)
    {
        return grow(offsets, column, (index + 1) * 4);
    }

    private static UnsafeBuffer grow(final UnsafeBuffer[] buffers, final int column, final int bytes)
    {
        final UnsafeBuffer buffer = buffers[column];
        if (buffer.capacity() < bytes)
        {
            final byte[] grown = new byte[(int)Math.min(Integer.MAX_VALUE - 8,
                Math.max(bytes, 2L * buffer.capacity()))];
            buffer.getBytes(0, grown, 0, buffer.capacity());
            buffer.wrap(grown);
        }
        return buffer;
    }

    private void putDouble(final int column, final int row, final double value)
    {
        if (widths[column] == 4)
        {
            data[column].putFloat(row * 4, (float)value);
        }
        else
        {
            data[column].putDouble(row * 8, value);
        }
    }

    private static boolean isAscii(final String value)
    {
        for (int i = 0; i < value.length(); i++)
        {
            if (value.charAt(i) >= 0x80)
            {
                return false;
            }
        }
        return true;
    }

    private static long number(final DataType plain, final Object value)
    {
        if (value instanceof Boolean bool)
        {
            return bool ? 1 : 0;
        }
        if (value instanceof BigDecimal decimal && plain.id() == TypeId.DECIMAL)
        {
            return decimal.setScale(plain.scale(), java.math.RoundingMode.HALF_UP).unscaledValue().longValueExact();
        }
        if (value instanceof Number number)
        {
            return number.longValue();
        }
        throw new IllegalArgumentException("a " + plain.clickHouseName() + " value must be a number, not " +
            value.getClass().getSimpleName());
    }

    /**
     * Appends one value of {@code type} in the composite values' form ({@link RowCodec}) at {@code at}; a null value
     * is NULL for a Nullable and the type's default otherwise. Returns the offset after it.
     */
    private static int encode(final DataType type, final Object value, final MutableDirectBuffer out, final int at)
    {
        int offset = at;
        if (type.isNullable())
        {
            out.putByte(offset++, (byte)(value == null ? 1 : 0));
            if (value == null)
            {
                return offset;
            }
        }
        final DataType plain = type.unwrapped();
        switch (Vector.kind(plain))
        {
            case LONG:
                RowCodec.putFixed(out, offset, value == null ? 0 : number(plain, value), plain.fixedWidth());
                return offset + plain.fixedWidth();
            case DOUBLE:
            {
                final double number = value == null ? 0 : ((Number)value).doubleValue();
                if (plain.fixedWidth() == 4)
                {
                    out.putFloat(offset, (float)number);
                    return offset + 4;
                }
                out.putDouble(offset, number);
                return offset + 8;
            }
            case BYTES:
            {
                final byte[] bytes = value == null ? new byte[0] : value instanceof byte[] raw ? raw :
                    value.toString().getBytes(StandardCharsets.UTF_8);
                final int length = plain.id() == TypeId.STRING ? bytes.length : plain.fixedWidth();
                if (bytes.length > length)
                {
                    throw new IllegalArgumentException(bytes.length + " bytes do not fit " + plain.clickHouseName());
                }
                out.putInt(offset, length);
                out.putBytes(offset + 4, bytes);
                out.setMemory(offset + 4 + bytes.length, length - bytes.length, (byte)0);
                return offset + 4 + length;
            }
            case ARRAY:
            {
                if (plain.id() == TypeId.MAP)
                {
                    final Map<?, ?> map = value == null ? Map.of() : (Map<?, ?>)value;
                    out.putInt(offset, map.size());
                    offset += 4;
                    for (final Map.Entry<?, ?> entry : map.entrySet())
                    {
                        offset = encode(plain.element(0), entry.getKey(), out, offset);
                        offset = encode(plain.element(1), entry.getValue(), out, offset);
                    }
                    return offset;
                }
                final List<?> list = elements(value);
                out.putInt(offset, list.size());
                offset += 4;
                for (final Object element : list)
                {
                    offset = encode(plain.element(0), element, out, offset);
                }
                return offset;
            }
            default:
            {
                final List<?> fields = elements(value);
                for (int i = 0; i < plain.elements().size(); i++)
                {
                    offset = encode(plain.element(i), i < fields.size() ? fields.get(i) : null, out, offset);
                }
                return offset;
            }
        }
    }

    private static List<?> elements(final Object value)
    {
        if (value == null)
        {
            return List.of();
        }
        if (value instanceof List<?> list)
        {
            return list;
        }
        if (value instanceof Object[] array)
        {
            return java.util.Arrays.asList(array);
        }
        throw new IllegalArgumentException("an Array or Tuple value must be a List or an array, not " +
            value.getClass().getSimpleName());
    }

    private IllegalArgumentException mismatch(final int column, final String what)
    {
        return new IllegalArgumentException("column " + schema.names().get(column) + " of type " +
            schema.types().get(column).clickHouseName() + " does not take " + what);
    }

    /** For tests: the encoded body in a fresh buffer. */
    DirectBuffer encoded()
    {
        final ExpandableDirectByteBuffer out = new ExpandableDirectByteBuffer(1024);
        encode(out, 0);
        return out;
    }
}
