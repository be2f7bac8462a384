package io.muon.clickhouse.format;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;

import java.nio.charset.StandardCharsets;

/**
 * A read cursor over input bytes (an HTTP request body, inline INSERT data, a native protocol connection) for the
 * input formats and the native protocol: bounds-checked reads of bytes, little-endian numbers and varints that fail
 * with ClickHouse's {@code Code: 33} when the data ends early. A source over an array holds all its bytes; a source
 * over a {@link Refill} (a connection, a stream of compressed blocks) pulls more whenever a read needs them, so
 * {@link #remaining()} counts only what is buffered. Owned by one thread.
 */
public final class ByteSource
{
    /** Where a refillable source gets more bytes. */
    public interface Refill
    {
        /**
         * Reads at least one byte into {@code buffer[offset, offset + maxLength)}, waiting for them if needed.
         *
         * @return the number of bytes read, or -1 at the end of the data
         */
        int fill(byte[] buffer, int offset, int maxLength);
    }

    /** The longest string or array a refillable source accepts (its bytes must still arrive). */
    private static final int MAX_REFILLED_SIZE = 1 << 30;

    private byte[] data;
    private int limit;
    private int position;
    private final Refill refill;

    public ByteSource(final byte[] data, final int offset, final int length)
    {
        this.data = data;
        this.position = offset;
        this.limit = offset + length;
        this.refill = null;
    }

    /** A source that pulls its bytes from {@code refill}, buffering up to {@code bufferSize} at a time. */
    public ByteSource(final Refill refill, final int bufferSize)
    {
        this.data = new byte[bufferSize];
        this.refill = refill;
    }

    public ByteSource(final byte[] data)
    {
        this(data, 0, data.length);
    }

    public byte[] data()
    {
        return data;
    }

    public int position()
    {
        return position;
    }

    public void position(final int position)
    {
        this.position = position;
    }

    public int limit()
    {
        return limit;
    }

    /** Whether a byte follows; a refillable source waits for one (false at the end of its data). */
    public boolean hasRemaining()
    {
        return position < limit || refill != null && pull(1);
    }

    /** Whether bytes are buffered, without waiting for more. */
    public boolean hasBuffered()
    {
        return position < limit;
    }

    /** The most a size read from the data may be: what is buffered, or for a refillable source what may arrive. */
    public int sizeLimit()
    {
        return refill == null ? limit - position : MAX_REFILLED_SIZE;
    }

    public int remaining()
    {
        return limit - position;
    }

    /** The next byte without consuming it, or -1 at the end. */
    public int peek()
    {
        return position < limit || refill != null && pull(1) ? data[position] & 0xFF : -1;
    }

    public int read()
    {
        require(1);
        return data[position++] & 0xFF;
    }

    public void skip(final int bytes)
    {
        require(bytes);
        position += bytes;
    }

    public void require(final int bytes)
    {
        if (bytes < 0 || limit - position < bytes && (refill == null || !pull(bytes)))
        {
            throw new MuonException(ErrorCodes.CANNOT_READ_ALL_DATA, "Cannot read all data. Bytes read: " +
                Math.max(0, limit - position) + ". Bytes expected: " + bytes + ".");
        }
    }

    /**
     * Makes {@code bytes} bytes available from {@link #position()} by pulling from the refill: the buffered rest moves
     * to the front and the buffer grows only as the bytes actually arrive. Returns false if the data ends first.
     */
    private boolean pull(final int bytes)
    {
        if (position > 0)
        {
            System.arraycopy(data, position, data, 0, limit - position);
            limit -= position;
            position = 0;
        }
        while (limit < bytes)
        {
            if (limit == data.length)
            {
                // full of bytes that did arrive: doubling keeps the buffer within twice what the peer sent
                data = java.util.Arrays.copyOf(data, (int)Math.min(Integer.MAX_VALUE - 16, Math.max(data.length * 2L,
                    16)));
            }
            final int read = refill.fill(data, limit, data.length - limit);
            if (read < 0)
            {
                return false;
            }
            limit += read;
        }
        return true;
    }

    /** Copies {@code length} bytes to {@code target[offset]}. */
    public void readFully(final byte[] target, final int offset, final int length)
    {
        require(length);
        System.arraycopy(data, position, target, offset, length);
        position += length;
    }

    public int readShortLittleEndian()
    {
        require(2);
        final int v = (data[position] & 0xFF) | (data[position + 1] & 0xFF) << 8;
        position += 2;
        return v;
    }

    public int readIntLittleEndian()
    {
        require(4);
        final int v = (data[position] & 0xFF) | (data[position + 1] & 0xFF) << 8 | (data[position + 2] & 0xFF) << 16 |
            (data[position + 3] & 0xFF) << 24;
        position += 4;
        return v;
    }

    public long readLongLittleEndian()
    {
        require(8);
        long v = 0;
        for (int i = 7; i >= 0; i--)
        {
            v = (v << 8) | (data[position + i] & 0xFF);
        }
        position += 8;
        return v;
    }

    /** ClickHouse's LEB128 unsigned varint (at most 10 bytes). */
    public long readVarUInt()
    {
        long v = 0;
        for (int i = 0; i < 10; i++)
        {
            final int b = read();
            v |= (long)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                return v;
            }
        }
        return v;
    }

    /** A varint that must be a size no larger than {@code max}. */
    public int readSize(final long max, final String what)
    {
        final long size = readVarUInt();
        if (size < 0 || size > max)
        {
            throw new MuonException(ErrorCodes.TOO_LARGE_STRING_SIZE, "Too large " + what + " size: " +
                Long.toUnsignedString(size) + " (maximum: " + max + ")");
        }
        return (int)size;
    }

    /** A varint-length-prefixed UTF-8 string. */
    public String readBinaryString()
    {
        return readBinaryString(sizeLimit());
    }

    /** A varint-length-prefixed UTF-8 string of at most {@code maxBytes} bytes (Code 131 beyond). */
    public String readBinaryString(final int maxBytes)
    {
        final int length = readSize(maxBytes, "string");
        require(length);
        final String text = new String(data, position, length, StandardCharsets.UTF_8);
        position += length;
        return text;
    }
}
