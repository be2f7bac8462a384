package io.muon.kernel.part;

import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;

import java.util.List;

/**
 * How a stream's rows are arranged in parts: its sort key (ORDER BY, default {@code _tp_time}), partition key
 * (PARTITION BY, none by default) and TTL, evaluated over batches of the part's columns (the stream's columns in
 * order, then {@code _tp_sn}). The SQL layer compiles them from the stream's clauses; the kernel only calls them. An
 * instance is used by the compaction thread only.
 */
public interface StorageLayout
{
    List<DataType> sortKeyTypes();

    /** The sort key of every row of {@code rows}, one vector per key element. */
    Vector[] sortKey(Batch rows);

    /** Empty for an unpartitioned stream. */
    List<DataType> partitionKeyTypes();

    /** The partition key of every row, one vector per key element. */
    Vector[] partitionKey(Batch rows);

    /** Positions (in the part's columns) of the columns the partition key reads: each gets a min-max index. */
    List<Integer> partitionColumns();

    /**
     * The part column the sort key starts with when its first element is a plain column (its granules' first values
     * in {@code primary.idx} bound that column), else -1.
     */
    default int sortKeyColumn()
    {
        return -1;
    }

    /** Positions of the columns the TTL reads (a part's expiry range is computed from these alone). */
    default List<Integer> ttlColumns()
    {
        return List.of();
    }

    /** Whether the stream has a TTL. */
    default boolean hasTtl()
    {
        return false;
    }

    /** The moment (epoch seconds) each row expires, for a stream with a TTL. */
    default LongVector ttl(final Batch rows)
    {
        throw new UnsupportedOperationException("no TTL");
    }

    /** Sort by the given columns as they are, no partitions, no TTL: the layout of a stream without clauses. */
    static StorageLayout sortedBy(final List<Integer> columns, final List<DataType> types)
    {
        return new StorageLayout()
        {
            @Override
            public List<DataType> sortKeyTypes()
            {
                return types;
            }

            @Override
            public Vector[] sortKey(final Batch rows)
            {
                final Vector[] keys = new Vector[columns.size()];
                for (int k = 0; k < keys.length; k++)
                {
                    keys[k] = rows.column(columns.get(k));
                }
                return keys;
            }

            @Override
            public List<DataType> partitionKeyTypes()
            {
                return List.of();
            }

            @Override
            public Vector[] partitionKey(final Batch rows)
            {
                return new Vector[0];
            }

            @Override
            public List<Integer> partitionColumns()
            {
                return List.of();
            }

            @Override
            public int sortKeyColumn()
            {
                return columns.isEmpty() ? -1 : columns.get(0);
            }
        };
    }
}
