package io.muon.kernel.log;

import org.agrona.DirectBuffer;

import static io.muon.kernel.log.RecordDescriptor.*;

/**
 * Checks a published frame in place: bounds, type, codec, lengths and CRC. Shared by recovery, which truncates at
 * the first frame that fails, and by {@code muon log verify}, which reports it.
 */
final class FrameValidator
{
    private FrameValidator()
    {
    }

    /**
     * @param frameLength the frame's length field, already read and non-zero.
     * @return null if the frame is sound, else what is wrong with it.
     */
    static String validate(final DirectBuffer buffer, final int offset, final int frameLength, final int segmentLength,
        final int maxBodyLength)
    {
        if (frameLength < HEADER_LENGTH)
        {
            return "frame length " + frameLength + " is shorter than the " + HEADER_LENGTH + "-byte header";
        }
        if ((long)offset + frameLength > segmentLength)
        {
            return "frame length " + frameLength + " runs past the end of the segment";
        }
        final byte type = type(buffer, offset);
        if (type != TYPE_DATA && type != TYPE_PADDING)
        {
            return "unknown record type " + type;
        }
        final int storedCrc = crc(buffer, offset);
        final int actualCrc = computeCrc(buffer, offset, frameLength);
        if (storedCrc != actualCrc)
        {
            return String.format("CRC mismatch: stored 0x%08x, computed 0x%08x", storedCrc, actualCrc);
        }
        if (type == TYPE_PADDING)
        {
            return null;
        }
        final LogCodec codec = LogCodec.fromId(codec(buffer, offset));
        if (codec == null)
        {
            return "unknown codec " + codec(buffer, offset);
        }
        final int rows = rowCount(buffer, offset);
        if (rows < 0 || rows > MAX_ROWS_PER_RECORD)
        {
            return "row count " + rows + " out of range";
        }
        final int bodyLength = bodyLength(buffer, offset);
        if (bodyLength < 0 || bodyLength > maxBodyLength)
        {
            return "body length " + bodyLength + " out of range";
        }
        final short flags = flags(buffer, offset);
        if ((flags & ~FLAG_PRODUCER) != 0)
        {
            return "unknown flags 0x" + Integer.toHexString(flags & 0xFFFF);
        }
        final int bodyStart = bodyStart(buffer, offset);
        if (frameLength < bodyStart)
        {
            return "frame length " + frameLength + " is shorter than its header and producer section";
        }
        if (codec == LogCodec.NONE && bodyLength != frameLength - bodyStart)
        {
            return "body length " + bodyLength + " does not match frame length " + frameLength;
        }
        if (minEventTime(buffer, offset) > maxEventTime(buffer, offset))
        {
            return "min event time is after max event time";
        }
        return null;
    }
}
