package io.muon.clickhouse.tcp;

import io.muon.kernel.compress.CompressedBlock;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A test-side reader of server packets, written from ClickHouse's protocol description rather than from Muon's
 * writer: it splits a byte stream (a golden capture, or a live socket) into packets, keeping each packet's raw bytes
 * and its decoded fields, so a test can compare packet by packet. Data blocks are expected in compressed frames when
 * {@code compressed} (one frame per block, as small blocks are sent), else read as raw Native blocks of simple types.
 */
final class ServerPacketReader
{
    /** One packet: its type, its bytes as sent, and its fields in order (numbers as Long, strings as String). */
    record Packet(int type, byte[] bytes, List<Object> fields)
    {
    }

    private final InputStream in;
    private final int revision;
    private final boolean compressed;
    private ByteArrayOutputStream current;

    ServerPacketReader(final InputStream in, final int revision, final boolean compressed)
    {
        this.in = in;
        this.revision = revision;
        this.compressed = compressed;
    }

    Packet read() throws IOException
    {
        current = new ByteArrayOutputStream();
        final List<Object> fields = new ArrayList<>();
        final int type = (int)varint();
        switch (type)
        {
            case 0 ->
            {
                fields.add(string());
                fields.add(varint());
                fields.add(varint());
                fields.add(varint());
                fields.add(string());
                fields.add(string());
                fields.add(varint());
            }
            case 1, 7, 8 ->
            {
                fields.add(string());
                if (compressed)
                {
                    final byte[] header = bytes(25);
                    final long size = (header[17] & 0xFFL) | (header[18] & 0xFFL) << 8 | (header[19] & 0xFFL) << 16 |
                        (header[20] & 0xFFL) << 24;
                    final byte[] rest = bytes((int)size - 9);
                    final byte[] frame = new byte[header.length + rest.length];
                    System.arraycopy(header, 0, frame, 0, header.length);
                    System.arraycopy(rest, 0, frame, header.length, rest.length);
                    fields.add(CompressedBlock.decompress(frame, 0, frame.length));
                }
                else
                {
                    fields.add(rawBlock());
                }
            }
            case 2 ->
            {
                fields.add((long)Integer.reverseBytes(java.nio.ByteBuffer.wrap(bytes(4)).getInt()));
                fields.add(string());
                fields.add(string());
                fields.add(string());
                fields.add((long)bytes(1)[0]);
            }
            case 3 ->
            {
                fields.add(varint());
                fields.add(varint());
                fields.add(varint());
                if (revision >= NativeProtocol.REVISION_WITH_CLIENT_WRITE_INFO)
                {
                    fields.add(varint());
                    fields.add(varint());
                }
                if (revision >= NativeProtocol.REVISION_WITH_SERVER_QUERY_TIME_IN_PROGRESS)
                {
                    fields.add(varint());
                }
            }
            case 4, 5 ->
            {
            }
            case 6 ->
            {
                fields.add(varint());
                fields.add(varint());
                fields.add(varint());
                fields.add((long)bytes(1)[0]);
                fields.add(varint());
                fields.add((long)bytes(1)[0]);
            }
            case 9 ->
            {
                final long count = varint();
                for (long i = 0; i < count; i++)
                {
                    fields.add(string());
                    fields.add(string());
                    fields.add((long)bytes(1)[0]);
                }
            }
            default -> throw new IOException("unknown server packet " + type);
        }
        return new Packet(type, current.toByteArray(), fields);
    }

    /** An uncompressed block whose columns are fixed-width numbers or Strings, as a description "name:Type=values". */
    private String rawBlock() throws IOException
    {
        final StringBuilder out = new StringBuilder();
        long field;
        while ((field = varint()) != 0)
        {
            bytes(field == 1 ? 1 : 4);
        }
        final long columns = varint();
        final long rows = varint();
        for (long c = 0; c < columns; c++)
        {
            final String name = string();
            final String type = string();
            if (revision >= 54454)
            {
                bytes(1);
            }
            out.append(name).append(':').append(type).append('=');
            for (long r = 0; r < rows; r++)
            {
                out.append(r == 0 ? "" : ",");
                switch (type)
                {
                    case "String" -> out.append(string());
                    case "UInt8" -> out.append(bytes(1)[0] & 0xFF);
                    case "UInt64", "Int64" ->
                    {
                        final byte[] b = bytes(8);
                        out.append(java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong());
                    }
                    default -> throw new IOException("test reader does not decode " + type);
                }
            }
            out.append(';');
        }
        return out.toString();
    }

    long varint() throws IOException
    {
        long v = 0;
        for (int i = 0; i < 10; i++)
        {
            final int b = next();
            v |= (long)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                return v;
            }
        }
        return v;
    }

    String string() throws IOException
    {
        return new String(bytes((int)varint()), StandardCharsets.UTF_8);
    }

    private byte[] bytes(final int n) throws IOException
    {
        final byte[] b = in.readNBytes(n);
        if (b.length < n)
        {
            throw new EOFException("the stream ended inside a packet");
        }
        current.write(b);
        return b;
    }

    private int next() throws IOException
    {
        final int b = in.read();
        if (b < 0)
        {
            throw new EOFException("the stream ended");
        }
        current.write(b);
        return b;
    }
}
