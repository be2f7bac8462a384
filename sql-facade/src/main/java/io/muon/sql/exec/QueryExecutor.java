package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.stream.StreamStore;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;
import io.muon.sql.plan.LogicalPlan;
import io.muon.sql.plan.PlanShapes;
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
        this.compiler = new ExpressionCompiler(this::subquery, context.environment());
    }

    /** Results of the subqueries run so far: parallel copies of a pipeline compile the same subquery once each. */
    private final java.util.IdentityHashMap<QueryPlan, Batch> subqueryResults = new java.util.IdentityHashMap<>();

    private Batch subquery(final QueryPlan plan)
    {
        final Batch known = subqueryResults.get(plan);
        if (known != null)
        {
            return known;
        }
        // a subquery reads its streams whole, even while a parallel copy of the outer pipeline is being built
        final ScanOperator.Shard outer = shard;
        shard = null;
        try
        {
            final Batch result = materialize(plan);
            subqueryResults.put(plan, result);
            return result;
        }
        finally
        {
            shard = outer;
        }
    }

    /** The whole result of a bounded query as one batch (at most {@code max_result_rows} rows, else Code 396). */
    public Batch materialize(final QueryPlan plan)
    {
        final List<DataType> types = types(plan.root().output());
        try (Operator root = open(plan))
        {
            final Batch all = Batch.of(types, Batch.DEFAULT_ROWS);
            Batch batch;
            while ((batch = root.next()) != null)
            {
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
            }
            if (depth == 1)
            {
                // while the pipeline is open: the context keeps the row for whoever asks after the close
                context.totals();
            }
            return all;
        }
    }

    /**
     * Opens a bounded query as a pipeline the caller pulls batch by batch and must close. It checks cancellation and
     * {@code max_execution_time} before each batch and stops with Code 396 past {@code max_result_rows}; closing it
     * frees everything the query holds (tables of IN subqueries included, once the outermost query closes).
     */
    public Operator open(final QueryPlan plan)
    {
        if (plan.streaming())
        {
            throw new MuonException(ErrorCodes.LOGICAL_ERROR, "A streaming query runs on the streaming engine " +
                "(SqlEngine.start), not as a bounded pipeline; read the stream's history with table(...)");
        }
        neededColumns(plan.root(), null);
        if (depth == 0)
        {
            // the outermost query's totals only: subqueries open while it builds
            totalsProject = totalsProject(plan.root());
            totalsWidth = plan.root().output().size();
            rowsBeforeLimitNode = rowsBeforeLimitNode(plan.root());
        }
        depth++;
        final Operator root;
        try
        {
            root = build(plan.root());
        }
        catch (final RuntimeException | Error e)
        {
            if (--depth == 0)
            {
                compiler.close();
            }
            throw e;
        }
        return new Operator()
        {
            private long rows;
            private boolean closed;

            @Override
            public Batch next()
            {
                context.checkAlive();
                final Batch batch = root.next();
                if (batch != null)
                {
                    rows += batch.rows();
                    if (context.maxResultRows() > 0 && rows > context.maxResultRows())
                    {
                        throw new MuonException(ErrorCodes.TOO_MANY_ROWS_OR_BYTES, "Limit for result exceeded, " +
                            "max rows: " + context.maxResultRows() + " (max_result_rows)");
                    }
                }
                return batch;
            }

            @Override
            public void close()
            {
                if (closed)
                {
                    return;
                }
                closed = true;
                try
                {
                    root.close();
                }
                finally
                {
                    if (--depth == 0)
                    {
                        compiler.close();
                    }
                }
            }
        };
    }

    /** How deep in subqueries {@link #materialize} is: evaluators' tables are freed when the outermost call ends. */
    private int depth;

    /** Per stream scan, the output columns the steps above it read (absent: all). */
    private final java.util.IdentityHashMap<LogicalPlan, java.util.BitSet> scanColumns =
        new java.util.IdentityHashMap<>();

    /**
     * Works out, from the root down, which columns of each step's output are read above it ({@code needed} null:
     * all), and records it for the stream scans so they decode only those. Conservative: any step it does not know
     * asks its inputs for every column.
     */
    private void neededColumns(final LogicalPlan node, final java.util.BitSet needed)
    {
        if (node instanceof LogicalPlan.StreamScan)
        {
            if (needed != null)
            {
                scanColumns.put(node, needed);
            }
            return;
        }
        if (node instanceof LogicalPlan.Project project)
        {
            neededColumns(project.input(), references(project.expressions()));
        }
        else if (node instanceof LogicalPlan.Filter filter)
        {
            neededColumns(filter.input(), union(needed, references(List.of(filter.predicate()))));
        }
        else if (node instanceof LogicalPlan.Aggregate aggregate)
        {
            final List<TypedExpr> used = new ArrayList<>(aggregate.keys());
            for (final TypedExpr.AggregateCall call : aggregate.aggregates())
            {
                used.addAll(call.arguments());
                if (call.condition() != null)
                {
                    used.add(call.condition());
                }
            }
            neededColumns(aggregate.input(), references(used));
        }
        else if (node instanceof LogicalPlan.Limit limit)
        {
            neededColumns(limit.input(), needed);
        }
        else if (node instanceof LogicalPlan.Window window && needed != null)
        {
            // the input's columns read above, the time column (rows take the clock's time over now64()) and what
            // the session conditions read; window_start and window_end are the window's own
            final int width = window.input().output().size();
            final java.util.BitSet input = needed.get(0, width);
            if (!window.processingTime())
            {
                input.set(window.timeColumn().index());
            }
            final List<TypedExpr> conditions = new ArrayList<>();
            if (window.startCondition() != null)
            {
                conditions.add(window.startCondition());
                conditions.add(window.endCondition());
            }
            input.or(references(conditions));
            neededColumns(window.input(), input);
        }
        else if (node instanceof LogicalPlan.Dedup dedup)
        {
            neededColumns(dedup.input(), union(needed, references(dedup.keys())));
        }
        else if (node instanceof LogicalPlan.Sort sort)
        {
            final List<TypedExpr> keys = new ArrayList<>();
            sort.keys().forEach(k -> keys.add(k.expression()));
            neededColumns(sort.input(), union(needed, references(keys)));
        }
        else if (node instanceof LogicalPlan.LimitBy limitBy)
        {
            neededColumns(limitBy.input(), union(needed, references(limitBy.keys())));
        }
        else if (node instanceof LogicalPlan.Join join && needed != null)
        {
            // the ON condition reads the joined row: left columns first, then the right side's
            final int leftWidth = join.left().output().size();
            final java.util.BitSet all = (java.util.BitSet)needed.clone();
            if (join.condition() != null)
            {
                all.or(references(List.of(join.condition())));
            }
            final java.util.BitSet left = all.get(0, leftWidth);
            final java.util.BitSet right = all.get(leftWidth, Math.max(leftWidth, all.length()));
            for (final String name : join.using())
            {
                left.set(indexOf(join.left().output(), name));
                right.set(indexOf(join.right().output(), name));
            }
            // the residual part of ON is evaluated over the joined pairs, so the pairs carry what it reads
            joinColumns.put(join, all);
            neededColumns(join.left(), left);
            neededColumns(join.right(), right);
        }
        else
        {
            node.inputs().forEach(input -> neededColumns(input, null));
        }
    }

    /** Per join, the output columns the steps above it read (absent: all). */
    private final java.util.IdentityHashMap<LogicalPlan, java.util.BitSet> joinColumns =
        new java.util.IdentityHashMap<>();

    private static java.util.BitSet union(final java.util.BitSet a, final java.util.BitSet b)
    {
        if (a == null)
        {
            return null;
        }
        final java.util.BitSet out = (java.util.BitSet)a.clone();
        out.or(b);
        return out;
    }

    private static java.util.BitSet references(final List<? extends TypedExpr> expressions)
    {
        final java.util.BitSet used = new java.util.BitSet();
        expressions.forEach(e -> visitColumns(e, used::set));
        return used;
    }

    private static int indexOf(final List<LogicalPlan.Column> columns, final String name)
    {
        for (int i = 0; i < columns.size(); i++)
        {
            if (columns.get(i).name().equals(name))
            {
                return i;
            }
        }
        throw new MuonException(ErrorCodes.UNKNOWN_IDENTIFIER, "USING column " + name + " is missing from a side");
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

    /** Whether {@code node} is, or reads, a leaf the caller supplies (a streaming feed). */
    private boolean readsGiven(final LogicalPlan node)
    {
        if (given.containsKey(node))
        {
            return true;
        }
        for (final LogicalPlan input : node.inputs())
        {
            if (readsGiven(input))
            {
                return true;
            }
        }
        return false;
    }

    /** Leaves that {@link #build} takes as given instead of building them: the streaming engine's feeds. */
    private final java.util.IdentityHashMap<LogicalPlan, Operator> given = new java.util.IdentityHashMap<>();

    /**
     * Builds the bounded steps of {@code node} over operators the caller supplies for some nodes below it (the
     * streaming engine's {@link Feed}s in place of its stateful steps and sources). The caller closes the result.
     */
    public Operator buildOver(final LogicalPlan node, final java.util.Map<LogicalPlan, ? extends Operator> leaves)
    {
        given.putAll(leaves);
        depth++;
        try
        {
            return build(node);
        }
        finally
        {
            depth--;
            leaves.keySet().forEach(given::remove);
        }
    }

    /** Builds a bounded step as it is (a backfill's scan of a stream's parts and log). The caller closes it. */
    public Operator buildBounded(final LogicalPlan node)
    {
        return buildOver(node, java.util.Map.of());
    }

    /**
     * A bounded scan of {@code scan}'s stream that decodes only the output columns in {@code needed} (null: all),
     * the others filled with defaults: a streaming query's backfill.
     */
    public Operator scanBounded(final LogicalPlan.StreamScan scan, final java.util.BitSet needed)
    {
        return new ScanOperator(store, scan.stream(), scan.output(), context, needed, shard);
    }

    /**
     * The state of a streaming join of two append streams ({@code join} under {@code root}, the whole query, whose
     * steps above the join decide which joined columns are filled): hash keys and a residual condition from ON, and
     * the time range that bounds how long rows are kept. The caller closes it.
     */
    public StreamingJoin streamJoin(final LogicalPlan root, final LogicalPlan.Join join,
        final long maxBufferedBytes, final int keepVersions, final long quiesceMs)
    {
        if (neededFor != root)
        {
            neededFor = root;
            neededColumns(root, null);
        }
        final int leftWidth = join.left().output().size();
        final List<TypedExpr> conjuncts = new ArrayList<>();
        if (join.condition() != null)
        {
            flattenAnd(join.condition(), conjuncts);
        }
        TypedExpr.Call lagBehind = null;
        for (final TypedExpr conjunct : conjuncts)
        {
            if (conjunct instanceof TypedExpr.Call call && call.function().equals("lag_behind"))
            {
                lagBehind = call;
            }
        }
        if (lagBehind == null)
        {
            return streamJoin(join, conjuncts, leftWidth, maxBufferedBytes, keepVersions);
        }
        // lag_behind(offset, left.t, right.t) aligns the sides in time around the join
        conjuncts.remove(lagBehind);
        final TypedExpr l = lagBehind.arguments().get(1);
        final TypedExpr r = lagBehind.arguments().get(2);
        if (side(l, leftWidth) >= 0 || side(r, leftWidth) <= 0)
        {
            throw new MuonException(ErrorCodes.INVALID_JOIN_ON_EXPRESSION, "lag_behind(offset, left.time, " +
                "right.time) takes a time of the left side, then one of the right side");
        }
        final long offset = JoinTimeBound.nanos(((TypedExpr.Constant)lagBehind.arguments().get(0)).value());
        final Evaluator leftTime = compiler.compile(l);
        final Evaluator rightTime = compiler.compile(TypedExpr.shifted(r, -leftWidth));
        return new AlignedJoin(streamJoin(join, conjuncts, leftWidth, maxBufferedBytes, keepVersions), leftTime,
            JoinTimeBound.nanosPerTick(l.type()), rightTime, JoinTimeBound.nanosPerTick(r.type()), offset,
            quiesceMs > 0 ? quiesceMs : Math.max(Math.abs(offset) / 2_000_000, 500),
            !"ASOF".equals(join.strictness()), maxBufferedBytes);
    }

    private StreamKeyedJoin.LatestKeys latestKeys(final LogicalPlan.LatestPerKey latest)
    {
        final List<DataType> keyTypes = new ArrayList<>();
        latest.keys().forEach(k -> keyTypes.add(k.type()));
        return new StreamKeyedJoin.LatestKeys(compile(latest.keys()), keyTypes, compiler.compile(latest.version()),
            latest.version().type(), latest.sequence(), latest.delta());
    }

    private StreamingJoin streamJoin(final LogicalPlan.Join join, final List<TypedExpr> conjuncts,
        final int leftWidth, final long maxBufferedBytes, final int keepVersions)
    {
        final String strictness = join.strictness() == null ? "ALL" : join.strictness();
        if (strictness.equals("LATEST") && join.kind().equals("FULL"))
        {
            return new StreamFullLatestJoin(joinKeys(conjuncts, strictness, leftWidth), types(join.left().output()),
                types(join.right().output()), types(join.output()), maxBufferedBytes, joinColumns.get(join));
        }
        if (strictness.equals("ASOF") || strictness.equals("LATEST"))
        {
            return new StreamLookupJoin(joinKeys(conjuncts, strictness, leftWidth), types(join.left().output()),
                types(join.right().output()), types(join.output()), join.kind(), strictness, keepVersions,
                maxBufferedBytes, joinColumns.get(join));
        }
        if (!strictness.equals("ALL"))
        {
            throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "'Append stream' " + join.kind() + " " + strictness +
                " JOIN 'Append stream' is not supported: joins of streams are ALL, ASOF or LATEST");
        }
        if (PlanShapes.readsKeyed(join.left()) && !(join.left() instanceof LogicalPlan.LatestPerKey) ||
            PlanShapes.readsKeyed(join.right()) && !(join.right() instanceof LogicalPlan.LatestPerKey))
        {
            // a keyed stream behind a subquery or view, a changelog or a join of keyed streams: its rows are
            // versions or retractions, which a join of append rows would take for new rows
            throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "A streaming join of a changelog (changelog(), a " +
                "join of keyed streams) or of a keyed stream read through a subquery or view is not supported; " +
                "join the versioned_kv or changelog_kv stream itself");
        }
        if (join.left() instanceof LogicalPlan.LatestPerKey && !(join.right() instanceof LogicalPlan.LatestPerKey))
        {
            throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "'Versioned stream' " + join.kind() + " All JOIN " +
                "'Append stream' is not supported: put the append stream on the left");
        }
        if (join.right() instanceof LogicalPlan.LatestPerKey latest)
        {
            if (join.left() instanceof LogicalPlan.LatestPerKey left)
            {
                return new StreamChangelogJoin(joinKeys(conjuncts, strictness, leftWidth), latestKeys(left),
                    latestKeys(latest), types(join.left().output()), types(join.right().output()),
                    types(join.output()), join.kind(), maxBufferedBytes, joinColumns.get(join));
            }
            return new StreamKeyedJoin(joinKeys(conjuncts, strictness, leftWidth), latestKeys(latest),
                types(join.left().output()), types(join.right().output()), types(join.output()), join.kind(),
                maxBufferedBytes, joinColumns.get(join));
        }
        final List<TypedExpr> rest = new ArrayList<>();
        final java.util.BitSet eventTimes = io.muon.sql.plan.TimeAttributes.of(join.left());
        io.muon.sql.plan.TimeAttributes.of(join.right()).stream().forEach(i -> eventTimes.set(leftWidth + i));
        final JoinTimeBound found = JoinTimeBound.find(conjuncts, leftWidth, eventTimes, rest);
        final JoinOperator.Keys keys = joinKeys(rest, join.strictness(), leftWidth);
        final StreamJoin.TimeBound bound = found == null ? null : new StreamJoin.TimeBound(
            compiler.compile(found.left()), found.leftNanosPerTick(),
            compiler.compile(TypedExpr.shifted(found.right(), -leftWidth)), found.rightNanosPerTick(), found.low(),
            found.high());
        return new StreamJoin(keys, types(join.left().output()), types(join.right().output()), types(join.output()),
            join.kind(), bound, maxBufferedBytes, joinColumns.get(join));
    }

    /**
     * The latest row of each primary key of {@code input}, the rows of {@code latest}'s keyed stream (a streaming
     * query's starting state reads them through this too). The operator owns {@code input}.
     */
    public Operator latestPerKey(final LogicalPlan.LatestPerKey latest, final Operator input)
    {
        return latestPerKey(latest, input, Long.MAX_VALUE);
    }

    /**
     * The same over the rows before sequence number {@code sequenceLimit} only (where a tail takes over), as a
     * streaming query's starting state: it reads a few batches per call and yields empty batches until it is done.
     */
    public Operator latestPerKey(final LogicalPlan.LatestPerKey latest, final Operator input,
        final long sequenceLimit)
    {
        final List<DataType> keyTypes = new ArrayList<>();
        latest.keys().forEach(k -> keyTypes.add(k.type()));
        try
        {
            final LatestPerKeyOperator operator = new LatestPerKeyOperator(input, compile(latest.keys()), keyTypes,
                compiler.compile(latest.version()), latest.version().type(), latest.sequence(), latest.delta(),
                types(latest.output()), context, sequenceLimit);
            return sequenceLimit == Long.MAX_VALUE ? operator : operator.incremental(8);
        }
        catch (final RuntimeException e)
        {
            input.close();
            throw e;
        }
    }

    /** The compiler of this executor's expressions (which knows the look-back evaluators it made). */
    public ExpressionCompiler compiler()
    {
        return compiler;
    }

    /**
     * The kept latest rows of keyed stream {@code scan} (its map, then its log from where the map has applied), in
     * the scan's columns ({@code needed}: those read); null when the stream has none to use, so the caller reads its
     * history. {@link #latestPerKey} resolves them as it does the history.
     */
    public Operator keptLatestRows(final LogicalPlan.StreamScan scan, final java.util.BitSet needed)
    {
        final LatestRows kept = context.environment().latestRows() == null ? null :
            context.environment().latestRows().apply(scan.stream());
        return kept == null ? null : kept.read(needed, context);
    }

    /**
     * Which output columns of {@code scan}, a stream scan under {@code root}, the steps above it read (null: all, or
     * unknown). Worked out once per root.
     */
    public java.util.BitSet columnsRead(final LogicalPlan root, final LogicalPlan.StreamScan scan)
    {
        if (neededFor != root)
        {
            neededFor = root;
            neededColumns(root, null);
        }
        return scanColumns.get(scan);
    }

    /** The root {@link #scanColumns} was last worked out for. */
    private LogicalPlan neededFor;

    /**
     * Compiles a streaming aggregation: its keys except the window columns at {@code windowKeys} (positions among
     * the keys), and its aggregates, into a factory of group states.
     */
    public AggregateStates aggregateStates(final LogicalPlan.Aggregate aggregate, final java.util.BitSet windowKeys)
    {
        final List<TypedExpr> keys = new ArrayList<>();
        final List<DataType> outputTypes = new ArrayList<>();
        for (int k = 0; k < aggregate.keys().size(); k++)
        {
            if (!windowKeys.get(k))
            {
                keys.add(aggregate.keys().get(k));
                outputTypes.add(aggregate.output().get(k).type());
            }
        }
        final int count = aggregate.aggregates().size();
        final Evaluator[][] arguments = new Evaluator[count][];
        final Evaluator[] conditions = new Evaluator[count];
        for (int a = 0; a < count; a++)
        {
            final TypedExpr.AggregateCall call = aggregate.aggregates().get(a);
            arguments[a] = compile(call.arguments());
            conditions[a] = call.condition() == null ? null : compiler.compile(call.condition());
            outputTypes.add(aggregate.output().get(aggregate.keys().size() + a).type());
        }
        final List<DataType> keyTypes = new ArrayList<>();
        keys.forEach(k -> keyTypes.add(k.type()));
        return new AggregateStates(compile(keys), keyTypes, arguments, conditions, aggregate.aggregates(),
            outputTypes, context.maxMemoryUsage());
    }

    /**
     * A random stream's rows over {@code numbers}, an operator of row numbers (UInt64, one column): each row's
     * column DEFAULTs, then the number as {@code _tp_sn}.
     */
    public Operator randomRows(final LogicalPlan.RandomScan random, final Operator numbers)
    {
        final List<TypedExpr> expressions = new ArrayList<>(random.columns());
        expressions.add(new TypedExpr.Call("cast", List.of(new TypedExpr.ColumnRef(0, "number", DataType.UINT64),
            new TypedExpr.Constant(DataType.INT64.clickHouseName(), DataType.STRING)), DataType.INT64));
        try
        {
            return new Operators.Project(numbers, compile(expressions), types(random.output()));
        }
        catch (final RuntimeException e)
        {
            numbers.close();
            throw e;
        }
    }

    /** The filter of a {@code dedup(...)} step, its keys compiled over its input. */
    public DedupFilter dedupFilter(final LogicalPlan.Dedup dedup)
    {
        final long timeoutMs = dedup.timeout() == null ? 0 : dedup.timeout().approximateNanos() / 1_000_000;
        return new DedupFilter(compile(dedup.keys()), timeoutMs, dedup.limit());
    }

    /** Numbers for the distinct values of {@code keys} over a plan step's output; the caller closes it. */
    public GroupNumbering groupNumbering(final List<? extends TypedExpr> keys)
    {
        final List<DataType> types = new ArrayList<>();
        keys.forEach(k -> types.add(k.type()));
        return new GroupNumbering(compile(keys), types);
    }

    /** One expression compiled over a plan step's output (a session window's start or end condition). */
    public Evaluator compile(final TypedExpr expression)
    {
        return compiler.compile(expression);
    }

    /** Frees what compiled expressions hold (tables of IN subqueries); the streaming engine calls it at the end. */
    public void closeCompiled()
    {
        if (depth == 0)
        {
            compiler.close();
        }
    }

    Operator build(final LogicalPlan node)
    {
        final Operator built = buildNode(node);
        return node == rowsBeforeLimitNode ? new Operators.RowsBeforeLimit(built, context) : built;
    }

    private Operator buildNode(final LogicalPlan node)
    {
        final Operator supplied = given.get(node);
        if (supplied != null)
        {
            return supplied;
        }
        if (node instanceof LogicalPlan.StreamScan scan)
        {
            if (io.muon.sql.external.ExternalStreams.isExternal(scan.stream()))
            {
                return new ExternalScanOperator(scan, context);
            }
            return new ScanOperator(store, scan.stream(), scan.output(), context, scanColumns.get(scan), shard);
        }
        if (node instanceof LogicalPlan.RandomScan random)
        {
            return randomRows(random, new Operators.Numbers(DataType.UINT64, 0, random.boundedRows(), context));
        }
        if (node instanceof LogicalPlan.Numbers numbers)
        {
            // system.numbers is endless: a LIMIT above stops pulling, max_execution_time bounds the rest
            return new Operators.Numbers(numbers.output().get(0).type(), numbers.start(), numbers.count(), context);
        }
        if (node instanceof LogicalPlan.SystemTable table)
        {
            final Batch rows = systemRows(table);
            // ClickHouse counts system.one (behind every SELECT without FROM) as one row of one byte read
            context.addRead(rows.rows(), table.name().equals("one") ? rows.rows() : 0);
            return new Operators.Materialized(List.of(rows));
        }
        if (node instanceof LogicalPlan.ExternalTable external)
        {
            context.addRead(external.rowCount(), 0);
            return new Operators.Materialized(external.rows());
        }
        if (node instanceof LogicalPlan.Filter filter)
        {
            final Evaluator predicate = compiler.compile(filter.predicate());
            final Operator input = build(filter.input());
            if (input instanceof ScanOperator scan && filter.input() instanceof LogicalPlan.StreamScan stream)
            {
                scan.prune(filter.predicate(), store.layout(stream.stream()), compiler);
            }
            return new Operators.Filter(input, predicate);
        }
        if (node instanceof LogicalPlan.Project project)
        {
            final java.util.Set<TypedExpr> arrayJoins = new java.util.LinkedHashSet<>();
            project.expressions().forEach(e -> collectArrayJoins(e, arrayJoins));
            if (!arrayJoins.isEmpty())
            {
                return arrayJoin(project, arrayJoins);
            }
            final Evaluator[] expressions = compile(project.expressions());
            final Operators.Project operator = new Operators.Project(build(project.input()), expressions,
                types(project.output()));
            if (project == totalsProject)
            {
                registerTotals(project);
            }
            return operator;
        }
        if (node instanceof LogicalPlan.Dedup dedup)
        {
            final DedupFilter filter = dedupFilter(dedup);
            return new Operators.Dedup(build(dedup.input()), filter);
        }
        if (node instanceof LogicalPlan.Limit limit)
        {
            return new Operators.Limit(build(limit.input()), limit.limit(), limit.offset());
        }
        if (node instanceof LogicalPlan.Sort sort)
        {
            // keys compile before the input is built, so a failing compile leaves nothing open
            final SortKeys keys = sortKeys(sort);
            final int workers = sort.limit() > 0 && sort.limit() <= SortOperator.TOP_N_MAX ? parallelism(sort.input()) :
                1;
            final Operator input = workers > 1 ? new ParallelGather(copies(workers, sort.input(), (copyInput) ->
                sortKeys(sort).over(copyInput, sort)), context) : build(sort.input());
            return keys.over(input, sort);
        }
        if (node instanceof LogicalPlan.Aggregate aggregate)
        {
            if (aggregate.emit() != null)
            {
                throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "Streaming aggregation runs on the streaming " +
                    "engine");
            }
            if (onlyCountsRows(aggregate) && !aggregate.withTotals())
            {
                final LogicalPlan.StreamScan scan = (LogicalPlan.StreamScan)aggregate.input();
                final io.muon.kernel.part.PartSnapshot snapshot = store.snapshot(scan.stream());
                return new RowCountOperator(snapshot, store.log(scan.stream()), aggregate.aggregates().size(),
                    types(aggregate.output()), context);
            }
            final int workers = parallelSafe(aggregate.aggregates()) ? parallelism(aggregate.input()) : 1;
            if (workers > 1)
            {
                final List<Operator> partials = copies(workers, aggregate.input(), (copyInput) ->
                    aggregateOperator(aggregate, copyInput));
                final List<AggregateOperator> aggregates = new ArrayList<>();
                partials.forEach(p -> aggregates.add((AggregateOperator)p));
                final ParallelAggregate parallel = new ParallelAggregate(aggregates, context);
                if (aggregate.withTotals())
                {
                    totalsSources.put(aggregate, parallel::merged);
                }
                return parallel;
            }
            final AggregateOperator single = (AggregateOperator)aggregateOperator(aggregate, null);
            if (aggregate.withTotals())
            {
                totalsSources.put(aggregate, () -> single);
            }
            return single;
        }
        if (node instanceof LogicalPlan.Distinct distinct)
        {
            final List<LogicalPlan.Column> columns = distinct.input().output();
            final List<TypedExpr> keys = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++)
            {
                keys.add(new TypedExpr.ColumnRef(i, columns.get(i).name(), columns.get(i).type()));
            }
            final Evaluator[] compiled = compile(keys);
            return new AggregateOperator(build(distinct.input()), compiled, types(columns), new Evaluator[0][],
                new Evaluator[0], new Accumulators[0], types(columns), context.maxMemoryUsage());
        }
        if (node instanceof LogicalPlan.Join join)
        {
            final int leftWidth = join.left().output().size();
            final JoinOperator.Keys keys = joinKeys(join, leftWidth);
            final Operator left = build(join.left());
            JoinBuildSide side = joinSides.get(join);
            if (side == null)
            {
                // the right side is read whole once, even while parallel copies of the left side are built
                final ScanOperator.Shard outer = shard;
                shard = null;
                try
                {
                    side = new JoinBuildSide(build(join.right()), types(join.right().output()), keys, context);
                }
                catch (final RuntimeException e)
                {
                    left.close();
                    throw e;
                }
                finally
                {
                    shard = outer;
                }
                joinSides.put(join, side);
            }
            final int[][] using = new int[join.using().size()][];
            for (int u = 0; u < using.length; u++)
            {
                using[u] = new int[] {indexOf(join.left().output(), join.using().get(u)),
                    indexOf(join.right().output(), join.using().get(u))};
            }
            final JoinOperator operator = new JoinOperator(left, side, leftWidth, types(join.output()), keys,
                join.kind(), join.strictness(), context, using, joinColumns.get(join));
            if (readsGiven(join.left()))
            {
                // a stream's rows probe a snapshot of the right side, taken now, batch after batch without end
                try
                {
                    operator.probeWithoutEnd();
                }
                catch (final RuntimeException e)
                {
                    operator.close();
                    throw e;
                }
            }
            return operator;
        }
        if (node instanceof LogicalPlan.LimitBy limitBy)
        {
            final List<DataType> keyTypes = new ArrayList<>();
            limitBy.keys().forEach(k -> keyTypes.add(k.type()));
            final Evaluator[] keys = compile(limitBy.keys());
            return new Operators.LimitBy(build(limitBy.input()), keys, keyTypes, limitBy.limit(),
                limitBy.offset());
        }
        if (node instanceof LogicalPlan.Union union)
        {
            final List<Operator> inputs = new ArrayList<>();
            try
            {
                for (final LogicalPlan input : union.inputs())
                {
                    inputs.add(build(input));
                }
            }
            catch (final RuntimeException e)
            {
                inputs.forEach(Operator::close);
                throw e;
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
        if (node instanceof LogicalPlan.Window window)
        {
            final Operator input = build(window.input());
            try
            {
                return new WindowOperator(input, window);
            }
            catch (final RuntimeException e)
            {
                input.close();
                throw e;
            }
        }
        if (node instanceof LogicalPlan.LatestPerKey latest)
        {
            final Operator kept = latest.input() instanceof LogicalPlan.StreamScan scan && !scan.streaming() &&
                shard == null && given.get(scan) == null ? keptLatestRows(scan, scanColumns.get(scan)) : null;
            return latestPerKey(latest, kept != null ? kept : build(latest.input()));
        }
        throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "The query engine does not run " +
            node.getClass().getSimpleName() + " steps yet");
    }

    /** GROUP BY over {@code input} (built here when null), with expressions compiled for this copy. */
    /** The projection over the result's WITH TOTALS aggregation (through HAVING), or null; set by {@link #open}. */
    private LogicalPlan.Project totalsProject;
    /** The number of the result's columns (the totals row has as many). */
    private int totalsWidth;
    /** Per WITH TOTALS aggregation built: how to reach its final (merged) operator once it has drained its input. */
    private final java.util.IdentityHashMap<LogicalPlan.Aggregate, java.util.function.Supplier<AggregateOperator>>
        totalsSources = new java.util.IdentityHashMap<>();

    /**
     * The projection straight over a WITH TOTALS aggregation on the path of the result's own rows: down from the root
     * through LIMIT, ORDER BY, LIMIT BY, DISTINCT and the projection that drops hidden sort columns. A subquery's
     * totals are not the outer query's, so the search stops at any other step.
     */
    private static LogicalPlan.Project totalsProject(final LogicalPlan root)
    {
        LogicalPlan node = root;
        while (true)
        {
            if (node instanceof LogicalPlan.Project project)
            {
                final LogicalPlan input = project.input() instanceof LogicalPlan.Filter having ? having.input() :
                    project.input();
                if (input instanceof LogicalPlan.Aggregate aggregate && aggregate.withTotals())
                {
                    return project;
                }
                if (!keepsLeadingColumns(project))
                {
                    return null;
                }
                node = project.input();
            }
            else if (node instanceof LogicalPlan.Limit limit)
            {
                node = limit.input();
            }
            else if (node instanceof LogicalPlan.Sort sort)
            {
                node = sort.input();
            }
            else if (node instanceof LogicalPlan.LimitBy limitBy)
            {
                node = limitBy.input();
            }
            else if (node instanceof LogicalPlan.Distinct distinct)
            {
                node = distinct.input();
            }
            else
            {
                return null;
            }
        }
    }

    /** Where the rows before the result's LIMIT are counted (see {@link #rowsBeforeLimitNode}), or null. */
    private LogicalPlan rowsBeforeLimitNode;

    /**
     * The step whose output ClickHouse counts as {@code rows_before_limit}: the first LIMIT down the result's path
     * (through projections, filters, aggregation, DISTINCT and LIMIT BY, so a subquery's LIMIT counts when the outer
     * query has none), and under it the input of an ORDER BY when there is one (the sort sees every row, where the
     * LIMIT stops pulling early), else the LIMIT's own input. Marks the query as limited; null without a LIMIT.
     */
    private LogicalPlan rowsBeforeLimitNode(final LogicalPlan root)
    {
        LogicalPlan node = root;
        while (!(node instanceof LogicalPlan.Limit))
        {
            if (node instanceof LogicalPlan.Project || node instanceof LogicalPlan.Filter ||
                node instanceof LogicalPlan.Aggregate || node instanceof LogicalPlan.Distinct ||
                node instanceof LogicalPlan.LimitBy || node instanceof LogicalPlan.Sort)
            {
                node = node.inputs().get(0);
            }
            else
            {
                return null;
            }
        }
        context.applyLimit();
        final LogicalPlan limit = node;
        node = limit.inputs().get(0);
        while (node instanceof LogicalPlan.Project || node instanceof LogicalPlan.Filter ||
            node instanceof LogicalPlan.Distinct || node instanceof LogicalPlan.LimitBy)
        {
            node = node.inputs().get(0);
        }
        return node instanceof LogicalPlan.Sort sort ? sort.input() : limit.inputs().get(0);
    }

    /** Whether {@code project} only keeps its input's first columns in order (drops hidden ORDER BY columns). */
    private static boolean keepsLeadingColumns(final LogicalPlan.Project project)
    {
        for (int i = 0; i < project.expressions().size(); i++)
        {
            if (!(project.expressions().get(i) instanceof TypedExpr.ColumnRef ref) || ref.index() != i)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Gives the context the totals row of {@code project}'s aggregation: ClickHouse's default totals_mode
     * (after_having_exclusive, without max_rows_to_group_by) merges the states of the groups that pass HAVING, sets
     * the keys to their types' defaults and computes the SELECT list over that row.
     */
    private void registerTotals(final LogicalPlan.Project project)
    {
        final LogicalPlan.Filter having = project.input() instanceof LogicalPlan.Filter f ? f : null;
        final LogicalPlan.Aggregate aggregate = (LogicalPlan.Aggregate)(having != null ? having.input() :
            project.input());
        final java.util.function.Supplier<AggregateOperator> source = totalsSources.get(aggregate);
        final Evaluator predicate = having == null ? null : compiler.compile(having.predicate());
        final Evaluator[] expressions = compile(project.expressions());
        final int width = Math.min(totalsWidth, expressions.length);
        context.totals(() ->
        {
            final Accumulators[] fresh = new Accumulators[aggregate.aggregates().size()];
            try
            {
                for (int a = 0; a < fresh.length; a++)
                {
                    fresh[a] = Accumulators.create(aggregate.aggregates().get(a));
                }
                final Batch row = source.get().totals(predicate, fresh);
                final Vector[] columns = new Vector[width];
                for (int c = 0; c < width; c++)
                {
                    columns[c] = expressions[c].evaluate(row);
                }
                return new Batch(columns, 1);
            }
            finally
            {
                for (final Accumulators accumulator : fresh)
                {
                    if (accumulator != null)
                    {
                        accumulator.close();
                    }
                }
            }
        });
    }

    private Operator aggregateOperator(final LogicalPlan.Aggregate aggregate, final Operator input)
    {
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
        final Evaluator[] keys = compile(aggregate.keys());
        return new AggregateOperator(input != null ? input : build(aggregate.input()), keys, keyTypes, arguments,
            conditions, accumulators, types(aggregate.output()), context.maxMemoryUsage());
    }

    /** A sort's compiled keys; each parallel copy compiles its own. */
    private record SortKeys(Evaluator[] keys, boolean[] descending, boolean[] nullsFirst)
    {
        /** The ORDER BY over {@code input}: for a parallel copy its best rows, which a final sort cuts again. */
        SortOperator over(final Operator input, final LogicalPlan.Sort sort)
        {
            return new SortOperator(input, types(sort.input().output()), keys, descending, nullsFirst, sort.limit());
        }
    }

    private SortKeys sortKeys(final LogicalPlan.Sort sort)
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
        return new SortKeys(keys, descending, nullsFirst);
    }

    /** {@code SELECT count() FROM table(s)}: no keys, no filter, only count() of rows. */
    private static boolean onlyCountsRows(final LogicalPlan.Aggregate aggregate)
    {
        if (!aggregate.keys().isEmpty() || aggregate.aggregates().isEmpty() ||
            !(aggregate.input() instanceof LogicalPlan.StreamScan scan) || scan.streaming() ||
            io.muon.sql.external.ExternalStreams.isExternal(scan.stream()))
        {
            return false;
        }
        for (final TypedExpr.AggregateCall call : aggregate.aggregates())
        {
            if (!call.function().equals("count") || !call.arguments().isEmpty() || call.condition() != null ||
                call.distinct())
            {
                return false;
            }
        }
        return true;
    }

    /** Below this many rows a stream is read by one thread. */
    private static final long PARALLEL_MIN_ROWS = 8L * ScanOperator.SLICE;

    /** Aggregates whose result does not depend on the order of rows (floating sums only in their last digits). */
    private static final java.util.Set<String> ORDER_FREE_AGGREGATES = java.util.Set.of("count", "count_if", "sum",
        "sum_if", "sum_with_overflow", "avg", "avg_if", "min", "min_if", "max", "max_if", "uniq_exact",
        "unique_exact", "count_distinct", "unique", "uniq", "uniq_combined", "uniq_combined64", "uniq_hll12",
        "uniq_theta", "group_bit_and", "group_bit_or", "group_bit_xor", "var_pop", "var_samp", "stddev_pop",
        "stddev_samp", "covar_pop", "covar_samp", "corr", "quantile", "quantiles", "median", "p50", "p90", "p95",
        "p99", "p999", "quantile_exact", "median_exact", "quantiles_exact");

    private static boolean parallelSafe(final List<TypedExpr.AggregateCall> calls)
    {
        for (final TypedExpr.AggregateCall call : calls)
        {
            if (call.distinct() || !ORDER_FREE_AGGREGATES.contains(call.function()))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * How many copies of {@code input} may read in parallel: up to {@code max_threads} when it is filters,
     * projections and INNER or LEFT joins over the left side's stream scan of at least {@link #PARALLEL_MIN_ROWS}
     * rows, else 1.
     */
    private int parallelism(final LogicalPlan input)
    {
        if (context.maxThreads() <= 1)
        {
            return 1;
        }
        LogicalPlan node = input;
        while (node instanceof LogicalPlan.Filter || node instanceof LogicalPlan.Project ||
            node instanceof LogicalPlan.Join join && !join.kind().equals("RIGHT") && !join.kind().equals("FULL"))
        {
            // a join's left side may be split; its right side is built once and shared
            node = node.inputs().get(0);
        }
        if (!(node instanceof LogicalPlan.StreamScan scan) || scan.streaming() ||
            io.muon.sql.external.ExternalStreams.isExternal(scan.stream()))
        {
            return 1;
        }
        final long rows = store.log(scan.stream()).nextSequence();
        return rows < PARALLEL_MIN_ROWS ? 1 : (int)Math.min(context.maxThreads(), rows / ScanOperator.SLICE);
    }

    /**
     * {@code workers} copies of the operator {@code make} puts over {@code input}, each copy's scan reading its share
     * of the rows the stream has now. If building one fails, those built are closed.
     */
    private List<Operator> copies(final int workers, final LogicalPlan input,
        final java.util.function.Function<Operator, Operator> make)
    {
        LogicalPlan node = input;
        while (!(node instanceof LogicalPlan.StreamScan))
        {
            node = node.inputs().get(0);
        }
        final io.muon.kernel.catalog.CatalogObject stream = ((LogicalPlan.StreamScan)node).stream();
        // one snapshot of the parts for all copies, taken before the log's end so that end is past its commit point
        final io.muon.kernel.part.PartSnapshot snapshot = store.snapshot(stream);
        final long end = store.log(stream).nextSequence();
        final List<Operator> copies = new ArrayList<>();
        try (snapshot)
        {
            for (int i = 0; i < workers; i++)
            {
                shard = new ScanOperator.Shard(i, workers, end, snapshot);
                final Operator copy;
                try
                {
                    copy = build(input);
                }
                finally
                {
                    shard = null;
                }
                try
                {
                    copies.add(make.apply(copy));
                }
                catch (final RuntimeException e)
                {
                    copy.close();
                    throw e;
                }
            }
            return copies;
        }
        catch (final RuntimeException e)
        {
            copies.forEach(Operator::close);
            throw e;
        }
    }

    /** Per join, its right side: built once, shared by parallel copies of the left side. */
    private final java.util.IdentityHashMap<LogicalPlan, JoinBuildSide> joinSides = new java.util.IdentityHashMap<>();

    /** The share of rows the scan being built reads, while a parallel copy is built; else null. */
    private ScanOperator.Shard shard;

    /**
     * A projection with {@code arrayJoin(arr)}: rows are repeated per element below it ({@link ArrayJoinOperator}),
     * and every occurrence of that call reads the element column. Several different arrayJoin calls multiply, as in
     * ClickHouse: one operator per call, each appending its element column.
     */
    private Operator arrayJoin(final LogicalPlan.Project project, final java.util.Set<TypedExpr> calls)
    {
        final int inputWidth = project.input().output().size();
        final List<Evaluator> arrays = new ArrayList<>();
        List<TypedExpr> rewritten = project.expressions();
        int column = inputWidth;
        for (final TypedExpr call : calls)
        {
            arrays.add(compiler.compile(((TypedExpr.Call)call).arguments().get(0)));
            final TypedExpr element = new TypedExpr.ColumnRef(column++, "array_join", call.type());
            final List<TypedExpr> next = new ArrayList<>();
            rewritten.forEach(e -> next.add(replace(e, call, element)));
            rewritten = next;
        }
        final Evaluator[] expressions = compile(rewritten);
        Operator input = build(project.input());
        for (final Evaluator array : arrays)
        {
            input = new ArrayJoinOperator(input, array);
        }
        return new Operators.Project(input, expressions, types(project.output()));
    }

    private static void collectArrayJoins(final TypedExpr expr, final java.util.Set<TypedExpr> out)
    {
        if (expr instanceof TypedExpr.Call call)
        {
            if (call.function().equals("array_join"))
            {
                out.add(call);
                return;
            }
            call.arguments().forEach(a -> collectArrayJoins(a, out));
        }
    }

    private static TypedExpr replace(final TypedExpr expr, final TypedExpr target, final TypedExpr with)
    {
        if (expr.equals(target))
        {
            return with;
        }
        if (expr instanceof TypedExpr.Call call)
        {
            final List<TypedExpr> arguments = new ArrayList<>();
            call.arguments().forEach(a -> arguments.add(replace(a, target, with)));
            return new TypedExpr.Call(call.function(), arguments, call.type());
        }
        return expr;
    }

    /**
     * Splits a join's ON condition into equality keys (one side's columns = the other's), an ASOF inequality (for
     * ASOF joins, the first comparison between the two sides) and a residual condition over the joined row.
     */
    private JoinOperator.Keys joinKeys(final LogicalPlan.Join join, final int leftWidth)
    {
        final List<TypedExpr> conjuncts = new ArrayList<>();
        if (join.condition() != null)
        {
            flattenAnd(join.condition(), conjuncts);
        }
        return joinKeys(conjuncts, join.strictness(), leftWidth);
    }

    private JoinOperator.Keys joinKeys(final List<TypedExpr> conjuncts, final String strictness, final int leftWidth)
    {
        final List<Evaluator> left = new ArrayList<>();
        final List<Evaluator> right = new ArrayList<>();
        final List<DataType> keyTypes = new ArrayList<>();
        Evaluator asofLeft = null;
        Evaluator asofRight = null;
        DataType asofType = null;
        String asofOperator = null;
        TypedExpr residual = null;
        final boolean asof = "ASOF".equals(strictness);
        for (final TypedExpr conjunct : conjuncts)
        {
            if (conjunct instanceof TypedExpr.Call call && call.arguments().size() == 2)
            {
                final TypedExpr a = call.arguments().get(0);
                final TypedExpr b = call.arguments().get(1);
                final int sideA = side(a, leftWidth);
                final int sideB = side(b, leftWidth);
                if (sideA != 0 && sideB != 0 && sideA != sideB)
                {
                    final TypedExpr l = sideA < 0 ? a : b;
                    final TypedExpr r = sideA < 0 ? b : a;
                    final DataType common = io.muon.sql.function.TypeRules.leastSupertype(List.of(l.type(), r.type()));
                    if (call.function().equals("equals"))
                    {
                        left.add(compiler.compile(l));
                        right.add(compiler.compile(TypedExpr.shifted(r, -leftWidth)));
                        keyTypes.add(common);
                        continue;
                    }
                    if (asof && asofLeft == null && COMPARISONS.contains(call.function()))
                    {
                        asofLeft = compiler.compile(l);
                        asofRight = compiler.compile(TypedExpr.shifted(r, -leftWidth));
                        asofType = common;
                        asofOperator = sideA < 0 ? call.function() : flip(call.function());
                        continue;
                    }
                }
            }
            residual = residual == null ? conjunct :
                new TypedExpr.Call("and", List.of(residual, conjunct), DataType.UINT8);
        }
        if (asof && asofLeft == null)
        {
            throw new MuonException(ErrorCodes.INVALID_JOIN_ON_EXPRESSION, "ASOF JOIN needs an inequality between " +
                "a column of each side in ON, e.g. l.time >= r.time");
        }
        return new JoinOperator.Keys(left.toArray(new Evaluator[0]), right.toArray(new Evaluator[0]),
            keyTypes.toArray(new DataType[0]), asofLeft, asofRight, asofType, asofOperator,
            residual == null ? null : compiler.compile(residual));
    }

    private static final java.util.Set<String> COMPARISONS = java.util.Set.of("less", "greater", "less_or_equals",
        "greater_or_equals");

    private static String flip(final String comparison)
    {
        return switch (comparison)
        {
            case "less" -> "greater";
            case "greater" -> "less";
            case "less_or_equals" -> "greater_or_equals";
            default -> "less_or_equals";
        };
    }

    private static void flattenAnd(final TypedExpr expr, final List<TypedExpr> out)
    {
        if (expr instanceof TypedExpr.Call call && call.function().equals("and"))
        {
            call.arguments().forEach(a -> flattenAnd(a, out));
        }
        else
        {
            out.add(expr);
        }
    }

    /** -1: reads only left columns, 1: only right columns, 0: neither or both. */
    static int side(final TypedExpr expr, final int leftWidth)
    {
        final int[] seen = new int[2];
        visitColumns(expr, index -> seen[index < leftWidth ? 0 : 1]++);
        if (seen[0] > 0 && seen[1] == 0)
        {
            return -1;
        }
        return seen[1] > 0 && seen[0] == 0 ? 1 : 0;
    }

    private static void visitColumns(final TypedExpr expr, final java.util.function.IntConsumer visitor)
    {
        if (expr instanceof TypedExpr.ColumnRef ref)
        {
            visitor.accept(ref.index());
        }
        else if (expr instanceof TypedExpr.Call call)
        {
            call.arguments().forEach(a -> visitColumns(a, visitor));
        }
        else if (expr instanceof TypedExpr.Lambda lambda)
        {
            visitColumns(lambda.body(), visitor);
        }
        else if (expr instanceof TypedExpr.LambdaParameter || expr instanceof TypedExpr.Subquery)
        {
            // a lambda's own parameter or a subquery with its own scope: no column of this input
        }
        else if (!(expr instanceof TypedExpr.Constant))
        {
            // lambdas and subqueries: treat as touching both sides so they stay in the residual
            visitor.accept(0);
            visitor.accept(Integer.MAX_VALUE);
        }
    }


    /** Rows of a {@code system.*} table: {@code system.one} here, the rest from the environment. */
    private Batch systemRows(final LogicalPlan.SystemTable table)
    {
        if (table.name().equals("one"))
        {
            final LongVector dummy = (LongVector)Vector.create(table.output().get(0).type(), 1);
            dummy.append(0);
            return new Batch(new Vector[] {dummy}, 1);
        }
        final QueryEnvironment.SystemTableSource source = context.environment().systemTables();
        if (source == null)
        {
            throw new MuonException(ErrorCodes.UNKNOWN_TABLE, "Table system." + table.name() +
                " is served by the server's catalog, which this embedded engine does not have");
        }
        return source.rows(table.name(), types(table.output()));
    }
}
