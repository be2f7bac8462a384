package io.muon.clickhouse.format;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;

import java.nio.charset.StandardCharsets;

/**
 * A read cursor over input bytes (an HTTP request body, inline INSERT data) for the input formats: bounds-checked
 * reads of bytes, little-endian numbers and varints that fail with ClickHouse's {@code Code: 33} when the data ends
 * early. Owned by one thread.
 */
public final class ByteSource
{
    private final byte[] data;
    private final int limit;
    private int position;

    public ByteSource(final byte[] data, final int offset, final int length)
    {
        this.data = data;
        this.position = offset;
        this.limit = offset + length;
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

    public boolean hasRemaining()
    {
        return position < limit;
    }

    public int remaining()
    {
        return limit - position;
    }

    /** The next byte without consuming it, or -1 at the end. */
    public int peek()
    {
        return position < limit ? data[position] & 0xFF : -1;
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
        if (bytes < 0 || limit - position < bytes)
        {
            throw new MuonException(ErrorCodes.CANNOT_READ_ALL_DATA, "Cannot read all data. Bytes read: " +
                Math.max(0, limit - position) + ". Bytes expected: " + bytes + ".");
        }
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
        final int length = readSize(remaining(), "string");
        final String text = new String(data, position, length, StandardCharsets.UTF_8);
        position += length;
        return text;
    }
}
