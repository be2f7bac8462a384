package io.muon.kernel.compress;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden values from parts ClickHouse 18.16 wrote (shared/testdata/clickhouse-18.16-parts). Each part's checksums.txt
 * is one compressed block after a version line, listing every file of the part with its size and hash and, for
 * compressed files, the size and hash of the uncompressed data. Decoding that block checks CityHash128 of a real
 * frame; the listed hashes check the block-wise hash of files of many lengths; decoding every {@code .bin} file checks
 * the frames ClickHouse wrote, LZ4 ones among them.
 */
class ClickHousePartsTest
{
    private static final String VERSION_LINE = "checksums format version: 4\n";

    @Test
    void typesPartMatchesItsChecksums() throws IOException
    {
        final int compressedFiles = checkPart("types_202611_1_1_0");
        assertEquals(10, compressedFiles);
    }

    @Test
    void bigPartMatchesItsChecksums() throws IOException
    {
        final int compressedFiles = checkPart("big_202611_1_1_0");
        assertEquals(4, compressedFiles);
    }

    /** @return how many compressed files the part has */
    private static int checkPart(final String name) throws IOException
    {
        final Path part = SharedTestData.directory("clickhouse-18.16-parts").resolve(name);
        final byte[] checksumsFile = Files.readAllBytes(part.resolve("checksums.txt"));
        final byte[] versionLine = VERSION_LINE.getBytes(StandardCharsets.US_ASCII);
        assertEquals(VERSION_LINE, new String(checksumsFile, 0, versionLine.length, StandardCharsets.US_ASCII));

        final UnsafeBuffer frame = new UnsafeBuffer(checksumsFile);
        final int frameLength = checksumsFile.length - versionLine.length;
        assertEquals(frameLength, CompressedBlock.requiredLength(frame, versionLine.length, frameLength),
            "checksums.txt holds exactly one frame");
        assertEquals(CompressedBlockDescriptor.METHOD_LZ4, CompressedBlockDescriptor.method(frame, versionLine.length));
        final byte[] listing = CompressedBlock.decompress(checksumsFile, versionLine.length, frameLength);

        final Reader reader = new Reader(listing);
        final int count = (int)reader.varint();
        final Set<String> listed = new TreeSet<>();
        final long[] hash = new long[2];
        int compressedFiles = 0;
        for (int i = 0; i < count; i++)
        {
            final String fileName = reader.string();
            final long fileSize = reader.varint();
            final long fileLow = reader.int64();
            final long fileHigh = reader.int64();
            final boolean compressed = reader.uint8() != 0;
            listed.add(fileName);

            final byte[] file = Files.readAllBytes(part.resolve(fileName));
            assertEquals(fileSize, file.length, fileName + " size");
            CityHash128.hashBlockwise(file, 0, file.length, hash);
            assertEquals(fileLow, hash[0], fileName + " hash, low half");
            assertEquals(fileHigh, hash[1], fileName + " hash, high half");

            if (compressed)
            {
                compressedFiles++;
                final long uncompressedSize = reader.varint();
                final long uncompressedLow = reader.int64();
                final long uncompressedHigh = reader.int64();
                final ExpandableArrayBuffer uncompressed = new ExpandableArrayBuffer(64);
                final int length = decodeFrames(fileName, file, uncompressed);
                assertEquals(uncompressedSize, length, fileName + " uncompressed size");
                CityHash128.hashBlockwise(uncompressed, 0, length, hash);
                assertEquals(uncompressedLow, hash[0], fileName + " uncompressed hash, low half");
                assertEquals(uncompressedHigh, hash[1], fileName + " uncompressed hash, high half");
            }
        }
        assertEquals(listing.length, reader.position, "the listing ends after the last file");

        final Set<String> present;
        try (Stream<Path> files = Files.list(part))
        {
            present = files.map(path -> path.getFileName().toString())
                .filter(fileName -> !fileName.equals("checksums.txt") && !fileName.equals("columns.txt"))
                .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(present, listed, "checksums.txt lists every data file of the part");
        return compressedFiles;
    }

    /** Decodes the back-to-back frames of a {@code .bin} file the way a streaming reader would. */
    private static int decodeFrames(final String fileName, final byte[] file, final ExpandableArrayBuffer out)
    {
        final UnsafeBuffer in = new UnsafeBuffer(file);
        int frames = 0;
        int position = 0;
        int written = 0;
        while (position < file.length)
        {
            final int available = file.length - position;
            final int frameLength = CompressedBlock.requiredLength(in, position, available);
            assertTrue(frameLength <= available, fileName + ": frame at " + position + " is cut short");
            written += CompressedBlock.decompress(in, position, available, out, written);
            position += frameLength;
            frames++;
        }
        assertEquals(file.length, position, fileName + " ends on a frame boundary");
        assertTrue(frames > 0, fileName + " has frames");
        return written;
    }

    /** Reads ClickHouse's binary encodings: LEB128 varints, length-prefixed strings, little-endian integers. */
    private static final class Reader
    {
        private final UnsafeBuffer buffer;
        private int position;

        Reader(final byte[] data)
        {
            this.buffer = new UnsafeBuffer(data);
        }

        long varint()
        {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                final int next = buffer.getByte(position++) & 0xFF;
                value |= (long)(next & 0x7F) << shift;
                if (next < 0x80)
                {
                    return value;
                }
            }
            throw new IllegalStateException("varint longer than 10 bytes at " + position);
        }

        String string()
        {
            final int length = (int)varint();
            final String value = buffer.getStringWithoutLengthUtf8(position, length);
            position += length;
            return value;
        }

        long int64()
        {
            final long value = buffer.getLong(position, ByteOrder.LITTLE_ENDIAN);
            position += 8;
            return value;
        }

        int uint8()
        {
            return buffer.getByte(position++) & 0xFF;
        }
    }
}
