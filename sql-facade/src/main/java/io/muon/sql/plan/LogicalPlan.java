package io.muon.sql.plan;

import io.muon.kernel.catalog.CatalogObject;
import io.muon.kernel.type.DataType;

import java.util.ArrayList;
import java.util.List;

/**
 * The logical plan of a query: a tree of relational nodes whose expressions are {@link TypedExpr}s over the output
 * columns of their input (a {@link Join}'s over the left columns followed by the right ones). The bounded executor and
 * the streaming planner both start from this tree; EXPLAIN PLAN prints it.
 */
public sealed interface LogicalPlan permits LogicalPlan.StreamScan, LogicalPlan.RandomScan, LogicalPlan.SystemTable,
    LogicalPlan.ExternalTable, LogicalPlan.Numbers, LogicalPlan.Window, LogicalPlan.Dedup, LogicalPlan.Changelog, LogicalPlan.LatestPerKey, LogicalPlan.Filter, LogicalPlan.Project,
    LogicalPlan.Aggregate, LogicalPlan.Sort, LogicalPlan.Limit, LogicalPlan.LimitBy, LogicalPlan.Distinct, LogicalPlan.Union,
    LogicalPlan.Join
{
    /** A named, typed output column. */
    record Column(String name, DataType type)
    {
    }

    List<Column> output();

    List<LogicalPlan> inputs();

    /**
     * Reads a stream: its columns (hidden ones included) followed by the virtual {@code _tp_sn}. {@code streaming}
     * tails the log from the query's start point; otherwise the read is bounded (historical parts then the log).
     */
    record StreamScan(CatalogObject stream, boolean streaming, List<Column> output) implements LogicalPlan
    {
        @Override
        public List<LogicalPlan> inputs()
        {
            return List.of();
        }
    }

    /**
     * A random stream: rows made of its columns' DEFAULT expressions ({@code columns}, over no input), then
     * {@code _tp_sn} (the row's number). Streaming: {@code eps} rows per second (0: as fast as they are read), made
     * every {@code intervalMs}. Bounded ({@code table(...)}): {@code boundedRows} rows.
     */
    record RandomScan(CatalogObject stream, boolean streaming, List<TypedExpr> columns, double eps, long intervalMs,
        long boundedRows, List<Column> output) implements LogicalPlan
    {
        public RandomScan
        {
            columns = List.copyOf(columns);
            output = List.copyOf(output);
        }

        @Override
        public List<LogicalPlan> inputs()
        {
            return List.of();
        }
    }

    /** A {@code system.*} table, e.g. {@code system.one}, {@code system.tables}. */
    record SystemTable(String name, List<Column> output) implements LogicalPlan
    {
        @Override
        public List<LogicalPlan> inputs()
        {
            return List.of();
        }
    }

    /**
     * A table the client sent along with its query (ClickHouse's external tables: clickhouse-client {@code --external},
     * the native protocol's Data blocks before the query runs): rows already in memory, for this query only.
     */
    record ExternalTable(String name, List<Column> output, List<io.muon.kernel.vector.Batch> rows) implements LogicalPlan
    {
        @Override
        public List<LogicalPlan> inputs()
        {
            return List.of();
        }

        /** How many rows the client sent. */
        public long rowCount()
        {
            long count = 0;
            for (final io.muon.kernel.vector.Batch batch : rows)
            {
                count += batch.rows();
            }
            return count;
        }
    }

    /** {@code numbers(start, count)}; {@code count} is -1 for the endless {@code system.numbers}. */
    record Numbers(long start, long count, List<Column> output) implements LogicalPlan
    {
        @Override
        public List<LogicalPlan> inputs()
        {
            return List.of();
        }
    }

    enum WindowKind
    {
        TUMBLE, HOP, SESSION
    }

    /**
     * Assigns rows to windows by {@code timeColumn}: its output is the input's columns plus {@code window_start} and
     * {@code window_end}. Tumble uses {@code size}; hop {@code slide} and {@code size}; session {@code size} as the
     * inactivity timeout, {@code maxLength} (or null) and optional start/end conditions. With
     * {@code processingTime} ({@code now()} or {@code now64()} as the time argument) rows take the time they are
     * read at and {@code timeColumn} only gives its type (its index is -1).
     */
    record Window(LogicalPlan input, WindowKind kind, TypedExpr.ColumnRef timeColumn, boolean processingTime,
        TypedExpr.IntervalValue size,
        TypedExpr.IntervalValue slide, TypedExpr.IntervalValue maxLength, TypedExpr startCondition,
        TypedExpr endCondition, List<Column> output) implements LogicalPlan
    {
        @Override
        public List<LogicalPlan> inputs()
        {
            return List.of(input);
        }
    }

    /** Proton's {@code dedup(s, keys…[, timeout[, limit]])}: drops rows whose keys were seen within the timeout. */
    record Dedup(LogicalPlan input, List<TypedExpr> keys, TypedExpr.IntervalValue timeout, long limit)
        implements LogicalPlan
    {
        @Override
        public List<Column> output()
        {
            return input.output();
        }

        @Override
        public List<LogicalPlan> inputs()
        {
            return List.of(input);
        }
    }

    /**
     * A versioned_kv or changelog_kv stream read as what it stands for, the latest row of each primary key: bounded,
     * the row with the greatest {@code version} of each key (ties: the later row by {@code _tp_sn}, column {@code
     * sequence}), without keys whose latest row is a delete ({@code _tp_delta} -1, column {@code delta}, -1 when the
     * stream has none); streaming, those rows first and then every new row as it comes. Output: the input's.
     */
    record LatestPerKey(LogicalPlan input, List<TypedExpr> keys, TypedExpr version, int sequence, int delta)
        implements LogicalPlan
    {
        public LatestPerKey
        {
            keys = List.copyOf(keys);
        }

        @Override
        public List<Column> output()
        {
            return input.output();
        }

        @Override
        public List<LogicalPlan> inputs()
        {
            return List.of(input);
        }
    }

    /**
     * Proton's {@code changelog(s, keys…[, version][, drop_late_rows])}: turns an append (or versioned_kv) source into
     * a changelog by remembering the latest row per key; a new row for a known key emits the old row with
     * {@code _tp_delta} -1 and the new one with +1. With {@code dropLateRows}, a row whose version is below the key's
     * latest is dropped. Output: the input's columns plus {@code _tp_delta Int8}.
     */
    record Changelog(LogicalPlan input, List<TypedExpr> keys, TypedExpr version, boolean dropLateRows,
        List<Column> output) implements LogicalPlan
    {
        public Changelog
        {
            keys = List.copyOf(keys);
            output = List.copyOf(output);
        }

        @Override
        public List<LogicalPlan> inputs()
        {
            return List.of(input);
        }
    }

    record Filter(LogicalPlan input, TypedExpr predicate) implements LogicalPlan
    {
        @Override
        public List<Column> output()
        {
            return input.output();
        }

        @Override
        public List<LogicalPlan> inputs()
        {
            return List.of(input);
        }
    }

    record Project(LogicalPlan input, List<TypedExpr> expressions, List<Column> output) implements LogicalPlan
    {
        public Project
        {
            expressions = List.copyOf(expressions);
            output = List.copyOf(output);
        }

        @Override
        public List<LogicalPlan> inputs()
        {
            return List.of(input);
        }
    }

    /**
     * Hash aggregation: output is the keys then the aggregates. {@code emit} is set for a streaming aggregation and
     * null for a bounded one; {@code windowed} says the keys include a window of the input (results are final when
     * the window closes) rather than a global aggregation. A streaming aggregation's output ends with
     * {@code _tp_delta Int8} when its emit is a changelog, or with {@code emit_version() Int64} (the number of the
     * emit, from 0) when {@code emitVersion}.
     */
    record Aggregate(LogicalPlan input, List<TypedExpr> keys, List<TypedExpr.AggregateCall> aggregates,
        boolean withTotals, boolean windowed, EmitSpec emit, boolean emitVersion, List<Column> output)
        implements LogicalPlan
    {
        public Aggregate
        {
            keys = List.copyOf(keys);
            aggregates = List.copyOf(aggregates);
            output = List.copyOf(output);
        }

        @Override
        public List<LogicalPlan> inputs()
        {
            return List.of(input);
        }
    }

    record SortKey(TypedExpr expression, boolean descending, boolean nullsFirst)
    {
    }

    /** ORDER BY; {@code limit} ≥ 0 lets the executor keep only the top rows (ORDER BY … LIMIT), -1 sorts all. */
    record Sort(LogicalPlan input, List<SortKey> keys, long limit) implements LogicalPlan
    {
        public Sort
        {
            keys = List.copyOf(keys);
        }

        @Override
        public List<Column> output()
        {
            return input.output();
        }

        @Override
        public List<LogicalPlan> inputs()
        {
            return List.of(input);
        }
    }

    record Limit(LogicalPlan input, long limit, long offset) implements LogicalPlan
    {
        @Override
        public List<Column> output()
        {
            return input.output();
        }

        @Override
        public List<LogicalPlan> inputs()
        {
            return List.of(input);
        }
    }

    record LimitBy(LogicalPlan input, long limit, long offset, List<TypedExpr> keys) implements LogicalPlan
    {
        public LimitBy
        {
            keys = List.copyOf(keys);
        }

        @Override
        public List<Column> output()
        {
            return input.output();
        }

        @Override
        public List<LogicalPlan> inputs()
        {
            return List.of(input);
        }
    }

    /** DISTINCT over the first {@code keyCount} columns (later columns ride along, e.g. ORDER BY expressions). */
    record Distinct(LogicalPlan input, int keyCount) implements LogicalPlan
    {
        @Override
        public List<Column> output()
        {
            return input.output();
        }

        @Override
        public List<LogicalPlan> inputs()
        {
            return List.of(input);
        }
    }

    /** UNION ALL (or DISTINCT when {@code all} is false); inputs are already cast to the output types. */
    record Union(List<LogicalPlan> inputs, boolean all, List<Column> output) implements LogicalPlan
    {
        public Union
        {
            inputs = List.copyOf(inputs);
            output = List.copyOf(output);
        }
    }

    /**
     * A join. {@code kind}: INNER, LEFT, RIGHT, FULL, CROSS; {@code strictness}: ALL, ANY, ASOF, LATEST, SEMI, ANTI.
     * {@code condition} (null for CROSS) is over the left columns followed by the right ones; the output is the same
     * concatenation, with right-side columns Nullable where the kind makes them optional and join_use_nulls asks.
     * {@code using} names the USING columns: one value per row, so a right row without a match carries its key in
     * the left column of that name too.
     */
    record Join(LogicalPlan left, LogicalPlan right, String kind, String strictness, TypedExpr condition,
        List<Column> output, List<String> using) implements LogicalPlan
    {
        public Join
        {
            output = List.copyOf(output);
            using = using == null ? List.of() : List.copyOf(using);
        }

        /** A join on ON (or without condition): no USING columns. */
        public Join(final LogicalPlan left, final LogicalPlan right, final String kind, final String strictness,
            final TypedExpr condition, final List<Column> output)
        {
            this(left, right, kind, strictness, condition, output, List.of());
        }

        @Override
        public List<LogicalPlan> inputs()
        {
            return List.of(left, right);
        }
    }
}
