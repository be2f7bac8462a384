package io.muon.kernel.part;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;

/**
 * A part's name, {@code <partition>_<min_block>_<max_block>_<level>}. Muon's block numbers are the sequence numbers
 * of the rows the part covers, so the first sequence number not in any part is exact. Immutable.
 */
public record PartName(String partitionId, long minBlock, long maxBlock, int level) implements Comparable<PartName>
{
    public PartName
    {
        if (partitionId.isEmpty() || partitionId.indexOf('/') >= 0 || minBlock < 0 || maxBlock < minBlock || level < 0)
        {
            throw new MuonException(ErrorCodes.CORRUPTED_DATA, "Not a part name: " + partitionId + "_" + minBlock +
                "_" + maxBlock + "_" + level);
        }
    }

    /** Parses a directory name; returns null when it is not a part name (temporary folders, detached/, files). */
    public static PartName parse(final String name)
    {
        final int third = name.lastIndexOf('_');
        final int second = third <= 0 ? -1 : name.lastIndexOf('_', third - 1);
        final int first = second <= 0 ? -1 : name.lastIndexOf('_', second - 1);
        if (first <= 0 || name.startsWith(PartFiles.TEMPORARY_PREFIX))
        {
            return null;
        }
        try
        {
            final long min = Long.parseLong(name.substring(first + 1, second));
            final long max = Long.parseLong(name.substring(second + 1, third));
            final int level = Integer.parseInt(name.substring(third + 1));
            if (min < 0 || max < min || level < 0)
            {
                return null;
            }
            return new PartName(name.substring(0, first), min, max, level);
        }
        catch (final NumberFormatException e)
        {
            return null;
        }
    }

    /** Whether this part's block range contains {@code other}'s (same partition): a merge made this from it. */
    public boolean covers(final PartName other)
    {
        return partitionId.equals(other.partitionId) && minBlock <= other.minBlock && maxBlock >= other.maxBlock &&
            !equals(other);
    }

    @Override
    public int compareTo(final PartName other)
    {
        final int byPartition = partitionId.compareTo(other.partitionId);
        if (byPartition != 0)
        {
            return byPartition;
        }
        if (minBlock != other.minBlock)
        {
            return Long.compare(minBlock, other.minBlock);
        }
        if (maxBlock != other.maxBlock)
        {
            return Long.compare(maxBlock, other.maxBlock);
        }
        return Integer.compare(level, other.level);
    }

    @Override
    public String toString()
    {
        return partitionId + "_" + minBlock + "_" + maxBlock + "_" + level;
    }
}
