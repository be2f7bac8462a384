package io.muon.kernel.catalog;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.log.LogException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The durable catalog under {@code <data>/catalog/}: databases, streams, views, materialized views, external
 * streams and users. Every DDL builds a new immutable {@link CatalogSnapshot} and makes it durable before anyone
 * sees it: the whole snapshot is written to {@code catalog.json.tmp}, fsynced, the current file is renamed to
 * {@code catalog.json.prev}, the new one renamed into place and the directory fsynced. Opening reads the newest file
 * whose checksum holds, so a crash at any point leaves either the old or the new catalog, never a broken one.
 * <p>
 * DDL methods are synchronized (one change at a time); {@link #snapshot()} is a volatile read that never blocks.
 */
public final class Catalog
{
    public static final String FILE = "catalog.json";
    public static final String PREVIOUS = "catalog.json.prev";
    public static final String TEMPORARY = "catalog.json.tmp";
    public static final String DEFAULT_DATABASE = "default";
    /** Databases that exist without being stored: their tables are computed. */
    public static final Set<String> VIRTUAL_DATABASES = Set.of("system", "information_schema", "INFORMATION_SCHEMA");

    private static final System.Logger LOG = System.getLogger(Catalog.class.getName());
    private static final String CHECKSUM_PREFIX = "#crc32c ";

    private final Path directory;
    private final FilesFacade files;
    private volatile CatalogSnapshot snapshot;

    private Catalog(final Path directory, final FilesFacade files, final CatalogSnapshot snapshot)
    {
        this.directory = directory;
        this.files = files;
        this.snapshot = snapshot;
    }

    /**
     * Opens the catalog in {@code directory}, creating it with the {@code default} database if there is none.
     *
     * @throws LogException if no catalog file is readable although some exist (the message lists what is wrong).
     */
    public static Catalog open(final Path directory, final FilesFacade files)
    {
        try
        {
            files.createDirectories(directory);
            CatalogSnapshot best = null;
            final List<String> problems = new ArrayList<>();
            for (final String name : new String[] {FILE, TEMPORARY, PREVIOUS})
            {
                final Path file = directory.resolve(name);
                if (!files.exists(file))
                {
                    continue;
                }
                try
                {
                    final CatalogSnapshot candidate = read(files, file);
                    if (best == null || candidate.version() > best.version())
                    {
                        best = candidate;
                    }
                }
                catch (final IOException | RuntimeException e)
                {
                    problems.add(name + ": " + e.getMessage());
                    LOG.log(System.Logger.Level.WARNING, "catalog {0}: ignoring {1}: {2}", directory, name, e.getMessage());
                }
            }
            if (best == null && !problems.isEmpty())
            {
                throw new LogException("catalog " + directory + " has no readable version: " + String.join("; ", problems));
            }
            final Catalog catalog;
            if (best == null)
            {
                final SortedMap<String, SortedMap<String, CatalogObject>> databases = new TreeMap<>();
                databases.put(DEFAULT_DATABASE, new TreeMap<>());
                catalog = new Catalog(directory, files, new CatalogSnapshot(0, 1, databases, new TreeMap<>()));
                catalog.commit(new CatalogSnapshot(1, 1, databases, new TreeMap<>()));
            }
            else
            {
                catalog = new Catalog(directory, files, best);
                if (!problems.isEmpty() || files.exists(directory.resolve(TEMPORARY)))
                {
                    // make the version we chose the current file again, so the next change starts clean
                    catalog.commit(new CatalogSnapshot(best.version() + 1, best.nextId(), best.databaseMap(), best.users()));
                }
            }
            return catalog;
        }
        catch (final IOException e)
        {
            throw new LogException("cannot open catalog " + directory + ": " + e.getMessage(), e);
        }
    }

    private static CatalogSnapshot read(final FilesFacade files, final Path file) throws IOException
    {
        final String text = new String(files.readAll(file), StandardCharsets.UTF_8);
        final int mark = text.lastIndexOf('\n' + CHECKSUM_PREFIX);
        if (mark < 0 || !text.endsWith("\n"))
        {
            throw new IOException("no checksum line (torn write?)");
        }
        final String json = text.substring(0, mark + 1);
        final String[] parts = text.substring(mark + 1 + CHECKSUM_PREFIX.length(), text.length() - 1).split(" ");
        final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        if (parts.length != 2 || !parts[1].equals(Integer.toString(bytes.length)) ||
            !parts[0].equals(Integer.toHexString(crc(bytes))))
        {
            throw new IOException("checksum mismatch");
        }
        return CatalogCodec.decode(json);
    }

    private static int crc(final byte[] bytes)
    {
        final CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length);
        return (int)crc.getValue();
    }

    /** The current version; never blocks. */
    public CatalogSnapshot snapshot()
    {
        return snapshot;
    }

    public Path directory()
    {
        return directory;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // DDL

    /** CREATE DATABASE [IF NOT EXISTS]. @return true if created. */
    public synchronized boolean createDatabase(final String name, final boolean ifNotExists)
    {
        checkName(name, "database");
        final CatalogSnapshot current = snapshot;
        if (current.hasDatabase(name) || VIRTUAL_DATABASES.contains(name))
        {
            if (ifNotExists)
            {
                return false;
            }
            throw new MuonException(ErrorCodes.DATABASE_ALREADY_EXISTS, "Database " + name + " already exists.");
        }
        final SortedMap<String, SortedMap<String, CatalogObject>> databases = new TreeMap<>(current.databaseMap());
        databases.put(name, new TreeMap<>());
        commit(next(current, current.nextId(), databases, current.users()));
        return true;
    }

    /**
     * DROP DATABASE [IF EXISTS]: removes the database and every object in it.
     *
     * @return the dropped objects (their data is the caller's to remove), or an empty list.
     */
    public synchronized List<CatalogObject> dropDatabase(final String name, final boolean ifExists)
    {
        final CatalogSnapshot current = snapshot;
        if (VIRTUAL_DATABASES.contains(name))
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Cannot drop database " + name);
        }
        if (!current.hasDatabase(name))
        {
            if (ifExists)
            {
                return List.of();
            }
            throw unknownDatabase(name);
        }
        final List<CatalogObject> dropped = new ArrayList<>(current.objects(name).values());
        final SortedMap<String, SortedMap<String, CatalogObject>> databases = new TreeMap<>(current.databaseMap());
        databases.remove(name);
        commit(next(current, current.nextId(), databases, current.users()));
        return dropped;
    }

    /**
     * CREATE [OR REPLACE] … [IF NOT EXISTS]: adds the object with a fresh id.
     *
     * @return the object as stored (with its id), or the existing one when IF NOT EXISTS found it.
     */
    public synchronized CatalogObject create(final CatalogObject object, final boolean ifNotExists, final boolean orReplace)
    {
        checkName(object.name(), object.kind().noun());
        final CatalogSnapshot current = snapshot;
        if (!current.hasDatabase(object.database()))
        {
            throw unknownDatabase(object.database());
        }
        final CatalogObject existing = current.find(object.database(), object.name());
        if (existing != null && !orReplace)
        {
            if (ifNotExists)
            {
                return existing;
            }
            throw new MuonException(ErrorCodes.TABLE_ALREADY_EXISTS,
                capitalized(existing.kind()) + " " + existing.qualifiedName() + " already exists.");
        }
        final CatalogObject stored = object.withId(current.nextId());
        final SortedMap<String, SortedMap<String, CatalogObject>> databases = withObject(current, stored);
        commit(next(current, current.nextId() + 1, databases, current.users()));
        return stored;
    }

    /**
     * DROP STREAM|VIEW … [IF EXISTS]. {@code kinds} are the kinds the statement may drop.
     *
     * @return the dropped object, or null if IF EXISTS found none.
     */
    public synchronized CatalogObject drop(final String database, final String name, final Set<ObjectKind> kinds,
        final boolean ifExists)
    {
        final CatalogSnapshot current = snapshot;
        if (!current.hasDatabase(database))
        {
            if (ifExists)
            {
                return null;
            }
            throw unknownDatabase(database);
        }
        final CatalogObject existing = current.find(database, name);
        if (existing == null)
        {
            if (ifExists)
            {
                return null;
            }
            throw unknownObject(database, name, kinds);
        }
        if (!kinds.contains(existing.kind()))
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, existing.qualifiedName() + " is a " +
                existing.kind().noun() + ", not a " + kinds.iterator().next().noun());
        }
        final SortedMap<String, SortedMap<String, CatalogObject>> databases = new TreeMap<>(current.databaseMap());
        final SortedMap<String, CatalogObject> objects = new TreeMap<>(databases.get(database));
        objects.remove(name);
        databases.put(database, objects);
        commit(next(current, current.nextId(), databases, current.users()));
        return existing;
    }

    /** RENAME STREAM db.a TO db2.b: same id, new name. @return the renamed object. */
    public synchronized CatalogObject rename(final String database, final String name, final String newDatabase,
        final String newName)
    {
        checkName(newName, "stream");
        final CatalogSnapshot current = snapshot;
        if (!current.hasDatabase(database))
        {
            throw unknownDatabase(database);
        }
        if (!current.hasDatabase(newDatabase))
        {
            throw unknownDatabase(newDatabase);
        }
        final CatalogObject existing = current.find(database, name);
        if (existing == null)
        {
            throw unknownObject(database, name, Set.of(ObjectKind.STREAM));
        }
        final CatalogObject clash = current.find(newDatabase, newName);
        if (clash != null)
        {
            throw new MuonException(ErrorCodes.TABLE_ALREADY_EXISTS,
                capitalized(clash.kind()) + " " + clash.qualifiedName() + " already exists.");
        }
        final CatalogObject renamed = existing.withName(newDatabase, newName);
        final SortedMap<String, SortedMap<String, CatalogObject>> databases = new TreeMap<>(current.databaseMap());
        final SortedMap<String, CatalogObject> from = new TreeMap<>(databases.get(database));
        from.remove(name);
        databases.put(database, from);
        final SortedMap<String, CatalogObject> to = new TreeMap<>(databases.get(newDatabase));
        to.put(newName, renamed);
        databases.put(newDatabase, to);
        commit(next(current, current.nextId(), databases, current.users()));
        return renamed;
    }

    /** ALTER: replaces an object (same id) with its new definition and the next schema version. */
    public synchronized CatalogObject alter(final CatalogObject updated)
    {
        final CatalogSnapshot current = snapshot;
        final CatalogObject existing = current.find(updated.database(), updated.name());
        if (existing == null)
        {
            throw unknownObject(updated.database(), updated.name(), Set.of(updated.kind()));
        }
        final CatalogObject stored = updated.withId(existing.id()).withSchemaVersion(existing.schemaVersion() + 1);
        commit(next(current, current.nextId(), withObject(current, stored), current.users()));
        return stored;
    }

    /** CREATE USER [IF NOT EXISTS]. @return true if created. */
    public synchronized boolean createUser(final UserEntry user, final boolean ifNotExists)
    {
        checkName(user.name(), "user");
        final CatalogSnapshot current = snapshot;
        if (current.users().containsKey(user.name()))
        {
            if (ifNotExists)
            {
                return false;
            }
            throw new MuonException(ErrorCodes.ACCESS_ENTITY_ALREADY_EXISTS, "user `" + user.name() + "`: cannot insert " +
                "because user `" + user.name() + "` already exists");
        }
        final SortedMap<String, UserEntry> users = new TreeMap<>(current.users());
        users.put(user.name(), user);
        commit(next(current, current.nextId(), current.databaseMap(), users));
        return true;
    }

    /** DROP USER [IF EXISTS]. @return true if dropped. */
    public synchronized boolean dropUser(final String name, final boolean ifExists)
    {
        final CatalogSnapshot current = snapshot;
        if (!current.users().containsKey(name))
        {
            if (ifExists)
            {
                return false;
            }
            throw new MuonException(ErrorCodes.ACCESS_ENTITY_NOT_FOUND, "There is no user `" + name + "`");
        }
        final SortedMap<String, UserEntry> users = new TreeMap<>(current.users());
        users.remove(name);
        commit(next(current, current.nextId(), current.databaseMap(), users));
        return true;
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static CatalogSnapshot next(final CatalogSnapshot current, final long nextId,
        final SortedMap<String, SortedMap<String, CatalogObject>> databases, final SortedMap<String, UserEntry> users)
    {
        return new CatalogSnapshot(current.version() + 1, nextId, databases, users);
    }

    private static SortedMap<String, SortedMap<String, CatalogObject>> withObject(final CatalogSnapshot current,
        final CatalogObject object)
    {
        final SortedMap<String, SortedMap<String, CatalogObject>> databases = new TreeMap<>(current.databaseMap());
        final SortedMap<String, CatalogObject> objects = new TreeMap<>(databases.get(object.database()));
        objects.put(object.name(), object);
        databases.put(object.database(), objects);
        return databases;
    }

    /** Makes {@code next} durable, then current. On failure nothing changes, in memory or on disk. */
    private void commit(final CatalogSnapshot next)
    {
        final byte[] json = CatalogCodec.encode(next).concat("\n").getBytes(StandardCharsets.UTF_8);
        final byte[] trailer = (CHECKSUM_PREFIX + Integer.toHexString(crc(json)) + " " + json.length + "\n")
            .getBytes(StandardCharsets.UTF_8);
        final Path temporary = directory.resolve(TEMPORARY);
        final Path file = directory.resolve(FILE);
        try
        {
            final FileChannel channel = files.openReadWrite(temporary, true);
            try
            {
                files.setLength(channel, 0);
                final ByteBuffer data = ByteBuffer.allocate(json.length + trailer.length);
                data.put(json).put(trailer).flip();
                files.write(channel, data, 0);
                files.fsync(channel);
            }
            finally
            {
                files.close(channel);
            }
            if (files.exists(file))
            {
                files.rename(file, directory.resolve(PREVIOUS));
            }
            files.rename(temporary, file);
            files.fsyncDirectory(directory);
        }
        catch (final IOException | RuntimeException e)
        {
            try
            {
                files.delete(temporary);
            }
            catch (final IOException | RuntimeException ignored)
            {
                // the newer version stays unacknowledged; open() may still pick it up, which is allowed
            }
            throw new MuonException(ErrorCodes.CANNOT_WRITE_TO_FILE_DESCRIPTOR,
                "Cannot write catalog " + directory + ": " + e.getMessage(), e);
        }
        snapshot = next;
    }

    private static void checkName(final String name, final String what)
    {
        if (name == null || name.isEmpty())
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Empty " + what + " name");
        }
        if (name.length() > 255)
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "The " + what + " name is longer than 255 characters");
        }
        for (int i = 0; i < name.length(); i++)
        {
            if (name.charAt(i) < 0x20)
            {
                throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "The " + what + " name contains a control character");
            }
        }
    }

    private static MuonException unknownDatabase(final String name)
    {
        return new MuonException(ErrorCodes.UNKNOWN_DATABASE, "Database " + name + " doesn't exist");
    }

    private MuonException unknownObject(final String database, final String name, final Set<ObjectKind> kinds)
    {
        final String noun = kinds.size() == 1 ? capitalized(kinds.iterator().next()) : "Stream";
        final StringBuilder message = new StringBuilder(noun + " " + database + "." + name + " doesn't exist");
        final String hint = closest(snapshot.objects(database).keySet(), name);
        if (hint != null)
        {
            message.append(". Maybe you meant ").append(database).append('.').append(hint);
        }
        return new MuonException(ErrorCodes.UNKNOWN_TABLE, message.toString());
    }

    private static String capitalized(final ObjectKind kind)
    {
        final String noun = kind.noun();
        return Character.toUpperCase(noun.charAt(0)) + noun.substring(1);
    }

    /** The closest name within a small edit distance, for "Maybe you meant" hints; null if none is close. */
    public static String closest(final Iterable<String> candidates, final String name)
    {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (final String candidate : candidates)
        {
            final int distance = io.muon.kernel.util.EditDistance.of(candidate.toLowerCase(), name.toLowerCase());
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }
        return best != null && bestDistance <= Math.max(1, Math.min(3, name.length() / 3)) ? best : null;
    }
}
