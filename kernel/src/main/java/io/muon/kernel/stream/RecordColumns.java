package io.muon.kernel.stream;

import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.ArrayVector;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.BytesVector;
import io.muon.kernel.vector.DoubleVector;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.RowCodec;
import io.muon.kernel.vector.TupleVector;
import io.muon.kernel.vector.Vector;
import io.muon.kernel.log.ColumnBatchDescriptor;
import io.muon.kernel.log.ColumnBatchLayout;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.List;

/**
 * How a stream's columns sit in a NativeLog record body ({@link ColumnBatchDescriptor}): one physical column per
 * stream column, in the stream's order. Values held in a {@link LongVector} or {@link DoubleVector} are fixed-width
 * arrays of the type's width; String is variable-width; FixedString, UUID, IPv6 and the wide integers are fixed-width
 * bytes; composite types (Array, Map, Tuple) are variable-width with each row in {@link RowCodec}'s form. Nullable
 * columns carry the null bitmap. One instance per producer or reader thread: it keeps scratch space.
 */
public final class RecordColumns
{
    private final List<DataType> types;
    private final ColumnBatchLayout layout = new ColumnBatchLayout();
    private final ExpandableArrayBuffer[] composite;
    private final int[] compositeLengths;
    private int[][] compositeOffsets;

    public RecordColumns(final List<DataType> types)
    {
        this.types = List.copyOf(types);
        this.composite = new ExpandableArrayBuffer[types.size()];
        this.compositeLengths = new int[types.size()];
        this.compositeOffsets = new int[types.size()][];
    }

    public List<DataType> types()
    {
        return types;
    }

    private static boolean isComposite(final Vector vector)
    {
        return vector instanceof ArrayVector || vector instanceof TupleVector;
    }

    /** Lays out rows {@code [from, to)} of {@code batch}; returns the body length to claim. */
    public int layout(final Batch batch, final int from, final int to)
    {
        final int rows = to - from;
        layout.reset(rows);
        for (int c = 0; c < types.size(); c++)
        {
            final Vector vector = batch.column(c);
            final boolean nullable = types.get(c).holdsNull();
            if (isComposite(vector))
            {
                if (composite[c] == null)
                {
                    composite[c] = new ExpandableArrayBuffer(1024);
                }
                if (compositeOffsets[c] == null || compositeOffsets[c].length < rows + 1)
                {
                    compositeOffsets[c] = new int[rows + 1];
                }
                int at = 0;
                for (int r = from; r < to; r++)
                {
                    at = RowCodec.write(vector, r, composite[c], at);
                    compositeOffsets[c][r - from + 1] = at;
                }
                compositeLengths[c] = at;
                layout.addVariable(at, false);
            }
            else if (vector instanceof BytesVector bytes && isVariable(types.get(c)))
            {
                layout.addVariable(bytes.start(to) - bytes.start(from), nullable);
            }
            else
            {
                layout.addFixed(types.get(c).unwrapped().fixedWidth(), nullable);
            }
        }
        return layout.encodedLength();
    }

    private static boolean isVariable(final DataType type)
    {
        return type.unwrapped().id() == io.muon.kernel.type.TypeId.STRING;
    }

    /** Writes rows {@code [from, to)} as laid out by the last {@link #layout} call. */
    public void write(final Batch batch, final int from, final int to, final MutableDirectBuffer out, final int body)
    {
        layout.writeDirectory(out, body);
        for (int c = 0; c < types.size(); c++)
        {
            final Vector vector = batch.column(c);
            final int data = body + layout.dataOffset(c);
            if (types.get(c).holdsNull() && !isComposite(vector))
            {
                final int nulls = body + layout.nullsOffset(c);
                for (int r = from; r < to; r++)
                {
                    if (vector.isNull(r))
                    {
                        final int bit = r - from;
                        out.putByte(nulls + (bit >> 3), (byte)(out.getByte(nulls + (bit >> 3)) | (1 << (bit & 7))));
                    }
                }
            }
            if (isComposite(vector))
            {
                out.putBytes(data, composite[c], 0, compositeLengths[c]);
                final int offsets = body + layout.offsetsOffset(c);
                for (int r = 0; r <= to - from; r++)
                {
                    out.putInt(offsets + r * 4, compositeOffsets[c][r]);
                }
            }
            else if (vector instanceof LongVector longs)
            {
                final int width = types.get(c).unwrapped().fixedWidth();
                final long[] values = longs.values();
                if (width == 8)
                {
                    for (int r = from; r < to; r++)
                    {
                        out.putLong(data + (r - from) * 8, values[r]);
                    }
                }
                else
                {
                    for (int r = from; r < to; r++)
                    {
                        RowCodec.putFixed(out, data + (r - from) * width, values[r], width);
                    }
                }
            }
            else if (vector instanceof DoubleVector doubles)
            {
                final double[] values = doubles.values();
                if (types.get(c).unwrapped().fixedWidth() == 4)
                {
                    for (int r = from; r < to; r++)
                    {
                        out.putFloat(data + (r - from) * 4, (float)values[r]);
                    }
                }
                else
                {
                    for (int r = from; r < to; r++)
                    {
                        out.putDouble(data + (r - from) * 8, values[r]);
                    }
                }
            }
            else
            {
                final BytesVector bytes = (BytesVector)vector;
                final int base = bytes.start(from);
                out.putBytes(data, bytes.data(), base, bytes.start(to) - base);
                if (isVariable(types.get(c)))
                {
                    final int offsets = body + layout.offsetsOffset(c);
                    for (int r = from; r <= to; r++)
                    {
                        out.putInt(offsets + (r - from) * 4, bytes.start(r) - base);
                    }
                }
            }
        }
    }

    /**
     * Checks a record body made elsewhere (an Aeron publisher's) against these column types before it is appended:
     * the directory ({@link ColumnBatchDescriptor#validate}), then per column the kind, width and null bitmap the
     * type asks for, offsets that start at 0 and never go back, and composite values that decode to exactly their
     * slot. Reads the body only; a body that passes reads back with {@link #read} without surprises.
     *
     * @return null if the body is sound, else what is wrong with it (naming the column by index).
     */
    public String validate(final DirectBuffer in, final int body, final int length, final int rows)
    {
        final String problem = ColumnBatchDescriptor.validate(in, body, length, rows);
        if (problem != null)
        {
            return problem;
        }
        if (ColumnBatchDescriptor.columnCount(in, body) != types.size())
        {
            return ColumnBatchDescriptor.columnCount(in, body) + " columns where the stream has " + types.size();
        }
        for (int c = 0; c < types.size(); c++)
        {
            final DataType type = types.get(c);
            final Vector.Kind kind = Vector.kind(type.unwrapped());
            final boolean composite = kind == Vector.Kind.ARRAY || kind == Vector.Kind.TUPLE;
            final boolean variable = composite || isVariable(type);
            final byte expected = variable ? ColumnBatchDescriptor.KIND_VARIABLE : ColumnBatchDescriptor.KIND_FIXED;
            if (ColumnBatchDescriptor.kind(in, body, c) != expected)
            {
                return "column " + c + " (" + type.clickHouseName() + ") must be " + (variable ? "variable" : "fixed") +
                    "-width";
            }
            if (!variable && ColumnBatchDescriptor.width(in, body, c) != type.unwrapped().fixedWidth())
            {
                return "column " + c + " (" + type.clickHouseName() + ") has width " +
                    ColumnBatchDescriptor.width(in, body, c) + " instead of " + type.unwrapped().fixedWidth();
            }
            if (ColumnBatchDescriptor.nullable(in, body, c) != (type.holdsNull() && !composite))
            {
                return "column " + c + " (" + type.clickHouseName() + ") " + (type.holdsNull() && !composite ?
                    "needs" : "must not have") + " a null bitmap";
            }
            if (variable)
            {
                final String offsetsProblem = validateOffsets(in, body, c, rows, composite ? type : null);
                if (offsetsProblem != null)
                {
                    return "column " + c + " (" + type.clickHouseName() + "): " + offsetsProblem;
                }
            }
        }
        return null;
    }

    private static String validateOffsets(final DirectBuffer in, final int body, final int column, final int rows,
        final DataType composite)
    {
        final int offsets = body + ColumnBatchDescriptor.offsetsOffset(in, body, column);
        final int data = body + ColumnBatchDescriptor.dataOffset(in, body, column);
        if (in.getInt(offsets) != 0)
        {
            return "the first offset is not 0";
        }
        int previous = 0;
        for (int r = 1; r <= rows; r++)
        {
            final int offset = in.getInt(offsets + r * 4);
            if (offset < previous)
            {
                return "offset of row " + r + " goes back";
            }
            if (composite != null && RowCodec.skip(composite, in, data + previous, data + offset) != data + offset)
            {
                return "row " + (r - 1) + " does not hold one " + composite.clickHouseName() + " value";
            }
            previous = offset;
        }
        return null;
    }

    /** Appends the rows of a record body to {@code out} (columns of the same types, in the same order). */
    public void read(final DirectBuffer in, final int body, final int rows, final Batch out)
    {
        read(in, body, rows, out, null);
    }

    /**
     * As {@link #read(DirectBuffer, int, int, Batch)}, decoding only the columns marked in {@code wanted} (null: all);
     * the other vectors of {@code out} are left untouched (the caller does not read them), for queries that read few
     * columns.
     */
    public void read(final DirectBuffer in, final int body, final int rows, final Batch out, final boolean[] wanted)
    {
        read(in, body, 0, rows, out, wanted);
    }

    /**
     * Appends rows {@code [from, from + rows)} of a record body to {@code out}, decoding only the columns marked in
     * {@code wanted} (null: all): a reader takes a large record in slices of batch size, so its vectors stay small.
     */
    public void read(final DirectBuffer in, final int body, final int from, final int rows, final Batch out,
        final boolean[] wanted)
    {
        for (int c = 0; c < types.size(); c++)
        {
            final Vector vector = out.column(c);
            if (wanted != null && !wanted[c])
            {
                continue;
            }
            final DataType plain = types.get(c).unwrapped();
            final boolean nullable = ColumnBatchDescriptor.nullable(in, body, c);
            final int nulls = nullable ? body + ColumnBatchDescriptor.nullsOffset(in, body, c) : 0;
            final int first = vector.size();
            vector.ensureCapacity(first + rows);
            if (isComposite(vector))
            {
                final int offs = body + ColumnBatchDescriptor.offsetsOffset(in, body, c);
                int at = body + ColumnBatchDescriptor.dataOffset(in, body, c) + in.getInt(offs + from * 4);
                for (int r = 0; r < rows; r++)
                {
                    at = RowCodec.read(in, at, vector);
                }
                continue;
            }
            final int data = body + ColumnBatchDescriptor.dataOffset(in, body, c) +
                (vector instanceof BytesVector ? 0 : from * plain.fixedWidth());
            if (vector instanceof LongVector longs)
            {
                final int width = plain.fixedWidth();
                final boolean signed = RowCodec.isSigned(plain);
                final long[] values = longs.values();
                if (width == 8)
                {
                    for (int r = 0; r < rows; r++)
                    {
                        values[first + r] = in.getLong(data + r * 8);
                    }
                }
                else if (width == 4 && !signed)
                {
                    for (int r = 0; r < rows; r++)
                    {
                        values[first + r] = in.getInt(data + r * 4) & 0xFFFF_FFFFL;
                    }
                }
                else if (width == 4)
                {
                    for (int r = 0; r < rows; r++)
                    {
                        values[first + r] = in.getInt(data + r * 4);
                    }
                }
                else
                {
                    for (int r = 0; r < rows; r++)
                    {
                        values[first + r] = RowCodec.getFixed(in, data + r * width, width, signed);
                    }
                }
            }
            else if (vector instanceof DoubleVector doubles)
            {
                final double[] values = doubles.values();
                if (plain.fixedWidth() == 4)
                {
                    for (int r = 0; r < rows; r++)
                    {
                        values[first + r] = in.getFloat(data + r * 4);
                    }
                }
                else
                {
                    for (int r = 0; r < rows; r++)
                    {
                        values[first + r] = in.getDouble(data + r * 8);
                    }
                }
            }
            else
            {
                final BytesVector bytes = (BytesVector)vector;
                final int base = bytes.start(first);
                final int[] offsets = bytes.offsets();
                if (isVariable(types.get(c)))
                {
                    final int offs = body + ColumnBatchDescriptor.offsetsOffset(in, body, c);
                    final int start = in.getInt(offs + from * 4);
                    final int length = in.getInt(offs + (from + rows) * 4) - start;
                    bytes.reserveBytes(base + length);
                    in.getBytes(data + start, bytes.data(), base, length);
                    final int shift = base - start;
                    for (int r = 1; r <= rows; r++)
                    {
                        offsets[first + r] = shift + in.getInt(offs + (from + r) * 4);
                    }
                }
                else
                {
                    final int width = plain.fixedWidth();
                    bytes.reserveBytes(base + rows * width);
                    in.getBytes(data + from * width, bytes.data(), base, rows * width);
                    for (int r = 1; r <= rows; r++)
                    {
                        offsets[first + r] = base + r * width;
                    }
                }
            }
            if (vector.nulls() != null)
            {
                final boolean[] mask = vector.nulls();
                for (int r = 0; r < rows; r++)
                {
                    final int bit = from + r;
                    mask[first + r] = nullable && (in.getByte(nulls + (bit >> 3)) & (1 << (bit & 7))) != 0;
                }
            }
            vector.setSize(first + rows);
        }
        out.rows(out.rows() + rows);
    }
}
