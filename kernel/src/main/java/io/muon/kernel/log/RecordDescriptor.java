package io.muon.kernel.log;

import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.checksum.Crc32c;

/**
 * Layout of one NativeLog record: a 48-byte header followed by the body, the whole frame aligned to
 * {@link #FRAME_ALIGNMENT} bytes inside its segment. All fields are little-endian.
 * <pre>
 *   0  int32  frame length    header + body in bytes, unaligned; 0 = not yet published. Written last, with release
 *                             semantics, so a reader that sees it non-zero sees the whole frame.
 *   4  int32  crc32c          CRC32C of bytes [8, frame length) for data, of [8, 48) for padding
 *   8  uint8  type            1 data, 2 padding (an aborted claim, or the unused end of a segment)
 *   9  uint8  codec           0 none, 1 LZ4, 2 ZSTD: how the body is stored
 *  10  uint16 flags           bit 0 ({@link #FLAG_PRODUCER}): a producer section follows the header; others 0
 *  12  int32  schema version  the stream schema the body was written with
 *  16  int64  base sequence   sequence number of the first row; row i has base + i
 *  24  int32  row count
 *  28  int32  body length     uncompressed body length
 *  32  int64  min event time  milliseconds since the epoch (_tp_time)
 *  40  int64  max event time
 *  48  ...    body            a column batch ({@link ColumnBatchDescriptor}), compressed as the codec says
 * </pre>
 * A record whose flags have {@link #FLAG_PRODUCER} carries 16 more bytes between the header and the body, so that
 * a producer that must not append the same rows twice (a materialized view resuming from a checkpoint) can find
 * what it wrote:
 * <pre>
 *  48  int64  producer id       who appended the record
 *  56  int64  producer sequence the producer's own number for the record's first row
 *  64  ...    body
 * </pre>
 * {@link #bodyStart} says where the body starts in either case; the CRC covers the producer section too.
 */
public final class RecordDescriptor
{
    public static final int FRAME_LENGTH_OFFSET = 0;
    public static final int CRC_OFFSET = 4;
    public static final int TYPE_OFFSET = 8;
    public static final int CODEC_OFFSET = 9;
    public static final int FLAGS_OFFSET = 10;
    public static final int SCHEMA_VERSION_OFFSET = 12;
    public static final int BASE_SEQUENCE_OFFSET = 16;
    public static final int ROW_COUNT_OFFSET = 24;
    public static final int BODY_LENGTH_OFFSET = 28;
    public static final int MIN_EVENT_TIME_OFFSET = 32;
    public static final int MAX_EVENT_TIME_OFFSET = 40;
    public static final int HEADER_LENGTH = 48;

    /** Flag bit: the producer section ({@link #PRODUCER_LENGTH} bytes) follows the header. */
    public static final short FLAG_PRODUCER = 1;
    public static final int PRODUCER_ID_OFFSET = HEADER_LENGTH;
    public static final int PRODUCER_SEQUENCE_OFFSET = HEADER_LENGTH + 8;
    public static final int PRODUCER_LENGTH = 16;

    /** Frames start at multiples of 8, so 8-byte column values in an uncompressed body stay aligned. */
    public static final int FRAME_ALIGNMENT = 8;

    public static final byte TYPE_DATA = 1;
    public static final byte TYPE_PADDING = 2;

    /** Most rows one record may carry (2^21); larger batches are split by the caller. */
    public static final int MAX_ROWS_PER_RECORD = 1 << 21;

    private RecordDescriptor()
    {
    }

    public static int alignedLength(final int frameLength)
    {
        return BitUtil.align(frameLength, FRAME_ALIGNMENT);
    }

    public static int frameLengthVolatile(final org.agrona.concurrent.AtomicBuffer buffer, final int frameOffset)
    {
        return buffer.getIntVolatile(frameOffset + FRAME_LENGTH_OFFSET);
    }

    public static int crc(final DirectBuffer buffer, final int frameOffset)
    {
        return buffer.getInt(frameOffset + CRC_OFFSET);
    }

    public static byte type(final DirectBuffer buffer, final int frameOffset)
    {
        return buffer.getByte(frameOffset + TYPE_OFFSET);
    }

    public static byte codec(final DirectBuffer buffer, final int frameOffset)
    {
        return buffer.getByte(frameOffset + CODEC_OFFSET);
    }

    public static int schemaVersion(final DirectBuffer buffer, final int frameOffset)
    {
        return buffer.getInt(frameOffset + SCHEMA_VERSION_OFFSET);
    }

    public static long baseSequence(final DirectBuffer buffer, final int frameOffset)
    {
        return buffer.getLong(frameOffset + BASE_SEQUENCE_OFFSET);
    }

    public static int rowCount(final DirectBuffer buffer, final int frameOffset)
    {
        return buffer.getInt(frameOffset + ROW_COUNT_OFFSET);
    }

    public static int bodyLength(final DirectBuffer buffer, final int frameOffset)
    {
        return buffer.getInt(frameOffset + BODY_LENGTH_OFFSET);
    }

    public static short flags(final DirectBuffer buffer, final int frameOffset)
    {
        return buffer.getShort(frameOffset + FLAGS_OFFSET);
    }

    /** Whether the record carries a producer section. */
    public static boolean hasProducer(final DirectBuffer buffer, final int frameOffset)
    {
        return (flags(buffer, frameOffset) & FLAG_PRODUCER) != 0;
    }

    /** Bytes from the frame's start to its body: the header, and the producer section if there is one. */
    public static int bodyStart(final DirectBuffer buffer, final int frameOffset)
    {
        return hasProducer(buffer, frameOffset) ? HEADER_LENGTH + PRODUCER_LENGTH : HEADER_LENGTH;
    }

    /** The producer id of a record with a producer section. */
    public static long producerId(final DirectBuffer buffer, final int frameOffset)
    {
        return buffer.getLong(frameOffset + PRODUCER_ID_OFFSET);
    }

    /** The producer's sequence number of a record with a producer section. */
    public static long producerSequence(final DirectBuffer buffer, final int frameOffset)
    {
        return buffer.getLong(frameOffset + PRODUCER_SEQUENCE_OFFSET);
    }

    public static long minEventTime(final DirectBuffer buffer, final int frameOffset)
    {
        return buffer.getLong(frameOffset + MIN_EVENT_TIME_OFFSET);
    }

    public static long maxEventTime(final DirectBuffer buffer, final int frameOffset)
    {
        return buffer.getLong(frameOffset + MAX_EVENT_TIME_OFFSET);
    }

    /** The CRC32C a frame of the given type and length should carry, computed over the bytes in place. */
    public static int computeCrc(final DirectBuffer buffer, final int frameOffset, final int frameLength)
    {
        final int covered = type(buffer, frameOffset) == TYPE_PADDING ? HEADER_LENGTH : frameLength;
        return Crc32c.INSTANCE.compute(buffer.addressOffset(), frameOffset + TYPE_OFFSET, covered - TYPE_OFFSET);
    }
}
