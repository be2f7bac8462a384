package io.muon.sql.engine;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.catalog.Catalog;
import io.muon.kernel.catalog.CatalogObject;
import io.muon.kernel.catalog.CatalogSnapshot;
import io.muon.kernel.catalog.ColumnEntry;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.sql.analyzer.QuerySettings;
import io.muon.sql.exec.Constants;
import io.muon.sql.exec.QueryEnvironment;
import io.muon.sql.function.FunctionRegistry;
import io.muon.sql.function.FunctionSignature;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rows of the {@code system.*} tables ClickHouse tools read: databases, tables (streams with engine
 * {@code Stream}), columns, functions, settings, processes, build_options and a few more, made from a catalog snapshot,
 * the function registry, the session's settings and the running queries at the moment the query starts.
 */
final class SystemTableRows implements QueryEnvironment.SystemTableSource
{
    private final Catalog catalog;
    private final Session session;
    private final Collection<RunningQuery> running;
    private final java.util.function.Supplier<List<List<Object>>> cluster;

    SystemTableRows(final Catalog catalog, final Session session, final Collection<RunningQuery> running,
        final java.util.function.Supplier<List<List<Object>>> cluster)
    {
        this.catalog = catalog;
        this.session = session;
        this.running = running;
        this.cluster = cluster;
    }

    /** The counts of a query that is not streaming: no late rows, no skipped messages. */
    static final java.util.function.Supplier<long[]> NO_COUNTS = () -> new long[2];

    /**
     * A query that is executing, as {@code system.processes} shows it; {@code counts}: its late rows dropped and
     * malformed messages skipped so far.
     */
    record RunningQuery(String queryId, String user, String query, long startedNanos, boolean streaming,
        io.muon.sql.exec.QueryContext context, java.util.function.Supplier<long[]> counts)
    {
    }

    @Override
    public Batch rows(final String table, final List<DataType> types)
    {
        final Batch out = Batch.of(types, 64);
        switch (table)
        {
            case "databases" -> databases(out);
            case "tables" -> tables(out);
            case "columns" -> columns(out);
            case "functions" -> functions(out);
            case "settings" -> settings(out);
            case "processes" -> processes(out);
            case "build_options" -> buildOptions(out);
            case "cluster" -> cluster.get().forEach(member -> row(out, member.toArray()));
            case "users" -> row(out, "default", "00000000-0000-0000-0000-000000000000", "local_directory",
                "no_password", 0);
            case "table_engines" ->
            {
                for (final String engine : List.of("Stream", "RandomStream", "ExternalStream", "View",
                    "MaterializedView"))
                {
                    row(out, engine);
                }
            }
            case "time_zones" -> java.time.ZoneId.getAvailableZoneIds().stream().sorted().forEach(z -> row(out, z));
            case "contributors", "metrics", "formats", "data_type_families" ->
            {
                // empty: nothing to list yet
            }
            default -> throw new MuonException(ErrorCodes.UNKNOWN_TABLE, "Table system." + table + " doesn't exist");
        }
        return out;
    }

    private static void row(final Batch out, final Object... values)
    {
        for (int c = 0; c < out.width(); c++)
        {
            Constants.append(out.column(c), c < values.length ? values[c] : null);
        }
        out.rows(out.rows() + 1);
    }

    private void databases(final Batch out)
    {
        final List<String> names = new ArrayList<>(catalog.snapshot().databases());
        names.addAll(List.of("system"));
        names.stream().sorted().forEach(name -> row(out, name, name.equals("system") ? "System" : "Atomic",
            "", "", "00000000-0000-0000-0000-000000000000", ""));
    }

    private void tables(final Batch out)
    {
        final CatalogSnapshot snapshot = catalog.snapshot();
        for (final String database : snapshot.databases())
        {
            for (final CatalogObject object : snapshot.objects(database).values())
            {
                row(out, database, object.name(), "00000000-0000-0000-0000-000000000000", object.kind().engine(), 0,
                    List.of(), "", "1970-01-01 00:00:00", "", object.kind().engine(),
                    nonNull(object.partitionBy()), nonNull(object.orderBy()), nonNull(object.primaryKey()), "", "",
                    null, null, nonNull(object.comment()));
            }
        }
        for (final String name : io.muon.sql.analyzer.SystemTables.names())
        {
            row(out, "system", name, "00000000-0000-0000-0000-000000000000", "SystemTable", 0, List.of(), "",
                "1970-01-01 00:00:00", "", "SystemTable", "", "", "", "", "", null, null, "");
        }
    }

    private static String nonNull(final String value)
    {
        return value == null ? "" : value;
    }

    private void columns(final Batch out)
    {
        final CatalogSnapshot snapshot = catalog.snapshot();
        for (final String database : snapshot.databases())
        {
            for (final CatalogObject object : snapshot.objects(database).values())
            {
                long position = 1;
                for (final ColumnEntry column : object.columns())
                {
                    row(out, database, object.name(), column.name(), column.type().clickHouseName(), position++,
                        column.defaultExpression() == null ? "" : "DEFAULT", nonNull(column.defaultExpression()), 0,
                        0, 0, nonNull(column.comment()), 0, 0, 0, 0, nonNull(column.codec()));
                }
            }
        }
    }

    private static void functions(final Batch out)
    {
        final FunctionRegistry registry = FunctionRegistry.instance();
        final Map<String, String> names = new TreeMap<>();
        for (final FunctionSignature function : registry.all())
        {
            names.put(function.name(), "");
            final String camel = camelCase(function.name());
            if (!camel.equals(function.name()))
            {
                names.putIfAbsent(camel, function.name());
            }
        }
        names.forEach((name, aliasTo) ->
        {
            final FunctionSignature signature = registry.find(name);
            row(out, name, signature != null && signature.isAggregate() ? 1 : 0, 1, aliasTo);
        });
    }

    /** ClickHouse's spelling of a Proton name: to_start_of_minute → toStartOfMinute. */
    static String camelCase(final String name)
    {
        final StringBuilder out = new StringBuilder(name.length());
        boolean upper = false;
        for (int i = 0; i < name.length(); i++)
        {
            final char c = name.charAt(i);
            if (c == '_' && i > 0)
            {
                upper = true;
                continue;
            }
            out.append(upper ? Character.toUpperCase(c) : c);
            upper = false;
        }
        return out.toString();
    }

    private void settings(final Batch out)
    {
        final Map<String, Object> changed = session.settings();
        for (final QuerySettings.Definition definition : QuerySettings.all().values())
        {
            final Object value = changed.get(definition.name());
            row(out, definition.name(), value == null ? definition.defaultValue() : String.valueOf(value),
                value == null ? 0 : 1, "", null, null, 0, definition.type());
        }
    }

    private void processes(final Batch out)
    {
        final long now = System.nanoTime();
        for (final RunningQuery query : running)
        {
            final long[] counts = query.counts().get();
            row(out, 1, query.user(), query.queryId(), "::ffff:127.0.0.1", 0, query.user(), query.queryId(),
                (now - query.startedNanos()) / 1e9, query.context().isCancelled() ? 1 : 0, query.context().readRows(),
                query.context().readBytes(), 0, 0, 0, 0, 0, query.query(), query.streaming() ? 1 : 0,
                counts[0], counts[1]);
        }
    }

    private static void buildOptions(final Batch out)
    {
        final Runtime runtime = Runtime.getRuntime();
        for (final String[] option : Arrays.asList(
            new String[] {"VERSION_FULL", "Muon " + QueryEnvironment.VERSION},
            new String[] {"VERSION_DESCRIBE", "v" + QueryEnvironment.VERSION},
            new String[] {"SYSTEM", System.getProperty("os.name") + " " + System.getProperty("os.arch")},
            new String[] {"JAVA_VERSION", System.getProperty("java.version")},
            new String[] {"JAVA_VENDOR", System.getProperty("java.vendor")},
            new String[] {"AVAILABLE_PROCESSORS", String.valueOf(runtime.availableProcessors())},
            new String[] {"MAX_HEAP_BYTES", String.valueOf(runtime.maxMemory())}))
        {
            row(out, (Object[])option);
        }
    }
}
