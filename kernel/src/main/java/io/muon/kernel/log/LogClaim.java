package io.muon.kernel.log;

import io.muon.kernel.memory.MemoryTag;
import io.muon.kernel.memory.NativeBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import static io.muon.kernel.log.RecordDescriptor.*;

/**
 * A producer's handle for appending records: {@link #claim} space for a body, write the body into
 * {@link #buffer()} at {@link #bodyOffset()}, then {@link #commit()} or {@link #abort()}. One per producer thread,
 * reused for every record; no allocation per record.
 * <p>
 * Without a codec the body is written straight into the mapped segment (the sequence numbers are taken at claim
 * time). With LZ4 or ZSTD the body is written into a scratch buffer and compressed at commit, which then claims
 * exactly the compressed size; if compression does not shrink the body it is stored plain.
 */
public final class LogClaim implements AutoCloseable
{
    /** {@link #claim} result: the claim is open and the body can be written. */
    public static final int OK = 0;

    private final NativeLog log;
    private final LogCodec codec;
    private NativeBuffer scratch;
    private NativeBuffer compressed;

    private Segment segment;
    private int frameOffset;
    private long baseSequence;

    private boolean open;
    private int bodyLength;
    private int rowCount;
    private int schemaVersion;
    private long minEventTime;
    private long maxEventTime;
    /** The producer section of the next record (see {@link #producer}); 0 bytes when there is none. */
    private int producerLength;
    private long producerId;
    private long producerSequence;

    LogClaim(final NativeLog log)
    {
        this.log = log;
        this.codec = log.settings().codec();
    }

    /**
     * Opens a claim for a body of {@code bodyLength} bytes holding {@code rowCount} rows.
     *
     * @return {@link #OK}, {@link NativeLog#BACK_PRESSURED} or {@link NativeLog#CLOSED}.
     * @throws IllegalArgumentException if the body is larger than {@link NativeLog#maxBodyLength()} or the row count
     *         is out of range.
     */
    public long claim(final int bodyLength, final int rowCount, final int schemaVersion)
    {
        if (open)
        {
            throw new IllegalStateException("previous claim neither committed nor aborted");
        }
        if (bodyLength < 0 || bodyLength > log.maxBodyLength())
        {
            throw new IllegalArgumentException("record body of " + bodyLength + " bytes; this log takes at most " +
                log.maxBodyLength());
        }
        if (rowCount < 0 || rowCount > MAX_ROWS_PER_RECORD)
        {
            throw new IllegalArgumentException("row count must be in [0, " + MAX_ROWS_PER_RECORD + "]: " + rowCount);
        }
        if (log.isClosed())
        {
            return NativeLog.CLOSED;
        }
        if (log.backPressured())
        {
            return NativeLog.BACK_PRESSURED;
        }
        this.bodyLength = bodyLength;
        this.rowCount = rowCount;
        this.schemaVersion = schemaVersion;
        this.minEventTime = 0;
        this.maxEventTime = 0;
        if (codec == LogCodec.NONE)
        {
            final long result = log.reserve(alignedLength(HEADER_LENGTH + producerLength + bodyLength), rowCount, this);
            if (result < 0)
            {
                return result;
            }
        }
        else
        {
            if (scratch == null)
            {
                scratch = new NativeBuffer(bodyLength, MemoryTag.LOG);
            }
            scratch.ensureCapacity(bodyLength);
        }
        open = true;
        return OK;
    }

    /** Called by the log when space is reserved. */
    void reserved(final Segment segment, final int frameOffset, final long baseSequence)
    {
        this.segment = segment;
        this.frameOffset = frameOffset;
        this.baseSequence = baseSequence;
    }

    /** Where to write the body of the open claim. */
    public MutableDirectBuffer buffer()
    {
        return codec == LogCodec.NONE ? segment.buffer : scratch.buffer();
    }

    /** Offset of the body in {@link #buffer()}. */
    public int bodyOffset()
    {
        return codec == LogCodec.NONE ? frameOffset + HEADER_LENGTH + producerLength : 0;
    }

    /**
     * Tags the next claimed record with a producer section: {@code id} names the producer, {@code sequence} is its own
     * number for the record's first row. Call before {@link #claim}; it applies to that one record.
     */
    public LogClaim producer(final long id, final long sequence)
    {
        if (open)
        {
            throw new IllegalStateException("a claim is open: tag the record before claiming it");
        }
        this.producerLength = PRODUCER_LENGTH;
        this.producerId = id;
        this.producerSequence = sequence;
        return this;
    }

    /**
     * Drops a producer tag set by {@link #producer} whose claim never happened (it was back-pressured or the log
     * closed), so the next record claimed with this claim is not tagged by mistake. A no-op while a claim is open.
     */
    public LogClaim clearProducer()
    {
        if (!open)
        {
            producerLength = 0;
        }
        return this;
    }

    /** The event time range of the rows, in epoch milliseconds; stored in the header for seeks and pruning. */
    public LogClaim eventTimeRange(final long minEventTime, final long maxEventTime)
    {
        if (minEventTime > maxEventTime)
        {
            throw new IllegalArgumentException("min event time " + minEventTime + " is after max " + maxEventTime);
        }
        this.minEventTime = minEventTime;
        this.maxEventTime = maxEventTime;
        return this;
    }

    /**
     * Publishes the record.
     *
     * @return the base sequence number of its rows, or {@link NativeLog#CLOSED}.
     */
    public long commit()
    {
        checkOpen();
        open = false;
        if (codec != LogCodec.NONE)
        {
            final long result = compressAndReserve();
            if (result < 0)
            {
                return result;
            }
        }
        else
        {
            writeHeader(segment.buffer, frameOffset, LogCodec.NONE, bodyLength);
            publish(segment.buffer, frameOffset, HEADER_LENGTH + producerLength + bodyLength);
        }
        producerLength = 0;
        final long sequence = baseSequence;
        segment = null;
        return sequence;
    }

    /** Gives up the open claim; its space becomes padding and its sequence numbers are skipped. */
    public void abort()
    {
        checkOpen();
        open = false;
        if (codec == LogCodec.NONE)
        {
            NativeLog.writePadding(segment, frameOffset, alignedLength(HEADER_LENGTH + producerLength + bodyLength),
                baseSequence, rowCount);
            log.onPublished();
            segment = null;
        }
        producerLength = 0;
    }

    /** Frees the scratch buffers. */
    @Override
    public void close()
    {
        if (scratch != null)
        {
            scratch.close();
            scratch = null;
        }
        if (compressed != null)
        {
            compressed.close();
            compressed = null;
        }
    }

    private long compressAndReserve()
    {
        final int bound = BodyCodec.maxCompressedLength(codec, bodyLength);
        if (compressed == null)
        {
            compressed = new NativeBuffer(bound, MemoryTag.LOG);
        }
        compressed.ensureCapacity(bound);
        int storedLength = bodyLength > 0 ?
            BodyCodec.compress(codec, scratch.byteBuffer(), 0, bodyLength, compressed.byteBuffer(), 0, bound) :
            bodyLength;
        LogCodec storedCodec = codec;
        UnsafeBuffer source = compressed.buffer();
        if (storedLength >= bodyLength)
        {
            storedLength = bodyLength;
            storedCodec = LogCodec.NONE;
            source = scratch.buffer();
        }
        final long result = log.reserve(alignedLength(HEADER_LENGTH + producerLength + storedLength), rowCount, this);
        if (result < 0)
        {
            return result;
        }
        final UnsafeBuffer target = segment.buffer;
        target.putBytes(frameOffset + HEADER_LENGTH + producerLength, source, 0, storedLength);
        writeHeader(target, frameOffset, storedCodec, bodyLength);
        publish(target, frameOffset, HEADER_LENGTH + producerLength + storedLength);
        producerLength = 0;
        return 0;
    }

    private void writeHeader(final UnsafeBuffer buffer, final int offset, final LogCodec storedCodec, final int uncompressed)
    {
        buffer.putByte(offset + TYPE_OFFSET, TYPE_DATA);
        buffer.putByte(offset + CODEC_OFFSET, storedCodec.id());
        buffer.putShort(offset + FLAGS_OFFSET, producerLength == 0 ? 0 : FLAG_PRODUCER);
        if (producerLength != 0)
        {
            buffer.putLong(offset + PRODUCER_ID_OFFSET, producerId);
            buffer.putLong(offset + PRODUCER_SEQUENCE_OFFSET, producerSequence);
        }
        buffer.putInt(offset + SCHEMA_VERSION_OFFSET, schemaVersion);
        buffer.putLong(offset + BASE_SEQUENCE_OFFSET, baseSequence);
        buffer.putInt(offset + ROW_COUNT_OFFSET, rowCount);
        buffer.putInt(offset + BODY_LENGTH_OFFSET, uncompressed);
        buffer.putLong(offset + MIN_EVENT_TIME_OFFSET, minEventTime);
        buffer.putLong(offset + MAX_EVENT_TIME_OFFSET, maxEventTime);
    }

    private void publish(final UnsafeBuffer buffer, final int offset, final int frameLength)
    {
        buffer.putInt(offset + CRC_OFFSET, computeCrc(buffer, offset, frameLength));
        buffer.putIntVolatile(offset + FRAME_LENGTH_OFFSET, frameLength);
        log.onPublished();
    }

    private void checkOpen()
    {
        if (!open)
        {
            throw new IllegalStateException("no open claim");
        }
    }
}
