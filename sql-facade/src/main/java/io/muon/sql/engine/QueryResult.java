package io.muon.sql.engine;

import io.muon.kernel.type.DataType;

import java.util.List;

/**
 * A small, fully materialized result: the answer of metadata statements (SHOW, DESCRIBE, EXPLAIN) and the empty
 * answer of DDL. Values are Java objects (String, Long, Double, Boolean, null). Query results stream as column
 * batches instead; this type is not for them.
 */
public record QueryResult(List<String> names, List<DataType> types, List<List<Object>> rows, List<Object> totals)
{
    public static final QueryResult EMPTY = new QueryResult(List.of(), List.of(), List.of());

    public QueryResult
    {
        names = List.copyOf(names);
        types = List.copyOf(types);
        rows = rows.stream().map(row -> java.util.Collections.unmodifiableList(new java.util.ArrayList<>(row))).toList();
        totals = totals == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(totals));
    }

    /** A result without a WITH TOTALS row. */
    public QueryResult(final List<String> names, final List<DataType> types, final List<List<Object>> rows)
    {
        this(names, types, rows, null);
    }

    /** A query's result with every value as ClickHouse prints it in text formats (NULL as null). */
    public static QueryResult of(final List<io.muon.sql.plan.LogicalPlan.Column> columns,
        final io.muon.kernel.vector.Batch batch)
    {
        return of(columns, batch, null);
    }

    /** The same, with the WITH TOTALS row ({@code totals}: one row, or null). */
    public static QueryResult of(final List<io.muon.sql.plan.LogicalPlan.Column> columns,
        final io.muon.kernel.vector.Batch batch, final io.muon.kernel.vector.Batch totals)
    {
        final List<String> names = new java.util.ArrayList<>();
        final List<DataType> types = new java.util.ArrayList<>();
        columns.forEach(c ->
        {
            names.add(c.name());
            types.add(c.type());
        });
        final List<List<Object>> rows = new java.util.ArrayList<>(batch.rows());
        for (int r = 0; r < batch.rows(); r++)
        {
            final List<Object> row = new java.util.ArrayList<>(batch.width());
            for (int c = 0; c < batch.width(); c++)
            {
                row.add(io.muon.sql.exec.ValueFormatter.text(batch.column(c), r));
            }
            rows.add(row);
        }
        List<Object> totalsRow = null;
        if (totals != null)
        {
            totalsRow = new java.util.ArrayList<>(totals.width());
            for (int c = 0; c < totals.width(); c++)
            {
                totalsRow.add(io.muon.sql.exec.ValueFormatter.text(totals.column(c), 0));
            }
        }
        return new QueryResult(names, types, rows, totalsRow);
    }

    private static boolean isPlainText(final DataType type)
    {
        final io.muon.kernel.type.TypeId id = type.unwrapped().id();
        return id != io.muon.kernel.type.TypeId.ARRAY && id != io.muon.kernel.type.TypeId.TUPLE &&
            id != io.muon.kernel.type.TypeId.MAP;
    }

    /** Tab-separated rows with ClickHouse's escaping, for tests and the simplest clients. */
    public String toTsv()
    {
        final StringBuilder out = new StringBuilder();
        for (final List<Object> row : rows)
        {
            tsvRow(out, row);
        }
        if (totals != null)
        {
            // as ClickHouse's TabSeparated: an empty line, then the totals row
            out.append('\n');
            tsvRow(out, totals);
        }
        return out.toString();
    }

    private void tsvRow(final StringBuilder out, final List<Object> row)
    {
        {
            for (int i = 0; i < row.size(); i++)
            {
                if (i > 0)
                {
                    out.append('\t');
                }
                final Object value = row.get(i);
                if (value == null)
                {
                    out.append("\\N");
                }
                else
                {
                    // ClickHouse escapes a quote in plain strings; arrays and tuples print their quotes as they are
                    final boolean plain = i >= types.size() || isPlainText(types.get(i));
                    final String text = value.toString();
                    for (int c = 0; c < text.length(); c++)
                    {
                        final char ch = text.charAt(c);
                        switch (ch)
                        {
                            case '\t': out.append("\\t"); break;
                            case '\n': out.append("\\n"); break;
                            case '\r': out.append("\\r"); break;
                            case '\b': out.append("\\b"); break;
                            case '\f': out.append("\\f"); break;
                            case '\0': out.append("\\0"); break;
                            case '\\': out.append("\\\\"); break;
                            case '\'': out.append(plain ? "\\'" : "'"); break;
                            default: out.append(ch);
                        }
                    }
                }
            }
            out.append('\n');
        }
    }
}
