package io.muon.kernel.part;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.compress.CompressedBlockDescriptor;

import java.util.Map;
import java.util.Set;

/**
 * When the compaction thread turns log rows into a part, how it writes parts, and when it merges them, per stream
 * (stream settings of the same names override the defaults):
 * <ul>
 * <li>a part is written once {@code compaction_max_rows} rows or {@code compaction_max_bytes} bytes of log data are
 * gathered, or the oldest gathered row waited {@code compaction_max_age_ms};</li>
 * <li>its column files are compressed with {@code part_codec} ({@code lz4}, the default, or {@code zstd} at level
 * {@code part_zstd_level});</li>
 * <li>merges are size-tiered: {@code merge_min_parts} to {@code merge_max_parts} adjacent parts of a partition are
 * merged when none of them holds more rows than the others together, and the result stays within
 * {@code merge_max_rows} rows; so each row is rewritten about log(rows) times, not at every merge;</li>
 * <li>a part with rows past the TTL is rewritten without them at most once per {@code merge_with_ttl_timeout}
 * seconds; a part whose rows all expired is dropped at once.</li>
 * </ul>
 * Immutable.
 */
public record CompactionSettings(long maxRows, long maxBytes, long maxAgeMs, int mergeMinParts, int mergeMaxParts,
    long mergeMaxRows, long ttlMergeTimeoutSeconds, byte codec, int zstdLevel)
{
    public static final String MAX_ROWS = "compaction_max_rows";
    public static final String MAX_BYTES = "compaction_max_bytes";
    public static final String MAX_AGE_MS = "compaction_max_age_ms";
    public static final String MERGE_MIN_PARTS = "merge_min_parts";
    public static final String MERGE_MAX_PARTS = "merge_max_parts";
    public static final String MERGE_MAX_ROWS = "merge_max_rows";
    public static final String TTL_MERGE_TIMEOUT = "merge_with_ttl_timeout";
    public static final String ZSTD_LEVEL = "part_zstd_level";
    /** The integer settings. */
    public static final Set<String> NAMES = Set.of(MAX_ROWS, MAX_BYTES, MAX_AGE_MS, MERGE_MIN_PARTS, MERGE_MAX_PARTS,
        MERGE_MAX_ROWS, TTL_MERGE_TIMEOUT, ZSTD_LEVEL);
    /** The one text setting: {@code lz4} or {@code zstd}. */
    public static final String CODEC = "part_codec";
    public static final Set<String> CODECS = Set.of("lz4", "zstd");

    public static final CompactionSettings DEFAULTS = new CompactionSettings(1_048_576, 256L << 20, 5_000, 4, 10,
        16L << 20, 14_400, CompressedBlockDescriptor.METHOD_LZ4, 1);

    public CompactionSettings
    {
        if (maxRows < 1 || maxRows > Integer.MAX_VALUE / 2 || maxBytes < 1 || maxAgeMs < 0 || mergeMinParts < 2 ||
            mergeMaxParts < 2 || mergeMaxRows < 1 || mergeMaxRows > Integer.MAX_VALUE / 2 ||
            ttlMergeTimeoutSeconds < 0 || zstdLevel < 1 || zstdLevel > 22 ||
            codec != CompressedBlockDescriptor.METHOD_LZ4 && codec != CompressedBlockDescriptor.METHOD_ZSTD)
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Bad compaction settings: rows " + maxRows + ", bytes " +
                maxBytes + ", age " + maxAgeMs + " ms, merge parts " + mergeMinParts + ".." + mergeMaxParts +
                ", merge rows " + mergeMaxRows + ", TTL merge timeout " + ttlMergeTimeoutSeconds + " s, zstd level " +
                zstdLevel);
        }
    }

    /** These settings overridden by a stream's settings of the same names. */
    public CompactionSettings with(final Map<String, String> settings)
    {
        final String codecName = settings.getOrDefault(CODEC, codec == CompressedBlockDescriptor.METHOD_ZSTD ?
            "zstd" : "lz4").trim().toLowerCase(java.util.Locale.ROOT);
        if (!CODECS.contains(codecName))
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Setting " + CODEC + " must be lz4 or zstd, not '" +
                codecName + "'");
        }
        try
        {
            return new CompactionSettings(
                Long.parseLong(settings.getOrDefault(MAX_ROWS, Long.toString(maxRows))),
                Long.parseLong(settings.getOrDefault(MAX_BYTES, Long.toString(maxBytes))),
                Long.parseLong(settings.getOrDefault(MAX_AGE_MS, Long.toString(maxAgeMs))),
                Integer.parseInt(settings.getOrDefault(MERGE_MIN_PARTS, Integer.toString(mergeMinParts))),
                Integer.parseInt(settings.getOrDefault(MERGE_MAX_PARTS, Integer.toString(mergeMaxParts))),
                Long.parseLong(settings.getOrDefault(MERGE_MAX_ROWS, Long.toString(mergeMaxRows))),
                Long.parseLong(settings.getOrDefault(TTL_MERGE_TIMEOUT, Long.toString(ttlMergeTimeoutSeconds))),
                codecName.equals("zstd") ? CompressedBlockDescriptor.METHOD_ZSTD : CompressedBlockDescriptor.METHOD_LZ4,
                Integer.parseInt(settings.getOrDefault(ZSTD_LEVEL, Integer.toString(zstdLevel))));
        }
        catch (final NumberFormatException e)
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "A compaction setting is not a number: " +
                e.getMessage());
        }
    }
}
