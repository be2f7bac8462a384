package io.muon.kernel.part;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeParser;
import io.muon.kernel.vector.Vector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A part on disk, loaded: its name, columns, row count, checksums and (read on demand, then kept) marks and index
 * files. Loading checks that every file checksums.txt lists is there with its size, as ClickHouse does when it
 * loads a part; {@link PartVerifier} checks the hashes. Reference-counted: the store holds one reference while the
 * part is active, each query reading it one more; the directory is deleted when the part has been replaced (merged,
 * dropped) and the last reference goes. Thread-safe.
 */
public final class DataPart
{
    /** One column as columns.txt lists it. */
    public record Column(String name, DataType type)
    {
    }

    private final FilesFacade files;
    private final Path directory;
    private final PartName name;
    private final List<Column> columns;
    private final long rows;
    private final PartChecksums checksums;
    private final Map<String, byte[]> marks = new ConcurrentHashMap<>();
    private final AtomicInteger references = new AtomicInteger(1);
    private volatile boolean obsolete;

    private DataPart(final FilesFacade files, final Path directory, final PartName name, final List<Column> columns,
        final long rows, final PartChecksums checksums)
    {
        this.files = files;
        this.directory = directory;
        this.name = name;
        this.columns = List.copyOf(columns);
        this.rows = rows;
        this.checksums = checksums;
    }

    /** Loads the part in {@code directory} (named as a part); fails with a ClickHouse error naming what is wrong. */
    public static DataPart load(final FilesFacade files, final Path directory)
    {
        final String folder = directory.getFileName().toString();
        final PartName name = PartName.parse(folder);
        if (name == null)
        {
            throw new MuonException(ErrorCodes.CORRUPTED_DATA, "Not a part directory name: " + folder);
        }
        final byte[] columnsText = read(files, directory, PartFiles.COLUMNS);
        final List<Column> columns = parseColumns(new String(columnsText, StandardCharsets.UTF_8), directory);
        final PartChecksums checksums = PartChecksums.decode(read(files, directory, PartFiles.CHECKSUMS),
            directory.resolve(PartFiles.CHECKSUMS).toString());
        for (final Map.Entry<String, PartChecksums.Entry> file : checksums.entries().entrySet())
        {
            final Path path = directory.resolve(file.getKey());
            final long size;
            try
            {
                size = files.exists(path) ? files.length(path) : -1;
            }
            catch (final IOException e)
            {
                throw new MuonException(ErrorCodes.CANNOT_READ_ALL_DATA, "Cannot read " + path + ": " + e.getMessage());
            }
            if (size < 0)
            {
                throw new MuonException(ErrorCodes.FILE_DOESNT_EXIST, "No file " + file.getKey() + " in part " +
                    directory + " although checksums.txt lists it");
            }
            if (size != file.getValue().size())
            {
                throw new MuonException(ErrorCodes.CORRUPTED_DATA, "File " + path + " has " + size + " bytes, " +
                    "checksums.txt says " + file.getValue().size());
            }
        }
        final long rows;
        final String count = new String(read(files, directory, PartFiles.COUNT), StandardCharsets.US_ASCII).trim();
        try
        {
            rows = Long.parseLong(count);
        }
        catch (final NumberFormatException e)
        {
            throw new MuonException(ErrorCodes.CORRUPTED_DATA, "Bad count.txt in part " + directory + ": '" + count +
                "'");
        }
        if (rows < 0 || rows > Integer.MAX_VALUE)
        {
            throw new MuonException(ErrorCodes.CORRUPTED_DATA, "Bad row count " + rows + " in part " + directory);
        }
        final DataPart part = new DataPart(files, directory, name, columns, rows, checksums);
        for (final Column column : columns)
        {
            ColumnCodec.streams(column.name(), column.type(), stream ->
            {
                if (!checksums.entries().containsKey(stream + PartFiles.BIN) ||
                    !checksums.entries().containsKey(stream + PartFiles.MARKS))
                {
                    throw new MuonException(ErrorCodes.FILE_DOESNT_EXIST, "No file " + stream + PartFiles.BIN +
                        " or " + stream + PartFiles.MARKS + " listed in part " + directory + " for column " +
                        column.name());
                }
            });
        }
        return part;
    }

    static byte[] read(final FilesFacade files, final Path directory, final String file)
    {
        final Path path = directory.resolve(file);
        if (!files.exists(path))
        {
            throw new MuonException(ErrorCodes.FILE_DOESNT_EXIST, "No file " + file + " in part " + directory);
        }
        try
        {
            return files.readAll(path);
        }
        catch (final IOException e)
        {
            throw new MuonException(ErrorCodes.CANNOT_READ_ALL_DATA, "Cannot read " + path + ": " + e.getMessage());
        }
    }

    /** Parses columns.txt: {@code columns format version: 1}, {@code N columns:}, then {@code `name` Type} lines. */
    static List<Column> parseColumns(final String text, final Path directory)
    {
        final String[] lines = text.split("\n");
        if (lines.length < 2 || !lines[0].equals("columns format version: 1") || !lines[1].endsWith(" columns:"))
        {
            throw new MuonException(ErrorCodes.CORRUPTED_DATA, "Bad columns.txt in part " + directory);
        }
        final int count;
        try
        {
            count = Integer.parseInt(lines[1].substring(0, lines[1].length() - " columns:".length()));
        }
        catch (final NumberFormatException e)
        {
            throw new MuonException(ErrorCodes.CORRUPTED_DATA, "Bad column count in columns.txt of part " + directory);
        }
        if (count != lines.length - 2)
        {
            throw new MuonException(ErrorCodes.CORRUPTED_DATA, "columns.txt of part " + directory + " announces " +
                count + " columns and lists " + (lines.length - 2));
        }
        final List<Column> columns = new ArrayList<>();
        for (int i = 2; i < lines.length; i++)
        {
            final String line = lines[i];
            if (!line.startsWith("`"))
            {
                throw new MuonException(ErrorCodes.CORRUPTED_DATA, "Bad line in columns.txt of part " + directory +
                    ": " + line);
            }
            final StringBuilder columnName = new StringBuilder();
            int at = 1;
            while (at < line.length() && line.charAt(at) != '`')
            {
                if (line.charAt(at) == '\\' && at + 1 < line.length())
                {
                    at++;
                }
                columnName.append(line.charAt(at++));
            }
            if (at + 2 > line.length() || line.charAt(at + 1) != ' ')
            {
                throw new MuonException(ErrorCodes.CORRUPTED_DATA, "Bad line in columns.txt of part " + directory +
                    ": " + line);
            }
            columns.add(new Column(columnName.toString(), TypeParser.parse(line.substring(at + 2))));
        }
        return columns;
    }

    public PartName name()
    {
        return name;
    }

    public Path directory()
    {
        return directory;
    }

    public List<Column> columns()
    {
        return columns;
    }

    /** The column's type in this part, or null when the part does not have it. */
    public DataType columnType(final String column)
    {
        for (final Column c : columns)
        {
            if (c.name().equals(column))
            {
                return c.type();
            }
        }
        return null;
    }

    public long rows()
    {
        return rows;
    }

    public int granules()
    {
        return (int)((rows + PartFiles.GRANULE_ROWS - 1) / PartFiles.GRANULE_ROWS);
    }

    /** Rows of granule {@code granule}: 8192 but for the last. */
    public int granuleRows(final int granule)
    {
        return (int)Math.min(PartFiles.GRANULE_ROWS, rows - (long)granule * PartFiles.GRANULE_ROWS);
    }

    public PartChecksums checksums()
    {
        return checksums;
    }

    /** Bytes of the part's files as checksums.txt lists them. */
    public long bytesOnDisk()
    {
        long total = 0;
        for (final PartChecksums.Entry entry : checksums.entries().values())
        {
            total += entry.size();
        }
        return total;
    }

    FilesFacade files()
    {
        return files;
    }

    /** The marks of a stream ({@code .mrk} bytes), read once; checked to hold one mark per granule. */
    byte[] marks(final String stream)
    {
        return marks.computeIfAbsent(stream, s ->
        {
            final byte[] bytes = read(files, directory, s + PartFiles.MARKS);
            if (bytes.length != granules() * MarkDescriptor.LENGTH)
            {
                throw new MuonException(ErrorCodes.CORRUPTED_DATA, "File " + directory.resolve(s + PartFiles.MARKS) +
                    " holds " + bytes.length / MarkDescriptor.LENGTH + " marks for " + granules() + " granules");
            }
            return bytes;
        });
    }

    /**
     * The sort key of each granule's first row, from {@code primary.idx}, as one vector per key column of the given
     * types (the stream's ORDER BY; the file does not name them).
     */
    public Vector[] primaryIndex(final List<DataType> keyTypes)
    {
        final Object[] cached = primaryIndex;
        if (cached != null && cached[0].equals(keyTypes))
        {
            return (Vector[])cached[1];
        }
        final Vector[] keys = readPrimaryIndex(keyTypes);
        primaryIndex = new Object[] {List.copyOf(keyTypes), keys};
        return keys;
    }

    /** The primary index last read and the key types it was read as (parts are immutable, so it stays right). */
    private volatile Object[] primaryIndex;
    private final Map<String, Vector> minmaxes = new ConcurrentHashMap<>();

    private Vector[] readPrimaryIndex(final List<DataType> keyTypes)
    {
        final Vector[] keys = new Vector[keyTypes.size()];
        for (int k = 0; k < keys.length; k++)
        {
            keys[k] = Vector.create(keyTypes.get(k), granules());
        }
        final KeyValues.Reader reader = new KeyValues.Reader(read(files, directory, PartFiles.PRIMARY_INDEX),
            directory.resolve(PartFiles.PRIMARY_INDEX).toString());
        for (int g = 0; g < granules(); g++)
        {
            for (int k = 0; k < keys.length; k++)
            {
                reader.read(keyTypes.get(k), keys[k]);
            }
        }
        if (!reader.atEnd())
        {
            throw new MuonException(ErrorCodes.CORRUPTED_DATA, "File " + directory.resolve(PartFiles.PRIMARY_INDEX) +
                " holds more than " + granules() + " keys");
        }
        return keys;
    }

    /** The partition key's value from {@code partition.dat}, one 1-row vector per key element. */
    public Vector[] partitionValue(final List<DataType> types)
    {
        return readValues(PartFiles.PARTITION, types, 1);
    }

    /** The minimum (row 0) and maximum (row 1) of a partition key column, from {@code minmax_<column>.idx}. */
    public Vector minmax(final String column, final DataType type)
    {
        final Vector cached = minmaxes.get(column);
        if (cached != null && cached.type().equals(type))
        {
            return cached;
        }
        final Vector read = readValues(PartFiles.minmaxFile(column), List.of(type), 2)[0];
        minmaxes.put(column, read);
        return read;
    }

    private Vector[] readValues(final String file, final List<DataType> types, final int rowsEach)
    {
        final Vector[] values = new Vector[types.size()];
        final KeyValues.Reader reader = new KeyValues.Reader(read(files, directory, file),
            directory.resolve(file).toString());
        for (int k = 0; k < values.length; k++)
        {
            values[k] = Vector.create(types.get(k), rowsEach);
        }
        for (int r = 0; r < rowsEach; r++)
        {
            for (int k = 0; k < values.length; k++)
            {
                reader.read(types.get(k), values[k]);
            }
        }
        return values;
    }

    /** Takes a reference for a reader; false when the part is already gone (the caller takes a newer part set). */
    public boolean retain()
    {
        while (true)
        {
            final int count = references.get();
            if (count <= 0)
            {
                return false;
            }
            if (references.compareAndSet(count, count + 1))
            {
                return true;
            }
        }
    }

    /** Gives a reference back; the last one of a replaced part deletes its directory. */
    public void release()
    {
        if (references.decrementAndGet() == 0 && obsolete)
        {
            delete();
        }
    }

    /** Whether some holder still has a reference (a replaced part is on disk until none has). */
    public boolean held()
    {
        return references.get() > 0;
    }

    /** Marks the part as replaced and drops the store's reference: deleted once no reader holds it. */
    public void retire()
    {
        obsolete = true;
        release();
    }

    private void delete()
    {
        try
        {
            PartWriter.deleteDirectory(files, directory);
        }
        catch (final IOException e)
        {
            System.err.println("Cannot delete replaced part " + directory + ": " + e.getMessage() +
                " (removed at the next start)");
        }
    }

    @Override
    public String toString()
    {
        return name.toString();
    }
}
