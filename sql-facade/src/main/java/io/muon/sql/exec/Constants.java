package io.muon.sql.exec;

import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeId;
import io.muon.kernel.vector.ArrayVector;
import io.muon.kernel.vector.BytesVector;
import io.muon.kernel.vector.DoubleVector;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.TupleVector;
import io.muon.kernel.vector.Vector;
import io.muon.sql.plan.TypedExpr;

import java.math.BigInteger;
import java.util.List;

/** Turns the Java values of {@link TypedExpr.Constant}s into vectors. */
public final class Constants
{
    private Constants()
    {
    }

    /** A vector of {@code rows} copies of {@code value}, of type {@code type}. */
    public static Vector repeat(final Object value, final DataType type, final int rows)
    {
        final Vector one = Vector.create(type, 1);
        append(one, value);
        final Vector out = Vector.create(type, rows);
        for (int i = 0; i < rows; i++)
        {
            out.appendFrom(one, 0);
        }
        return out;
    }

    /** Appends one Java value (as the analyzer produces them) to a vector of its type. */
    public static void append(final Vector vector, final Object value)
    {
        if (value == null)
        {
            vector.appendNull();
            return;
        }
        final DataType plain = vector.type().unwrapped();
        if (vector instanceof LongVector longs)
        {
            if (value instanceof Boolean b)
            {
                longs.append(b ? 1 : 0);
            }
            else if (value instanceof TypedExpr.IntervalValue interval)
            {
                longs.append(interval.amount());
            }
            else if (value instanceof Number n)
            {
                longs.append(n instanceof Double d ? (long)d.doubleValue() : n.longValue());
            }
            else
            {
                final Vector parsed = Vector.create(vector.type(), 1);
                Conversions.fromText(value.toString(), 0, parsed, plain, Conversions.Mode.CAST);
                vector.appendFrom(parsed, 0);
            }
            return;
        }
        if (vector instanceof DoubleVector doubles)
        {
            doubles.append(value instanceof Number n ? (n instanceof BigInteger big ? big.doubleValue() : n.doubleValue()) :
                Conversions.parseDouble(value.toString()));
            return;
        }
        if (vector instanceof BytesVector bytes)
        {
            if (value instanceof BigInteger big)
            {
                bytes.append(ValueFormatter.Wide.toBytes(big, plain.fixedWidth()));
            }
            else if (plain.id() == TypeId.STRING || plain.id() == TypeId.FIXED_STRING)
            {
                bytes.append(value.toString());
            }
            else
            {
                final Vector parsed = Vector.create(vector.type(), 1);
                Conversions.fromText(value.toString(), 0, parsed, plain, Conversions.Mode.CAST);
                vector.appendFrom(parsed, 0);
            }
            return;
        }
        if (vector instanceof ArrayVector array)
        {
            for (final Object element : (List<?>)value)
            {
                append(array.elements(), element);
            }
            array.endRow();
            return;
        }
        final TupleVector tuple = (TupleVector)vector;
        final List<?> fields = (List<?>)value;
        for (int i = 0; i < tuple.width(); i++)
        {
            append(tuple.field(i), fields.get(i));
        }
        tuple.endRow();
    }
}
