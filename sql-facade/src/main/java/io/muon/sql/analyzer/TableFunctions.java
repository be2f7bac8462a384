package io.muon.sql.analyzer;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeId;
import io.muon.sql.ast.Expr;

import io.muon.sql.function.FunctionRegistry;
import io.muon.sql.plan.LogicalPlan;
import io.muon.sql.plan.LogicalPlan.Column;
import io.muon.sql.plan.TypedExpr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The table functions of the dialect: {@code table(s)} (a bounded read of a stream or view), the {@code tumble},
 * {@code hop} and {@code session} windows (the source's columns plus {@code window_start} and {@code window_end}),
 * Proton's {@code dedup(s, keys…[, timeout[, limit]])}, and {@code numbers([start,] count)}.
 */
final class TableFunctions
{
    static final String WINDOW_START = "window_start";
    static final String WINDOW_END = "window_end";
    private static final List<String> NAMES = List.of("table", "tumble", "hop", "session", "dedup", "changelog",
        "numbers", "numbers_mt");

    private TableFunctions()
    {
    }

    static QueryAnalyzer.Source resolve(final QueryAnalyzer analyzer, final Expr.Function call)
    {
        final String name = call.name().toLowerCase(Locale.ROOT);
        final List<Expr> args = call.arguments();
        switch (name)
        {
            case "table":
                if (args.size() != 1)
                {
                    throw count(name, args.size(), "1");
                }
                return source(analyzer, args.get(0), false);
            case "numbers":
            case "numbers_mt":
            {
                if (args.isEmpty() || args.size() > 2)
                {
                    throw count(name, args.size(), "1 or 2");
                }
                final long first = QueryAnalyzer.count(args.get(0), name);
                final long start = args.size() == 2 ? first : 0;
                final long total = args.size() == 2 ? QueryAnalyzer.count(args.get(1), name) : first;
                return new QueryAnalyzer.Source(new LogicalPlan.Numbers(start, total,
                    List.of(new Column("number", DataType.UINT64))), false, "numbers", null, "numbers", -1, -1);
            }
            case "tumble":
            case "hop":
            case "session":
                return window(analyzer, name, args);
            case "dedup":
                return dedup(analyzer, args);
            case "changelog":
                return changelog(analyzer, args);
            default:
                final List<String> hints = new ArrayList<>();
                final String closest = io.muon.kernel.catalog.Catalog.closest(NAMES, name);
                if (closest != null)
                {
                    hints.add(closest);
                }
                throw new MuonException(ErrorCodes.UNKNOWN_FUNCTION, "Unknown table function " + call.name() +
                    (hints.isEmpty() ? "" : ". Maybe you meant: " + FunctionRegistry.quoted(hints)));
        }
    }

    private static MuonException count(final String name, final int passed, final String expected)
    {
        return new MuonException(ErrorCodes.NUMBER_OF_ARGUMENTS_DOESNT_MATCH, "Number of arguments for table function " +
            name + " doesn't match: passed " + passed + ", should be " + expected);
    }

    /** The source of a table function's first argument: a stream or view name, a table function, a subquery. */
    private static QueryAnalyzer.Source source(final QueryAnalyzer analyzer, final Expr argument, final boolean streaming)
    {
        if (argument instanceof Expr.Identifier identifier)
        {
            return analyzer.named(identifier, streaming && analyzer.streamingMode());
        }
        if (argument instanceof Expr.Function function)
        {
            return resolve(analyzer, function);
        }
        if (argument instanceof Expr.Subquery subquery)
        {
            return analyzer.subquerySource(subquery.query(), null);
        }
        throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "The first argument of a table function must name a " +
            "stream, a view, a table function or a subquery");
    }

    private static boolean isInterval(final Expr expr)
    {
        return expr instanceof Expr.Interval;
    }

    private static QueryAnalyzer.Source window(final QueryAnalyzer analyzer, final String name, final List<Expr> args)
    {
        if (args.size() < 2)
        {
            throw count(name, args.size(), name.equals("hop") ? "3 or 4" : "2 or more");
        }
        final QueryAnalyzer.Source source = source(analyzer, args.get(0), true);
        final ExpressionAnalyzer over = analyzer.analyzerOver(source, name);
        int next = 1;
        TypedExpr.ColumnRef time;
        boolean processingTime = false;
        if (args.get(1) instanceof Expr.Function clock && (clock.name().equalsIgnoreCase("now") ||
            clock.name().equalsIgnoreCase("now64")))
        {
            // windows over processing time: rows take the time they are read at, and the clock closes windows
            if (!source.streaming())
            {
                throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "A " + name + " window over " + clock.name() +
                    "() is a processing-time window; it needs a streaming query, not table(...)");
            }
            final TypedExpr typed = over.analyze(clock, name, false);
            time = new TypedExpr.ColumnRef(-1, io.muon.sql.plan.PlanPrinter.expression(typed), typed.type());
            processingTime = true;
            next = 2;
        }
        else if (!isInterval(args.get(1)))
        {
            final TypedExpr typed = over.analyze(args.get(1), name, false);
            if (!(typed instanceof TypedExpr.ColumnRef ref))
            {
                throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "The time argument of " + name +
                    " must be a column of the source");
            }
            time = ref;
            next = 2;
        }
        else
        {
            final TypedExpr typed = over.analyze(Expr.Identifier.of(DdlAnalyzer.TP_TIME), name, false);
            time = (TypedExpr.ColumnRef)typed;
        }
        final TypeId timeType = time.type().unwrapped().id();
        if (timeType != TypeId.DATETIME && timeType != TypeId.DATETIME64)
        {
            throw new MuonException(ErrorCodes.ILLEGAL_TYPE_OF_ARGUMENT, "Illegal type " +
                time.type().clickHouseName() + " of the time column " + time.name() + " of " + name +
                ", expected DateTime or DateTime64");
        }
        TypedExpr.IntervalValue size;
        TypedExpr.IntervalValue slide = null;
        TypedExpr.IntervalValue maxLength = null;
        TypedExpr start = null;
        TypedExpr end = null;
        final int remaining = args.size() - next;
        switch (name)
        {
            case "tumble":
                if (remaining < 1 || remaining > 2)
                {
                    throw count(name, args.size(), "2 or 3 (stream, [time column,] size)");
                }
                size = QueryAnalyzer.interval(args.get(next), "tumble window size");
                break;
            case "hop":
                if (remaining < 2 || remaining > 3)
                {
                    throw count(name, args.size(), "3 or 4 (stream, [time column,] slide, size)");
                }
                slide = QueryAnalyzer.interval(args.get(next), "hop slide");
                size = QueryAnalyzer.interval(args.get(next + 1), "hop window size");
                if (slide.approximateNanos() > size.approximateNanos())
                {
                    throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "The slide of a hop window (" + slide +
                        ") must not be larger than its size (" + size + ")");
                }
                break;
            default:
            {
                if (remaining < 1 || remaining > 4)
                {
                    throw count(name, args.size(),
                        "2 to 6 (stream, [time column,] timeout, [max length,] [start condition, end condition])");
                }
                size = QueryAnalyzer.interval(args.get(next), "session timeout");
                int at = next + 1;
                if (at < args.size() && isInterval(args.get(at)))
                {
                    maxLength = QueryAnalyzer.interval(args.get(at), "session max length");
                    at++;
                }
                if (args.size() - at == 2)
                {
                    start = over.analyze(args.get(at), "session start condition", false);
                    end = over.analyze(args.get(at + 1), "session end condition", false);
                }
                else if (args.size() - at == 1 && args.get(at) instanceof Expr.Function range &&
                    range.name().equalsIgnoreCase("range_between"))
                {
                    throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "session needs both a start and an end condition");
                }
                else if (args.size() != at)
                {
                    throw count(name, args.size(),
                        "2 to 6 (stream, [time column,] timeout, [max length,] [start condition, end condition])");
                }
            }
        }
        final List<Column> output = new ArrayList<>(source.plan().output());
        final DataType windowType = time.type().unwrapped();
        output.add(new Column(WINDOW_START, windowType));
        output.add(new Column(WINDOW_END, windowType));
        final LogicalPlan plan = new LogicalPlan.Window(source.plan(),
            LogicalPlan.WindowKind.valueOf(name.toUpperCase(Locale.ROOT)), time, processingTime, size, slide,
            maxLength, start, end, output);
        return new QueryAnalyzer.Source(plan, source.streaming(), source.name(), source.database(), source.table(),
            output.size() - 2, output.size() - 1);
    }

    private static QueryAnalyzer.Source dedup(final QueryAnalyzer analyzer, final List<Expr> args)
    {
        if (args.size() < 2)
        {
            throw count("dedup", args.size(), "2 or more (stream, key columns…[, timeout[, limit]])");
        }
        final QueryAnalyzer.Source source = source(analyzer, args.get(0), true);
        final ExpressionAnalyzer over = analyzer.analyzerOver(source, "dedup");
        final List<TypedExpr> keys = new ArrayList<>();
        TypedExpr.IntervalValue timeout = null;
        long limit = -1;
        for (int i = 1; i < args.size(); i++)
        {
            final Expr arg = args.get(i);
            if (arg instanceof Expr.Interval)
            {
                timeout = QueryAnalyzer.interval(arg, "dedup timeout");
            }
            else if (timeout != null && arg instanceof Expr.Literal)
            {
                limit = QueryAnalyzer.count(arg, "dedup limit");
            }
            else
            {
                keys.add(over.analyze(arg, "dedup key", false));
            }
        }
        if (keys.isEmpty())
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "dedup needs at least one key column");
        }
        return new QueryAnalyzer.Source(new LogicalPlan.Dedup(source.plan(), keys, timeout, limit), source.streaming(),
            source.name(), source.database(), source.table(), -1, -1);
    }

    private static QueryAnalyzer.Source changelog(final QueryAnalyzer analyzer, final List<Expr> args)
    {
        final String usage = "changelog(stream[, key_col1[, key_col2, …], version_column][, drop_late_rows])";
        if (args.isEmpty())
        {
            throw count("changelog", 0, "at least 1: " + usage);
        }
        int end = args.size();
        boolean dropLateRows = false;
        if (end > 1 && args.get(end - 1) instanceof Expr.Literal literal)
        {
            if (literal.kind() != Expr.LiteralKind.TRUE && literal.kind() != Expr.LiteralKind.FALSE)
            {
                throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "The last argument of changelog must be the " +
                    "bool drop_late_rows. Usage: " + usage);
            }
            dropLateRows = literal.kind() == Expr.LiteralKind.TRUE;
            end--;
        }
        final QueryAnalyzer.Source source = source(analyzer, args.get(0), true);
        if (!source.streaming())
        {
            throw new MuonException(ErrorCodes.UNSUPPORTED_METHOD, "changelog() is a streaming table function; " +
                "it does not read historical data (drop table() around its stream)");
        }
        final LogicalPlan read = source.plan() instanceof LogicalPlan.LatestPerKey latest ? latest.input() :
            source.plan();
        final io.muon.kernel.catalog.CatalogObject stream = read instanceof LogicalPlan.StreamScan scan ?
            scan.stream() : null;
        if (stream != null && stream.mode() == io.muon.kernel.catalog.StreamMode.CHANGELOG_KV)
        {
            throw new MuonException(ErrorCodes.UNSUPPORTED_METHOD, "changelog() does not apply to " +
                stream.qualifiedName() + ", which is already a changelog_kv stream");
        }
        final boolean versioned = stream != null && stream.mode() == io.muon.kernel.catalog.StreamMode.VERSIONED_KV;
        final ExpressionAnalyzer over = analyzer.analyzerOver(source, "changelog");
        final List<Expr> names = new ArrayList<>();
        for (int i = 1; i < end; i++)
        {
            if (!(args.get(i) instanceof Expr.Identifier))
            {
                throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "The key and version arguments of changelog must " +
                    "be column names. Usage: " + usage);
            }
            names.add(args.get(i));
        }
        if (versioned && !names.isEmpty())
        {
            throw new MuonException(ErrorCodes.NUMBER_OF_ARGUMENTS_DOESNT_MATCH, "changelog() over the versioned_kv " +
                "stream " + stream.qualifiedName() + " takes its primary key and version column from the stream; " +
                "only drop_late_rows may follow. Usage: " + usage);
        }
        if (versioned)
        {
            names.addAll(io.muon.sql.parser.SqlParser.parseExpression("f(" + stream.primaryKey() + ")") instanceof
                Expr.Function f ? f.arguments() : List.of());
            final String version = stream.settings().get("version_column");
            names.add(Expr.Identifier.of(version == null ? DdlAnalyzer.TP_TIME : version));
        }
        if (names.isEmpty())
        {
            throw count("changelog", args.size(), "a key column for a stream that is not versioned_kv: " + usage);
        }
        if (dropLateRows && names.size() < 2)
        {
            throw count("changelog", args.size(), "key columns and a version column when drop_late_rows is true: " +
                usage);
        }
        final List<TypedExpr> keys = new ArrayList<>();
        for (final Expr name : names)
        {
            keys.add(over.analyze(name, "changelog", false));
        }
        final TypedExpr version = keys.size() >= 2 ? keys.remove(keys.size() - 1) : null;
        final List<Column> output = new ArrayList<>(source.plan().output());
        output.add(new Column(DdlAnalyzer.TP_DELTA, DataType.INT8));
        return new QueryAnalyzer.Source(new LogicalPlan.Changelog(source.plan(), keys, version, dropLateRows, output),
            true, source.name(), source.database(), source.table(), -1, -1);
    }
}
