package io.muon.kernel.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** The real operating system. */
public class DefaultFilesFacade implements FilesFacade
{
    @Override
    public FileChannel openReadWrite(final Path file, final boolean create) throws IOException
    {
        final FileChannel channel = create ?
            FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE) :
            FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        ResourceCounters.fileOpened();
        return channel;
    }

    @Override
    public FileChannel openRead(final Path file) throws IOException
    {
        final FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        ResourceCounters.fileOpened();
        return channel;
    }

    @Override
    public void close(final FileChannel channel)
    {
        if (channel == null)
        {
            return;
        }
        try
        {
            channel.close();
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        finally
        {
            ResourceCounters.fileClosed();
        }
    }

    @Override
    public void setLength(final FileChannel channel, final long length) throws IOException
    {
        final long size = channel.size();
        if (size > length)
        {
            channel.truncate(length);
        }
        else if (size < length)
        {
            // Writing the last byte extends the file sparsely; the new range reads as zeros.
            channel.write(java.nio.ByteBuffer.wrap(new byte[1]), length - 1);
        }
    }

    @Override
    public MappedRegion map(final FileChannel channel, final long length, final boolean writable) throws IOException
    {
        if (length <= 0 || length > Integer.MAX_VALUE)
        {
            throw new IOException("cannot map " + length + " bytes: a mapping holds 1 byte to 2 GiB");
        }
        final MappedByteBuffer buffer = channel.map(
            writable ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY, 0, length);
        return new MappedRegion(buffer, (int)length);
    }

    @Override
    public void force(final MappedRegion region, final int offset, final int length)
    {
        if (length > 0)
        {
            region.mappedBuffer().force(offset, length);
        }
    }

    @Override
    public void write(final FileChannel channel, final java.nio.ByteBuffer data, final long position) throws IOException
    {
        long at = position;
        while (data.hasRemaining())
        {
            at += channel.write(data, at);
        }
    }

    @Override
    public void fsync(final FileChannel channel) throws IOException
    {
        channel.force(true);
    }

    @Override
    public byte[] readAll(final Path file) throws IOException
    {
        return Files.readAllBytes(file);
    }

    @Override
    public void fsyncDirectory(final Path directory) throws IOException
    {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ))
        {
            channel.force(true);
        }
    }

    @Override
    public void createDirectories(final Path directory) throws IOException
    {
        Files.createDirectories(directory);
    }

    @Override
    public boolean exists(final Path path)
    {
        return Files.exists(path);
    }

    @Override
    public long length(final Path file) throws IOException
    {
        return Files.size(file);
    }

    @Override
    public void delete(final Path file) throws IOException
    {
        Files.deleteIfExists(file);
    }

    @Override
    public void rename(final Path from, final Path to) throws IOException
    {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public List<Path> list(final Path directory, final String suffix) throws IOException
    {
        final List<Path> result = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*" + suffix))
        {
            for (final Path path : stream)
            {
                result.add(path);
            }
        }
        result.sort(null);
        return result;
    }
}
