package io.muon.clickhouse.format;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.vector.Vector;
import io.muon.sql.plan.LogicalPlan;

import java.util.List;
import java.util.Map;

/** Values: rows as {@code (literal, literal, …)} separated by commas or whitespace, literals in quoted syntax. */
final class ValuesInput extends InputFormat
{
    ValuesInput(final List<LogicalPlan.Column> columns, final Map<String, Object> settings)
    {
        super(columns, settings);
    }

    @Override
    protected String name()
    {
        return "Values";
    }

    @Override
    protected boolean readRow(final ByteSource in, final Vector[] vectors)
    {
        while (in.hasRemaining() && (in.peek() == ',' || in.peek() == ';' || Character.isWhitespace(in.peek())))
        {
            in.skip(1);
        }
        if (!in.hasRemaining())
        {
            return false;
        }
        expect(in, '(');
        for (int c = 0; c < vectors.length; c++)
        {
            currentColumn = c;
            if (c > 0)
            {
                expect(in, ',');
            }
            values.quoted(in, vectors[c]);
        }
        currentColumn = -1;
        expect(in, ')');
        return true;
    }

    private static void expect(final ByteSource in, final char c)
    {
        TextValueParser.skipSpaces(in);
        if (in.peek() != c)
        {
            throw new MuonException(ErrorCodes.CANNOT_PARSE_INPUT_ASSERTION_FAILED, "Cannot parse input: expected '" +
                c + "' before: '" + TextValueParser.preview(in) + "' (Values take literals)");
        }
        in.skip(1);
    }

    @Override
    protected void skipBadRow(final ByteSource in)
    {
        // to the end of this row's parenthesis
        int depth = 0;
        while (in.hasRemaining())
        {
            final int c = in.read();
            if (c == '(')
            {
                depth++;
            }
            else if (c == ')' && --depth <= 0)
            {
                return;
            }
        }
    }
}
