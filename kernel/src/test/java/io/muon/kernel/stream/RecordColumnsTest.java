package io.muon.kernel.stream;

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
