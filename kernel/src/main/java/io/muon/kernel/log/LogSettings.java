package io.muon.kernel.log;

import io.muon.kernel.io.FilesFacade;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SystemEpochClock;

import java.nio.file.Path;

/**
 * Configuration of one {@link NativeLog}: fluent setters, then {@link #conclude()} validates and fills defaults.
 * Setting names are the stream settings users write ({@code logstore_*}).
 */
public final class LogSettings
{
    public static final String FLUSH_MESSAGES = "logstore_flush_messages";
    public static final String FLUSH_MS = "logstore_flush_ms";
    public static final String RETENTION_BYTES = "logstore_retention_bytes";
    public static final String RETENTION_MS = "logstore_retention_ms";
    public static final String CODEC = "logstore_codec";
    public static final String SYNC_BEFORE_ACK = "logstore_sync_before_ack";
    public static final String SEGMENT_BYTES = "logstore_segment_bytes";

    public static final int DEFAULT_SEGMENT_LENGTH = 64 * 1024 * 1024;
    public static final int DEFAULT_FLUSH_MESSAGES = 1000;
    public static final long DEFAULT_FLUSH_MS = 1000;
    public static final int DEFAULT_INDEX_INTERVAL_BYTES = 16 * 1024;
    public static final long DEFAULT_MAX_UNFLUSHED_BYTES = 1L << 30;

    private Path directory;
    private int segmentLength = DEFAULT_SEGMENT_LENGTH;
    private LogCodec codec = LogCodec.NONE;
    private int flushMessages = DEFAULT_FLUSH_MESSAGES;
    private long flushMs = DEFAULT_FLUSH_MS;
    private boolean syncBeforeAck;
    private long retentionBytes = -1;
    private long retentionMs = -1;
    private int indexIntervalBytes = DEFAULT_INDEX_INTERVAL_BYTES;
    private long maxUnflushedBytes = DEFAULT_MAX_UNFLUSHED_BYTES;
    private FilesFacade files = FilesFacade.DEFAULT;
    private EpochClock clock = SystemEpochClock.INSTANCE;
    private boolean concluded;

    /** Where the segment and index files live; created if missing. */
    public LogSettings directory(final Path directory)
    {
        this.directory = directory;
        return this;
    }

    /** Length of every segment file, 64 KiB to 1 GiB; fixed when the log is created. */
    public LogSettings segmentLength(final int segmentLength)
    {
        this.segmentLength = segmentLength;
        return this;
    }

    public LogSettings codec(final LogCodec codec)
    {
        this.codec = codec;
        return this;
    }

    /** Flush once this many records are unflushed ({@value #FLUSH_MESSAGES}). */
    public LogSettings flushMessages(final int flushMessages)
    {
        this.flushMessages = flushMessages;
        return this;
    }

    /** Flush once the oldest unflushed record is this old ({@value #FLUSH_MS}). */
    public LogSettings flushMs(final long flushMs)
    {
        this.flushMs = flushMs;
        return this;
    }

    /** Acknowledge appends only once they are durable ({@value #SYNC_BEFORE_ACK}). */
    public LogSettings syncBeforeAck(final boolean syncBeforeAck)
    {
        this.syncBeforeAck = syncBeforeAck;
        return this;
    }

    /** Drop the oldest segments while the log holds more than this; -1 keeps everything. */
    public LogSettings retentionBytes(final long retentionBytes)
    {
        this.retentionBytes = retentionBytes;
        return this;
    }

    /** Drop segments sealed longer ago than this; -1 keeps everything. */
    public LogSettings retentionMs(final long retentionMs)
    {
        this.retentionMs = retentionMs;
        return this;
    }

    /** Distance between sparse index entries. */
    public LogSettings indexIntervalBytes(final int indexIntervalBytes)
    {
        this.indexIntervalBytes = indexIntervalBytes;
        return this;
    }

    /** Appends are back-pressured while more than this many bytes are not yet durable. */
    public LogSettings maxUnflushedBytes(final long maxUnflushedBytes)
    {
        this.maxUnflushedBytes = maxUnflushedBytes;
        return this;
    }

    public LogSettings files(final FilesFacade files)
    {
        this.files = files;
        return this;
    }

    public LogSettings clock(final EpochClock clock)
    {
        this.clock = clock;
        return this;
    }

    /** @return true if {@code name} is one of the {@code logstore_*} settings this class takes. */
    public static boolean isLogSetting(final String name)
    {
        switch (name)
        {
            case FLUSH_MESSAGES: case FLUSH_MS: case RETENTION_BYTES: case RETENTION_MS: case CODEC:
            case SYNC_BEFORE_ACK: case SEGMENT_BYTES:
                return true;
            default:
                return false;
        }
    }

    /**
     * Sets a stream setting by the name users write, as in {@code CREATE STREAM … SETTINGS logstore_codec='lz4'}.
     * Values are checked again by {@link #conclude()}.
     *
     * @throws IllegalArgumentException naming the setting if the name is unknown or the value does not parse.
     */
    public LogSettings set(final String name, final String value)
    {
        try
        {
            switch (name)
            {
                case FLUSH_MESSAGES: return flushMessages(Integer.parseInt(value.trim()));
                case FLUSH_MS: return flushMs(Long.parseLong(value.trim()));
                case RETENTION_BYTES: return retentionBytes(Long.parseLong(value.trim()));
                case RETENTION_MS: return retentionMs(Long.parseLong(value.trim()));
                case CODEC: return codec(LogCodec.parse(value));
                case SEGMENT_BYTES: return segmentLength(Integer.parseInt(value.trim()));
                case SYNC_BEFORE_ACK:
                    switch (value.trim().toLowerCase(java.util.Locale.ROOT))
                    {
                        case "1": case "true": return syncBeforeAck(true);
                        case "0": case "false": return syncBeforeAck(false);
                        default: throw new IllegalArgumentException(SYNC_BEFORE_ACK + " must be true or false: '" + value + "'");
                    }
                default:
                    throw new IllegalArgumentException("unknown log setting '" + name + "'");
            }
        }
        catch (final NumberFormatException e)
        {
            throw new IllegalArgumentException(name + " must be an integer: '" + value + "'", e);
        }
    }

    /** Checks every value; throws {@link IllegalArgumentException} naming the first bad one. */
    public LogSettings conclude()
    {
        if (concluded)
        {
            return this;
        }
        if (directory == null)
        {
            throw new IllegalArgumentException("log directory is not set");
        }
        if (segmentLength < SegmentDescriptor.MIN_SEGMENT_LENGTH || segmentLength > SegmentDescriptor.MAX_SEGMENT_LENGTH ||
            segmentLength % 4096 != 0)
        {
            throw new IllegalArgumentException(SEGMENT_BYTES + " must be a multiple of 4096 in [" +
                SegmentDescriptor.MIN_SEGMENT_LENGTH + ", " + SegmentDescriptor.MAX_SEGMENT_LENGTH + "]: " + segmentLength);
        }
        if (flushMessages < 1)
        {
            throw new IllegalArgumentException(FLUSH_MESSAGES + " must be at least 1: " + flushMessages);
        }
        if (flushMs < 0)
        {
            throw new IllegalArgumentException(FLUSH_MS + " must not be negative: " + flushMs);
        }
        if (retentionBytes < -1 || retentionBytes == 0)
        {
            throw new IllegalArgumentException(RETENTION_BYTES + " must be positive or -1: " + retentionBytes);
        }
        if (retentionMs < -1 || retentionMs == 0)
        {
            throw new IllegalArgumentException(RETENTION_MS + " must be positive or -1: " + retentionMs);
        }
        if (indexIntervalBytes < 256 || indexIntervalBytes > segmentLength)
        {
            throw new IllegalArgumentException("index interval must be in [256, segment length]: " + indexIntervalBytes);
        }
        if (maxUnflushedBytes < segmentLength / 2)
        {
            throw new IllegalArgumentException("max unflushed bytes must be at least half a segment: " + maxUnflushedBytes);
        }
        if (codec == null || files == null || clock == null)
        {
            throw new IllegalArgumentException("codec, files and clock must be set");
        }
        concluded = true;
        return this;
    }

    public Path directory()
    {
        return directory;
    }

    public int segmentLength()
    {
        return segmentLength;
    }

    public LogCodec codec()
    {
        return codec;
    }

    public int flushMessages()
    {
        return flushMessages;
    }

    public long flushMs()
    {
        return flushMs;
    }

    public boolean syncBeforeAck()
    {
        return syncBeforeAck;
    }

    public long retentionBytes()
    {
        return retentionBytes;
    }

    public long retentionMs()
    {
        return retentionMs;
    }

    public int indexIntervalBytes()
    {
        return indexIntervalBytes;
    }

    public long maxUnflushedBytes()
    {
        return maxUnflushedBytes;
    }

    public FilesFacade files()
    {
        return files;
    }

    public EpochClock clock()
    {
        return clock;
    }

    /** Largest body one record can hold in a segment of this length. */
    public int maxBodyLength()
    {
        return (segmentLength - SegmentDescriptor.HEADER_LENGTH) / 4 - RecordDescriptor.HEADER_LENGTH;
    }
}
