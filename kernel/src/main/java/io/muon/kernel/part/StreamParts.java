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
 * and the commit point ({@code commit.txt}: the first sequence number not in a part, then the truncation floor: parts
 * wholly before it were dropped by TRUNCATE). Opening it recovers from any crash: temporary folders are removed, parts
 * beyond the commit point (written by a compaction that did not commit) or before the floor (truncated) are deleted,
 * parts covered by a merged part are deleted, and a part that fails to load is moved to {@code detached/}. The
 * compaction thread changes the set; queries take {@link PartSnapshot}s. Thread-safe.
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
    private long floor;
    private boolean closed;
    private boolean dropped;
    private List<DataPart> retired = List.of();

    private StreamParts(final FilesFacade files, final Path directory, final NativeLog log, final List<DataPart> active,
        final long committed, final long floor)
    {
        this.files = files;
        this.directory = directory;
        this.log = log;
        this.active = active;
        this.committed = committed;
        this.floor = floor;
        this.hold = log.holdFrom(committed);
    }

    /** Opens (and recovers) the store of the stream whose log is {@code log}. */
    public static StreamParts open(final FilesFacade files, final Path directory, final NativeLog log)
    {
        try
        {
            files.createDirectories(directory);
            final long[] commit = readCommit(files, directory);
            final long committed = commit[0];
            final long floor = commit[1];
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
                if (partName.maxBlock() < floor)
                {
                    // dropped by a TRUNCATE that committed its floor but crashed before deleting it
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
            return new StreamParts(files, directory, log, active, committed, floor);
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

    /** The commit point and the truncation floor (0 when the file has only the commit point, as older stores do). */
    private static long[] readCommit(final FilesFacade files, final Path directory) throws IOException
    {
        final Path file = directory.resolve(COMMIT_FILE);
        if (!files.exists(file))
        {
            return new long[] {0, 0};
        }
        final String text = new String(files.readAll(file), StandardCharsets.US_ASCII).trim();
        final String[] fields = text.split("\\s+");
        try
        {
            final long committed = Long.parseLong(fields[0]);
            final long floor = fields.length > 1 ? Long.parseLong(fields[1]) : 0;
            if (fields.length > 2 || committed < 0 || floor < 0 || floor > committed)
            {
                throw new NumberFormatException(text);
            }
            return new long[] {committed, floor};
        }
        catch (final NumberFormatException e)
        {
            throw new MuonException(ErrorCodes.CORRUPTED_DATA, "Bad commit point '" + text + "' in " + file);
        }
    }

    private void writeCommit(final long next, final long truncatedBefore) throws IOException
    {
        final Path temporary = directory.resolve(COMMIT_FILE + ".tmp");
        final FileChannel channel = files.openReadWrite(temporary, true);
        try
        {
            files.setLength(channel, 0);
            final String text = next + "\n" + truncatedBefore + "\n";
            files.write(channel, ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)), 0);
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
                writeCommit(next, floor);
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
     * the stream's history. The commit file records {@code next} as the floor first, so a crash before the parts are
     * deleted still drops them at the next start.
     */
    public void truncate(final long next)
    {
        final List<DataPart> dropped;
        synchronized (this)
        {
            final long point = Math.max(next, committed);
            try
            {
                writeCommit(point, point);
            }
            catch (final IOException e)
            {
                throw new MuonException(ErrorCodes.CANNOT_WRITE_TO_FILE_DESCRIPTOR, "Cannot write the commit point " +
                    "of " + directory + ": " + e.getMessage());
            }
            dropped = active;
            active = List.of();
            committed = point;
            floor = point;
        }
        hold.advanceTo(committed);
        dropped.forEach(DataPart::retire);
    }

    /**
     * Marks the store as dropped (DROP STREAM): {@link #close()} then retires every part instead of keeping it, so
     * each part's directory goes as soon as the last query reading it lets go.
     */
    public synchronized void markDropped()
    {
        dropped = true;
    }

    /**
     * Lets go of the store's references: the parts stay on disk, or, once {@link #markDropped()}, are deleted when no
     * query reads them any more.
     */
    @Override
    public void close()
    {
        final List<DataPart> parts;
        final boolean delete;
        synchronized (this)
        {
            if (closed)
            {
                return;
            }
            closed = true;
            parts = active;
            active = List.of();
            delete = dropped;
        }
        hold.close();
        if (delete)
        {
            retired = parts;
        }
        parts.forEach(delete ? DataPart::retire : DataPart::release);
    }

    /** Directories of this store's parts that are still on disk because a query reads them. */
    public synchronized List<Path> heldDirectories()
    {
        final List<Path> held = new ArrayList<>();
        for (final DataPart part : retired)
        {
            if (part.held())
            {
                held.add(part.directory());
            }
        }
        return held;
    }
}
