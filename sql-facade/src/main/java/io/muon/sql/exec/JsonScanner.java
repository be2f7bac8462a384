package io.muon.sql.exec;

import java.io.ByteArrayOutputStream;

/**
 * An allocation-light JSON scanner over UTF-8 bytes: a value is addressed by the offset of its first byte in
 * {@code data}, and all navigation (by key, by 1-based or negative index, as ClickHouse's JSON functions move),
 * validation, string decoding and compact re-serialization (as ClickHouse's JSONExtractRaw writes values) happen
 * on the bytes in place. Not thread-safe: one instance per batch.
 */
final class JsonScanner
{
    static final int OBJECT = '{';
    static final int ARRAY = '[';
    static final int STRING = '"';
    static final int INT64 = 'i';
    static final int UINT64 = 'u';
    static final int DOUBLE = 'd';
    static final int BOOL = 'b';
    static final int NULL = 0;

    byte[] data;
    int end;
    /** The position after the last value {@link #skip} scanned or the key {@link #member} found. */
    int next;
    /** The number of the last parsed number (see {@link #numberType}). */
    long longValue;
    double doubleValue;
    private final ByteArrayOutputStream scratch = new ByteArrayOutputStream();
    private final StringBuilder text = new StringBuilder();

    /** Points the scanner at a document; returns the root value's offset, or -1 when the text is not valid JSON. */
    int document(final byte[] bytes, final int from, final int to)
    {
        data = bytes;
        end = to;
        final int start = ws(from);
        if (start >= end || skip(start, 0) < 0)
        {
            return -1;
        }
        return ws(next) == end ? start : -1;
    }

    int ws(int i)
    {
        while (i < end)
        {
            final byte c = data[i];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            {
                break;
            }
            i++;
        }
        return i;
    }

    /** Validates the value at {@code i}; sets {@link #next} past it and returns it, or -1 when malformed. */
    int skip(final int i, final int depth)
    {
        if (i >= end || depth > 1000)
        {
            return -1;
        }
        final byte c = data[i];
        switch (c)
        {
            case '{':
            {
                int p = ws(i + 1);
                if (p < end && data[p] == '}')
                {
                    next = p + 1;
                    return next;
                }
                while (true)
                {
                    if (p >= end || data[p] != '"' || skipString(p) < 0)
                    {
                        return -1;
                    }
                    p = ws(next);
                    if (p >= end || data[p] != ':')
                    {
                        return -1;
                    }
                    if (skip(ws(p + 1), depth + 1) < 0)
                    {
                        return -1;
                    }
                    p = ws(next);
                    if (p < end && data[p] == ',')
                    {
                        p = ws(p + 1);
                        continue;
                    }
                    if (p < end && data[p] == '}')
                    {
                        next = p + 1;
                        return next;
                    }
                    return -1;
                }
            }
            case '[':
            {
                int p = ws(i + 1);
                if (p < end && data[p] == ']')
                {
                    next = p + 1;
                    return next;
                }
                while (true)
                {
                    if (skip(p, depth + 1) < 0)
                    {
                        return -1;
                    }
                    p = ws(next);
                    if (p < end && data[p] == ',')
                    {
                        p = ws(p + 1);
                        continue;
                    }
                    if (p < end && data[p] == ']')
                    {
                        next = p + 1;
                        return next;
                    }
                    return -1;
                }
            }
            case '"':
                return skipString(i);
            case 't':
                return literal(i, "true");
            case 'f':
                return literal(i, "false");
            case 'n':
                return literal(i, "null");
            default:
                return skipNumber(i);
        }
    }

    private int literal(final int i, final String word)
    {
        if (i + word.length() > end)
        {
            return -1;
        }
        for (int k = 0; k < word.length(); k++)
        {
            if (data[i + k] != word.charAt(k))
            {
                return -1;
            }
        }
        next = i + word.length();
        return next;
    }

    private int skipString(final int i)
    {
        int p = i + 1;
        while (p < end)
        {
            final byte c = data[p];
            if (c == '"')
            {
                next = p + 1;
                return next;
            }
            if (c == '\\')
            {
                if (p + 1 >= end)
                {
                    return -1;
                }
                final byte e = data[p + 1];
                if (e == 'u')
                {
                    if (p + 6 > end || hex(p + 2) < 0)
                    {
                        return -1;
                    }
                    p += 6;
                    continue;
                }
                if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' && e != 't')
                {
                    return -1;
                }
                p += 2;
                continue;
            }
            if ((c & 0xFF) < 0x20)
            {
                return -1;
            }
            p++;
        }
        return -1;
    }

    private int hex(final int i)
    {
        int v = 0;
        for (int k = 0; k < 4; k++)
        {
            final int d = Character.digit(data[i + k], 16);
            if (d < 0)
            {
                return -1;
            }
            v = v * 16 + d;
        }
        return v;
    }

    private int skipNumber(final int i)
    {
        int p = i;
        if (p < end && data[p] == '-')
        {
            p++;
        }
        if (p >= end || data[p] < '0' || data[p] > '9')
        {
            return -1;
        }
        if (data[p] == '0')
        {
            p++;
        }
        else
        {
            while (p < end && data[p] >= '0' && data[p] <= '9')
            {
                p++;
            }
        }
        if (p < end && data[p] == '.')
        {
            p++;
            final int digits = p;
            while (p < end && data[p] >= '0' && data[p] <= '9')
            {
                p++;
            }
            if (p == digits)
            {
                return -1;
            }
        }
        if (p < end && (data[p] == 'e' || data[p] == 'E'))
        {
            p++;
            if (p < end && (data[p] == '+' || data[p] == '-'))
            {
                p++;
            }
            final int digits = p;
            while (p < end && data[p] >= '0' && data[p] <= '9')
            {
                p++;
            }
            if (p == digits)
            {
                return -1;
            }
        }
        next = p;
        return p;
    }

    /** The type code of the (valid) value at {@code i}; numbers are parsed into longValue / doubleValue. */
    int type(final int i)
    {
        switch (data[i])
        {
            case '{':
                return OBJECT;
            case '[':
                return ARRAY;
            case '"':
                return STRING;
            case 't':
            case 'f':
                return BOOL;
            case 'n':
                return NULL;
            default:
                return numberType(i);
        }
    }

    private int numberType(final int i)
    {
        final int stop = skipNumber(i);
        boolean integral = true;
        for (int p = i; p < stop; p++)
        {
            if (data[p] == '.' || data[p] == 'e' || data[p] == 'E')
            {
                integral = false;
                break;
            }
        }
        final String number = new String(data, i, stop - i, java.nio.charset.StandardCharsets.US_ASCII);
        if (integral)
        {
            final boolean negative = data[i] == '-';
            // at most 19 digits always fit; longer ones are checked exactly
            if (stop - i - (negative ? 1 : 0) <= 18)
            {
                longValue = Long.parseLong(number);
                doubleValue = longValue;
                return INT64;
            }
            final java.math.BigInteger big = new java.math.BigInteger(number);
            if (big.bitLength() < 64)
            {
                longValue = big.longValue();
                doubleValue = longValue;
                return INT64;
            }
            if (!negative && big.bitLength() == 64)
            {
                longValue = big.longValue();
                doubleValue = big.doubleValue();
                return UINT64;
            }
        }
        doubleValue = Double.parseDouble(number);
        return DOUBLE;
    }

    boolean boolValue(final int i)
    {
        return data[i] == 't';
    }

    /** Offset of the member value with the given (decoded) key in the object at {@code i}, or -1. */
    int member(final int i, final byte[] key, final int keyOff, final int keyLen)
    {
        if (data[i] != '{')
        {
            return -1;
        }
        int p = ws(i + 1);
        if (data[p] == '}')
        {
            return -1;
        }
        while (true)
        {
            final int keyStart = p;
            skipString(p);
            final int value = ws(ws(next) + 1);
            if (keyEquals(keyStart, next, key, keyOff, keyLen))
            {
                return value;
            }
            skip(value, 0);
            p = ws(next);
            if (data[p] == '}')
            {
                return -1;
            }
            p = ws(p + 1);
        }
    }

    private boolean keyEquals(final int quote, final int after, final byte[] key, final int keyOff, final int keyLen)
    {
        final int len = after - quote - 2;
        boolean escaped = false;
        for (int p = quote + 1; p < after - 1; p++)
        {
            if (data[p] == '\\')
            {
                escaped = true;
                break;
            }
        }
        if (!escaped)
        {
            return len == keyLen && java.util.Arrays.equals(data, quote + 1, quote + 1 + len, key, keyOff,
                keyOff + keyLen);
        }
        final byte[] decoded = decode(quote);
        return java.util.Arrays.equals(decoded, 0, decoded.length, key, keyOff, keyOff + keyLen);
    }

    /** The number of elements (array) or members (object) of the value at {@code i}. */
    int length(final int i)
    {
        final boolean object = data[i] == '{';
        int p = ws(i + 1);
        if (data[p] == (object ? '}' : ']'))
        {
            return 0;
        }
        int count = 0;
        while (true)
        {
            count++;
            if (object)
            {
                skipString(p);
                p = ws(ws(next) + 1);
            }
            skip(p, 0);
            p = ws(next);
            if (data[p] == ',')
            {
                p = ws(p + 1);
            }
            else
            {
                return count;
            }
        }
    }

    /**
     * Moves by index as ClickHouse does: 1-based from the start, negative from the end, over the elements of an
     * array or the members of an object (then {@link #lastKey} is the member's key offset). Returns -1 if none.
     */
    int index(final int i, final long index)
    {
        lastKey = -1;
        if (data[i] != '[' && data[i] != '{')
        {
            return -1;
        }
        final long size = length(i);
        final long position = index > 0 ? index - 1 : index < 0 ? size + index : -1;
        if (position < 0 || position >= size)
        {
            return -1;
        }
        return nth(i, (int)position);
    }

    int lastKey = -1;

    /** The offset of the n-th (0-based) element or member value; sets {@link #lastKey} for objects. */
    int nth(final int i, final int n)
    {
        final boolean object = data[i] == '{';
        int p = ws(i + 1);
        for (int k = 0; ; k++)
        {
            int value = p;
            if (object)
            {
                lastKey = p;
                skipString(p);
                value = ws(ws(next) + 1);
            }
            if (k == n)
            {
                return value;
            }
            skip(value, 0);
            p = ws(ws(next) + 1);
        }
    }

    /** The first element / member value of the container at {@code i}, or -1 when it is empty. */
    int first(final int i)
    {
        final int p = ws(i + 1);
        if (data[p] == ']' || data[p] == '}')
        {
            return -1;
        }
        if (data[i] == '{')
        {
            lastKey = p;
            skipString(p);
            return ws(ws(next) + 1);
        }
        return p;
    }

    /** The element / member value after the one at {@code value} in its container, or -1 after the last. */
    int following(final int value, final boolean object)
    {
        skip(value, 0);
        int p = ws(next);
        if (data[p] != ',')
        {
            return -1;
        }
        p = ws(p + 1);
        if (object)
        {
            lastKey = p;
            skipString(p);
            return ws(ws(next) + 1);
        }
        return p;
    }

    /** Decodes the string whose opening quote is at {@code quote} into UTF-8 bytes. */
    byte[] decode(final int quote)
    {
        scratch.reset();
        decodeInto(quote, scratch);
        return scratch.toByteArray();
    }

    void decodeInto(final int quote, final ByteArrayOutputStream out)
    {
        int p = quote + 1;
        while (data[p] != '"')
        {
            final byte c = data[p];
            if (c != '\\')
            {
                out.write(c);
                p++;
                continue;
            }
            final byte e = data[p + 1];
            p += 2;
            switch (e)
            {
                case 'b' -> out.write('\b');
                case 'f' -> out.write('\f');
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'u' ->
                {
                    int cp = hex(p);
                    p += 4;
                    if (cp >= 0xD800 && cp < 0xDC00 && p + 6 <= end && data[p] == '\\' && data[p + 1] == 'u')
                    {
                        final int low = hex(p + 2);
                        if (low >= 0xDC00 && low < 0xE000)
                        {
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                            p += 6;
                        }
                    }
                    utf8(cp, out);
                }
                default -> out.write(e);
            }
        }
    }

    private static void utf8(final int cp, final ByteArrayOutputStream out)
    {
        if (cp < 0x80)
        {
            out.write(cp);
        }
        else if (cp < 0x800)
        {
            out.write(0xC0 | cp >> 6);
            out.write(0x80 | cp & 0x3F);
        }
        else if (cp < 0x10000)
        {
            out.write(0xE0 | cp >> 12);
            out.write(0x80 | cp >> 6 & 0x3F);
            out.write(0x80 | cp & 0x3F);
        }
        else
        {
            out.write(0xF0 | cp >> 18);
            out.write(0x80 | cp >> 12 & 0x3F);
            out.write(0x80 | cp >> 6 & 0x3F);
            out.write(0x80 | cp & 0x3F);
        }
    }

    /** Writes the value at {@code i} compactly, as ClickHouse re-serializes a parsed JSON element. */
    void raw(final int i, final ByteArrayOutputStream out)
    {
        final int type = type(i);
        switch (type)
        {
            case OBJECT, ARRAY ->
            {
                final boolean object = type == OBJECT;
                out.write(object ? '{' : '[');
                int v = first(i);
                boolean comma = false;
                while (v >= 0)
                {
                    if (comma)
                    {
                        out.write(',');
                    }
                    comma = true;
                    if (object)
                    {
                        final int key = lastKey;
                        scratch.reset();
                        decodeInto(key, scratch);
                        writeJsonString(scratch.toByteArray(), out);
                        out.write(':');
                    }
                    raw(v, out);
                    final int keyBefore = lastKey;
                    v = following(v, object);
                    if (v < 0)
                    {
                        lastKey = keyBefore;
                    }
                }
                out.write(object ? '}' : ']');
            }
            case STRING -> writeJsonString(decode(i), out);
            case BOOL -> out.writeBytes(boolValue(i) ? TRUE : FALSE);
            case NULL -> out.writeBytes(NULL_TEXT);
            case INT64 -> out.writeBytes(Long.toString(longValue).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            case UINT64 -> out.writeBytes(Long.toUnsignedString(longValue).getBytes(
                java.nio.charset.StandardCharsets.US_ASCII));
            default ->
            {
                text.setLength(0);
                ValueFormatter.appendDouble(doubleValue, text);
                out.writeBytes(text.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
        }
    }

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL_TEXT = {'n', 'u', 'l', 'l'};
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Quotes and escapes a string as ClickHouse's writeJSONString does (forward slashes left alone). */
    static void writeJsonString(final byte[] s, final ByteArrayOutputStream out)
    {
        out.write('"');
        for (int i = 0; i < s.length; i++)
        {
            final int c = s[i] & 0xFF;
            switch (c)
            {
                case '\b' -> { out.write('\\'); out.write('b'); }
                case '\f' -> { out.write('\\'); out.write('f'); }
                case '\n' -> { out.write('\\'); out.write('n'); }
                case '\r' -> { out.write('\\'); out.write('r'); }
                case '\t' -> { out.write('\\'); out.write('t'); }
                case '\\' -> { out.write('\\'); out.write('\\'); }
                case '"' -> { out.write('\\'); out.write('"'); }
                default ->
                {
                    if (c < 0x20)
                    {
                        out.write('\\');
                        out.write('u');
                        out.write('0');
                        out.write('0');
                        out.write(HEX[c >> 4]);
                        out.write(HEX[c & 0xF]);
                    }
                    else if (c == 0xE2 && i + 2 < s.length && (s[i + 1] & 0xFF) == 0x80 &&
                        ((s[i + 2] & 0xFF) == 0xA8 || (s[i + 2] & 0xFF) == 0xA9))
                    {
                        out.writeBytes(((s[i + 2] & 0xFF) == 0xA8 ? "\\u2028" : "\\u2029").getBytes(
                            java.nio.charset.StandardCharsets.US_ASCII));
                        i += 2;
                    }
                    else
                    {
                        out.write(c);
                    }
                }
            }
        }
        out.write('"');
    }
}
