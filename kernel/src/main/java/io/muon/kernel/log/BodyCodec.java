package io.muon.kernel.log;

import com.github.luben.zstd.Zstd;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

import java.nio.ByteBuffer;

/**
 * Compresses and decompresses record bodies between direct buffers. Stateless and thread-safe; the buffers belong
 * to the caller.
 */
final class BodyCodec
{
    private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();
    private static final LZ4Compressor LZ4_COMPRESSOR = LZ4.fastCompressor();
    private static final LZ4SafeDecompressor LZ4_DECOMPRESSOR = LZ4.safeDecompressor();
    private static final int ZSTD_LEVEL = 1;

    private BodyCodec()
    {
    }

    static int maxCompressedLength(final LogCodec codec, final int length)
    {
        switch (codec)
        {
            case LZ4: return LZ4_COMPRESSOR.maxCompressedLength(length);
            case ZSTD: return (int)Math.min(Integer.MAX_VALUE, Zstd.compressBound(length));
            default: return length;
        }
    }

    /** @return the compressed length written at {@code dst[dstOffset]}. */
    static int compress(
        final LogCodec codec, final ByteBuffer src, final int srcOffset, final int length,
        final ByteBuffer dst, final int dstOffset, final int dstCapacity)
    {
        switch (codec)
        {
            case LZ4:
                return LZ4_COMPRESSOR.compress(src, srcOffset, length, dst, dstOffset, dstCapacity);
            case ZSTD:
            {
                final long result = Zstd.compressDirectByteBuffer(
                    dst, dstOffset, dstCapacity, src, srcOffset, length, ZSTD_LEVEL);
                if (Zstd.isError(result))
                {
                    throw new IllegalStateException("zstd compression failed: " + Zstd.getErrorName(result));
                }
                return (int)result;
            }
            default:
                throw new IllegalArgumentException("not a compressing codec: " + codec);
        }
    }

    /**
     * Decompresses exactly {@code expectedLength} bytes.
     *
     * @return null on success, else what is wrong with the input.
     */
    static String decompress(
        final LogCodec codec, final ByteBuffer src, final int srcOffset, final int length,
        final ByteBuffer dst, final int dstOffset, final int expectedLength)
    {
        try
        {
            final long produced;
            switch (codec)
            {
                case LZ4:
                    produced = LZ4_DECOMPRESSOR.decompress(src, srcOffset, length, dst, dstOffset, expectedLength);
                    break;
                case ZSTD:
                    produced = Zstd.decompressDirectByteBuffer(dst, dstOffset, expectedLength, src, srcOffset, length);
                    if (Zstd.isError(produced))
                    {
                        return "zstd: " + Zstd.getErrorName(produced);
                    }
                    break;
                default:
                    return "not a compressing codec: " + codec;
            }
            return produced == expectedLength ? null :
                "decompressed " + produced + " bytes, header says " + expectedLength;
        }
        catch (final RuntimeException e)
        {
            return codec + ": " + e.getMessage();
        }
    }
}
