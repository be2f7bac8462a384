package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.Vector;
import io.muon.sql.function.FunctionRegistry;
import io.muon.sql.function.FunctionSignature;
import io.muon.sql.plan.LogicalPlan;
import io.muon.sql.plan.QueryPlan;
import io.muon.sql.plan.TypedExpr;

import java.util.List;
import java.util.function.Function;

/**
 * Compiles {@link TypedExpr}s into {@link Evaluator}s: column references read the input batch, constants become
 * cached vectors, calls run the function's vectorized body from {@link Scalars}, with ClickHouse's default NULL
 * handling (any NULL argument gives NULL) for functions that do not handle NULLs themselves. Scalar subqueries are
 * run once, when compiled, through {@code subqueries}. Evaluators that hold memory off the heap (IN sets) belong to
 * the compiler: {@link #close()} frees them once the query that used them has ended.
 */
public final class ExpressionCompiler implements AutoCloseable
{
    private static final FunctionRegistry REGISTRY = FunctionRegistry.instance();

    private final Function<QueryPlan, Batch> subqueries;
    private final QueryEnvironment environment;
    private final List<GroupTable> owned = new java.util.ArrayList<>();

    /** Every {@link LookBack} evaluator compiled so far, in order. */
    private final java.util.List<LookBack> lookBacks = new java.util.ArrayList<>();

    /** The {@link LookBack} evaluators compiled after the first {@code from} of them. */
    public java.util.List<LookBack> lookBacksFrom(final int from)
    {
        return java.util.List.copyOf(lookBacks.subList(from, lookBacks.size()));
    }

    /** How many {@link LookBack} evaluators were compiled so far. */
    public int lookBackCount()
    {
        return lookBacks.size();
    }

    public ExpressionCompiler(final Function<QueryPlan, Batch> subqueries)
    {
        this(subqueries, QueryEnvironment.EMBEDDED);
    }

    public ExpressionCompiler(final Function<QueryPlan, Batch> subqueries, final QueryEnvironment environment)
    {
        this.subqueries = subqueries;
        this.environment = environment;
    }

    /** The value of a function that describes the server or session, or null for any other function. */
    private Object environmentValue(final String function)
    {
        return switch (function)
        {
            case "version" -> QueryEnvironment.VERSION;
            case "current_database" -> environment.database();
            case "current_user" -> environment.user();
            case "timezone", "server_timezone" -> "UTC";
            case "uptime" -> (System.currentTimeMillis() - QueryEnvironment.STARTED_MILLIS) / 1000;
            case "host_name" -> HOST_NAME;
            default -> null;
        };
    }

    /** Looked up once: a name lookup per compiled query would cost a resolver round trip. */
    private static final String HOST_NAME = hostName();

    private static String hostName()
    {
        try
        {
            return java.net.InetAddress.getLocalHost().getHostName();
        }
        catch (final java.io.IOException e)
        {
            return "localhost";
        }
    }

    /** Frees the tables of the evaluators compiled so far; they must not be evaluated afterwards. */
    @Override
    public void close()
    {
        owned.forEach(GroupTable::close);
        owned.clear();
    }

    public Evaluator compile(final TypedExpr expr)
    {
        if (expr instanceof TypedExpr.ColumnRef ref)
        {
            final int index = ref.index();
            return input -> input.column(index);
        }
        if (expr instanceof TypedExpr.Constant constant)
        {
            return new ConstantEvaluator(constant.value(), constant.type());
        }
        if (expr instanceof TypedExpr.Call call)
        {
            return call(call);
        }
        if (expr instanceof TypedExpr.Subquery subquery)
        {
            return scalarSubquery(subquery);
        }
        throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "The query engine cannot evaluate " +
            expr.getClass().getSimpleName() + " here yet");
    }

    /** {@code EXISTS (subquery)}: 1 when the subquery has a row (it runs once, up to its first row), else 0. */
    private Evaluator exists(final TypedExpr.Subquery subquery)
    {
        final QueryPlan plan = subquery.plan();
        final Batch first = subqueries.apply(new QueryPlan(new LogicalPlan.Limit(plan.root(), 1, 0), plan.streaming(),
            plan.emit(), plan.settings(), plan.format()));
        return new ConstantEvaluator(first.rows() > 0 ? 1L : 0L, DataType.UINT8);
    }

    private Evaluator scalarSubquery(final TypedExpr.Subquery subquery)
    {
        final Batch result = subqueries.apply(subquery.plan());
        if (result.rows() > 1)
        {
            throw new MuonException(ErrorCodes.INCORRECT_RESULT_OF_SCALAR_SUBQUERY,
                "Scalar subquery returned more than one row");
        }
        final Vector value;
        if (result.width() == 1)
        {
            value = result.rows() == 0 ? null : result.column(0);
        }
        else
        {
            throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "Scalar subqueries of several columns are not " +
                "evaluated yet");
        }
        final DataType type = subquery.type();
        return new Evaluator()
        {
            private Vector cached;

            @Override
            public Vector evaluate(final Batch input)
            {
                final int rows = input.rows();
                if (cached == null || cached.size() != rows)
                {
                    cached = Vector.create(type, rows);
                    for (int i = 0; i < rows; i++)
                    {
                        if (value == null)
                        {
                            cached.appendNull();
                        }
                        else
                        {
                            cached.appendFrom(value, 0);
                        }
                    }
                }
                return cached;
            }
        };
    }

    private Evaluator call(final TypedExpr.Call call)
    {
        if (call.arguments().isEmpty())
        {
            final Object value = environmentValue(call.function());
            if (value != null)
            {
                return new ConstantEvaluator(value, call.type());
            }
        }
        if (call.function().equals("lag") || call.function().equals("lags"))
        {
            final Evaluator lag = LagEvaluator.of(this, call);
            lookBacks.add((LookBack)lag);
            return lag;
        }
        if (call.function().equals("random_in_type"))
        {
            return new RandomInTypeEvaluator(this, call);
        }
        if (HigherOrderEvaluator.hasLambda(call))
        {
            return new HigherOrderEvaluator(this, call);
        }
        if (call.function().equals("exists") && call.arguments().get(0) instanceof TypedExpr.Subquery subquery)
        {
            return exists(subquery);
        }
        if (call.function().endsWith("in") && call.arguments().size() == 2 &&
            call.arguments().get(1) instanceof TypedExpr.Subquery subquery)
        {
            final InSetEvaluator in = new InSetEvaluator(compile(call.arguments().get(0)),
                call.arguments().get(0).type(), subqueries.apply(subquery.plan()), call.function().endsWith("not_in"),
                call.type());
            owned.add(in.set());
            return in;
        }
        final ScalarFunction body = Scalars.find(call.function(), call.arguments());
        if (body == null)
        {
            throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "Function " + call.function() +
                " is known but the query engine does not evaluate it yet");
        }
        final List<TypedExpr> arguments = call.arguments();
        final Evaluator[] compiled = new Evaluator[arguments.size()];
        boolean allConstant = true;
        for (int i = 0; i < compiled.length; i++)
        {
            compiled[i] = compile(arguments.get(i));
            allConstant &= compiled[i] instanceof ConstantEvaluator;
        }
        final FunctionSignature signature = REGISTRY.find(call.function());
        final boolean handlesNulls = signature == null || signature.isHandlingNulls();
        final DataType result = call.type();
        final boolean deterministic = !Scalars.isNonDeterministic(call.function());
        final Evaluator evaluator = new CallEvaluator(body, compiled, result, handlesNulls);
        if (allConstant && deterministic)
        {
            // fold: evaluate once over one row
            final Batch one = new Batch(new Vector[0], 1);
            final Vector value = evaluator.evaluate(one);
            return new ConstantEvaluator(value, result);
        }
        return evaluator;
    }

    /** Runs a function body over evaluated arguments, applying NULL propagation. */
    private static final class CallEvaluator implements Evaluator
    {
        private final ScalarFunction body;
        private final Evaluator[] arguments;
        private final Vector[] values;
        private final DataType result;
        private final boolean handlesNulls;
        private boolean[] nullRows = new boolean[0];

        CallEvaluator(final ScalarFunction body, final Evaluator[] arguments, final DataType result,
            final boolean handlesNulls)
        {
            this.body = body;
            this.arguments = arguments;
            this.values = new Vector[arguments.length];
            this.result = result;
            this.handlesNulls = handlesNulls;
        }

        @Override
        public Vector evaluate(final Batch input)
        {
            final int rows = input.rows();
            boolean anyNull = false;
            for (int i = 0; i < arguments.length; i++)
            {
                values[i] = arguments[i].evaluate(input);
                anyNull |= !handlesNulls && values[i].nulls() != null;
            }
            boolean[] mask = null;
            if (anyNull)
            {
                if (nullRows.length < rows)
                {
                    nullRows = new boolean[rows];
                }
                java.util.Arrays.fill(nullRows, 0, rows, false);
                for (final Vector value : values)
                {
                    if (value.nulls() != null)
                    {
                        final boolean[] n = value.nulls();
                        for (int r = 0; r < rows; r++)
                        {
                            nullRows[r] |= n[r];
                        }
                    }
                }
                mask = nullRows;
            }
            if (mask != null && allTrue(mask, rows))
            {
                // every row has a NULL argument (a NULL literal, typed Nothing): the body never sees such a column
                return Constants.repeat(null, result, rows);
            }
            final Vector out = body.apply(values, rows, result, mask);
            if (mask != null && out.nulls() != null)
            {
                final boolean[] n = out.nulls();
                for (int r = 0; r < rows; r++)
                {
                    n[r] |= mask[r];
                }
            }
            return out;
        }
    }

    private static boolean allTrue(final boolean[] mask, final int rows)
    {
        for (int r = 0; r < rows; r++)
        {
            if (!mask[r])
            {
                return false;
            }
        }
        return rows > 0;
    }

    /** A constant, held as one value and repeated to the batch size on demand (cached per size). */
    static final class ConstantEvaluator implements Evaluator
    {
        private final Vector one;
        private Vector repeated;

        ConstantEvaluator(final Object value, final DataType type)
        {
            this.one = Vector.create(type, 1);
            Constants.append(one, value);
            one.markConstant();
        }

        ConstantEvaluator(final Vector value, final DataType type)
        {
            this.one = Vector.create(type, 1);
            one.appendFrom(value, 0);
            one.markConstant();
        }

        Vector value()
        {
            return one;
        }

        @Override
        public Vector evaluate(final Batch input)
        {
            final int rows = input.rows();
            if (rows == 1)
            {
                return one;
            }
            if (repeated == null || repeated.size() != rows)
            {
                repeated = Vector.create(one.type(), rows);
                for (int i = 0; i < rows; i++)
                {
                    repeated.appendFrom(one, 0);
                }
                repeated.markConstant();
            }
            return repeated;
        }
    }
}
