package io.muon.clickhouse.netty;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ClickHouse's query parameters: {@code {name:Type}} placeholders in a query replaced by the values a client sent
 * beside it (HTTP {@code param_name}, the native protocol's parameters), as typed literals. Stateless.
 */
public final class QueryParameters
{
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*:\\s*" +
        "([^{}]+?)\\s*}");

    private QueryParameters()
    {
    }

    /** Replaces every placeholder with {@code CAST('value' AS Type)}; Code 456 for a parameter without a value. */
    public static String substitute(final String sql, final Function<String, String> values)
    {
        if (sql.indexOf('{') < 0)
        {
            return sql;
        }
        final Matcher m = PLACEHOLDER.matcher(sql);
        final StringBuilder out = new StringBuilder();
        while (m.find())
        {
            final String value = values.apply(m.group(1));
            if (value == null)
            {
                throw new MuonException(ErrorCodes.UNKNOWN_QUERY_PARAMETER, "Substitution `" + m.group(1) +
                    "` is not set");
            }
            final String quoted = "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
            m.appendReplacement(out, Matcher.quoteReplacement("CAST(" + quoted + " AS " + m.group(2) + ")"));
        }
        m.appendTail(out);
        return out.toString();
    }
}
