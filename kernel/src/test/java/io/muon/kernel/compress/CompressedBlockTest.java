package io.muon.kernel.compress;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static io.muon.kernel.compress.CompressedBlockDescriptor.CHECKSUM_HIGH_OFFSET;
import static io.muon.kernel.compress.CompressedBlockDescriptor.CHECKSUM_LENGTH;
import static io.muon.kernel.compress.CompressedBlockDescriptor.CHECKSUM_LOW_OFFSET;
import static io.muon.kernel.compress.CompressedBlockDescriptor.COMPRESSED_SIZE_OFFSET;
import static io.muon.kernel.compress.CompressedBlockDescriptor.FRAME_HEADER_LENGTH;
import static io.muon.kernel.compress.CompressedBlockDescriptor.HEADER_LENGTH;
import static io.muon.kernel.compress.CompressedBlockDescriptor.MAX_SIZE;
import static io.muon.kernel.compress.CompressedBlockDescriptor.METHOD_LZ4;
import static io.muon.kernel.compress.CompressedBlockDescriptor.METHOD_NONE;
import static io.muon.kernel.compress.CompressedBlockDescriptor.METHOD_OFFSET;
import static io.muon.kernel.compress.CompressedBlockDescriptor.METHOD_ZSTD;
import static io.muon.kernel.compress.CompressedBlockDescriptor.UNCOMPRESSED_SIZE_OFFSET;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class CompressedBlockTest
{
    private static final byte[] METHODS = {METHOD_LZ4, METHOD_ZSTD, METHOD_NONE};
    private static final int[] SIZES = {0, 1, 15, 16, 17, 1000, 65536, 1 << 20};
    private static final int LEVEL = CompressedBlock.DEFAULT_ZSTD_LEVEL;
    private static final int DECODED = -1;

    /** Every error code a malformed frame may produce. */
    private static final Set<Integer> FRAME_ERRORS = Set.of(
        ErrorCodes.CHECKSUM_DOESNT_MATCH, ErrorCodes.CANNOT_DECOMPRESS, ErrorCodes.UNKNOWN_COMPRESSION_METHOD, ErrorCodes.TOO_LARGE_SIZE_COMPRESSED,
        ErrorCodes.CORRUPTED_DATA, ErrorCodes.CANNOT_READ_ALL_DATA);

    /** Direct buffers whose memory raw-address buffers point into; kept reachable for the test's duration. */
    private final List<ByteBuffer> keepAlive = new ArrayList<>();

    @Test
    void roundTripsEveryMethodAndSize()
    {
        final Random random = new Random(1);
        for (final byte method : METHODS)
        {
            for (final int size : SIZES)
            {
                for (final byte[] data : new byte[][] {randomBytes(random, size), repetitiveBytes(size)})
                {
                    final String what = methodName(method) + " of " + size + " bytes";
                    final ExpandableArrayBuffer frames = new ExpandableArrayBuffer(16);
                    final int frameOffset = 7;
                    final int frameLength = CompressedBlock.compress(
                        method, LEVEL, new UnsafeBuffer(data), 0, data.length, frames, frameOffset);

                    assertTrue(frameLength <= CompressedBlock.maxFrameLength(method, size), what);
                    assertEquals(method, CompressedBlockDescriptor.method(frames, frameOffset), what);
                    assertEquals(frameLength - CHECKSUM_LENGTH,
                        CompressedBlockDescriptor.compressedSize(frames, frameOffset), what);
                    assertEquals(size, CompressedBlockDescriptor.uncompressedSize(frames, frameOffset), what);
                    assertEquals(frameLength, CompressedBlock.requiredLength(frames, frameOffset, frameLength), what);
                    assertEquals(frameLength, CompressedBlock.verify(frames, frameOffset, frameLength), what);

                    final ExpandableArrayBuffer output = new ExpandableArrayBuffer(16);
                    assertEquals(size, CompressedBlock.decompress(frames, frameOffset, frameLength, output, 3), what);
                    final byte[] decoded = new byte[size];
                    output.getBytes(3, decoded);
                    assertArrayEquals(data, decoded, what);
                }
            }
        }
    }

    @Test
    void heapAndOffHeapBuffersProduceAndReadTheSameFrames()
    {
        final Random random = new Random(2);
        for (final byte method : METHODS)
        {
            for (final int size : new int[] {0, 17, 5000, 65536})
            {
                final byte[] data = random.nextBoolean() ? randomBytes(random, size) : repetitiveBytes(size);
                final byte[] reference = CompressedBlock.compress(method, LEVEL, data, 0, data.length);
                for (final BufferKind sourceKind : BufferKind.values())
                {
                    for (final BufferKind targetKind : BufferKind.values())
                    {
                        final String what = methodName(method) + " of " + size + " bytes, " + sourceKind + " to " +
                            targetKind;
                        final MutableDirectBuffer source = sourceKind.create(this, size + 5);
                        source.putBytes(5, data);
                        final int capacity = CompressedBlock.maxFrameLength(method, size) + 9;
                        final MutableDirectBuffer frame = targetKind.create(this, capacity);
                        final int frameLength = CompressedBlock.compress(method, LEVEL, source, 5, size, frame, 9);
                        assertArrayEquals(reference, bytes(frame, 9, frameLength), what);

                        final MutableDirectBuffer output = sourceKind.create(this, size + 2);
                        assertEquals(size, CompressedBlock.decompress(frame, 9, frameLength, output, 2), what);
                        assertArrayEquals(data, bytes(output, 2, size), what);
                    }
                }
            }
        }
    }

    @Test
    void convenienceMethodsRoundTripArrays()
    {
        final byte[] data = repetitiveBytes(3000);
        for (final byte method : METHODS)
        {
            final byte[] frame = CompressedBlock.compress(method, LEVEL, data, 100, 2000);
            assertArrayEquals(Arrays.copyOfRange(data, 100, 2100), CompressedBlock.decompress(frame, 0, frame.length));
        }
        final byte[] lz4 = CompressedBlock.compress(METHOD_LZ4, 0, data, 0, data.length);
        assertTrue(lz4.length < data.length / 4, "repetitive data compresses");
    }

    @Test
    void requiredLengthTellsAStreamReaderWhenEachFrameIsComplete()
    {
        final Random random = new Random(3);
        final ExpandableArrayBuffer stream = new ExpandableArrayBuffer(64);
        final ExpandableArrayBuffer expected = new ExpandableArrayBuffer(64);
        int streamLength = 0;
        int expectedLength = 0;
        for (final byte method : new byte[] {METHOD_ZSTD, METHOD_LZ4, METHOD_NONE, METHOD_LZ4})
        {
            final byte[] data = randomBytes(random, random.nextInt(300));
            streamLength += CompressedBlock.compress(
                method, LEVEL, new UnsafeBuffer(data), 0, data.length, stream, streamLength);
            expected.putBytes(expectedLength, data);
            expectedLength += data.length;
        }

        // bytes arrive one at a time; the reader decodes a frame as soon as requiredLength says it is whole
        final ExpandableArrayBuffer decoded = new ExpandableArrayBuffer(64);
        int readPosition = 0;
        int decodedLength = 0;
        int framesDecoded = 0;
        for (int arrived = 0; arrived <= streamLength; arrived++)
        {
            int available = arrived - readPosition;
            int required = CompressedBlock.requiredLength(stream, readPosition, available);
            while (required <= available && available > 0)
            {
                decodedLength += CompressedBlock.decompress(stream, readPosition, available, decoded, decodedLength);
                readPosition += required;
                framesDecoded++;
                available = arrived - readPosition;
                required = CompressedBlock.requiredLength(stream, readPosition, available);
            }
            if (available < FRAME_HEADER_LENGTH)
            {
                assertEquals(FRAME_HEADER_LENGTH, required, "until the header is in, the header is what is needed");
            }
        }
        assertEquals(4, framesDecoded);
        assertEquals(streamLength, readPosition);
        assertArrayEquals(bytes(expected, 0, expectedLength), bytes(decoded, 0, decodedLength));
    }

    @Test
    void everyFlippedByteOfASmallFrameIsCaught()
    {
        final byte[] data = "a small block, a small block, a small block of text".getBytes();
        for (final byte method : METHODS)
        {
            final byte[] frame = CompressedBlock.compress(method, LEVEL, data, 0, data.length);
            for (int index = 0; index < frame.length; index++)
            {
                for (final int mask : new int[] {0x01, 0x80, 0xFF})
                {
                    final byte[] corrupted = frame.clone();
                    corrupted[index] ^= (byte)mask;
                    final String what = methodName(method) + ", byte " + index + " ^ " + mask;
                    final MuonException error = assertThrows(MuonException.class,
                        () -> CompressedBlock.decompress(corrupted, 0, corrupted.length), what);
                    assertTrue(FRAME_ERRORS.contains(error.code()), what + ": " + error);
                    if (index < CHECKSUM_LENGTH || index >= FRAME_HEADER_LENGTH)
                    {
                        assertEquals(ErrorCodes.CHECKSUM_DOESNT_MATCH, error.code(), what + ": " + error);
                    }
                }
            }
        }
    }

    @Test
    void checksumErrorsReadLikeClickHouses()
    {
        final byte[] frame = CompressedBlock.compress(METHOD_LZ4, LEVEL, new byte[100], 0, 100);
        frame[frame.length - 1] ^= 1;
        final MuonException error = assertThrows(MuonException.class,
            () -> CompressedBlock.decompress(frame, 0, frame.length));
        assertEquals(ErrorCodes.CHECKSUM_DOESNT_MATCH, error.code());
        final UnsafeBuffer buffer = new UnsafeBuffer(frame);
        final long[] actual = new long[2];
        CityHash128.hash(frame, CHECKSUM_LENGTH, frame.length - CHECKSUM_LENGTH, actual);
        assertEquals("Checksum doesn't match: corrupted data. Reference: " +
            CityHash128.toHex(CompressedBlockDescriptor.checksumLow(buffer, 0),
                CompressedBlockDescriptor.checksumHigh(buffer, 0)) +
            ". Actual: " + CityHash128.toHex(actual[0], actual[1]) +
            ". Size of compressed block: " + (frame.length - CHECKSUM_LENGTH), error.getMessage());
        assertTrue(error.toClickHouseText().startsWith("Code: 40. DB::Exception: Checksum doesn't match"));
    }

    @Test
    void truncatedFramesAreShortReads()
    {
        final byte[] data = repetitiveBytes(500);
        for (final byte method : METHODS)
        {
            final byte[] frame = CompressedBlock.compress(method, LEVEL, data, 0, data.length);
            final UnsafeBuffer buffer = new UnsafeBuffer(frame);
            for (int length = 0; length < frame.length; length++)
            {
                final int available = length;
                assertTrue(CompressedBlock.requiredLength(buffer, 0, available) > available);
                final MuonException error = assertThrows(MuonException.class,
                    () -> CompressedBlock.decompress(frame, 0, available));
                assertEquals(ErrorCodes.CANNOT_READ_ALL_DATA, error.code());
                final int expected = available < FRAME_HEADER_LENGTH ? FRAME_HEADER_LENGTH : frame.length;
                assertEquals("Cannot read all data. Bytes read: " + available + ". Bytes expected: " + expected + ".",
                    error.getMessage());
            }
        }
    }

    @Test
    void impossibleHeadersAreRejectedBeforeAnythingIsReadOrAllocated()
    {
        assertHeaderError(METHOD_LZ4, 0xFFFF_FFFFL, 10, ErrorCodes.TOO_LARGE_SIZE_COMPRESSED,
            "Too large size_compressed_without_checksum: 4294967295. Most likely corrupted data.");
        assertHeaderError(METHOD_ZSTD, MAX_SIZE + 1L, 10, ErrorCodes.TOO_LARGE_SIZE_COMPRESSED,
            "Too large size_compressed_without_checksum: 1073741825. Most likely corrupted data.");
        assertHeaderError(METHOD_NONE, 20, 0xFFFF_FFFFL, ErrorCodes.TOO_LARGE_SIZE_COMPRESSED,
            "Too large size_decompressed: 4294967295. Most likely corrupted data.");
        assertHeaderError(METHOD_LZ4, 8, 10, ErrorCodes.CORRUPTED_DATA,
            "Can't decompress data: the compressed data size (8, this should include header size) is less than " +
            "the header size (9)");
        assertHeaderError(METHOD_LZ4, 0, 0, ErrorCodes.CORRUPTED_DATA,
            "Can't decompress data: the compressed data size (0, this should include header size) is less than " +
            "the header size (9)");
        assertHeaderError((byte)0x05, 20, 10, ErrorCodes.UNKNOWN_COMPRESSION_METHOD, "Unknown compression method: 5");
        assertHeaderError((byte)0x91, 20, 10, ErrorCodes.UNKNOWN_COMPRESSION_METHOD, "Unknown compression method: 145");

        // the largest legal sizes pass the header check, and a reader just waits for the bytes
        final UnsafeBuffer header = header(METHOD_LZ4, MAX_SIZE, MAX_SIZE);
        assertEquals(CHECKSUM_LENGTH + MAX_SIZE, CompressedBlock.requiredLength(header, 0, FRAME_HEADER_LENGTH));
        final MuonException error = assertThrows(MuonException.class,
            () -> CompressedBlock.decompress(header, 0, FRAME_HEADER_LENGTH, new ExpandableArrayBuffer(16), 0));
        assertEquals(ErrorCodes.CANNOT_READ_ALL_DATA, error.code());
    }

    @Test
    void payloadsThatDisagreeWithTheirHeaderAreRejected()
    {
        final byte[] data = repetitiveBytes(1000);
        for (final byte method : METHODS)
        {
            for (final int claimed : new int[] {0, 999, 1001, 5000})
            {
                final byte[] frame = CompressedBlock.compress(method, LEVEL, data, 0, data.length);
                final UnsafeBuffer buffer = new UnsafeBuffer(frame);
                buffer.putInt(UNCOMPRESSED_SIZE_OFFSET, claimed, ByteOrder.LITTLE_ENDIAN);
                reseal(buffer, 0);
                final MuonException error = assertThrows(MuonException.class,
                    () -> CompressedBlock.decompress(frame, 0, frame.length), methodName(method) + " " + claimed);
                assertEquals(ErrorCodes.CANNOT_DECOMPRESS, error.code(), error.toString());
            }
        }
        final byte[] none = CompressedBlock.compress(METHOD_NONE, LEVEL, data, 0, 10);
        final UnsafeBuffer buffer = new UnsafeBuffer(none);
        buffer.putInt(UNCOMPRESSED_SIZE_OFFSET, 11, ByteOrder.LITTLE_ENDIAN);
        reseal(buffer, 0);
        final MuonException error = assertThrows(MuonException.class,
            () -> CompressedBlock.decompress(none, 0, none.length));
        assertEquals("Wrong data for compression codec NONE: source_size (10) != uncompressed_size (11)",
            error.getMessage());
    }

    @Test
    void randomGarbageOnlyEverRaisesMuonException()
    {
        final Random random = new Random(4);
        final ExpandableArrayBuffer output = new ExpandableArrayBuffer(64);
        final Map<Integer, Integer> outcomes = new TreeMap<>();
        for (int iteration = 0; iteration < 8000; iteration++)
        {
            final byte[] garbage = randomBytes(random, random.nextInt(400));
            final UnsafeBuffer buffer = new UnsafeBuffer(garbage);
            final int shape = iteration % 4;
            if (shape >= 1 && garbage.length >= FRAME_HEADER_LENGTH)
            {
                // a known method and sizes near the real length: short, truncated or checksummed garbage
                buffer.putByte(METHOD_OFFSET, METHODS[random.nextInt(METHODS.length)]);
                final int compressedSize =
                    shape == 1 ? random.nextInt(garbage.length) : garbage.length - CHECKSUM_LENGTH;
                buffer.putInt(COMPRESSED_SIZE_OFFSET, compressedSize, ByteOrder.LITTLE_ENDIAN);
                buffer.putInt(UNCOMPRESSED_SIZE_OFFSET, random.nextInt(1 << 16), ByteOrder.LITTLE_ENDIAN);
            }
            if (shape == 3 && garbage.length >= FRAME_HEADER_LENGTH)
            {
                // a well-formed, correctly checksummed frame around a garbage payload: the codec itself must cope
                reseal(buffer, 0);
            }
            outcomes.merge(decode(buffer, garbage.length, output, "garbage " + iteration), 1, Integer::sum);
        }
        for (final int code : FRAME_ERRORS)
        {
            assertTrue(outcomes.containsKey(code), "the fuzzing reaches " + ErrorCodes.name(code) + ": " + outcomes);
        }

        // real frames with a few payload bytes changed and the checksum fixed up
        final byte[] data = repetitiveBytes(4000);
        int decodedByChance = 0;
        for (int iteration = 0; iteration < 3000; iteration++)
        {
            final byte method = METHODS[iteration % 2];
            final byte[] frame = CompressedBlock.compress(method, LEVEL, data, 0, data.length);
            final int flips = 1 + random.nextInt(4);
            for (int i = 0; i < flips; i++)
            {
                frame[FRAME_HEADER_LENGTH + random.nextInt(frame.length - FRAME_HEADER_LENGTH)] ^=
                    (byte)(1 + random.nextInt(255));
            }
            final UnsafeBuffer buffer = new UnsafeBuffer(frame);
            reseal(buffer, 0);
            if (decode(buffer, frame.length, output, "mutated " + iteration) == DECODED)
            {
                decodedByChance++;
            }
        }
        assertTrue(decodedByChance < 3000, "most mutations are detected, " + decodedByChance + " decoded");
    }

    /** @return the error code of the MuonException the input raised, or {@link #DECODED} */
    private static int decode(
        final DirectBuffer buffer, final int length, final ExpandableArrayBuffer output, final String what)
    {
        try
        {
            CompressedBlock.requiredLength(buffer, 0, length);
            CompressedBlock.decompress(buffer, 0, length, output, 0);
            return DECODED;
        }
        catch (final MuonException e)
        {
            assertTrue(FRAME_ERRORS.contains(e.code()), what + ": " + e);
            return e.code();
        }
        catch (final Throwable e)
        {
            return fail(what + ": " + e, e);
        }
    }

    private static void assertHeaderError(
        final byte method, final long compressedSize, final long uncompressedSize, final int code, final String message)
    {
        final UnsafeBuffer header = header(method, compressedSize, uncompressedSize);
        final MuonException fromRequired = assertThrows(MuonException.class,
            () -> CompressedBlock.requiredLength(header, 0, FRAME_HEADER_LENGTH));
        assertEquals(code, fromRequired.code());
        assertEquals(message, fromRequired.getMessage());
        final MuonException fromDecompress = assertThrows(MuonException.class,
            () -> CompressedBlock.decompress(header, 0, FRAME_HEADER_LENGTH, new ExpandableArrayBuffer(16), 0));
        assertEquals(code, fromDecompress.code());
        assertEquals(FRAME_HEADER_LENGTH, CompressedBlock.requiredLength(header, 0, FRAME_HEADER_LENGTH - 1),
            "a short header is not inspected");
    }

    /** A bare frame header with a correct checksum over the header alone. */
    private static UnsafeBuffer header(final byte method, final long compressedSize, final long uncompressedSize)
    {
        final UnsafeBuffer header = new UnsafeBuffer(new byte[FRAME_HEADER_LENGTH]);
        header.putByte(METHOD_OFFSET, method);
        header.putInt(COMPRESSED_SIZE_OFFSET, (int)compressedSize, ByteOrder.LITTLE_ENDIAN);
        header.putInt(UNCOMPRESSED_SIZE_OFFSET, (int)uncompressedSize, ByteOrder.LITTLE_ENDIAN);
        final long[] hash = new long[2];
        CityHash128.hash(header, CHECKSUM_LENGTH, HEADER_LENGTH, hash);
        header.putLong(CHECKSUM_LOW_OFFSET, hash[0], ByteOrder.LITTLE_ENDIAN);
        header.putLong(CHECKSUM_HIGH_OFFSET, hash[1], ByteOrder.LITTLE_ENDIAN);
        return header;
    }

    /** Rewrites the checksum of the frame at {@code offset} to match its (possibly changed) contents. */
    private static void reseal(final MutableDirectBuffer buffer, final int offset)
    {
        final long[] hash = new long[2];
        final int compressedSize = (int)CompressedBlockDescriptor.compressedSize(buffer, offset);
        CityHash128.hash(buffer, offset + CHECKSUM_LENGTH, compressedSize, hash);
        buffer.putLong(offset + CHECKSUM_LOW_OFFSET, hash[0], ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(offset + CHECKSUM_HIGH_OFFSET, hash[1], ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] randomBytes(final Random random, final int size)
    {
        final byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] repetitiveBytes(final int size)
    {
        final byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++)
        {
            bytes[i] = (byte)((i / 7) % 13 + 'a');
        }
        return bytes;
    }

    private static byte[] bytes(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return bytes;
    }

    private static String methodName(final byte method)
    {
        switch (method)
        {
            case METHOD_LZ4: return "LZ4";
            case METHOD_ZSTD: return "ZSTD";
            default: return "NONE";
        }
    }

    /** The kinds of buffer a caller may hand over, each at a non-zero position inside its memory. */
    private enum BufferKind
    {
        HEAP_ARRAY
        {
            @Override
            MutableDirectBuffer create(final CompressedBlockTest test, final int capacity)
            {
                return new UnsafeBuffer(new byte[capacity + 3], 3, capacity);
            }
        },
        HEAP_BYTE_BUFFER
        {
            @Override
            MutableDirectBuffer create(final CompressedBlockTest test, final int capacity)
            {
                return new UnsafeBuffer(ByteBuffer.allocate(capacity + 4), 4, capacity);
            }
        },
        EXPANDABLE_ARRAY
        {
            @Override
            MutableDirectBuffer create(final CompressedBlockTest test, final int capacity)
            {
                return new ExpandableArrayBuffer(1);
            }
        },
        DIRECT_BYTE_BUFFER
        {
            @Override
            MutableDirectBuffer create(final CompressedBlockTest test, final int capacity)
            {
                return new UnsafeBuffer(ByteBuffer.allocateDirect(capacity + 5), 5, capacity);
            }
        },
        EXPANDABLE_DIRECT
        {
            @Override
            MutableDirectBuffer create(final CompressedBlockTest test, final int capacity)
            {
                return new ExpandableDirectByteBuffer(1);
            }
        },
        RAW_ADDRESS
        {
            @Override
            MutableDirectBuffer create(final CompressedBlockTest test, final int capacity)
            {
                final ByteBuffer memory = ByteBuffer.allocateDirect(capacity + 6);
                test.keepAlive.add(memory);
                return new UnsafeBuffer(BufferUtil.address(memory) + 6, capacity);
            }
        };

        abstract MutableDirectBuffer create(CompressedBlockTest test, int capacity);
    }
}
