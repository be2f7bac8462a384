package io.muon.kernel.stream;

import io.muon.kernel.log.ColumnBatchDescriptor;
import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeParser;
import io.muon.kernel.vector.ArrayVector;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.BytesVector;
import io.muon.kernel.vector.DoubleVector;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordColumnsTest
{
    private static final List<DataType> TYPES = Stream.of("UInt32", "Int64", "Int16", "Float32", "Float64", "String",
        "Nullable(String)", "FixedString(3)", "Nullable(Int32)", "Array(Int32)").map(TypeParser::parse).toList();

    @Test
    void slicesOfARecordReadTheSameRowsAsTheWholeRecord()
    {
        final int rows = 1000;
        final Batch written = sample(rows);
        final RecordColumns columns = new RecordColumns(TYPES);
        final int length = columns.layout(written, 0, rows);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[length + 64]);
        columns.write(written, 0, rows, buffer, 16);

        for (final int slice : new int[] {1, 7, 8, 100, 333, 1000})
        {
            final Batch read = Batch.of(TYPES, 16);
            for (int from = 0; from < rows; from += slice)
            {
                columns.read(buffer, 16, from, Math.min(slice, rows - from), read, null);
            }
            assertEquals(rows, read.rows());
            assertSameRows(written, read, slice);
        }
    }

    @Test
    void aSliceReadsOnlyTheWantedColumns()
    {
        final Batch written = sample(50);
        final RecordColumns columns = new RecordColumns(TYPES);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[columns.layout(written, 0, 50)]);
        columns.write(written, 0, 50, buffer, 0);
        final boolean[] wanted = new boolean[TYPES.size()];
        wanted[5] = true;
        final Batch read = Batch.of(TYPES, 16);
        columns.read(buffer, 0, 10, 20, read, wanted);
        assertEquals(20, read.rows());
        assertEquals(0, read.column(0).size());
        assertEquals("s10", ((BytesVector)read.column(5)).getString(0));
        assertEquals("s29", ((BytesVector)read.column(5)).getString(19));
    }

    @Test
    void aBodyWrittenForTheTypesValidatesAndEachCorruptionIsNamed()
    {
        final Batch written = sample(40);
        final RecordColumns columns = new RecordColumns(TYPES);
        final int length = columns.layout(written, 0, 40);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[length]);
        columns.write(written, 0, 40, buffer, 0);
        assertNull(columns.validate(buffer, 0, length, 40));

        assertEquals("10 columns where the stream has 9", new RecordColumns(TYPES.subList(0, 9))
            .validate(buffer, 0, length, 40));
        assertTrue(columns.validate(buffer, 0, length, 41).startsWith("column 0: "), "row count");
        final int entry1 = ColumnBatchDescriptor.entry(1);
        final int entry8 = ColumnBatchDescriptor.entry(8);
        // as variable-width, its offsets section is missing: the directory check names it first
        corrupt(buffer, entry1 + ColumnBatchDescriptor.KIND_OFFSET, ColumnBatchDescriptor.KIND_VARIABLE,
            columns, length, "column 1: offsets outside the body");
        corrupt(buffer, ColumnBatchDescriptor.entry(5) + ColumnBatchDescriptor.KIND_OFFSET,
            ColumnBatchDescriptor.KIND_FIXED, columns, length, "column 5");
        // a width that agrees with the data length but not with the type
        buffer.putShort(entry1 + ColumnBatchDescriptor.WIDTH_OFFSET, (short)4);
        buffer.putInt(entry1 + ColumnBatchDescriptor.DATA_LENGTH_OFFSET, 160);
        assertEquals("column 1 (Int64) has width 4 instead of 8", columns.validate(buffer, 0, length, 40));
        buffer.putShort(entry1 + ColumnBatchDescriptor.WIDTH_OFFSET, (short)8);
        buffer.putInt(entry1 + ColumnBatchDescriptor.DATA_LENGTH_OFFSET, 320);
        corrupt(buffer, entry8 + ColumnBatchDescriptor.FLAGS_OFFSET, (byte)0, columns, length,
            "column 8 (Nullable(Int32)) needs a null bitmap");
        // the array column: a row's element count larger than its slot
        final int arrays = ColumnBatchDescriptor.dataOffset(buffer, 0, 9) + buffer.getInt(
            ColumnBatchDescriptor.offsetsOffset(buffer, 0, 9) + 4 * 5);
        corrupt(buffer, arrays, (byte)100, columns, length, "column 9 (Array(Int32)): row 5 does not hold");
        // the string column: an offset that goes back
        final int offsets = ColumnBatchDescriptor.offsetsOffset(buffer, 0, 5) + 4 * 3;
        final int saved = buffer.getInt(offsets);
        buffer.putInt(offsets, 1_000);
        assertEquals("column 5 (String): offset of row 4 goes back", columns.validate(buffer, 0, length, 40));
        buffer.putInt(offsets, saved);
        assertNull(columns.validate(buffer, 0, length, 40));
    }

    @Test
    void compositeValuesAreWalkedByType()
    {
        final List<DataType> types = Stream.of("Map(String, Nullable(Int64))", "Tuple(a String, b Int8)",
            "Array(FixedString(2))").map(TypeParser::parse).toList();
        final Batch batch = Batch.of(types, 4);
        for (int r = 0; r < 3; r++)
        {
            final ArrayVector map = (ArrayVector)batch.column(0);
            final io.muon.kernel.vector.TupleVector entry = (io.muon.kernel.vector.TupleVector)map.elements();
            for (int e = 0; e < r; e++)
            {
                ((BytesVector)entry.field(0)).append("k" + e);
                if (e == 1)
                {
                    entry.field(1).appendNull();
                }
                else
                {
                    ((LongVector)entry.field(1)).append(e);
                }
                entry.endRow();
            }
            map.endRow();
            final io.muon.kernel.vector.TupleVector tuple = (io.muon.kernel.vector.TupleVector)batch.column(1);
            ((BytesVector)tuple.field(0)).append("t" + r);
            ((LongVector)tuple.field(1)).append(r);
            tuple.endRow();
            final ArrayVector array = (ArrayVector)batch.column(2);
            ((BytesVector)array.elements()).append(new byte[] {1, 2});
            array.endRow();
        }
        batch.rows(3);
        final RecordColumns columns = new RecordColumns(types);
        final int length = columns.layout(batch, 0, 3);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[length]);
        columns.write(batch, 0, 3, buffer, 0);
        assertNull(columns.validate(buffer, 0, length, 3));
        // the NULL marker of the map's second value in row 2 is neither 0 nor 1
        final int row2 = ColumnBatchDescriptor.dataOffset(buffer, 0, 0) + buffer.getInt(
            ColumnBatchDescriptor.offsetsOffset(buffer, 0, 0) + 8);
        final int marker = row2 + 4 + (4 + 2) + 1 + 8 + (4 + 2);
        assertEquals(1, buffer.getByte(marker));
        corrupt(buffer, marker, (byte)2, columns, length, "column 0 (Map(String, Nullable(Int64))): row 2");
        // a FixedString(2) element whose length says 3
        final int fixed = ColumnBatchDescriptor.dataOffset(buffer, 0, 2) + 4;
        corrupt(buffer, fixed, (byte)3, columns, length, "column 2 (Array(FixedString(2))): row 0");
    }

    /** Sets one byte, checks the problem starts with {@code expected}, and puts the byte back. */
    private static void corrupt(final UnsafeBuffer buffer, final int at, final byte value, final RecordColumns columns,
        final int length, final String expected)
    {
        final byte saved = buffer.getByte(at);
        buffer.putByte(at, value);
        final String problem = columns.validate(buffer, 0, length, columns.types().size() == 3 ? 3 : 40);
        assertTrue(problem != null && problem.startsWith(expected), problem);
        buffer.putByte(at, saved);
        assertNull(columns.validate(buffer, 0, length, columns.types().size() == 3 ? 3 : 40));
    }

    private static Batch sample(final int rows)
    {
        final Batch batch = Batch.of(TYPES, rows);
        for (int r = 0; r < rows; r++)
        {
            ((LongVector)batch.column(0)).append(4_000_000_000L + r);
            ((LongVector)batch.column(1)).append(-r * 1_000_000_007L);
            ((LongVector)batch.column(2)).append((short)(r * 37));
            ((DoubleVector)batch.column(3)).append(r * 0.25);
            ((DoubleVector)batch.column(4)).append(r / 3.0);
            ((BytesVector)batch.column(5)).append("s" + r);
            if (r % 3 == 0)
            {
                batch.column(6).appendNull();
                batch.column(8).appendNull();
            }
            else
            {
                ((BytesVector)batch.column(6)).append("x".repeat(r % 11));
                ((LongVector)batch.column(8)).append(r);
            }
            ((BytesVector)batch.column(7)).append(new byte[] {(byte)r, (byte)(r >> 8), 7});
            final ArrayVector array = (ArrayVector)batch.column(9);
            final LongVector elements = (LongVector)array.elements();
            for (int e = 0; e < r % 4; e++)
            {
                elements.append(r + e);
            }
            array.endRow();
        }
        batch.rows(rows);
        return batch;
    }

    private static void assertSameRows(final Batch expected, final Batch actual, final int slice)
    {
        for (int c = 0; c < TYPES.size(); c++)
        {
            final Vector e = expected.column(c);
            final Vector a = actual.column(c);
            assertEquals(e.size(), a.size(), "column " + c + ", slices of " + slice);
            for (int r = 0; r < e.size(); r++)
            {
                assertEquals(e.isNull(r), a.isNull(r), "null at column " + c + " row " + r + ", slices of " + slice);
                assertTrue(e.isNull(r) || e.equalsAt(r, a, r), "column " + c + " row " + r + ", slices of " + slice);
            }
        }
    }
}
