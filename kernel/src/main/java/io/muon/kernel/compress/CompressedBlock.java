package io.muon.kernel.compress;

import com.github.luben.zstd.Zstd;
import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

import static io.muon.kernel.compress.CompressedBlockDescriptor.CHECKSUM_LENGTH;
import static io.muon.kernel.compress.CompressedBlockDescriptor.FRAME_HEADER_LENGTH;
import static io.muon.kernel.compress.CompressedBlockDescriptor.HEADER_LENGTH;
import static io.muon.kernel.compress.CompressedBlockDescriptor.MAX_SIZE;
import static io.muon.kernel.compress.CompressedBlockDescriptor.METHOD_LZ4;
import static io.muon.kernel.compress.CompressedBlockDescriptor.METHOD_NONE;
import static io.muon.kernel.compress.CompressedBlockDescriptor.METHOD_ZSTD;
import static io.muon.kernel.compress.CompressedBlockDescriptor.PAYLOAD_OFFSET;

/**
 * Writes and reads ClickHouse compressed blocks ({@link CompressedBlockDescriptor}): the framing of compressed native
 * protocol data and of MergeTree {@code .bin} files. Writing compresses a range into a frame with its CityHash128
 * checksum; reading checks the header, the sizes and the checksum before it decompresses, and reports every defect of
 * the input as a {@link MuonException} with ClickHouse's error code, never as an index or codec exception.
 * <p>
 * Buffers belong to the caller. Heap buffers (byte[], {@link org.agrona.ExpandableArrayBuffer}) and off-heap buffers
 * are both accepted; when source and destination live on different sides, or an off-heap LZ4 buffer has no
 * {@link ByteBuffer} view, the data is staged through a temporary array, so keep both on one side on hot paths.
 * Destinations are grown through {@link MutableDirectBuffer#checkLimit}, so an expandable buffer just grows and a fixed
 * one that is too small throws {@link IndexOutOfBoundsException}. Stateless and thread-safe.
 */
public final class CompressedBlock
{
    /** The ZSTD level ClickHouse uses when none is given. */
    public static final int DEFAULT_ZSTD_LEVEL = 1;

    private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();
    private static final LZ4Compressor LZ4_COMPRESSOR = LZ4.fastCompressor();
    private static final LZ4SafeDecompressor LZ4_DECOMPRESSOR = LZ4.safeDecompressor();

    /** Per-thread scratch for a 128-bit hash, so checksumming allocates nothing. */
    private static final ThreadLocal<long[]> HASH = ThreadLocal.withInitial(() -> new long[2]);

    private CompressedBlock()
    {
    }

    /** The longest frame {@link #compress} can produce for {@code length} bytes with {@code method}. */
    public static int maxFrameLength(final byte method, final int length)
    {
        checkLength(length);
        final long payload;
        switch (method)
        {
            case METHOD_NONE:
                payload = length;
                break;
            case METHOD_LZ4:
                payload = LZ4_COMPRESSOR.maxCompressedLength(length);
                break;
            case METHOD_ZSTD:
                payload = Zstd.compressBound(length);
                break;
            default:
                throw new IllegalArgumentException("not a compression method: " + hexByte(method));
        }
        return (int)(FRAME_HEADER_LENGTH + payload);
    }

    /**
     * Compresses {@code src[srcOffset, srcOffset + length)} into one frame at {@code dst[dstOffset]}.
     *
     * @param method {@link CompressedBlockDescriptor#METHOD_LZ4}, {@link CompressedBlockDescriptor#METHOD_ZSTD} or
     *               {@link CompressedBlockDescriptor#METHOD_NONE}
     * @param level  the ZSTD level; ignored by the other methods
     * @return the length of the frame written
     */
    public static int compress(
        final byte method, final int level, final DirectBuffer src, final int srcOffset, final int length,
        final MutableDirectBuffer dst, final int dstOffset)
    {
        checkRange(src, srcOffset, length);
        final int maxFrameLength = maxFrameLength(method, length);
        if (dstOffset < 0)
        {
            throw new IndexOutOfBoundsException("negative destination offset " + dstOffset);
        }
        dst.checkLimit(dstOffset + maxFrameLength);

        final int payloadOffset = dstOffset + PAYLOAD_OFFSET;
        final int payloadCapacity = maxFrameLength - FRAME_HEADER_LENGTH;
        final int payloadLength;
        switch (method)
        {
            case METHOD_NONE:
                dst.putBytes(payloadOffset, src, srcOffset, length);
                payloadLength = length;
                break;
            case METHOD_LZ4:
                payloadLength = compressLz4(src, srcOffset, length, dst, payloadOffset, payloadCapacity);
                break;
            default:
                payloadLength = compressZstd(level, src, srcOffset, length, dst, payloadOffset, payloadCapacity);
                break;
        }

        final int compressedSize = HEADER_LENGTH + payloadLength;
        if (compressedSize > MAX_SIZE)
        {
            throw new MuonException(ErrorCodes.CANNOT_COMPRESS,
                "Compressed block of " + compressedSize + " bytes is larger than the limit " + MAX_SIZE);
        }
        CompressedBlockDescriptor.putHeader(dst, dstOffset, method, compressedSize, length);
        final long[] hash = HASH.get();
        CityHash128.hash(dst, dstOffset + CHECKSUM_LENGTH, compressedSize, hash);
        CompressedBlockDescriptor.putChecksum(dst, dstOffset, hash[0], hash[1]);
        return CHECKSUM_LENGTH + compressedSize;
    }

    /** {@link #compress(byte, int, DirectBuffer, int, int, MutableDirectBuffer, int)} into a new array. */
    public static byte[] compress(
        final byte method, final int level, final byte[] data, final int offset, final int length)
    {
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[maxFrameLength(method, length)]);
        final int frameLength = compress(method, level, new UnsafeBuffer(data), offset, length, scratch, 0);
        final byte[] frame = new byte[frameLength];
        scratch.getBytes(0, frame);
        return frame;
    }

    /**
     * How many bytes, counted from {@code offset}, the frame starting there needs: {@link
     * CompressedBlockDescriptor#FRAME_HEADER_LENGTH} while fewer than that are available, then the whole frame's
     * length. The frame is complete exactly when the result is at most {@code available}, so a network reader reads
     * until it is. The header is checked as soon as it is there.
     *
     * @throws MuonException for an unknown method or impossible sizes
     */
    public static int requiredLength(final DirectBuffer buffer, final int offset, final int available)
    {
        checkRange(buffer, offset, available);
        if (available < FRAME_HEADER_LENGTH)
        {
            return FRAME_HEADER_LENGTH;
        }
        return checkHeader(buffer, offset);
    }

    /**
     * Checks the frame at {@code src[srcOffset]}, of which {@code available} bytes are present: header, sizes,
     * completeness and checksum, without decompressing.
     *
     * @return the frame's length
     */
    public static int verify(final DirectBuffer src, final int srcOffset, final int available)
    {
        checkRange(src, srcOffset, available);
        if (available < FRAME_HEADER_LENGTH)
        {
            throw truncated(available, FRAME_HEADER_LENGTH);
        }
        final int frameLength = checkHeader(src, srcOffset);
        if (available < frameLength)
        {
            throw truncated(available, frameLength);
        }
        verifyChecksum(src, srcOffset, frameLength - CHECKSUM_LENGTH);
        return frameLength;
    }

    /**
     * Verifies the frame at {@code src[srcOffset]} (see {@link #verify}) and decompresses it to {@code dst[dstOffset]}.
     * The frame occupies {@link #requiredLength} bytes of the source.
     *
     * @return the number of uncompressed bytes written
     */
    public static int decompress(
        final DirectBuffer src, final int srcOffset, final int available,
        final MutableDirectBuffer dst, final int dstOffset)
    {
        final int frameLength = verify(src, srcOffset, available);
        return decompressVerified(src, srcOffset, frameLength, dst, dstOffset);
    }

    /** Decompresses the single frame {@code frame[offset, offset + length)} into a new array. */
    public static byte[] decompress(final byte[] frame, final int offset, final int length)
    {
        final UnsafeBuffer src = new UnsafeBuffer(frame);
        final int frameLength = verify(src, offset, length);
        final byte[] data = new byte[(int)CompressedBlockDescriptor.uncompressedSize(src, offset)];
        decompressVerified(src, offset, frameLength, new UnsafeBuffer(data), 0);
        return data;
    }

    private static int decompressVerified(
        final DirectBuffer src, final int srcOffset, final int frameLength,
        final MutableDirectBuffer dst, final int dstOffset)
    {
        final byte method = CompressedBlockDescriptor.method(src, srcOffset);
        final int uncompressedSize = (int)CompressedBlockDescriptor.uncompressedSize(src, srcOffset);
        final int payloadOffset = srcOffset + PAYLOAD_OFFSET;
        final int payloadLength = frameLength - PAYLOAD_OFFSET;
        if (dstOffset < 0)
        {
            throw new IndexOutOfBoundsException("negative destination offset " + dstOffset);
        }
        dst.checkLimit(dstOffset + uncompressedSize);
        switch (method)
        {
            case METHOD_NONE:
                if (payloadLength != uncompressedSize)
                {
                    throw new MuonException(ErrorCodes.CANNOT_DECOMPRESS,
                        "Wrong data for compression codec NONE: source_size (" + payloadLength +
                        ") != uncompressed_size (" + uncompressedSize + ")");
                }
                dst.putBytes(dstOffset, src, payloadOffset, payloadLength);
                break;
            case METHOD_LZ4:
                decompressLz4(src, payloadOffset, payloadLength, dst, dstOffset, uncompressedSize);
                break;
            default:
                decompressZstd(src, payloadOffset, payloadLength, dst, dstOffset, uncompressedSize);
                break;
        }
        return uncompressedSize;
    }

    /** Checks method and sizes of a frame whose header is present; returns the frame length. */
    private static int checkHeader(final DirectBuffer buffer, final int offset)
    {
        final byte method = CompressedBlockDescriptor.method(buffer, offset);
        if (!CompressedBlockDescriptor.isKnownMethod(method))
        {
            throw new MuonException(ErrorCodes.UNKNOWN_COMPRESSION_METHOD, "Unknown compression method: " + (method & 0xFF));
        }
        final long compressedSize = CompressedBlockDescriptor.compressedSize(buffer, offset);
        if (compressedSize > MAX_SIZE)
        {
            throw new MuonException(ErrorCodes.TOO_LARGE_SIZE_COMPRESSED,
                "Too large size_compressed_without_checksum: " + compressedSize + ". Most likely corrupted data.");
        }
        if (compressedSize < HEADER_LENGTH)
        {
            throw new MuonException(ErrorCodes.CORRUPTED_DATA,
                "Can't decompress data: the compressed data size (" + compressedSize +
                ", this should include header size) is less than the header size (" + HEADER_LENGTH + ")");
        }
        final long uncompressedSize = CompressedBlockDescriptor.uncompressedSize(buffer, offset);
        if (uncompressedSize > MAX_SIZE)
        {
            throw new MuonException(ErrorCodes.TOO_LARGE_SIZE_COMPRESSED,
                "Too large size_decompressed: " + uncompressedSize + ". Most likely corrupted data.");
        }
        return (int)(CHECKSUM_LENGTH + compressedSize);
    }

    private static void verifyChecksum(final DirectBuffer buffer, final int offset, final int compressedSize)
    {
        final long[] hash = HASH.get();
        CityHash128.hash(buffer, offset + CHECKSUM_LENGTH, compressedSize, hash);
        final long referenceLow = CompressedBlockDescriptor.checksumLow(buffer, offset);
        final long referenceHigh = CompressedBlockDescriptor.checksumHigh(buffer, offset);
        if (hash[0] != referenceLow || hash[1] != referenceHigh)
        {
            throw new MuonException(ErrorCodes.CHECKSUM_DOESNT_MATCH,
                "Checksum doesn't match: corrupted data. Reference: " + CityHash128.toHex(referenceLow, referenceHigh) +
                ". Actual: " + CityHash128.toHex(hash[0], hash[1]) + ". Size of compressed block: " + compressedSize);
        }
    }

    private static int compressLz4(
        final DirectBuffer src, final int srcOffset, final int length,
        final MutableDirectBuffer dst, final int dstOffset, final int capacity)
    {
        final byte[] srcArray = src.byteArray();
        final byte[] dstArray = dst.byteArray();
        if (srcArray != null && dstArray != null)
        {
            return LZ4_COMPRESSOR.compress(
                srcArray, arrayIndex(src, srcOffset), length, dstArray, arrayIndex(dst, dstOffset), capacity);
        }
        final ByteBuffer srcBuffer = src.byteBuffer();
        final ByteBuffer dstBuffer = dst.byteBuffer();
        if (srcArray == null && dstArray == null && srcBuffer != null && dstBuffer != null)
        {
            return LZ4_COMPRESSOR.compress(
                srcBuffer, byteBufferIndex(src, srcOffset), length,
                dstBuffer, byteBufferIndex(dst, dstOffset), capacity);
        }
        final byte[] input = new byte[length];
        src.getBytes(srcOffset, input);
        final byte[] output = new byte[capacity];
        final int written = LZ4_COMPRESSOR.compress(input, 0, length, output, 0, capacity);
        dst.putBytes(dstOffset, output, 0, written);
        return written;
    }

    private static int compressZstd(
        final int level, final DirectBuffer src, final int srcOffset, final int length,
        final MutableDirectBuffer dst, final int dstOffset, final int capacity)
    {
        final byte[] srcArray = src.byteArray();
        final byte[] dstArray = dst.byteArray();
        final long result;
        if (srcArray != null && dstArray != null)
        {
            result = Zstd.compressByteArray(
                dstArray, arrayIndex(dst, dstOffset), capacity, srcArray, arrayIndex(src, srcOffset), length, level);
        }
        else if (srcArray == null && dstArray == null)
        {
            result = Zstd.compressUnsafe(
                dst.addressOffset() + dstOffset, capacity, src.addressOffset() + srcOffset, length, level);
        }
        else
        {
            final byte[] input = new byte[length];
            src.getBytes(srcOffset, input);
            final byte[] output = new byte[capacity];
            result = Zstd.compressByteArray(output, 0, capacity, input, 0, length, level);
            if (!Zstd.isError(result))
            {
                dst.putBytes(dstOffset, output, 0, (int)result);
            }
        }
        if (Zstd.isError(result))
        {
            throw new MuonException(ErrorCodes.CANNOT_COMPRESS,
                "Cannot compress with ZSTD codec: " + Zstd.getErrorName(result));
        }
        return (int)result;
    }

    private static void decompressLz4(
        final DirectBuffer src, final int srcOffset, final int length,
        final MutableDirectBuffer dst, final int dstOffset, final int uncompressedSize)
    {
        final int produced;
        try
        {
            final byte[] srcArray = src.byteArray();
            final byte[] dstArray = dst.byteArray();
            final ByteBuffer srcBuffer = src.byteBuffer();
            final ByteBuffer dstBuffer = dst.byteBuffer();
            if (srcArray != null && dstArray != null)
            {
                produced = LZ4_DECOMPRESSOR.decompress(
                    srcArray, arrayIndex(src, srcOffset), length,
                    dstArray, arrayIndex(dst, dstOffset), uncompressedSize);
            }
            else if (srcArray == null && dstArray == null && srcBuffer != null && dstBuffer != null)
            {
                produced = LZ4_DECOMPRESSOR.decompress(
                    srcBuffer, byteBufferIndex(src, srcOffset), length,
                    dstBuffer, byteBufferIndex(dst, dstOffset), uncompressedSize);
            }
            else
            {
                final byte[] input = new byte[length];
                src.getBytes(srcOffset, input);
                final byte[] output = new byte[uncompressedSize];
                produced = LZ4_DECOMPRESSOR.decompress(input, 0, length, output, 0, uncompressedSize);
                dst.putBytes(dstOffset, output, 0, produced);
            }
        }
        catch (final RuntimeException e)
        {
            throw new MuonException(ErrorCodes.CANNOT_DECOMPRESS,
                "Cannot decompress LZ4-encoded data: " + e.getMessage(), e);
        }
        if (produced != uncompressedSize)
        {
            throw new MuonException(ErrorCodes.CANNOT_DECOMPRESS,
                "Cannot decompress LZ4-encoded data: got " + produced + " bytes, the header says " + uncompressedSize);
        }
    }

    private static void decompressZstd(
        final DirectBuffer src, final int srcOffset, final int length,
        final MutableDirectBuffer dst, final int dstOffset, final int uncompressedSize)
    {
        final long produced;
        try
        {
            final byte[] srcArray = src.byteArray();
            final byte[] dstArray = dst.byteArray();
            if (srcArray != null && dstArray != null)
            {
                produced = Zstd.decompressByteArray(
                    dstArray, arrayIndex(dst, dstOffset), uncompressedSize,
                    srcArray, arrayIndex(src, srcOffset), length);
            }
            else if (srcArray == null && dstArray == null)
            {
                produced = Zstd.decompressUnsafe(
                    dst.addressOffset() + dstOffset, uncompressedSize, src.addressOffset() + srcOffset, length);
            }
            else
            {
                final byte[] input = new byte[length];
                src.getBytes(srcOffset, input);
                final byte[] output = new byte[uncompressedSize];
                produced = Zstd.decompressByteArray(output, 0, uncompressedSize, input, 0, length);
                if (!Zstd.isError(produced))
                {
                    dst.putBytes(dstOffset, output, 0, (int)produced);
                }
            }
        }
        catch (final RuntimeException e)
        {
            throw new MuonException(ErrorCodes.CANNOT_DECOMPRESS,
                "Cannot decompress ZSTD-encoded data: " + e.getMessage(), e);
        }
        if (Zstd.isError(produced))
        {
            throw new MuonException(ErrorCodes.CANNOT_DECOMPRESS,
                "Cannot decompress ZSTD-encoded data: " + Zstd.getErrorName(produced));
        }
        if (produced != uncompressedSize)
        {
            throw new MuonException(ErrorCodes.CANNOT_DECOMPRESS,
                "Cannot decompress ZSTD-encoded data: got " + produced + " bytes, the header says " + uncompressedSize);
        }
    }

    private static MuonException truncated(final int read, final int expected)
    {
        return new MuonException(ErrorCodes.CANNOT_READ_ALL_DATA,
            "Cannot read all data. Bytes read: " + read + ". Bytes expected: " + expected + ".");
    }

    /** Index into {@code buffer.byteArray()} of the buffer's {@code index}. */
    private static int arrayIndex(final DirectBuffer buffer, final int index)
    {
        return (int)(buffer.addressOffset() - BufferUtil.ARRAY_BASE_OFFSET) + index;
    }

    /** Index into {@code buffer.byteBuffer()} of the buffer's {@code index}, for an off-heap buffer. */
    private static int byteBufferIndex(final DirectBuffer buffer, final int index)
    {
        return (int)(buffer.addressOffset() - BufferUtil.address(buffer.byteBuffer())) + index;
    }

    private static void checkRange(final DirectBuffer buffer, final int offset, final int length)
    {
        if (offset < 0 || length < 0 || offset > buffer.capacity() - length)
        {
            throw new IndexOutOfBoundsException(
                "range [" + offset + ", " + offset + " + " + length + ") outside capacity " + buffer.capacity());
        }
    }

    private static void checkLength(final int length)
    {
        if (length < 0 || length > MAX_SIZE)
        {
            throw new IllegalArgumentException("block length " + length + " outside [0, " + MAX_SIZE + "]");
        }
    }

    private static String hexByte(final byte value)
    {
        final String digits = Integer.toHexString(value & 0xFF);
        return digits.length() == 1 ? "0x0" + digits : "0x" + digits;
    }
}
