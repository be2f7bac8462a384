package io.muon.clickhouse.http;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.compress.CompressedBlock;
import io.muon.kernel.compress.CompressedBlockDescriptor;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body as bytes: HTTP content encoding (gzip, deflate, zstd, lz4) and ClickHouse's compressed-block framing
 * ({@code decompress=1}) undone, never growing past the body limit (a decompression bomb fails with Code 396).
 */
final class RequestBody
{
    private RequestBody()
    {
    }

    /** The request body, without ClickHouse framing ({@code decompress=1}) and HTTP content encoding. */
    static byte[] read(final FullHttpRequest request, final QueryStringDecoder uri, final int maxBytes)
        throws IOException
    {
        final ByteBuf content = request.content();
        byte[] bytes = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), bytes);
        final String encoding = request.headers().get(HttpHeaderNames.CONTENT_ENCODING);
        if (encoding != null && !encoding.isEmpty() && !encoding.equalsIgnoreCase("identity"))
        {
            bytes = decode(bytes, encoding.trim().toLowerCase(java.util.Locale.ROOT), maxBytes);
        }
        if ("1".equals(HttpQueryHandler.parameter(uri, "decompress")))
        {
            bytes = unframe(bytes, maxBytes);
        }
        return bytes;
    }

    private static byte[] decode(final byte[] bytes, final String encoding, final int maxBytes) throws IOException
    {
        final InputStream in;
        try
        {
            in = switch (encoding)
            {
                case "gzip", "x-gzip" -> new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes));
                case "deflate" -> new java.util.zip.InflaterInputStream(new java.io.ByteArrayInputStream(bytes));
                case "zstd" -> new com.github.luben.zstd.ZstdInputStream(new java.io.ByteArrayInputStream(bytes));
                case "lz4" -> new net.jpountz.lz4.LZ4FrameInputStream(new java.io.ByteArrayInputStream(bytes));
                default -> throw new MuonException(ErrorCodes.UNKNOWN_COMPRESSION_METHOD, "Unknown Content-Encoding " +
                    "of the request body: " + encoding);
            };
        }
        catch (final java.util.zip.ZipException e)
        {
            throw new MuonException(ErrorCodes.CANNOT_READ_ALL_DATA, "Cannot decode the " + encoding + " request " +
                "body: " + e.getMessage());
        }
        try (InputStream decoded = in)
        {
            final ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, bytes.length * 4));
            final byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = decoded.read(buffer)) > 0)
            {
                out.write(buffer, 0, n);
                if (out.size() > maxBytes)
                {
                    throw new MuonException(ErrorCodes.TOO_MANY_ROWS_OR_BYTES, "The decoded request body is larger " +
                        "than " + maxBytes + " bytes");
                }
            }
            return out.toByteArray();
        }
        catch (final IOException e)
        {
            throw new MuonException(ErrorCodes.CANNOT_READ_ALL_DATA, "Cannot decode the " + encoding + " request " +
                "body: " + e.getMessage());
        }
    }

    /** Concatenates the payloads of ClickHouse's compressed blocks, checking each. */
    private static byte[] unframe(final byte[] framed, final int maxBytes)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(framed.length * 2);
        int at = 0;
        while (at < framed.length)
        {
            if (framed.length - at < CompressedBlockDescriptor.FRAME_HEADER_LENGTH)
            {
                throw new MuonException(ErrorCodes.CANNOT_READ_ALL_DATA, "Cannot read all data: a compressed block " +
                    "header is cut short (" + (framed.length - at) + " bytes)");
            }
            final long compressed = (framed[at + CompressedBlockDescriptor.COMPRESSED_SIZE_OFFSET] & 0xFFL) |
                (framed[at + CompressedBlockDescriptor.COMPRESSED_SIZE_OFFSET + 1] & 0xFFL) << 8 |
                (framed[at + CompressedBlockDescriptor.COMPRESSED_SIZE_OFFSET + 2] & 0xFFL) << 16 |
                (framed[at + CompressedBlockDescriptor.COMPRESSED_SIZE_OFFSET + 3] & 0xFFL) << 24;
            final long frame = compressed + CompressedBlockDescriptor.CHECKSUM_LENGTH;
            if (compressed < CompressedBlockDescriptor.HEADER_LENGTH || frame > framed.length - at)
            {
                throw new MuonException(ErrorCodes.CANNOT_READ_ALL_DATA, "Cannot read all data: a compressed block " +
                    "claims " + compressed + " bytes, " + (framed.length - at) + " are left");
            }
            out.writeBytes(CompressedBlock.decompress(framed, at, (int)frame));
            if (out.size() > maxBytes)
            {
                throw new MuonException(ErrorCodes.TOO_MANY_ROWS_OR_BYTES, "The decompressed request body is larger " +
                    "than " + maxBytes + " bytes");
            }
            at += (int)frame;
        }
        return out.toByteArray();
    }
}
