package io.muon.kernel.state;

import io.muon.kernel.io.FilesFacade;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The checkpoints of one materialized view, in a directory of its own. {@link #write} makes a checkpoint durable
 * atomically (a temporary file, fsynced, renamed, the directory fsynced) and then keeps only it and the one before,
 * so that a damaged newest file still leaves one to fall back to. {@link #load} returns the checkpoints that are
 * whole, newest first, and reports every damaged file it skips. Used by the view's own writer thread only.
 */
public final class CheckpointStore
{
    private final Path directory;
    private final FilesFacade files;

    public CheckpointStore(final Path directory, final FilesFacade files)
    {
        this.directory = directory;
        this.files = files;
    }

    /** Writes {@code checkpoint} durably, then deletes all but it and the newest older one. */
    public void write(final Checkpoint checkpoint) throws IOException
    {
        files.createDirectories(directory);
        final byte[] state = checkpoint.state();
        final byte[] output = checkpoint.output();
        final ByteBuffer bytes = ByteBuffer.allocate(CheckpointDescriptor.HEADER_LENGTH + state.length + output.length)
            .order(ByteOrder.LITTLE_ENDIAN);
        bytes.putInt(CheckpointDescriptor.MAGIC_OFFSET, CheckpointDescriptor.MAGIC);
        bytes.putInt(CheckpointDescriptor.VERSION_OFFSET, CheckpointDescriptor.VERSION);
        bytes.putLong(CheckpointDescriptor.ID_OFFSET, checkpoint.id());
        bytes.putLong(CheckpointDescriptor.OUTPUT_START_OFFSET, checkpoint.outputStart());
        bytes.putLong(CheckpointDescriptor.TARGET_FROM_OFFSET, checkpoint.targetFrom());
        bytes.putLong(CheckpointDescriptor.WRITTEN_AT_OFFSET, checkpoint.writtenAtMs());
        bytes.putInt(CheckpointDescriptor.STATE_LENGTH_OFFSET, state.length);
        bytes.putInt(CheckpointDescriptor.OUTPUT_LENGTH_OFFSET, output.length);
        bytes.put(CheckpointDescriptor.HEADER_LENGTH, state);
        bytes.put(CheckpointDescriptor.HEADER_LENGTH + state.length, output);
        bytes.putInt(CheckpointDescriptor.CRC_OFFSET, crc(bytes.array(), bytes.capacity()));
        final Path file = directory.resolve(CheckpointDescriptor.fileName(checkpoint.id()));
        final Path temporary = directory.resolve(file.getFileName() + ".tmp");
        final FileChannel channel = files.openReadWrite(temporary, true);
        try
        {
            files.setLength(channel, 0);
            files.write(channel, bytes.rewind(), 0);
            files.fsync(channel);
        }
        finally
        {
            files.close(channel);
        }
        files.rename(temporary, file);
        files.fsyncDirectory(directory);
        final List<Path> all = files.list(directory, CheckpointDescriptor.SUFFIX);
        for (int i = 0; i < all.size() - 2; i++)
        {
            files.delete(all.get(i));
        }
        for (final Path stale : files.list(directory, ".tmp"))
        {
            files.delete(stale);
        }
    }

    /**
     * The whole checkpoints, newest first; each damaged file is passed to {@code damaged} with what is wrong and
     * skipped. An empty list when there are none (or no directory).
     */
    public List<Checkpoint> load(final Consumer<String> damaged)
    {
        final List<Checkpoint> loaded = new ArrayList<>();
        if (!files.exists(directory))
        {
            return loaded;
        }
        final List<Path> all;
        try
        {
            all = files.list(directory, CheckpointDescriptor.SUFFIX);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        for (int i = all.size() - 1; i >= 0; i--)
        {
            final Path file = all.get(i);
            try
            {
                final String problem = read(files.readAll(file), loaded);
                if (problem != null)
                {
                    damaged.accept(file + ": " + problem);
                }
            }
            catch (final IOException e)
            {
                damaged.accept(file + ": " + e);
            }
        }
        return loaded;
    }

    /** Deletes every checkpoint (the view was dropped). */
    public void deleteAll() throws IOException
    {
        if (!files.exists(directory))
        {
            return;
        }
        for (final Path file : files.list(directory, ""))
        {
            files.delete(file);
        }
        files.delete(directory);
    }

    /** Parses one file into {@code out}; returns what is wrong with it, or null. */
    static String read(final byte[] bytes, final List<Checkpoint> out)
    {
        if (bytes.length < CheckpointDescriptor.HEADER_LENGTH)
        {
            return "shorter (" + bytes.length + " bytes) than a checkpoint header";
        }
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        if (buffer.getInt(CheckpointDescriptor.MAGIC_OFFSET) != CheckpointDescriptor.MAGIC)
        {
            return "not a checkpoint (bad magic)";
        }
        if (buffer.getInt(CheckpointDescriptor.VERSION_OFFSET) != CheckpointDescriptor.VERSION)
        {
            return "checkpoint format " + buffer.getInt(CheckpointDescriptor.VERSION_OFFSET) + " is unknown";
        }
        final int stored = buffer.getInt(CheckpointDescriptor.CRC_OFFSET);
        final int actual = crc(bytes, bytes.length);
        if (stored != actual)
        {
            return String.format("CRC mismatch: stored 0x%08x, computed 0x%08x", stored, actual);
        }
        final int stateLength = buffer.getInt(CheckpointDescriptor.STATE_LENGTH_OFFSET);
        final int outputLength = buffer.getInt(CheckpointDescriptor.OUTPUT_LENGTH_OFFSET);
        if (stateLength < 0 || outputLength < 0 ||
            (long)CheckpointDescriptor.HEADER_LENGTH + stateLength + outputLength != bytes.length)
        {
            return "lengths " + stateLength + " + " + outputLength + " do not match the file's " + bytes.length;
        }
        final byte[] state = new byte[stateLength];
        final byte[] output = new byte[outputLength];
        buffer.getBytes(CheckpointDescriptor.HEADER_LENGTH, state);
        buffer.getBytes(CheckpointDescriptor.HEADER_LENGTH + stateLength, output);
        out.add(new Checkpoint(buffer.getLong(CheckpointDescriptor.ID_OFFSET),
            buffer.getLong(CheckpointDescriptor.OUTPUT_START_OFFSET),
            buffer.getLong(CheckpointDescriptor.TARGET_FROM_OFFSET),
            buffer.getLong(CheckpointDescriptor.WRITTEN_AT_OFFSET), state, output));
        return null;
    }

    private static int crc(final byte[] bytes, final int length)
    {
        final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes, CheckpointDescriptor.CRC_FROM, length - CheckpointDescriptor.CRC_FROM);
        return (int)crc.getValue();
    }
}
