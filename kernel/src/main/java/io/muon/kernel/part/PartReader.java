package io.muon.kernel.part;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Vector;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads chosen columns of one part, a granule range at a time, into vectors. Streams are opened once; reading the
 * granule right after the last one read needs no seek, any other goes to its marks. Columns the part does not have
 * (added to the stream later) read as their type's default. Owned by one query thread; holds the part's open files
 * until {@link #close()}.
 */
public final class PartReader implements AutoCloseable
{
    private final DataPart part;
    private final List<String> names;
    private final DataType[] partTypes;
    private final Map<String, CompressedStreamReader> streams = new HashMap<>();
    private int nextGranule = -1;

    /**
     * Opens the streams of {@code names}; a name the part lacks reads as defaults, a null name is not read (its
     * output vector is left alone).
     */
    public PartReader(final DataPart part, final List<String> names)
    {
        this.part = part;
        this.names = new java.util.ArrayList<>(names);
        this.partTypes = new DataType[names.size()];
        try
        {
            for (int c = 0; c < names.size(); c++)
            {
                partTypes[c] = names.get(c) == null ? null : part.columnType(names.get(c));
                if (partTypes[c] == null)
                {
                    continue;
                }
                final Map<String, CompressedStreamReader> opened = streams;
                ColumnCodec.streams(names.get(c), partTypes[c], stream ->
                {
                    if (!opened.containsKey(stream))
                    {
                        try
                        {
                            opened.put(stream, new CompressedStreamReader(part.files(),
                                part.directory().resolve(stream + PartFiles.BIN)));
                        }
                        catch (final IOException e)
                        {
                            throw new MuonException(ErrorCodes.CANNOT_READ_ALL_DATA, "Cannot open " + stream +
                                PartFiles.BIN + " of part " + part.directory() + ": " + e.getMessage());
                        }
                    }
                });
            }
        }
        catch (final RuntimeException e)
        {
            close();
            throw e;
        }
    }

    /** The type a column has in this part (what {@link #read} appends), or null for a column the part lacks. */
    public DataType partType(final int column)
    {
        return partTypes[column];
    }

    public DataPart part()
    {
        return part;
    }

    /**
     * Appends the rows of granules {@code [from, to)} of every column to {@code out[c]} (vectors of the part's types;
     * for a column the part lacks, of the caller's type).
     *
     * @return the rows appended
     */
    public int read(final int from, final int to, final Vector[] out)
    {
        if (from < 0 || to > part.granules() || from > to)
        {
            throw new IllegalArgumentException("granules [" + from + ", " + to + ") of a part of " +
                part.granules());
        }
        int rows = 0;
        for (int g = from; g < to; g++)
        {
            rows += part.granuleRows(g);
        }
        if (from != nextGranule && from < to)
        {
            for (final Map.Entry<String, CompressedStreamReader> stream : streams.entrySet())
            {
                final UnsafeBuffer marks = new UnsafeBuffer(part.marks(stream.getKey()));
                stream.getValue().seek(MarkDescriptor.compressedOffset(marks, from),
                    MarkDescriptor.decompressedOffset(marks, from));
            }
        }
        for (int c = 0; c < names.size(); c++)
        {
            if (out[c] == null || names.get(c) == null)
            {
                continue;
            }
            if (partTypes[c] == null)
            {
                for (int r = 0; r < rows; r++)
                {
                    out[c].appendNull();
                }
                continue;
            }
            ColumnCodec.read(streams::get, PartFiles.escape(names.get(c)), partTypes[c], 0, out[c], rows);
        }
        nextGranule = to;
        return rows;
    }

    @Override
    public void close()
    {
        for (final CompressedStreamReader stream : streams.values())
        {
            stream.close();
        }
        streams.clear();
    }
}
