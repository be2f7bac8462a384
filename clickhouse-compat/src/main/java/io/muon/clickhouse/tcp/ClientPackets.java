package io.muon.clickhouse.tcp;

import io.muon.clickhouse.format.ByteSource;
import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static io.muon.clickhouse.tcp.NativeProtocol.INTERFACE_HTTP;
import static io.muon.clickhouse.tcp.NativeProtocol.INTERFACE_TCP;

/**
 * Reads the packets a native protocol client sends, field by field as the negotiated revision has them: Hello, the
 * Query packet with its client info and settings, and TablesStatusRequest. Strings are bounded so a lying length
 * fails instead of allocating. Stateless.
 */
final class ClientPackets
{
    /** The longest name, user, password or client string accepted. */
    private static final int MAX_SHORT_STRING = 64 * 1024;

    /**
     * Settings that 18.x-era clients (revision before 54429) write as strings in the binary settings format; all
     * others (integers, booleans, seconds, milliseconds) are varints there.
     */
    private static final Set<String> LEGACY_STRING_SETTINGS = Set.of("network_compression_method", "load_balancing",
        "totals_mode", "distributed_product_mode", "count_distinct_implementation", "format_csv_delimiter",
        "date_time_input_format", "join_default_strictness", "read_overflow_mode", "result_overflow_mode",
        "group_by_overflow_mode", "sort_overflow_mode", "timeout_overflow_mode", "set_overflow_mode",
        "join_overflow_mode", "transfer_overflow_mode", "distinct_overflow_mode", "format_schema",
        "totals_auto_threshold", "max_streams_to_max_threads_ratio", "max_streams_multiplier_for_merge_tables",
        "input_format_allow_errors_ratio");

    private ClientPackets()
    {
    }

    /** What a client's Hello says. */
    record Hello(String clientName, long major, long minor, long revision, String database, String user,
        String password)
    {
    }

    /** A Query packet. */
    record Query(String queryId, ClientInfo info, Map<String, Setting> settings, int stage, boolean compression,
        String text, Map<String, String> parameters)
    {
    }

    /** One setting as sent: its text, and whether the server must understand it. */
    record Setting(String value, boolean important)
    {
    }

    /** The client info part of a Query. */
    record ClientInfo(int queryKind, String initialUser, String initialQueryId, String initialAddress, int iface,
        String osUser, String clientHostname, String clientName, long major, long minor, long revision,
        String quotaKey, long patch)
    {
    }

    /** Reads a Hello after its packet type (0). */
    static Hello readHello(final ByteSource in)
    {
        final String name = string(in);
        final long major = in.readVarUInt();
        final long minor = in.readVarUInt();
        final long revision = in.readVarUInt();
        final String database = string(in);
        final String user = string(in);
        final String password = string(in);
        return new Hello(name, major, minor, revision, database, user, password);
    }

    /** Reads a Query after its packet type (1), at the negotiated revision. */
    static Query readQuery(final ByteSource in, final int revision)
    {
        final String queryId = string(in);
        ClientInfo info = null;
        if (revision >= NativeProtocol.REVISION_WITH_CLIENT_INFO)
        {
            info = readClientInfo(in, revision);
        }
        final Map<String, Setting> settings = readSettings(in, revision);
        if (revision >= NativeProtocol.REVISION_WITH_INTERSERVER_SECRET)
        {
            string(in);
        }
        final long stage = in.readVarUInt();
        final long compression = in.readVarUInt();
        final String text = in.readBinaryString();
        final Map<String, String> parameters = new LinkedHashMap<>();
        if (revision >= NativeProtocol.REVISION_WITH_PARAMETERS)
        {
            for (final Map.Entry<String, Setting> parameter : readSettings(in, revision).entrySet())
            {
                parameters.put(parameter.getKey(), unquote(parameter.getValue().value()));
            }
        }
        if (compression > 1)
        {
            throw new MuonException(ErrorCodes.UNKNOWN_COMPRESSION_METHOD, "Unknown compression flag " + compression);
        }
        return new Query(queryId, info, settings, (int)Math.min(stage, Integer.MAX_VALUE), compression == 1, text,
            parameters);
    }

    private static ClientInfo readClientInfo(final ByteSource in, final int revision)
    {
        final int kind = in.read();
        if (kind == 0)
        {
            return new ClientInfo(0, "", "", "", 0, "", "", "", 0, 0, 0, "", 0);
        }
        final String initialUser = string(in);
        final String initialQueryId = string(in);
        final String initialAddress = string(in);
        if (revision >= NativeProtocol.REVISION_WITH_INITIAL_QUERY_START_TIME)
        {
            in.readLongLittleEndian();
        }
        final int iface = in.read();
        String osUser = "";
        String hostname = "";
        String clientName = "";
        long major = 0;
        long minor = 0;
        long clientRevision = 0;
        if (iface == INTERFACE_TCP)
        {
            osUser = string(in);
            hostname = string(in);
            clientName = string(in);
            major = in.readVarUInt();
            minor = in.readVarUInt();
            clientRevision = in.readVarUInt();
        }
        else if (iface == INTERFACE_HTTP)
        {
            in.read();
            string(in);
            if (revision >= NativeProtocol.REVISION_WITH_X_FORWARDED_FOR_IN_CLIENT_INFO)
            {
                string(in);
            }
            if (revision >= NativeProtocol.REVISION_WITH_REFERER_IN_CLIENT_INFO)
            {
                string(in);
            }
        }
        String quotaKey = "";
        if (revision >= NativeProtocol.REVISION_WITH_QUOTA_KEY_IN_CLIENT_INFO)
        {
            quotaKey = string(in);
        }
        if (revision >= NativeProtocol.REVISION_WITH_DISTRIBUTED_DEPTH)
        {
            in.readVarUInt();
        }
        long patch = clientRevision;
        if (iface == INTERFACE_TCP && revision >= NativeProtocol.REVISION_WITH_VERSION_PATCH)
        {
            patch = in.readVarUInt();
        }
        if (revision >= NativeProtocol.REVISION_WITH_OPENTELEMETRY && in.read() != 0)
        {
            in.skip(16 + 8);
            string(in);
            in.read();
        }
        if (revision >= NativeProtocol.REVISION_WITH_PARALLEL_REPLICAS)
        {
            in.readVarUInt();
            in.readVarUInt();
            in.readVarUInt();
        }
        return new ClientInfo(kind, initialUser, initialQueryId, initialAddress, iface, osUser, hostname, clientName,
            major, minor, clientRevision, quotaKey, patch);
    }

    /**
     * Settings up to an empty name: from revision 54429 name, flags and value as text; before it, the value in the
     * setting's own binary form (varint for numbers, a string for text, floats and enums).
     */
    static Map<String, Setting> readSettings(final ByteSource in, final int revision)
    {
        final Map<String, Setting> settings = new LinkedHashMap<>();
        while (true)
        {
            final String name = string(in);
            if (name.isEmpty())
            {
                return settings;
            }
            if (settings.size() > 10_000)
            {
                throw new MuonException(ErrorCodes.TOO_LARGE_ARRAY_SIZE, "Too many settings in a query");
            }
            if (revision >= NativeProtocol.REVISION_WITH_SETTINGS_SERIALIZED_AS_STRINGS)
            {
                final long flags = in.readVarUInt();
                settings.put(name, new Setting(in.readBinaryString(), (flags & 1) != 0));
            }
            else if (LEGACY_STRING_SETTINGS.contains(name))
            {
                settings.put(name, new Setting(in.readBinaryString(), true));
            }
            else
            {
                settings.put(name, new Setting(Long.toUnsignedString(in.readVarUInt()), true));
            }
        }
    }

    /** The tables a TablesStatusRequest asks about, as (database, table) pairs. */
    static String[][] readTablesStatusRequest(final ByteSource in)
    {
        final int count = in.readSize(10_000, "table count");
        final String[][] tables = new String[count][];
        for (int i = 0; i < count; i++)
        {
            tables[i] = new String[] {string(in), string(in)};
        }
        return tables;
    }

    static String string(final ByteSource in)
    {
        return in.readBinaryString(MAX_SHORT_STRING);
    }

    /** A query parameter's value as clients send it: a quoted string literal (Field dump), or bare text. */
    static String unquote(final String value)
    {
        if (value.length() < 2 || value.charAt(0) != '\'' || value.charAt(value.length() - 1) != '\'')
        {
            return value;
        }
        final StringBuilder out = new StringBuilder(value.length());
        for (int i = 1; i < value.length() - 1; i++)
        {
            final char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() - 1)
            {
                final char next = value.charAt(++i);
                out.append(switch (next)
                {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case '0' -> '\0';
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    default -> next;
                });
            }
            else
            {
                out.append(c);
            }
        }
        return out.toString();
    }
}
