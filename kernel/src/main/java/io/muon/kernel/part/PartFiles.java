package io.muon.kernel.part;

/**
 * Names of the files in a MergeTree part directory, and ClickHouse's escaping of column names into file names.
 */
public final class PartFiles
{
    public static final String COLUMNS = "columns.txt";
    public static final String COUNT = "count.txt";
    public static final String CHECKSUMS = "checksums.txt";
    public static final String PRIMARY_INDEX = "primary.idx";
    public static final String PARTITION = "partition.dat";
    public static final String MINMAX_PREFIX = "minmax_";
    public static final String MINMAX_SUFFIX = ".idx";
    public static final String BIN = ".bin";
    public static final String MARKS = ".mrk";
    /** Rows per granule: ClickHouse's index_granularity. */
    public static final int GRANULE_ROWS = 8192;
    /** Prefix of a part directory while it is written; never loaded, removed at startup. */
    public static final String TEMPORARY_PREFIX = "tmp_";
    /** Folder of parts taken out of service (failed checksums), as ClickHouse names it. */
    public static final String DETACHED = "detached";

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PartFiles()
    {
    }

    /**
     * A column or stream name as a file name, as ClickHouse's escapeForFileName does: ASCII letters, digits and
     * underscores stay, every other byte of the UTF-8 form becomes {@code %XX}.
     */
    public static String escape(final String name)
    {
        final byte[] bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        final StringBuilder out = new StringBuilder(bytes.length + 8);
        for (final byte b : bytes)
        {
            final int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')
            {
                out.append((char)c);
            }
            else
            {
                out.append('%').append(HEX[c >>> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }

    public static String minmaxFile(final String column)
    {
        return MINMAX_PREFIX + escape(column) + MINMAX_SUFFIX;
    }
}
