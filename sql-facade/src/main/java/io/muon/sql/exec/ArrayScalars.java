package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.ArrayVector;
import io.muon.kernel.vector.DoubleVector;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.TupleVector;
import io.muon.kernel.vector.Vector;

/**
 * Vectorized bodies of the array and map functions without lambdas (those with a lambda run in {@link
 * HigherOrderEvaluator}), with ClickHouse's semantics: 1-based positions, negative offsets from the end, NULL equal to
 * NULL when searching, empty arrays giving 0 or NaN as ClickHouse does. A Map is an array of (key, value) tuples.
 */
final class ArrayScalars
{
    private static final int MAX_RANGE_ELEMENTS = 500_000_000;

    private ArrayScalars()
    {
    }

    static void register()
    {
        Scalars.register(ArrayScalars::range, "range");
        Scalars.register((a, rows, result, nulls) -> search(a, rows, result, 0), "has");
        Scalars.register((a, rows, result, nulls) -> search(a, rows, result, 1), "index_of");
        Scalars.register((a, rows, result, nulls) -> search(a, rows, result, 2), "count_equal");
        Scalars.register((a, rows, result, nulls) -> hasAllOrAny(a, rows, result, true), "has_all");
        Scalars.register((a, rows, result, nulls) -> hasAllOrAny(a, rows, result, false), "has_any");
        Scalars.register(ArrayScalars::concat, "array_concat");
        Scalars.register(ArrayScalars::slice, "array_slice");
        Scalars.register((a, rows, result, nulls) -> push(a, rows, result, true), "array_push_back");
        Scalars.register((a, rows, result, nulls) -> push(a, rows, result, false), "array_push_front");
        Scalars.register((a, rows, result, nulls) -> reshape(a[0], rows, result, "pop_back"), "array_pop_back");
        Scalars.register((a, rows, result, nulls) -> reshape(a[0], rows, result, "pop_front"), "array_pop_front");
        Scalars.register((a, rows, result, nulls) -> reshape(a[0], rows, result, "reverse"), "array_reverse");
        Scalars.register((a, rows, result, nulls) -> reshape(a[0], rows, result, "distinct"), "array_distinct");
        Scalars.register((a, rows, result, nulls) -> reshape(a[0], rows, result, "compact"), "array_compact");
        Scalars.register((a, rows, result, nulls) -> reshape(a[0], rows, result, "sort"), "array_sort");
        Scalars.register((a, rows, result, nulls) -> reshape(a[0], rows, result, "reverse_sort"),
            "array_reverse_sort");
        Scalars.register(ArrayScalars::uniq, "array_uniq");
        Scalars.register(ArrayScalars::enumerate, "array_enumerate");
        Scalars.register(ArrayScalars::enumerateUniq, "array_enumerate_uniq");
        Scalars.register(ArrayScalars::difference, "array_difference");
        Scalars.register(ArrayScalars::withConstant, "array_with_constant");
        Scalars.register((a, rows, result, nulls) ->
        {
            final ArrayVector out = (ArrayVector)Vector.create(result, rows);
            for (int r = 0; r < rows; r++)
            {
                out.endRow();
            }
            return out;
        }, "empty_array_string");
        for (final String name : new String[] {"array_sum", "array_avg", "array_min", "array_max", "array_product",
            "array_cum_sum", "array_count"})
        {
            Scalars.register((a, rows, result, nulls) ->
            {
                final ArrayVector array = (ArrayVector)a[0];
                final Vector out = Vector.create(result, rows);
                for (int r = 0; r < rows; r++)
                {
                    fold(name, array.elements(), array.start(r), array.start(r) + array.length(r), out);
                }
                return out;
            }, name);
        }
        Scalars.register(ArrayScalars::map, "map");
        Scalars.register((a, rows, result, nulls) -> mapPart(a[0], rows, result, 0), "map_keys");
        Scalars.register((a, rows, result, nulls) -> mapPart(a[0], rows, result, 1), "map_values");
        Scalars.register(ArrayScalars::mapContains, "map_contains");
        Scalars.register(ArrayScalars::mapFromArrays, "map_from_arrays");
    }

    private static ArrayVector array(final Vector v)
    {
        return (ArrayVector)v;
    }

    /** {@code value} converted to {@code type} (NULLs kept when the target is Nullable). */
    static Vector as(final Vector value, final int rows, final DataType type)
    {
        return value.type().equals(type) ? value : Conversions.convert(value, rows, type, Conversions.Mode.CAST);
    }

    /**
     * Folds elements {@code [from, to)} of {@code values} into one value appended to {@code out}: sum, avg (NaN when
     * empty), min/max (0 when empty), product, count of non-zero elements, or the running sums (an array).
     */
    static void fold(final String function, final Vector values, final int from, final int to, final Vector out)
    {
        switch (function)
        {
            case "array_min", "array_max" ->
            {
                int best = -1;
                for (int i = from; i < to; i++)
                {
                    if (!values.isNull(i) && (best < 0 || (function.equals("array_min") ?
                        values.compareAt(i, values, best) < 0 : values.compareAt(i, values, best) > 0)))
                    {
                        best = i;
                    }
                }
                if (best < 0)
                {
                    out.appendNull();
                }
                else
                {
                    final Vector one = Vector.create(values.type(), 1);
                    one.appendFrom(values, best);
                    out.appendFrom(as(one, 1, out.type()), 0);
                }
            }
            case "array_count" ->
            {
                long count = 0;
                for (int i = from; i < to; i++)
                {
                    count += !values.isNull(i) && Scalars.getDouble(values, i) != 0 ? 1 : 0;
                }
                ((LongVector)out).append(count);
            }
            case "array_cum_sum" ->
            {
                final ArrayVector arrays = (ArrayVector)out;
                long longSum = 0;
                double doubleSum = 0;
                for (int i = from; i < to; i++)
                {
                    if (arrays.elements() instanceof DoubleVector d)
                    {
                        doubleSum += values.isNull(i) ? 0 : Scalars.getDouble(values, i);
                        d.append(doubleSum);
                    }
                    else
                    {
                        longSum += values.isNull(i) ? 0 : Scalars.getLong(values, i);
                        ((LongVector)arrays.elements()).append(longSum);
                    }
                }
                arrays.endRow();
            }
            default ->
            {
                double doubleSum = function.equals("array_product") ? 1 : 0;
                long longSum = 0;
                int count = 0;
                for (int i = from; i < to; i++)
                {
                    if (values.isNull(i))
                    {
                        continue;
                    }
                    count++;
                    if (function.equals("array_product"))
                    {
                        doubleSum *= Scalars.getDouble(values, i);
                    }
                    else if (out instanceof LongVector)
                    {
                        longSum += Scalars.getLong(values, i);
                    }
                    else
                    {
                        doubleSum += Scalars.getDouble(values, i);
                    }
                }
                if (function.equals("array_avg"))
                {
                    ((DoubleVector)out).append(count == 0 ? Double.NaN : doubleSum / count);
                }
                else if (out instanceof LongVector l)
                {
                    l.append(function.equals("array_product") ? (long)doubleSum : longSum);
                }
                else
                {
                    ((DoubleVector)out).append(doubleSum);
                }
            }
        }
    }

    private static Vector range(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final ArrayVector out = (ArrayVector)Vector.create(result, rows);
        final LongVector elements = (LongVector)out.elements();
        long total = 0;
        for (int r = 0; r < rows; r++)
        {
            final boolean isNull = nulls != null && nulls[r];
            final long start = a.length == 1 || isNull ? 0 : Scalars.getLong(a[0], r);
            final long end = isNull ? 0 : Scalars.getLong(a[a.length == 1 ? 0 : 1], r);
            final long step = a.length == 3 && !isNull ? Scalars.getLong(a[2], r) : 1;
            if (step <= 0)
            {
                throw new MuonException(ErrorCodes.ARGUMENT_OUT_OF_BOUND, "A call to function range would produce " +
                    "an endless array: the step must be positive, got " + step);
            }
            total += Math.max(0, (end - start + step - 1) / step);
            if (total > MAX_RANGE_ELEMENTS)
            {
                throw new MuonException(ErrorCodes.ARGUMENT_OUT_OF_BOUND, "A call to function range would produce " +
                    total + " array elements, which is greater than the allowed maximum of " + MAX_RANGE_ELEMENTS);
            }
            for (long v = start; v < end; v += step)
            {
                elements.append(v);
            }
            out.endRow();
        }
        return out;
    }

    /** has (0), index_of (1: 1-based position or 0), count_equal (2). */
    private static Vector search(final Vector[] a, final int rows, final DataType result, final int mode)
    {
        final ArrayVector array = array(a[0]);
        final Vector elements = array.elements();
        final Vector needle = as(a[1], rows, io.muon.sql.function.TypeRules.nullable(elements.type()));
        final Vector haystack = as(elements, elements.size(), needle.type());
        final LongVector out = (LongVector)Vector.create(result, rows);
        for (int r = 0; r < rows; r++)
        {
            long answer = 0;
            for (int i = array.start(r), k = 1; i < array.start(r) + array.length(r); i++, k++)
            {
                if (haystack.equalsAt(i, needle, r))
                {
                    if (mode == 2)
                    {
                        answer++;
                        continue;
                    }
                    answer = mode == 0 ? 1 : k;
                    break;
                }
            }
            out.append(answer);
        }
        return out;
    }

    private static Vector hasAllOrAny(final Vector[] a, final int rows, final DataType result, final boolean all)
    {
        final ArrayVector set = array(a[0]);
        final ArrayVector subset = array(a[1]);
        final DataType common = io.muon.sql.function.TypeRules.leastSupertype(java.util.List.of(
            set.elements().type(), subset.elements().type()));
        final Vector setElements = as(set.elements(), set.elements().size(), common);
        final Vector subsetElements = as(subset.elements(), subset.elements().size(), common);
        final LongVector out = (LongVector)Vector.create(result, rows);
        for (int r = 0; r < rows; r++)
        {
            boolean answer = all;
            for (int j = subset.start(r); j < subset.start(r) + subset.length(r); j++)
            {
                boolean found = false;
                for (int i = set.start(r); i < set.start(r) + set.length(r) && !found; i++)
                {
                    found = setElements.equalsAt(i, subsetElements, j);
                }
                if (found != all)
                {
                    answer = !all;
                    break;
                }
            }
            out.append(answer ? 1 : 0);
        }
        return out;
    }

    private static Vector concat(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final ArrayVector out = (ArrayVector)Vector.create(result, rows);
        final ArrayVector[] inputs = new ArrayVector[a.length];
        for (int i = 0; i < a.length; i++)
        {
            inputs[i] = array(as(a[i], rows, result));
        }
        for (int r = 0; r < rows; r++)
        {
            for (final ArrayVector input : inputs)
            {
                for (int i = input.start(r); i < input.start(r) + input.length(r); i++)
                {
                    out.elements().appendFrom(input.elements(), i);
                }
            }
            out.endRow();
        }
        return out;
    }

    private static Vector slice(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final ArrayVector array = array(a[0]);
        final ArrayVector out = (ArrayVector)Vector.create(result, rows);
        for (int r = 0; r < rows; r++)
        {
            final int length = array.length(r);
            final long offset = Scalars.getLong(a[1], r);
            long from = offset > 0 ? offset - 1 : offset < 0 ? length + offset : length;
            if (offset == 0)
            {
                // ClickHouse: offset 0 gives an empty array
                from = length;
            }
            long to = length;
            if (a.length > 2 && !a[2].isNull(r))
            {
                final long count = Scalars.getLong(a[2], r);
                to = count >= 0 ? from + count : length + count;
            }
            from = Math.max(0, from);
            to = Math.min(length, to);
            for (long i = from; i < to; i++)
            {
                out.elements().appendFrom(array.elements(), array.start(r) + (int)i);
            }
            out.endRow();
        }
        return out;
    }

    private static Vector push(final Vector[] a, final int rows, final DataType result, final boolean back)
    {
        final ArrayVector array = array(as(a[0], rows, result));
        final Vector value = as(a[1], rows, result.unwrapped().element(0));
        final ArrayVector out = (ArrayVector)Vector.create(result, rows);
        for (int r = 0; r < rows; r++)
        {
            if (!back)
            {
                out.elements().appendFrom(value, r);
            }
            for (int i = array.start(r); i < array.start(r) + array.length(r); i++)
            {
                out.elements().appendFrom(array.elements(), i);
            }
            if (back)
            {
                out.elements().appendFrom(value, r);
            }
            out.endRow();
        }
        return out;
    }

    /** Functions that rearrange each array's own elements. */
    private static Vector reshape(final Vector input, final int rows, final DataType result, final String how)
    {
        final ArrayVector array = array(input);
        final Vector elements = array.elements();
        final ArrayVector out = (ArrayVector)Vector.create(result, rows);
        for (int r = 0; r < rows; r++)
        {
            final int start = array.start(r);
            final int length = array.length(r);
            switch (how)
            {
                case "pop_back" -> copy(elements, start, start + Math.max(0, length - 1), out);
                case "pop_front" -> copy(elements, Math.min(start + 1, start + length), start + length, out);
                case "reverse" ->
                {
                    for (int i = start + length - 1; i >= start; i--)
                    {
                        out.elements().appendFrom(elements, i);
                    }
                }
                case "distinct", "compact" ->
                {
                    final boolean distinct = how.equals("distinct");
                    final int first = out.elements().size();
                    for (int i = start; i < start + length; i++)
                    {
                        if (distinct && elements.isNull(i))
                        {
                            continue;
                        }
                        boolean seen = false;
                        if (distinct)
                        {
                            for (int j = first; j < out.elements().size() && !seen; j++)
                            {
                                seen = out.elements().equalsAt(j, elements, i);
                            }
                        }
                        else
                        {
                            seen = i > start && elements.equalsAt(i, elements, i - 1);
                        }
                        if (!seen)
                        {
                            out.elements().appendFrom(elements, i);
                        }
                    }
                }
                default ->
                {
                    final int[] order = new int[length];
                    for (int k = 0; k < length; k++)
                    {
                        order[k] = start + k;
                    }
                    final boolean reverse = how.equals("reverse_sort");
                    SortOperator.IntSort.sort(order, length, (x, y) ->
                    {
                        final boolean xn = elements.isNull(x);
                        final boolean yn = elements.isNull(y);
                        if (xn || yn)
                        {
                            return xn == yn ? 0 : xn ? 1 : -1;
                        }
                        final int c = elements.compareAt(x, elements, y);
                        return reverse ? -c : c;
                    });
                    for (final int i : order)
                    {
                        out.elements().appendFrom(elements, i);
                    }
                }
            }
            out.endRow();
        }
        return out;
    }

    private static void copy(final Vector elements, final int from, final int to, final ArrayVector out)
    {
        for (int i = from; i < to; i++)
        {
            out.elements().appendFrom(elements, i);
        }
    }

    private static Vector uniq(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final Vector distinct = reshape(a[0], rows, ((ArrayVector)a[0]).type(), "distinct");
        final LongVector out = (LongVector)Vector.create(result, rows);
        for (int r = 0; r < rows; r++)
        {
            out.append(((ArrayVector)distinct).length(r));
        }
        return out;
    }

    private static Vector enumerate(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final ArrayVector array = array(a[0]);
        final ArrayVector out = (ArrayVector)Vector.create(result, rows);
        for (int r = 0; r < rows; r++)
        {
            for (int k = 1; k <= array.length(r); k++)
            {
                ((LongVector)out.elements()).append(k);
            }
            out.endRow();
        }
        return out;
    }

    /** array_enumerate_uniq(arr): for each element, how many times its value has appeared so far (1-based). */
    private static Vector enumerateUniq(final Vector[] a, final int rows, final DataType result,
        final boolean[] nulls)
    {
        final ArrayVector array = array(a[0]);
        final Vector elements = array.elements();
        final ArrayVector out = (ArrayVector)Vector.create(result, rows);
        for (int r = 0; r < rows; r++)
        {
            final int start = array.start(r);
            for (int i = start; i < start + array.length(r); i++)
            {
                long seen = 1;
                for (int j = start; j < i; j++)
                {
                    seen += elements.equalsAt(j, elements, i) ? 1 : 0;
                }
                ((LongVector)out.elements()).append(seen);
            }
            out.endRow();
        }
        return out;
    }

    private static Vector difference(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final ArrayVector array = array(a[0]);
        final Vector elements = array.elements();
        final ArrayVector out = (ArrayVector)Vector.create(result, rows);
        for (int r = 0; r < rows; r++)
        {
            for (int i = array.start(r); i < array.start(r) + array.length(r); i++)
            {
                if (out.elements() instanceof DoubleVector d)
                {
                    d.append(i == array.start(r) ? 0 : Scalars.getDouble(elements, i) -
                        Scalars.getDouble(elements, i - 1));
                }
                else
                {
                    ((LongVector)out.elements()).append(i == array.start(r) ? 0 : Scalars.getLong(elements, i) -
                        Scalars.getLong(elements, i - 1));
                }
            }
            out.endRow();
        }
        return out;
    }

    private static Vector withConstant(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final ArrayVector out = (ArrayVector)Vector.create(result, rows);
        final Vector value = as(a[1], rows, result.unwrapped().element(0));
        for (int r = 0; r < rows; r++)
        {
            final long n = nulls != null && nulls[r] ? 0 : Scalars.getLong(a[0], r);
            if (n > MAX_RANGE_ELEMENTS)
            {
                throw new MuonException(ErrorCodes.ARGUMENT_OUT_OF_BOUND, "Too large array size " + n +
                    " in array_with_constant");
            }
            for (long i = 0; i < n; i++)
            {
                out.elements().appendFrom(value, r);
            }
            out.endRow();
        }
        return out;
    }

    /** map(k1, v1, k2, v2, …): an array of (key, value) tuples; a later equal key replaces nothing (as ClickHouse). */
    private static Vector map(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        if (a.length % 2 != 0)
        {
            throw new MuonException(ErrorCodes.NUMBER_OF_ARGUMENTS_DOESNT_MATCH, "Function map requires an even " +
                "number of arguments, got " + a.length);
        }
        final ArrayVector out = (ArrayVector)Vector.create(result, rows);
        final TupleVector entries = (TupleVector)out.elements();
        final DataType keyType = entries.field(0).type();
        final DataType valueType = entries.field(1).type();
        final Vector[] keys = new Vector[a.length / 2];
        final Vector[] values = new Vector[a.length / 2];
        for (int i = 0; i < keys.length; i++)
        {
            keys[i] = as(a[2 * i], rows, keyType);
            values[i] = as(a[2 * i + 1], rows, valueType);
        }
        for (int r = 0; r < rows; r++)
        {
            for (int i = 0; i < keys.length; i++)
            {
                entries.field(0).appendFrom(keys[i], r);
                entries.field(1).appendFrom(values[i], r);
                entries.endRow();
            }
            out.endRow();
        }
        return out;
    }

    private static Vector mapPart(final Vector input, final int rows, final DataType result, final int field)
    {
        final ArrayVector map = array(input);
        final Vector part = ((TupleVector)map.elements()).field(field);
        final ArrayVector out = (ArrayVector)Vector.create(result, rows);
        for (int r = 0; r < rows; r++)
        {
            copy(part, map.start(r), map.start(r) + map.length(r), out);
            out.endRow();
        }
        return out;
    }

    private static Vector mapContains(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final ArrayVector map = array(a[0]);
        final Vector keys = ((TupleVector)map.elements()).field(0);
        final Vector key = as(a[1], rows, keys.type());
        final LongVector out = (LongVector)Vector.create(result, rows);
        for (int r = 0; r < rows; r++)
        {
            boolean found = false;
            for (int i = map.start(r); i < map.start(r) + map.length(r) && !found; i++)
            {
                found = keys.equalsAt(i, key, r);
            }
            out.append(found ? 1 : 0);
        }
        return out;
    }

    private static Vector mapFromArrays(final Vector[] a, final int rows, final DataType result,
        final boolean[] nulls)
    {
        final ArrayVector out = (ArrayVector)Vector.create(result, rows);
        final TupleVector entries = (TupleVector)out.elements();
        final ArrayVector keys = array(as(a[0], rows, DataType.array(entries.field(0).type())));
        final ArrayVector values = array(as(a[1], rows, DataType.array(entries.field(1).type())));
        for (int r = 0; r < rows; r++)
        {
            if (keys.length(r) != values.length(r))
            {
                throw new MuonException(ErrorCodes.SIZES_OF_ARRAYS_DONT_MATCH, "Function map_from_arrays needs " +
                    "arrays of equal size, got " + keys.length(r) + " keys and " + values.length(r) + " values");
            }
            for (int i = 0; i < keys.length(r); i++)
            {
                entries.field(0).appendFrom(keys.elements(), keys.start(r) + i);
                entries.field(1).appendFrom(values.elements(), values.start(r) + i);
                entries.endRow();
            }
            out.endRow();
        }
        return out;
    }
}
