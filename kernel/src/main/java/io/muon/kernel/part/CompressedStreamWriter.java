package io.muon.kernel.part;

import io.muon.kernel.compress.CompressedBlock;
import io.muon.kernel.io.FilesFacade;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * One column stream of a part being written: values go into a block of at most {@link #BLOCK_SIZE} uncompressed bytes,
 * each full block becomes one CityHash128-framed compressed block of {@code <stream>.bin}; {@link #mark()} records where
 * the next granule starts for {@code <stream>.mrk}. Values may straddle blocks, as in ClickHouse, which reads a column
 * stream as one byte stream. Owned by the thread writing the part.
 */
final class CompressedStreamWriter implements AutoCloseable
{
    /** The most uncompressed bytes in one block: ClickHouse's min_compress_block_size. */
    static final int BLOCK_SIZE = 65536;

    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final String name;
    private final byte method;
    private final int level;
    private final HashingFileOutput bin;
    private final BlockwiseHasher uncompressed = new BlockwiseHasher();
    private final byte[] block = new byte[BLOCK_SIZE];
    private final UnsafeBuffer blockView = new UnsafeBuffer(block);
    private final ExpandableArrayBuffer frame = new ExpandableArrayBuffer(BLOCK_SIZE + 1024);
    private final ExpandableArrayBuffer marks = new ExpandableArrayBuffer(1024);
    private int position;
    private int markCount;

    CompressedStreamWriter(final FilesFacade files, final Path directory, final String name, final byte method,
        final int level) throws IOException
    {
        this.name = name;
        this.method = method;
        this.level = level;
        this.bin = new HashingFileOutput(files, directory.resolve(name + PartFiles.BIN));
    }

    String name()
    {
        return name;
    }

    /** Records the position of the granule that starts with the next value written. */
    void mark() throws IOException
    {
        if (position == BLOCK_SIZE)
        {
            flushBlock();
        }
        MarkDescriptor.put(marks, markCount++, bin.size(), position);
    }

    void putByte(final int value) throws IOException
    {
        if (position == BLOCK_SIZE)
        {
            flushBlock();
        }
        block[position++] = (byte)value;
    }

    void putShort(final int value) throws IOException
    {
        if (BLOCK_SIZE - position >= 2)
        {
            SHORTS.set(block, position, (short)value);
            position += 2;
        }
        else
        {
            putByte(value);
            putByte(value >>> 8);
        }
    }

    void putInt(final int value) throws IOException
    {
        if (BLOCK_SIZE - position >= 4)
        {
            INTS.set(block, position, value);
            position += 4;
        }
        else
        {
            for (int i = 0; i < 4; i++)
            {
                putByte(value >>> (8 * i));
            }
        }
    }

    void putLong(final long value) throws IOException
    {
        if (BLOCK_SIZE - position >= 8)
        {
            LONGS.set(block, position, value);
            position += 8;
        }
        else
        {
            for (int i = 0; i < 8; i++)
            {
                putByte((int)(value >>> (8 * i)));
            }
        }
    }

    /** Writes {@code count} values of 8 bytes from {@code values[from]}, a block's worth at a time. */
    void putLongs(final long[] values, final int from, final int count) throws IOException
    {
        int at = from;
        int left = count;
        while (left > 0)
        {
            if (BLOCK_SIZE - position < 8)
            {
                putLong(values[at++]);
                left--;
                continue;
            }
            final int take = Math.min(left, (BLOCK_SIZE - position) >>> 3);
            java.nio.ByteBuffer.wrap(block, position, take << 3).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer()
                .put(values, at, take);
            position += take << 3;
            at += take;
            left -= take;
        }
    }

    /** Writes {@code count} Float64 values from {@code values[from]}, a block's worth at a time. */
    void putDoubles(final double[] values, final int from, final int count) throws IOException
    {
        int at = from;
        int left = count;
        while (left > 0)
        {
            if (BLOCK_SIZE - position < 8)
            {
                putLong(Double.doubleToRawLongBits(values[at++]));
                left--;
                continue;
            }
            final int take = Math.min(left, (BLOCK_SIZE - position) >>> 3);
            java.nio.ByteBuffer.wrap(block, position, take << 3).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer()
                .put(values, at, take);
            position += take << 3;
            at += take;
            left -= take;
        }
    }

    /** Writes the low 4 bytes of {@code count} values from {@code values[from]}. */
    void putInts(final long[] values, final int from, final int count) throws IOException
    {
        int at = from;
        int left = count;
        while (left > 0)
        {
            if (BLOCK_SIZE - position < 4)
            {
                putInt((int)values[at++]);
                left--;
                continue;
            }
            final int take = Math.min(left, (BLOCK_SIZE - position) >>> 2);
            final byte[] bytes = block;
            final int base = position;
            for (int i = 0; i < take; i++)
            {
                INTS.set(bytes, base + (i << 2), (int)values[at + i]);
            }
            position += take << 2;
            at += take;
            left -= take;
        }
    }

    void putVarUInt(final long value) throws IOException
    {
        long rest = value;
        while ((rest & ~0x7FL) != 0)
        {
            putByte((int)((rest & 0x7F) | 0x80));
            rest >>>= 7;
        }
        putByte((int)rest);
    }

    void putBytes(final byte[] data, final int offset, final int length) throws IOException
    {
        int at = offset;
        int left = length;
        while (left > 0)
        {
            if (position == BLOCK_SIZE)
            {
                flushBlock();
            }
            final int take = Math.min(left, BLOCK_SIZE - position);
            System.arraycopy(data, at, block, position, take);
            position += take;
            at += take;
            left -= take;
        }
    }

    /** Writes {@code count} zero bytes. */
    void putZeros(final int count) throws IOException
    {
        for (int i = 0; i < count; i++)
        {
            putByte(0);
        }
    }

    private void flushBlock() throws IOException
    {
        if (position == 0)
        {
            return;
        }
        uncompressed.update(block, 0, position);
        final int length = CompressedBlock.compress(method, level, blockView, 0, position, frame, 0);
        bin.write(frame.byteArray(), 0, length);
        position = 0;
    }

    /** Flushes the last block and closes the {@code .bin} file; its checksums and the marks are then available. */
    @Override
    public void close() throws IOException
    {
        try
        {
            flushBlock();
        }
        finally
        {
            bin.close();
        }
    }

    long binSize()
    {
        return bin.size();
    }

    long[] binHash()
    {
        return bin.hash();
    }

    long uncompressedSize()
    {
        return uncompressed.count();
    }

    long[] uncompressedHash()
    {
        return uncompressed.finish();
    }

    /** The {@code .mrk} file's bytes. */
    byte[] marks()
    {
        final byte[] bytes = new byte[markCount * MarkDescriptor.LENGTH];
        marks.getBytes(0, bytes);
        return bytes;
    }
}
