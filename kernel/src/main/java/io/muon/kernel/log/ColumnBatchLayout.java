package io.muon.kernel.log;

import org.agrona.BitUtil;
import org.agrona.MutableDirectBuffer;

import static io.muon.kernel.log.ColumnBatchDescriptor.*;

/**
 * Plans a record body before it is claimed: declare the columns and their sizes, ask for
 * {@link #encodedLength()}, claim that many bytes, then {@link #writeDirectory} and fill each column's sections at
 * {@link #dataOffset}, {@link #offsetsOffset} and {@link #nullsOffset}. Reusable with {@link #reset}; owned by one
 * producer thread; allocates only when a batch has more columns than any before it.
 */
public final class ColumnBatchLayout
{
    private int rows;
    private int columns;
    private int length;
    private byte[] kinds = new byte[16];
    private boolean[] nullable = new boolean[16];
    private int[] widths = new int[16];
    private int[] nullsOffsets = new int[16];
    private int[] offsetsOffsets = new int[16];
    private int[] dataOffsets = new int[16];
    private int[] dataLengths = new int[16];

    /** Starts a new batch of {@code rows} rows with no columns. */
    public ColumnBatchLayout reset(final int rows)
    {
        if (rows < 0 || rows > RecordDescriptor.MAX_ROWS_PER_RECORD)
        {
            throw new IllegalArgumentException("rows must be in [0, " + RecordDescriptor.MAX_ROWS_PER_RECORD + "]: " + rows);
        }
        this.rows = rows;
        this.columns = 0;
        this.length = DIRECTORY_OFFSET;
        return this;
    }

    /** Declares a fixed-width column; returns its index. */
    public int addFixed(final int width, final boolean hasNulls)
    {
        if (width <= 0 || width > 0xFFFF)
        {
            throw new IllegalArgumentException("fixed width must be in [1, 65535]: " + width);
        }
        final int c = next(KIND_FIXED, hasNulls);
        widths[c] = width;
        dataLengths[c] = checkedSize((long)width * rows);
        return c;
    }

    /** Declares a variable-width column holding {@code dataBytes} bytes in all; returns its index. */
    public int addVariable(final int dataBytes, final boolean hasNulls)
    {
        if (dataBytes < 0)
        {
            throw new IllegalArgumentException("negative data length " + dataBytes);
        }
        final int c = next(KIND_VARIABLE, hasNulls);
        widths[c] = 0;
        dataLengths[c] = dataBytes;
        return c;
    }

    /** Bytes the body needs; sections are laid out when this is first called after the last column was added. */
    public int encodedLength()
    {
        long offset = DIRECTORY_OFFSET + (long)columns * ENTRY_LENGTH;
        for (int c = 0; c < columns; c++)
        {
            offset = BitUtil.align(offset, SECTION_ALIGNMENT);
            if (nullable[c])
            {
                nullsOffsets[c] = (int)offset;
                offset = BitUtil.align(offset + nullBitmapLength(rows), SECTION_ALIGNMENT);
            }
            else
            {
                nullsOffsets[c] = 0;
            }
            if (kinds[c] == KIND_VARIABLE)
            {
                offsetsOffsets[c] = (int)offset;
                offset = BitUtil.align(offset + (rows + 1L) * 4, SECTION_ALIGNMENT);
            }
            else
            {
                offsetsOffsets[c] = 0;
            }
            dataOffsets[c] = (int)offset;
            offset += dataLengths[c];
        }
        length = checkedSize(offset);
        return length;
    }

    /** Writes the column directory at {@code bodyOffset}; zeroes the null bitmaps so callers only set bits. */
    public void writeDirectory(final MutableDirectBuffer buffer, final int bodyOffset)
    {
        buffer.putInt(bodyOffset + COLUMN_COUNT_OFFSET, columns);
        buffer.putInt(bodyOffset + COLUMN_COUNT_OFFSET + 4, 0);
        for (int c = 0; c < columns; c++)
        {
            final int e = bodyOffset + entry(c);
            buffer.putByte(e + KIND_OFFSET, kinds[c]);
            buffer.putByte(e + FLAGS_OFFSET, nullable[c] ? FLAG_NULLABLE : 0);
            buffer.putShort(e + WIDTH_OFFSET, (short)widths[c]);
            buffer.putInt(e + NULLS_OFFSET, nullsOffsets[c]);
            buffer.putInt(e + OFFSETS_OFFSET, offsetsOffsets[c]);
            buffer.putInt(e + DATA_OFFSET, dataOffsets[c]);
            buffer.putInt(e + DATA_LENGTH_OFFSET, dataLengths[c]);
            buffer.putInt(e + DATA_LENGTH_OFFSET + 4, 0);
            if (nullable[c])
            {
                buffer.setMemory(bodyOffset + nullsOffsets[c], nullBitmapLength(rows), (byte)0);
            }
        }
    }

    public int rows()
    {
        return rows;
    }

    public int columns()
    {
        return columns;
    }

    public int dataOffset(final int column)
    {
        return dataOffsets[column];
    }

    public int offsetsOffset(final int column)
    {
        return offsetsOffsets[column];
    }

    public int nullsOffset(final int column)
    {
        return nullsOffsets[column];
    }

    private int next(final byte kind, final boolean hasNulls)
    {
        if (columns == MAX_COLUMNS)
        {
            throw new IllegalArgumentException("a batch holds at most " + MAX_COLUMNS + " columns");
        }
        if (columns == kinds.length)
        {
            final int n = columns * 2;
            kinds = java.util.Arrays.copyOf(kinds, n);
            nullable = java.util.Arrays.copyOf(nullable, n);
            widths = java.util.Arrays.copyOf(widths, n);
            nullsOffsets = java.util.Arrays.copyOf(nullsOffsets, n);
            offsetsOffsets = java.util.Arrays.copyOf(offsetsOffsets, n);
            dataOffsets = java.util.Arrays.copyOf(dataOffsets, n);
            dataLengths = java.util.Arrays.copyOf(dataLengths, n);
        }
        final int c = columns++;
        kinds[c] = kind;
        nullable[c] = hasNulls;
        return c;
    }

    private static int checkedSize(final long size)
    {
        if (size > Integer.MAX_VALUE / 2)
        {
            throw new IllegalArgumentException("column batch of " + size + " bytes is too large for one record");
        }
        return (int)size;
    }
}
