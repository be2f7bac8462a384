package io.muon.kernel.part;

import io.muon.kernel.MuonException;
import io.muon.kernel.compress.CityHash128;
import io.muon.kernel.io.FilesFacade;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code muon part inspect|verify DIR} prints, without a server: a part's name, rows, granules, columns with
 * their streams and marks, and the checksums of its files; {@code verify} checks every file size and hash, every
 * compressed block's hash and the uncompressed contents' hash, for Muon's parts and ClickHouse's. Stateless.
 */
public final class PartInspector
{
    private final FilesFacade files;
    private final PrintStream out;

    public PartInspector(final FilesFacade files, final PrintStream out)
    {
        this.files = files;
        this.out = out;
    }

    /** Prints the part; returns the number of problems met while reading it. */
    public int inspect(final Path directory)
    {
        final DataPart part;
        try
        {
            part = DataPart.load(files, directory);
        }
        catch (final MuonException e)
        {
            out.println("problem: " + e.getMessage());
            return 1;
        }
        out.println("part " + part.name() + " (partition " + part.name().partitionId() + ", blocks " +
            part.name().minBlock() + ".." + part.name().maxBlock() + ", level " + part.name().level() + ")");
        out.println("rows " + part.rows() + ", granules " + part.granules() + ", " + part.bytesOnDisk() +
            " bytes on disk");
        int problems = 0;
        for (final DataPart.Column column : part.columns())
        {
            out.println("column " + column.name() + " " + column.type().clickHouseName());
            final int[] found = {0};
            ColumnCodec.streams(column.name(), column.type(), stream ->
            {
                try
                {
                    final UnsafeBuffer marks = new UnsafeBuffer(part.marks(stream));
                    final StringBuilder line = new StringBuilder("  stream " + stream + ": marks");
                    for (int g = 0; g < part.granules(); g++)
                    {
                        line.append(' ').append(MarkDescriptor.compressedOffset(marks, g)).append(':')
                            .append(MarkDescriptor.decompressedOffset(marks, g));
                    }
                    out.println(line);
                }
                catch (final MuonException e)
                {
                    out.println("  problem: " + e.getMessage());
                    found[0]++;
                }
            });
            problems += found[0];
        }
        for (final Map.Entry<String, PartChecksums.Entry> file : part.checksums().entries().entrySet())
        {
            final PartChecksums.Entry entry = file.getValue();
            out.println("file " + file.getKey() + " " + entry.size() + " bytes, hash " +
                CityHash128.toHex(entry.hashLow(), entry.hashHigh()) + (entry.compressed() ? ", uncompressed " +
                entry.uncompressedSize() + " bytes, hash " + CityHash128.toHex(entry.uncompressedLow(),
                entry.uncompressedHigh()) : ""));
        }
        return problems;
    }

    /** Checks the part; prints one line per problem (or that it is sound) and returns how many there are. */
    public int verify(final Path directory)
    {
        final List<String> problems = PartVerifier.verify(files, directory);
        for (final String problem : problems)
        {
            out.println("problem: " + problem);
        }
        if (problems.isEmpty())
        {
            out.println("part " + directory.getFileName() + ": every file, block and checksum is sound");
        }
        return problems.size();
    }
}
