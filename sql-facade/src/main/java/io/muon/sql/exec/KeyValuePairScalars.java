package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.ArrayVector;
import io.muon.kernel.vector.BytesVector;
import io.muon.kernel.vector.TupleVector;
import io.muon.kernel.vector.Vector;

/**
 * {@code extractKeyValuePairs(data[, key_value_delimiter[, pair_delimiters[, quoting_character]]])}: the
 * {@code key:value} pairs found in noisy text, as a Map(String, String), with ClickHouse's state machine and its
 * default handling of a quoting character in the middle of an unquoted key or value ("promote": a quoted key or value
 * starts there). Keys and values may be quoted; a value runs to the next pair delimiter or the end; a quoted key or
 * value that is never closed ends the search. Defaults: {@code ':'}, {@code " ,;"} and {@code '"'}. Works on the bytes in place;
 * stateless.
 */
final class KeyValuePairScalars
{
    private static final byte DEFAULT_KEY_VALUE_DELIMITER = ':';
    private static final String DEFAULT_PAIR_DELIMITERS = " ,;";
    private static final byte DEFAULT_QUOTING_CHARACTER = '"';

    private KeyValuePairScalars()
    {
    }

    static void register()
    {
        Scalars.register(KeyValuePairScalars::extract, "extract_key_value_pairs");
    }

    /** The delimiters of one call: what a byte means to the state machine. */
    private static final class Syntax
    {
        final byte keyValueDelimiter;
        final byte quote;
        final boolean[] pairDelimiter = new boolean[256];

        Syntax(final Vector[] a)
        {
            keyValueDelimiter = a.length > 1 ? single(a[1], "key_value_delimiter") : DEFAULT_KEY_VALUE_DELIMITER;
            final byte[] pairs = a.length > 2 ? ((BytesVector)a[2]).getBytes(0) :
                DEFAULT_PAIR_DELIMITERS.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            quote = a.length > 3 ? single(a[3], "quoting_character") : DEFAULT_QUOTING_CHARACTER;
            for (final byte b : pairs)
            {
                pairDelimiter[b & 0xFF] = true;
            }
            if (pairDelimiter[keyValueDelimiter & 0xFF] || pairDelimiter[quote & 0xFF] || quote == keyValueDelimiter)
            {
                throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "The key-value delimiter, the quoting character " +
                    "and the pair delimiters of extractKeyValuePairs must all differ");
            }
        }

        private static byte single(final Vector v, final String what)
        {
            final BytesVector text = (BytesVector)v;
            if (text.length(0) != 1)
            {
                throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "The " + what + " of extractKeyValuePairs must be " +
                    "one character, got '" + text.getString(0) + "'");
            }
            return text.data()[text.start(0)];
        }
    }

    private static Vector extract(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final ArrayVector out = (ArrayVector)Vector.create(result, rows);
        if (rows == 0)
        {
            return out;
        }
        final Syntax syntax = new Syntax(a);
        final BytesVector text = (BytesVector)a[0];
        final TupleVector pairs = (TupleVector)out.elements();
        for (int r = 0; r < rows; r++)
        {
            if (nulls == null || !nulls[r])
            {
                pairsOf(text.data(), text.start(r), text.start(r) + text.length(r), syntax, pairs);
            }
            out.endRow();
        }
        return out;
    }

    /** Appends the pairs found in {@code data[from, to)} to {@code pairs}. */
    private static void pairsOf(final byte[] data, final int from, final int to, final Syntax syntax,
        final TupleVector pairs)
    {
        final BytesVector keys = (BytesVector)pairs.field(0);
        final BytesVector values = (BytesVector)pairs.field(1);
        int p = from;
        while (true)
        {
            // waiting for a key: skip delimiters
            while (p < to && (data[p] == syntax.keyValueDelimiter || syntax.pairDelimiter[data[p] & 0xFF]))
            {
                p++;
            }
            if (p == to)
            {
                return;
            }
            int keyStart = p;
            int keyEnd;
            boolean quoted = data[p] == syntax.quote;
            if (!quoted)
            {
                while (p < to && data[p] != syntax.keyValueDelimiter && data[p] != syntax.quote &&
                    !syntax.pairDelimiter[data[p] & 0xFF])
                {
                    p++;
                }
                if (p == to)
                {
                    return;
                }
                if (syntax.pairDelimiter[data[p] & 0xFF])
                {
                    // a pair delimiter before the key-value delimiter: no pair
                    p++;
                    continue;
                }
                // a quote inside the key starts a quoted key there
                quoted = data[p] == syntax.quote;
            }
            if (quoted)
            {
                keyStart = p + 1;
                keyEnd = indexOf(data, keyStart, to, syntax.quote);
                if (keyEnd < 0)
                {
                    return;
                }
                p = keyEnd + 1;
                if (keyEnd == keyStart || p == to || data[p] != syntax.keyValueDelimiter)
                {
                    // an empty quoted key, or one without the delimiter right after it: look for a key from here
                    continue;
                }
            }
            else
            {
                keyEnd = p;
            }
            p++;
            // the value: up to a pair delimiter or the end, or quoted (a quote inside starts a quoted value there)
            int valueStart = p;
            while (p < to && data[p] != syntax.quote && !syntax.pairDelimiter[data[p] & 0xFF])
            {
                p++;
            }
            int valueEnd = p;
            if (p < to && data[p] == syntax.quote)
            {
                valueStart = p + 1;
                valueEnd = indexOf(data, valueStart, to, syntax.quote);
                if (valueEnd < 0)
                {
                    return;
                }
            }
            p = Math.min(valueEnd + 1, to);
            keys.append(data, keyStart, keyEnd - keyStart);
            values.append(data, valueStart, valueEnd - valueStart);
            pairs.endRow();
        }
    }

    private static int indexOf(final byte[] data, final int from, final int to, final byte wanted)
    {
        for (int i = from; i < to; i++)
        {
            if (data[i] == wanted)
            {
                return i;
            }
        }
        return -1;
    }
}
