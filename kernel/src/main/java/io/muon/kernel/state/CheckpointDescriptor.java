package io.muon.kernel.state;

/**
 * Layout of a materialized view's checkpoint file ({@code <data>/state/<view id>/checkpoint-<n>.ckpt}), all fields
 * little-endian:
 * <pre>
 *   0  int32  magic           {@link #MAGIC} ("MUCK")
 *   4  int32  format version  {@link #VERSION}
 *   8  int32  crc32c          of bytes [16, file length)
 *  12  int32  reserved, 0
 *  16  int64  checkpoint id   the barrier's number; ids only grow
 *  24  int64  output start    the view's producer sequence of the first row of the pending output
 *  32  int64  target from     the target stream's next sequence number before the pending output was appended
 *  40  int64  written at      epoch milliseconds
 *  48  int32  state length    bytes of the query's state snapshot
 *  52  int32  output length   bytes of the pending output (the rows emitted before the barrier, not yet appended)
 *  56  ...    state bytes, then output bytes
 * </pre>
 */
public final class CheckpointDescriptor
{
    public static final int MAGIC = 0x4B43554D;
    public static final int VERSION = 1;
    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;
    public static final int CRC_OFFSET = 8;
    public static final int ID_OFFSET = 16;
    public static final int OUTPUT_START_OFFSET = 24;
    public static final int TARGET_FROM_OFFSET = 32;
    public static final int WRITTEN_AT_OFFSET = 40;
    public static final int STATE_LENGTH_OFFSET = 48;
    public static final int OUTPUT_LENGTH_OFFSET = 52;
    public static final int HEADER_LENGTH = 56;
    /** The bytes the CRC covers start here. */
    public static final int CRC_FROM = 16;

    public static final String SUFFIX = ".ckpt";

    private CheckpointDescriptor()
    {
    }

    /** The file name of checkpoint {@code id}: zero-padded so that names sort as ids. */
    public static String fileName(final long id)
    {
        return String.format("checkpoint-%019d%s", id, SUFFIX);
    }
}
