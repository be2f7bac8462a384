package io.muon.sql.exec;

import io.muon.kernel.part.DataPart;
import io.muon.kernel.part.StorageLayout;
import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeId;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.DoubleVector;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;
import io.muon.sql.plan.TypedExpr;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Which parts and granules of a stream a filter can match, from the indexes parts carry: the min-max index of each
 * partition-key column ({@code minmax_<column>.idx}) drops whole parts, and the primary index ({@code primary.idx},
 * each granule's first sort key) drops granules when the sort key starts with a plain column. Only conjuncts of the
 * form {@code column <op> constant} (op one of = < <= > >=, either side) are used; everything else keeps every
 * granule, so pruning never drops a row the filter would keep. A bound is checked with the query engine's own
 * comparison, so it agrees with the filter on every type conversion. Owned by one scan.
 */
final class PartPruning
{
    /** Types whose index order is the comparison order (NaN and NULL bounds are treated as unknown). */
    private static final Set<TypeId> ORDERED = EnumSet.of(TypeId.INT8, TypeId.INT16, TypeId.INT32, TypeId.INT64,
        TypeId.UINT8, TypeId.UINT16, TypeId.UINT32, TypeId.UINT64, TypeId.FLOAT32, TypeId.FLOAT64, TypeId.DECIMAL,
        TypeId.STRING, TypeId.FIXED_STRING, TypeId.DATE, TypeId.DATE32, TypeId.DATETIME, TypeId.DATETIME64);

    /**
     * One conjunct {@code column op constant}: {@code low} tells for a vector of values whether a range starting
     * there can hold a match (null: any start can), {@code high} the same for a range ending there.
     */
    private record Bound(int column, String name, DataType type, Evaluator low, Evaluator high)
    {
    }

    private final List<Bound> bounds;
    private final StorageLayout layout;

    private PartPruning(final List<Bound> bounds, final StorageLayout layout)
    {
        this.bounds = bounds;
        this.layout = layout;
    }

    /**
     * The pruning a filter allows, or null when it bounds no indexed column.
     *
     * @param predicate  the filter over the scan's output
     * @param partColumn for each output column, the part column it reads (-1: none)
     * @param names      the part's column names (the stream's columns, then {@code _tp_sn})
     * @param types      their types
     */
    static PartPruning of(final TypedExpr predicate, final int[] partColumn, final List<String> names,
        final List<DataType> types, final StorageLayout layout, final ExpressionCompiler compiler)
    {
        final List<Integer> indexed = new ArrayList<>(layout.partitionColumns());
        if (layout.sortKeyColumn() >= 0)
        {
            indexed.add(layout.sortKeyColumn());
        }
        final List<Bound> bounds = new ArrayList<>();
        for (final TypedExpr conjunct : conjuncts(predicate, new ArrayList<>()))
        {
            if (!(conjunct instanceof TypedExpr.Call call) || call.arguments().size() != 2)
            {
                continue;
            }
            String op = call.function();
            TypedExpr column = call.arguments().get(0);
            TypedExpr constant = call.arguments().get(1);
            if (!(column instanceof TypedExpr.ColumnRef))
            {
                column = call.arguments().get(1);
                constant = call.arguments().get(0);
                op = flipped(op);
            }
            if (op == null || !(column instanceof TypedExpr.ColumnRef ref) || !constant(constant) ||
                ref.index() >= partColumn.length || partColumn[ref.index()] < 0)
            {
                continue;
            }
            final int part = partColumn[ref.index()];
            final DataType type = types.get(part);
            if (!indexed.contains(part) || !type.equals(ref.type()) || !ORDERED.contains(type.unwrapped().id()) ||
                type.id() == TypeId.LOW_CARDINALITY)
            {
                continue;
            }
            final TypedExpr value = new TypedExpr.ColumnRef(0, ref.name(), type);
            final String low = switch (op)
            {
                case "less", "less_or_equals" -> op;
                case "equals" -> "less_or_equals";
                default -> null;
            };
            final String high = switch (op)
            {
                case "greater", "greater_or_equals" -> op;
                case "equals" -> "greater_or_equals";
                default -> null;
            };
            bounds.add(new Bound(part, names.get(part), type,
                low == null ? null : compiler.compile(new TypedExpr.Call(low, List.of(value, constant), call.type())),
                high == null ? null : compiler.compile(new TypedExpr.Call(high, List.of(value, constant),
                    call.type()))));
        }
        return bounds.isEmpty() ? null : new PartPruning(List.copyOf(bounds), layout);
    }

    private static List<TypedExpr> conjuncts(final TypedExpr predicate, final List<TypedExpr> out)
    {
        if (predicate instanceof TypedExpr.Call call && call.function().equals("and"))
        {
            call.arguments().forEach(argument -> conjuncts(argument, out));
        }
        else
        {
            out.add(predicate);
        }
        return out;
    }

    /** The comparison with its sides swapped, or null for anything else. */
    private static String flipped(final String op)
    {
        return switch (op)
        {
            case "equals" -> "equals";
            case "less" -> "greater";
            case "greater" -> "less";
            case "less_or_equals" -> "greater_or_equals";
            case "greater_or_equals" -> "less_or_equals";
            default -> null;
        };
    }

    /** Whether an expression has one value for the whole query (deterministic, reads no column). */
    private static boolean constant(final TypedExpr expr)
    {
        if (expr instanceof TypedExpr.Constant)
        {
            return true;
        }
        if (expr instanceof TypedExpr.Call call && !Scalars.isNonDeterministic(call.function()) &&
            !call.function().equals("array_join"))
        {
            for (final TypedExpr argument : call.arguments())
            {
                if (!constant(argument))
                {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** Whether the part can hold a matching row, judged by the min-max indexes of its partition-key columns. */
    boolean mayMatch(final DataPart part)
    {
        for (final Bound bound : bounds)
        {
            if (!layout.partitionColumns().contains(bound.column()) || !bound.type().equals(part.columnType(
                bound.name())))
            {
                continue;
            }
            final Vector minmax = part.minmax(bound.name(), bound.type());
            if (minmax.isNull(0) || minmax.isNull(1))
            {
                // every value is NULL: no comparison holds
                return false;
            }
            final Batch both = new Batch(new Vector[] {minmax}, 2);
            if (!holds(bound.low(), both, 0) || !holds(bound.high(), both, 1))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Which granules of the part can hold a matching row, judged by the primary index; null when the sort key's
     * column is not bounded (every granule).
     */
    boolean[] granules(final DataPart part)
    {
        final int key = layout.sortKeyColumn();
        boolean[] keep = null;
        for (final Bound bound : bounds)
        {
            if (bound.column() != key || !bound.type().equals(part.columnType(bound.name())))
            {
                continue;
            }
            final Vector first = part.primaryIndex(layout.sortKeyTypes())[0];
            final int granules = part.granules();
            if (keep == null)
            {
                keep = new boolean[granules];
                java.util.Arrays.fill(keep, true);
            }
            final Batch starts = new Batch(new Vector[] {first}, granules);
            final Vector low = bound.low() == null ? null : bound.low().evaluate(starts);
            final Vector high = bound.high() == null ? null : bound.high().evaluate(starts);
            for (int g = 0; g < granules; g++)
            {
                // granule g holds values from its first key to the next granule's first key (the last: unbounded)
                keep[g] &= possible(low, first, g) && (g + 1 == granules || possible(high, first, g + 1));
            }
        }
        return keep;
    }

    private static boolean holds(final Evaluator check, final Batch values, final int row)
    {
        return check == null || possible(check.evaluate(values), values.column(0), row);
    }

    /** Whether a check's result at {@code row} leaves a match possible: true, or unknown (NULL or NaN bound). */
    private static boolean possible(final Vector result, final Vector values, final int row)
    {
        if (result == null || values.isNull(row) || result.isNull(row))
        {
            return true;
        }
        if (values instanceof DoubleVector doubles && Double.isNaN(doubles.get(row)))
        {
            return true;
        }
        return ((LongVector)result).get(result.size() == 1 ? 0 : row) != 0;
    }
}
