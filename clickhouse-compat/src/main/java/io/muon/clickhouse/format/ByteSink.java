package io.muon.clickhouse.format;

import java.nio.charset.StandardCharsets;

/**
 * A growable byte buffer that output formats write into, drained by its owner (the HTTP response, a test) whenever
 * {@link #shouldDrain()} says enough has piled up. Formats write bytes, ASCII and UTF-8 text and numbers without
 * allocating per value. Owned by the thread that runs the query.
 */
public final class ByteSink
{
    private static final byte[] DIGITS = "0123456789".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MIN_LONG = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);

    private final int drainThreshold;
    private byte[] buffer;
    private int position;

    /** A sink that asks to be drained once it holds {@code drainThreshold} bytes. */
    public ByteSink(final int drainThreshold)
    {
        this.drainThreshold = drainThreshold;
        this.buffer = new byte[Math.max(64, Math.min(drainThreshold + 1024, 1 << 20))];
    }

    public byte[] buffer()
    {
        return buffer;
    }

    /** Bytes written since the last {@link #clear()}. */
    public int length()
    {
        return position;
    }

    public boolean shouldDrain()
    {
        return position >= drainThreshold;
    }

    public void clear()
    {
        position = 0;
    }

    /** A copy of what was written (for tests and small answers). */
    public byte[] toByteArray()
    {
        return java.util.Arrays.copyOf(buffer, position);
    }

    public void ensure(final int more)
    {
        if (position + more > buffer.length)
        {
            final long wanted = Math.max((long)buffer.length * 2, (long)position + more);
            if (wanted > Integer.MAX_VALUE - 16)
            {
                throw new IllegalStateException("output buffer over 2 GiB");
            }
            buffer = java.util.Arrays.copyOf(buffer, (int)wanted);
        }
    }

    /** Counts {@code bytes} written directly into {@link #buffer()} after {@link #ensure} made room for them. */
    public void advance(final int bytes)
    {
        if (bytes < 0 || position + bytes > buffer.length)
        {
            throw new IndexOutOfBoundsException("advance by " + bytes + " at " + position + " of " + buffer.length);
        }
        position += bytes;
    }

    public void write(final int b)
    {
        ensure(1);
        buffer[position++] = (byte)b;
    }

    public void write(final byte[] bytes)
    {
        write(bytes, 0, bytes.length);
    }

    public void write(final byte[] bytes, final int offset, final int length)
    {
        ensure(length);
        System.arraycopy(bytes, offset, buffer, position, length);
        position += length;
    }

    /** Text known to be ASCII (numbers, keywords, format punctuation). */
    public void writeAscii(final CharSequence text)
    {
        final int length = text.length();
        ensure(length);
        for (int i = 0; i < length; i++)
        {
            buffer[position++] = (byte)text.charAt(i);
        }
    }

    /** Any text, as UTF-8. */
    public void writeUtf8(final CharSequence text)
    {
        final int length = text.length();
        ensure(length * 3);
        for (int i = 0; i < length; i++)
        {
            final char c = text.charAt(i);
            if (c < 0x80)
            {
                buffer[position++] = (byte)c;
            }
            else if (c < 0x800)
            {
                buffer[position++] = (byte)(0xC0 | (c >> 6));
                buffer[position++] = (byte)(0x80 | (c & 0x3F));
            }
            else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1)))
            {
                final int code = Character.toCodePoint(c, text.charAt(++i));
                ensure(4);
                buffer[position++] = (byte)(0xF0 | (code >> 18));
                buffer[position++] = (byte)(0x80 | ((code >> 12) & 0x3F));
                buffer[position++] = (byte)(0x80 | ((code >> 6) & 0x3F));
                buffer[position++] = (byte)(0x80 | (code & 0x3F));
            }
            else
            {
                buffer[position++] = (byte)(0xE0 | (c >> 12));
                buffer[position++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                buffer[position++] = (byte)(0x80 | (c & 0x3F));
            }
        }
    }

    /** A signed decimal number. */
    public void writeLong(final long value)
    {
        if (value == Long.MIN_VALUE)
        {
            write(MIN_LONG);
            return;
        }
        ensure(20);
        long v = value;
        if (v < 0)
        {
            buffer[position++] = '-';
            v = -v;
        }
        writeDigits(v);
    }

    /** An unsigned 64-bit decimal number. */
    public void writeUnsignedLong(final long value)
    {
        if (value >= 0)
        {
            writeLong(value);
            return;
        }
        ensure(20);
        final long quotient = (value >>> 1) / 5;
        writeDigits(quotient);
        buffer[position++] = DIGITS[(int)(value - quotient * 10)];
    }

    private void writeDigits(final long v)
    {
        int digits = 1;
        for (long t = v; t >= 10; t /= 10)
        {
            digits++;
        }
        int at = position + digits;
        long t = v;
        do
        {
            buffer[--at] = DIGITS[(int)(t % 10)];
            t /= 10;
        }
        while (t != 0);
        position += digits;
    }

    public void writeShortLittleEndian(final int v)
    {
        ensure(2);
        buffer[position++] = (byte)v;
        buffer[position++] = (byte)(v >>> 8);
    }

    public void writeIntLittleEndian(final int v)
    {
        ensure(4);
        buffer[position++] = (byte)v;
        buffer[position++] = (byte)(v >>> 8);
        buffer[position++] = (byte)(v >>> 16);
        buffer[position++] = (byte)(v >>> 24);
    }

    public void writeLongLittleEndian(final long v)
    {
        ensure(8);
        for (int i = 0; i < 8; i++)
        {
            buffer[position++] = (byte)(v >>> (8 * i));
        }
    }

    /** ClickHouse's variable-length unsigned integer (LEB128). */
    public void writeVarUInt(final long value)
    {
        ensure(10);
        long v = value;
        while ((v & ~0x7FL) != 0)
        {
            buffer[position++] = (byte)((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buffer[position++] = (byte)v;
    }

    /** A length-prefixed string (varint byte length, then UTF-8). */
    public void writeBinaryString(final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        writeVarUInt(bytes.length);
        write(bytes);
    }
}
