package io.muon.kernel.state;

import net.openhft.chronicle.map.ChronicleMap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * The latest row of every primary key of one keyed stream (versioned_kv, changelog_kv), kept off the heap in a
 * persistent Chronicle Map file: encoded key to encoded row. One entry under the empty key is the map's own header:
 * a magic number, the schema fingerprint the rows were encoded with, and the sequence number before which every row
 * of the stream has been applied. What goes in and how rows compare is the caller's business (the map stores bytes).
 * <p>
 * A clean close leaves a seal beside the file ({@code <file>.sealed}: its length and CRC32C); opening takes a file
 * only when its seal matches, and removes the seal while the map is open. A file without a matching seal (a crash
 * while it was open, a damaged or foreign file), or written for another schema, is deleted and made anew, empty
 * (applied from sequence 0), with the problem passed to the caller's log: the map is a cache of the stream's rows
 * and is rebuilt from them. (Chronicle Map itself is never handed a file it did not close cleanly: it can wait
 * forever on a damaged header.) A map close to the entries it was sized for is made anew twice as
 * large, also empty, for the caller to fill again. Writes come from one thread at a time; reads from any.
 */
public final class LatestRowMap implements AutoCloseable
{
    private static final byte[] HEADER_KEY = new byte[0];
    private static final long MAGIC = 0x4d554f4e4c415354L;
    private static final int HEADER_LENGTH = 8 + 8 + 8 + 8;
    private static final long MIN_ENTRIES = 1 << 16;
    /** How far past its sized entries Chronicle Map may grow (extra tiers, a little slower), and when it is full. */
    private static final double MAX_BLOAT = 16;
    private static final long FULL_AT = 8;

    static
    {
        if (System.getProperty("chronicle.analytics.disable") == null)
        {
            System.setProperty("chronicle.analytics.disable", "true");
        }
    }

    private final Path file;
    private final String fingerprint;
    private final long entries;
    private final ChronicleMap<byte[], byte[]> map;
    private long applied;

    private LatestRowMap(final Path file, final String fingerprint, final long entries,
        final ChronicleMap<byte[], byte[]> map, final long applied)
    {
        this.file = file;
        this.fingerprint = fingerprint;
        this.entries = entries;
        this.map = map;
        this.applied = applied;
    }

    /**
     * Opens the map in {@code file}, or makes it (for about {@code expectedEntries} keys of {@code averageKeyBytes}
     * and rows of {@code averageRowBytes}) when it is missing, damaged or of another {@code fingerprint}; {@code
     * problems} hears why an existing file was not used.
     */
    public static LatestRowMap open(final Path file, final String fingerprint, final long expectedEntries,
        final int averageKeyBytes, final int averageRowBytes, final Consumer<String> problems)
    {
        if (Files.exists(file))
        {
            final String unsealed = unsealed(file);
            final LatestRowMap existing = unsealed == null ? tryOpen(file, fingerprint, problems) : null;
            if (unsealed != null)
            {
                problems.accept("latest-row map " + file + " " + unsealed + ": made anew from the stream");
            }
            if (existing != null)
            {
                unseal(file);
                return existing;
            }
            delete(file);
        }
        unseal(file);
        return create(file, fingerprint, Math.max(MIN_ENTRIES, expectedEntries), averageKeyBytes, averageRowBytes);
    }

    private static LatestRowMap tryOpen(final Path file, final String fingerprint, final Consumer<String> problems)
    {
        final ChronicleMap<byte[], byte[]> map;
        try
        {
            // closed by its owner, which seals it: Chronicle Map's own exit hook would close it unsealed first
            map = ChronicleMap.of(byte[].class, byte[].class).skipCloseOnExitHook(true)
                .recoverPersistedTo(file.toFile(), true);
        }
        catch (final IOException | RuntimeException e)
        {
            problems.accept("latest-row map " + file + " does not open (" + e + "): made anew from the stream");
            return null;
        }
        final byte[] header = map.get(HEADER_KEY);
        final ByteBuffer read = header == null || header.length < HEADER_LENGTH ? null :
            ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        final String stored = read == null ? null : new String(header, HEADER_LENGTH, header.length - HEADER_LENGTH,
            StandardCharsets.UTF_8);
        if (read == null || read.getLong(0) != MAGIC || !fingerprint.equals(stored))
        {
            map.close();
            problems.accept("latest-row map " + file + (read == null || read.getLong(0) != MAGIC ?
                " has no header" : " was written for another schema") + ": made anew from the stream");
            return null;
        }
        return new LatestRowMap(file, fingerprint, read.getLong(8), map, read.getLong(16));
    }

    private static LatestRowMap create(final Path file, final String fingerprint, final long entries,
        final int averageKeyBytes, final int averageRowBytes)
    {
        try
        {
            Files.createDirectories(file.getParent());
            final ChronicleMap<byte[], byte[]> map = ChronicleMap.of(byte[].class, byte[].class)
                .skipCloseOnExitHook(true)
                .name(file.getFileName().toString())
                .entries(entries)
                .maxBloatFactor(MAX_BLOAT)
                .averageKeySize(Math.max(1, averageKeyBytes))
                .averageValueSize(Math.max(HEADER_LENGTH + fingerprint.length(), averageRowBytes))
                .createPersistedTo(file.toFile());
            final LatestRowMap created = new LatestRowMap(file, fingerprint, entries, map, 0);
            created.writeHeader();
            return created;
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot make latest-row map " + file, e);
        }
    }

    private void writeHeader()
    {
        final byte[] name = fingerprint.getBytes(StandardCharsets.UTF_8);
        final ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH + name.length).order(ByteOrder.LITTLE_ENDIAN);
        header.putLong(MAGIC).putLong(entries).putLong(applied).putLong(0).put(name);
        map.put(HEADER_KEY, header.array());
    }

    private static Path seal(final Path file)
    {
        return file.resolveSibling(file.getFileName() + ".sealed");
    }

    /** Why {@code file} is not as a clean close left it, or null when its seal matches. */
    private static String unsealed(final Path file)
    {
        final Path seal = seal(file);
        try
        {
            if (!Files.exists(seal))
            {
                return "was not closed cleanly (no seal)";
            }
            final byte[] stored = Files.readAllBytes(seal);
            if (stored.length != 16)
            {
                return "has a damaged seal";
            }
            final ByteBuffer read = ByteBuffer.wrap(stored).order(ByteOrder.LITTLE_ENDIAN);
            final long length = Files.size(file);
            if (read.getLong(0) != length || read.getLong(8) != checksum(file))
            {
                return "does not match its seal";
            }
            return null;
        }
        catch (final IOException e)
        {
            return "cannot be checked (" + e + ")";
        }
    }

    private static long checksum(final Path file) throws IOException
    {
        final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        final ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file))
        {
            while (channel.read(buffer.clear()) > 0)
            {
                crc.update(buffer.flip());
            }
        }
        return crc.getValue();
    }

    private static void unseal(final Path file)
    {
        try
        {
            Files.deleteIfExists(seal(file));
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot remove the seal of latest-row map " + file, e);
        }
    }

    /** Writes the seal of the closed map's file: its length and checksum, fsynced, then renamed into place. */
    private static void writeSeal(final Path file) throws IOException
    {
        final ByteBuffer seal = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        seal.putLong(Files.size(file)).putLong(checksum(file)).flip();
        final Path temporary = file.resolveSibling(file.getFileName() + ".sealed.tmp");
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(temporary,
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING,
            java.nio.file.StandardOpenOption.WRITE))
        {
            while (seal.hasRemaining())
            {
                channel.write(seal);
            }
            channel.force(true);
        }
        Files.move(temporary, seal(file), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Deletes the map's file (the caller closed it, or it never opened). */
    public static void delete(final Path file)
    {
        try
        {
            Files.deleteIfExists(file);
            Files.deleteIfExists(seal(file));
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot delete latest-row map " + file, e);
        }
    }

    /** Every row of the stream before this sequence number has been applied. */
    public long applied()
    {
        return applied;
    }

    /** Notes that every row before {@code sequence} has been applied (kept in the file with the rows). */
    public void applied(final long sequence)
    {
        applied = sequence;
        writeHeader();
    }

    /** The encoded row of {@code key}, or null. */
    public byte[] get(final byte[] key)
    {
        return key.length == 0 ? null : map.get(key);
    }

    /** Sets the row of {@code key} (not empty). */
    public void put(final byte[] key, final byte[] row)
    {
        if (key.length == 0)
        {
            throw new IllegalArgumentException("an empty key is the map's header");
        }
        map.put(key, row);
    }

    /**
     * Puts {@code row} under {@code key} (not empty) unless the key has a row and {@code keepStored} says it stays
     * (it sees the stored row in place, valid during the call): one lookup, under the key's segment lock, with no copy
     * of the stored row. Returns whether it put.
     */
    public boolean putUnless(final byte[] key, final byte[] row,
        final java.util.function.Predicate<org.agrona.DirectBuffer> keepStored)
    {
        if (key.length == 0)
        {
            throw new IllegalArgumentException("an empty key is the map's header");
        }
        try (net.openhft.chronicle.map.ExternalMapQueryContext<byte[], byte[], ?> query = map.queryContext(key))
        {
            query.updateLock().lock();
            final net.openhft.chronicle.map.MapEntry<byte[], byte[]> entry = query.entry();
            if (entry == null)
            {
                query.absentEntry().doInsert(query.wrapValueAsData(row));
                return true;
            }
            final net.openhft.chronicle.hash.Data<byte[]> stored = entry.value();
            storedView.wrap(stored.bytes().addressForRead(stored.offset()), (int)stored.size());
            if (keepStored.test(storedView))
            {
                return false;
            }
            entry.doReplaceValue(query.wrapValueAsData(row));
            return true;
        }
    }

    /** The stored row {@link #putUnless} shows its caller (one writer thread). */
    private final org.agrona.concurrent.UnsafeBuffer storedView = new org.agrona.concurrent.UnsafeBuffer(0, 0);

    /** Keys with a row. */
    public long size()
    {
        return map.size() - 1;
    }

    /**
     * Whether the map holds so many keys that it should be made anew, larger ({@link #resized}): {@value #FULL_AT}
     * times the keys it was sized for (it grows past them in extra tiers, up to twice that).
     */
    public boolean full()
    {
        return size() >= entries * FULL_AT;
    }

    /** Closes this map, deletes it and makes it anew, empty, for {@code keys} keys. */
    public LatestRowMap resized(final long keys, final int averageKeyBytes, final int averageRowBytes)
    {
        close();
        delete(file);
        return create(file, fingerprint, Math.max(MIN_ENTRIES, keys), averageKeyBytes, averageRowBytes);
    }

    /** The keys the map was sized for. */
    public long capacity()
    {
        return entries;
    }

    /** The rows, in no order; a row put meanwhile may or may not be among them. */
    public Iterator<byte[]> rows()
    {
        final Iterator<java.util.Map.Entry<byte[], byte[]>> entries = map.entrySet().iterator();
        return new Iterator<>()
        {
            private byte[] next = advance();

            private byte[] advance()
            {
                while (entries.hasNext())
                {
                    final java.util.Map.Entry<byte[], byte[]> entry = entries.next();
                    if (entry.getKey().length > 0)
                    {
                        return entry.getValue();
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext()
            {
                return next != null;
            }

            @Override
            public byte[] next()
            {
                if (next == null)
                {
                    throw new java.util.NoSuchElementException();
                }
                final byte[] row = next;
                next = advance();
                return row;
            }
        };
    }

    public Path file()
    {
        return file;
    }

    /** Closes the map and seals its file, so the next open takes it as it is. */
    @Override
    public void close()
    {
        if (map.isOpen())
        {
            map.close();
            try
            {
                writeSeal(file);
            }
            catch (final IOException e)
            {
                throw new UncheckedIOException("cannot seal latest-row map " + file, e);
            }
        }
    }

    @Override
    public String toString()
    {
        return "LatestRowMap[" + file + ", " + size() + " of " + entries + " keys, applied " + applied + "]";
    }
}
