package io.muon.sql.analyzer;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.util.EditDistance;
import io.muon.sql.function.FunctionRegistry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The query-level settings a client may SET or give in SETTINGS (and, on the HTTP interface, as URL parameters):
 * every setting Proton declares (names, types and defaults in {@code query-settings.tsv}), checked and converted to
 * a typed value. Unknown names get ClickHouse's Code 115 with the closest names; names starting with
 * {@code custom_} are user settings and always accepted, as in ClickHouse.
 */
public final class QuerySettings
{
    /** One known setting. {@code type} is Proton's declared type (UInt64, Bool, Seconds, String…). */
    public record Definition(String name, String type, String defaultValue)
    {
    }

    private static final Map<String, Definition> KNOWN = load();
    private static final Pattern RELATIVE_TIME = Pattern.compile("-?\\d+(ms|s|m|h|d)");
    private static final Pattern ABSOLUTE_TIME =
        Pattern.compile("\\d{4}-\\d{2}-\\d{2}([ T]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?)?(Z|[+-]\\d{2}:?\\d{2})?");

    private QuerySettings()
    {
    }

    private static Map<String, Definition> load()
    {
        final Map<String, Definition> known = new LinkedHashMap<>();
        try (InputStream in = QuerySettings.class.getResourceAsStream("query-settings.tsv"))
        {
            if (in == null)
            {
                throw new IllegalStateException("query-settings.tsv is missing from the class path");
            }
            final BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null)
            {
                final String[] fields = line.split("\t", -1);
                if (fields.length >= 2)
                {
                    known.put(fields[0], new Definition(fields[0], fields[1], fields.length > 2 ? fields[2] : ""));
                }
            }
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        return Collections.unmodifiableMap(known);
    }

    /** Every known setting by name, in name order. */
    public static Map<String, Definition> all()
    {
        return KNOWN;
    }

    /**
     * Checks a setting and converts its value: {@code Long} for integer types, {@code Boolean} for Bool,
     * {@code Double} for Float, {@code String} otherwise. {@code value} is what the client gave: a Long, Double,
     * Boolean or String (URL parameters are strings). Code 115 for unknown names, Code 471 for bad values.
     */
    public static Object check(final String name, final Object value)
    {
        if (name.startsWith("custom_"))
        {
            return value;
        }
        final Definition definition = KNOWN.get(name);
        if (definition == null)
        {
            throw unknown(name);
        }
        final String type = definition.type();
        switch (type)
        {
            case "UInt64":
            case "Int64":
            case "Seconds":
            case "Milliseconds":
            case "MaxThreads":
            {
                if (type.equals("MaxThreads") && value instanceof String s && s.equalsIgnoreCase("auto"))
                {
                    return 0L;
                }
                final long number = integer(name, value);
                if (number < 0 && !type.equals("Int64"))
                {
                    throw invalid(name, value, "a non-negative integer");
                }
                return number;
            }
            case "Bool":
                return bool(name, value);
            case "Float":
                if (value instanceof Number n)
                {
                    return n.doubleValue();
                }
                try
                {
                    return Double.parseDouble(String.valueOf(value).trim());
                }
                catch (final NumberFormatException e)
                {
                    throw invalid(name, value, "a number");
                }
            case "obsolete":
                return value instanceof String ? value : String.valueOf(value);
            default:
                return checkString(name, String.valueOf(value instanceof Boolean b ? (b ? 1 : 0) : value));
        }
    }

    private static Object checkString(final String name, final String value)
    {
        switch (name)
        {
            case "query_mode":
                if (!value.equals("table") && !value.equals("streaming"))
                {
                    throw invalid(name, value, "'table' or 'streaming'");
                }
                return value;
            case "seek_to":
            {
                final String v = value.trim().toLowerCase(Locale.ROOT);
                if (!(v.isEmpty() || v.equals("earliest") || v.equals("latest") || RELATIVE_TIME.matcher(v).matches() ||
                    ABSOLUTE_TIME.matcher(value.trim()).matches() || v.matches("\\d+(,\\d+)*")))
                {
                    throw invalid(name, value, "'earliest', 'latest', a time like '2024-01-01 00:00:00' or a " +
                        "relative time like '-1h'");
                }
                return value.trim();
            }
            default:
                return value;
        }
    }

    private static long integer(final String name, final Object value)
    {
        if (value instanceof Long l)
        {
            return l;
        }
        if (value instanceof Boolean b)
        {
            return b ? 1 : 0;
        }
        if (value instanceof Double d && d == Math.rint(d))
        {
            return d.longValue();
        }
        try
        {
            return Long.parseLong(String.valueOf(value).trim());
        }
        catch (final NumberFormatException e)
        {
            throw invalid(name, value, "an integer");
        }
    }

    private static boolean bool(final String name, final Object value)
    {
        if (value instanceof Boolean b)
        {
            return b;
        }
        if (value instanceof Long l && (l == 0 || l == 1))
        {
            return l == 1;
        }
        final String text = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
        switch (text)
        {
            case "1": case "true": case "yes": case "on": case "enable": case "enabled":
                return true;
            case "0": case "false": case "no": case "off": case "disable": case "disabled":
                return false;
            default:
                throw invalid(name, value, "a boolean (0, 1, true or false)");
        }
    }

    private static MuonException invalid(final String name, final Object value, final String expected)
    {
        return new MuonException(ErrorCodes.INVALID_SETTING_VALUE, "Invalid value " + value + " for setting " + name +
            ": expected " + expected);
    }

    /** Code 115 for an unknown setting, with up to three close names. */
    public static MuonException unknown(final String name)
    {
        final List<Map.Entry<Integer, String>> found = new ArrayList<>();
        final int limit = Math.max(1, Math.min(3, name.length() / 4));
        for (final String candidate : KNOWN.keySet())
        {
            final int distance = EditDistance.of(name.toLowerCase(Locale.ROOT), candidate);
            if (distance <= limit)
            {
                found.add(Map.entry(distance, candidate));
            }
        }
        found.sort(Map.Entry.comparingByKey());
        final List<String> hints = new ArrayList<>();
        for (int i = 0; i < Math.min(3, found.size()); i++)
        {
            hints.add(found.get(i).getValue());
        }
        return new MuonException(ErrorCodes.UNKNOWN_SETTING, "Unknown setting " + name +
            (hints.isEmpty() ? "" : ". Maybe you meant: " + FunctionRegistry.quoted(hints)));
    }
}
