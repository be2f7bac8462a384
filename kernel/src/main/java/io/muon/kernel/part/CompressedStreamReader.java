package io.muon.kernel.part;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.compress.CompressedBlock;
import io.muon.kernel.compress.CompressedBlockDescriptor;
import io.muon.kernel.io.FilesFacade;
import org.agrona.ExpandableArrayBuffer;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Reads one column stream of a part ({@code <stream>.bin}) as a byte stream: blocks are read, their CityHash128 checked
 * and decompressed one at a time, and a value may straddle two blocks. {@link #seek} goes to a mark. Every defect of
 * the file (a bad frame, a checksum mismatch, data ending early) is a {@link MuonException} naming the file. Owned by
 * the thread running the read.
 */
final class CompressedStreamReader implements AutoCloseable
{
    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** The largest uncompressed block accepted: ClickHouse's max_compress_block_size is 1 MiB; leave room. */
    private static final int MAX_BLOCK = 64 * 1024 * 1024;

    private final FilesFacade files;
    private final Path path;
    private final FileChannel channel;
    private final long fileSize;
    private final ExpandableArrayBuffer frame = new ExpandableArrayBuffer(CompressedStreamWriter.BLOCK_SIZE + 1024);
    private final ExpandableArrayBuffer block = new ExpandableArrayBuffer(CompressedStreamWriter.BLOCK_SIZE);
    private byte[] data = block.byteArray();
    private int position;
    private int limit;
    /** Offset in the file of the next block to read. */
    private long nextBlock;
    /** Where the block now in {@code data} starts in the file (-1: none). */
    private long blockStart = -1;

    CompressedStreamReader(final FilesFacade files, final Path path) throws IOException
    {
        this.files = files;
        this.path = path;
        this.channel = files.openRead(path);
        try
        {
            this.fileSize = channel.size();
        }
        catch (final IOException e)
        {
            files.close(channel);
            throw e;
        }
    }

    /** Where a LowCardinality indexes stream is between calls: its dictionaries and the rows left of a chunk. */
    static final class LowCardinalityState
    {
        io.muon.kernel.vector.Vector global;
        io.muon.kernel.vector.Vector additional;
        int keyWidth;
        int pendingRows;
    }

    private LowCardinalityState lowCardinality;

    LowCardinalityState lowCardinality()
    {
        if (lowCardinality == null)
        {
            lowCardinality = new LowCardinalityState();
        }
        return lowCardinality;
    }

    /** Goes to the granule a mark points at. */
    void seek(final long compressedOffset, final long decompressedOffset)
    {
        if (lowCardinality != null)
        {
            lowCardinality.pendingRows = 0;
            lowCardinality.global = null;
        }
        if (compressedOffset < 0 || compressedOffset > fileSize)
        {
            throw corrupted("mark points at offset " + compressedOffset + " past the end (" + fileSize + " bytes)");
        }
        if (lowCardinality == null && compressedOffset == blockStart && decompressedOffset >= 0 &&
            decompressedOffset <= limit)
        {
            // the block is already decompressed (granules of a column often share one)
            position = (int)decompressedOffset;
            return;
        }
        nextBlock = compressedOffset;
        blockStart = -1;
        limit = 0;
        position = 0;
        if (compressedOffset == fileSize && decompressedOffset == 0)
        {
            return;
        }
        readBlock();
        if (decompressedOffset < 0 || decompressedOffset > limit)
        {
            throw corrupted("mark points at byte " + decompressedOffset + " of a block of " + limit);
        }
        position = (int)decompressedOffset;
    }

    private void readBlock()
    {
        if (nextBlock >= fileSize)
        {
            throw new MuonException(ErrorCodes.CANNOT_READ_ALL_DATA, "Cannot read all data from " + path +
                ": the column ends early");
        }
        try
        {
            final int header = CompressedBlockDescriptor.FRAME_HEADER_LENGTH;
            if (fileSize - nextBlock < header)
            {
                throw corrupted("a truncated block header at offset " + nextBlock);
            }
            read(0, header, nextBlock);
            final int length = CompressedBlock.requiredLength(frame, 0, header);
            if (nextBlock + length > fileSize)
            {
                throw corrupted("a block of " + length + " bytes at offset " + nextBlock + " runs past the end");
            }
            final long uncompressed = CompressedBlockDescriptor.uncompressedSize(frame, 0);
            if (uncompressed > MAX_BLOCK)
            {
                throw corrupted("a block of " + uncompressed + " uncompressed bytes");
            }
            read(header, length - header, nextBlock + header);
            blockStart = -1;
            final int size = CompressedBlock.decompress(frame, 0, length, block, 0);
            data = block.byteArray();
            blockStart = nextBlock;
            nextBlock += length;
            position = 0;
            limit = size;
        }
        catch (final IOException e)
        {
            throw new MuonException(ErrorCodes.CANNOT_READ_ALL_DATA, "Cannot read " + path + ": " + e.getMessage());
        }
        catch (final MuonException e)
        {
            if (e.code() == ErrorCodes.CANNOT_READ_ALL_DATA || e.getMessage().contains(path.toString()))
            {
                throw e;
            }
            throw new MuonException(e.code(), e.getMessage() + " (in " + path + " at offset " + nextBlock + ")");
        }
    }

    private void read(final int offset, final int length, final long filePosition) throws IOException
    {
        frame.checkLimit(offset + length);
        final ByteBuffer target = ByteBuffer.wrap(frame.byteArray(), offset, length);
        long at = filePosition;
        while (target.hasRemaining())
        {
            final int read = channel.read(target, at);
            if (read < 0)
            {
                throw new IOException("unexpected end of file");
            }
            at += read;
        }
    }

    private MuonException corrupted(final String why)
    {
        return new MuonException(ErrorCodes.CORRUPTED_DATA, "Corrupted part file " + path + ": " + why);
    }

    /** Makes at least one byte available. */
    private void fill()
    {
        while (position == limit)
        {
            readBlock();
        }
    }

    int getByte()
    {
        if (position == limit)
        {
            fill();
        }
        return data[position++];
    }

    short getShort()
    {
        if (limit - position >= 2)
        {
            final short value = (short)SHORTS.get(data, position);
            position += 2;
            return value;
        }
        return (short)((getByte() & 0xFF) | (getByte() << 8));
    }

    int getInt()
    {
        if (limit - position >= 4)
        {
            final int value = (int)INTS.get(data, position);
            position += 4;
            return value;
        }
        int value = 0;
        for (int i = 0; i < 4; i++)
        {
            value |= (getByte() & 0xFF) << (8 * i);
        }
        return value;
    }

    long getLong()
    {
        if (limit - position >= 8)
        {
            final long value = (long)LONGS.get(data, position);
            position += 8;
            return value;
        }
        long value = 0;
        for (int i = 0; i < 8; i++)
        {
            value |= (getByte() & 0xFFL) << (8 * i);
        }
        return value;
    }

    /** Reads {@code count} values of 8 bytes into {@code out[offset]}, a block's worth at a time. */
    void getLongs(final long[] out, final int offset, final int count)
    {
        int at = offset;
        int left = count;
        while (left > 0)
        {
            final int available = (limit - position) >>> 3;
            if (available == 0)
            {
                out[at++] = getLong();
                left--;
                continue;
            }
            final int take = Math.min(left, available);
            ByteBuffer.wrap(data, position, take << 3).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out, at, take);
            position += take << 3;
            at += take;
            left -= take;
        }
    }

    /** Reads {@code count} Float64 values into {@code out[offset]}, a block's worth at a time. */
    void getDoubles(final double[] out, final int offset, final int count)
    {
        int at = offset;
        int left = count;
        while (left > 0)
        {
            final int available = (limit - position) >>> 3;
            if (available == 0)
            {
                out[at++] = Double.longBitsToDouble(getLong());
                left--;
                continue;
            }
            final int take = Math.min(left, available);
            ByteBuffer.wrap(data, position, take << 3).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer()
                .get(out, at, take);
            position += take << 3;
            at += take;
            left -= take;
        }
    }

    /** Reads {@code count} values of 4 bytes, widened (sign- or zero-extended), into {@code out[offset]}. */
    void getInts(final long[] out, final int offset, final int count, final boolean signed)
    {
        int at = offset;
        int left = count;
        while (left > 0)
        {
            final int available = (limit - position) >>> 2;
            if (available == 0)
            {
                final int value = getInt();
                out[at++] = signed ? value : value & 0xFFFF_FFFFL;
                left--;
                continue;
            }
            final int take = Math.min(left, available);
            final byte[] bytes = data;
            final int base = position;
            if (signed)
            {
                for (int i = 0; i < take; i++)
                {
                    out[at + i] = (int)INTS.get(bytes, base + (i << 2));
                }
            }
            else
            {
                for (int i = 0; i < take; i++)
                {
                    out[at + i] = (int)INTS.get(bytes, base + (i << 2)) & 0xFFFF_FFFFL;
                }
            }
            position += take << 2;
            at += take;
            left -= take;
        }
    }

    long getVarUInt()
    {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            final int b = getByte() & 0xFF;
            value |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
        throw corrupted("a variable-length integer longer than 10 bytes");
    }

    /** Copies {@code length} bytes into {@code out[offset]}. */
    void getBytes(final byte[] out, final int offset, final int length)
    {
        int at = offset;
        int left = length;
        while (left > 0)
        {
            if (position == limit)
            {
                fill();
            }
            final int take = Math.min(left, limit - position);
            System.arraycopy(data, position, out, at, take);
            position += take;
            at += take;
            left -= take;
        }
    }

    String path()
    {
        return path.toString();
    }

    @Override
    public void close()
    {
        files.close(channel);
    }
}
