package io.muon.kernel.log;

import org.agrona.DirectBuffer;

/**
 * A flyweight over one record as a tailer delivers it: header fields read in place, and the body, which lies in the
 * mapped segment itself or, for a compressed record, in the tailer's scratch buffer. Valid only during the
 * {@link RecordHandler#onRecord} call.
 */
public final class RecordView
{
    private DirectBuffer frameBuffer;
    private int frameOffset;
    private int frameLength;
    private DirectBuffer bodyBuffer;
    private int bodyOffset;
    private long position;

    void wrap(final DirectBuffer frameBuffer, final int frameOffset, final int frameLength,
        final DirectBuffer bodyBuffer, final int bodyOffset, final long position)
    {
        this.frameBuffer = frameBuffer;
        this.frameOffset = frameOffset;
        this.frameLength = frameLength;
        this.bodyBuffer = bodyBuffer;
        this.bodyOffset = bodyOffset;
        this.position = position;
    }

    /** Position of the record in the log (segment index × segment length + offset). */
    public long position()
    {
        return position;
    }

    public int frameLength()
    {
        return frameLength;
    }

    public int schemaVersion()
    {
        return RecordDescriptor.schemaVersion(frameBuffer, frameOffset);
    }

    public long baseSequence()
    {
        return RecordDescriptor.baseSequence(frameBuffer, frameOffset);
    }

    public int rowCount()
    {
        return RecordDescriptor.rowCount(frameBuffer, frameOffset);
    }

    /** Whether the record names its producer ({@link RecordDescriptor#FLAG_PRODUCER}). */
    public boolean hasProducer()
    {
        return RecordDescriptor.hasProducer(frameBuffer, frameOffset);
    }

    /** The producer id; meaningful when {@link #hasProducer()}. */
    public long producerId()
    {
        return RecordDescriptor.producerId(frameBuffer, frameOffset);
    }

    /** The producer's number for the record's first row; meaningful when {@link #hasProducer()}. */
    public long producerSequence()
    {
        return RecordDescriptor.producerSequence(frameBuffer, frameOffset);
    }

    public long minEventTime()
    {
        return RecordDescriptor.minEventTime(frameBuffer, frameOffset);
    }

    public long maxEventTime()
    {
        return RecordDescriptor.maxEventTime(frameBuffer, frameOffset);
    }

    /** The codec the body was stored with. */
    public LogCodec storedCodec()
    {
        return LogCodec.fromId(RecordDescriptor.codec(frameBuffer, frameOffset));
    }

    public int crc()
    {
        return RecordDescriptor.crc(frameBuffer, frameOffset);
    }

    /** Recomputes the CRC over the stored frame and compares. */
    public boolean crcMatches()
    {
        return RecordDescriptor.computeCrc(frameBuffer, frameOffset, frameLength) == crc();
    }

    /** The uncompressed body. */
    public DirectBuffer bodyBuffer()
    {
        return bodyBuffer;
    }

    public int bodyOffset()
    {
        return bodyOffset;
    }

    public int bodyLength()
    {
        return RecordDescriptor.bodyLength(frameBuffer, frameOffset);
    }

    public int columnCount()
    {
        return ColumnBatchDescriptor.columnCount(bodyBuffer, bodyOffset);
    }
}
