package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.stream.StreamStore;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;
import io.muon.sql.plan.LogicalPlan;
import io.muon.sql.plan.QueryPlan;
import io.muon.sql.plan.TypedExpr;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs bounded queries: turns a {@link QueryPlan}'s logical plan into a tree of pull {@link Operator}s over column
 * vectors and drains it. One instance per query.
 */
public final class QueryExecutor
{
    private final StreamStore store;
    private final QueryContext context;
    private final ExpressionCompiler compiler;

    public QueryExecutor(final StreamStore store, final QueryContext context)
    {
        this.store = store;
        this.context = context;
        this.compiler = new ExpressionCompiler(this::materialize);
    }

    /** The whole result of a bounded query as one batch (at most {@code max_result_rows} rows, else Code 396). */
    public Batch materialize(final QueryPlan plan)
    {
        if (plan.streaming())
        {
            throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "Streaming queries run on the streaming engine, " +
                "which this build does not have yet; read the stream's history with table(...)");
        }
        final List<DataType> types = types(plan.root().output());
        try (Operator root = build(plan.root()))
        {
            final Batch all = Batch.of(types, Batch.DEFAULT_ROWS);
            Batch batch;
            while ((batch = root.next()) != null)
            {
                context.checkAlive();
                for (int c = 0; c < all.width(); c++)
                {
                    final Vector target = all.column(c);
                    target.ensureCapacity(target.size() + batch.rows());
                    for (int r = 0; r < batch.rows(); r++)
                    {
                        target.appendFrom(batch.column(c), r);
                    }
                }
                all.rows(all.rows() + batch.rows());
                if (context.maxResultRows() > 0 && all.rows() > context.maxResultRows())
                {
                    throw new MuonException(ErrorCodes.TOO_MANY_ROWS_OR_BYTES, "Limit for result exceeded, max rows: " +
                        context.maxResultRows() + " (max_result_rows)");
                }
            }
            return all;
        }
    }

    static List<DataType> types(final List<LogicalPlan.Column> columns)
    {
        final List<DataType> types = new ArrayList<>(columns.size());
        columns.forEach(c -> types.add(c.type()));
        return types;
    }

    private Evaluator[] compile(final List<? extends TypedExpr> expressions)
    {
        final Evaluator[] out = new Evaluator[expressions.size()];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = compiler.compile(expressions.get(i));
        }
        return out;
    }

    Operator build(final LogicalPlan node)
    {
        if (node instanceof LogicalPlan.StreamScan scan)
        {
            return new ScanOperator(store, scan.stream(), scan.output(), context);
        }
        if (node instanceof LogicalPlan.Numbers numbers)
        {
            // system.numbers is endless: a LIMIT above stops pulling, max_execution_time bounds the rest
            return new Operators.Numbers(numbers.output().get(0).type(), numbers.start(), numbers.count());
        }
        if (node instanceof LogicalPlan.SystemTable table)
        {
            return new Operators.Materialized(List.of(SystemTableRows.rows(table)));
        }
        if (node instanceof LogicalPlan.Filter filter)
        {
            return new Operators.Filter(build(filter.input()), compiler.compile(filter.predicate()));
        }
        if (node instanceof LogicalPlan.Project project)
        {
            return new Operators.Project(build(project.input()), compile(project.expressions()),
                types(project.output()));
        }
        if (node instanceof LogicalPlan.Limit limit)
        {
            return new Operators.Limit(build(limit.input()), limit.limit(), limit.offset());
        }
        if (node instanceof LogicalPlan.Sort sort)
        {
            final Evaluator[] keys = new Evaluator[sort.keys().size()];
            final boolean[] descending = new boolean[keys.length];
            final boolean[] nullsFirst = new boolean[keys.length];
            for (int i = 0; i < keys.length; i++)
            {
                keys[i] = compiler.compile(sort.keys().get(i).expression());
                descending[i] = sort.keys().get(i).descending();
                nullsFirst[i] = sort.keys().get(i).nullsFirst();
            }
            return new SortOperator(build(sort.input()), types(sort.input().output()), keys, descending, nullsFirst,
                sort.limit());
        }
        if (node instanceof LogicalPlan.Aggregate aggregate)
        {
            if (aggregate.emit() != null || aggregate.withTotals())
            {
                throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, aggregate.withTotals() ? "WITH TOTALS is not " +
                    "computed yet" : "Streaming aggregation runs on the streaming engine");
            }
            final int count = aggregate.aggregates().size();
            final Evaluator[][] arguments = new Evaluator[count][];
            final Evaluator[] conditions = new Evaluator[count];
            final Accumulators[] accumulators = new Accumulators[count];
            for (int a = 0; a < count; a++)
            {
                final TypedExpr.AggregateCall call = aggregate.aggregates().get(a);
                arguments[a] = compile(call.arguments());
                conditions[a] = call.condition() == null ? null : compiler.compile(call.condition());
                accumulators[a] = Accumulators.create(call);
            }
            final List<DataType> keyTypes = new ArrayList<>();
            aggregate.keys().forEach(k -> keyTypes.add(k.type()));
            return new AggregateOperator(build(aggregate.input()), compile(aggregate.keys()), keyTypes, arguments,
                conditions, accumulators, types(aggregate.output()), context.maxMemoryUsage());
        }
        if (node instanceof LogicalPlan.Distinct distinct)
        {
            final List<LogicalPlan.Column> columns = distinct.input().output();
            final List<TypedExpr> keys = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++)
            {
                keys.add(new TypedExpr.ColumnRef(i, columns.get(i).name(), columns.get(i).type()));
            }
            return new AggregateOperator(build(distinct.input()), compile(keys), types(columns), new Evaluator[0][],
                new Evaluator[0], new Accumulators[0], types(columns), context.maxMemoryUsage());
        }
        if (node instanceof LogicalPlan.Union union)
        {
            final List<Operator> inputs = new ArrayList<>();
            for (final LogicalPlan input : union.inputs())
            {
                inputs.add(build(input));
            }
            final Operator all = new Operators.Concat(inputs);
            if (union.all())
            {
                return all;
            }
            final List<TypedExpr> keys = new ArrayList<>();
            for (int i = 0; i < union.output().size(); i++)
            {
                keys.add(new TypedExpr.ColumnRef(i, union.output().get(i).name(), union.output().get(i).type()));
            }
            return new AggregateOperator(all, compile(keys), types(union.output()), new Evaluator[0][],
                new Evaluator[0], new Accumulators[0], types(union.output()), context.maxMemoryUsage());
        }
        throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "The query engine does not run " +
            node.getClass().getSimpleName() + " steps yet");
    }

    /** Rows of the {@code system.*} tables the engine fills itself. */
    static final class SystemTableRows
    {
        private SystemTableRows()
        {
        }

        static Batch rows(final LogicalPlan.SystemTable table)
        {
            if (table.name().equals("one"))
            {
                final LongVector dummy = (LongVector)Vector.create(table.output().get(0).type(), 1);
                dummy.append(0);
                return new Batch(new Vector[] {dummy}, 1);
            }
            throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "system." + table.name() +
                " is not filled by the query engine yet");
        }
    }
}
