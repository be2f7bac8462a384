package io.muon.kernel.vector;

import io.muon.kernel.type.DataType;

import java.util.Arrays;

/**
 * The dictionary encoding of LowCardinality columns as ClickHouse writes it, in Native blocks and in parts alike: the
 * dictionary starts with the type's default value (for a Nullable dictionary a NULL placeholder at 0 and the default
 * at 1), then holds the other distinct values in order of first appearance; each row is an index into it. Distinct
 * values are found through an open-addressing table of dictionary positions keyed by the vectors' own hashes, so no
 * object is made per row. Also the index-type flags of the serialization. One instance per use; not thread-safe.
 */
public final class LowCardinalityDictionary
{
    /** Key version written once per column: dictionaries shared between granules, with additional keys. */
    public static final long SHARED_DICTIONARIES_WITH_ADDITIONAL_KEYS = 1;
    public static final long NEED_GLOBAL_DICTIONARY = 1L << 8;
    public static final long HAS_ADDITIONAL_KEYS = 1L << 9;
    public static final long NEED_UPDATE_DICTIONARY = 1L << 10;
    /** Bits of the flags word that hold the index width: 0 = UInt8, 1 = UInt16, 2 = UInt32, 3 = UInt64. */
    public static final long KEY_TYPE_MASK = 0xFF;

    private final Vector dictionary;
    private final int[] indexes;

    private LowCardinalityDictionary(final Vector dictionary, final int[] indexes)
    {
        this.dictionary = dictionary;
        this.indexes = indexes;
    }

    /** The type of a LowCardinality(inner) column's dictionary: inner without Nullable. */
    public static DataType dictionaryType(final DataType inner)
    {
        return inner.isNullable() ? inner.elements().get(0) : inner;
    }

    /** Encodes rows {@code [from, from + rows)} of {@code vector}, a column of LowCardinality({@code inner}). */
    public static LowCardinalityDictionary encode(final DataType inner, final Vector vector, final int from,
        final int rows)
    {
        final boolean nullable = inner.isNullable();
        final Vector dictionary = Vector.create(dictionaryType(inner), 16);
        dictionary.appendNull();
        if (nullable)
        {
            dictionary.appendNull();
        }
        final int defaultIndex = dictionary.size() - 1;
        final int[] slots = new int[Integer.highestOneBit(Math.max(4, rows + 2)) * 4];
        Arrays.fill(slots, -1);
        final int mask = slots.length - 1;
        slots[(int)dictionary.hash(defaultIndex) & mask] = defaultIndex;
        final int[] indexes = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            final int row = from + r;
            if (nullable && vector.isNull(row))
            {
                indexes[r] = 0;
                continue;
            }
            int slot = (int)vector.hash(row) & mask;
            while (slots[slot] >= 0 && !dictionary.equalsAt(slots[slot], vector, row))
            {
                slot = (slot + 1) & mask;
            }
            if (slots[slot] < 0)
            {
                slots[slot] = dictionary.size();
                dictionary.appendFrom(vector, row);
            }
            indexes[r] = slots[slot];
        }
        return new LowCardinalityDictionary(dictionary, indexes);
    }

    public Vector dictionary()
    {
        return dictionary;
    }

    /** One index per encoded row. */
    public int[] indexes()
    {
        return indexes;
    }

    /** The key type of the flags word: the narrowest index width that addresses the dictionary. */
    public int keyType()
    {
        final int size = dictionary.size();
        return size <= 0xFF ? 0 : size <= 0xFFFF ? 1 : 2;
    }
}
