package io.muon.clickhouse.http;

import java.net.InetAddress;

/**
 * What one HTTP endpoint needs: where it listens, whether it is a streaming port (plain SELECTs over streams tail
 * them, as on Proton's 3218) and its limits. Fluent setters; {@link #conclude()} checks the values.
 */
public final class HttpSettings
{
    private InetAddress host = InetAddress.getLoopbackAddress();
    private int port = 8123;
    private boolean streaming;
    private int maxBodyBytes = 1 << 30;
    private int maxHeaderBytes = 64 * 1024;
    private int maxUriBytes = 1 << 20;
    private int maxConcurrentQueries = 100;
    private String displayName = "muon";
    private String serverVersion = "0.1.0";

    public HttpSettings host(final InetAddress host)
    {
        this.host = host;
        return this;
    }

    public InetAddress host()
    {
        return host;
    }

    /** The port; 0 picks a free one. */
    public HttpSettings port(final int port)
    {
        this.port = port;
        return this;
    }

    public int port()
    {
        return port;
    }

    public HttpSettings streaming(final boolean streaming)
    {
        this.streaming = streaming;
        return this;
    }

    public boolean streaming()
    {
        return streaming;
    }

    /** The largest request body accepted (after transfer decoding); larger requests get 413. */
    public HttpSettings maxBodyBytes(final int maxBodyBytes)
    {
        this.maxBodyBytes = maxBodyBytes;
        return this;
    }

    public int maxBodyBytes()
    {
        return maxBodyBytes;
    }

    /** The largest header block accepted; larger requests get 431 and the connection is closed. */
    public HttpSettings maxHeaderBytes(final int maxHeaderBytes)
    {
        this.maxHeaderBytes = maxHeaderBytes;
        return this;
    }

    public int maxHeaderBytes()
    {
        return maxHeaderBytes;
    }

    public HttpSettings maxUriBytes(final int maxUriBytes)
    {
        this.maxUriBytes = maxUriBytes;
        return this;
    }

    public int maxUriBytes()
    {
        return maxUriBytes;
    }

    /** Queries running at once over this endpoint; one more is refused with Code 202. */
    public HttpSettings maxConcurrentQueries(final int maxConcurrentQueries)
    {
        this.maxConcurrentQueries = maxConcurrentQueries;
        return this;
    }

    public int maxConcurrentQueries()
    {
        return maxConcurrentQueries;
    }

    public HttpSettings displayName(final String displayName)
    {
        this.displayName = displayName;
        return this;
    }

    public String displayName()
    {
        return displayName;
    }

    public HttpSettings serverVersion(final String serverVersion)
    {
        this.serverVersion = serverVersion;
        return this;
    }

    public String serverVersion()
    {
        return serverVersion;
    }

    /** Checks every value; IllegalArgumentException naming the first bad one. */
    public HttpSettings conclude()
    {
        if (port < 0 || port > 65535)
        {
            throw new IllegalArgumentException("port " + port + " is out of range");
        }
        if (maxBodyBytes <= 0 || maxHeaderBytes <= 0 || maxUriBytes <= 0 || maxConcurrentQueries <= 0)
        {
            throw new IllegalArgumentException("HTTP limits must be positive");
        }
        return this;
    }
}
