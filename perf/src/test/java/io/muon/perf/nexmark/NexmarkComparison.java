package io.muon.perf.nexmark;

import io.muon.perf.nexmark.flink.FlinkNexmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Nexmark, Muon beside Apache Flink, in one run: the same generated events, the same queries (in each one's SQL),
 * each query run twice per system and the second run reported. Throughput per core is events divided by the CPU
 * seconds the process used during the query (both systems run their query on one thread; the CPU time also counts
 * their helpers and garbage collection). Every timed run starts after a garbage collection; Muon's (well under a
 * second each) are the median of three, Flink's the second of two. Flink is timed from its source taking the first
 * event to taking the last, leaving out the job's start (Muon's query start is in its time). Run with
 * {@code mvn -Pnexmark -pl perf test-compile org.codehaus.mojo:exec-maven-plugin:3.6.2:exec}
 * ({@code -Dnexmark.events=N}, default 5,000,000; {@code -Dnexmark.queries=q4,q9} for some of the queries).
 */
public final class NexmarkComparison
{
    private NexmarkComparison()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int events = args.length > 0 ? Integer.parseInt(args[0]) : 5_000_000;
        final java.util.Set<String> chosen = args.length > 1 && !args[1].equals("all") ?
            java.util.Set.of(args[1].split(",")) : null;
        final List<NexmarkQueries> queries = NexmarkQueries.all().stream()
            .filter(query -> chosen == null || chosen.contains(query.name())).toList();
        final NexmarkGenerator generator = new NexmarkGenerator(NexmarkGenerator.Config.defaults());
        System.out.printf(Locale.ROOT, "Nexmark: %,d events, %d cores, Java %s%n", events,
            Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        final Path dir = Files.createTempDirectory("muon-nexmark");
        final long loadStart = System.nanoTime();
        final NexmarkQueries.EventCounts counts;
        final double[][] muon = new double[queries.size()][];
        final long[] rowsOut = new long[muon.length];
        try (NexmarkMuon engine = new NexmarkMuon(dir))
        {
            counts = engine.load(generator, events);
            System.out.printf(Locale.ROOT, "Muon: generated and appended %,d persons, %,d auctions, %,d bids in " +
                "%.1f s%n", counts.persons(), counts.auctions(), counts.bids(), (System.nanoTime() - loadStart) / 1e9);
            int q = 0;
            for (final NexmarkQueries query : queries)
            {
                final long rows = query.expectedRows(counts) >= 0 ? query.expectedRows(counts) :
                    engine.count(query.muon());
                rowsOut[q] = rows;
                engine.run(query.muon(), rows);
                // sub-second runs: the median of three, each after a collection so no earlier garbage lands in it
                final NexmarkMuon.Run[] runs = new NexmarkMuon.Run[3];
                for (int i = 0; i < runs.length; i++)
                {
                    System.gc();
                    runs[i] = engine.run(query.muon(), rows);
                    if (runs[i].rows() != rows)
                    {
                        throw new IllegalStateException(query.name() + ": Muon produced " + runs[i].rows() +
                            " rows, expected " + rows);
                    }
                }
                java.util.Arrays.sort(runs, java.util.Comparator.comparingLong(NexmarkMuon.Run::cpuNanos));
                muon[q++] = new double[] {runs[1].wallNanos() / 1e9, runs[1].cpuNanos() / 1e9};
            }
        }
        finally
        {
            deleteTree(dir);
        }
        final long generateStart = System.nanoTime();
        FlinkNexmark.generate(generator, events);
        System.out.printf(Locale.ROOT, "Flink: %,d events made in memory in %.1f s%n", events,
            (System.nanoTime() - generateStart) / 1e9);
        System.out.println();
        System.out.println("| query | rows out | Muon s | Muon CPU s | Muon events/s per core | Flink s | Flink CPU s | " +
            "Flink events/s per core | Muon ÷ Flink per core |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        int q = 0;
        for (final NexmarkQueries query : queries)
        {
            FlinkNexmark.run(query);
            System.gc();
            final FlinkNexmark.Run flink = FlinkNexmark.run(query);
            final double flinkWall = flink.wallNanos() / 1e9;
            final double flinkCpu = flink.cpuNanos() / 1e9;
            final double muonPerCore = events / muon[q][1];
            final double flinkPerCore = events / flinkCpu;
            System.out.printf(Locale.ROOT, "| %s | %,d | %.2f | %.2f | %,.0f | %.2f | %.2f | %,.0f | %.1f× |%n",
                query.name(), rowsOut[q], muon[q][0], muon[q][1], muonPerCore, flinkWall, flinkCpu,
                flinkPerCore, muonPerCore / flinkPerCore);
            q++;
        }
        System.exit(0);
    }

    private static void deleteTree(final Path dir) throws java.io.IOException
    {
        try (var paths = Files.walk(dir))
        {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
