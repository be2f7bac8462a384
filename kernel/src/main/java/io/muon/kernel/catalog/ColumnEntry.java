package io.muon.kernel.catalog;

import io.muon.kernel.type.DataType;

/**
 * A column as the catalog keeps it. Expressions ({@code DEFAULT}, {@code CODEC}) are kept as canonical SQL text that
 * the SQL facade printed and will parse again; the kernel never interprets them.
 *
 * @param defaultExpression canonical SQL of the DEFAULT expression, or null.
 * @param codec canonical SQL of the CODEC arguments, or null.
 */
public record ColumnEntry(String name, DataType type, String defaultExpression, String codec, String comment)
{
    public ColumnEntry
    {
        if (name == null || name.isEmpty())
        {
            throw new IllegalArgumentException("column name must not be empty");
        }
        if (type == null)
        {
            throw new IllegalArgumentException("column " + name + " has no type");
        }
    }

    public static ColumnEntry of(final String name, final DataType type)
    {
        return new ColumnEntry(name, type, null, null, null);
    }
}
