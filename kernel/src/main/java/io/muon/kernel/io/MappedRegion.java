package io.muon.kernel.io;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.MappedByteBuffer;

/**
 * A memory-mapped file range, seen as an {@link UnsafeBuffer} for flyweight access and as the underlying
 * {@link MappedByteBuffer} for codecs and {@code force}. {@link #close()} unmaps it at once; nobody may touch the
 * buffer afterwards, so owners reference-count regions that several threads read.
 */
public final class MappedRegion implements AutoCloseable
{
    private final MappedByteBuffer mappedBuffer;
    private final UnsafeBuffer buffer;
    private final int length;
    private boolean closed;

    MappedRegion(final MappedByteBuffer mappedBuffer, final int length)
    {
        this.mappedBuffer = mappedBuffer;
        this.buffer = new UnsafeBuffer(mappedBuffer);
        this.length = length;
        ResourceCounters.mapped(length);
    }

    public UnsafeBuffer buffer()
    {
        return buffer;
    }

    public MappedByteBuffer mappedBuffer()
    {
        return mappedBuffer;
    }

    public long address()
    {
        return buffer.addressOffset();
    }

    public int length()
    {
        return length;
    }

    @Override
    public synchronized void close()
    {
        if (!closed)
        {
            closed = true;
            IoUtil.unmap(mappedBuffer);
            ResourceCounters.unmapped(length);
        }
    }
}
