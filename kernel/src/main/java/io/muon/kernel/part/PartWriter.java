package io.muon.kernel.part;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.compress.CompressedBlockDescriptor;
import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.Vector;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one MergeTree part in ClickHouse's Wide layout from rows already sorted by the sort key: per column stream a
 * {@code .bin} of compressed blocks and a {@code .mrk} with one mark per 8192-row granule, then {@code primary.idx},
 * {@code partition.dat} and {@code minmax_*.idx}, {@code count.txt}, {@code columns.txt} and {@code checksums.txt}.
 * Everything goes into {@code tmp_<name>} first; each file is fsynced, then the directory is renamed to the part's
 * name and the store directory fsynced, so a part directory either is complete or does not exist. Used by the
 * compaction and merge thread only.
 */
public final class PartWriter
{
    private final FilesFacade files;
    private final byte method;
    private final int level;

    /**
     * @param method {@link CompressedBlockDescriptor#METHOD_LZ4} or {@link CompressedBlockDescriptor#METHOD_ZSTD}
     * @param level  the ZSTD level
     */
    public PartWriter(final FilesFacade files, final byte method, final int level)
    {
        this.files = files;
        this.method = method;
        this.level = level;
    }

    public PartWriter(final FilesFacade files)
    {
        this(files, CompressedBlockDescriptor.METHOD_LZ4, 0);
    }

    /**
     * Writes {@code rows} (columns {@code names} of {@code types}, sorted) as part {@code name} under {@code store}.
     *
     * @return the part's directory
     */
    public Path write(final Path store, final PartName name, final List<String> names, final List<DataType> types,
        final Batch rows, final PartIndex index)
    {
        final Path temporary = store.resolve(PartFiles.TEMPORARY_PREFIX + name);
        final Path target = store.resolve(name.toString());
        try
        {
            deleteDirectory(files, temporary);
            files.createDirectories(temporary);
            writeFiles(temporary, names, types, rows, index);
            files.fsyncDirectory(temporary);
            files.rename(temporary, target);
            files.fsyncDirectory(store);
            return target;
        }
        catch (final IOException e)
        {
            try
            {
                deleteDirectory(files, temporary);
            }
            catch (final IOException ignored)
            {
                // the next start removes what is left of temporary folders
            }
            throw new MuonException(ErrorCodes.CANNOT_WRITE_TO_FILE_DESCRIPTOR, "Cannot write part " + name + " in " +
                store + ": " + e.getMessage());
        }
    }

    private void writeFiles(final Path directory, final List<String> names, final List<DataType> types,
        final Batch rows, final PartIndex index) throws IOException
    {
        final PartChecksums checksums = new PartChecksums();
        final int count = rows.rows();
        final int granules = (count + PartFiles.GRANULE_ROWS - 1) / PartFiles.GRANULE_ROWS;
        for (int c = 0; c < names.size(); c++)
        {
            writeColumn(directory, names.get(c), types.get(c), rows.column(c), count, granules, checksums);
        }
        final ByteArrayOutputStream primary = new ByteArrayOutputStream();
        for (int g = 0; g < granules; g++)
        {
            for (int k = 0; k < index.sortKeyTypes().size(); k++)
            {
                KeyValues.write(primary, index.sortKeyTypes().get(k), index.sortKey()[k], g * PartFiles.GRANULE_ROWS);
            }
        }
        writePlain(directory, PartFiles.PRIMARY_INDEX, primary.toByteArray(), checksums);
        if (!index.partitionTypes().isEmpty())
        {
            final ByteArrayOutputStream partition = new ByteArrayOutputStream();
            for (int k = 0; k < index.partitionTypes().size(); k++)
            {
                KeyValues.write(partition, index.partitionTypes().get(k), index.partitionValue()[k], 0);
            }
            writePlain(directory, PartFiles.PARTITION, partition.toByteArray(), checksums);
            for (int m = 0; m < index.minmaxColumns().size(); m++)
            {
                final ByteArrayOutputStream minmax = new ByteArrayOutputStream();
                KeyValues.write(minmax, index.minmaxTypes().get(m), index.minmax()[m], 0);
                KeyValues.write(minmax, index.minmaxTypes().get(m), index.minmax()[m], 1);
                writePlain(directory, PartFiles.minmaxFile(index.minmaxColumns().get(m)), minmax.toByteArray(),
                    checksums);
            }
        }
        writePlain(directory, PartFiles.COUNT, Long.toString(count).getBytes(StandardCharsets.US_ASCII), checksums);
        writePlain(directory, PartFiles.COLUMNS, columnsText(names, types), null);
        writePlain(directory, PartFiles.CHECKSUMS, checksums.encode(), null);
    }

    /** {@code columns.txt}: the format line, the count, then one {@code `name` Type} line per column. */
    static byte[] columnsText(final List<String> names, final List<DataType> types)
    {
        final StringBuilder text = new StringBuilder("columns format version: 1\n");
        text.append(names.size()).append(" columns:\n");
        for (int c = 0; c < names.size(); c++)
        {
            text.append('`').append(names.get(c).replace("\\", "\\\\").replace("`", "\\`")).append("` ")
                .append(types.get(c).clickHouseName()).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void writeColumn(final Path directory, final String name, final DataType type, final Vector vector,
        final int rows, final int granules, final PartChecksums checksums) throws IOException
    {
        final Map<String, CompressedStreamWriter> streams = new LinkedHashMap<>();
        final List<String> streamNames = new ArrayList<>();
        ColumnCodec.streams(name, type, streamNames::add);
        try
        {
            for (final String stream : streamNames)
            {
                streams.put(stream, new CompressedStreamWriter(files, directory, stream, method, level));
            }
            final String root = PartFiles.escape(name);
            ColumnCodec.writePrefix(streams::get, root, type);
            for (int g = 0; g < granules; g++)
            {
                for (final CompressedStreamWriter stream : streams.values())
                {
                    stream.mark();
                }
                final int from = g * PartFiles.GRANULE_ROWS;
                final int count = Math.min(PartFiles.GRANULE_ROWS, rows - from);
                ColumnCodec.write(streams::get, root, type, 0, vector, from, count);
            }
        }
        finally
        {
            for (final CompressedStreamWriter stream : streams.values())
            {
                stream.close();
            }
        }
        for (final CompressedStreamWriter stream : streams.values())
        {
            checksums.addCompressed(stream.name() + PartFiles.BIN, stream.binSize(), stream.binHash(),
                stream.uncompressedSize(), stream.uncompressedHash());
            writePlain(directory, stream.name() + PartFiles.MARKS, stream.marks(), checksums);
        }
    }

    private void writePlain(final Path directory, final String file, final byte[] bytes,
        final PartChecksums checksums) throws IOException
    {
        try (HashingFileOutput out = new HashingFileOutput(files, directory.resolve(file)))
        {
            out.write(bytes, 0, bytes.length);
            out.close();
            if (checksums != null)
            {
                checksums.addPlain(file, bytes.length, out.hash());
            }
        }
    }

    /** Deletes a part directory and everything in it. */
    public static void deleteDirectory(final FilesFacade files, final Path directory) throws IOException
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
}
