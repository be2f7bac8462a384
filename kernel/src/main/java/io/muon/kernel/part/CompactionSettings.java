package io.muon.kernel.part;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;

import java.util.Map;
import java.util.Set;

/**
 * When the compaction thread turns log rows into a part, and when it merges parts, per stream (stream settings of the
 * same names override the defaults): a part is written once {@code compaction_max_rows} rows or
 * {@code compaction_max_bytes} bytes of log data are gathered, or the oldest gathered row waited
 * {@code compaction_max_age_ms}; a partition with {@code merge_min_parts} parts or more gets its smallest adjacent
 * parts (at most {@code merge_max_parts}) merged. Immutable.
 */
public record CompactionSettings(long maxRows, long maxBytes, long maxAgeMs, int mergeMinParts, int mergeMaxParts)
{
    public static final String MAX_ROWS = "compaction_max_rows";
    public static final String MAX_BYTES = "compaction_max_bytes";
    public static final String MAX_AGE_MS = "compaction_max_age_ms";
    public static final String MERGE_MIN_PARTS = "merge_min_parts";
    public static final String MERGE_MAX_PARTS = "merge_max_parts";
    public static final Set<String> NAMES = Set.of(MAX_ROWS, MAX_BYTES, MAX_AGE_MS, MERGE_MIN_PARTS, MERGE_MAX_PARTS);

    public static final CompactionSettings DEFAULTS = new CompactionSettings(1_048_576, 256L << 20, 5_000, 4, 10);

    public CompactionSettings
    {
        if (maxRows < 1 || maxRows > Integer.MAX_VALUE / 2 || maxBytes < 1 || maxAgeMs < 0 || mergeMinParts < 2 ||
            mergeMaxParts < 2)
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Bad compaction settings: rows " + maxRows + ", bytes " +
                maxBytes + ", age " + maxAgeMs + " ms, merge parts " + mergeMinParts + ".." + mergeMaxParts);
        }
    }

    /** These settings overridden by a stream's settings of the same names. */
    public CompactionSettings with(final Map<String, String> settings)
    {
        try
        {
            return new CompactionSettings(
                Long.parseLong(settings.getOrDefault(MAX_ROWS, Long.toString(maxRows))),
                Long.parseLong(settings.getOrDefault(MAX_BYTES, Long.toString(maxBytes))),
                Long.parseLong(settings.getOrDefault(MAX_AGE_MS, Long.toString(maxAgeMs))),
                Integer.parseInt(settings.getOrDefault(MERGE_MIN_PARTS, Integer.toString(mergeMinParts))),
                Integer.parseInt(settings.getOrDefault(MERGE_MAX_PARTS, Integer.toString(mergeMaxParts))));
        }
        catch (final NumberFormatException e)
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "A compaction setting is not a number: " +
                e.getMessage());
        }
    }
}
