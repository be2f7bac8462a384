package io.muon.clickhouse.format;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.sql.plan.LogicalPlan;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The formats Muon reads and writes, by ClickHouse's names (matched ignoring case; {@code TSV} and friends are
 * aliases). Unknown names fail with ClickHouse's Code 73.
 */
public final class Formats
{
    private static final Map<String, String> CANONICAL = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    static
    {
        for (final String name : List.of("TabSeparated", "TabSeparatedRaw", "TabSeparatedWithNames",
            "TabSeparatedWithNamesAndTypes", "CSV", "CSVWithNames", "JSON", "JSONCompact", "JSONEachRow",
            "JSONCompactEachRow", "JSONStringsEachRow", "JSONCompactStringsEachRow", "RowBinary", "RowBinaryWithNames",
            "RowBinaryWithNamesAndTypes", "RowBinaryWithDefaults", "Native", "Values", "Pretty", "PrettyCompact",
            "PrettySpace", "Null", "TSKV"))
        {
            CANONICAL.put(name, name);
        }
        CANONICAL.put("TSV", "TabSeparated");
        CANONICAL.put("TSVRaw", "TabSeparatedRaw");
        CANONICAL.put("Raw", "TabSeparatedRaw");
        CANONICAL.put("TSVWithNames", "TabSeparatedWithNames");
        CANONICAL.put("TSVWithNamesAndTypes", "TabSeparatedWithNamesAndTypes");
        CANONICAL.put("NDJSON", "JSONEachRow");
        CANONICAL.put("JSONLines", "JSONEachRow");
        CANONICAL.put("PrettyCompactMonoBlock", "PrettyCompact");
        CANONICAL.put("PrettyNoEscapes", "Pretty");
        CANONICAL.put("PrettyCompactNoEscapes", "PrettyCompact");
        CANONICAL.put("PrettySpaceNoEscapes", "PrettySpace");
    }

    private Formats()
    {
    }

    /** ClickHouse's name of a format given in any case or by an alias; Code 73 when unknown. */
    public static String canonical(final String name)
    {
        final String canonical = CANONICAL.get(name.trim());
        if (canonical == null)
        {
            throw new MuonException(ErrorCodes.UNKNOWN_FORMAT, "Unknown format " + name);
        }
        return canonical;
    }

    /** Every format name and alias known, for {@code system.formats}-like listings. */
    public static java.util.Set<String> names()
    {
        return java.util.Collections.unmodifiableSet(CANONICAL.keySet());
    }

    /** An output format writing into {@code out}. */
    public static OutputFormat output(final String name, final ByteSink out)
    {
        return switch (canonical(name))
        {
            case "TabSeparated" -> new TabSeparatedOutput(out, TextWriter.Style.ESCAPED, false, false);
            case "TabSeparatedRaw" -> new TabSeparatedOutput(out, TextWriter.Style.RAW, false, false);
            case "TabSeparatedWithNames" -> new TabSeparatedOutput(out, TextWriter.Style.ESCAPED, true, false);
            case "TabSeparatedWithNamesAndTypes" -> new TabSeparatedOutput(out, TextWriter.Style.ESCAPED, true, true);
            case "CSV" -> new TabSeparatedOutput(out, TextWriter.Style.CSV, false, false);
            case "CSVWithNames" -> new TabSeparatedOutput(out, TextWriter.Style.CSV, true, false);
            case "JSON" -> new JsonOutput(out, false);
            case "JSONCompact" -> new JsonOutput(out, true);
            case "JSONEachRow" -> new JsonEachRowOutput(out, false, false);
            case "JSONCompactEachRow" -> new JsonEachRowOutput(out, true, false);
            case "JSONStringsEachRow" -> new JsonEachRowOutput(out, false, true);
            case "JSONCompactStringsEachRow" -> new JsonEachRowOutput(out, true, true);
            case "RowBinary" -> new BinaryOutput(out, false, false, false);
            case "RowBinaryWithNames" -> new BinaryOutput(out, false, true, false);
            case "RowBinaryWithNamesAndTypes" -> new BinaryOutput(out, false, true, true);
            case "Native" -> new BinaryOutput(out, true, false, false);
            case "Values" -> new ValuesOutput(out);
            case "Pretty" -> new PrettyOutput(out, PrettyOutput.Kind.PRETTY);
            case "PrettyCompact" -> new PrettyOutput(out, PrettyOutput.Kind.COMPACT);
            case "PrettySpace" -> new PrettyOutput(out, PrettyOutput.Kind.SPACE);
            case "Null" -> new NullOutput(out);
            case "TSKV" -> new TskvOutput(out);
            default -> throw new MuonException(ErrorCodes.UNKNOWN_FORMAT, "Unknown format " + name);
        };
    }

    /** An input format producing batches of {@code columns}; Code 73 for output-only formats. */
    public static InputFormat input(final String name, final List<LogicalPlan.Column> columns,
        final Map<String, Object> settings)
    {
        final String canonical = canonical(name);
        return switch (canonical)
        {
            case "TabSeparated" -> new TabSeparatedInput(columns, settings, false, false, false, false);
            case "TabSeparatedRaw" -> new TabSeparatedInput(columns, settings, false, true, false, false);
            case "TabSeparatedWithNames" -> new TabSeparatedInput(columns, settings, false, false, true, false);
            case "TabSeparatedWithNamesAndTypes" -> new TabSeparatedInput(columns, settings, false, false, true, true);
            case "CSV" -> new TabSeparatedInput(columns, settings, true, false, false, false);
            case "CSVWithNames" -> new TabSeparatedInput(columns, settings, true, false, true, false);
            case "JSONEachRow", "JSONStringsEachRow" -> new JsonEachRowInput(columns, settings, false);
            case "JSONCompactEachRow", "JSONCompactStringsEachRow" -> new JsonEachRowInput(columns, settings, true);
            case "RowBinary" -> new BinaryInput(columns, settings, false, false, false);
            case "RowBinaryWithNames" -> new BinaryInput(columns, settings, false, true, false);
            case "RowBinaryWithNamesAndTypes" -> new BinaryInput(columns, settings, false, true, true);
            case "RowBinaryWithDefaults" -> new BinaryInput(columns, settings, false, false, false).withDefaults();
            case "Native" -> new BinaryInput(columns, settings, true, false, false);
            case "Values" -> new ValuesInput(columns, settings);
            default -> throw new MuonException(ErrorCodes.UNKNOWN_FORMAT, "Format " + canonical +
                " is not suitable for input");
        };
    }

    /** Lower-case name for messages. */
    static String lower(final String name)
    {
        return name.toLowerCase(Locale.ROOT);
    }
}
