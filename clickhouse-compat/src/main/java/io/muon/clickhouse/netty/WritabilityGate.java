package io.muon.clickhouse.netty;

import io.netty.channel.Channel;

import java.io.IOException;

/**
 * Lets a query thread that writes to a Netty channel wait while the channel's outbound buffer is above its high
 * water mark (a client slow to read slows the query instead of buffering its whole result), or fail once the client
 * is gone. The channel's handler calls {@link #signal()} when writability changes or the channel closes.
 */
public final class WritabilityGate
{
    /** Waits until the channel can take more output; throws if it closed. */
    public synchronized void awaitWritable(final Channel channel) throws IOException
    {
        while (channel.isActive() && !channel.isWritable())
        {
            try
            {
                wait(100);
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the client was slow to read");
            }
        }
        if (!channel.isActive())
        {
            throw new IOException("client closed the connection");
        }
    }

    public synchronized void signal()
    {
        notifyAll();
    }
}
