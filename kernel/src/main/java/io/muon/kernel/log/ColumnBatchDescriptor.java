package io.muon.kernel.log;

import org.agrona.DirectBuffer;

/**
 * Layout of a record body: a batch of physical columns, readable in place. Fixed-width columns are little-endian
 * arrays; variable-width columns are {@code rows + 1} int32 offsets (relative to the column's data) plus bytes. A
 * column may carry a null bitmap (bit i set: row i is NULL). Every section starts 8-byte aligned. Logical types map
 * onto one or more physical columns (an Array is its offsets column plus its elements), as in ClickHouse.
 * <pre>
 *   0  int32  column count
 *   4  int32  reserved
 *   8  directory: column count entries of 24 bytes
 *        +0  uint8  kind          1 fixed-width, 2 variable-width
 *        +1  uint8  flags         bit 0: has a null bitmap
 *        +2  uint16 width         bytes per value (fixed-width only)
 *        +4  int32  nulls offset  from the body start; 0 if none
 *        +8  int32  offsets offset from the body start (variable-width only)
 *        +12 int32  data offset   from the body start
 *        +16 int32  data length   bytes
 *        +20 int32  reserved
 *   then the sections
 * </pre>
 * The row count is the record's ({@link RecordDescriptor#ROW_COUNT_OFFSET}).
 */
public final class ColumnBatchDescriptor
{
    public static final int COLUMN_COUNT_OFFSET = 0;
    public static final int DIRECTORY_OFFSET = 8;
    public static final int ENTRY_LENGTH = 24;
    public static final int KIND_OFFSET = 0;
    public static final int FLAGS_OFFSET = 1;
    public static final int WIDTH_OFFSET = 2;
    public static final int NULLS_OFFSET = 4;
    public static final int OFFSETS_OFFSET = 8;
    public static final int DATA_OFFSET = 12;
    public static final int DATA_LENGTH_OFFSET = 16;

    public static final byte KIND_FIXED = 1;
    public static final byte KIND_VARIABLE = 2;
    public static final byte FLAG_NULLABLE = 1;
    public static final int SECTION_ALIGNMENT = 8;
    public static final int MAX_COLUMNS = 4096;

    private ColumnBatchDescriptor()
    {
    }

    public static int entry(final int column)
    {
        return DIRECTORY_OFFSET + column * ENTRY_LENGTH;
    }

    public static int columnCount(final DirectBuffer buffer, final int bodyOffset)
    {
        return buffer.getInt(bodyOffset + COLUMN_COUNT_OFFSET);
    }

    public static byte kind(final DirectBuffer buffer, final int bodyOffset, final int column)
    {
        return buffer.getByte(bodyOffset + entry(column) + KIND_OFFSET);
    }

    public static boolean nullable(final DirectBuffer buffer, final int bodyOffset, final int column)
    {
        return (buffer.getByte(bodyOffset + entry(column) + FLAGS_OFFSET) & FLAG_NULLABLE) != 0;
    }

    public static int width(final DirectBuffer buffer, final int bodyOffset, final int column)
    {
        return buffer.getShort(bodyOffset + entry(column) + WIDTH_OFFSET) & 0xFFFF;
    }

    public static int nullsOffset(final DirectBuffer buffer, final int bodyOffset, final int column)
    {
        return buffer.getInt(bodyOffset + entry(column) + NULLS_OFFSET);
    }

    public static int offsetsOffset(final DirectBuffer buffer, final int bodyOffset, final int column)
    {
        return buffer.getInt(bodyOffset + entry(column) + OFFSETS_OFFSET);
    }

    public static int dataOffset(final DirectBuffer buffer, final int bodyOffset, final int column)
    {
        return buffer.getInt(bodyOffset + entry(column) + DATA_OFFSET);
    }

    public static int dataLength(final DirectBuffer buffer, final int bodyOffset, final int column)
    {
        return buffer.getInt(bodyOffset + entry(column) + DATA_LENGTH_OFFSET);
    }

    public static int nullBitmapLength(final int rows)
    {
        return (rows + 7) >>> 3;
    }

    /**
     * Checks that a body's directory is consistent with its length and row count.
     *
     * @return null if sound, else what is wrong.
     */
    public static String validate(final DirectBuffer buffer, final int bodyOffset, final int bodyLength, final int rows)
    {
        if (bodyLength < DIRECTORY_OFFSET)
        {
            return "body of " + bodyLength + " bytes has no column directory";
        }
        final int columns = columnCount(buffer, bodyOffset);
        if (columns < 0 || columns > MAX_COLUMNS || DIRECTORY_OFFSET + (long)columns * ENTRY_LENGTH > bodyLength)
        {
            return "bad column count " + columns + " for a body of " + bodyLength + " bytes";
        }
        for (int c = 0; c < columns; c++)
        {
            final byte kind = kind(buffer, bodyOffset, c);
            final long dataOffset = dataOffset(buffer, bodyOffset, c);
            final long dataLength = dataLength(buffer, bodyOffset, c);
            if (dataOffset < 0 || dataLength < 0 || dataOffset + dataLength > bodyLength)
            {
                return "column " + c + ": data [" + dataOffset + ", +" + dataLength + ") outside the body";
            }
            if (kind == KIND_FIXED)
            {
                if ((long)width(buffer, bodyOffset, c) * rows != dataLength)
                {
                    return "column " + c + ": " + dataLength + " bytes for " + rows + " values of width " +
                        width(buffer, bodyOffset, c);
                }
            }
            else if (kind == KIND_VARIABLE)
            {
                final long offsets = offsetsOffset(buffer, bodyOffset, c);
                if (offsets < DIRECTORY_OFFSET || offsets + (rows + 1L) * 4 > bodyLength)
                {
                    return "column " + c + ": offsets outside the body";
                }
                if (buffer.getInt((int)(bodyOffset + offsets + rows * 4L)) != dataLength)
                {
                    return "column " + c + ": last offset does not match the data length";
                }
            }
            else
            {
                return "column " + c + ": unknown kind " + kind;
            }
            if (nullable(buffer, bodyOffset, c))
            {
                final long nulls = nullsOffset(buffer, bodyOffset, c);
                if (nulls < DIRECTORY_OFFSET || nulls + nullBitmapLength(rows) > bodyLength)
                {
                    return "column " + c + ": null bitmap outside the body";
                }
            }
        }
        return null;
    }
}
