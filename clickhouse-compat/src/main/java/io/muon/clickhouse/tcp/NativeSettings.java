package io.muon.clickhouse.tcp;

import java.net.InetAddress;
import java.time.ZoneId;

/**
 * What one native protocol endpoint needs: where it listens, whether it is a streaming port (plain SELECTs over streams
 * tail them, as on Proton's 8463), how it introduces itself in Hello, and its limits. Fluent setters;
 * {@link #conclude()} checks the values.
 */
public final class NativeSettings
{
    private InetAddress host = InetAddress.getLoopbackAddress();
    private int port = 7587;
    private boolean streaming;
    private int maxConcurrentQueries = 100;
    private String serverName = "Muon";
    private String displayName = "muon";
    private String serverVersion = "0.1.0";
    private String timeZone = ZoneId.systemDefault().getId();
    private long receiveTimeoutMillis = 300_000;
    private int maxFrameBytes = 256 << 20;
    private int maxInsertBlockRows = 1_048_576;

    public NativeSettings host(final InetAddress host)
    {
        this.host = host;
        return this;
    }

    public InetAddress host()
    {
        return host;
    }

    /** The port; 0 picks a free one. */
    public NativeSettings port(final int port)
    {
        this.port = port;
        return this;
    }

    public int port()
    {
        return port;
    }

    /** Whether plain SELECTs are streaming queries (8463) rather than historical ones (7587). */
    public NativeSettings streaming(final boolean streaming)
    {
        this.streaming = streaming;
        return this;
    }

    public boolean streaming()
    {
        return streaming;
    }

    public NativeSettings maxConcurrentQueries(final int maxConcurrentQueries)
    {
        this.maxConcurrentQueries = maxConcurrentQueries;
        return this;
    }

    public int maxConcurrentQueries()
    {
        return maxConcurrentQueries;
    }

    /** The server name Hello announces (clients print "Connected to NAME server version …"). */
    public NativeSettings serverName(final String serverName)
    {
        this.serverName = serverName;
        return this;
    }

    public String serverName()
    {
        return serverName;
    }

    public NativeSettings displayName(final String displayName)
    {
        this.displayName = displayName;
        return this;
    }

    public String displayName()
    {
        return displayName;
    }

    /** The version Hello announces, {@code major.minor.patch}. */
    public NativeSettings serverVersion(final String serverVersion)
    {
        this.serverVersion = serverVersion;
        return this;
    }

    public String serverVersion()
    {
        return serverVersion;
    }

    /** One part of {@link #serverVersion()}: 0 major, 1 minor, 2 patch (0 when missing or not a number). */
    int versionPart(final int index)
    {
        final String[] parts = serverVersion.split("[.-]");
        try
        {
            return index < parts.length ? Integer.parseInt(parts[index]) : 0;
        }
        catch (final NumberFormatException e)
        {
            return 0;
        }
    }

    /** The server time zone Hello announces; clients show DateTime values in it. */
    public NativeSettings timeZone(final String timeZone)
    {
        this.timeZone = timeZone;
        return this;
    }

    public String timeZone()
    {
        return timeZone;
    }

    /** How long a client may leave a packet unfinished before the connection is dropped. */
    public NativeSettings receiveTimeoutMillis(final long receiveTimeoutMillis)
    {
        this.receiveTimeoutMillis = receiveTimeoutMillis;
        return this;
    }

    public long receiveTimeoutMillis()
    {
        return receiveTimeoutMillis;
    }

    /** The most uncompressed bytes one compressed frame from a client may claim. */
    public NativeSettings maxFrameBytes(final int maxFrameBytes)
    {
        this.maxFrameBytes = maxFrameBytes;
        return this;
    }

    public int maxFrameBytes()
    {
        return maxFrameBytes;
    }

    /**
     * Rows of an INSERT gathered before they are appended ({@code max_insert_block_size}, as ClickHouse forms
     * blocks): an INSERT streams in parts of this size, each appended whole.
     */
    public NativeSettings maxInsertBlockRows(final int maxInsertBlockRows)
    {
        this.maxInsertBlockRows = maxInsertBlockRows;
        return this;
    }

    public int maxInsertBlockRows()
    {
        return maxInsertBlockRows;
    }

    /** Checks every value; IllegalArgumentException naming the first bad one. */
    public NativeSettings conclude()
    {
        if (port < 0 || port > 65535)
        {
            throw new IllegalArgumentException("port " + port + " is out of range");
        }
        if (maxConcurrentQueries <= 0 || receiveTimeoutMillis <= 0 || maxFrameBytes <= 0 || maxInsertBlockRows <= 0)
        {
            throw new IllegalArgumentException("native protocol limits must be positive");
        }
        ZoneId.of(timeZone);
        return this;
    }
}
