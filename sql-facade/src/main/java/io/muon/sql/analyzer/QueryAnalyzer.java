package io.muon.sql.analyzer;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.catalog.Catalog;
import io.muon.kernel.catalog.CatalogObject;
import io.muon.kernel.catalog.CatalogSnapshot;
import io.muon.kernel.catalog.ColumnEntry;
import io.muon.kernel.catalog.ObjectKind;
import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeId;
import io.muon.sql.ast.Expr;
import io.muon.sql.ast.Statement;
import io.muon.sql.function.TypeRules;
import io.muon.sql.parser.SqlParser;
import io.muon.sql.parser.SqlPrinter;
import io.muon.sql.plan.EmitSpec;
import io.muon.sql.plan.LogicalPlan;
import io.muon.sql.plan.LogicalPlan.Column;
import io.muon.sql.plan.QueryPlan;
import io.muon.sql.plan.TypedExpr;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a parsed query into a {@link QueryPlan}: resolves streams, views, CTEs, system tables and table functions
 * ({@code table}, {@code tumble}, {@code hop}, {@code session}, {@code dedup}, {@code numbers}), types every
 * expression, builds the aggregation, sorting and limiting nodes, classifies the query as streaming or bounded and
 * resolves its emit policy and settings. One instance analyzes one statement against one catalog snapshot.
 */
public final class QueryAnalyzer
{
    private static final int MAX_VIEW_DEPTH = 32;
    /** The streaming function numbering an aggregation's emits; the aggregation makes its value. */
    static final String EMIT_VERSION = "emit_version";

    private final CatalogSnapshot catalog;
    private final Map<String, Object> sessionSettings;
    private final boolean streamingByDefault;
    private final Deque<Map<String, Statement.Cte>> ctes = new ArrayDeque<>();
    private String database;
    private boolean streamingMode;
    private boolean joinUseNulls;
    private int viewDepth;

    /**
     * @param catalog            the catalog to resolve names in
     * @param database           the session's current database
     * @param sessionSettings    settings the session SET, already checked
     * @param streamingByDefault whether a plain {@code SELECT … FROM stream} tails the stream (streaming ports) or
     *                           reads it as a bounded table (batch ports); {@code query_mode} overrides it
     */
    public QueryAnalyzer(final CatalogSnapshot catalog, final String database, final Map<String, Object> sessionSettings,
        final boolean streamingByDefault)
    {
        this.catalog = catalog;
        this.database = database;
        this.sessionSettings = sessionSettings;
        this.streamingByDefault = streamingByDefault;
    }

    private record Built(LogicalPlan plan, boolean streaming, EmitSpec emit)
    {
    }

    /** A FROM item as built: its plan, whether it is unbounded, and where its window columns are (or -1). */
    record Source(LogicalPlan plan, boolean streaming, String name, String database, String table,
        int windowStart, int windowEnd)
    {
    }

    private Map<String, LogicalPlan.ExternalTable> externalTables = Map.of();

    /** The tables the client sent with this query, which unqualified names reach before streams. */
    public QueryAnalyzer externalTables(final Map<String, LogicalPlan.ExternalTable> tables)
    {
        this.externalTables = tables;
        return this;
    }

    /** Analyzes a whole query statement. */
    public QueryPlan analyze(final Statement.Query query)
    {
        final Map<String, Object> settings = new LinkedHashMap<>();
        collectSettings(query, settings);
        final Map<String, Object> effective = new HashMap<>(sessionSettings);
        effective.putAll(settings);
        effectiveSettings = effective;
        final Object mode = effective.get("query_mode");
        streamingMode = mode == null ? streamingByDefault : mode.equals("streaming");
        joinUseNulls = Boolean.TRUE.equals(effective.get("join_use_nulls"));
        implied.clear();
        final Built built = query(query);
        // settings the query implies (EMIT … LAST reads from that long ago), unless it or the session set them
        implied.forEach((name, value) ->
        {
            if (!effective.containsKey(name))
            {
                settings.put(name, value);
            }
        });
        return new QueryPlan(built.plan(), built.streaming(), built.emit(), settings, format(query));
    }

    /** The session's settings with the query's own SETTINGS over them, for {@code getSetting}. */
    private Map<String, Object> effectiveSettings = Map.of();

    /**
     * The value of a setting as the query sees it ({@code getSetting(name)}): its own SETTINGS, else the session's,
     * else the default; Code 115 for an unknown name (a {@code custom_} setting must be set).
     */
    Object setting(final String name)
    {
        final Object value = effectiveSettings.containsKey(name) ? effectiveSettings.get(name) :
            sessionSettings.get(name);
        return value != null ? value : defaultSetting(name);
    }

    /** The default value of a known setting; Code 115 for an unknown one. */
    static Object defaultSetting(final String name)
    {
        final QuerySettings.Definition definition = QuerySettings.all().get(name);
        if (definition == null)
        {
            throw QuerySettings.unknown(name);
        }
        return QuerySettings.check(name, definition.defaultValue());
    }

    /** Settings the query's own clauses imply, filled while it is analyzed. */
    private final Map<String, Object> implied = new LinkedHashMap<>();

    /** A subquery of an expression ({@code IN (SELECT …)}, scalar subqueries): same catalog, mode and CTEs. */
    QueryPlan subquery(final Statement.Query query)
    {
        final Built built = query(query);
        return new QueryPlan(built.plan(), built.streaming(), built.emit(), Map.of(), null);
    }

    private static void collectSettings(final Statement.Query query, final Map<String, Object> settings)
    {
        if (query instanceof Statement.Union union)
        {
            collectSettings(union.left(), settings);
            collectSettings(union.right(), settings);
            return;
        }
        for (final Statement.Setting setting : ((Statement.Select)query).settings())
        {
            settings.put(setting.name(), QuerySettings.check(setting.name(), settingValue(setting)));
        }
    }

    /** The value of a SETTINGS item or SET as a Java value: literals only. */
    public static Object settingValue(final Statement.Setting setting)
    {
        final Expr value = setting.value();
        if (value instanceof Expr.Literal literal)
        {
            final TypedExpr.Constant constant = ExpressionAnalyzer.literal(literal);
            return constant.value();
        }
        if (value instanceof Expr.Identifier identifier && identifier.parts().size() == 1)
        {
            return identifier.last();
        }
        throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Setting " + setting.name() +
            " needs a literal value, got " + SqlPrinter.print(value));
    }

    private static String format(final Statement.Query query)
    {
        if (query instanceof Statement.Union union)
        {
            final String right = format(union.right());
            return right != null ? right : format(union.left());
        }
        return ((Statement.Select)query).format();
    }

    private Built query(final Statement.Query query)
    {
        if (query instanceof Statement.Union)
        {
            return union(query);
        }
        return select((Statement.Select)query);
    }

    private Built union(final Statement.Query query)
    {
        final List<Statement.Query> parts = new ArrayList<>();
        flattenUnion(query, parts);
        final boolean all = allUnionsAll(query);
        final List<Built> built = new ArrayList<>();
        for (final Statement.Query part : parts)
        {
            built.add(query(part));
        }
        final List<Column> first = built.get(0).plan().output();
        final List<Column> output = new ArrayList<>();
        for (int c = 0; c < first.size(); c++)
        {
            final List<DataType> types = new ArrayList<>();
            for (final Built b : built)
            {
                if (b.plan().output().size() != first.size())
                {
                    throw new MuonException(ErrorCodes.UNION_ALL_RESULT_STRUCTURES_MISMATCH, "Different number of " +
                        "columns in UNION elements: " + first.size() + " and " + b.plan().output().size());
                }
                types.add(b.plan().output().get(c).type());
            }
            output.add(new Column(first.get(c).name(), TypeRules.leastSupertype(types)));
        }
        final List<LogicalPlan> inputs = new ArrayList<>();
        boolean streaming = false;
        for (final Built b : built)
        {
            streaming |= b.streaming();
            inputs.add(castTo(b.plan(), output));
        }
        return new Built(new LogicalPlan.Union(inputs, all, output), streaming, null);
    }

    private static void flattenUnion(final Statement.Query query, final List<Statement.Query> parts)
    {
        if (query instanceof Statement.Union union)
        {
            flattenUnion(union.left(), parts);
            flattenUnion(union.right(), parts);
        }
        else
        {
            parts.add(query);
        }
    }

    private static boolean allUnionsAll(final Statement.Query query)
    {
        if (query instanceof Statement.Union union)
        {
            return union.all() && allUnionsAll(union.left()) && allUnionsAll(union.right());
        }
        return true;
    }

    /** {@code plan} with its columns cast to {@code output}'s types where they differ. */
    private static LogicalPlan castTo(final LogicalPlan plan, final List<Column> output)
    {
        final List<Column> columns = plan.output();
        boolean same = true;
        final List<TypedExpr> expressions = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++)
        {
            final TypedExpr ref = new TypedExpr.ColumnRef(i, columns.get(i).name(), columns.get(i).type());
            if (columns.get(i).type().equals(output.get(i).type()))
            {
                expressions.add(ref);
            }
            else
            {
                same = false;
                expressions.add(new TypedExpr.Call("cast", List.of(ref, new TypedExpr.Constant(
                    output.get(i).type().clickHouseName(), DataType.STRING)), output.get(i).type()));
            }
        }
        return same ? plan : new LogicalPlan.Project(plan, expressions, output);
    }

    private Built select(final Statement.Select select)
    {
        final Map<String, Statement.Cte> local = new HashMap<>();
        for (final Statement.Cte cte : select.with())
        {
            if (cte.query() != null)
            {
                local.put(cte.name(), cte);
            }
        }
        ctes.push(local);
        try
        {
            return selectBody(select);
        }
        finally
        {
            ctes.pop();
        }
    }

    private Built selectBody(final Statement.Select select)
    {
        if (select.emit() != null && select.emit().last() != null)
        {
            return selectBody(lastX(select));
        }
        final Scope scope = new Scope();
        final Source source = select.from() == null ?
            new Source(new LogicalPlan.SystemTable("one", SystemTables.columns("one")), false, "one", "system", "one",
                -1, -1) :
            from(select.from(), scope);
        if (select.from() == null)
        {
            scope.addRelation("one", "system", "one", source.plan().output());
        }
        LogicalPlan plan = source.plan();
        final boolean streaming = source.streaming();
        for (final Statement.Cte cte : select.with())
        {
            if (cte.expr() != null)
            {
                scope.addAlias(cte.name(), cte.expr());
            }
        }
        for (final Expr item : select.projection())
        {
            if (item instanceof Expr.Aliased aliased)
            {
                scope.addAlias(aliased.alias(), aliased.expr());
            }
        }
        final ExpressionAnalyzer expressions = new ExpressionAnalyzer(this, scope, SqlPrinter.print(select), streaming);

        if (select.where() != null)
        {
            plan = JoinFilterPushdown.filter(plan, condition(expressions.analyze(select.where(), "WHERE", false),
                "WHERE"));
        }

        // the projection, with * expanded
        final List<Expr> projectionExprs = new ArrayList<>();
        final List<TypedExpr> projection = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        for (final Expr item : select.projection())
        {
            if (item instanceof Expr.Asterisk asterisk)
            {
                expandAsterisk(asterisk, scope, projectionExprs, projection, names);
                continue;
            }
            projectionExprs.add(item);
            projection.add(expressions.analyze(item, "SELECT", true));
            names.add(columnName(item, names));
        }
        final List<TypedExpr> groupBy = new ArrayList<>();
        for (final Expr key : select.groupBy())
        {
            final Integer position = position(key, projection.size(), "GROUP BY");
            groupBy.add(position != null ? projection.get(position) : expressions.analyze(key, "GROUP BY", false));
        }
        final TypedExpr having = select.having() == null ? null : expressions.analyze(select.having(), "HAVING", true);
        final List<TypedExpr> orderBy = new ArrayList<>();
        for (final Statement.OrderItem item : select.orderBy())
        {
            final Integer position = position(item.expr(), projection.size(), "ORDER BY");
            orderBy.add(position != null ? projection.get(position) : expressions.analyze(item.expr(), "ORDER BY", true));
        }
        final List<TypedExpr> limitByKeys = new ArrayList<>();
        if (select.limitBy() != null)
        {
            for (final Expr key : select.limitBy().by())
            {
                limitByKeys.add(expressions.analyze(key, "LIMIT BY", true));
            }
        }

        final List<TypedExpr.AggregateCall> aggregates = new ArrayList<>();
        for (final TypedExpr e : projection)
        {
            collectAggregates(e, aggregates);
        }
        if (having != null)
        {
            collectAggregates(having, aggregates);
        }
        for (final TypedExpr e : orderBy)
        {
            collectAggregates(e, aggregates);
        }
        for (final TypedExpr e : limitByKeys)
        {
            collectAggregates(e, aggregates);
        }
        final boolean emitVersion = projection.stream().anyMatch(e -> calls(e, EMIT_VERSION));
        final boolean aggregating = !groupBy.isEmpty() || !aggregates.isEmpty() || select.withTotals();
        if (emitVersion && !aggregating)
        {
            throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "emit_version() needs a streaming aggregation: it " +
                "numbers the aggregation's emits");
        }
        EmitSpec emit = null;
        List<TypedExpr> finalProjection = projection;
        List<TypedExpr> finalOrder = orderBy;
        List<TypedExpr> finalLimitBy = limitByKeys;
        if (aggregating)
        {
            final List<TypedExpr> keys = new ArrayList<>(groupBy);
            final boolean windowed = addWindowKeys(keys, source);
            emit = emit(select, streaming, true, windowed);
            final List<Column> output = new ArrayList<>();
            for (final TypedExpr key : keys)
            {
                output.add(new Column(io.muon.sql.plan.PlanPrinter.expression(key), key.type()));
            }
            for (final TypedExpr.AggregateCall aggregate : aggregates)
            {
                output.add(new Column(io.muon.sql.plan.PlanPrinter.expression(aggregate), aggregate.type()));
            }
            if (emitVersion && emit != null && emit.changelog())
            {
                throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "emit_version() cannot be used with EMIT " +
                    "CHANGELOG");
            }
            if (emit != null && emit.changelog())
            {
                output.add(new Column(DdlAnalyzer.TP_DELTA, DataType.INT8));
            }
            else if (emitVersion)
            {
                output.add(new Column(EMIT_VERSION + "()", DataType.INT64));
            }
            // over a changelog the aggregates take back the rows it deletes
            final LogicalPlan changelog = streaming && !windowed ? ChangelogAggregates.changelog(plan) : null;
            if (changelog == null && streaming && !windowed && ChangelogAggregates.hidesChangelog(plan))
            {
                throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "An aggregation over a keyed stream or a " +
                    "changelog read through a subquery or view cannot take back its rows yet; aggregate over the " +
                    "stream itself (filters may stay in WHERE)");
            }
            plan = new LogicalPlan.Aggregate(changelog == null ? plan : changelog, keys, changelog == null ?
                aggregates : ChangelogAggregates.retracting(aggregates, ChangelogAggregates.delta(changelog)),
                select.withTotals(), windowed, emit, emitVersion, output);
            final AggregateRewriter rewriter = new AggregateRewriter(keys, aggregates, output);
            if (having != null)
            {
                plan = new LogicalPlan.Filter(plan, condition(rewriter.rewrite(having), "HAVING"));
            }
            finalProjection = rewriter.rewriteAll(projection);
            if (emit != null && emit.changelog())
            {
                // the changelog's sign goes out as the last column, as Proton sends it
                finalProjection = new ArrayList<>(finalProjection);
                finalProjection.add(new TypedExpr.ColumnRef(output.size() - 1, DdlAnalyzer.TP_DELTA, DataType.INT8));
                names.add(DdlAnalyzer.TP_DELTA);
            }
            finalOrder = rewriter.rewriteAll(orderBy);
            finalLimitBy = rewriter.rewriteAll(limitByKeys);
        }
        else
        {
            emit(select, streaming, false, false);
            if (having != null)
            {
                plan = new LogicalPlan.Filter(plan, condition(having, "HAVING"));
            }
        }
        if (streaming && !aggregating && !select.orderBy().isEmpty())
        {
            throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "A streaming query without aggregation cannot ORDER " +
                "BY: an unbounded stream has no last row. Aggregate (e.g. over a window) or query table(...)");
        }
        plan = finish(select, plan, finalProjection, names, finalOrder, finalLimitBy);
        return new Built(plan, streaming, emit);
    }

    /** Projection, DISTINCT, ORDER BY, LIMIT BY and LIMIT over {@code input}. */
    private LogicalPlan finish(final Statement.Select select, final LogicalPlan input, final List<TypedExpr> projection,
        final List<String> names, final List<TypedExpr> orderBy, final List<TypedExpr> limitBy)
    {
        final List<TypedExpr> computed = new ArrayList<>(projection);
        final List<Column> columns = new ArrayList<>();
        for (int i = 0; i < projection.size(); i++)
        {
            columns.add(new Column(names.get(i), projection.get(i).type()));
        }
        final List<Integer> orderPositions = new ArrayList<>();
        for (final TypedExpr e : orderBy)
        {
            orderPositions.add(positionOf(e, computed, columns));
        }
        final List<Integer> limitByPositions = new ArrayList<>();
        for (final TypedExpr e : limitBy)
        {
            limitByPositions.add(positionOf(e, computed, columns));
        }
        LogicalPlan plan = new LogicalPlan.Project(input, computed, columns);
        if (select.distinct())
        {
            plan = new LogicalPlan.Distinct(plan, projection.size());
        }
        final long limit = select.limit() == null ? -1 : constantCount(select.limit(), "LIMIT");
        final long offset = select.offset() == null ? 0 : constantCount(select.offset(), "OFFSET");
        if (!orderBy.isEmpty())
        {
            final List<LogicalPlan.SortKey> keys = new ArrayList<>();
            for (int i = 0; i < orderBy.size(); i++)
            {
                final Statement.OrderItem item = select.orderBy().get(i);
                final int position = orderPositions.get(i);
                final Column column = columns.get(position);
                keys.add(new LogicalPlan.SortKey(new TypedExpr.ColumnRef(position, column.name(), column.type()),
                    item.descending(), item.nullsFirst() != null && item.nullsFirst()));
            }
            plan = new LogicalPlan.Sort(plan, keys, limit >= 0 && select.limitBy() == null ? limit + offset : -1);
        }
        if (select.limitBy() != null)
        {
            final List<TypedExpr> keys = new ArrayList<>();
            for (final int position : limitByPositions)
            {
                final Column column = columns.get(position);
                keys.add(new TypedExpr.ColumnRef(position, column.name(), column.type()));
            }
            plan = new LogicalPlan.LimitBy(plan, constantCount(select.limitBy().limit(), "LIMIT BY"),
                select.limitBy().offset() == null ? 0 : constantCount(select.limitBy().offset(), "LIMIT BY"), keys);
        }
        if (limit >= 0 || offset > 0)
        {
            plan = new LogicalPlan.Limit(plan, limit, offset);
        }
        if (computed.size() > projection.size())
        {
            final List<TypedExpr> visible = new ArrayList<>();
            for (int i = 0; i < projection.size(); i++)
            {
                visible.add(new TypedExpr.ColumnRef(i, columns.get(i).name(), columns.get(i).type()));
            }
            plan = new LogicalPlan.Project(plan, visible, columns.subList(0, projection.size()));
        }
        return plan;
    }

    private static int positionOf(final TypedExpr e, final List<TypedExpr> computed, final List<Column> columns)
    {
        final int found = computed.indexOf(e);
        if (found >= 0)
        {
            return found;
        }
        computed.add(e);
        columns.add(new Column("_order_" + computed.size(), e.type()));
        return computed.size() - 1;
    }

    /** {@code GROUP BY 2} / {@code ORDER BY 1}: the 0-based projection position of a positional argument, or null. */
    private static Integer position(final Expr key, final int projectionSize, final String clause)
    {
        if (key instanceof Expr.Literal literal && literal.kind() == Expr.LiteralKind.INTEGER)
        {
            final long position = ExpressionAnalyzer.parseInteger(literal.text()).longValue();
            if (position < 1 || position > projectionSize)
            {
                throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Positional argument " + position + " of " + clause +
                    " is out of bounds [1, " + projectionSize + "]");
            }
            return (int)position - 1;
        }
        return null;
    }

    private static long constantCount(final Expr expr, final String clause)
    {
        final TypedExpr typed = new ExpressionAnalyzer(null, new Scope(), clause, false).analyze(expr, clause, false);
        if (typed instanceof TypedExpr.Constant constant && constant.value() instanceof Long value &&
            constant.type().id().isInteger() && (value >= 0 || !constant.type().id().isSignedInteger()))
        {
            return value;
        }
        throw new MuonException(ErrorCodes.INVALID_LIMIT_EXPRESSION, "The value of " + clause + " expression " +
            SqlPrinter.print(expr) + " must be a non-negative integer constant");
    }

    private static TypedExpr condition(final TypedExpr predicate, final String clause)
    {
        final TypeId id = predicate.type().unwrapped().id();
        if (!(id.isInteger() || id == TypeId.BOOL || id == TypeId.NOTHING))
        {
            throw new MuonException(ErrorCodes.ILLEGAL_TYPE_OF_COLUMN_FOR_FILTER, "Illegal type " +
                predicate.type().clickHouseName() + " of column for filter in " + clause + ": it must be UInt8 or Bool");
        }
        return predicate;
    }

    private static String columnName(final Expr item, final List<String> taken)
    {
        if (item instanceof Expr.Aliased aliased)
        {
            return aliased.alias();
        }
        if (item instanceof Expr.Identifier identifier)
        {
            return taken.contains(identifier.last()) ? String.join(".", identifier.parts()) : identifier.last();
        }
        return ColumnNamer.name(item);
    }

    private static void expandAsterisk(final Expr.Asterisk asterisk, final Scope scope, final List<Expr> exprs,
        final List<TypedExpr> projection, final List<String> names)
    {
        final List<Scope.Relation> relations;
        if (asterisk.qualifier().isEmpty())
        {
            relations = scope.relations();
        }
        else
        {
            final Scope.Relation relation = scope.relation(asterisk.qualifier());
            if (relation == null)
            {
                throw new MuonException(ErrorCodes.UNKNOWN_IDENTIFIER, "Unknown qualifier " +
                    String.join(".", asterisk.qualifier()) + " of " + String.join(".", asterisk.qualifier()) + ".*");
            }
            relations = List.of(relation);
        }
        for (final String excluded : asterisk.except())
        {
            boolean known = false;
            for (final Scope.Relation relation : relations)
            {
                for (final Column column : relation.columns())
                {
                    known |= column.name().equals(excluded);
                }
            }
            if (!known)
            {
                throw new MuonException(ErrorCodes.UNKNOWN_IDENTIFIER, "Unknown column " + excluded + " in EXCEPT of " +
                    (asterisk.qualifier().isEmpty() ? "" : String.join(".", asterisk.qualifier()) + ".") + "*");
            }
        }
        for (final Scope.Relation relation : relations)
        {
            for (int i = 0; i < relation.columns().size(); i++)
            {
                final Column column = relation.columns().get(i);
                if (column.name().equals(DdlAnalyzer.TP_SN) || asterisk.except().contains(column.name()) ||
                    i >= relation.shown())
                {
                    continue;
                }
                final String name = names.contains(column.name()) && relation.name() != null ?
                    relation.name() + "." + column.name() : column.name();
                exprs.add(Expr.Identifier.of(column.name()));
                projection.add(new TypedExpr.ColumnRef(relation.offset() + i, column.name(), column.type()));
                names.add(name);
            }
        }
    }

    private static void collectAggregates(final TypedExpr e, final List<TypedExpr.AggregateCall> out)
    {
        if (e instanceof TypedExpr.AggregateCall aggregate)
        {
            if (!out.contains(aggregate))
            {
                out.add(aggregate);
            }
        }
        else if (e instanceof TypedExpr.Call call)
        {
            for (final TypedExpr argument : call.arguments())
            {
                collectAggregates(argument, out);
            }
        }
        else if (e instanceof TypedExpr.Lambda lambda)
        {
            collectAggregates(lambda.body(), out);
        }
    }

    /**
     * If the keys group by one window column of a window source, adds the other (they determine each other within a
     * window) and reports a windowed aggregation.
     */
    private static boolean addWindowKeys(final List<TypedExpr> keys, final Source source)
    {
        if (source.windowStart() < 0)
        {
            return false;
        }
        boolean hasStart = false;
        boolean hasEnd = false;
        for (final TypedExpr key : keys)
        {
            if (key instanceof TypedExpr.ColumnRef ref)
            {
                hasStart |= ref.index() == source.windowStart();
                hasEnd |= ref.index() == source.windowEnd();
            }
        }
        if (!hasStart && !hasEnd)
        {
            return false;
        }
        final List<Column> columns = source.plan().output();
        if (!hasStart)
        {
            final Column start = columns.get(source.windowStart());
            keys.add(new TypedExpr.ColumnRef(source.windowStart(), start.name(), start.type()));
        }
        if (!hasEnd)
        {
            final Column end = columns.get(source.windowEnd());
            keys.add(new TypedExpr.ColumnRef(source.windowEnd(), end.name(), end.type()));
        }
        return true;
    }

    /**
     * Proton 1.6's {@code EMIT … LAST d [ON PROCTIME]}, rewritten into today's forms as Proton does: the rows of the
     * last {@code d} of event time ({@code WHERE _tp_time >= now64(3, 'UTC') - d}, the stream read from {@code d}
     * ago unless {@code seek_to} says otherwise; no filter ON PROCTIME for tails and windows); a global aggregation
     * becomes a processing-time hop window of size {@code d} sliding by the emit period (default 2 s), so every
     * period emits the aggregation over the last {@code d}.
     */
    private Statement.Select lastX(final Statement.Select select)
    {
        final Statement.Emit emit = select.emit();
        // the EMIT without LAST, or none when LAST was all it said
        final boolean onlyLast = !emit.changelog() && emit.policy() == null && emit.delay() == null &&
            emit.timeout() == null && emit.periodic() == null && !emit.repeat() && emit.batch() == null;
        final Statement.Emit without = onlyLast ? null : new Statement.Emit(emit.changelog(), emit.policy(),
            emit.delay(), emit.timeout(), emit.periodic(), emit.repeat(), emit.batch(), null, emit.onProcessingTime());
        final Statement.Select plain = copy(select, select.from(), select.where(), select.groupBy(), without,
            select.settings());
        final LogicalPlan.Aggregate aggregate = aggregates(select) ? streamingAggregate(selectBody(plain).plan()) :
            null;
        final boolean global = aggregate != null && !aggregate.windowed();
        final long lastMs = millis(emit.last(), "EMIT … LAST");
        Expr where = select.where();
        if (global || !emit.onProcessingTime())
        {
            final Expr recent = new Expr.Binary(">=", Expr.Identifier.of(DdlAnalyzer.TP_TIME), new Expr.Binary("-",
                new Expr.Function("now64", List.of(), List.of(Expr.Literal.integer(3), Expr.Literal.string("UTC")),
                false), emit.last()));
            where = where == null ? recent : new Expr.Binary("AND", where, recent);
        }
        implied.put("seek_to", "-" + lastMs + "ms");
        final List<Statement.Setting> settings = select.settings();
        if (!global)
        {
            return copy(select, select.from(), where, select.groupBy(), without, settings);
        }
        final Expr source;
        final String alias;
        if (select.from() instanceof Statement.TableRef table)
        {
            source = table.name();
            alias = table.alias() != null ? table.alias() : table.name().last();
        }
        else if (select.from() instanceof Statement.TableFunction function)
        {
            source = function.call();
            alias = function.alias();
        }
        else if (select.from() instanceof Statement.SubqueryTable subquery)
        {
            source = new Expr.Subquery(subquery.query());
            alias = subquery.alias();
        }
        else
        {
            throw new MuonException(ErrorCodes.SYNTAX_ERROR, "EMIT … LAST reads one stream, not a join");
        }
        // a hop cannot slide by more than its size: a LAST shorter than the period emits every LAST
        final long periodMs = emit.periodic() != null ? millis(emit.periodic(), "EMIT PERIODIC") :
            EmitSpec.DEFAULT_PERIODIC_MS;
        final Expr period = periodMs <= lastMs && emit.periodic() != null ? emit.periodic() :
            new Expr.Interval(Expr.Literal.integer(Math.min(periodMs, lastMs)), "MILLISECOND");
        final Statement.TableFunction hop = new Statement.TableFunction(new Expr.Function("hop", List.of(),
            List.of(source, new Expr.Function("now64", List.of(), List.of(Expr.Literal.integer(3),
            Expr.Literal.string("UTC")), false), period, emit.last()), false), alias);
        final List<Expr> groupBy = new ArrayList<>(select.groupBy());
        groupBy.add(Expr.Identifier.of("window_end"));
        // each window closes on the clock: one emit per period, of the last d
        final Statement.Emit closing = new Statement.Emit(emit.changelog(), null, null, null, null, false, null,
            null, false);
        return copy(select, hop, where, groupBy, closing, settings);
    }

    private static Statement.Select copy(final Statement.Select select, final Statement.TableExpr from,
        final Expr where, final List<Expr> groupBy, final Statement.Emit emit, final List<Statement.Setting> settings)
    {
        return new Statement.Select(select.with(), select.distinct(), select.projection(), from, where, groupBy,
            select.withTotals(), select.having(), select.orderBy(), select.limitBy(), select.limit(), select.offset(),
            emit, settings, select.format());
    }

    /** The first streaming aggregation from the top of a plan: the SELECT's own, when it aggregates. */
    private static LogicalPlan.Aggregate streamingAggregate(final LogicalPlan plan)
    {
        if (plan instanceof LogicalPlan.Aggregate aggregate && aggregate.emit() != null)
        {
            return aggregate;
        }
        for (final LogicalPlan input : plan.inputs())
        {
            final LogicalPlan.Aggregate found = streamingAggregate(input);
            if (found != null)
            {
                return found;
            }
        }
        return null;
    }

    /** Whether a SELECT aggregates by itself (GROUP BY, or an aggregate in its list or HAVING; not in its FROM). */
    private static boolean aggregates(final Statement.Select select)
    {
        return !select.groupBy().isEmpty() || select.having() != null ||
            select.projection().stream().anyMatch(QueryAnalyzer::callsAggregate);
    }

    private static boolean callsAggregate(final Expr e)
    {
        if (e instanceof Expr.Function function)
        {
            final io.muon.sql.function.FunctionRegistry registry = io.muon.sql.function.FunctionRegistry.instance();
            final io.muon.sql.function.FunctionSignature signature = registry.find(function.name());
            if (signature != null && signature.isAggregate() || registry.findIfCombinator(function.name()) != null)
            {
                return true;
            }
            return function.arguments().stream().anyMatch(QueryAnalyzer::callsAggregate);
        }
        final List<Expr> parts;
        if (e instanceof Expr.Aliased aliased)
        {
            parts = List.of(aliased.expr());
        }
        else if (e instanceof Expr.Binary binary)
        {
            parts = List.of(binary.left(), binary.right());
        }
        else if (e instanceof Expr.Unary unary)
        {
            parts = List.of(unary.operand());
        }
        else if (e instanceof Expr.Cast cast)
        {
            parts = List.of(cast.operand());
        }
        else if (e instanceof Expr.Ternary ternary)
        {
            parts = List.of(ternary.condition(), ternary.then(), ternary.otherwise());
        }
        else if (e instanceof Expr.Case caseExpr)
        {
            final List<Expr> all = new ArrayList<>(caseExpr.whens());
            all.addAll(caseExpr.thens());
            if (caseExpr.otherwise() != null)
            {
                all.add(caseExpr.otherwise());
            }
            parts = all;
        }
        else if (e instanceof Expr.ArrayLiteral array)
        {
            parts = array.elements();
        }
        else if (e instanceof Expr.TupleLiteral tuple)
        {
            parts = tuple.elements();
        }
        else
        {
            parts = List.of();
        }
        return parts.stream().anyMatch(QueryAnalyzer::callsAggregate);
    }

    /** Whether {@code e} calls {@code function} anywhere. */
    private static boolean calls(final TypedExpr e, final String function)
    {
        if (e instanceof TypedExpr.Call call)
        {
            return call.function().equals(function) || call.arguments().stream().anyMatch(a -> calls(a, function));
        }
        return false;
    }

    private EmitSpec emit(final Statement.Select select, final boolean streaming, final boolean aggregating,
        final boolean windowed)
    {
        final Statement.Emit clause = select.emit();
        if (!streaming)
        {
            if (clause != null)
            {
                throw new MuonException(ErrorCodes.INCORRECT_QUERY, "EMIT applies to streaming queries; this query " +
                    "is bounded (it reads table(...), a batch port or query_mode='table')");
            }
            return null;
        }
        if (!aggregating)
        {
            if (clause != null)
            {
                throw new MuonException(ErrorCodes.INCORRECT_QUERY, "EMIT needs an aggregation: a streaming query " +
                    "without one emits every row as it arrives");
            }
            return null;
        }
        if (clause == null)
        {
            return windowed ?
                new EmitSpec(EmitSpec.Policy.AFTER_WINDOW_CLOSE, false, 0, 0, 0, false, 0, 0, false) :
                new EmitSpec(EmitSpec.Policy.PERIODIC, false, 0, 0, EmitSpec.DEFAULT_PERIODIC_MS, false, 0, 0, false);
        }
        EmitSpec.Policy policy;
        if (clause.policy() == null)
        {
            policy = windowed ? EmitSpec.Policy.AFTER_WINDOW_CLOSE : EmitSpec.Policy.PERIODIC;
        }
        else
        {
            policy = EmitSpec.Policy.valueOf(clause.policy().name());
        }
        if (policy == EmitSpec.Policy.AFTER_WINDOW_CLOSE && !windowed)
        {
            throw new MuonException(ErrorCodes.INCORRECT_QUERY, "EMIT AFTER WINDOW CLOSE needs a windowed " +
                "aggregation: GROUP BY window_start or window_end of tumble(), hop() or session()");
        }
        long periodic = millis(clause.periodic(), "EMIT PERIODIC");
        if (policy == EmitSpec.Policy.PERIODIC && periodic == 0)
        {
            periodic = EmitSpec.DEFAULT_PERIODIC_MS;
        }
        final long batch = millis(clause.batch(), "EMIT ON UPDATE WITH BATCH");
        return new EmitSpec(policy, clause.changelog(), millis(clause.delay(), "EMIT … WITH DELAY"),
            millis(clause.timeout(), "EMIT … AND TIMEOUT"), periodic, clause.repeat(), batch,
            millis(clause.last(), "EMIT … LAST"), clause.onProcessingTime());
    }

    private static long millis(final Expr expr, final String clause)
    {
        if (expr == null)
        {
            return 0;
        }
        final TypedExpr.IntervalValue interval = intervalConstant(expr, clause);
        if (interval.unit().isCalendar())
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, clause + " needs a fixed-length interval, not " + interval);
        }
        return interval.approximateNanos() / 1_000_000;
    }

    private static TypedExpr.IntervalValue intervalConstant(final Expr expr, final String clause)
    {
        final TypedExpr typed = new ExpressionAnalyzer(null, new Scope(), clause, false).analyze(expr, clause, false);
        if (typed instanceof TypedExpr.Constant constant && constant.value() instanceof TypedExpr.IntervalValue interval)
        {
            if (interval.amount() <= 0)
            {
                throw new MuonException(ErrorCodes.BAD_ARGUMENTS, clause + " needs a positive interval, got " + interval);
            }
            return interval;
        }
        throw new MuonException(ErrorCodes.BAD_ARGUMENTS, clause + " needs an interval constant such as 5s or " +
            "INTERVAL 5 SECOND, got " + SqlPrinter.print(expr));
    }

    // ---- FROM ----

    private Source from(final Statement.TableExpr table, final Scope scope)
    {
        if (table instanceof Statement.Join join)
        {
            return join(join, scope);
        }
        final Source source = relation(table);
        final int offset = scope.columns().size();
        scope.addRelation(source.name(), source.database(), source.table(), source.plan().output(), shown(source));
        return new Source(source.plan(), source.streaming(), source.name(), source.database(), source.table(),
            source.windowStart() < 0 ? -1 : offset + source.windowStart(),
            source.windowEnd() < 0 ? -1 : offset + source.windowEnd());
    }

    private Source join(final Statement.Join join, final Scope scope)
    {
        final Source left = from(join.left(), scope);
        final int leftWidth = left.plan().output().size();
        final Source rightSource = relation(join.right());
        final boolean nullableRight = joinUseNulls && (join.kind().equals("LEFT") || join.kind().equals("FULL"));
        final boolean nullableLeft = joinUseNulls && (join.kind().equals("RIGHT") || join.kind().equals("FULL"));
        final List<Column> rightColumns = nullable(rightSource.plan().output(), nullableRight);
        final List<Column> leftColumns = nullable(left.plan().output(), nullableLeft);
        final int rightOffset = scope.columns().size();
        scope.addRelation(rightSource.name(), rightSource.database(), rightSource.table(), rightColumns,
            Math.min(rightColumns.size(), shown(rightSource)));
        // two versioned streams join into a changelog: _tp_delta says whether a joined row comes or goes
        final boolean changelog = keyed(left.plan()) && keyed(rightSource.plan());
        if (changelog)
        {
            // the join's _tp_delta, which an unqualified name means even when a changelog_kv side has its own
            scope.addRelation(null, null, null, List.of(new Column(DdlAnalyzer.TP_DELTA, DataType.INT8)));
            scope.prefer(DdlAnalyzer.TP_DELTA, scope.columns().size() - 1);
        }
        final ExpressionAnalyzer expressions = new ExpressionAnalyzer(this, scope, "JOIN",
            left.streaming() || rightSource.streaming());
        TypedExpr condition = null;
        if (join.on() != null)
        {
            condition = condition(expressions.analyze(join.on(), "JOIN ON", false), "JOIN ON");
            condition = withTimeRanges(condition, left.plan().output(), rightOffset, rightColumns);
        }
        else if (!join.using().isEmpty())
        {
            for (final String column : join.using())
            {
                scope.addUsingColumn(column);
                final int leftIndex = scope.resolve(List.of(column));
                int rightIndex = -1;
                for (int i = 0; i < rightColumns.size() && rightIndex < 0; i++)
                {
                    rightIndex = rightColumns.get(i).name().equals(column) ? i : -1;
                }
                if (leftIndex < 0 || leftIndex >= rightOffset)
                {
                    throw new MuonException(ErrorCodes.UNKNOWN_IDENTIFIER, "USING column " + column +
                        " is not a column of the left side of the join");
                }
                if (rightIndex < 0)
                {
                    throw new MuonException(ErrorCodes.UNKNOWN_IDENTIFIER, "USING column " + column +
                        " is not a column of the right side of the join");
                }
                final TypedExpr l = new TypedExpr.ColumnRef(leftIndex, column, scope.columns().get(leftIndex).type());
                final TypedExpr r = new TypedExpr.ColumnRef(rightOffset + rightIndex, column,
                    rightColumns.get(rightIndex).type());
                final TypedExpr equals = new TypedExpr.Call("equals", List.of(l, r),
                    TypeRules.propagateNullable(DataType.UINT8, List.of(l.type(), r.type())));
                condition = condition == null ? equals : new TypedExpr.Call("and", List.of(condition, equals),
                    TypeRules.propagateNullable(DataType.UINT8, List.of(condition.type(), equals.type())));
            }
        }
        else if (!join.kind().equals("CROSS") && !join.kind().equals("COMMA"))
        {
            throw new MuonException(ErrorCodes.INVALID_JOIN_ON_EXPRESSION, join.kind() + " JOIN needs ON or USING");
        }
        final List<Column> output = new ArrayList<>(leftColumns);
        output.addAll(rightColumns);
        if (changelog)
        {
            output.add(new Column(DdlAnalyzer.TP_DELTA, DataType.INT8));
        }
        final String kind = join.kind().equals("COMMA") ? "CROSS" : join.kind();
        final LogicalPlan plan = new LogicalPlan.Join(left.plan(), rightSource.plan(), kind, join.strictness(),
            condition, output, join.using());
        return new Source(plan, left.streaming() || rightSource.streaming(), left.name(), left.database(),
            left.table(), left.windowStart(), left.windowEnd());
    }

    /**
     * Puts every {@code date_diff_within} and {@code lag_behind} of a join condition in one form: {@code (range, left
     * time, right time)}. Proton writes the range alone (both sides' {@code _tp_time}), first or last.
     */
    private static TypedExpr withTimeRanges(final TypedExpr expr, final List<Column> leftColumns,
        final int rightOffset, final List<Column> rightColumns)
    {
        if (!(expr instanceof TypedExpr.Call call))
        {
            return expr;
        }
        final List<TypedExpr> arguments = new ArrayList<>();
        call.arguments().forEach(a -> arguments.add(withTimeRanges(a, leftColumns, rightOffset, rightColumns)));
        final String function = call.function();
        if (!function.equals("date_diff_within") && !function.equals("lag_behind"))
        {
            return new TypedExpr.Call(call.function(), arguments, call.type());
        }
        final List<TypedExpr> ordered = new ArrayList<>();
        if (arguments.size() == 1)
        {
            final int left = indexOf(leftColumns, "_tp_time");
            final int right = indexOf(rightColumns, "_tp_time");
            if (left < 0 || right < 0)
            {
                throw new MuonException(ErrorCodes.BAD_ARGUMENTS, function + "(range) compares the _tp_time " +
                    "of both sides, which the " + (left < 0 ? "left" : "right") + " side does not have: name the " +
                    "columns, " + function + "(range, left.time, right.time)");
            }
            ordered.add(arguments.get(0));
            ordered.add(new TypedExpr.ColumnRef(left, "_tp_time", leftColumns.get(left).type()));
            ordered.add(new TypedExpr.ColumnRef(rightOffset + right, "_tp_time", rightColumns.get(right).type()));
        }
        else if (arguments.size() == 3)
        {
            final boolean rangeLast = isInterval(arguments.get(2)) && !isInterval(arguments.get(0));
            ordered.add(arguments.get(rangeLast ? 2 : 0));
            ordered.add(arguments.get(rangeLast ? 0 : 1));
            ordered.add(arguments.get(rangeLast ? 1 : 2));
        }
        else
        {
            throw new MuonException(ErrorCodes.NUMBER_OF_ARGUMENTS_DOESNT_MATCH, "Number of arguments for function " +
                function + " doesn't match: passed " + arguments.size() + ", should be 1 or 3");
        }
        if (!(ordered.get(0) instanceof TypedExpr.Constant range) || range.value() == null)
        {
            throw new MuonException(ErrorCodes.ILLEGAL_TYPE_OF_ARGUMENT, "The first argument of " + function +
                " must be a constant interval (10s, INTERVAL 1 MINUTE) or number");
        }
        for (int i = 1; i < 3; i++)
        {
            final io.muon.kernel.type.TypeId id = ordered.get(i).type().unwrapped().id();
            if (!id.isDateOrTime() && !id.isNumber())
            {
                throw new MuonException(ErrorCodes.ILLEGAL_TYPE_OF_ARGUMENT, "Illegal type " +
                    ordered.get(i).type().clickHouseName() + " of argument of function " + function + ": the " +
                    "columns it compares must be times or numbers");
            }
        }
        return new TypedExpr.Call(function, ordered, call.type());
    }

    private static boolean isInterval(final TypedExpr expr)
    {
        return expr.type().unwrapped().id() == io.muon.kernel.type.TypeId.INTERVAL;
    }

    private static int indexOf(final List<Column> columns, final String name)
    {
        for (int i = 0; i < columns.size(); i++)
        {
            if (columns.get(i).name().equals(name))
            {
                return i;
            }
        }
        return -1;
    }

    /** A streaming read of a keyed stream. */
    private static boolean keyed(final LogicalPlan plan)
    {
        return plan instanceof LogicalPlan.LatestPerKey latest &&
            latest.input() instanceof LogicalPlan.StreamScan scan && scan.streaming();
    }

    private static List<Column> nullable(final List<Column> columns, final boolean wrap)
    {
        if (!wrap)
        {
            return columns;
        }
        final List<Column> out = new ArrayList<>();
        for (final Column column : columns)
        {
            out.add(new Column(column.name(), TypeRules.nullable(column.type())));
        }
        return out;
    }

    /** One FROM item that is not a join. */
    private Source relation(final Statement.TableExpr table)
    {
        if (table instanceof Statement.TableRef ref)
        {
            final Source source = named(ref.name(), streamingMode);
            return ref.alias() == null ? source : new Source(source.plan(), source.streaming(), ref.alias(),
                source.database(), source.table(), source.windowStart(), source.windowEnd());
        }
        if (table instanceof Statement.SubqueryTable subquery)
        {
            final Built built = query(subquery.query());
            return new Source(built.plan(), built.streaming(), subquery.alias(), null, null, -1, -1);
        }
        if (table instanceof Statement.TableFunction function)
        {
            final Source source = TableFunctions.resolve(this, function.call());
            return function.alias() == null ? source : new Source(source.plan(), source.streaming(), function.alias(),
                source.database(), source.table(), source.windowStart(), source.windowEnd());
        }
        throw new MuonException(ErrorCodes.LOGICAL_ERROR, "Unexpected FROM item " + table);
    }

    /** A named stream, view, CTE or system table; {@code streaming} false inside {@code table(...)}. */
    Source named(final Expr.Identifier name, final boolean streaming)
    {
        if (name.parts().size() == 1)
        {
            for (final Map<String, Statement.Cte> level : ctes)
            {
                final Statement.Cte cte = level.get(name.last());
                if (cte != null)
                {
                    final boolean saved = streamingMode;
                    streamingMode = streaming;
                    try
                    {
                        final Built built = query(cte.query());
                        return new Source(built.plan(), built.streaming(), cte.name(), null, cte.name(), -1, -1);
                    }
                    finally
                    {
                        streamingMode = saved;
                    }
                }
            }
        }
        final LogicalPlan.ExternalTable external = name.parts().size() == 1 ? externalTables.get(name.last()) : null;
        if (external != null)
        {
            return new Source(external, false, external.name(), null, external.name(), -1, -1);
        }
        final String db = DdlAnalyzer.database(name, database);
        final String object = name.last();
        if (db.equals("system"))
        {
            final List<Column> columns = SystemTables.columns(object);
            if (columns == null)
            {
                throw new MuonException(ErrorCodes.UNKNOWN_TABLE, "Table system." + object + " doesn't exist" +
                    hint(SystemTables.names(), object, "system."));
            }
            final LogicalPlan plan = object.equals("numbers") ? new LogicalPlan.Numbers(0, -1, columns) :
                new LogicalPlan.SystemTable(object, columns);
            return new Source(plan, false, object, "system", object, -1, -1);
        }
        if (!catalog.hasDatabase(db))
        {
            throw new MuonException(ErrorCodes.UNKNOWN_DATABASE, "Database " + db + " doesn't exist" +
                hint(catalog.databases(), db, ""));
        }
        final CatalogObject found = catalog.find(db, object);
        if (found == null)
        {
            throw new MuonException(ErrorCodes.UNKNOWN_TABLE, "Stream " + db + "." + object + " doesn't exist" +
                hint(catalog.objects(db).keySet(), object, db + "."));
        }
        return object(found, streaming);
    }

    private static String hint(final Iterable<String> names, final String name, final String prefix)
    {
        final String closest = Catalog.closest(names, name);
        return closest == null ? "" : ". Maybe you meant " + prefix + closest;
    }

    private Source object(final CatalogObject object, final boolean streaming)
    {
        switch (object.kind())
        {
            case VIEW:
            {
                final Built built = view(object, streaming);
                return new Source(built.plan(), built.streaming(), object.name(), object.database(), object.name(), -1,
                    -1);
            }
            case MATERIALIZED_VIEW:
            {
                if (object.target() != null)
                {
                    final String[] target = object.target().split("\\.", 2);
                    final CatalogObject stream = catalog.find(target[0], target[1]);
                    if (stream == null)
                    {
                        throw new MuonException(ErrorCodes.UNKNOWN_TABLE, "Target stream " + object.target() +
                            " of materialized view " + object.qualifiedName() + " doesn't exist");
                    }
                    return scan(stream, streaming, object.name());
                }
                if (object.columns().isEmpty())
                {
                    final CatalogObject withColumns = new CatalogObject(object.kind(), object.database(), object.name(),
                        object.id(), object.schemaVersion(), viewColumns(object), object.mode(), object.orderBy(),
                        object.partitionBy(), object.primaryKey(), object.ttl(), object.settings(), object.query(),
                        object.target(), object.comment());
                    return scan(withColumns, streaming, object.name());
                }
                return scan(object, streaming, object.name());
            }
            case RANDOM_STREAM:
                return random(object, streaming);
            default:
                return scan(object, streaming, object.name());
        }
    }

    /** Proton's default {@code eps} of a random stream: rows per second. */
    static final double DEFAULT_RANDOM_EPS = 1000;
    /** Proton's default {@code interval_time} of a random stream, in milliseconds. */
    static final long DEFAULT_RANDOM_INTERVAL_MS = 5;
    /** Rows of {@code table(random_stream)} when eps is 0 (ClickHouse's default max_block_size). */
    static final long RANDOM_BLOCK_ROWS = 65_409;

    private Source random(final CatalogObject stream, final boolean streaming)
    {
        final String epsText = stream.settings().get("eps");
        double eps = DEFAULT_RANDOM_EPS;
        if (epsText != null)
        {
            try
            {
                eps = Double.parseDouble(epsText.trim());
            }
            catch (final NumberFormatException e)
            {
                eps = -1;
            }
            if (!(eps >= 0) || Double.isInfinite(eps))
            {
                throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Setting eps of random stream " +
                    stream.qualifiedName() + " must be a number of rows per second, 0 or more, not '" + epsText + "'");
            }
            eps = eps < 0.00001 ? 0 : eps;
        }
        final String intervalText = stream.settings().get("interval_time");
        final long interval = intervalText == null ? DEFAULT_RANDOM_INTERVAL_MS : Long.parseLong(intervalText.trim());
        if (interval <= 0 || interval > 1000)
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Setting interval_time of random stream " +
                stream.qualifiedName() + " must be from 1 to 1000 milliseconds, not " + interval);
        }
        final List<TypedExpr> values = InsertAnalyzer.storedColumns(this, stream, List.of());
        final List<Column> columns = new ArrayList<>();
        for (final ColumnEntry column : stream.columns())
        {
            columns.add(new Column(column.name(), column.type()));
        }
        columns.add(new Column(DdlAnalyzer.TP_SN, DataType.INT64));
        final long bounded = eps > 0 ? (long)Math.ceil(eps) : RANDOM_BLOCK_ROWS;
        return new Source(new LogicalPlan.RandomScan(stream, streaming, values, eps, interval, bounded, columns),
            streaming, stream.name(), stream.database(), stream.name(), -1, -1);
    }

    private Source scan(final CatalogObject stream, final boolean streaming, final String name)
    {
        if (io.muon.sql.external.ExternalStreams.isExternal(stream))
        {
            // the data is elsewhere: the declared columns, then what the external system tells of each row
            return new Source(new LogicalPlan.StreamScan(stream, streaming,
                io.muon.sql.external.ExternalStreams.scanColumns(stream)), streaming, name, stream.database(),
                stream.name(), -1, -1);
        }
        final List<Column> columns = new ArrayList<>();
        for (final ColumnEntry column : stream.columns())
        {
            columns.add(new Column(column.name(), column.type()));
        }
        columns.add(new Column(DdlAnalyzer.TP_SN, DataType.INT64));
        final Source source = new Source(new LogicalPlan.StreamScan(stream, streaming, columns), streaming, name,
            stream.database(), stream.name(), -1, -1);
        if (stream.mode() == io.muon.kernel.catalog.StreamMode.APPEND || stream.primaryKey() == null ||
            stream.kind() != io.muon.kernel.catalog.ObjectKind.STREAM)
        {
            return source;
        }
        // a keyed stream stands for the latest row of each primary key
        final ExpressionAnalyzer over = analyzerOver(source, "PRIMARY KEY");
        final List<TypedExpr> keys = new ArrayList<>();
        for (final Expr key : primaryKey(stream))
        {
            keys.add(over.analyze(key, "PRIMARY KEY", false));
        }
        final String versionColumn = stream.settings().get("version_column");
        final TypedExpr version = over.analyze(Expr.Identifier.of(versionColumn == null ? DdlAnalyzer.TP_TIME :
            versionColumn), "version_column", false);
        final LogicalPlan latest = new LogicalPlan.LatestPerKey(source.plan(), keys, version, columns.size() - 1,
            indexOf(columns, DdlAnalyzer.TP_DELTA));
        return new Source(latest, streaming, name, stream.database(), stream.name(), -1, -1);
    }

    /** The expressions of a stream's PRIMARY KEY as written ({@code k}, {@code (k, kk)}, {@code a || b}). */
    static List<Expr> primaryKey(final CatalogObject stream)
    {
        final Expr parsed = SqlParser.parseExpression("f(" + stream.primaryKey() + ")");
        List<Expr> keys = parsed instanceof Expr.Function f ? f.arguments() : List.of();
        if (keys.size() == 1 && keys.get(0) instanceof Expr.Function tuple && tuple.name().equalsIgnoreCase("tuple"))
        {
            keys = tuple.arguments();
        }
        else if (keys.size() == 1 && keys.get(0) instanceof Expr.TupleLiteral tuple)
        {
            keys = tuple.elements();
        }
        return keys;
    }

    private Built view(final CatalogObject view, final boolean streaming)
    {
        if (++viewDepth > MAX_VIEW_DEPTH)
        {
            throw new MuonException(ErrorCodes.TOO_DEEP_AST, "Views nest deeper than " + MAX_VIEW_DEPTH +
                " levels (a view that refers to itself?): " + view.qualifiedName());
        }
        final String savedDatabase = database;
        final boolean savedMode = streamingMode;
        final Deque<Map<String, Statement.Cte>> savedCtes = new ArrayDeque<>(ctes);
        database = view.database();
        streamingMode = streaming;
        ctes.clear();
        try
        {
            return query((Statement.Query)SqlParser.parse(view.query()));
        }
        finally
        {
            database = savedDatabase;
            streamingMode = savedMode;
            ctes.clear();
            ctes.addAll(savedCtes);
            viewDepth--;
        }
    }

    /** The result columns of a view's query (the columns a materialized view without INTO keeps), plus _tp_time. */
    List<ColumnEntry> viewColumns(final CatalogObject view)
    {
        final Built built = view(view, true);
        final List<ColumnEntry> columns = new ArrayList<>();
        boolean hasTime = false;
        for (final Column column : built.plan().output())
        {
            columns.add(ColumnEntry.of(column.name(), column.type()));
            hasTime |= column.name().equals(DdlAnalyzer.TP_TIME);
        }
        if (!hasTime && view.kind() == ObjectKind.MATERIALIZED_VIEW)
        {
            columns.add(ColumnEntry.of(DdlAnalyzer.TP_TIME, DataType.TP_TIME));
        }
        return columns;
    }

    /** Analyzes a subquery as a FROM source (for table functions over subqueries). */
    Source subquerySource(final Statement.Query query, final String alias)
    {
        final Built built = query(query);
        return new Source(built.plan(), built.streaming(), alias, null, null, -1, -1);
    }

    boolean streamingMode()
    {
        return streamingMode;
    }

    /** How many of a source's columns {@code SELECT *} shows: an external stream's virtual columns are left out. */
    private static int shown(final Source source)
    {
        return source.plan() instanceof LogicalPlan.StreamScan scan &&
            io.muon.sql.external.ExternalStreams.isExternal(scan.stream()) ? scan.stream().columns().size() :
            source.plan().output().size();
    }

    /** An expression analyzer over the columns of {@code source} alone (window time columns, dedup keys). */
    ExpressionAnalyzer analyzerOver(final Source source, final String text)
    {
        final Scope scope = new Scope();
        scope.addRelation(source.name(), source.database(), source.table(), source.plan().output());
        return new ExpressionAnalyzer(this, scope, text, source.streaming());
    }

    static TypedExpr.IntervalValue interval(final Expr expr, final String clause)
    {
        return intervalConstant(expr, clause);
    }

    static long count(final Expr expr, final String clause)
    {
        return constantCount(expr, clause);
    }
}
