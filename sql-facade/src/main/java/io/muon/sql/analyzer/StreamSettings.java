package io.muon.sql.analyzer;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.catalog.Catalog;
import io.muon.kernel.catalog.ObjectKind;
import io.muon.kernel.log.LogSettings;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The settings {@code CREATE STREAM … SETTINGS} accepts, by kind of stream, with checks of their values. Unknown
 * names are {@code Code: 115 UNKNOWN_SETTING} with a "Maybe you meant" hint.
 */
public final class StreamSettings
{
    /** What a value must look like. */
    enum Kind
    {
        INTEGER, BOOLEAN, STRING, ENUM
    }

    private record Definition(Kind kind, Set<String> allowed, Set<ObjectKind> kinds)
    {
    }

    private static final Set<ObjectKind> STREAMS = Set.of(ObjectKind.STREAM);
    private static final Set<ObjectKind> RANDOM = Set.of(ObjectKind.RANDOM_STREAM);
    private static final Set<ObjectKind> EXTERNAL = Set.of(ObjectKind.EXTERNAL_STREAM);
    private static final Set<ObjectKind> VIEWS = Set.of(ObjectKind.MATERIALIZED_VIEW, ObjectKind.VIEW);
    private static final Map<String, Definition> SETTINGS = new LinkedHashMap<>();

    static
    {
        define("mode", Kind.ENUM, Set.of("append", "versioned_kv", "changelog_kv"), STREAMS);
        define("version_column", Kind.STRING, null, STREAMS);
        define("keep_versions", Kind.INTEGER, null, STREAMS);
        define("event_time_column", Kind.STRING, null, Set.of(ObjectKind.STREAM, ObjectKind.EXTERNAL_STREAM));
        define("shards", Kind.INTEGER, null, STREAMS);
        define("replication_factor", Kind.INTEGER, null, STREAMS);
        define("storage_type", Kind.ENUM, Set.of("hybrid", "streaming", "memory"), STREAMS);
        define(LogSettings.FLUSH_MESSAGES, Kind.INTEGER, null, STREAMS);
        define(LogSettings.FLUSH_MS, Kind.INTEGER, null, STREAMS);
        define(LogSettings.RETENTION_BYTES, Kind.INTEGER, null, STREAMS);
        define(LogSettings.RETENTION_MS, Kind.INTEGER, null, STREAMS);
        define(LogSettings.CODEC, Kind.ENUM, Set.of("none", "lz4", "zstd"), STREAMS);
        define(LogSettings.SYNC_BEFORE_ACK, Kind.BOOLEAN, null, STREAMS);
        define(LogSettings.SEGMENT_BYTES, Kind.INTEGER, null, STREAMS);
        for (final String name : io.muon.kernel.part.CompactionSettings.NAMES)
        {
            define(name, Kind.INTEGER, null, STREAMS);
        }
        define(io.muon.kernel.part.CompactionSettings.CODEC, Kind.ENUM, io.muon.kernel.part.CompactionSettings.CODECS,
            STREAMS);
        define("eps", Kind.STRING, null, RANDOM);
        define("interval_time", Kind.INTEGER, null, RANDOM);
        define("type", Kind.ENUM, Set.of("kafka"), EXTERNAL);
        define("brokers", Kind.STRING, null, EXTERNAL);
        define("topic", Kind.STRING, null, EXTERNAL);
        define("data_format", Kind.STRING, null, EXTERNAL);
        define("format_schema", Kind.STRING, null, EXTERNAL);
        define("one_message_per_row", Kind.BOOLEAN, null, EXTERNAL);
        define("kafka_schema_registry_url", Kind.STRING, null, EXTERNAL);
        define("kafka_schema_registry_credentials", Kind.STRING, null, EXTERNAL);
        define("security_protocol", Kind.STRING, null, EXTERNAL);
        define("sasl_mechanism", Kind.STRING, null, EXTERNAL);
        define("username", Kind.STRING, null, EXTERNAL);
        define("password", Kind.STRING, null, EXTERNAL);
        define("ssl_ca_cert_file", Kind.STRING, null, EXTERNAL);
        define("ssl_ca_pem", Kind.STRING, null, EXTERNAL);
        define("kafka_max_message_size", Kind.INTEGER, null, EXTERNAL);
        define("skip_ssl_cert_check", Kind.BOOLEAN, null, EXTERNAL);
        define("config_file", Kind.STRING, null, EXTERNAL);
        define("properties", Kind.STRING, null, EXTERNAL);
        define("message_key", Kind.STRING, null, EXTERNAL);
        define("pause_on_start", Kind.BOOLEAN, null, VIEWS);
        define("checkpoint_interval", Kind.INTEGER, null, VIEWS);
        define("enable_idempotent_processing", Kind.BOOLEAN, null, VIEWS);
    }

    private static void define(final String name, final Kind kind, final Set<String> allowed, final Set<ObjectKind> kinds)
    {
        SETTINGS.put(name, new Definition(kind, allowed, kinds));
    }

    private StreamSettings()
    {
    }

    /**
     * Checks one setting for an object of the given kind and returns its normalized value (booleans as true/false,
     * enum values in lower case).
     */
    public static String check(final ObjectKind kind, final String name, final String value)
    {
        final Definition definition = SETTINGS.get(name);
        if (definition == null || !definition.kinds().contains(kind))
        {
            final StringBuilder message = new StringBuilder("Unknown setting ").append(name).append(" for a ")
                .append(kind.noun());
            final String hint = Catalog.closest(SETTINGS.keySet(), name);
            if (hint != null && SETTINGS.get(hint).kinds().contains(kind))
            {
                message.append(". Maybe you meant ").append(hint);
            }
            throw new MuonException(ErrorCodes.UNKNOWN_SETTING, message.toString());
        }
        switch (definition.kind())
        {
            case INTEGER:
                try
                {
                    Long.parseLong(value.trim());
                    if (io.muon.kernel.part.CompactionSettings.NAMES.contains(name))
                    {
                        // out-of-range compaction settings fail here, not at the stream's first insert
                        io.muon.kernel.part.CompactionSettings.DEFAULTS.with(java.util.Map.of(name, value.trim()));
                    }
                    return value.trim();
                }
                catch (final NumberFormatException e)
                {
                    throw invalid(name, value, "an integer");
                }
            case BOOLEAN:
                switch (value.trim().toLowerCase(Locale.ROOT))
                {
                    case "1": case "true": return "true";
                    case "0": case "false": return "false";
                    default: throw invalid(name, value, "true or false");
                }
            case ENUM:
            {
                final String normalized = value.trim().toLowerCase(Locale.ROOT);
                if (!definition.allowed().contains(normalized))
                {
                    throw invalid(name, value, "one of " + String.join(", ", new java.util.TreeSet<>(definition.allowed())));
                }
                return normalized;
            }
            default:
                return value;
        }
    }

    private static MuonException invalid(final String name, final String value, final String expected)
    {
        return new MuonException(ErrorCodes.INVALID_SETTING_VALUE,
            "Invalid value '" + value + "' of setting " + name + ": expected " + expected);
    }
}
