package io.muon.kernel.util;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON reader and writer for Muon's own metadata files (the catalog, checkpoints' manifests).
 * Values are {@code Map<String, Object>} (insertion-ordered), {@code List<Object>}, {@code String}, {@code Long},
 * {@code Double}, {@code Boolean} and {@code null}. Not for user data formats: those have their own streaming codecs.
 */
public final class Json
{
    private final String text;
    private int position;

    private Json(final String text)
    {
        this.text = text;
    }

    /** @throws IllegalArgumentException with the position on malformed input. */
    public static Object parse(final String text)
    {
        final Json json = new Json(text);
        json.space();
        final Object value = json.value(0);
        json.space();
        if (json.position != text.length())
        {
            throw json.error("end of input");
        }
        return value;
    }

    public static String write(final Object value)
    {
        final StringBuilder out = new StringBuilder();
        write(out, value, 0);
        return out.toString();
    }

    private static void write(final StringBuilder out, final Object value, final int indent)
    {
        if (value == null)
        {
            out.append("null");
        }
        else if (value instanceof String)
        {
            string(out, (String)value);
        }
        else if (value instanceof Boolean || value instanceof Long || value instanceof Integer)
        {
            out.append(value);
        }
        else if (value instanceof Double)
        {
            final double d = (Double)value;
            if (Double.isNaN(d) || Double.isInfinite(d))
            {
                throw new IllegalArgumentException("JSON has no " + d);
            }
            out.append(d);
        }
        else if (value instanceof Map)
        {
            final Map<?, ?> map = (Map<?, ?>)value;
            if (map.isEmpty())
            {
                out.append("{}");
                return;
            }
            out.append("{\n");
            boolean first = true;
            for (final Map.Entry<?, ?> entry : map.entrySet())
            {
                if (!first)
                {
                    out.append(",\n");
                }
                first = false;
                out.append("  ".repeat(indent + 1));
                string(out, (String)entry.getKey());
                out.append(": ");
                write(out, entry.getValue(), indent + 1);
            }
            out.append('\n').append("  ".repeat(indent)).append('}');
        }
        else if (value instanceof List)
        {
            final List<?> list = (List<?>)value;
            out.append('[');
            for (int i = 0; i < list.size(); i++)
            {
                if (i > 0)
                {
                    out.append(", ");
                }
                write(out, list.get(i), indent);
            }
            out.append(']');
        }
        else
        {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON");
        }
    }

    private static void string(final StringBuilder out, final String value)
    {
        out.append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        out.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    private Object value(final int depth)
    {
        if (depth > 64)
        {
            throw error("nesting of at most 64 levels");
        }
        if (position >= text.length())
        {
            throw error("a value");
        }
        final char c = text.charAt(position);
        switch (c)
        {
            case '{': return object(depth);
            case '[': return array(depth);
            case '"': return string();
            case 't': return literal("true", Boolean.TRUE);
            case 'f': return literal("false", Boolean.FALSE);
            case 'n': return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9'))
                {
                    return number();
                }
                throw error("a value");
        }
    }

    private Map<String, Object> object(final int depth)
    {
        position++;
        final Map<String, Object> map = new LinkedHashMap<>();
        space();
        if (peek('}'))
        {
            position++;
            return map;
        }
        while (true)
        {
            space();
            if (!peek('"'))
            {
                throw error("a quoted key");
            }
            final String key = string();
            space();
            expect(':');
            space();
            if (map.put(key, value(depth + 1)) != null)
            {
                throw error("no duplicate key \"" + key + "\"");
            }
            space();
            if (peek(','))
            {
                position++;
                continue;
            }
            expect('}');
            return map;
        }
    }

    private List<Object> array(final int depth)
    {
        position++;
        final List<Object> list = new ArrayList<>();
        space();
        if (peek(']'))
        {
            position++;
            return list;
        }
        while (true)
        {
            space();
            list.add(value(depth + 1));
            space();
            if (peek(','))
            {
                position++;
                continue;
            }
            expect(']');
            return list;
        }
    }

    private String string()
    {
        position++;
        final StringBuilder value = new StringBuilder();
        while (position < text.length())
        {
            final char c = text.charAt(position++);
            if (c == '"')
            {
                return value.toString();
            }
            if (c == '\\')
            {
                if (position >= text.length())
                {
                    break;
                }
                final char e = text.charAt(position++);
                switch (e)
                {
                    case '"': case '\\': case '/': value.append(e); break;
                    case 'n': value.append('\n'); break;
                    case 'r': value.append('\r'); break;
                    case 't': value.append('\t'); break;
                    case 'b': value.append('\b'); break;
                    case 'f': value.append('\f'); break;
                    case 'u':
                        if (position + 4 > text.length())
                        {
                            throw error("four hex digits");
                        }
                        try
                        {
                            value.append((char)Integer.parseInt(text.substring(position, position + 4), 16));
                        }
                        catch (final NumberFormatException ex)
                        {
                            throw error("four hex digits");
                        }
                        position += 4;
                        break;
                    default:
                        throw error("a valid escape");
                }
            }
            else if (c < 0x20)
            {
                throw error("no control character in a string");
            }
            else
            {
                value.append(c);
            }
        }
        throw error("closing quote");
    }

    private Object number()
    {
        final int start = position;
        if (peek('-'))
        {
            position++;
        }
        boolean fraction = false;
        while (position < text.length())
        {
            final char c = text.charAt(position);
            if (c >= '0' && c <= '9')
            {
                position++;
            }
            else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')
            {
                fraction = true;
                position++;
            }
            else
            {
                break;
            }
        }
        final String digits = text.substring(start, position);
        try
        {
            return fraction ? (Object)Double.parseDouble(digits) : (Object)Long.parseLong(digits);
        }
        catch (final NumberFormatException e)
        {
            position = start;
            throw error("a number");
        }
    }

    private Object literal(final String word, final Object value)
    {
        if (!text.startsWith(word, position))
        {
            throw error(word);
        }
        position += word.length();
        return value;
    }

    private void space()
    {
        while (position < text.length() && (text.charAt(position) == ' ' || text.charAt(position) == '\n' ||
            text.charAt(position) == '\r' || text.charAt(position) == '\t'))
        {
            position++;
        }
    }

    private boolean peek(final char c)
    {
        return position < text.length() && text.charAt(position) == c;
    }

    private void expect(final char c)
    {
        if (!peek(c))
        {
            throw error("'" + c + "'");
        }
        position++;
    }

    private IllegalArgumentException error(final String expected)
    {
        return new IllegalArgumentException("malformed JSON at offset " + position + ": expected " + expected);
    }
}
