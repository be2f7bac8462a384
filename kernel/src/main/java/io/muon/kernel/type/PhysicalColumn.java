package io.muon.kernel.type;

/**
 * One physical column of a logical column in a column batch ({@code io.muon.kernel.log.ColumnBatchDescriptor}):
 * fixed-width values of {@code width} bytes, or variable-width bytes when {@code width} is 0; with a null bitmap when
 * {@code nullable}; {@code offsets} marks the cumulative UInt64 element counts of an Array or Map level. Names follow
 * ClickHouse's stream names ({@code a.size0}, {@code m.keys}, {@code t.1}).
 */
public record PhysicalColumn(String name, int width, boolean nullable, boolean offsets)
{
    public boolean isVariableWidth()
    {
        return width == 0;
    }
}
