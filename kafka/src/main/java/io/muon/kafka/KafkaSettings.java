package io.muon.kafka;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.catalog.CatalogObject;
import io.muon.kernel.catalog.ColumnEntry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The settings of one Kafka external stream, resolved: those of its DDL over those of its {@code config_file}, the
 * message format, and the properties of the Kafka client they make (Proton's names, and its librdkafka
 * {@code properties} pass-through mapped to the Java client's names where they differ). Immutable.
 */
record KafkaSettings(String streamName, String brokers, String topic, String dataFormat, boolean oneMessagePerRow,
    String formatSchema, String schemaRegistryUrl, String schemaRegistryCredentials, long maxMessageBytes,
    Map<String, String> clientProperties, List<ColumnEntry> bodyColumns, int keyColumn, int headersColumn)
{
    static final String MESSAGE_KEY = "_tp_message_key";
    static final String MESSAGE_HEADERS = "_tp_message_headers";

    /** Proton's data formats for Kafka, by the names it accepts (case-insensitive), to Muon's canonical names. */
    private static final Map<String, String> FORMATS = Map.of("rawblob", "RawBLOB", "jsoneachrow", "JSONEachRow",
        "csv", "CSV", "tsv", "TSV", "tabseparated", "TSV", "protobufsingle", "ProtobufSingle");

    /** librdkafka property names Proton users write, to the Java client's. */
    private static final Map<String, String> LIBRDKAFKA_NAMES = Map.of(
        "queue.buffering.max.ms", "linger.ms",
        "message.timeout.ms", "delivery.timeout.ms",
        "fetch.wait.max.ms", "fetch.max.wait.ms",
        "message.max.bytes", "max.request.size",
        "queue.buffering.max.kbytes", "buffer.memory",
        "enable.idempotence", "enable.idempotence",
        "compression.codec", "compression.type");

    /** Resolves {@code stream}'s settings; Code 36 naming the setting that is missing or wrong. */
    static KafkaSettings of(final CatalogObject stream)
    {
        final Map<String, String> settings = new LinkedHashMap<>();
        final String configFile = stream.settings().get("config_file");
        if (configFile != null)
        {
            settings.putAll(readConfigFile(stream, configFile));
        }
        settings.putAll(stream.settings());
        final String brokers = required(stream, settings, "brokers");
        final String topic = required(stream, settings, "topic");
        final String formatText = settings.getOrDefault("data_format", "RawBLOB").trim();
        final String format = FORMATS.get(formatText.toLowerCase(Locale.ROOT));
        if (format == null)
        {
            throw bad(stream, "data_format='" + formatText + "' is not one of RawBLOB, JSONEachRow, CSV, TSV, " +
                "ProtobufSingle");
        }
        final List<ColumnEntry> body = new ArrayList<>();
        int key = -1;
        int headers = -1;
        for (int c = 0; c < stream.columns().size(); c++)
        {
            final ColumnEntry column = stream.columns().get(c);
            if (column.name().equals(MESSAGE_KEY))
            {
                key = c;
            }
            else if (column.name().equals(MESSAGE_HEADERS))
            {
                headers = c;
            }
            else
            {
                body.add(column);
            }
        }
        if (format.equals("RawBLOB") && (body.size() != 1 ||
            !body.get(0).type().unwrapped().clickHouseName().equals("String")))
        {
            throw bad(stream, "data_format='RawBLOB' reads and writes a whole message as one string: declare " +
                "exactly one column of type string (besides _tp_message_key and _tp_message_headers)");
        }
        if (headers >= 0 && !stream.columns().get(headers).type().clickHouseName().equals("Map(String, String)"))
        {
            throw bad(stream, "column _tp_message_headers must be map(string, string), not " +
                stream.columns().get(headers).type().clickHouseName());
        }
        final String formatSchema = settings.get("format_schema");
        if (format.equals("ProtobufSingle") && (formatSchema == null || formatSchema.isBlank()) &&
            settings.get("kafka_schema_registry_url") == null)
        {
            throw bad(stream, "data_format='ProtobufSingle' needs format_schema='<schema file>:<message name>' or " +
                "kafka_schema_registry_url");
        }
        if (settings.get("kafka_schema_registry_url") != null && !format.equals("ProtobufSingle"))
        {
            throw bad(stream, "kafka_schema_registry_url serves the schemas of data_format='ProtobufSingle', not " +
                format);
        }
        final boolean oneMessagePerRow = flag(stream, settings, "one_message_per_row", format.equals("RawBLOB") ||
            format.equals("ProtobufSingle"));
        final Map<String, String> client = clientProperties(stream, settings, brokers);
        final long maxMessageBytes = number(stream, settings, "kafka_max_message_size", 1_048_576);
        return new KafkaSettings(stream.qualifiedName(), brokers, topic, format, oneMessagePerRow, formatSchema,
            settings.get("kafka_schema_registry_url"), settings.get("kafka_schema_registry_credentials"),
            maxMessageBytes, client, List.copyOf(body), key, headers);
    }

    private static String required(final CatalogObject stream, final Map<String, String> settings, final String name)
    {
        final String value = settings.get(name);
        if (value == null || value.isBlank())
        {
            throw bad(stream, "setting " + name + " is required");
        }
        return value.trim();
    }

    private static boolean flag(final CatalogObject stream, final Map<String, String> settings, final String name,
        final boolean fallback)
    {
        final String value = settings.get(name);
        if (value == null)
        {
            return fallback;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT))
        {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw bad(stream, name + "='" + value + "' is not a boolean (true, false, 1 or 0)");
        };
    }

    private static long number(final CatalogObject stream, final Map<String, String> settings, final String name,
        final long fallback)
    {
        final String value = settings.get(name);
        if (value == null)
        {
            return fallback;
        }
        try
        {
            final long parsed = Long.parseLong(value.trim());
            if (parsed > 0)
            {
                return parsed;
            }
        }
        catch (final NumberFormatException e)
        {
            // reported below
        }
        throw bad(stream, name + "='" + value + "' is not a positive number");
    }

    static MuonException bad(final CatalogObject stream, final String problem)
    {
        return new MuonException(ErrorCodes.BAD_ARGUMENTS, "Kafka external stream " + stream.qualifiedName() + ": " +
            problem);
    }

    /** {@code key=value} lines (values may be quoted, # starts a comment), as Proton's config_file holds them. */
    private static Map<String, String> readConfigFile(final CatalogObject stream, final String file)
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(Path.of(file.trim()), StandardCharsets.UTF_8);
        }
        catch (final IOException | RuntimeException e)
        {
            throw bad(stream, "cannot read config_file '" + file + "': " + e.getMessage());
        }
        final Map<String, String> settings = new LinkedHashMap<>();
        for (final String line : lines)
        {
            final String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#"))
            {
                continue;
            }
            final int equals = trimmed.indexOf('=');
            if (equals <= 0)
            {
                throw bad(stream, "config_file '" + file + "' has a line that is not key=value: " + trimmed);
            }
            settings.put(trimmed.substring(0, equals).trim(), unquote(trimmed.substring(equals + 1).trim()));
        }
        return settings;
    }

    private static String unquote(final String value)
    {
        if (value.length() >= 2 && (value.charAt(0) == '\'' || value.charAt(0) == '"') &&
            value.charAt(value.length() - 1) == value.charAt(0))
        {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static Map<String, String> clientProperties(final CatalogObject stream, final Map<String, String> settings,
        final String brokers)
    {
        final Map<String, String> client = new LinkedHashMap<>();
        client.put("bootstrap.servers", brokers);
        final String protocol = settings.get("security_protocol");
        if (protocol != null)
        {
            final String upper = protocol.trim().toUpperCase(Locale.ROOT);
            if (!List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL").contains(upper))
            {
                throw bad(stream, "security_protocol='" + protocol + "' is not one of PLAINTEXT, SSL, " +
                    "SASL_PLAINTEXT, SASL_SSL");
            }
            client.put("security.protocol", upper);
            if (upper.startsWith("SASL"))
            {
                final String mechanism = settings.getOrDefault("sasl_mechanism", "PLAIN").trim()
                    .toUpperCase(Locale.ROOT);
                final String module = switch (mechanism)
                {
                    case "PLAIN" -> "org.apache.kafka.common.security.plain.PlainLoginModule";
                    case "SCRAM-SHA-256", "SCRAM-SHA-512" -> "org.apache.kafka.common.security.scram.ScramLoginModule";
                    default -> throw bad(stream, "sasl_mechanism='" + mechanism + "' is not one of PLAIN, " +
                        "SCRAM-SHA-256, SCRAM-SHA-512");
                };
                final String username = settings.get("username");
                final String password = settings.get("password");
                if (username == null || password == null)
                {
                    throw bad(stream, "security_protocol='" + upper + "' needs username and password");
                }
                client.put("sasl.mechanism", mechanism);
                client.put("sasl.jaas.config", module + " required username=\"" + jaasEscaped(username) +
                    "\" password=\"" + jaasEscaped(password) + "\";");
            }
        }
        final String caFile = settings.get("ssl_ca_cert_file");
        if (caFile != null)
        {
            client.put("ssl.truststore.type", "PEM");
            client.put("ssl.truststore.location", caFile.trim());
        }
        final String caPem = settings.get("ssl_ca_pem");
        if (caPem != null)
        {
            client.put("ssl.truststore.type", "PEM");
            client.put("ssl.truststore.certificates", caPem);
        }
        if (flag(stream, settings, "skip_ssl_cert_check", false))
        {
            client.put("ssl.endpoint.identification.algorithm", "");
        }
        final String properties = settings.get("properties");
        if (properties != null)
        {
            for (final String pair : properties.split(";"))
            {
                if (pair.isBlank())
                {
                    continue;
                }
                final int equals = pair.indexOf('=');
                if (equals <= 0)
                {
                    throw bad(stream, "properties holds '" + pair.trim() + "', not key=value");
                }
                final String name = pair.substring(0, equals).trim();
                client.put(LIBRDKAFKA_NAMES.getOrDefault(name, name), pair.substring(equals + 1).trim());
            }
        }
        return Map.copyOf(client);
    }

    private static String jaasEscaped(final String value)
    {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** The client properties with {@code extra} added (a consumer's or producer's own). */
    Properties client(final Map<String, Object> extra)
    {
        final Properties properties = new Properties();
        properties.putAll(extra);
        // the stream's properties win: they are the user's
        properties.putAll(clientProperties);
        return properties;
    }
}
