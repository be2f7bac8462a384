package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.ArrayVector;
import io.muon.kernel.vector.BytesVector;
import io.muon.kernel.vector.TupleVector;
import io.muon.kernel.vector.Vector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Proton's {@code grok(text, pattern)}: the named fields of a grok pattern ({@code %{NAME:field}}) found in the text,
 * as a Map(String, String); an empty map when the pattern does not match. The pattern is a regular expression in
 * which {@code %{NAME}} stands for one of the common grok patterns below (numbers, words, IP addresses, host names,
 * paths, URIs, dates, times, log levels…), {@code %{NAME:field}} also captures it as {@code field} and
 * {@code %{NAME:field:type}} ignores the type (values stay strings). The pattern is compiled once per batch.
 */
final class GrokScalars
{
    /** The grok pattern library: name to regular expression, which may use other names. */
    private static final Map<String, String> LIBRARY = Map.ofEntries(
        Map.entry("USERNAME", "[a-zA-Z0-9._-]+"),
        Map.entry("USER", "%{USERNAME}"),
        Map.entry("INT", "(?:[+-]?[0-9]+)"),
        Map.entry("BASE10NUM", "(?<![0-9.+-])(?:[+-]?(?:[0-9]+(?:\\.[0-9]+)?|\\.[0-9]+))"),
        Map.entry("NUMBER", "(?:%{BASE10NUM})"),
        Map.entry("BASE16NUM", "(?<![0-9A-Fa-f])(?:[+-]?(?:0x)?[0-9A-Fa-f]+)"),
        Map.entry("POSINT", "\\b(?:[1-9][0-9]*)\\b"),
        Map.entry("NONNEGINT", "\\b(?:[0-9]+)\\b"),
        Map.entry("WORD", "\\b\\w+\\b"),
        Map.entry("NOTSPACE", "\\S+"),
        Map.entry("SPACE", "\\s*"),
        Map.entry("DATA", ".*?"),
        Map.entry("GREEDYDATA", ".*"),
        Map.entry("QUOTEDSTRING", "(?:\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*')"),
        Map.entry("UUID", "[A-Fa-f0-9]{8}-(?:[A-Fa-f0-9]{4}-){3}[A-Fa-f0-9]{12}"),
        Map.entry("MAC", "(?:[A-Fa-f0-9]{2}[:-]){5}[A-Fa-f0-9]{2}"),
        Map.entry("IPV4", "(?<![0-9])(?:(?:25[0-5]|2[0-4][0-9]|[01]?[0-9]{1,2})\\.){3}" +
            "(?:25[0-5]|2[0-4][0-9]|[01]?[0-9]{1,2})(?![0-9])"),
        Map.entry("IPV6", "(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|%{IPV4})?"),
        Map.entry("IP", "(?:%{IPV6}|%{IPV4})"),
        Map.entry("HOSTNAME", "\\b(?:[0-9A-Za-z][0-9A-Za-z-]{0,62})(?:\\.(?:[0-9A-Za-z][0-9A-Za-z-]{0,62}))*\\.?\\b"),
        Map.entry("IPORHOST", "(?:%{IP}|%{HOSTNAME})"),
        Map.entry("HOSTPORT", "%{IPORHOST}:%{POSINT}"),
        Map.entry("PATH", "(?:/[^\\s/]*)+"),
        Map.entry("URIPROTO", "[A-Za-z][A-Za-z0-9+.-]*"),
        Map.entry("URIPATH", "(?:/[A-Za-z0-9$.+!*'(){},~:;=@#%&_-]*)+"),
        Map.entry("URIPARAM", "\\?[A-Za-z0-9$.+!*'|(){},~@#%&/=:;_?\\[\\]<>-]*"),
        Map.entry("URIPATHPARAM", "%{URIPATH}(?:%{URIPARAM})?"),
        Map.entry("URI", "%{URIPROTO}://(?:%{USER}(?::[^@]*)?@)?%{IPORHOST}(?::%{POSINT})?(?:%{URIPATH}(?:%{URIPARAM})?)?"),
        Map.entry("MONTH", "\\b(?:[Jj]an(?:uary)?|[Ff]eb(?:ruary)?|[Mm]ar(?:ch)?|[Aa]pr(?:il)?|[Mm]ay|[Jj]un(?:e)?|" +
            "[Jj]ul(?:y)?|[Aa]ug(?:ust)?|[Ss]ep(?:tember)?|[Oo]ct(?:ober)?|[Nn]ov(?:ember)?|[Dd]ec(?:ember)?)\\b"),
        Map.entry("MONTHNUM", "(?:0?[1-9]|1[0-2])"),
        Map.entry("MONTHDAY", "(?:0[1-9]|[12][0-9]|3[01]|[1-9])"),
        Map.entry("DAY", "(?:Mon(?:day)?|Tue(?:sday)?|Wed(?:nesday)?|Thu(?:rsday)?|Fri(?:day)?|Sat(?:urday)?|Sun(?:day)?)"),
        Map.entry("YEAR", "(?:[0-9]{2}){1,2}"),
        Map.entry("HOUR", "(?:2[0-3]|[01]?[0-9])"),
        Map.entry("MINUTE", "(?:[0-5][0-9])"),
        Map.entry("SECOND", "(?:(?:[0-5]?[0-9]|60)(?:[:.,][0-9]+)?)"),
        Map.entry("TIME", "(?<![0-9])%{HOUR}:%{MINUTE}(?::%{SECOND})(?![0-9])"),
        Map.entry("DATE_US", "%{MONTHNUM}[/-]%{MONTHDAY}[/-]%{YEAR}"),
        Map.entry("DATE_EU", "%{MONTHDAY}[./-]%{MONTHNUM}[./-]%{YEAR}"),
        Map.entry("DATE", "(?:%{DATE_US}|%{DATE_EU})"),
        Map.entry("DATESTAMP", "%{DATE}[- ]%{TIME}"),
        Map.entry("ISO8601_TIMEZONE", "(?:Z|[+-]%{HOUR}(?::?%{MINUTE}))"),
        Map.entry("TIMESTAMP_ISO8601", "%{YEAR}-%{MONTHNUM}-%{MONTHDAY}[T ]%{HOUR}:?%{MINUTE}(?::?%{SECOND})?" +
            "%{ISO8601_TIMEZONE}?"),
        Map.entry("LOGLEVEL", "(?:[Aa]lert|ALERT|[Tt]race|TRACE|[Dd]ebug|DEBUG|[Nn]otice|NOTICE|[Ii]nfo|INFO|" +
            "[Ww]arn(?:ing)?|WARN(?:ING)?|[Ee]rr(?:or)?|ERR(?:OR)?|[Cc]rit(?:ical)?|CRIT(?:ICAL)?|[Ff]atal|FATAL|" +
            "[Ss]evere|SEVERE|EMERG(?:ENCY)?|[Ee]merg(?:ency)?)"),
        Map.entry("EMAILADDRESS", "[a-zA-Z0-9!#$%&'*+=?^_`{|}~-]+(?:\\.[a-zA-Z0-9!#$%&'*+=?^_`{|}~-]+)*@%{HOSTNAME}"));
    private static final Pattern REFERENCE = Pattern.compile("%\\{(\\w+)(?::([\\w.@\\[\\]-]+))?(?::\\w+)?}");
    private static final int MAX_DEPTH = 16;

    private GrokScalars()
    {
    }

    static void register()
    {
        Scalars.register(GrokScalars::grok, "grok");
    }

    /** A grok pattern as a regular expression whose groups g0, g1… capture the fields named in order. */
    private record Compiled(Pattern regex, List<String> fields)
    {
    }

    private static Compiled compile(final String grok)
    {
        final List<String> fields = new ArrayList<>();
        final String regex = expand(grok, fields, 0);
        try
        {
            return new Compiled(Pattern.compile(regex, Pattern.DOTALL), fields);
        }
        catch (final PatternSyntaxException e)
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Invalid grok pattern '" + grok + "': " +
                e.getDescription());
        }
    }

    private static String expand(final String pattern, final List<String> fields, final int depth)
    {
        if (depth > MAX_DEPTH)
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Grok patterns nest too deeply in '" + pattern + "'");
        }
        final Matcher reference = REFERENCE.matcher(pattern);
        final StringBuilder out = new StringBuilder();
        int last = 0;
        while (reference.find())
        {
            out.append(pattern, last, reference.start());
            final String definition = LIBRARY.get(reference.group(1));
            if (definition == null)
            {
                throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Unknown grok pattern %{" + reference.group(1) +
                    "}");
            }
            final String field = reference.group(2);
            if (field != null)
            {
                out.append("(?<g").append(fields.size()).append('>');
                fields.add(field);
            }
            else
            {
                out.append("(?:");
            }
            out.append(expand(definition, fields, depth + 1)).append(')');
            last = reference.end();
        }
        return out.append(pattern, last, pattern.length()).toString();
    }

    private static Vector grok(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final ArrayVector out = (ArrayVector)Vector.create(result, rows);
        if (rows == 0)
        {
            return out;
        }
        final BytesVector text = (BytesVector)a[0];
        final Compiled compiled = compile(((BytesVector)a[1]).getString(0));
        final TupleVector pairs = (TupleVector)out.elements();
        final BytesVector keys = (BytesVector)pairs.field(0);
        final BytesVector values = (BytesVector)pairs.field(1);
        final Matcher matcher = compiled.regex().matcher("");
        for (int r = 0; r < rows; r++)
        {
            if ((nulls == null || !nulls[r]) && matcher.reset(text.getString(r)).find())
            {
                for (int i = 0; i < compiled.fields().size(); i++)
                {
                    final String value = matcher.group("g" + i);
                    if (value != null)
                    {
                        keys.append(compiled.fields().get(i));
                        values.append(value);
                        pairs.endRow();
                    }
                }
            }
            out.endRow();
        }
        return out;
    }
}
