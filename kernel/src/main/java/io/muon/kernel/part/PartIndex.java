package io.muon.kernel.part;

import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Vector;

import java.util.List;

/**
 * What a part's index files hold, computed by the part's maker from the stream's ORDER BY and PARTITION BY: the sort
 * key of every row (its first row per granule goes to {@code primary.idx}), the partition key's value (row 0, for
 * {@code partition.dat}) and the minimum (row 0) and maximum (row 1) of each column the partition key reads (for
 * {@code minmax_<column>.idx}). An unpartitioned stream has no partition columns.
 */
public record PartIndex(
    List<DataType> sortKeyTypes,
    Vector[] sortKey,
    List<DataType> partitionTypes,
    Vector[] partitionValue,
    List<String> minmaxColumns,
    List<DataType> minmaxTypes,
    Vector[] minmax)
{
    public PartIndex
    {
        sortKeyTypes = List.copyOf(sortKeyTypes);
        partitionTypes = List.copyOf(partitionTypes);
        minmaxColumns = List.copyOf(minmaxColumns);
        minmaxTypes = List.copyOf(minmaxTypes);
    }
}
