package io.muon.clickhouse.tcp;

/**
 * The numbers of ClickHouse's native TCP protocol as Muon speaks it (ClickHouse's {@code Protocol.h} and
 * {@code ProtocolDefines.h}): packet types in both directions and the protocol revisions at which fields appear. A
 * connection negotiates the lower of the client's revision and {@link #SERVER_REVISION} and writes only what that
 * revision knows.
 */
public final class NativeProtocol
{
    /** The revision Muon implements: everything up to elapsed time in Progress. */
    public static final int SERVER_REVISION = 54460;
    /** The oldest client revision accepted (quota key in the client info). */
    public static final int MIN_CLIENT_REVISION = 54060;

    // revisions at which fields appear
    public static final int REVISION_WITH_CLIENT_INFO = 54032;
    public static final int REVISION_WITH_SERVER_TIMEZONE = 54058;
    public static final int REVISION_WITH_QUOTA_KEY_IN_CLIENT_INFO = 54060;
    public static final int REVISION_WITH_TOTAL_ROWS_IN_PROGRESS = 51554;
    public static final int REVISION_WITH_SERVER_DISPLAY_NAME = 54372;
    public static final int REVISION_WITH_VERSION_PATCH = 54401;
    public static final int REVISION_WITH_CLIENT_WRITE_INFO = 54420;
    public static final int REVISION_WITH_SETTINGS_SERIALIZED_AS_STRINGS = 54429;
    public static final int REVISION_WITH_INTERSERVER_SECRET = 54441;
    public static final int REVISION_WITH_OPENTELEMETRY = 54442;
    public static final int REVISION_WITH_X_FORWARDED_FOR_IN_CLIENT_INFO = 54443;
    public static final int REVISION_WITH_REFERER_IN_CLIENT_INFO = 54447;
    public static final int REVISION_WITH_DISTRIBUTED_DEPTH = 54448;
    public static final int REVISION_WITH_INITIAL_QUERY_START_TIME = 54449;
    public static final int REVISION_WITH_PARALLEL_REPLICAS = 54453;
    public static final int REVISION_WITH_ADDENDUM = 54458;
    public static final int REVISION_WITH_PARAMETERS = 54459;
    public static final int REVISION_WITH_SERVER_QUERY_TIME_IN_PROGRESS = 54460;

    // client packets
    public static final int CLIENT_HELLO = 0;
    public static final int CLIENT_QUERY = 1;
    public static final int CLIENT_DATA = 2;
    public static final int CLIENT_CANCEL = 3;
    public static final int CLIENT_PING = 4;
    public static final int CLIENT_TABLES_STATUS_REQUEST = 5;
    public static final int CLIENT_KEEP_ALIVE = 6;
    public static final int CLIENT_SCALAR = 7;

    // server packets
    public static final int SERVER_HELLO = 0;
    public static final int SERVER_DATA = 1;
    public static final int SERVER_EXCEPTION = 2;
    public static final int SERVER_PROGRESS = 3;
    public static final int SERVER_PONG = 4;
    public static final int SERVER_END_OF_STREAM = 5;
    public static final int SERVER_PROFILE_INFO = 6;
    public static final int SERVER_TOTALS = 7;
    public static final int SERVER_EXTREMES = 8;
    public static final int SERVER_TABLES_STATUS_RESPONSE = 9;

    /** Query stage: the client wants the complete result. */
    public static final int STAGE_COMPLETE = 2;
    /** Client info: interface TCP. */
    public static final int INTERFACE_TCP = 1;
    public static final int INTERFACE_HTTP = 2;

    private NativeProtocol()
    {
    }

    /** A client packet type's name, for errors. */
    public static String clientPacketName(final long type)
    {
        return switch ((int)Math.min(type, 100))
        {
            case CLIENT_HELLO -> "Hello";
            case CLIENT_QUERY -> "Query";
            case CLIENT_DATA -> "Data";
            case CLIENT_CANCEL -> "Cancel";
            case CLIENT_PING -> "Ping";
            case CLIENT_TABLES_STATUS_REQUEST -> "TablesStatusRequest";
            case CLIENT_KEEP_ALIVE -> "KeepAlive";
            case CLIENT_SCALAR -> "Scalar";
            default -> "Unknown packet " + type;
        };
    }
}
