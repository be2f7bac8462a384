package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeId;
import io.muon.kernel.vector.BytesVector;
import io.muon.kernel.vector.DoubleVector;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;

import java.util.Base64;

/**
 * Vectorized bodies of string manipulation: lpad / rpad, repeat, space, ltrim / rtrim, left / right,
 * substring_utf8, reverse_utf8, initcap, to_valid_utf8, soundex, hex / unhex and base64 / base58 coding. Part of
 * the string search family (registered by {@link StringSearchScalars#register()}); the text formatting functions
 * live in {@link StringFormatScalars}.
 */
final class StringEditScalars
{
    private static final int MAX_PADDED_LENGTH = 1_000_000;
    private static final long MAX_STRING = 1L << 30;
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] REPLACEMENT = {(byte)0xEF, (byte)0xBF, (byte)0xBD};
    private static final String SOUNDEX = "01230120022455012623010202";

    private StringEditScalars()
    {
    }

    private interface RowEdit
    {
        /** Appends the result for {@code data[from, to)} to {@code out}. */
        void edit(byte[] data, int from, int to, StringSearchScalars.Buffer out);
    }

    static void register()
    {
        Scalars.register((a, rows, result, nulls) -> pad(a, rows, result, nulls, true), "lpad", "left_pad");
        Scalars.register((a, rows, result, nulls) -> pad(a, rows, result, nulls, false), "rpad", "right_pad");
        Scalars.register(StringEditScalars::repeat, "repeat");
        Scalars.register(StringEditScalars::space, "space");
        Scalars.register(edit(StringEditScalars::trimLeft), "ltrim", "trim_left");
        Scalars.register(edit(StringEditScalars::trimRight), "rtrim", "trim_right");
        Scalars.register((a, rows, result, nulls) -> leftRight(a, rows, result, true), "left");
        Scalars.register((a, rows, result, nulls) -> leftRight(a, rows, result, false), "right");
        Scalars.register(StringEditScalars::substringUtf8, "substring_utf8");
        Scalars.register(edit(StringEditScalars::reverseUtf8), "reverse_utf8");
        Scalars.register(edit(StringEditScalars::initcap), "initcap");
        Scalars.register(edit(StringEditScalars::toValidUtf8), "to_valid_utf8");
        Scalars.register(edit(StringEditScalars::soundex), "soundex");
        Scalars.register(StringEditScalars::hex, "hex");
        Scalars.register(edit(StringEditScalars::unhex), "unhex");
        Scalars.register((a, rows, result, nulls) -> base64(a, rows, result, nulls, 0), "base64_encode");
        Scalars.register((a, rows, result, nulls) -> base64(a, rows, result, nulls, 1), "base64_decode");
        Scalars.register((a, rows, result, nulls) -> base64(a, rows, result, nulls, 2), "try_base64_decode");
        Scalars.register(edit(StringFormatScalars::base58Encode), "base58_encode");
        Scalars.register(edit(StringFormatScalars::base58Decode), "base58_decode");
        StringFormatScalars.register();
    }

    /** A body that maps each string row through {@code edit} (NULL rows give an empty string). */
    private static ScalarFunction edit(final RowEdit edit)
    {
        return (a, rows, result, nulls) ->
        {
            final BytesVector s = (BytesVector)a[0];
            final BytesVector out = (BytesVector)Vector.create(result, rows);
            final StringSearchScalars.Buffer buffer = new StringSearchScalars.Buffer();
            for (int r = 0; r < rows; r++)
            {
                buffer.reset();
                if (nulls == null || !nulls[r])
                {
                    edit.edit(s.data(), s.start(r), s.start(r) + s.length(r), buffer);
                }
                out.append(buffer.bytes, 0, buffer.length);
            }
            return out;
        };
    }

    // ---------------------------------------------------------------------------------------------------------------
    // padding, repeat, space, trimming, left / right

    private static Vector pad(final Vector[] a, final int rows, final DataType result, final boolean[] nulls,
        final boolean left)
    {
        final BytesVector s = (BytesVector)a[0];
        final BytesVector padding = a.length > 2 ? (BytesVector)a[2] : null;
        final BytesVector out = (BytesVector)Vector.create(result, rows);
        final StringSearchScalars.Buffer buffer = new StringSearchScalars.Buffer();
        final byte[] space = {' '};
        for (int r = 0; r < rows; r++)
        {
            buffer.reset();
            if (nulls != null && nulls[r])
            {
                out.append(buffer.bytes, 0, 0);
                continue;
            }
            final long length = Scalars.getLong(a[1], r);
            if (length > MAX_PADDED_LENGTH)
            {
                throw new MuonException(ErrorCodes.TOO_LARGE_STRING_SIZE, "New padded length (" + length +
                    ") is too big, maximum is: " + MAX_PADDED_LENGTH);
            }
            if (length < 0)
            {
                throw new MuonException(ErrorCodes.INDEX_OF_POSITIONAL_ARGUMENT_IS_OUT_OF_RANGE, "New padded length (" + length + ") is negative");
            }
            final int current = s.length(r);
            byte[] p = space;
            int ps = 0;
            int pl = 1;
            if (padding != null && padding.length(r) > 0)
            {
                p = padding.data();
                ps = padding.start(r);
                pl = padding.length(r);
            }
            if (length <= current)
            {
                out.append(s.data(), s.start(r), (int)length);
                continue;
            }
            if (!left)
            {
                buffer.add(s.data(), s.start(r), current);
            }
            for (long missing = length - current; missing > 0; missing -= pl)
            {
                buffer.add(p, ps, (int)Math.min(pl, missing));
            }
            if (left)
            {
                buffer.add(s.data(), s.start(r), current);
            }
            out.append(buffer.bytes, 0, buffer.length);
        }
        return out;
    }

    private static Vector repeat(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final BytesVector s = (BytesVector)a[0];
        final BytesVector out = (BytesVector)Vector.create(result, rows);
        final StringSearchScalars.Buffer buffer = new StringSearchScalars.Buffer();
        for (int r = 0; r < rows; r++)
        {
            buffer.reset();
            final long times = nulls != null && nulls[r] ? 0 : Scalars.getLong(a[1], r);
            final int length = s.length(r);
            if (times > 0 && length > 0)
            {
                if (times * length > MAX_STRING || times > MAX_STRING)
                {
                    throw new MuonException(ErrorCodes.TOO_LARGE_STRING_SIZE, "Too large string size (" +
                        times * length + ") in function repeat, maximum is: " + MAX_STRING);
                }
                for (long i = 0; i < times; i++)
                {
                    buffer.add(s.data(), s.start(r), length);
                }
            }
            out.append(buffer.bytes, 0, buffer.length);
        }
        return out;
    }

    private static Vector space(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final BytesVector out = (BytesVector)Vector.create(result, rows);
        final StringSearchScalars.Buffer buffer = new StringSearchScalars.Buffer();
        for (int r = 0; r < rows; r++)
        {
            buffer.reset();
            final long n = nulls != null && nulls[r] ? 0 : Scalars.getLong(a[0], r);
            if (n > MAX_STRING)
            {
                throw new MuonException(ErrorCodes.TOO_LARGE_STRING_SIZE, "Too large string size (" + n +
                    ") in function space, maximum is: " + MAX_STRING);
            }
            for (long i = 0; i < n; i++)
            {
                buffer.add(' ');
            }
            out.append(buffer.bytes, 0, buffer.length);
        }
        return out;
    }

    private static void trimLeft(final byte[] data, final int from, final int to, final StringSearchScalars.Buffer out)
    {
        int i = from;
        while (i < to && data[i] == ' ')
        {
            i++;
        }
        out.add(data, i, to - i);
    }

    private static void trimRight(final byte[] data, final int from, final int to, final StringSearchScalars.Buffer out)
    {
        int i = to;
        while (i > from && data[i - 1] == ' ')
        {
            i--;
        }
        out.add(data, from, i - from);
    }

    private static Vector leftRight(final Vector[] a, final int rows, final DataType result, final boolean left)
    {
        final BytesVector s = (BytesVector)a[0];
        final BytesVector out = (BytesVector)Vector.create(result, rows);
        for (int r = 0; r < rows; r++)
        {
            final int length = s.length(r);
            final long n = Scalars.getLong(a[1], r);
            final long keep = n >= 0 ? Math.min(n, length) : Math.max(0, length + n);
            final int from = left ? s.start(r) : s.start(r) + length - (int)keep;
            out.append(s.data(), from, (int)keep);
        }
        return out;
    }

    /** substring in code points, with the same offset / length rules as substring. */
    private static Vector substringUtf8(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final BytesVector s = (BytesVector)a[0];
        final BytesVector out = (BytesVector)Vector.create(result, rows);
        final byte[] data = s.data();
        for (int r = 0; r < rows; r++)
        {
            final int begin = s.start(r);
            final int finish = begin + s.length(r);
            final int length = StringSearchScalars.countChars(data, begin, finish);
            final long offset = Scalars.getLong(a[1], r);
            long count = a.length > 2 ? Scalars.getLong(a[2], r) : Long.MAX_VALUE;
            long start = offset > 0 ? offset - 1 : offset < 0 ? length + offset : length;
            if (start < 0)
            {
                count = count == Long.MAX_VALUE ? count : count + start;
                start = 0;
            }
            final long end = count < 0 ? length + count : Math.min(length, start + Math.min(count, length));
            if (start >= length || end <= start)
            {
                out.append(data, 0, 0);
                continue;
            }
            final int from = StringSearchScalars.advanceChars(data, begin, finish, start);
            final int to = StringSearchScalars.advanceChars(data, from, finish, end - start);
            out.append(data, from, to - from);
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // UTF-8 and letters

    /** Length of the UTF-8 sequence a lead byte starts (1 for ASCII and stray bytes). */
    private static int sequenceLength(final byte lead)
    {
        final int b = lead & 0xFF;
        return b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : b < 0xF8 ? 4 : 1;
    }

    private static void reverseUtf8(final byte[] data, final int from, final int to,
        final StringSearchScalars.Buffer out)
    {
        out.ensure(to - from);
        int write = out.length + (to - from);
        out.length = write;
        int i = from;
        while (i < to)
        {
            final int n = Math.min(sequenceLength(data[i]), to - i);
            write -= n;
            System.arraycopy(data, i, out.bytes, write, n);
            i += n;
        }
    }

    private static boolean isAlphaNumeric(final byte b)
    {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9';
    }

    private static void initcap(final byte[] data, final int from, final int to, final StringSearchScalars.Buffer out)
    {
        boolean wordStart = true;
        for (int i = from; i < to; i++)
        {
            final byte b = data[i];
            final boolean alnum = isAlphaNumeric(b);
            if (alnum && wordStart)
            {
                out.add(b >= 'a' && b <= 'z' ? b - 32 : b);
            }
            else
            {
                out.add(b >= 'A' && b <= 'Z' ? b + 32 : b);
            }
            wordStart = !alnum;
        }
    }

    /** Length of the valid UTF-8 sequence at {@code i}, or 0 when the bytes there are not valid UTF-8. */
    private static int validSequence(final byte[] data, final int i, final int to)
    {
        final int b = data[i] & 0xFF;
        if (b < 0x80)
        {
            return 1;
        }
        final int n;
        int min = 0x80;
        int max = 0xBF;
        if (b >= 0xC2 && b <= 0xDF)
        {
            n = 2;
        }
        else if (b >= 0xE0 && b <= 0xEF)
        {
            n = 3;
            min = b == 0xE0 ? 0xA0 : 0x80;
            max = b == 0xED ? 0x9F : 0xBF;
        }
        else if (b >= 0xF0 && b <= 0xF4)
        {
            n = 4;
            min = b == 0xF0 ? 0x90 : 0x80;
            max = b == 0xF4 ? 0x8F : 0xBF;
        }
        else
        {
            return 0;
        }
        if (i + n > to)
        {
            return 0;
        }
        final int second = data[i + 1] & 0xFF;
        if (second < min || second > max)
        {
            return 0;
        }
        for (int k = 2; k < n; k++)
        {
            if (!StringSearchScalars.isContinuation(data[i + k]))
            {
                return 0;
            }
        }
        return n;
    }

    private static void toValidUtf8(final byte[] data, final int from, final int to,
        final StringSearchScalars.Buffer out)
    {
        boolean invalid = false;
        int i = from;
        while (i < to)
        {
            final int n = validSequence(data, i, to);
            if (n == 0)
            {
                if (!invalid)
                {
                    out.add(REPLACEMENT, 0, REPLACEMENT.length);
                    invalid = true;
                }
                i++;
                continue;
            }
            invalid = false;
            out.add(data, i, n);
            i += n;
        }
    }

    private static boolean isAlpha(final byte b)
    {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z';
    }

    private static void soundex(final byte[] data, final int from, final int to, final StringSearchScalars.Buffer out)
    {
        final int start = out.length;
        int i = from;
        while (i < to && !isAlpha(data[i]))
        {
            i++;
        }
        if (i < to)
        {
            out.add(Character.toUpperCase((char)data[i]));
        }
        char last = i < to ? SOUNDEX.charAt(Character.toUpperCase((char)data[i]) - 'A') : 0;
        i++;
        while (out.length - start < 4)
        {
            while (i < to && !isAlpha(data[i]))
            {
                i++;
            }
            if (i >= to)
            {
                break;
            }
            final char code = SOUNDEX.charAt(Character.toUpperCase((char)data[i]) - 'A');
            i++;
            if (code != '0' && code != last)
            {
                out.add(code);
            }
            last = code;
        }
        while (out.length - start < 4)
        {
            out.add('0');
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // hex, unhex, base64

    private static void hexBytes(final byte[] data, final int from, final int to, final StringSearchScalars.Buffer out)
    {
        out.ensure(2 * (to - from));
        for (int i = from; i < to; i++)
        {
            out.bytes[out.length++] = HEX[(data[i] >> 4) & 0xF];
            out.bytes[out.length++] = HEX[data[i] & 0xF];
        }
    }

    private static Vector hex(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final Vector x = a[0];
        final DataType type = x.type().unwrapped();
        final BytesVector out = (BytesVector)Vector.create(result, rows);
        final StringSearchScalars.Buffer buffer = new StringSearchScalars.Buffer();
        final byte[] word = new byte[8];
        for (int r = 0; r < rows; r++)
        {
            buffer.reset();
            if (x instanceof BytesVector s)
            {
                if (type.id() == TypeId.STRING || type.id() == TypeId.FIXED_STRING || type.id() == TypeId.DECIMAL)
                {
                    hexBytes(s.data(), s.start(r), s.start(r) + s.length(r), buffer);
                }
                else
                {
                    // wide integers, UUID, IPv6: big-endian, leading zero bytes dropped
                    final byte[] le = s.getBytes(r);
                    final byte[] be = new byte[le.length];
                    for (int i = 0; i < le.length; i++)
                    {
                        be[i] = le[le.length - 1 - i];
                    }
                    int first = 0;
                    while (first < be.length - 1 && be[first] == 0)
                    {
                        first++;
                    }
                    hexBytes(be, first, be.length, buffer);
                }
            }
            else if (x instanceof DoubleVector d)
            {
                final boolean float32 = type.id() == TypeId.FLOAT32;
                final long bits = float32 ? Float.floatToRawIntBits((float)d.get(r)) : Double.doubleToRawLongBits(d.get(r));
                final int width = float32 ? 4 : 8;
                for (int i = 0; i < width; i++)
                {
                    word[i] = (byte)(bits >>> (8 * i));
                }
                hexBytes(word, 0, width, buffer);
            }
            else
            {
                final long v = ((LongVector)x).get(r);
                if (type.id() == TypeId.DECIMAL)
                {
                    final int width = type.precision() <= 9 ? 4 : 8;
                    for (int i = 0; i < width; i++)
                    {
                        word[i] = (byte)(v >>> (8 * i));
                    }
                    hexBytes(word, 0, width, buffer);
                }
                else
                {
                    final int width = Math.max(1, Math.min(8, type.id() == TypeId.BOOL ? 1 : type.id().width()));
                    int first = 8 - width;
                    for (int i = 0; i < 8; i++)
                    {
                        word[i] = (byte)(v >>> (8 * (7 - i)));
                    }
                    while (first < 7 && word[first] == 0)
                    {
                        first++;
                    }
                    hexBytes(word, first, 8, buffer);
                }
            }
            out.append(buffer.bytes, 0, buffer.length);
        }
        return out;
    }

    private static int hexDigit(final byte c)
    {
        if (c >= '0' && c <= '9')
        {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f')
        {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F')
        {
            return c - 'A' + 10;
        }
        return 0;
    }

    private static void unhex(final byte[] data, final int from, final int to, final StringSearchScalars.Buffer out)
    {
        int i = from;
        if ((to - from) % 2 == 1)
        {
            out.add(hexDigit(data[i++]));
        }
        for (; i < to; i += 2)
        {
            out.add(hexDigit(data[i]) << 4 | hexDigit(data[i + 1]));
        }
    }

    private static Vector base64(final Vector[] a, final int rows, final DataType result, final boolean[] nulls,
        final int mode)
    {
        final BytesVector s = (BytesVector)a[0];
        final BytesVector out = (BytesVector)Vector.create(result, rows);
        for (int r = 0; r < rows; r++)
        {
            final byte[] input = s.getBytes(r);
            if (mode == 0)
            {
                out.append(Base64.getEncoder().encode(input));
                continue;
            }
            byte[] decoded;
            try
            {
                decoded = Base64.getDecoder().decode(input);
            }
            catch (final IllegalArgumentException e)
            {
                if (mode == 1 && (nulls == null || !nulls[r]))
                {
                    throw new MuonException(ErrorCodes.INCORRECT_DATA, "Failed to decode base64 string '" +
                        s.getString(r) + "'");
                }
                decoded = new byte[0];
            }
            out.append(decoded);
        }
        return out;
    }
}
