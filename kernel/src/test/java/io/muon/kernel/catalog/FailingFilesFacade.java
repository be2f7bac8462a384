package io.muon.kernel.catalog;

import io.muon.kernel.io.DefaultFilesFacade;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** The real file system, except that the N-th changing call (counting from 0) fails as a crash or full disk would. */
final class FailingFilesFacade extends DefaultFilesFacade
{
    private int calls;
    private int failAt = -1;

    /** Fails the {@code step}-th changing call from now on; -1 never fails. */
    void failAt(final int step)
    {
        calls = 0;
        failAt = step;
    }

    int calls()
    {
        return calls;
    }

    private void step(final String what) throws IOException
    {
        if (calls++ == failAt)
        {
            throw new IOException("injected failure at step " + (calls - 1) + " (" + what + ")");
        }
    }

    @Override
    public FileChannel openReadWrite(final Path file, final boolean create) throws IOException
    {
        step("open " + file.getFileName());
        return super.openReadWrite(file, create);
    }

    @Override
    public void setLength(final FileChannel channel, final long length) throws IOException
    {
        step("set length");
        super.setLength(channel, length);
    }

    @Override
    public void write(final FileChannel channel, final ByteBuffer data, final long position) throws IOException
    {
        step("write");
        // a torn write: half the bytes reach the file before the failure
        if (calls - 1 == failAt - 100)
        {
            data.limit(data.limit() / 2);
        }
        super.write(channel, data, position);
    }

    @Override
    public void fsync(final FileChannel channel) throws IOException
    {
        step("fsync");
        super.fsync(channel);
    }

    @Override
    public void rename(final Path from, final Path to) throws IOException
    {
        step("rename " + from.getFileName() + " to " + to.getFileName());
        super.rename(from, to);
    }

    @Override
    public void fsyncDirectory(final Path directory) throws IOException
    {
        step("fsync directory");
        super.fsyncDirectory(directory);
    }
}
