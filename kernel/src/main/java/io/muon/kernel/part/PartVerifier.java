package io.muon.kernel.part;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.compress.CityHash128;
import io.muon.kernel.compress.CompressedBlock;
import io.muon.kernel.io.FilesFacade;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a part against its {@code checksums.txt}: every file's size and blockwise CityHash128, and for compressed
 * files every block's own CityHash128 and the size and hash of the decompressed contents. What {@code muon part
 * verify} and the store's load-time check run, for Muon's parts and ClickHouse's alike. Stateless.
 */
public final class PartVerifier
{
    private PartVerifier()
    {
    }

    /** The problems found, one line each; empty when the part is sound. */
    public static List<String> verify(final FilesFacade files, final Path directory)
    {
        final List<String> problems = new ArrayList<>();
        final PartChecksums checksums;
        try
        {
            checksums = PartChecksums.decode(DataPart.read(files, directory, PartFiles.CHECKSUMS),
                directory.resolve(PartFiles.CHECKSUMS).toString());
        }
        catch (final MuonException e)
        {
            problems.add(e.getMessage());
            return problems;
        }
        for (final Map.Entry<String, PartChecksums.Entry> file : checksums.entries().entrySet())
        {
            try
            {
                verifyFile(files, directory.resolve(file.getKey()), file.getValue());
            }
            catch (final MuonException e)
            {
                problems.add(e.getMessage());
            }
        }
        try
        {
            DataPart.load(files, directory);
        }
        catch (final MuonException e)
        {
            problems.add(e.getMessage());
        }
        return problems;
    }

    /** Checks one file against its entry; throws {@link MuonException} (Code 40 or 246) on the first mismatch. */
    public static void verifyFile(final FilesFacade files, final Path path, final PartChecksums.Entry entry)
    {
        final byte[] bytes;
        try
        {
            if (!files.exists(path))
            {
                throw new MuonException(ErrorCodes.FILE_DOESNT_EXIST, "No file " + path);
            }
            bytes = files.readAll(path);
        }
        catch (final IOException e)
        {
            throw new MuonException(ErrorCodes.CANNOT_READ_ALL_DATA, "Cannot read " + path + ": " + e.getMessage());
        }
        if (bytes.length != entry.size())
        {
            throw new MuonException(ErrorCodes.CORRUPTED_DATA, "File " + path + " has " + bytes.length +
                " bytes, checksums.txt says " + entry.size());
        }
        final long[] hash = new long[2];
        CityHash128.hashBlockwise(bytes, 0, bytes.length, hash);
        if (hash[0] != entry.hashLow() || hash[1] != entry.hashHigh())
        {
            throw new MuonException(ErrorCodes.CHECKSUM_DOESNT_MATCH, "Checksum doesn't match for " + path +
                ": expected " + CityHash128.toHex(entry.hashLow(), entry.hashHigh()) + ", got " +
                CityHash128.toHex(hash[0], hash[1]));
        }
        if (!entry.compressed())
        {
            return;
        }
        final BlockwiseHasher uncompressed = new BlockwiseHasher();
        final UnsafeBuffer source = new UnsafeBuffer(bytes);
        final ExpandableArrayBuffer block = new ExpandableArrayBuffer(CompressedStreamWriter.BLOCK_SIZE);
        int at = 0;
        while (at < bytes.length)
        {
            try
            {
                final int length = CompressedBlock.verify(source, at, bytes.length - at);
                final int size = CompressedBlock.decompress(source, at, length, block, 0);
                uncompressed.update(block.byteArray(), 0, size);
                at += length;
            }
            catch (final MuonException e)
            {
                throw new MuonException(e.code(), "Block at offset " + at + " of " + path + ": " + e.getMessage());
            }
        }
        final long[] plain = uncompressed.finish();
        if (uncompressed.count() != entry.uncompressedSize() || plain[0] != entry.uncompressedLow() ||
            plain[1] != entry.uncompressedHigh())
        {
            throw new MuonException(ErrorCodes.CHECKSUM_DOESNT_MATCH, "Checksum of uncompressed data doesn't match " +
                "for " + path + ": " + uncompressed.count() + " bytes hashing to " + CityHash128.toHex(plain[0],
                plain[1]) + ", checksums.txt says " + entry.uncompressedSize() + " bytes hashing to " +
                CityHash128.toHex(entry.uncompressedLow(), entry.uncompressedHigh()));
        }
    }
}
