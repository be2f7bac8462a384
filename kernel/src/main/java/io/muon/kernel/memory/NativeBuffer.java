package io.muon.kernel.memory;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * A growable off-heap scratch buffer, exposed both as an Agrona {@link UnsafeBuffer} and as a direct
 * {@link ByteBuffer} for the codecs. Owned by one thread; {@link #close()} returns its memory to
 * {@link NativeMemory}.
 */
public final class NativeBuffer implements AutoCloseable
{
    private final MemoryTag tag;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private ByteBuffer byteBuffer;

    public NativeBuffer(final int initialCapacity, final MemoryTag tag)
    {
        this.tag = tag;
        allocate(Math.max(64, initialCapacity));
    }

    /** Makes room for at least {@code capacity} bytes; the contents are not kept. */
    public NativeBuffer ensureCapacity(final int capacity)
    {
        if (capacity > view.capacity())
        {
            NativeMemory.freeDirectBuffer(byteBuffer, tag);
            byteBuffer = null;
            final long grown = Math.max((long)capacity, Math.min(Integer.MAX_VALUE - 8L, view.capacity() * 2L));
            allocate((int)grown);
        }
        return this;
    }

    public UnsafeBuffer buffer()
    {
        return view;
    }

    /** The same memory as a direct buffer; do not change its position or limit from more than one place. */
    public ByteBuffer byteBuffer()
    {
        return byteBuffer;
    }

    public int capacity()
    {
        return view.capacity();
    }

    public long address()
    {
        return view.addressOffset();
    }

    @Override
    public void close()
    {
        if (byteBuffer != null)
        {
            NativeMemory.freeDirectBuffer(byteBuffer, tag);
            byteBuffer = null;
            view.wrap(0, 0);
        }
    }

    private void allocate(final int capacity)
    {
        byteBuffer = NativeMemory.allocateDirectBuffer(capacity, tag);
        view.wrap(byteBuffer);
    }
}
