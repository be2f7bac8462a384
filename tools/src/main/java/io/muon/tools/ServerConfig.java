package io.muon.tools;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The server's configuration: embedded defaults, then a config file of {@code name = value} lines
 * ({@code --config FILE}), then command-line options. Every name and value is checked; the first bad one is
 * reported in one line naming it.
 */
final class ServerConfig
{
    static final String DATA_DIR = "data_dir";
    static final String LISTEN_HOST = "listen_host";
    static final String METRICS_PORT = "metrics_port";

    /** Every setting with its default and what it means, in the order {@code muon --help} lists them. */
    static final Map<String, String[]> SETTINGS = new LinkedHashMap<>();

    static
    {
        SETTINGS.put(DATA_DIR, new String[] {"./muon-data", "where streams, catalog and state live"});
        SETTINGS.put(LISTEN_HOST, new String[] {"127.0.0.1", "address every port binds to (loopback unless changed)"});
        SETTINGS.put(METRICS_PORT, new String[] {"9363", "Prometheus metrics over HTTP (/metrics); 0 picks a free port"});
    }

    private Path dataDir = Paths.get(SETTINGS.get(DATA_DIR)[0]);
    private InetAddress listenHost;
    private int metricsPort = Integer.parseInt(SETTINGS.get(METRICS_PORT)[0]);

    ServerConfig()
    {
        try
        {
            listenHost = InetAddress.getByName(SETTINGS.get(LISTEN_HOST)[0]);
        }
        catch (final UnknownHostException e)
        {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a config file; unknown names and bad values are errors. */
    ServerConfig load(final Path file) throws UsageException
    {
        if (!Files.isRegularFile(file))
        {
            throw new UsageException("config file " + file + " does not exist or is not a file");
        }
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            properties.load(reader);
        }
        catch (final IOException | IllegalArgumentException e)
        {
            throw new UsageException("cannot read config file " + file + ": " + e.getMessage());
        }
        for (final String name : properties.stringPropertyNames())
        {
            set(name, properties.getProperty(name).trim(), "in " + file);
        }
        return this;
    }

    /** Sets one value, checking it; {@code where} says where it came from, for the error message. */
    ServerConfig set(final String name, final String value, final String where) throws UsageException
    {
        switch (name)
        {
            case DATA_DIR:
                if (value.isEmpty())
                {
                    throw new UsageException(DATA_DIR + " " + where + " is empty");
                }
                dataDir = Paths.get(value);
                break;
            case LISTEN_HOST:
                try
                {
                    listenHost = InetAddress.getByName(value);
                }
                catch (final UnknownHostException e)
                {
                    throw new UsageException(LISTEN_HOST + " " + where + ": cannot resolve '" + value + "'");
                }
                break;
            case METRICS_PORT:
                metricsPort = port(name, value, where);
                break;
            default:
                throw new UsageException("unknown setting '" + name + "' " + where + "; known: " +
                    String.join(", ", SETTINGS.keySet()));
        }
        return this;
    }

    private static int port(final String name, final String value, final String where) throws UsageException
    {
        try
        {
            final int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535)
            {
                return port;
            }
        }
        catch (final NumberFormatException ignored)
        {
            // reported below
        }
        throw new UsageException(name + " " + where + " must be a port number 0-65535, got '" + value + "'");
    }

    Path dataDir()
    {
        return dataDir;
    }

    InetAddress listenHost()
    {
        return listenHost;
    }

    int metricsPort()
    {
        return metricsPort;
    }
}
