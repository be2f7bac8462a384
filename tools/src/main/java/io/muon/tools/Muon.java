package io.muon.tools;

import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.log.LogInspector;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code muon} command: {@code server}, {@code log dump|verify}, {@code part inspect|verify}, {@code version}. Exit codes: 0 success, 1 the
 * inspected files have problems, 2 a bad command line or configuration (one line on stderr naming what is wrong).
 */
public final class Muon
{
    static final int OK = 0;
    static final int PROBLEMS = 1;
    static final int USAGE = 2;

    private Muon()
    {
    }

    public static void main(final String[] args)
    {
        configureLogging();
        final int code = run(args, System.out, System.err);
        if (code != OK || args.length == 0 || !"server".equals(args[0]))
        {
            System.exit(code);
        }
    }

    /** Runs a command; {@code server} blocks until the JVM is asked to stop. */
    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        try
        {
            if (args.length == 0 || isHelp(args[0]))
            {
                out.print(help());
                return args.length == 0 ? USAGE : OK;
            }
            switch (args[0])
            {
                case "server":
                    return server(Arrays.copyOfRange(args, 1, args.length));
                case "log":
                    return log(Arrays.copyOfRange(args, 1, args.length), out);
                case "part":
                    return part(Arrays.copyOfRange(args, 1, args.length), out);
                case "version":
                case "--version":
                    out.println("muon " + version());
                    return OK;
                default:
                    throw new UsageException("unknown command '" + args[0] + "' (muon --help lists them)");
            }
        }
        catch (final UsageException e)
        {
            err.println("muon: " + e.getMessage());
            return USAGE;
        }
        catch (final IOException e)
        {
            err.println("muon: " + e.getMessage());
            return USAGE;
        }
    }

    static String help()
    {
        final StringBuilder text = new StringBuilder();
        text.append("Muon ").append(version()).append(": a streaming SQL database that speaks ClickHouse\n\n");
        text.append("Usage:\n");
        text.append("  muon server [--data DIR] [--config FILE] [--NAME VALUE ...]\n");
        text.append("        Start the server. Data lives under DIR (default ./muon-data); every port binds to\n");
        text.append("        127.0.0.1 unless listen_host says otherwise.\n");
        text.append("  muon log dump DIR      Print every record of a NativeLog directory (no server needed).\n");
        text.append("  muon log verify DIR    Check every segment, record CRC and index of a NativeLog directory;\n");
        text.append("                         exit code 1 and one line per problem if any.\n");
        text.append("  muon part inspect DIR  Print a MergeTree part's columns, streams, marks and checksums (Muon's\n");
        text.append("                         or ClickHouse's; no server needed).\n");
        text.append("  muon part verify DIR   Check every file, compressed block and checksum of a part; exit code 1\n");
        text.append("                         and one line per problem if any.\n");
        text.append("  muon version           Print the version.\n");
        text.append("  muon --help            This text.\n\n");
        text.append("Server options (also settable as NAME = VALUE lines in the --config file):\n");
        text.append(String.format("  %-18s %s%n", "--data DIR", "same as data_dir"));
        text.append(String.format("  %-18s %s%n", "--config FILE", "read settings from FILE first"));
        for (final Map.Entry<String, String[]> setting : ServerConfig.SETTINGS.entrySet())
        {
            text.append(String.format("  --%-16s %s (default %s)%n", setting.getKey(), setting.getValue()[1],
                setting.getValue()[0]));
        }
        text.append("\nExit codes: 0 success, 1 problems found by log or part verify, 2 bad usage or configuration.\n");
        return text.toString();
    }

    static String version()
    {
        final String version = Muon.class.getPackage().getImplementationVersion();
        return version == null ? "0.1.0-SNAPSHOT" : version;
    }

    private static boolean isHelp(final String arg)
    {
        return arg.equals("--help") || arg.equals("-h") || arg.equals("help");
    }

    /** Parses server options in order: --config first wherever it is, then the others. */
    static ServerConfig parseServerOptions(final String[] args) throws UsageException
    {
        final ServerConfig config = new ServerConfig();
        for (int i = 0; i < args.length; i++)
        {
            if (args[i].equals("--config"))
            {
                config.load(Paths.get(value(args, i)));
            }
        }
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            if (!arg.startsWith("--"))
            {
                throw new UsageException("unexpected argument '" + arg + "' (options start with --)");
            }
            final String name = arg.substring(2);
            if (name.equals(ServerConfig.CLUSTER) && (i + 1 == args.length || args[i + 1].startsWith("--")))
            {
                // a bare --cluster switches cluster mode on
                config.set(ServerConfig.CLUSTER, "true", "(option --cluster)");
                continue;
            }
            final String value = value(args, i);
            i++;
            if (name.equals("config"))
            {
                continue;
            }
            config.set(name.equals("data") ? ServerConfig.DATA_DIR : name.replace('-', '_'), value,
                "(option " + arg + ")");
        }
        return config;
    }

    private static String value(final String[] args, final int i) throws UsageException
    {
        if (i + 1 >= args.length)
        {
            throw new UsageException("option " + args[i] + " needs a value");
        }
        return args[i + 1];
    }

    private static int server(final String[] args) throws UsageException, IOException
    {
        final ServerConfig config = parseServerOptions(args);
        final MuonServer server = new MuonServer(config).start();
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            // java.util.logging resets its handlers in its own shutdown hook, so these lines go to stderr directly
            shutdownLine("stopping");
            server.close();
            shutdownLine("stopped");
            stopped.countDown();
        }, "muon-shutdown"));
        try
        {
            stopped.await();
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        return OK;
    }

    private static void shutdownLine(final String message)
    {
        System.err.printf("%1$tF %1$tT.%1$tL INFO %2$s: %3$s%n", System.currentTimeMillis(), Muon.class.getName(), message);
        System.err.flush();
    }

    private static int log(final String[] args, final PrintStream out) throws UsageException, IOException
    {
        if (args.length != 2 || !(args[0].equals("dump") || args[0].equals("verify")))
        {
            throw new UsageException("usage: muon log dump|verify DIR");
        }
        final Path directory = Paths.get(args[1]);
        final int problems = new LogInspector(FilesFacade.DEFAULT, out, args[0].equals("dump")).inspect(directory);
        return problems == 0 ? OK : PROBLEMS;
    }

    private static int part(final String[] args, final PrintStream out) throws UsageException
    {
        if (args.length != 2 || !(args[0].equals("inspect") || args[0].equals("verify")))
        {
            throw new UsageException("usage: muon part inspect|verify DIR");
        }
        final Path directory = Paths.get(args[1]);
        if (!java.nio.file.Files.isDirectory(directory))
        {
            throw new UsageException("not a part directory: " + directory);
        }
        final io.muon.kernel.part.PartInspector inspector = new io.muon.kernel.part.PartInspector(FilesFacade.DEFAULT,
            out);
        final int problems = args[0].equals("inspect") ? inspector.inspect(directory) : inspector.verify(directory);
        return problems == 0 ? OK : PROBLEMS;
    }

    /** One line per log message: time, level, logger, message. */
    private static void configureLogging()
    {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null)
        {
            System.setProperty("java.util.logging.SimpleFormatter.format",
                "%1$tF %1$tT.%1$tL %4$s %3$s: %5$s%6$s%n");
        }
    }
}
