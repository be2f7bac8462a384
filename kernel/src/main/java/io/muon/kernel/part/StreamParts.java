package io.muon.kernel.part;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.log.NativeLog;
import io.muon.kernel.log.RetentionHold;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The historical store of one stream: its part directory ({@code <data>/streams/<id>/store}), the set of active parts
 * and the commit point ({@code commit.txt}: the first sequence number not in a part). Opening it recovers from any
 * crash: temporary folders are removed, parts beyond the commit point (written by a compaction that did not commit)
 * are deleted, parts covered by a merged part are deleted, and a part that fails to load is moved to
 * {@code detached/}. The compaction thread changes the set; queries take {@link PartSnapshot}s. Thread-safe.
 */
public final class StreamParts implements AutoCloseable
{
    public static final String COMMIT_FILE = "commit.txt";

    private final FilesFacade files;
    private final Path directory;
    private final NativeLog log;
    private final RetentionHold hold;
    private List<DataPart> active;
    private long committed;
    private boolean closed;

    private StreamParts(final FilesFacade files, final Path directory, final NativeLog log, final List<DataPart> active,
        final long committed)
    {
        this.files = files;
        this.directory = directory;
        this.log = log;
        this.active = active;
        this.committed = committed;
        this.hold = log.holdFrom(committed);
    }

    /** Opens (and recovers) the store of the stream whose log is {@code log}. */
    public static StreamParts open(final FilesFacade files, final Path directory, final NativeLog log)
    {
        try
        {
            files.createDirectories(directory);
            final long committed = readCommit(files, directory);
            final List<DataPart> loaded = new ArrayList<>();
            for (final Path entry : files.list(directory, ""))
            {
                final String name = entry.getFileName().toString();
                if (name.startsWith(PartFiles.TEMPORARY_PREFIX))
                {
                    PartWriter.deleteDirectory(files, entry);
                    continue;
                }
                final PartName partName = PartName.parse(name);
                if (partName == null)
                {
                    continue;
                }
                if (partName.maxBlock() >= committed)
                {
                    // written by a compaction that crashed before its commit: the rows are still in the log
                    PartWriter.deleteDirectory(files, entry);
                    continue;
                }
                try
                {
                    loaded.add(DataPart.load(files, entry));
                }
                catch (final MuonException e)
                {
                    detach(files, directory, entry, e.getMessage());
                }
            }
            final List<DataPart> active = new ArrayList<>();
            for (final DataPart part : loaded)
            {
                boolean covered = false;
                for (final DataPart other : loaded)
                {
                    covered |= other.name().covers(part.name());
                }
                if (covered)
                {
                    // a merge finished but its sources were not yet deleted
                    PartWriter.deleteDirectory(files, part.directory());
                }
                else
                {
                    active.add(part);
                }
            }
            active.sort(Comparator.comparing(DataPart::name));
            return new StreamParts(files, directory, log, active, committed);
        }
        catch (final IOException e)
        {
            throw new MuonException(ErrorCodes.CANNOT_READ_ALL_DATA, "Cannot open the part store " + directory + ": " +
                e.getMessage());
        }
    }

    private static void detach(final FilesFacade files, final Path store, final Path part, final String why)
        throws IOException
    {
        final Path detached = store.resolve(PartFiles.DETACHED);
        files.createDirectories(detached);
        Path target = detached.resolve("broken_" + part.getFileName());
        for (int i = 1; files.exists(target); i++)
        {
            target = detached.resolve("broken_" + part.getFileName() + "_try" + i);
        }
        files.rename(part, target);
        System.err.println("Part " + part + " is broken and was moved to " + target + ": " + why);
    }

    private static long readCommit(final FilesFacade files, final Path directory) throws IOException
    {
        final Path file = directory.resolve(COMMIT_FILE);
        if (!files.exists(file))
        {
            return 0;
        }
        final String text = new String(files.readAll(file), StandardCharsets.US_ASCII).trim();
        try
        {
            return Long.parseLong(text);
        }
        catch (final NumberFormatException e)
        {
            throw new MuonException(ErrorCodes.CORRUPTED_DATA, "Bad commit point '" + text + "' in " + file);
        }
    }

    private void writeCommit(final long next) throws IOException
    {
        final Path temporary = directory.resolve(COMMIT_FILE + ".tmp");
        final FileChannel channel = files.openReadWrite(temporary, true);
        try
        {
            files.setLength(channel, 0);
            files.write(channel, ByteBuffer.wrap(Long.toString(next).getBytes(StandardCharsets.US_ASCII)), 0);
            files.fsync(channel);
        }
        finally
        {
            files.close(channel);
        }
        files.rename(temporary, directory.resolve(COMMIT_FILE));
        files.fsyncDirectory(directory);
    }

    public Path directory()
    {
        return directory;
    }

    public synchronized long committed()
    {
        return committed;
    }

    /** The active parts now (for the compaction thread's own planning; queries use {@link #snapshot()}). */
    public synchronized List<DataPart> active()
    {
        return List.copyOf(active);
    }

    /**
     * The parts a query reads and the sequence number its log read starts at; the log keeps every row from there
     * on until the snapshot is closed.
     */
    public synchronized PartSnapshot snapshot()
    {
        final List<DataPart> parts = new ArrayList<>(active.size());
        for (final DataPart part : active)
        {
            if (part.retain())
            {
                parts.add(part);
            }
        }
        final RetentionHold queryHold = log.holdFrom(committed);
        return new PartSnapshot(parts, committed, queryHold::close);
    }

    /**
     * Makes new level-0 parts (already written and fsynced) visible and moves the commit point to {@code next}:
     * the commit file is written first, so after a crash either all of them count or none does.
     */
    public void commit(final List<DataPart> parts, final long next)
    {
        synchronized (this)
        {
            try
            {
                writeCommit(next);
            }
            catch (final IOException e)
            {
                throw new MuonException(ErrorCodes.CANNOT_WRITE_TO_FILE_DESCRIPTOR, "Cannot write the commit point " +
                    "of " + directory + ": " + e.getMessage());
            }
            final List<DataPart> updated = new ArrayList<>(active);
            updated.addAll(parts);
            updated.sort(Comparator.comparing(DataPart::name));
            active = updated;
            committed = next;
        }
        hold.advanceTo(next);
    }

    /** Replaces merged parts by their merge result (null: the sources just go, e.g. expired by TTL). */
    public void replace(final List<DataPart> sources, final DataPart merged)
    {
        synchronized (this)
        {
            final List<DataPart> updated = new ArrayList<>(active);
            updated.removeAll(sources);
            if (merged != null)
            {
                updated.add(merged);
            }
            updated.sort(Comparator.comparing(DataPart::name));
            active = updated;
        }
        for (final DataPart source : sources)
        {
            source.retire();
        }
    }

    /**
     * Drops every part and moves the commit point to {@code next} (TRUNCATE): rows before it are no longer part of
     * the stream's history.
     */
    public void truncate(final long next)
    {
        final List<DataPart> dropped;
        synchronized (this)
        {
            try
            {
                writeCommit(Math.max(next, committed));
            }
            catch (final IOException e)
            {
                throw new MuonException(ErrorCodes.CANNOT_WRITE_TO_FILE_DESCRIPTOR, "Cannot write the commit point " +
                    "of " + directory + ": " + e.getMessage());
            }
            dropped = active;
            active = List.of();
            committed = Math.max(next, committed);
        }
        hold.advanceTo(committed);
        dropped.forEach(DataPart::retire);
    }

    /** Lets go of the store's references (parts stay on disk). */
    @Override
    public void close()
    {
        final List<DataPart> parts;
        synchronized (this)
        {
            if (closed)
            {
                return;
            }
            closed = true;
            parts = active;
            active = List.of();
        }
        hold.close();
        parts.forEach(DataPart::release);
    }
}
