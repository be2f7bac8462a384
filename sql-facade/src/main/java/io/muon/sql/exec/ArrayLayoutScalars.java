package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.ArrayVector;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.TupleVector;
import io.muon.kernel.vector.Vector;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Vectorized bodies of the array functions that rearrange elements without a lambda: {@code arrayFlatten} (nested
 * arrays to one level), {@code arrayZip} (arrays of equal length to an array of tuples), {@code arrayShuffle} (a
 * random permutation per row, Fisher-Yates) and {@code arrayExists} / {@code arrayAll} over an array of UInt8
 * (whether any / every element is non-zero). Stateless.
 */
final class ArrayLayoutScalars
{
    private ArrayLayoutScalars()
    {
    }

    static void register()
    {
        Scalars.register(ArrayLayoutScalars::flatten, "array_flatten");
        Scalars.register(ArrayLayoutScalars::zip, "array_zip");
        Scalars.register(ArrayLayoutScalars::shuffle, "array_shuffle");
        Scalars.register((a, rows, result, nulls) -> anyOrAll(a[0], rows, result, true), "array_exists");
        Scalars.register((a, rows, result, nulls) -> anyOrAll(a[0], rows, result, false), "array_all");
    }

    /** The innermost elements of each row's nested arrays, in order, as one array per row. */
    private static Vector flatten(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final ArrayVector out = (ArrayVector)Vector.create(result, rows);
        ArrayVector level = (ArrayVector)a[0];
        // the row's range of elements at each level, narrowed level by level through the offsets
        final int[] from = new int[rows];
        final int[] to = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            from[r] = level.start(r);
            to[r] = level.start(r) + level.length(r);
        }
        while (level.elements() instanceof ArrayVector inner)
        {
            for (int r = 0; r < rows; r++)
            {
                from[r] = inner.start(from[r]);
                to[r] = inner.start(to[r]);
            }
            level = inner;
        }
        final Vector elements = level.elements();
        final Vector target = out.elements();
        for (int r = 0; r < rows; r++)
        {
            target.appendRange(elements, from[r], to[r] - from[r]);
            out.endRow();
        }
        return out;
    }

    /** Tuples of the arrays' elements at each position; the arrays of a row must have one length. */
    private static Vector zip(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final ArrayVector out = (ArrayVector)Vector.create(result, rows);
        final TupleVector tuples = (TupleVector)out.elements();
        for (int r = 0; r < rows; r++)
        {
            final int length = ((ArrayVector)a[0]).length(r);
            for (int i = 1; i < a.length; i++)
            {
                if (((ArrayVector)a[i]).length(r) != length && (nulls == null || !nulls[r]))
                {
                    throw new Conversions.ValueException(ErrorCodes.SIZES_OF_ARRAYS_DONT_MATCH, "The argument 1 and " +
                        "argument " + (i + 1) + " of function arrayZip have different array sizes", r);
                }
            }
            for (int i = 0; i < a.length; i++)
            {
                final ArrayVector array = (ArrayVector)a[i];
                tuples.field(i).appendRange(array.elements(), array.start(r), Math.min(length, array.length(r)));
            }
            for (int j = 0; j < length; j++)
            {
                tuples.endRow();
            }
            out.endRow();
        }
        return out;
    }

    /** Each row's elements in a uniformly random order. */
    private static Vector shuffle(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final ArrayVector arrays = (ArrayVector)a[0];
        final ArrayVector out = (ArrayVector)Vector.create(result, rows);
        final ThreadLocalRandom random = ThreadLocalRandom.current();
        int[] order = new int[16];
        for (int r = 0; r < rows; r++)
        {
            final int length = arrays.length(r);
            if (order.length < length)
            {
                order = new int[Math.max(length, order.length * 2)];
            }
            for (int i = 0; i < length; i++)
            {
                order[i] = arrays.start(r) + i;
            }
            for (int i = length - 1; i > 0; i--)
            {
                final int j = random.nextInt(i + 1);
                final int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
            for (int i = 0; i < length; i++)
            {
                out.elements().appendFrom(arrays.elements(), order[i]);
            }
            out.endRow();
        }
        return out;
    }

    /** 1 when any (or every) element of the row's array is non-zero; an empty array has none, and all of them. */
    private static Vector anyOrAll(final Vector array, final int rows, final DataType result, final boolean any)
    {
        final ArrayVector arrays = (ArrayVector)array;
        final long[] elements = ((LongVector)arrays.elements()).values();
        final LongVector out = (LongVector)Vector.create(result, rows);
        for (int r = 0; r < rows; r++)
        {
            boolean answer = !any;
            for (int i = arrays.start(r), end = i + arrays.length(r); i < end && answer != any; i++)
            {
                answer = elements[i] != 0;
            }
            out.append(answer ? 1 : 0);
        }
        return out;
    }
}
