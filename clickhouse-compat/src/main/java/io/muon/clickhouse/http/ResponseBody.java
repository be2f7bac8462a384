package io.muon.clickhouse.http;

import io.muon.kernel.compress.CompressedBlock;
import io.muon.kernel.compress.CompressedBlockDescriptor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Supplier;

/**
 * The body of one HTTP response as the query's thread writes it: bytes pass through ClickHouse's compressed-block
 * framing ({@code compress=1}, 1 MiB blocks of LZ4 as ClickHouse cuts them), then the HTTP content encoding (gzip,
 * deflate, zstd with {@code enable_http_compression=1}), then go out as chunks. The headers go first, on the first
 * chunk, from a supplier (so the summary they carry is as late as possible); with {@code wait_end_of_query} nothing
 * is sent before {@link #finish()}, and the response has a Content-Length. Writing waits while the channel is not
 * writable, so a slow client slows the query instead of filling memory. Owned by the query's thread.
 */
final class ResponseBody
{
    /** ClickHouse frames {@code compress=1} responses in blocks of its 1 MiB write buffer. */
    static final int FRAME_BLOCK = 1 << 20;
    private static final int CHUNK = 64 * 1024;

    private final Channel channel;
    private final io.muon.clickhouse.netty.WritabilityGate gate;
    private final boolean bufferAll;
    private final Supplier<HttpHeaders> headers;
    private final OutputStream pipeline;
    private final ChunkStream chunks;
    private final FramingStream framing;
    private boolean started;
    private boolean finished;

    ResponseBody(final Channel channel, final io.muon.clickhouse.netty.WritabilityGate gate, final boolean bufferAll,
        final boolean frame, final String contentEncoding, final Supplier<HttpHeaders> headers) throws IOException
    {
        this.channel = channel;
        this.gate = gate;
        this.bufferAll = bufferAll;
        this.headers = headers;
        this.chunks = new ChunkStream();
        final OutputStream encoded = switch (contentEncoding == null ? "" : contentEncoding)
        {
            case "gzip" -> new java.util.zip.GZIPOutputStream(chunks, CHUNK, true);
            case "deflate" -> new java.util.zip.DeflaterOutputStream(chunks, new java.util.zip.Deflater(), CHUNK, true);
            case "zstd" -> new com.github.luben.zstd.ZstdOutputStream(chunks);
            case "lz4" -> new net.jpountz.lz4.LZ4FrameOutputStream(chunks);
            default -> chunks;
        };
        this.framing = frame ? new FramingStream(encoded) : null;
        this.pipeline = frame ? framing : encoded;
    }

    /** Whether headers were sent (an error now has to go into the body). */
    boolean started()
    {
        return started;
    }

    void write(final byte[] data, final int offset, final int length) throws IOException
    {
        pipeline.write(data, offset, length);
    }

    /**
     * Sends what was written so far as a chunk now (a frame of its own with {@code compress=1}, a sync-flushed
     * piece of the encoding), as a streaming query does after each emitted batch. Nothing happens while the whole
     * body is buffered.
     */
    void flush() throws IOException
    {
        if (bufferAll || finished)
        {
            return;
        }
        pipeline.flush();
        chunks.sendPending();
    }

    /** Ends the body: the last frame, the encoding's trailer, the last chunk. */
    void finish() throws IOException
    {
        if (finished)
        {
            return;
        }
        finished = true;
        pipeline.close();
    }

    /** Collects encoded bytes into chunks and sends them (headers first). */
    private final class ChunkStream extends OutputStream
    {
        private ByteBuf pending = Unpooled.buffer(CHUNK);
        private long total;

        @Override
        public void write(final int b) throws IOException
        {
            pending.writeByte(b);
            total++;
            if (!bufferAll && pending.readableBytes() >= CHUNK)
            {
                send(false);
            }
        }

        @Override
        public void write(final byte[] b, final int off, final int len) throws IOException
        {
            pending.writeBytes(b, off, len);
            total += len;
            if (!bufferAll && pending.readableBytes() >= CHUNK)
            {
                send(false);
            }
        }

        @Override
        public void close() throws IOException
        {
            send(true);
        }

        void sendPending() throws IOException
        {
            // the first flush sends the headers even without bytes: a streaming client learns the query started
            if (pending.isReadable() || !started)
            {
                send(false);
            }
        }

        private void send(final boolean last) throws IOException
        {
            if (!channel.isActive())
            {
                pending.clear();
                throw new IOException("client closed the connection");
            }
            if (!started)
            {
                started = true;
                final DefaultHttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                response.headers().set(headers.get());
                if (bufferAll && last)
                {
                    response.headers().set(HttpHeaderNames.CONTENT_LENGTH, pending.readableBytes());
                }
                else
                {
                    response.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
                }
                channel.write(response);
            }
            final ByteBuf data = pending;
            pending = last ? null : Unpooled.buffer(CHUNK);
            if (last)
            {
                if (data.isReadable() && !bufferAll)
                {
                    channel.write(new DefaultHttpContent(data));
                    channel.writeAndFlush(new DefaultLastHttpContent());
                }
                else
                {
                    channel.writeAndFlush(new DefaultLastHttpContent(data));
                }
                return;
            }
            channel.writeAndFlush(new DefaultHttpContent(data));
            gate.awaitWritable(channel);
        }
    }

    /** ClickHouse's compressed-block framing of the whole body, in 1 MiB blocks. */
    private static final class FramingStream extends OutputStream
    {
        private final OutputStream next;
        private final byte[] block = new byte[FRAME_BLOCK];
        private int length;

        FramingStream(final OutputStream next)
        {
            this.next = next;
        }

        @Override
        public void write(final int b) throws IOException
        {
            block[length++] = (byte)b;
            if (length == block.length)
            {
                emit();
            }
        }

        @Override
        public void write(final byte[] b, final int off, final int len) throws IOException
        {
            int at = off;
            int left = len;
            while (left > 0)
            {
                final int take = Math.min(left, block.length - length);
                System.arraycopy(b, at, block, length, take);
                length += take;
                at += take;
                left -= take;
                if (length == block.length)
                {
                    emit();
                }
            }
        }

        private void emit() throws IOException
        {
            if (length > 0)
            {
                next.write(CompressedBlock.compress(CompressedBlockDescriptor.METHOD_LZ4, 0, block, 0, length));
                length = 0;
            }
        }

        @Override
        public void flush() throws IOException
        {
            emit();
            next.flush();
        }

        @Override
        public void close() throws IOException
        {
            emit();
            next.close();
        }
    }
}
