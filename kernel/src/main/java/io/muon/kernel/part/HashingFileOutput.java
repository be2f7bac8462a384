package io.muon.kernel.part;

import io.muon.kernel.io.FilesFacade;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A new part file written front to back through a 64 KiB buffer, keeping its size and the blockwise CityHash128 that
 * checksums.txt records. {@link #close()} flushes and fsyncs. Owned by the thread writing the part.
 */
final class HashingFileOutput implements AutoCloseable
{
    private final FilesFacade files;
    private final FileChannel channel;
    private final BlockwiseHasher hasher = new BlockwiseHasher();
    private final byte[] buffer = new byte[64 * 1024];
    private int buffered;
    private long written;
    private long[] hash;

    HashingFileOutput(final FilesFacade files, final Path file) throws IOException
    {
        this.files = files;
        this.channel = files.openReadWrite(file, true);
    }

    void write(final byte[] data, final int offset, final int length) throws IOException
    {
        hasher.update(data, offset, length);
        if (length >= buffer.length)
        {
            flushBuffer();
            files.write(channel, ByteBuffer.wrap(data, offset, length), written);
            written += length;
            return;
        }
        if (buffered + length > buffer.length)
        {
            flushBuffer();
        }
        System.arraycopy(data, offset, buffer, buffered, length);
        buffered += length;
    }

    /** Bytes written so far: the offset the next byte will have. */
    long size()
    {
        return hasher.count();
    }

    private void flushBuffer() throws IOException
    {
        if (buffered > 0)
        {
            files.write(channel, ByteBuffer.wrap(buffer, 0, buffered), written);
            written += buffered;
            buffered = 0;
        }
    }

    /** Flushes, fsyncs and closes; then {@link #hash()} is the file's checksum. */
    @Override
    public void close() throws IOException
    {
        if (hash != null)
        {
            return;
        }
        try
        {
            flushBuffer();
            files.fsync(channel);
        }
        finally
        {
            hash = hasher.finish();
            files.close(channel);
        }
    }

    /** The file's hash (low, high), once closed. */
    long[] hash()
    {
        return hash;
    }
}
