package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.ArrayVector;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;
import io.muon.sql.plan.TypedExpr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A higher-order array function with a lambda ({@code array_map(x -> x * 2, arr)}, {@code array_filter},
 * {@code array_exists}, {@code array_sort(x -> -x, arr)}…). The lambda's body is compiled once as an ordinary
 * expression over an "element batch": one row per array element, holding the elements of each array argument as the
 * lambda's parameters and, gathered per element, the outer columns the body reads. Each batch is then one evaluation
 * of the body over all elements, followed by the function's per-row combination of the results (a filter, a count,
 * a sort, a fill of the rejected elements, a split into parts...). Owned by the thread that evaluates the query.
 */
final class HigherOrderEvaluator implements Evaluator
{
    private final String function;
    private final Evaluator body;
    private final Evaluator[] arrays;
    private final int[] outerColumns;
    private final DataType result;
    private final DataType bodyType;
    /** arrayFill's scratch: the position each element of a row takes its value from. */
    private int[] sources = new int[16];

    HigherOrderEvaluator(final ExpressionCompiler compiler, final TypedExpr.Call call)
    {
        this.function = call.function();
        this.result = call.type();
        final TypedExpr.Lambda lambda = (TypedExpr.Lambda)call.arguments().get(0);
        this.bodyType = lambda.body().type();
        final Map<Integer, Integer> outer = new LinkedHashMap<>();
        collectColumns(lambda.body(), outer);
        outerColumns = new int[outer.size()];
        int i = 0;
        for (final Map.Entry<Integer, Integer> entry : outer.entrySet())
        {
            outerColumns[i++] = entry.getKey();
        }
        this.body = compiler.compile(rewrite(lambda.body(), 0, outer, outer.size()));
        final int arrayCount = call.arguments().size() - 1;
        if (arrayCount != lambda.parameters().size())
        {
            throw new MuonException(ErrorCodes.NUMBER_OF_ARGUMENTS_DOESNT_MATCH, "Lambda of " + function + " takes " +
                lambda.parameters().size() + " parameters but " + arrayCount + " arrays were passed");
        }
        arrays = new Evaluator[arrayCount];
        for (int a = 0; a < arrayCount; a++)
        {
            arrays[a] = compiler.compile(call.arguments().get(a + 1));
        }
    }

    /** Numbers the outer columns the body reads (in order of first use). */
    static void collectColumns(final TypedExpr expr, final Map<Integer, Integer> outer)
    {
        if (expr instanceof TypedExpr.ColumnRef ref)
        {
            outer.putIfAbsent(ref.index(), outer.size());
        }
        else if (expr instanceof TypedExpr.Call call)
        {
            call.arguments().forEach(a -> collectColumns(a, outer));
        }
        else if (expr instanceof TypedExpr.Lambda lambda)
        {
            collectColumns(lambda.body(), outer);
        }
    }

    /** Outer column i → its slot in the element batch; this lambda's parameter k → slot {@code params + k}. */
    static TypedExpr rewrite(final TypedExpr expr, final int level, final Map<Integer, Integer> outer,
        final int params)
    {
        if (expr instanceof TypedExpr.ColumnRef ref)
        {
            return new TypedExpr.ColumnRef(outer.get(ref.index()), ref.name(), ref.type());
        }
        if (expr instanceof TypedExpr.LambdaParameter parameter)
        {
            if (parameter.depth() == level)
            {
                return new TypedExpr.ColumnRef(params + parameter.index(), parameter.name(), parameter.type());
            }
            return parameter.depth() > level ? new TypedExpr.LambdaParameter(parameter.depth() - 1,
                parameter.index(), parameter.name(), parameter.type()) : parameter;
        }
        if (expr instanceof TypedExpr.Call call)
        {
            final List<TypedExpr> arguments = new ArrayList<>();
            call.arguments().forEach(a -> arguments.add(rewrite(a, level, outer, params)));
            return new TypedExpr.Call(call.function(), arguments, call.type());
        }
        if (expr instanceof TypedExpr.Lambda lambda)
        {
            return new TypedExpr.Lambda(lambda.parameters(), lambda.parameterTypes(),
                rewrite(lambda.body(), level + 1, outer, params));
        }
        return expr;
    }

    @Override
    public Vector evaluate(final Batch input)
    {
        final int rows = input.rows();
        final ArrayVector[] values = new ArrayVector[arrays.length];
        for (int a = 0; a < arrays.length; a++)
        {
            values[a] = (ArrayVector)arrays[a].evaluate(input);
        }
        final ArrayVector first = values[0];
        int elements = 0;
        for (int r = 0; r < rows; r++)
        {
            for (int a = 1; a < values.length; a++)
            {
                if (values[a].length(r) != first.length(r))
                {
                    throw new MuonException(ErrorCodes.SIZES_OF_ARRAYS_DONT_MATCH, "Arrays passed to " + function +
                        " must have equal size");
                }
            }
            elements += first.isNull(r) ? 0 : first.length(r);
        }
        final int[] owner = new int[elements];
        final int[][] positions = new int[values.length][elements];
        int e = 0;
        for (int r = 0; r < rows; r++)
        {
            final int length = first.isNull(r) ? 0 : first.length(r);
            for (int j = 0; j < length; j++, e++)
            {
                owner[e] = r;
                for (int a = 0; a < values.length; a++)
                {
                    positions[a][e] = values[a].start(r) + j;
                }
            }
        }
        final Vector[] columns = new Vector[outerColumns.length + values.length];
        for (int c = 0; c < outerColumns.length; c++)
        {
            columns[c] = input.column(outerColumns[c]).gather(owner, elements);
        }
        for (int a = 0; a < values.length; a++)
        {
            columns[outerColumns.length + a] = values[a].elements().gather(positions[a], elements);
        }
        final Vector mapped = elements == 0 ? Vector.create(bodyType, 0) :
            body.evaluate(new Batch(columns, elements));
        return combine(first, positions[0], mapped, rows);
    }

    private static boolean truthy(final Vector v, final int i)
    {
        return !v.isNull(i) && Scalars.getDouble(v, i) != 0;
    }

    private Vector combine(final ArrayVector first, final int[] positions, final Vector mapped, final int rows)
    {
        final Vector out = Vector.create(result, rows);
        int e = 0;
        for (int r = 0; r < rows; r++)
        {
            final int length = first.isNull(r) ? 0 : first.length(r);
            final int from = e;
            e += length;
            switch (function)
            {
                case "array_map" ->
                {
                    final ArrayVector arrays = (ArrayVector)out;
                    for (int i = from; i < e; i++)
                    {
                        arrays.elements().appendFrom(mapped, i);
                    }
                    arrays.endRow();
                }
                case "array_filter" ->
                {
                    final ArrayVector arrays = (ArrayVector)out;
                    for (int i = from; i < e; i++)
                    {
                        if (truthy(mapped, i))
                        {
                            arrays.elements().appendFrom(first.elements(), positions[i]);
                        }
                    }
                    arrays.endRow();
                }
                case "array_exists", "array_all", "array_count" ->
                {
                    long count = 0;
                    for (int i = from; i < e; i++)
                    {
                        count += truthy(mapped, i) ? 1 : 0;
                    }
                    ((LongVector)out).append(function.equals("array_count") ? count :
                        function.equals("array_exists") ? (count > 0 ? 1 : 0) : (count == length ? 1 : 0));
                }
                case "array_first", "array_last", "array_first_or_null", "array_last_or_null", "array_first_index",
                    "array_last_index" ->
                {
                    final boolean last = function.startsWith("array_last");
                    int found = -1;
                    for (int k = 0; k < length && (found < 0 || last); k++)
                    {
                        if (truthy(mapped, from + k))
                        {
                            found = k;
                        }
                    }
                    if (function.endsWith("_index"))
                    {
                        ((LongVector)out).append(found + 1);
                    }
                    else if (found < 0)
                    {
                        out.appendNull();
                    }
                    else
                    {
                        out.appendFrom(first.elements(), positions[from + found]);
                    }
                }
                case "array_sort", "array_reverse_sort" ->
                {
                    final int[] order = new int[length];
                    for (int k = 0; k < length; k++)
                    {
                        order[k] = from + k;
                    }
                    final boolean reverse = function.equals("array_reverse_sort");
                    SortOperator.IntSort.sort(order, length, (x, y) ->
                    {
                        final boolean xn = mapped.isNull(x);
                        final boolean yn = mapped.isNull(y);
                        if (xn || yn)
                        {
                            return xn == yn ? 0 : xn ? 1 : -1;
                        }
                        final int c = mapped.compareAt(x, mapped, y);
                        return reverse ? -c : c;
                    });
                    final ArrayVector arrays = (ArrayVector)out;
                    for (final int i : order)
                    {
                        arrays.elements().appendFrom(first.elements(), positions[i]);
                    }
                    arrays.endRow();
                }
                case "array_fill", "array_reverse_fill" -> fill(first, positions, mapped, from, length, (ArrayVector)out);
                case "array_split", "array_reverse_split" ->
                    split(first, positions, mapped, from, length, (ArrayVector)out);
                case "array_sum", "array_avg", "array_min", "array_max", "array_product", "array_cum_sum" ->
                    ArrayScalars.fold(function, mapped, from, e, out);
                default -> throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "Function " + function +
                    " with a lambda is known but the query engine does not evaluate it yet");
            }
        }
        return out;
    }

    /**
     * arrayFill: each element for which the lambda gives 0 is replaced by the element before it (after that one's own
     * replacement), the first one never; arrayReverseFill scans from the end and uses the element after it.
     */
    private void fill(final ArrayVector first, final int[] positions, final Vector mapped, final int from,
        final int length, final ArrayVector out)
    {
        if (sources.length < length)
        {
            sources = new int[Math.max(length, sources.length * 2)];
        }
        final boolean reverse = function.equals("array_reverse_fill");
        int source = -1;
        for (int step = 0; step < length; step++)
        {
            final int k = reverse ? length - 1 - step : step;
            if (step == 0 || truthy(mapped, from + k))
            {
                source = k;
            }
            sources[k] = source;
        }
        for (int k = 0; k < length; k++)
        {
            out.elements().appendFrom(first.elements(), positions[from + sources[k]]);
        }
        out.endRow();
    }

    /**
     * arraySplit: a new part starts before each element (but the first) for which the lambda gives non-zero;
     * arrayReverseSplit ends a part after each such element (but the last). An empty array has no parts.
     */
    private void split(final ArrayVector first, final int[] positions, final Vector mapped, final int from,
        final int length, final ArrayVector out)
    {
        final ArrayVector parts = (ArrayVector)out.elements();
        final boolean reverse = function.equals("array_reverse_split");
        for (int k = 0; k < length; k++)
        {
            if (!reverse && k > 0 && truthy(mapped, from + k))
            {
                parts.endRow();
            }
            parts.elements().appendFrom(first.elements(), positions[from + k]);
            if (reverse && k < length - 1 && truthy(mapped, from + k))
            {
                parts.endRow();
            }
        }
        if (length > 0)
        {
            parts.endRow();
        }
        out.endRow();
    }

    static boolean hasLambda(final TypedExpr.Call call)
    {
        return !call.arguments().isEmpty() && call.arguments().get(0) instanceof TypedExpr.Lambda;
    }
}
