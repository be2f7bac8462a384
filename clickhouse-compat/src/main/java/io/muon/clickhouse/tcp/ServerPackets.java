package io.muon.clickhouse.tcp;

import io.muon.clickhouse.format.ByteSink;
import io.muon.kernel.compress.CompressedBlock;
import io.muon.kernel.compress.CompressedBlockDescriptor;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Writes the packets a native protocol server sends, with only the fields the negotiated revision knows: Hello, Pong,
 * Data/Totals/Extremes (the block compressed in ClickHouse's framing when the query asked for compression), Progress,
 * ProfileInfo, Exception, EndOfStream and TablesStatusResponse. Stateless.
 */
final class ServerPackets
{
    /** ClickHouse flushes its compressed connection buffer every 1 MiB of data: the largest frame it sends. */
    static final int MAX_FRAME_DATA = 1 << 20;

    private ServerPackets()
    {
    }

    static void hello(final ByteSink out, final int revision, final String name, final int major, final int minor,
        final int patch, final String timeZone, final String displayName)
    {
        out.writeVarUInt(NativeProtocol.SERVER_HELLO);
        out.writeBinaryString(name);
        out.writeVarUInt(major);
        out.writeVarUInt(minor);
        out.writeVarUInt(NativeProtocol.SERVER_REVISION);
        if (revision >= NativeProtocol.REVISION_WITH_SERVER_TIMEZONE)
        {
            out.writeBinaryString(timeZone);
        }
        if (revision >= NativeProtocol.REVISION_WITH_SERVER_DISPLAY_NAME)
        {
            out.writeBinaryString(displayName);
        }
        if (revision >= NativeProtocol.REVISION_WITH_VERSION_PATCH)
        {
            out.writeVarUInt(patch);
        }
    }

    static void pong(final ByteSink out)
    {
        out.writeVarUInt(NativeProtocol.SERVER_PONG);
    }

    static void endOfStream(final ByteSink out)
    {
        out.writeVarUInt(NativeProtocol.SERVER_END_OF_STREAM);
    }

    /** Exception: code, name, message (as ClickHouse displays it), stack trace, no nested exception. */
    static void exception(final ByteSink out, final int code, final String message)
    {
        out.writeVarUInt(NativeProtocol.SERVER_EXCEPTION);
        out.writeIntLittleEndian(code);
        out.writeBinaryString("DB::Exception");
        out.writeBinaryString("DB::Exception: " + message);
        out.writeBinaryString("");
        out.write(0);
    }

    /** Progress since the last Progress packet (clients add them up). */
    static void progress(final ByteSink out, final int revision, final long readRows, final long readBytes,
        final long totalRowsToRead, final long writtenRows, final long writtenBytes, final long elapsedNanos)
    {
        out.writeVarUInt(NativeProtocol.SERVER_PROGRESS);
        out.writeVarUInt(readRows);
        out.writeVarUInt(readBytes);
        if (revision >= NativeProtocol.REVISION_WITH_TOTAL_ROWS_IN_PROGRESS)
        {
            out.writeVarUInt(totalRowsToRead);
        }
        if (revision >= NativeProtocol.REVISION_WITH_CLIENT_WRITE_INFO)
        {
            out.writeVarUInt(writtenRows);
            out.writeVarUInt(writtenBytes);
        }
        if (revision >= NativeProtocol.REVISION_WITH_SERVER_QUERY_TIME_IN_PROGRESS)
        {
            out.writeVarUInt(elapsedNanos);
        }
    }

    static void profileInfo(final ByteSink out, final long rows, final long blocks, final long bytes,
        final boolean appliedLimit, final long rowsBeforeLimit, final boolean calculatedRowsBeforeLimit)
    {
        out.writeVarUInt(NativeProtocol.SERVER_PROFILE_INFO);
        out.writeVarUInt(rows);
        out.writeVarUInt(blocks);
        out.writeVarUInt(bytes);
        out.write(appliedLimit ? 1 : 0);
        out.writeVarUInt(rowsBeforeLimit);
        out.write(calculatedRowsBeforeLimit ? 1 : 0);
    }

    /**
     * A Data, Totals or Extremes packet: type, external table name (empty), then the encoded block — as is, or in
     * compressed frames of at most 1 MiB of block bytes each.
     *
     * @param method {@link CompressedBlockDescriptor#METHOD_LZ4}, {@link CompressedBlockDescriptor#METHOD_ZSTD}, or 0
     *               when the query did not ask for compression
     */
    static void block(final ByteSink out, final int packetType, final byte[] block, final int length,
        final byte method, final int level)
    {
        out.writeVarUInt(packetType);
        out.writeBinaryString("");
        if (method == 0)
        {
            out.write(block, 0, length);
            return;
        }
        final UnsafeBuffer source = new UnsafeBuffer(block);
        int at = 0;
        do
        {
            final int chunk = Math.min(MAX_FRAME_DATA, length - at);
            final int max = CompressedBlock.maxFrameLength(method, chunk);
            out.ensure(max);
            final UnsafeBuffer target = new UnsafeBuffer(out.buffer(), out.length(), max);
            final int written = CompressedBlock.compress(method, level, source, at, chunk, target, 0);
            out.advance(written);
            at += chunk;
        }
        while (at < length);
    }

    /** TablesStatusResponse: every asked-for table that exists, as not replicated. */
    static void tablesStatus(final ByteSink out, final java.util.List<String[]> tables)
    {
        out.writeVarUInt(NativeProtocol.SERVER_TABLES_STATUS_RESPONSE);
        out.writeVarUInt(tables.size());
        for (final String[] table : tables)
        {
            out.writeBinaryString(table[0]);
            out.writeBinaryString(table[1]);
            out.write(0);
        }
    }
}
