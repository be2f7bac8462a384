package io.muon.replication.cluster;

/**
 * The messages Muon puts in the Aeron Cluster log, little-endian:
 * <pre>
 *   0  uint8  type            1 APPEND, 2 DDL, 3 BARRIER (applied as nothing: once it is, all before it is)
 *   1  uint8[3] reserved
 *   4  int32  origin node     the member whose client sent it (it waits for the message to be applied)
 *   8  int64  request id      the origin's number for it, unique across the origin's restarts
 *   APPEND  16 int64 stream id (catalog id), 24 int32 schema version, 28 int32 rows, 32 int64 min event time,
 *           40 int64 max event time, 48 string the stream's qualified name (checked against the id), then the record
 *           body (a NativeLog column batch for the stream's columns, validated again before it is applied)
 *   DDL     16 string database, then string statement (canonical SQL)
 *   string: int32 byte length, then UTF-8 bytes
 * </pre>
 */
public final class ClusterDescriptor
{
    public static final byte TYPE_APPEND = 1;
    public static final byte TYPE_DDL = 2;
    public static final byte TYPE_BARRIER = 3;

    public static final int TYPE_OFFSET = 0;
    public static final int ORIGIN_OFFSET = 4;
    public static final int REQUEST_OFFSET = 8;
    public static final int STREAM_OFFSET = 16;
    public static final int SCHEMA_VERSION_OFFSET = 24;
    public static final int ROWS_OFFSET = 28;
    public static final int MIN_TIME_OFFSET = 32;
    public static final int MAX_TIME_OFFSET = 40;
    public static final int NAME_OFFSET = 48;
    public static final int DDL_DATABASE_OFFSET = 16;

    private ClusterDescriptor()
    {
    }
}
