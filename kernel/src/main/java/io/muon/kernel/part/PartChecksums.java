package io.muon.kernel.part;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.compress.CompressedBlock;
import io.muon.kernel.compress.CompressedBlockDescriptor;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A part's {@code checksums.txt} in ClickHouse's format 4: the line {@code checksums format version: 4} and one
 * compressed block holding the number of files, then per file (sorted by name) its name, size, blockwise CityHash128
 * and, for compressed files, the size and hash of their uncompressed contents. Lists every file of the part except
 * itself and {@code columns.txt}.
 */
public final class PartChecksums
{
    public static final String HEADER = "checksums format version: ";
    public static final int FORMAT = 4;

    /** One file's entry; {@code uncompressedSize} is -1 for a file that is not compressed. */
    public record Entry(long size, long hashLow, long hashHigh, long uncompressedSize, long uncompressedLow,
        long uncompressedHigh)
    {
        public boolean compressed()
        {
            return uncompressedSize >= 0;
        }
    }

    private final TreeMap<String, Entry> entries = new TreeMap<>();

    public void add(final String file, final Entry entry)
    {
        entries.put(file, entry);
    }

    public void addPlain(final String file, final long size, final long[] hash)
    {
        entries.put(file, new Entry(size, hash[0], hash[1], -1, 0, 0));
    }

    public void addCompressed(final String file, final long size, final long[] hash, final long uncompressedSize,
        final long[] uncompressedHash)
    {
        entries.put(file, new Entry(size, hash[0], hash[1], uncompressedSize, uncompressedHash[0],
            uncompressedHash[1]));
    }

    public Map<String, Entry> entries()
    {
        return Collections.unmodifiableMap(entries);
    }

    public byte[] encode()
    {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        KeyValues.writeVarUInt(body, entries.size());
        for (final Map.Entry<String, Entry> file : entries.entrySet())
        {
            final byte[] name = file.getKey().getBytes(StandardCharsets.UTF_8);
            KeyValues.writeVarUInt(body, name.length);
            body.write(name, 0, name.length);
            final Entry entry = file.getValue();
            KeyValues.writeVarUInt(body, entry.size());
            writeLong(body, entry.hashLow());
            writeLong(body, entry.hashHigh());
            body.write(entry.compressed() ? 1 : 0);
            if (entry.compressed())
            {
                KeyValues.writeVarUInt(body, entry.uncompressedSize());
                writeLong(body, entry.uncompressedLow());
                writeLong(body, entry.uncompressedHigh());
            }
        }
        final byte[] plain = body.toByteArray();
        final byte[] frame = CompressedBlock.compress(CompressedBlockDescriptor.METHOD_LZ4, 0, plain, 0, plain.length);
        final byte[] header = (HEADER + FORMAT + "\n").getBytes(StandardCharsets.US_ASCII);
        final byte[] out = new byte[header.length + frame.length];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(frame, 0, out, header.length, frame.length);
        return out;
    }

    /** Parses a {@code checksums.txt}; any defect is a {@link MuonException} naming {@code where}. */
    public static PartChecksums decode(final byte[] file, final String where)
    {
        final String text = new String(file, 0, Math.min(file.length, 64), StandardCharsets.US_ASCII);
        final int newline = text.indexOf('\n');
        if (!text.startsWith(HEADER) || newline < 0)
        {
            throw corrupted(where, "no format line");
        }
        final int format;
        try
        {
            format = Integer.parseInt(text.substring(HEADER.length(), newline));
        }
        catch (final NumberFormatException e)
        {
            throw corrupted(where, "bad format line");
        }
        if (format != FORMAT)
        {
            throw new MuonException(ErrorCodes.UNKNOWN_FORMAT, "Unsupported checksums format version " + format +
                " in " + where + " (Muon reads format 4)");
        }
        final byte[] plain;
        try
        {
            plain = CompressedBlock.decompress(file, newline + 1, file.length - newline - 1);
        }
        catch (final MuonException e)
        {
            throw corrupted(where, e.getMessage());
        }
        final int[] at = {0};
        final PartChecksums checksums = new PartChecksums();
        try
        {
            final long count = readVarUInt(plain, at);
            for (long i = 0; i < count; i++)
            {
                final int length = (int)readVarUInt(plain, at);
                if (length < 0 || at[0] + length > plain.length)
                {
                    throw corrupted(where, "file name runs past the end");
                }
                final String name = new String(plain, at[0], length, StandardCharsets.UTF_8);
                at[0] += length;
                final long size = readVarUInt(plain, at);
                final long low = readLong(plain, at);
                final long high = readLong(plain, at);
                final boolean compressed = plain[at[0]++] != 0;
                if (compressed)
                {
                    final long uncompressedSize = readVarUInt(plain, at);
                    checksums.add(name, new Entry(size, low, high, uncompressedSize, readLong(plain, at),
                        readLong(plain, at)));
                }
                else
                {
                    checksums.add(name, new Entry(size, low, high, -1, 0, 0));
                }
            }
        }
        catch (final ArrayIndexOutOfBoundsException e)
        {
            throw corrupted(where, "entries run past the end");
        }
        if (at[0] != plain.length)
        {
            throw corrupted(where, (plain.length - at[0]) + " bytes after the last entry");
        }
        return checksums;
    }

    private static MuonException corrupted(final String where, final String why)
    {
        return new MuonException(ErrorCodes.CORRUPTED_DATA, "Cannot read checksums of " + where + ": " + why);
    }

    private static void writeLong(final ByteArrayOutputStream out, final long value)
    {
        for (int i = 0; i < 8; i++)
        {
            out.write((int)(value >>> (8 * i)));
        }
    }

    private static long readVarUInt(final byte[] in, final int[] at)
    {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            final int b = in[at[0]++] & 0xFF;
            value |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
        throw new ArrayIndexOutOfBoundsException("varint too long");
    }

    private static long readLong(final byte[] in, final int[] at)
    {
        long value = 0;
        for (int i = 0; i < 8; i++)
        {
            value |= (in[at[0]++] & 0xFFL) << (8 * i);
        }
        return value;
    }
}
