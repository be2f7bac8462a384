package io.muon.perf;

import io.muon.kernel.JvmFlags;
import io.muon.perf.log.AppendLatencyHarness;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs Muon's benchmarks and prints side-by-side markdown tables for perf/RESULTS.md.
 * <pre>
 *   java $(cat kernel/target/classes/io/muon/kernel/jvm.options) -jar perf/target/muon-perf.jar log [--quick]
 *   … log-latency [--quick] | sql [--quick] | query [--quick] | parts [--quick] | insert [--quick]
 *     | native [--quick]
 *     | streaming-latency [--quick] | all [--quick] | jmh REGEX
 * </pre>
 * JMH forks get the JVM flags of {@link JvmFlags}; so must the JVM running this class, for the latency harness.
 */
public final class PerfMain
{
    private PerfMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final String command = args.length == 0 ? "all" : args[0];
        final boolean quick = List.of(args).contains("--quick");
        System.out.printf("machine: %d cores, %s %s, Java %s%n%n", Runtime.getRuntime().availableProcessors(),
            System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"));
        switch (command)
        {
            case "log":
                logThroughput(quick);
                break;
            case "log-latency":
                logLatency(quick);
                break;
            case "sql":
                sql(quick);
                break;
            case "insert":
                io.muon.perf.http.InsertComparison.run(quick);
                break;
            case "native":
                io.muon.perf.tcp.NativeComparison.run(quick);
                break;
            case "query":
                io.muon.perf.query.QueryComparison.run(quick);
                break;
            case "parts":
                io.muon.perf.query.PartsComparison.run(quick);
                break;
            case "streaming-latency":
                io.muon.perf.streaming.StreamingLatencyHarness.run(quick);
                break;
            case "keyed-join":
                io.muon.perf.streaming.KeyedJoinHarness.run(quick);
                break;
            case "materialized-view":
                io.muon.perf.streaming.MaterializedViewHarness.run(quick);
                break;
            case "jmh":
                print(run(args[1], quick));
                break;
            case "all":
                logThroughput(quick);
                logLatency(quick);
                sql(quick);
                break;
            default:
                System.err.println("usage: PerfMain log|log-latency|sql|query|parts|insert|native|streaming-latency|" +
                    "keyed-join|materialized-view|all [--quick] | jmh REGEX");
                System.exit(2);
        }
    }

    private static Collection<RunResult> run(final String regex, final boolean quick) throws Exception
    {
        final List<String> jvmArgs = new ArrayList<>(JvmFlags.list());
        jvmArgs.add("-Xmx2g");
        jvmArgs.add("-Dchronicle.analytics.disable=true");
        final ChainedOptionsBuilder options = new OptionsBuilder().include(regex).jvmArgsAppend(jvmArgs.toArray(new String[0]))
            .shouldFailOnError(true);
        if (quick)
        {
            options.warmupIterations(1).warmupTime(TimeValue.seconds(1)).measurementIterations(2)
                .measurementTime(TimeValue.seconds(1));
        }
        return new Runner(options.build()).run();
    }

    /**
     * Runs the append benchmarks in two rounds, Chronicle Queue first and then Muon, then the other way round, after
     * writing and deleting a few GB: on virtual machines page faults get cheaper as the guest reuses memory, so
     * whichever system ran later would otherwise gain. The table shows the mean of the two rounds.
     */
    private static void logThroughput(final boolean quick) throws Exception
    {
        warmPageAllocator(quick ? 1 : 4);
        final Map<String, double[]> rows = new TreeMap<>();
        final String[] order = {"chronicle", "muon", "muon", "chronicle"};
        for (final String system : order)
        {
            for (final RunResult result : run("io.muon.perf.log.LogAppendBenchmark." + system, quick))
            {
                final String method = result.getParams().getBenchmark().replaceAll(".*\\.", "");
                final String payload = result.getParams().getParam("payload");
                final int column = method.startsWith("muon") ? 0 : 1;
                final String producers = method.contains("2") ? "2" : "1";
                final double[] row = rows.computeIfAbsent(payload + " | " + producers, k -> new double[4]);
                row[column] += result.getPrimaryResult().getScore() / 2;
                row[column + 2] = Math.max(row[column + 2], Math.abs(result.getPrimaryResult().getScoreError()));
            }
        }
        System.out.println();
        System.out.println("| payload | producers | Muon NativeLog records/s | Chronicle Queue records/s | Muon MB/s | " +
            "Chronicle MB/s | Muon ÷ Chronicle |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (final Map.Entry<String, double[]> row : rows.entrySet())
        {
            final String payload = row.getKey().split(" \\| ")[0];
            final int bytes = payload.equals("64B") ? 64 : payload.equals("1KiB") ? 1024 : batchBytes();
            final double[] v = row.getValue();
            System.out.printf(Locale.ROOT, "| %s | %.0f (±%.0f) | %.0f (±%.0f) | %.1f | %.1f | %.2f |%n", row.getKey(),
                v[0], v[2], v[1], v[3], v[0] * bytes / 1e6, v[1] * bytes / 1e6, v[0] / v[1]);
        }
        System.out.println("(mean of two rounds in alternating order; ± is the larger of the two JMH 99.9% errors)");
    }

    /** Writes and deletes {@code gigabytes} GB through a file mapping so both systems start on warm guest memory. */
    private static void warmPageAllocator(final int gigabytes) throws Exception
    {
        final java.nio.file.Path file = java.nio.file.Files.createTempFile("muon-warm", ".bin");
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
            java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE))
        {
            for (int g = 0; g < gigabytes; g++)
            {
                final java.nio.MappedByteBuffer map = channel.map(java.nio.channels.FileChannel.MapMode.READ_WRITE,
                    (long)g << 30, 1 << 30);
                for (int i = 0; i < (1 << 30); i += 4096)
                {
                    map.put(i, (byte)1);
                }
                org.agrona.IoUtil.unmap(map);
            }
        }
        java.nio.file.Files.delete(file);
    }

    private static int batchBytes()
    {
        final io.muon.kernel.log.ColumnBatchLayout layout = new io.muon.kernel.log.ColumnBatchLayout().reset(64);
        layout.addFixed(8, false);
        layout.addFixed(8, false);
        layout.addVariable(64 * 16, false);
        return layout.encodedLength();
    }

    /**
     * Latency in three rounds per rate, alternating which system runs first, reporting the median of each percentile
     * across rounds: single runs on a shared 2-core VM swing by an order of magnitude.
     */
    private static void logLatency(final boolean quick) throws Exception
    {
        System.out.println();
        System.out.println("| rate (records/s, 64 B) | system | p50 µs | p99 µs | p99.9 µs | max µs | records per round |");
        System.out.println("|---|---|---|---|---|---|---|");
        final int rounds = quick ? 1 : 3;
        for (final int rate : quick ? new int[] {100_000} : new int[] {10_000, 100_000, 1_000_000})
        {
            final AppendLatencyHarness harness = new AppendLatencyHarness(rate, quick ? 1 : 2, quick ? 2 : 5);
            final List<AppendLatencyHarness.Latency> muon = new ArrayList<>();
            final List<AppendLatencyHarness.Latency> chronicle = new ArrayList<>();
            for (int round = 0; round < rounds; round++)
            {
                if (round % 2 == 0)
                {
                    muon.add(harness.muon());
                    chronicle.add(harness.chronicle());
                }
                else
                {
                    chronicle.add(harness.chronicle());
                    muon.add(harness.muon());
                }
            }
            line(rate, "Muon NativeLog", median(muon));
            line(rate, "Chronicle Queue", median(chronicle));
        }
        System.out.println("(median over " + rounds + " rounds in alternating order; busy-polling tailer, one producer)");
    }

    private static AppendLatencyHarness.Latency median(final List<AppendLatencyHarness.Latency> rounds)
    {
        return new AppendLatencyHarness.Latency(
            median(rounds.stream().mapToDouble(AppendLatencyHarness.Latency::p50).toArray()),
            median(rounds.stream().mapToDouble(AppendLatencyHarness.Latency::p99).toArray()),
            median(rounds.stream().mapToDouble(AppendLatencyHarness.Latency::p999).toArray()),
            median(rounds.stream().mapToDouble(AppendLatencyHarness.Latency::max).toArray()),
            rounds.get(0).count());
    }

    private static double median(final double[] values)
    {
        java.util.Arrays.sort(values);
        return values[values.length / 2];
    }

    private static void line(final int rate, final String system, final AppendLatencyHarness.Latency l)
    {
        System.out.printf(Locale.ROOT, "| %,d | %s | %.1f | %.1f | %.1f | %.1f | %,d |%n", rate, system, l.p50(), l.p99(),
            l.p999(), l.max(), l.count());
    }

    private static void sql(final boolean quick) throws Exception
    {
        System.out.println();
        print(run("io.muon.perf.sql.SqlParseBenchmark", quick));
    }

    private static void print(final Collection<RunResult> results)
    {
        System.out.println("| benchmark | params | ops/s | ± |");
        System.out.println("|---|---|---|---|");
        for (final RunResult result : results)
        {
            System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %.0f |%n",
                result.getParams().getBenchmark().replaceAll(".*\\.", ""), result.getParams().getParamsKeys().isEmpty() ?
                    "" : result.getParams().getParam("payload"), result.getPrimaryResult().getScore(),
                result.getPrimaryResult().getScoreError());
        }
    }
}
