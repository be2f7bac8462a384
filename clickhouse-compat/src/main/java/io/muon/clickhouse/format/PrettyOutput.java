package io.muon.clickhouse.format;

import io.muon.kernel.type.TypeId;
import io.muon.kernel.vector.Batch;
import io.muon.sql.plan.LogicalPlan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Pretty, PrettyCompact and PrettySpace: tables for people, drawn with box characters once the result is complete
 * (at most {@code output_format_pretty_max_rows}, 10000, rows are shown). Numbers and dates are aligned right.
 */
final class PrettyOutput extends OutputFormat
{
    enum Kind
    {
        PRETTY, COMPACT, SPACE
    }

    private static final int MAX_ROWS = 10_000;
    /** How Pretty formats show NULL. */
    private static final String NULL = "ᴺᵁᴸᴸ";

    private final Kind kind;
    private final TextWriter text = new TextWriter(false);
    private final ByteSink cell = new ByteSink(1 << 30);
    private final List<String[]> rows = new ArrayList<>();
    private long total;
    /** The WITH TOTALS row, drawn as a table of its own under "Totals:". */
    private String[] totalsRow;

    PrettyOutput(final ByteSink out, final Kind kind)
    {
        super(out);
        this.kind = kind;
    }

    @Override
    public String contentType()
    {
        return "text/plain; charset=UTF-8";
    }

    @Override
    public void write(final Batch batch)
    {
        for (int r = 0; r < batch.rows(); r++)
        {
            total++;
            if (rows.size() < MAX_ROWS)
            {
                rows.add(values(batch, r));
            }
        }
    }

    @Override
    public void totals(final Batch totals)
    {
        totalsRow = values(totals, 0);
    }

    private String[] values(final Batch batch, final int r)
    {
        final String[] values = new String[batch.width()];
        for (int c = 0; c < values.length; c++)
        {
            if (batch.column(c).isNull(r))
            {
                values[c] = NULL;
                continue;
            }
            cell.clear();
            text.write(cell, batch.column(c), r, TextWriter.Style.RAW);
            values[c] = new String(cell.buffer(), 0, cell.length(), StandardCharsets.UTF_8);
        }
        return values;
    }

    private boolean alignRight(final int column)
    {
        final TypeId id = columns.get(column).type().unwrapped().id();
        return id.isInteger() || id == TypeId.FLOAT32 || id == TypeId.FLOAT64 || id == TypeId.DECIMAL ||
            id == TypeId.DATE || id == TypeId.DATE32 || id == TypeId.DATETIME || id == TypeId.DATETIME64;
    }

    private static void repeat(final StringBuilder s, final String piece, final int times)
    {
        for (int i = 0; i < times; i++)
        {
            s.append(piece);
        }
    }

    /**
     * Display width as ClickHouse computes it: tabs to the next multiple of 8, control characters 0, East Asian wide
     * characters and emoji 2, others 1.
     */
    private static int width(final String s)
    {
        int width = 0;
        for (int i = 0; i < s.length(); )
        {
            final int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\t')
            {
                width = (width / 8 + 1) * 8;
            }
            else if (c >= 0x20)
            {
                width += isWide(c) ? 2 : 1;
            }
        }
        return width;
    }

    private static boolean isWide(final int c)
    {
        return c >= 0x1100 && c <= 0x115F || c >= 0x2E80 && c <= 0xA4CF && c != 0x303F || c >= 0xAC00 && c <= 0xD7A3 ||
            c >= 0xF900 && c <= 0xFAFF || c >= 0xFE30 && c <= 0xFE4F || c >= 0xFF00 && c <= 0xFF60 ||
            c >= 0xFFE0 && c <= 0xFFE6 || c >= 0x1F300 && c <= 0x1F64F || c >= 0x1F900 && c <= 0x1F9FF ||
            c >= 0x20000 && c <= 0x3FFFD;
    }

    @Override
    public void end(final Statistics statistics)
    {
        if (columns.isEmpty())
        {
            return;
        }
        final StringBuilder s = new StringBuilder();
        table(s);
        if (total > rows.size())
        {
            s.append("  Showed first ").append(rows.size()).append(".\n");
        }
        if (totalsRow != null)
        {
            rows.clear();
            rows.add(totalsRow);
            s.append("\nTotals:\n");
            table(s);
        }
        out.writeUtf8(s);
    }

    /** Draws {@link #rows} under the column names, each column as wide as its widest value. */
    private void table(final StringBuilder s)
    {
        final int n = columns.size();
        final int[] widths = new int[n];
        for (int c = 0; c < n; c++)
        {
            widths[c] = width(columns.get(c).name());
        }
        for (final String[] row : rows)
        {
            for (int c = 0; c < n; c++)
            {
                widths[c] = Math.max(widths[c], width(row[c]));
            }
        }
        switch (kind)
        {
            case SPACE -> space(s, widths);
            case COMPACT -> compact(s, widths);
            default -> pretty(s, widths);
        }
    }

    private void padded(final StringBuilder s, final String value, final int width, final boolean right)
    {
        final int pad = width - width(value);
        if (right)
        {
            repeat(s, " ", pad);
        }
        s.append(value);
        if (!right)
        {
            repeat(s, " ", pad);
        }
    }

    private void line(final StringBuilder s, final int[] widths, final String left, final String fill,
        final String middle, final String right)
    {
        s.append(left);
        for (int c = 0; c < widths.length; c++)
        {
            if (c > 0)
            {
                s.append(middle);
            }
            repeat(s, fill, widths[c] + 2);
        }
        s.append(right).append('\n');
    }

    private void cells(final StringBuilder s, final String[] values, final int[] widths, final String bar)
    {
        s.append(bar);
        for (int c = 0; c < widths.length; c++)
        {
            s.append(' ');
            padded(s, values[c], widths[c], alignRight(c));
            s.append(' ').append(bar);
        }
        s.append('\n');
    }

    private String[] names()
    {
        final String[] names = new String[columns.size()];
        for (int c = 0; c < names.length; c++)
        {
            names[c] = columns.get(c).name();
        }
        return names;
    }

    private void pretty(final StringBuilder s, final int[] widths)
    {
        line(s, widths, "┏", "━", "┳", "┓");
        cells(s, names(), widths, "┃");
        line(s, widths, "┡", "━", "╇", "┩");
        for (int r = 0; r < rows.size(); r++)
        {
            if (r > 0)
            {
                line(s, widths, "├", "─", "┼", "┤");
            }
            cells(s, rows.get(r), widths, "│");
        }
        line(s, widths, "└", "─", "┴", "┘");
    }

    private void compact(final StringBuilder s, final int[] widths)
    {
        s.append("┌─");
        for (int c = 0; c < widths.length; c++)
        {
            if (c > 0)
            {
                s.append("─┬─");
            }
            final String name = columns.get(c).name();
            final int pad = widths[c] - width(name);
            if (alignRight(c))
            {
                repeat(s, "─", pad);
                s.append(name);
            }
            else
            {
                s.append(name);
                repeat(s, "─", pad);
            }
        }
        s.append("─┐\n");
        for (final String[] row : rows)
        {
            cells(s, row, widths, "│");
        }
        line(s, widths, "└", "─", "┴", "┘");
    }

    private void space(final StringBuilder s, final int[] widths)
    {
        spaceRow(s, names(), widths);
        s.append('\n');
        for (final String[] row : rows)
        {
            spaceRow(s, row, widths);
        }
    }

    private void spaceRow(final StringBuilder s, final String[] values, final int[] widths)
    {
        for (int c = 0; c < widths.length; c++)
        {
            if (c > 0)
            {
                s.append("   ");
            }
            padded(s, values[c], widths[c], alignRight(c));
        }
        s.append('\n');
    }
}
