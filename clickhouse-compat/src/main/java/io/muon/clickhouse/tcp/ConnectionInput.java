package io.muon.clickhouse.tcp;

import io.muon.clickhouse.format.ByteSource;
import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

import java.util.ArrayDeque;

/**
 * The bytes a native protocol client sent and the connection's thread has not read yet: Netty's event loop
 * {@link #offer}s what arrives, the connection's thread pulls it through {@link #fill} (waiting when there is none),
 * so the protocol reads like a blocking stream. Past {@code highWater} queued bytes the channel stops reading until
 * the reader catches up (back-pressure instead of unbounded buffering). While a query runs, a Cancel packet at the
 * head of the queue cancels it at once, from the event loop.
 */
final class ConnectionInput implements ByteSource.Refill
{
    private final Channel channel;
    private final int highWater;
    private final long receiveTimeoutNanos;
    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
    private long queued;
    private boolean closed;
    private Runnable onCancel;

    ConnectionInput(final Channel channel, final int highWater, final long receiveTimeoutMillis)
    {
        this.channel = channel;
        this.highWater = highWater;
        this.receiveTimeoutNanos = receiveTimeoutMillis * 1_000_000L;
    }

    /** Event loop: queues bytes from the client (taking ownership) and stops reading when too much is queued. */
    synchronized void offer(final ByteBuf bytes)
    {
        if (closed)
        {
            bytes.release();
            return;
        }
        queue.add(bytes);
        queued += bytes.readableBytes();
        if (queued > highWater)
        {
            channel.config().setAutoRead(false);
        }
        checkCancel();
        notifyAll();
    }

    /** Event loop: the connection is gone; the reader sees the end of the data. */
    synchronized void close()
    {
        closed = true;
        ByteBuf dropped;
        while ((dropped = queue.poll()) != null)
        {
            dropped.release();
        }
        queued = 0;
        notifyAll();
    }

    /** Whether bytes are waiting (the connection's thread has something to read). */
    synchronized boolean hasData()
    {
        return queued > 0;
    }

    /**
     * While a query runs, calls {@code cancel} as soon as the next packet from the client is a Cancel (null stops
     * watching). Only valid when the reader holds no bytes of that packet itself.
     */
    synchronized void watchForCancel(final Runnable cancel)
    {
        this.onCancel = cancel;
        checkCancel();
    }

    private void checkCancel()
    {
        if (onCancel != null && !queue.isEmpty())
        {
            final ByteBuf head = queue.peek();
            if (head.readableBytes() > 0 && head.getByte(head.readerIndex()) == NativeProtocol.CLIENT_CANCEL)
            {
                final Runnable cancel = onCancel;
                onCancel = null;
                cancel.run();
            }
        }
    }

    @Override
    public synchronized int fill(final byte[] buffer, final int offset, final int maxLength)
    {
        final long deadline = System.nanoTime() + receiveTimeoutNanos;
        while (queue.isEmpty())
        {
            if (closed)
            {
                return -1;
            }
            final long left = deadline - System.nanoTime();
            if (left <= 0)
            {
                throw new MuonException(ErrorCodes.SOCKET_TIMEOUT, "Timeout exceeded while reading from the client " +
                    "(receive_timeout)");
            }
            try
            {
                wait(Math.max(1, left / 1_000_000L));
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                throw new MuonException(ErrorCodes.ABORTED, "Interrupted while reading from the client");
            }
        }
        int copied = 0;
        while (copied < maxLength && !queue.isEmpty())
        {
            final ByteBuf head = queue.peek();
            final int n = Math.min(maxLength - copied, head.readableBytes());
            head.readBytes(buffer, offset + copied, n);
            copied += n;
            if (!head.isReadable())
            {
                queue.poll().release();
            }
        }
        queued -= copied;
        if (queued <= highWater / 4 && !channel.config().isAutoRead())
        {
            channel.eventLoop().execute(() ->
            {
                channel.config().setAutoRead(true);
                channel.read();
            });
        }
        return copied;
    }
}
