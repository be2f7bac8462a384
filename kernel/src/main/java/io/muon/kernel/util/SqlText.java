package io.muon.kernel.util;

import java.util.function.Predicate;

/**
 * Quoting of names and string literals as ClickHouse writes them, shared by everything that prints SQL text (type
 * names, the SQL printer, SHOW CREATE).
 */
public final class SqlText
{
    private SqlText()
    {
    }

    /** @return true if {@code name} is an ASCII word: a letter or underscore, then letters, digits, underscores. */
    public static boolean isPlainWord(final String name)
    {
        if (name.isEmpty() || !(isAsciiLetter(name.charAt(0)) || name.charAt(0) == '_'))
        {
            return false;
        }
        for (int i = 1; i < name.length(); i++)
        {
            final char c = name.charAt(i);
            if (!(isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_'))
            {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(final char c)
    {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** Appends a name bare if it is a plain word that {@code reserved} does not claim, else back-quoted. */
    public static void appendName(final StringBuilder out, final String name, final Predicate<String> reserved)
    {
        if (isPlainWord(name) && !reserved.test(name))
        {
            out.append(name);
            return;
        }
        out.append('`');
        for (int i = 0; i < name.length(); i++)
        {
            final char c = name.charAt(i);
            if (c == '`' || c == '\\')
            {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('`');
    }

    /** Appends a single-quoted string literal with ClickHouse's backslash escapes. */
    public static void appendString(final StringBuilder out, final String value)
    {
        out.append('\'');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '\'': out.append("\\'"); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                case '\0': out.append("\\0"); break;
                default: out.append(c);
            }
        }
        out.append('\'');
    }
}
