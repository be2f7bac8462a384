package io.muon.kernel.vector;

import io.muon.kernel.type.DataType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bulk appends of row ranges give the same vectors as appending row by row. */
class AppendRangeTest
{
    private static void assertSame(final Vector expected, final Vector actual)
    {
        assertEquals(expected.size(), actual.size());
        for (int r = 0; r < expected.size(); r++)
        {
            assertTrue(expected.equalsAt(r, actual, r), "row " + r);
            assertEquals(expected.isNull(r), actual.isNull(r), "NULL at row " + r);
        }
    }

    private static Vector rowByRow(final Vector target, final Vector source, final int from, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            target.appendFrom(source, source.isConstant() ? 0 : from + i);
        }
        return target;
    }

    @Test
    void longsDoublesAndStringsCopyTheirRangeWithNulls()
    {
        final DataType nullableLong = DataType.nullable(DataType.INT64);
        final LongVector longs = (LongVector)Vector.create(nullableLong, 8);
        final DoubleVector doubles = (DoubleVector)Vector.create(DataType.nullable(DataType.FLOAT64), 8);
        final BytesVector strings = (BytesVector)Vector.create(DataType.nullable(DataType.STRING), 8);
        for (int i = 0; i < 8; i++)
        {
            longs.append(i * 10);
            doubles.append(i / 2.0);
            strings.append(("v" + i).repeat(i).getBytes(StandardCharsets.UTF_8));
            if (i % 3 == 1)
            {
                longs.setNull(i, true);
                doubles.setNull(i, true);
                strings.setNull(i, true);
            }
        }
        for (final Vector source : new Vector[] {longs, doubles, strings})
        {
            final Vector bulk = Vector.create(source.type(), 1);
            bulk.appendFrom(source, 7);
            bulk.appendRange(source, 2, 5);
            bulk.appendRange(source, 0, 0);
            final Vector single = Vector.create(source.type(), 1);
            single.appendFrom(source, 7);
            assertSame(rowByRow(single, source, 2, 5), bulk);
            assertTrue(bulk.isNull(3) && !bulk.isNull(1), "the NULL marks move with their rows");
        }
    }

    @Test
    void aConstantSourceRepeatsItsValueAndNonNullableTargetsStayWithoutNulls()
    {
        final LongVector constant = (LongVector)Vector.create(DataType.INT64, 1);
        constant.append(42);
        constant.markConstant();
        final LongVector target = (LongVector)Vector.create(DataType.INT64, 1);
        target.appendRange(constant, 0, 3);
        assertEquals(3, target.size());
        assertEquals(42, target.get(2));
        assertFalse(target.hasNulls());
        final Vector arrays = Vector.create(DataType.array(DataType.INT64), 2);
        final ArrayVector source = (ArrayVector)Vector.create(DataType.array(DataType.INT64), 2);
        ((LongVector)source.elements()).append(1);
        source.endRow();
        ((LongVector)source.elements()).append(2);
        ((LongVector)source.elements()).append(3);
        source.endRow();
        arrays.appendRange(source, 0, 2);
        assertSame(source, arrays);
    }
}
