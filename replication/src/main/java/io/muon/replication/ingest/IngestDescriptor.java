package io.muon.replication.ingest;

import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * The messages of Aeron ingest: what a publisher sends on the ingest channel and what the server answers on the
 * publisher's response channel. One Aeron message each (Aeron fragments and reassembles large ones); little-endian.
 * <pre>
 *   every message starts with a 24-byte header
 *     0  uint8  version       1
 *     1  uint8  type          see the TYPE_ constants
 *     2  uint16 reserved      0
 *     4  int32  reserved      0
 *     8  int64  publisher id  chosen by the publisher (random, non-zero), the same in every message it sends
 *     16 int64  correlation   the publisher's number for a request, echoed in the answer (0 in HELLO/WELCOME)
 *
 *   publisher to server
 *     HELLO     24 int32 response stream id, 28 string response channel      answered by WELCOME
 *     DESCRIBE  24 string stream ("name" in database default, or "db.name")  answered by SCHEMA or ERROR
 *     ROWS      24 int32 schema version, 28 int32 row count, 32 string stream, then zero padding to the next
 *               multiple of 8, then the rows: a column batch exactly as a NativeLog record body holds it
 *               ({@code io.muon.kernel.log.ColumnBatchDescriptor}; one physical column per stream column, in the
 *               stream's order, {@code _tp_time} included)                     answered by COMMITTED or ERROR
 *
 *   server to publisher
 *     WELCOME   (header only)
 *     SCHEMA    24 int32 schema version, 28 int32 column count, then per column: string name, string type
 *               (ClickHouse's spelling, as DESCRIBE shows it)
 *     COMMITTED 24 int64 rows, 32 int64 the stream's sequence number after them: the rows are in the log and
 *               acknowledged under the stream's durability settings
 *     ERROR     24 int32 ClickHouse error code, 28 string message
 *
 *   a string is an int32 byte length then UTF-8 bytes
 * </pre>
 */
public final class IngestDescriptor
{
    public static final byte VERSION = 1;

    public static final byte TYPE_HELLO = 1;
    public static final byte TYPE_DESCRIBE = 2;
    public static final byte TYPE_ROWS = 3;
    public static final byte TYPE_WELCOME = 64;
    public static final byte TYPE_SCHEMA = 65;
    public static final byte TYPE_COMMITTED = 66;
    public static final byte TYPE_ERROR = 67;

    public static final int VERSION_OFFSET = 0;
    public static final int TYPE_OFFSET = 1;
    public static final int PUBLISHER_OFFSET = 8;
    public static final int CORRELATION_OFFSET = 16;
    public static final int HEADER_LENGTH = 24;

    public static final int HELLO_STREAM_ID_OFFSET = HEADER_LENGTH;
    public static final int HELLO_CHANNEL_OFFSET = HEADER_LENGTH + 4;
    public static final int DESCRIBE_STREAM_OFFSET = HEADER_LENGTH;
    public static final int ROWS_SCHEMA_VERSION_OFFSET = HEADER_LENGTH;
    public static final int ROWS_COUNT_OFFSET = HEADER_LENGTH + 4;
    public static final int ROWS_STREAM_OFFSET = HEADER_LENGTH + 8;
    public static final int SCHEMA_VERSION_OFFSET = HEADER_LENGTH;
    public static final int SCHEMA_COLUMNS_OFFSET = HEADER_LENGTH + 4;
    public static final int SCHEMA_FIRST_COLUMN_OFFSET = HEADER_LENGTH + 8;
    public static final int COMMITTED_ROWS_OFFSET = HEADER_LENGTH;
    public static final int COMMITTED_SEQUENCE_OFFSET = HEADER_LENGTH + 8;
    public static final int COMMITTED_LENGTH = HEADER_LENGTH + 16;
    public static final int ERROR_CODE_OFFSET = HEADER_LENGTH;
    public static final int ERROR_MESSAGE_OFFSET = HEADER_LENGTH + 4;

    /** Longest string a message may carry (stream names, channels, types, messages). */
    public static final int MAX_STRING_LENGTH = 64 * 1024;

    private IngestDescriptor()
    {
    }

    /** Writes the header of a message of {@code type}. */
    public static void header(final MutableDirectBuffer buffer, final int offset, final byte type,
        final long publisher, final long correlation)
    {
        buffer.putByte(offset + VERSION_OFFSET, VERSION);
        buffer.putByte(offset + TYPE_OFFSET, type);
        buffer.putShort(offset + 2, (short)0);
        buffer.putInt(offset + 4, 0);
        buffer.putLong(offset + PUBLISHER_OFFSET, publisher);
        buffer.putLong(offset + CORRELATION_OFFSET, correlation);
    }

    public static byte version(final DirectBuffer buffer, final int offset)
    {
        return buffer.getByte(offset + VERSION_OFFSET);
    }

    public static byte type(final DirectBuffer buffer, final int offset)
    {
        return buffer.getByte(offset + TYPE_OFFSET);
    }

    public static long publisher(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + PUBLISHER_OFFSET);
    }

    public static long correlation(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + CORRELATION_OFFSET);
    }

    /** Writes a string at {@code at}; returns the offset after it. */
    public static int putString(final MutableDirectBuffer buffer, final int at, final String value)
    {
        final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        buffer.putInt(at, bytes.length);
        buffer.putBytes(at + 4, bytes);
        return at + 4 + bytes.length;
    }

    /**
     * The length of the string at {@code at} of a message ending at {@code end}, or -1 when its length is negative,
     * too long, or runs past the end.
     */
    public static int stringLength(final DirectBuffer buffer, final int at, final int end)
    {
        if (end - at < 4)
        {
            return -1;
        }
        final int length = buffer.getInt(at);
        return length < 0 || length > MAX_STRING_LENGTH || length > end - at - 4 ? -1 : length;
    }

    /** The string at {@code at}, whose length {@link #stringLength} checked. */
    public static String getString(final DirectBuffer buffer, final int at, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(at + 4, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Where the rows of a ROWS message start, relative to the message, given its stream name's byte length. */
    public static int rowsBodyOffset(final int streamNameLength)
    {
        return BitUtil.align(ROWS_STREAM_OFFSET + 4 + streamNameLength, 8);
    }
}
