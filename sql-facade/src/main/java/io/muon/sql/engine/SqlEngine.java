package io.muon.sql.engine;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.catalog.Catalog;
import io.muon.kernel.catalog.CatalogObject;
import io.muon.kernel.catalog.CatalogSnapshot;
import io.muon.kernel.catalog.ColumnEntry;
import io.muon.kernel.catalog.ObjectKind;
import io.muon.kernel.type.DataType;
import io.muon.sql.analyzer.AlterAnalyzer;
import io.muon.sql.analyzer.DdlAnalyzer;
import io.muon.sql.analyzer.QueryAnalyzer;
import io.muon.sql.analyzer.QuerySettings;
import io.muon.sql.analyzer.Users;
import io.muon.sql.ast.Statement;
import io.muon.sql.parser.SqlParser;
import io.muon.sql.parser.SqlPrinter;
import io.muon.sql.plan.LogicalPlan;
import io.muon.sql.plan.PlanPrinter;
import io.muon.sql.plan.QueryPlan;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The door front ends use for SQL: parses a statement, analyzes it and carries it out against the catalog. This
 * covers DDL and metadata statements (CREATE, DROP, RENAME, USE, SET, SHOW, DESCRIBE, EXPLAIN); queries are
 * analyzed into a {@link QueryPlan} ({@link #plan}) for the query engine to run. Thread-safe: catalog changes are
 * serialized by the catalog.
 */
public final class SqlEngine
{
    private static final Set<ObjectKind> STREAM_KINDS =
        EnumSet.of(ObjectKind.STREAM, ObjectKind.RANDOM_STREAM, ObjectKind.EXTERNAL_STREAM);

    private final Catalog catalog;
    private final io.muon.kernel.stream.StreamStore store;

    /** An engine over a catalog and the streams' data ({@code store}, owned and closed by the caller). */
    private final Map<String, SystemTableRows.RunningQuery> running = new java.util.concurrent.ConcurrentHashMap<>();

    public SqlEngine(final Catalog catalog, final io.muon.kernel.stream.StreamStore store)
    {
        this.catalog = catalog;
        this.store = store;
        store.layouts(stream ->
        {
            try
            {
                return new io.muon.sql.exec.SqlStorageLayout(io.muon.sql.analyzer.StorageKeyAnalyzer.analyze(
                    catalog.snapshot(), stream));
            }
            catch (final RuntimeException e)
            {
                System.err.println("The keys of " + stream.qualifiedName() + " cannot be compiled (" + e.getMessage() +
                    "); its parts are sorted by _tp_time and not partitioned");
                return io.muon.kernel.stream.StreamStore.defaultLayout(stream);
            }
        });
        final java.util.Set<Long> live = new java.util.HashSet<>();
        final io.muon.kernel.catalog.CatalogSnapshot known = catalog.snapshot();
        for (final String database : known.databases())
        {
            known.objects(database).values().forEach(object -> live.add(object.id()));
        }
        store.removeOrphans(live);
        this.keyedStates = new KeyedStates(this, catalog, store);
        this.views = new MaterializedViews(this, store);
        // the materialized views run from the engine's start (those created paused wait for SYSTEM RESUME)
        final io.muon.kernel.catalog.CatalogSnapshot snapshot = catalog.snapshot();
        for (final String database : snapshot.databases())
        {
            for (final CatalogObject object : snapshot.objects(database).values())
            {
                if (object.kind() == ObjectKind.MATERIALIZED_VIEW)
                {
                    views.start(object, true);
                }
            }
        }
        keyedStates.start();
    }

    private final MaterializedViews views;
    /** The kept latest rows of keyed streams, and the thread that keeps them. */
    private final KeyedStates keyedStates;

    public Catalog catalog()
    {
        return catalog;
    }

    private io.muon.kernel.streaming.StreamingRuntime streamingRuntime;

    /** The event-loop agents of streaming queries, started with the first one. */
    private synchronized io.muon.kernel.streaming.StreamingRuntime streamingRuntime()
    {
        if (streamingRuntime == null)
        {
            streamingRuntime = new io.muon.kernel.streaming.StreamingRuntime();
        }
        return streamingRuntime;
    }

    /** Streaming queries running on the agents (0 before the first). */
    public synchronized int runningStreamingQueries()
    {
        return streamingRuntime == null ? 0 : streamingRuntime.running();
    }

    /**
     * Stops the materialized views and the streaming agents: running streaming queries end with an error and free
     * what they hold.
     */
    public void close()
    {
        views.close();
        keyedStates.close();
        closeRuntime();
    }

    private synchronized void closeRuntime()
    {
        if (streamingRuntime != null)
        {
            streamingRuntime.close();
            streamingRuntime = null;
        }
    }

    /** The stream a TRUNCATE or OPTIMIZE names (null when it is missing and {@code ifExists}). */
    /**
     * The ID of the partition whose key has the value of {@code value} (a tuple for a key of several elements), as
     * ClickHouse names it in a part's name.
     */
    private String partitionId(final CatalogObject stream, final io.muon.sql.ast.Expr value, final Session session)
    {
        final List<io.muon.sql.plan.TypedExpr> key = io.muon.sql.analyzer.StorageKeyAnalyzer.analyze(
            catalog.snapshot(), stream).partitionKey();
        if (value instanceof io.muon.sql.ast.Expr.Function empty && empty.name().equalsIgnoreCase("tuple") &&
            empty.arguments().isEmpty())
        {
            // the value of an empty key: how ClickHouse names the only partition of an unpartitioned table
            if (!key.isEmpty())
            {
                throw new MuonException(ErrorCodes.INVALID_PARTITION_VALUE, "Partition tuple() has 0 elements; the " +
                    "partition key of " + stream.qualifiedName() + " has " + key.size());
            }
            return io.muon.kernel.part.PartitionId.ALL;
        }
        final io.muon.kernel.vector.Vector given;
        try (QueryCursor cursor = start("SELECT " + io.muon.sql.parser.SqlPrinter.print(value), session,
            java.util.UUID.randomUUID().toString(), "default").cursor())
        {
            given = cursor.next().column(0);
        }
        final List<DataType> keyTypes = key.stream().map(io.muon.sql.plan.TypedExpr::type).toList();
        final io.muon.kernel.vector.Vector[] values = new io.muon.kernel.vector.Vector[keyTypes.size()];
        final boolean tuple = given instanceof io.muon.kernel.vector.TupleVector;
        final int width = tuple ? ((io.muon.kernel.vector.TupleVector)given).width() : 1;
        if (width != values.length && !(values.length == 0 && tuple && width == 0))
        {
            throw new MuonException(ErrorCodes.INVALID_PARTITION_VALUE, "Partition " +
                io.muon.sql.parser.SqlPrinter.print(value) + " has " + width + " element(s); the partition key of " +
                stream.qualifiedName() + " has " + values.length);
        }
        for (int k = 0; k < values.length; k++)
        {
            final io.muon.kernel.vector.Vector element = tuple ? ((io.muon.kernel.vector.TupleVector)given).field(k) :
                given;
            values[k] = io.muon.sql.exec.Conversions.convert(element, 1, keyTypes.get(k),
                io.muon.sql.exec.Conversions.Mode.CHECKED);
        }
        return io.muon.kernel.part.PartitionId.of(keyTypes, values, 0);
    }

    private CatalogObject storedStream(final io.muon.sql.ast.Expr.Identifier name, final Session session,
        final boolean ifExists)
    {
        final String database = DdlAnalyzer.database(name, session.database());
        final CatalogObject object = catalog.snapshot().find(database, name.last());
        if (object == null || object.kind() != ObjectKind.STREAM)
        {
            if (ifExists && object == null)
            {
                return null;
            }
            throw new MuonException(object == null ? ErrorCodes.UNKNOWN_TABLE : ErrorCodes.BAD_ARGUMENTS,
                object == null ? "Stream " + database + "." + name.last() + " doesn't exist" :
                database + "." + name.last() + " is not a stream with stored data");
        }
        return object;
    }

    /** Executes one statement for a session. */
    public QueryResult execute(final String sql, final Session session)
    {
        final Statement statement = SqlParser.parse(sql);
        return execute(statement, session);
    }

    /**
     * Starts one statement for a front end: a query (or SHOW/DESCRIBE/EXPLAIN) opens a {@link QueryCursor} the caller
     * drains; {@code INSERT … FORMAT} opens an {@link InsertSink} for the data; anything else runs to completion here.
     * The query is listed in {@code system.processes} under {@code queryId} and {@code user} until the execution is
     * closed. The caller must close what it gets.
     */
    public Execution start(final String sql, final Session session, final String queryId, final String user)
    {
        final Statement statement = SqlParser.parse(sql);
        checkReadonly(statement, session);
        if (statement instanceof Statement.Query query)
        {
            final QueryPlan plan = plan(query, session);
            final Map<String, Object> settings = merged(session, plan.settings());
            final io.muon.sql.exec.QueryContext context = new io.muon.sql.exec.QueryContext(settings,
                environment(session));
            final String id = queryId == null || queryId.isEmpty() ? java.util.UUID.randomUUID().toString() : queryId;
            final io.muon.sql.streaming.StreamingQuery streaming = plan.streaming() ?
                io.muon.sql.streaming.StreamingPlanner.plan(plan, store, context, settings) : null;
            if (running.putIfAbsent(id, new SystemTableRows.RunningQuery(id, user, SqlPrinter.print(query),
                System.nanoTime(), plan.streaming(), context, streaming == null ? SystemTableRows.NO_COUNTS : streaming::counts)) !=
                null)
            {
                if (streaming != null)
                {
                    streaming.close();
                }
                throw new MuonException(ErrorCodes.QUERY_WITH_SAME_ID_IS_ALREADY_RUNNING, "Query with id = " + id +
                    " is already running.");
            }
            try
            {
                if (streaming != null)
                {
                    streamingRuntime().submit(streaming);
                    return Execution.rows(new QueryCursor(plan.output(), streaming.results(), context,
                        () -> running.remove(id), true), plan.format());
                }
                final io.muon.sql.exec.Operator root = new io.muon.sql.exec.QueryExecutor(store, context).open(plan);
                return Execution.rows(new QueryCursor(plan.output(), root, context, () -> running.remove(id), false),
                    plan.format());
            }
            catch (final RuntimeException | Error e)
            {
                running.remove(id);
                throw e;
            }
        }
        if (statement instanceof Statement.Insert insert && insert.format() != null)
        {
            final io.muon.sql.plan.InsertPlan plan = planInsert(insert, session);
            final Map<String, Object> settings = merged(session, plan.settings());
            return Execution.insert(new InsertSink(plan, new io.muon.sql.exec.InsertExecutor(store,
                new io.muon.sql.exec.QueryContext(settings, environment(session))), settings, () -> { }));
        }
        if (statement instanceof Statement.Insert insert)
        {
            final io.muon.sql.plan.InsertPlan plan = planInsert(insert, session);
            return Execution.done(new io.muon.sql.exec.InsertExecutor(store, new io.muon.sql.exec.QueryContext(
                merged(session, plan.settings()), environment(session))).run(plan));
        }
        final QueryResult result = execute(statement, session);
        final String format = statement instanceof Statement.Show show ? show.format() :
            statement instanceof Statement.Describe describe ? describe.format() : null;
        if (result.names().isEmpty())
        {
            return Execution.done(0);
        }
        final List<LogicalPlan.Column> columns = new ArrayList<>();
        for (int i = 0; i < result.names().size(); i++)
        {
            columns.add(new LogicalPlan.Column(result.names().get(i), result.types().get(i)));
        }
        final io.muon.kernel.vector.Batch rows = io.muon.kernel.vector.Batch.of(result.types(), result.rows().size());
        for (final List<Object> row : result.rows())
        {
            for (int c = 0; c < row.size(); c++)
            {
                io.muon.sql.exec.Constants.append(rows.column(c), row.get(c));
            }
            rows.rows(rows.rows() + 1);
        }
        return Execution.rows(QueryCursor.of(columns, rows), format);
    }

    /**
     * Enforces the {@code readonly} setting: 1 allows only reading statements, 2 also SET; Code 164 otherwise, as
     * ClickHouse answers a GET request that writes.
     */
    private static void checkReadonly(final Statement statement, final Session session)
    {
        final Object readonly = session.settings().get("readonly");
        final long level = readonly instanceof Number n ? n.longValue() : 0;
        if (level == 0)
        {
            return;
        }
        final boolean reads = statement instanceof Statement.Query || statement instanceof Statement.Show ||
            statement instanceof Statement.Describe || statement instanceof Statement.Explain ||
            statement instanceof Statement.Use;
        if (reads || level == 2 && statement instanceof Statement.Set)
        {
            if (statement instanceof Statement.Set set && level == 2)
            {
                for (final Statement.Setting setting : set.settings())
                {
                    if (setting.name().equals("readonly"))
                    {
                        throw new MuonException(ErrorCodes.READONLY, "Cannot modify 'readonly' setting in readonly " +
                            "mode");
                    }
                }
            }
            return;
        }
        throw new MuonException(ErrorCodes.READONLY, "Cannot execute query in readonly mode. For queries over HTTP, " +
            "method GET implies readonly. You should use method POST for modifying queries");
    }

    /**
     * How far the kept latest rows of keyed stream {@code database.name} have applied its rows (every row before the
     * sequence number returned), or -1 when it has none kept (yet).
     */
    public long latestRowsApplied(final String database, final String name)
    {
        final CatalogObject stream = catalog.snapshot().find(database, name);
        final io.muon.sql.exec.LatestRows kept = stream == null ? null : keyedStates.find(stream);
        return kept == null ? -1 : kept.applied();
    }

    /** The kept latest rows of keyed streams (for tests and tools). */
    KeyedStates keyedStates()
    {
        return keyedStates;
    }

    /** Parses and analyzes a query into its typed logical plan. */
    public QueryPlan plan(final String sql, final Session session)
    {
        final Statement statement = SqlParser.parse(sql);
        if (!(statement instanceof Statement.Query query))
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Expected a query, got " +
                statement.getClass().getSimpleName().toUpperCase());
        }
        return plan(query, session);
    }

    public QueryPlan plan(final Statement.Query query, final Session session)
    {
        return new QueryAnalyzer(catalog.snapshot(), session.database(), session.settings(),
            session.streamingByDefault()).externalTables(session.externalTables()).analyze(query);
    }

    /** A materialized view's running query: its results' columns, and how to end it. */
    record ViewQuery(io.muon.sql.streaming.StreamingQuery query, List<io.muon.sql.plan.LogicalPlan.Column> columns,
        boolean checkpoints, Runnable close)
    {
    }

    /**
     * Starts the query of materialized view {@code view} on the streaming agents, restored from {@code state} (a
     * checkpoint's, or null for a fresh start); with {@code checkpoints} it emits checkpoint markers. Fails with Code
     * 246 when the state does not fit the query.
     */
    ViewQuery startView(final CatalogObject view, final Session session, final byte[] state,
        final boolean checkpoints)
    {
        if (!(SqlParser.parse(view.query()) instanceof Statement.Query query))
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "The query of materialized view " +
                view.qualifiedName() + " is not a SELECT");
        }
        final QueryPlan plan = plan(query, session);
        if (!plan.streaming())
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "The query of materialized view " +
                view.qualifiedName() + " is not a streaming query");
        }
        final Map<String, Object> settings = merged(session, plan.settings());
        final io.muon.sql.exec.QueryContext context = new io.muon.sql.exec.QueryContext(settings,
            environment(session));
        final io.muon.sql.streaming.StreamingQuery streaming =
            io.muon.sql.streaming.StreamingPlanner.plan(plan, store, context, settings);
        try
        {
            if (state != null)
            {
                streaming.restore(state);
            }
            if (checkpoints)
            {
                streaming.emitCheckpoints();
            }
        }
        catch (final RuntimeException | Error e)
        {
            streaming.close();
            throw e;
        }
        final String id = "materialized-view-" + view.qualifiedName() + "-" + java.util.UUID.randomUUID();
        running.put(id, new SystemTableRows.RunningQuery(id, "default", SqlPrinter.print(query), System.nanoTime(),
            true, context, streaming::counts));
        try
        {
            streamingRuntime().submit(streaming);
        }
        catch (final RuntimeException | Error e)
        {
            running.remove(id);
            streaming.close();
            throw e;
        }
        final io.muon.sql.exec.Operator results = streaming.results();
        return new ViewQuery(streaming, plan.output(), checkpoints, () ->
        {
            results.close();
            running.remove(id);
        });
    }

    /** How a materialized view's results (columns {@code results}) are appended to its storage. */
    io.muon.sql.plan.InsertPlan planViewResults(final CatalogObject view,
        final List<io.muon.sql.plan.LogicalPlan.Column> results)
    {
        return new io.muon.sql.analyzer.InsertAnalyzer(catalog.snapshot(), view.database(), Map.of(), true)
            .viewResults(view, results);
    }

    /** Analyzes an INSERT into its typed plan: target stream, column matching, typed values or query, defaults. */
    public io.muon.sql.plan.InsertPlan planInsert(final Statement.Insert insert, final Session session)
    {
        return new io.muon.sql.analyzer.InsertAnalyzer(catalog.snapshot(), session.database(), session.settings(),
            session.streamingByDefault()).externalTables(session.externalTables()).analyze(insert);
    }

    /** Runs a statement that changes the catalog on every node of a cluster. */
    public interface ReplicatedDdl
    {
        /**
         * Sends {@code sql} (canonical text, names resolved in {@code database}) through the cluster and returns once
         * this node applied it ({@link #applyReplicated}); throws what applying it threw.
         */
        void replicate(String sql, String database);
    }

    private volatile ReplicatedDdl replicatedDdl;
    private volatile java.util.function.Supplier<List<List<Object>>> clusterStatus = List::of;

    /**
     * What {@code system.cluster} shows: one row per member (member_id, address, is_self, role, applied_position,
     * commit_position, lag, leader_id); empty outside cluster mode.
     */
    public void clusterStatus(final java.util.function.Supplier<List<List<Object>>> status)
    {
        this.clusterStatus = status == null ? List::of : status;
    }
    private static final ThreadLocal<Boolean> APPLYING_REPLICATED = ThreadLocal.withInitial(() -> false);

    /** In cluster mode: statements that change the catalog go through {@code replicated} (null: run locally). */
    public void replicatedDdl(final ReplicatedDdl replicated)
    {
        this.replicatedDdl = replicated;
    }

    /** Runs a catalog statement the cluster committed, on this node, as a session in {@code database} would. */
    public void applyReplicated(final String sql, final String database)
    {
        final Session session = new Session();
        session.database(database);
        APPLYING_REPLICATED.set(true);
        try
        {
            execute(SqlParser.parse(sql), session);
        }
        finally
        {
            APPLYING_REPLICATED.set(false);
        }
    }

    private static boolean changesCatalog(final Statement statement)
    {
        return statement instanceof Statement.CreateDatabase || statement instanceof Statement.CreateStream ||
            statement instanceof Statement.CreateView || statement instanceof Statement.Drop ||
            statement instanceof Statement.Rename || statement instanceof Statement.Alter ||
            statement instanceof Statement.CreateUser || statement instanceof Statement.DropUser ||
            statement instanceof Statement.Truncate;
    }

    QueryResult execute(final Statement statement, final Session session)
    {
        final ReplicatedDdl replicated = replicatedDdl;
        if (replicated != null && !APPLYING_REPLICATED.get() && changesCatalog(statement))
        {
            replicated.replicate(SqlPrinter.print(statement), session.database());
            return QueryResult.EMPTY;
        }
        if (statement instanceof Statement.Set set)
        {
            final java.util.Map<String, Object> checked = new java.util.LinkedHashMap<>();
            for (final Statement.Setting setting : set.settings())
            {
                checked.put(setting.name(), QuerySettings.check(setting.name(), QueryAnalyzer.settingValue(setting)));
            }
            checked.forEach(session::set);
            return QueryResult.EMPTY;
        }
        if (statement instanceof Statement.CreateDatabase create)
        {
            catalog.createDatabase(create.name(), create.ifNotExists());
            return QueryResult.EMPTY;
        }
        if (statement instanceof Statement.CreateStream create)
        {
            // ClickHouse's CREATE TABLE (what ClickHouse clients can parse) makes a stream: a table is a stream's
            // historical side, and its ENGINE clause was accepted and ignored by the parser
            final CatalogObject stream = DdlAnalyzer.stream(create, session.database());
            if (io.muon.sql.external.ExternalStreams.isExternal(stream))
            {
                // a Kafka stream's brokers, topic and format are checked now, not at its first query
                io.muon.sql.external.ExternalStreams.of(stream).validate(stream);
            }
            catalog.create(stream, create.ifNotExists(), create.orReplace());
            return QueryResult.EMPTY;
        }
        if (statement instanceof Statement.CreateView create)
        {
            final CatalogObject view = DdlAnalyzer.view(create, session.database());
            final CatalogSnapshot snapshot = catalog.snapshot();
            if (view.target() != null)
            {
                final String[] target = view.target().split("\\.", 2);
                requireObject(snapshot, target[0], target[1], STREAM_KINDS);
            }
            final CatalogObject created = catalog.create(DdlAnalyzer.withQueryColumns(view, new QueryAnalyzer(snapshot,
                session.database(), Map.of(), true), snapshot), create.ifNotExists(), create.orReplace());
            if (created != null && created.kind() == ObjectKind.MATERIALIZED_VIEW)
            {
                if (create.orReplace())
                {
                    views.stop(created.qualifiedName());
                }
                views.start(catalog.snapshot().find(created.database(), created.name()), true);
            }
            return QueryResult.EMPTY;
        }
        if (statement instanceof Statement.Drop drop)
        {
            final List<CatalogObject> dropped = new java.util.ArrayList<>();
            if (drop.what().equals("DATABASE"))
            {
                dropped.addAll(catalog.dropDatabase(drop.name().last(), drop.ifExists()));
            }
            else
            {
                final CatalogObject object = catalog.drop(DdlAnalyzer.database(drop.name(), session.database()),
                    drop.name().last(), kinds(drop.what()), drop.ifExists());
                if (object != null)
                {
                    dropped.add(object);
                }
            }
            for (final CatalogObject object : dropped)
            {
                if (object.kind() == ObjectKind.MATERIALIZED_VIEW)
                {
                    // the view stops writing before its own storage goes; its checkpoints go with it
                    views.drop(object);
                }
                if (object.kind() == ObjectKind.STREAM ||
                    object.kind() == ObjectKind.MATERIALIZED_VIEW && object.target() == null)
                {
                    store.drop(object);
                }
            }
            return QueryResult.EMPTY;
        }
        if (statement instanceof Statement.Truncate truncate)
        {
            final CatalogObject object = storedStream(truncate.name(), session, truncate.ifExists());
            if (object != null)
            {
                store.truncate(object);
            }
            return QueryResult.EMPTY;
        }
        if (statement instanceof Statement.SystemCommand system && system.target() != null &&
            system.command().endsWith(" MATERIALIZED VIEW"))
        {
            final CatalogObject view = requireObject(catalog.snapshot(), DdlAnalyzer.database(system.target(),
                session.database()), system.target().last(), EnumSet.of(ObjectKind.MATERIALIZED_VIEW));
            if (view.kind() != ObjectKind.MATERIALIZED_VIEW)
            {
                throw new MuonException(ErrorCodes.UNKNOWN_TABLE, view.qualifiedName() + " is not a materialized " +
                    "view");
            }
            switch (system.command())
            {
                case "PAUSE MATERIALIZED VIEW" -> views.stop(view.qualifiedName());
                case "RESUME MATERIALIZED VIEW", "UNPAUSE MATERIALIZED VIEW", "START MATERIALIZED VIEW" ->
                    views.start(view, false);
                default -> throw new MuonException(ErrorCodes.SYNTAX_ERROR, "Unknown SYSTEM command " +
                    system.command() + ": expected SYSTEM PAUSE or RESUME MATERIALIZED VIEW");
            }
            return QueryResult.EMPTY;
        }
        if (statement instanceof Statement.Optimize optimize)
        {
            final CatalogObject stream = storedStream(optimize.name(), session, false);
            final String partitionId = optimize.partition() == null ? optimize.partitionId() :
                partitionId(stream, optimize.partition(), session);
            store.optimize(stream, optimize.isFinal(), partitionId);
            return QueryResult.EMPTY;
        }
        if (statement instanceof Statement.Rename rename)
        {
            for (int i = 0; i < rename.from().size(); i++)
            {
                catalog.rename(DdlAnalyzer.database(rename.from().get(i), session.database()), rename.from().get(i).last(),
                    DdlAnalyzer.database(rename.to().get(i), session.database()), rename.to().get(i).last());
            }
            return QueryResult.EMPTY;
        }
        if (statement instanceof Statement.Alter alter)
        {
            final String database = DdlAnalyzer.database(alter.name(), session.database());
            final CatalogObject current = requireObject(catalog.snapshot(), database, alter.name().last(), STREAM_KINDS);
            catalog.alter(AlterAnalyzer.apply(current, alter));
            return QueryResult.EMPTY;
        }
        if (statement instanceof Statement.CreateUser user)
        {
            catalog.createUser(Users.entry(user), user.ifNotExists());
            return QueryResult.EMPTY;
        }
        if (statement instanceof Statement.DropUser user)
        {
            catalog.dropUser(user.name(), user.ifExists());
            return QueryResult.EMPTY;
        }
        if (statement instanceof Statement.Use use)
        {
            if (!catalog.snapshot().hasDatabase(use.database()) && !Catalog.VIRTUAL_DATABASES.contains(use.database()))
            {
                throw new MuonException(ErrorCodes.UNKNOWN_DATABASE, "Database " + use.database() + " doesn't exist");
            }
            session.database(use.database());
            return QueryResult.EMPTY;
        }
        if (statement instanceof Statement.Show show)
        {
            return show(show, session);
        }
        if (statement instanceof Statement.Describe describe)
        {
            return describe(describe, session);
        }
        if (statement instanceof Statement.Explain explain)
        {
            return explain(explain, session);
        }
        if (statement instanceof Statement.Query query)
        {
            final QueryPlan plan = plan(query, session);
            final String queryId = java.util.UUID.randomUUID().toString();
            if (plan.streaming())
            {
                throw new MuonException(ErrorCodes.INCORRECT_QUERY, "A streaming query never ends, so it has no " +
                    "whole result to return here; run it with start() and read its cursor, or read table(...)");
            }
            final io.muon.sql.exec.QueryContext context = new io.muon.sql.exec.QueryContext(merged(session,
                plan.settings()), environment(session));
            running.put(queryId, new SystemTableRows.RunningQuery(queryId, session.user(),
                io.muon.sql.parser.SqlPrinter.print(query), System.nanoTime(), false, context, SystemTableRows.NO_COUNTS));
            try
            {
                final io.muon.kernel.vector.Batch result = new io.muon.sql.exec.QueryExecutor(store, context)
                    .materialize(plan);
                return QueryResult.of(plan.output(), result, context.totals());
            }
            finally
            {
                running.remove(queryId);
            }
        }
        if (statement instanceof Statement.KillQuery kill)
        {
            return kill(kill, session);
        }
        if (statement instanceof Statement.Insert insert)
        {
            final io.muon.sql.plan.InsertPlan plan = planInsert(insert, session);
            new io.muon.sql.exec.InsertExecutor(store, new io.muon.sql.exec.QueryContext(merged(session,
                plan.settings()), environment(session))).run(plan);
            return QueryResult.EMPTY;
        }
        throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "Statement " +
            statement.getClass().getSimpleName() + " is parsed but Muon does not execute it");
    }

    /**
     * KILL QUERY WHERE …: cancels the running queries whose {@code system.processes} row matches, and answers one
     * row per query as ClickHouse does ({@code kill_status}, {@code query_id}, {@code user}, {@code query}).
     * Cancelling is immediate: a streaming query stops on its agent's next cycle and its client sees the end.
     */
    private QueryResult kill(final Statement.KillQuery kill, final Session session)
    {
        final Statement.Query select = (Statement.Query)SqlParser.parse("SELECT query_id FROM system.processes WHERE " +
            io.muon.sql.parser.SqlPrinter.print(kill.where()));
        final QueryResult matches = execute(select, session);
        final List<List<Object>> rows = new ArrayList<>();
        for (final List<Object> match : matches.rows())
        {
            final SystemTableRows.RunningQuery query = running.get(String.valueOf(match.get(0)));
            if (query == null)
            {
                continue;
            }
            query.context().cancel();
            rows.add(List.of("finished", query.queryId(), query.user(), query.query()));
        }
        return new QueryResult(List.of("kill_status", "query_id", "user", "query"),
            java.util.Collections.nCopies(4, DataType.STRING), rows);
    }

    io.muon.sql.exec.QueryEnvironment environment(final Session session)
    {
        return new io.muon.sql.exec.QueryEnvironment(session.database(), session.user(),
            new SystemTableRows(catalog, session, running.values(), clusterStatus), keyedStates::find);
    }

    private static Map<String, Object> merged(final Session session, final Map<String, Object> query)
    {
        final Map<String, Object> all = new java.util.HashMap<>(session.settings());
        all.putAll(query);
        return all;
    }

    private static Set<ObjectKind> kinds(final String what)
    {
        return switch (what)
        {
            case "VIEW" -> EnumSet.of(ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW);
            case "MATERIALIZED VIEW" -> EnumSet.of(ObjectKind.MATERIALIZED_VIEW);
            case "EXTERNAL STREAM" -> EnumSet.of(ObjectKind.EXTERNAL_STREAM);
            default -> STREAM_KINDS;
        };
    }

    private static CatalogObject requireObject(final CatalogSnapshot snapshot, final String database, final String name,
        final Set<ObjectKind> kinds)
    {
        if (!snapshot.hasDatabase(database))
        {
            throw new MuonException(ErrorCodes.UNKNOWN_DATABASE, "Database " + database + " doesn't exist");
        }
        final CatalogObject object = snapshot.find(database, name);
        if (object == null)
        {
            final StringBuilder message = new StringBuilder("Stream " + database + "." + name + " doesn't exist");
            final String hint = Catalog.closest(snapshot.objects(database).keySet(), name);
            if (hint != null)
            {
                message.append(". Maybe you meant ").append(database).append('.').append(hint);
            }
            throw new MuonException(ErrorCodes.UNKNOWN_TABLE, message.toString());
        }
        return object;
    }

    private QueryResult show(final Statement.Show show, final Session session)
    {
        final CatalogSnapshot snapshot = catalog.snapshot();
        final Pattern like = show.like() == null ? null : likePattern(show.like());
        switch (show.what())
        {
            case "DATABASES":
            {
                final List<List<Object>> rows = new ArrayList<>();
                final List<String> names = new ArrayList<>(snapshot.databases());
                names.add("system");
                names.sort(null);
                for (final String name : names)
                {
                    if (like == null || like.matcher(name).matches())
                    {
                        rows.add(List.of(name));
                    }
                }
                return new QueryResult(List.of("name"), List.of(DataType.STRING), rows);
            }
            case "STREAMS":
            case "TABLES":
            case "VIEWS":
            {
                final String database = show.from() == null ? session.database() : show.from();
                if (!snapshot.hasDatabase(database))
                {
                    throw new MuonException(ErrorCodes.UNKNOWN_DATABASE, "Database " + database + " doesn't exist");
                }
                final List<List<Object>> rows = new ArrayList<>();
                for (final CatalogObject object : snapshot.objects(database).values())
                {
                    final boolean isView = object.kind() == ObjectKind.VIEW || object.kind() == ObjectKind.MATERIALIZED_VIEW;
                    if (show.what().equals("VIEWS") != isView && !show.what().equals("TABLES"))
                    {
                        continue;
                    }
                    if (like == null || like.matcher(object.name()).matches())
                    {
                        rows.add(List.of(object.name()));
                    }
                }
                return new QueryResult(List.of("name"), List.of(DataType.STRING), rows);
            }
            case "FULL TABLES":
            case "FULL TEMPORARY TABLES":
            {
                // what ClickHouse's JDBC driver asks for its table metadata: names with their engines
                final String database = show.from() == null ? session.database() : show.from();
                if (!snapshot.hasDatabase(database) && !Catalog.VIRTUAL_DATABASES.contains(database))
                {
                    throw new MuonException(ErrorCodes.UNKNOWN_DATABASE, "Database " + database + " doesn't exist");
                }
                final List<List<Object>> rows = new ArrayList<>();
                if (show.what().equals("FULL TABLES") && snapshot.hasDatabase(database))
                {
                    for (final CatalogObject object : snapshot.objects(database).values())
                    {
                        if (like == null || like.matcher(object.name()).matches())
                        {
                            rows.add(List.of(object.name(), object.kind().engine()));
                        }
                    }
                }
                return new QueryResult(List.of("name", "engine"), List.of(DataType.STRING, DataType.STRING), rows);
            }
            case "CREATE":
            {
                final CatalogObject object = requireObject(snapshot, DdlAnalyzer.database(show.target(), session.database()),
                    show.target().last(), EnumSet.allOf(ObjectKind.class));
                return new QueryResult(List.of("statement"), List.of(DataType.STRING),
                    List.of(List.of(SqlPrinter.print(DdlAnalyzer.createStatement(object)))));
            }
            case "CREATE DATABASE":
            {
                final String name = show.target().last();
                if (!snapshot.hasDatabase(name))
                {
                    throw new MuonException(ErrorCodes.UNKNOWN_DATABASE, "Database " + name + " doesn't exist");
                }
                return new QueryResult(List.of("statement"), List.of(DataType.STRING),
                    List.of(List.of(SqlPrinter.print(new Statement.CreateDatabase(false, name, null)))));
            }
            default:
                throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "SHOW " + show.what() +
                    " is parsed but Muon does not answer it");
        }
    }

    private QueryResult describe(final Statement.Describe describe, final Session session)
    {
        final CatalogObject object = describe.target() instanceof Statement.TableRef ref &&
            !DdlAnalyzer.database(ref.name(), session.database()).equals("system") ?
            requireObject(catalog.snapshot(), DdlAnalyzer.database(ref.name(), session.database()), ref.name().last(),
                EnumSet.allOf(ObjectKind.class)) : null;
        if (object == null)
        {
            // a query, a table function or a system table: the columns of SELECT * FROM it
            final Statement.Query query = describe.target() instanceof Statement.SubqueryTable subquery ?
                subquery.query() : new Statement.Select(List.of(), false, List.of(new io.muon.sql.ast.Expr.Asterisk(
                List.of())), describe.target(), null, List.of(), false, null, List.of(), null, null, null, null,
                List.of(), null);
            final List<List<Object>> rows = new ArrayList<>();
            for (final LogicalPlan.Column column : plan(query, session).output())
            {
                rows.add(List.of(column.name(), session.typeName(column.type()), "", "", "", "", ""));
            }
            return new QueryResult(List.of("name", "type", "default_type", "default_expression", "comment",
                "codec_expression", "ttl_expression"), java.util.Collections.nCopies(7, DataType.STRING), rows);
        }
        final List<List<Object>> rows = new ArrayList<>();
        for (final ColumnEntry column : object.columns())
        {
            final List<Object> row = new ArrayList<>();
            row.add(column.name());
            row.add(session.typeName(column.type()));
            row.add(column.defaultExpression() == null ? "" : "DEFAULT");
            row.add(column.defaultExpression() == null ? "" : column.defaultExpression());
            row.add(column.comment() == null ? "" : column.comment());
            row.add(column.codec() == null ? "" : "CODEC(" + column.codec() + ")");
            row.add("");
            rows.add(row);
        }
        return new QueryResult(List.of("name", "type", "default_type", "default_expression", "comment",
            "codec_expression", "ttl_expression"), java.util.Collections.nCopies(7, DataType.STRING), rows);
    }

    private QueryResult explain(final Statement.Explain explain, final Session session)
    {
        final List<List<Object>> rows = new ArrayList<>();
        switch (explain.kind())
        {
            case "AST":
                rows.add(List.of(explain.statement().toString()));
                break;
            case "SYNTAX":
                rows.add(List.of(SqlPrinter.print(explain.statement())));
                break;
            default:
                if (!(explain.statement() instanceof Statement.Query query))
                {
                    throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "EXPLAIN " + explain.kind() + " needs a query");
                }
                for (final String line : PlanPrinter.lines(plan(query, session)))
                {
                    rows.add(List.of(line));
                }
        }
        return new QueryResult(List.of("explain"), List.of(DataType.STRING), rows);
    }

    /** SQL LIKE (with % and _ and backslash escapes) as a regular expression. */
    static Pattern likePattern(final String like)
    {
        final StringBuilder regex = new StringBuilder();
        for (int i = 0; i < like.length(); i++)
        {
            final char c = like.charAt(i);
            if (c == '\\' && i + 1 < like.length())
            {
                regex.append(Pattern.quote(String.valueOf(like.charAt(++i))));
            }
            else if (c == '%')
            {
                regex.append(".*");
            }
            else if (c == '_')
            {
                regex.append('.');
            }
            else
            {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
