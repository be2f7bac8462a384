package io.muon.sql.streaming;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.stream.StreamStore;
import io.muon.kernel.type.DataType;
import io.muon.sql.exec.AggregateStates;
import io.muon.sql.exec.Feed;
import io.muon.sql.exec.Operator;
import io.muon.sql.exec.QueryContext;
import io.muon.sql.exec.QueryExecutor;
import io.muon.sql.exec.StreamingJoin;
import io.muon.sql.plan.EmitSpec;
import io.muon.sql.plan.LogicalPlan;
import io.muon.sql.plan.QueryPlan;
import io.muon.sql.plan.TypedExpr;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * Turns the logical plan of a streaming query into a {@link StreamingQuery}: a chain of stages from each stream's
 * log source to the result sink. Stateful steps (windows, streaming aggregations) become stages of their own; the
 * bounded steps between them (filters, projections, per-emit sorts) run as the query engine's operators over a
 * feed. A LIMIT at the top ends the query after that many rows. Runs on the caller's thread, so a query that cannot
 * run fails before it starts.
 */
public final class StreamingPlanner
{
    private final StreamStore store;
    private final QueryContext context;
    private final QueryExecutor executor;
    private final Map<String, Object> settings;
    private final List<StreamingSource> sources = new ArrayList<>();
    private final List<StreamingStage> stages = new ArrayList<>();
    private final StreamingQuery.Counters counters = new StreamingQuery.Counters();
    /** The whole plan, for the columns each stream scan must decode. */
    private LogicalPlan root;
    /** Windows under an aggregation, and how their stage assigns rows. */
    private final Map<LogicalPlan, WindowAssignment> aggregatedWindows = new IdentityHashMap<>();

    private record WindowAssignment(WindowAssignStage.Mode mode, long size, long slide, long delay)
    {
    }

    private StreamingPlanner(final StreamStore store, final QueryContext context, final Map<String, Object> settings)
    {
        this.store = store;
        this.context = context;
        this.settings = settings;
        this.executor = new QueryExecutor(store, context);
    }

    /** Plans a streaming query; {@code settings}: the session's and the query's, merged. */
    public static StreamingQuery plan(final QueryPlan plan, final StreamStore store, final QueryContext context,
        final Map<String, Object> settings)
    {
        final StreamingPlanner planner = new StreamingPlanner(store, context, settings);
        try
        {
            return planner.build(plan);
        }
        catch (final RuntimeException | Error e)
        {
            // free everything built so far, whatever fails on the way
            planner.sources.forEach(source -> closeQuietly(source::close, e));
            planner.stages.forEach(stage -> closeQuietly(stage::close, e));
            closeQuietly(planner.executor::closeCompiled, e);
            throw e;
        }
    }

    private static void closeQuietly(final Runnable close, final Throwable failure)
    {
        try
        {
            close.run();
        }
        catch (final RuntimeException e)
        {
            failure.addSuppressed(e);
        }
    }

    private StreamingQuery build(final QueryPlan plan)
    {
        LogicalPlan root = plan.root();
        this.root = root;
        long limit = -1;
        long offset = 0;
        if (root instanceof LogicalPlan.Limit top)
        {
            limit = top.limit();
            offset = top.offset();
            root = top.input();
        }
        final List<DataType> types = new ArrayList<>();
        plan.output().forEach(c -> types.add(c.type()));
        final ResultQueue queue = new ResultQueue(Math.max(1, number("max_streaming_pending_rows",
            StreamingQuery.DEFAULT_PENDING_ROWS)));
        final ResultSink sink = new ResultSink(queue, types, limit, offset,
            settings.get("max_emit_delay_ms") instanceof Number n ? Math.max(0, n.longValue()) :
            StreamingQuery.DEFAULT_MAX_EMIT_DELAY_MS);
        connect(root, sink);
        if (sources.isEmpty())
        {
            throw new MuonException(ErrorCodes.LOGICAL_ERROR, "A streaming query without a stream to read");
        }
        return new StreamingQuery(sources, stages, sink, queue, context, executor, counters,
            number("streaming_backpressure_timeout_ms", StreamingQuery.DEFAULT_BACKPRESSURE_TIMEOUT_MS));
    }

    private long number(final String name, final long fallback)
    {
        return settings.get(name) instanceof Number n && n.longValue() > 0 ? n.longValue() : fallback;
    }

    /** Connects the steps of {@code node} so that what it produces goes to {@code downstream}. */
    private void connect(final LogicalPlan node, final StreamingStage downstream)
    {
        if (node instanceof LogicalPlan.StreamScan scan && scan.streaming() &&
            io.muon.sql.external.ExternalStreams.isExternal(scan.stream()))
        {
            sources.add(new ExternalSource(io.muon.sql.external.ExternalStreams.of(scan.stream()).reader(
                scan.stream(), scan.output(), new io.muon.sql.external.ExternalReadOptions(false, settings)),
                downstream, counters));
            return;
        }
        if (node instanceof LogicalPlan.StreamScan scan && scan.streaming())
        {
            sources.add(source(scan, downstream));
            return;
        }
        if (node instanceof LogicalPlan.LatestPerKey latest &&
            latest.input() instanceof LogicalPlan.StreamScan scan && scan.streaming())
        {
            sources.add(source(scan, latest, downstream));
            return;
        }
        if (node instanceof LogicalPlan.RandomScan random && random.streaming())
        {
            final Feed feed = new Feed();
            sources.add(new RandomSource(feed, executor.randomRows(random, feed), random.eps(), random.intervalMs(),
                downstream));
            return;
        }
        if (node instanceof LogicalPlan.Aggregate aggregate && aggregate.emit() != null)
        {
            aggregate(aggregate, downstream);
            return;
        }
        if (node instanceof LogicalPlan.Window window)
        {
            final WindowAssignStage stage = windowStage(window, downstream);
            final int first = sources.size();
            connect(window.input(), stage);
            stage.sources(first, sources.size());
            return;
        }
        if (node instanceof LogicalPlan.Union union && union.all())
        {
            for (final LogicalPlan input : union.inputs())
            {
                if (!isStreaming(input))
                {
                    throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "UNION ALL of a stream and a bounded " +
                        "query; read both as streams, or both with table(...)");
                }
                connect(input, downstream);
            }
            return;
        }
        if (node instanceof LogicalPlan.Dedup dedup)
        {
            final DedupStage stage = new DedupStage(executor.dedupFilter(dedup), downstream);
            stages.add(stage);
            connect(dedup.input(), stage);
            return;
        }
        if (node instanceof LogicalPlan.Changelog changelog)
        {
            final List<DataType> types = new ArrayList<>();
            changelog.input().output().forEach(c -> types.add(c.type()));
            final TypedExpr version = changelog.version();
            final io.muon.sql.exec.Evaluator versions = version == null ? null : executor.compile(version);
            final ChangelogStage stage = new ChangelogStage(executor.groupNumbering(changelog.keys()), versions,
                version == null ? null : version.type(), changelog.dropLateRows(), types, downstream);
            stages.add(stage);
            connect(changelog.input(), stage);
            return;
        }
        if (node instanceof LogicalPlan.Join join && isStreaming(join.right()))
        {
            if (!isStreaming(join.left()))
            {
                throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "A join of a bounded query with a stream: put " +
                    "the stream on the left side (stream JOIN table(...))");
            }
            join(join, downstream);
            return;
        }
        // bounded steps over one streaming step: run them per batch over a feed in its place
        final List<LogicalPlan> leaves = new ArrayList<>();
        streamingLeaves(node, leaves);
        if (leaves.size() != 1)
        {
            throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, leaves.isEmpty() ? "Nothing to stream in " +
                node.getClass().getSimpleName() : "A streaming query that joins two streams needs streaming joins, " +
                "which this build does not have; join a stream with table(...) instead");
        }
        final LogicalPlan leaf = leaves.get(0);
        final boolean perBatch = needsWholeInput(node, leaf);
        if (perBatch && looksBack(node, leaf))
        {
            throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "lag() and lags() look back across emits; they " +
                "cannot sit under ORDER BY, DISTINCT or LIMIT BY of a streaming query, which start afresh per emit. " +
                "Compute them in a subquery");
        }
        final int lookBacksBefore = executor.compiler().lookBackCount();
        final StatelessStage stage = new StatelessStage(feed -> executor.buildOver(node, Map.of(leaf, feed)),
            perBatch, downstream);
        // the chain is built once (not per batch: lag is refused there), so its look-back evaluators are made now
        stage.lookBacks(executor.compiler().lookBacksFrom(lookBacksBefore));
        stages.add(stage);
        connect(leaf, stage);
    }

    /** The topmost streaming steps under {@code node} that are stages of their own (or sources). */
    private static void streamingLeaves(final LogicalPlan node, final List<LogicalPlan> out)
    {
        for (final LogicalPlan input : node.inputs())
        {
            if (!isStreaming(input))
            {
                continue;
            }
            if (input instanceof LogicalPlan.StreamScan || input instanceof LogicalPlan.RandomScan ||
                input instanceof LogicalPlan.LatestPerKey ||
                input instanceof LogicalPlan.Window ||
                input instanceof LogicalPlan.Union || input instanceof LogicalPlan.Dedup ||
                input instanceof LogicalPlan.Changelog ||
                input instanceof LogicalPlan.Join join && isStreaming(join.right()) ||
                input instanceof LogicalPlan.Aggregate aggregate && aggregate.emit() != null)
            {
                out.add(input);
            }
            else
            {
                streamingLeaves(input, out);
            }
        }
    }

    /** Whether a step between {@code node} and {@code leaf} calls {@code lag} or {@code lags}. */
    private static boolean looksBack(final LogicalPlan node, final LogicalPlan leaf)
    {
        if (node == leaf)
        {
            return false;
        }
        final List<TypedExpr> expressions = node instanceof LogicalPlan.Project project ? project.expressions() :
            node instanceof LogicalPlan.Filter filter ? List.of(filter.predicate()) : List.of();
        for (final TypedExpr expression : expressions)
        {
            if (callsLag(expression))
            {
                return true;
            }
        }
        for (final LogicalPlan input : node.inputs())
        {
            if (looksBack(input, leaf))
            {
                return true;
            }
        }
        return false;
    }

    private static boolean callsLag(final TypedExpr expression)
    {
        if (expression instanceof TypedExpr.Lambda lambda)
        {
            return callsLag(lambda.body());
        }
        return expression instanceof TypedExpr.Call call && (call.function().equals("lag") ||
            call.function().equals("lags") ||
            call.arguments().stream().anyMatch(argument -> argument != null && callsLag(argument)));
    }

    /** Whether a step between {@code node} and {@code leaf} needs all its input before it answers (a sort). */
    private static boolean needsWholeInput(final LogicalPlan node, final LogicalPlan leaf)
    {
        if (node == leaf)
        {
            return false;
        }
        if (node instanceof LogicalPlan.Sort || node instanceof LogicalPlan.Distinct ||
            node instanceof LogicalPlan.LimitBy || node instanceof LogicalPlan.Limit ||
            node instanceof LogicalPlan.Aggregate || node instanceof LogicalPlan.Union)
        {
            return true;
        }
        for (final LogicalPlan input : node.inputs())
        {
            if (needsWholeInput(input, leaf))
            {
                return true;
            }
        }
        return false;
    }

    static boolean isStreaming(final LogicalPlan node)
    {
        if (node instanceof LogicalPlan.StreamScan scan)
        {
            return scan.streaming();
        }
        if (node instanceof LogicalPlan.RandomScan random)
        {
            return random.streaming();
        }
        for (final LogicalPlan input : node.inputs())
        {
            if (isStreaming(input))
            {
                return true;
            }
        }
        return false;
    }

    /** A join of two streams: one stage that both sides feed, each side's rows kept while the other may match them. */
    private void join(final LogicalPlan.Join join, final StreamingStage downstream)
    {
        final StreamJoinStage stage = new StreamJoinStage(executor.streamJoin(root, join,
            settings.get("join_max_buffered_bytes") instanceof Number n ? n.longValue() : DEFAULT_JOIN_BUFFERED_BYTES,
            (int)number("keep_versions", DEFAULT_KEEP_VERSIONS), number("join_quiesce_threshold_ms", 0)),
            downstream);
        stages.add(stage);
        // the right side first: rows of both sides read in one cycle meet the right side's first
        final int firstRight = sources.size();
        connect(join.right(), stage.side(StreamingJoin.RIGHT));
        final int firstLeft = sources.size();
        connect(join.left(), stage.side(StreamingJoin.LEFT));
        final String strictness = join.strictness() == null ? "ALL" : join.strictness();
        if (join.right() instanceof LogicalPlan.LatestPerKey || !strictness.equals("ALL"))
        {
            // an enrichment join: the left side waits until the right side's starting state is in the table
            final List<StreamingSource> right = List.copyOf(sources.subList(firstRight, firstLeft));
            for (int s = firstLeft; s < sources.size(); s++)
            {
                sources.set(s, new GatedSource(sources.get(s), right));
            }
        }
    }

    /** Right rows an ASOF join of streams keeps per key, as Proton's keep_versions. */
    static final int DEFAULT_KEEP_VERSIONS = 3;

    /** What a streaming join keeps at most, as Proton's join_max_buffered_bytes: 500 MiB. */
    static final long DEFAULT_JOIN_BUFFERED_BYTES = 524_288_000L;

    private WindowAssignStage windowStage(final LogicalPlan.Window window, final StreamingStage downstream)
    {
        final EventTime time = new EventTime(window.timeColumn().type());
        final DataType windowType = window.output().get(window.output().size() - 1).type();
        final WindowAssignment assignment = aggregatedWindows.get(window);
        final WindowAssignStage stage;
        if (assignment != null)
        {
            stage = new WindowAssignStage(assignment.mode(), window.timeColumn().index(), windowType,
                assignment.size(), assignment.slide(), assignment.delay(), window.processingTime() ? time : null,
                counters, downstream);
        }
        else
        {
            switch (window.kind())
            {
                case TUMBLE ->
                {
                    final long size = time.ticks(window.size(), "The tumble window size");
                    stage = new WindowAssignStage(WindowAssignStage.Mode.TUMBLE, window.timeColumn().index(),
                        windowType, size, size, 0, window.processingTime() ? time : null, counters, downstream);
                }
                case HOP -> stage = new WindowAssignStage(WindowAssignStage.Mode.HOP_ROWS,
                    window.timeColumn().index(), windowType, time.ticks(window.size(), "The hop window size"),
                    time.ticks(window.slide(), "The hop slide"), 0, window.processingTime() ? time : null, counters,
                    downstream);
                default -> throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "A session window needs an " +
                    "aggregation: GROUP BY window_start (sessions are only known when they close)");
            }
        }
        stages.add(stage);
        return stage;
    }

    private void aggregate(final LogicalPlan.Aggregate aggregate, final StreamingStage downstream)
    {
        final EmitSpec emit = aggregate.emit();
        if (!aggregate.windowed())
        {
            final AggregateStates states = executor.aggregateStates(aggregate, new BitSet());
            final GlobalAggregateStage stage = new GlobalAggregateStage(states, emit,
                new EmitShaper(emit, aggregate.emitVersion(), states.keyCount()), downstream);
            stages.add(stage);
            connect(aggregate.input(), stage);
            return;
        }
        LogicalPlan below = aggregate.input();
        while (!(below instanceof LogicalPlan.Window))
        {
            if (!(below instanceof LogicalPlan.Filter) || below.inputs().size() != 1)
            {
                throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "A windowed aggregation over " +
                    below.getClass().getSimpleName() + " steps");
            }
            below = below.inputs().get(0);
        }
        final LogicalPlan.Window window = (LogicalPlan.Window)below;
        final int startColumn = window.output().size() - 2;
        final int endColumn = window.output().size() - 1;
        final BitSet windowKeys = new BitSet();
        final int[] keySources = new int[aggregate.keys().size()];
        int stateKey = 0;
        for (int k = 0; k < keySources.length; k++)
        {
            final TypedExpr key = aggregate.keys().get(k);
            if (key instanceof TypedExpr.ColumnRef ref && (ref.index() == startColumn || ref.index() == endColumn))
            {
                windowKeys.set(k);
                keySources[k] = ref.index() == startColumn ? -1 : -2;
            }
            else
            {
                keySources[k] = stateKey++;
            }
        }
        final EventTime time = new EventTime(window.timeColumn().type());
        final DataType windowType = window.output().get(endColumn).type();
        final long delay = time.fromMillis(emit.delayMs());
        final StreamingStage stage;
        switch (window.kind())
        {
            case TUMBLE, HOP ->
            {
                final long size = time.ticks(window.size(), "The window size");
                final long slide = window.kind() == LogicalPlan.WindowKind.HOP ?
                    time.ticks(window.slide(), "The hop slide") : size;
                final AggregateStates states = executor.aggregateStates(aggregate, windowKeys);
                stage = new WindowAggregateStage(states, startColumn, size, slide, emit,
                    new EmitShaper(emit, aggregate.emitVersion(), states.keyCount()),
                    new WindowColumns(keySources, states.keyCount(), aggregate.aggregates().size(),
                        aggregate.output().size(), windowType), downstream, counters);
                aggregatedWindows.put(window, new WindowAssignment(WindowAssignStage.Mode.SLICES,
                    WindowAggregateStage.gcd(size, slide), slide, delay));
            }
            default ->
            {
                if (emit.delayMs() > 0)
                {
                    throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Watermark with delay is not supported for " +
                        "session windows: a session closes on its own timeout");
                }
                final long timeout = time.ticks(window.size(), "The session timeout");
                final long maxLength = window.maxLength() == null ? 5 * timeout :
                    time.ticks(window.maxLength(), "The session max length");
                final AggregateStates states = executor.aggregateStates(aggregate, windowKeys);
                // the assigning stage puts each row's time (event or processing) in both window columns
                stage = new SessionAggregateStage(states, startColumn, timeout, maxLength,
                    window.startCondition() == null ? null : executor.compile(window.startCondition()),
                    window.endCondition() == null ? null : executor.compile(window.endCondition()), emit,
                    new EmitShaper(emit, aggregate.emitVersion(), states.keyCount()),
                    new WindowColumns(keySources, states.keyCount(), aggregate.aggregates().size(),
                        aggregate.output().size(), windowType), downstream, counters);
                aggregatedWindows.put(window, new WindowAssignment(WindowAssignStage.Mode.SESSION, 1, 1, 0));
            }
        }
        stages.add(stage);
        final int first = sources.size();
        connect(aggregate.input(), stage);
        if (stage instanceof SessionAggregateStage sessions)
        {
            sessions.sources(first, sources.size());
        }
    }

    private LogSource source(final LogicalPlan.StreamScan scan, final StreamingStage downstream)
    {
        return source(scan, null, downstream);
    }

    /**
     * The source of a stream; {@code keyed}: the stream is versioned_kv or changelog_kv, read as the latest row of
     * each key (unless {@code seek_to} names a place to start from): those rows first, then every new one.
     */
    private LogSource source(final LogicalPlan.StreamScan scan, final LogicalPlan.LatestPerKey keyed,
        final StreamingStage downstream)
    {
        LogSource.StartPoint start = startPoint();
        final boolean fromState = keyed != null && (start.kind() == LogSource.StartPoint.Kind.EARLIEST ||
            start.kind() == LogSource.StartPoint.Kind.LATEST && !(settings.get("seek_to") instanceof String));
        if (fromState)
        {
            start = new LogSource.StartPoint(LogSource.StartPoint.Kind.EARLIEST, 0, true);
        }
        final BitSet needed = fromState ? null : neededBy(scan, start);
        Operator backfill = null;
        final long backfillEnd = store.log(scan.stream()).nextSequence();
        if (start.backfill())
        {
            final LogicalPlan.StreamScan history = new LogicalPlan.StreamScan(scan.stream(), false, scan.output());
            if (fromState)
            {
                // the state of the rows before the tail's start (the kept latest rows when the stream has them):
                // a row after it is the tail's, key and all
                final Operator kept = executor.keptLatestRows(history, needed);
                backfill = executor.latestPerKey(keyed, kept != null ? kept : executor.scanBounded(history, needed),
                    backfillEnd);
            }
            else
            {
                backfill = executor.scanBounded(history, needed);
            }
        }
        final BitSet withSequence = needed == null ? null : (BitSet)needed.clone();
        for (int i = 0; withSequence != null && i < scan.output().size(); i++)
        {
            if (scan.output().get(i).name().equals("_tp_sn"))
            {
                withSequence.set(i);
            }
        }
        try
        {
            return new LogSource(store, scan, needed, start, backfill, backfillEnd, context, downstream)
                .historyScan(() -> executor.scanBounded(new LogicalPlan.StreamScan(scan.stream(), false,
                    scan.output()), withSequence));
        }
        catch (final RuntimeException e)
        {
            if (backfill != null)
            {
                backfill.close();
            }
            throw e;
        }
    }

    /**
     * The output columns of {@code scan} the query reads (null: all): the others are not decoded. A start time
     * also needs {@code _tp_time}, which cuts the history, and a backfill {@code _tp_sn}, where it meets the tail.
     */
    private BitSet neededBy(final LogicalPlan.StreamScan scan, final LogSource.StartPoint start)
    {
        final BitSet needed = executor.columnsRead(root, scan);
        if (needed == null || start.kind() != LogSource.StartPoint.Kind.TIME && !start.backfill())
        {
            return needed;
        }
        final BitSet withCuts = (BitSet)needed.clone();
        for (int i = 0; i < scan.output().size(); i++)
        {
            final String name = scan.output().get(i).name();
            // a start time cuts the history by _tp_time; a backfill ends where the tail starts, by _tp_sn
            if (name.equals("_tp_time") && start.kind() == LogSource.StartPoint.Kind.TIME ||
                name.equals("_tp_sn") && start.backfill())
            {
                withCuts.set(i);
            }
        }
        return withCuts;
    }

    /**
     * Where the query starts reading, from {@code seek_to}: 'latest' (the default: new rows only), 'earliest', a
     * time ('2024-01-01 00:00:00', UTC unless it has an offset) or a negative relative time ('-1h', '-30s'), or a
     * sequence number. With {@code enable_backfill_from_historical_store} (on by default) a read from the earliest
     * row or a time reads the stream's parts first, then its log.
     */
    private LogSource.StartPoint startPoint()
    {
        return startPoint(settings);
    }

    private static LogSource.StartPoint startPoint(final Map<String, Object> settings)
    {
        final String seek = settings.get("seek_to") instanceof String s ? s.trim() : "";
        final boolean backfill = !Boolean.FALSE.equals(settings.get("enable_backfill_from_historical_store")) &&
            !Long.valueOf(0).equals(settings.get("enable_backfill_from_historical_store"));
        final String lower = seek.toLowerCase(Locale.ROOT);
        if (lower.isEmpty() || lower.equals("latest"))
        {
            return new LogSource.StartPoint(LogSource.StartPoint.Kind.LATEST, 0, false);
        }
        if (lower.equals("earliest"))
        {
            return new LogSource.StartPoint(LogSource.StartPoint.Kind.EARLIEST, 0, backfill);
        }
        if (lower.matches("\\d+"))
        {
            return new LogSource.StartPoint(LogSource.StartPoint.Kind.SEQUENCE, Long.parseLong(lower), false);
        }
        final java.util.regex.Matcher relative = java.util.regex.Pattern.compile("(-?)(\\d+)(ms|s|m|h|d)")
            .matcher(lower);
        long millis;
        if (relative.matches())
        {
            if (relative.group(1).isEmpty())
            {
                throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Relative seek time shall be negative: seek_to='" +
                    seek + "'");
            }
            final long amount = Long.parseLong(relative.group(2));
            final long unit = switch (relative.group(3))
            {
                case "ms" -> 1L;
                case "s" -> 1000L;
                case "m" -> 60_000L;
                case "h" -> 3_600_000L;
                default -> 86_400_000L;
            };
            millis = System.currentTimeMillis() - amount * unit;
        }
        else
        {
            millis = parseTime(seek);
        }
        return new LogSource.StartPoint(LogSource.StartPoint.Kind.TIME, millis, backfill);
    }

    /**
     * The time a {@code seek_to} of a time names, in epoch milliseconds: a negative relative time ('-1h') from now,
     * or a time ('2024-01-01 00:00:00', UTC unless it has an offset). Code 36 for anything else.
     */
    public static long seekTime(final String seek)
    {
        final LogSource.StartPoint start = startPoint(Map.of("seek_to", seek));
        if (start.kind() != LogSource.StartPoint.Kind.TIME)
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "seek_to='" + seek + "' is not a time");
        }
        return start.value();
    }

    private static long parseTime(final String text)
    {
        final String iso = text.replace(' ', 'T');
        try
        {
            return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
        }
        catch (final DateTimeParseException e)
        {
            try
            {
                final LocalDateTime local = iso.length() == 10 ? java.time.LocalDate.parse(iso).atStartOfDay() :
                    LocalDateTime.parse(iso);
                return local.toInstant(ZoneOffset.UTC).toEpochMilli();
            }
            catch (final DateTimeParseException again)
            {
                throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Cannot parse seek_to='" + text + "' as a time");
            }
        }
    }
}
