package io.muon.tools;

import io.muon.kernel.JvmFlags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Three Muon servers in cluster mode, each in its own JVM on loopback: DDL on one node reaches all, inserts through
 * every node's HTTP interface are read back equal everywhere, the leader killed with SIGKILL is replaced and writes go
 * on, the killed node restarted from its directory catches up with every row exactly once, and so does a follower
 * whose process was stopped (SIGSTOP) while the others took writes.
 */
class ClusterTest
{
    private static final int NODES = 3;

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Process[] processes = new Process[NODES];
    private final int[] httpPorts = new int[NODES];
    private final int[] tcpPorts = new int[NODES];
    private final int[] ingestPorts = new int[NODES];
    private String members;

    @AfterEach
    void stop()
    {
        for (final Process process : processes)
        {
            if (process != null)
            {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void insertsOnEveryNodeAreReadEverywhereAndSurviveTheLeadersDeath() throws Exception
    {
        startCluster();
        // the first DDL needs a leader and this node's client connected to it
        retry(() -> query(0, "CREATE STREAM ticks (id int64, v string) SETTINGS replication_factor=3"),
            "CREATE STREAM on node 0");
        for (int i = 0; i < NODES; i++)
        {
            final int node = i;
            await(() -> query(node,
                "SELECT count() FROM system.tables WHERE name = 'ticks'").equals("1\n"), "the stream on node " + node);
        }
        for (int i = 0; i < NODES; i++)
        {
            final int node = i;
            retry(() -> insert(node, node * 1000, 1000), "INSERT on node " + node);
        }
        // the other front ends, into a second stream: clickhouse-client over the native protocol, and an Aeron
        // publisher over IPC
        retry(() -> query(1, "CREATE STREAM fronts (id int64, v string) SETTINGS replication_factor=3"),
            "CREATE STREAM on node 1");
        // a view over it runs on every node and writes its results on that node only: each node's target holds
        // every result once (through the cluster, three views would write each row three times)
        retry(() -> query(2, "CREATE STREAM copies (id int64) SETTINGS replication_factor=3"), "CREATE the target");
        retry(() -> query(2, "CREATE MATERIALIZED VIEW copier INTO copies AS SELECT id FROM fronts " +
            "SETTINGS checkpoint_interval = 0"), "CREATE MATERIALIZED VIEW");
        for (int i = 0; i < NODES; i++)
        {
            final int node = i;
            await(() -> query(node, "SELECT count() FROM system.tables WHERE name IN ('fronts', 'copier')")
                .equals("2\n"), "the second stream and the view on node " + node);
            await(() -> query(node, "SELECT count() FROM system.processes WHERE is_streaming").trim().equals("1"),
                "the view running on node " + node);
        }
        for (int i = 0; i < NODES; i++)
        {
            final int node = i;
            retry(() -> nativeInsert(node, 10_000 + node * 100, 100), "native INSERT on node " + node);
            publish(node, 20_000 + node * 100, 100);
        }
        final String fronts = "600\t" + (sum(10_000, 10_300) + sum(20_000, 20_300)) + "\n";
        for (int i = 0; i < NODES; i++)
        {
            final int node = i;
            await(() -> query(node, "SELECT count(), sum(id) FROM table(fronts)").equals(fronts),
                "600 rows of the second stream on node " + node);
            await(() -> query(node, "SELECT count(), sum(id) FROM table(copies)").equals(fronts),
                "the view's 600 results on node " + node);
        }
        final String expected = "3000\t" + sum(0, 3000) + "\n";
        for (int i = 0; i < NODES; i++)
        {
            final int node = i;
            await(() -> query(node, "SELECT count(), sum(id) FROM table(ticks)").equals(expected),
                "3000 rows on node " + node);
        }
        // the same rows in the same order everywhere: a streaming query from the start of each node's log
        final String first = query(1, "SELECT id FROM ticks LIMIT 3000 SETTINGS query_mode='streaming', seek_to='earliest'");
        assertEquals(first, query(2, "SELECT id FROM ticks LIMIT 3000 SETTINGS query_mode='streaming', seek_to='earliest'"));
        assertEquals(first, query(0, "SELECT id FROM ticks LIMIT 3000 SETTINGS query_mode='streaming', seek_to='earliest'"));

        // kill the leader; a new one is elected and takes writes through the survivors
        final int leader = Integer.parseInt(query(0, "SELECT leader_id FROM system.cluster WHERE is_self").trim());
        assertTrue(leader >= 0 && leader < NODES, "leader " + leader);
        processes[leader].destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        processes[leader] = null;
        final int survivor = (leader + 1) % NODES;
        final int other = (leader + 2) % NODES;
        retry(() -> insert(survivor, 3000, 500), "INSERT on node " + survivor + " after the leader died");
        retry(() -> insert(other, 3500, 500), "INSERT on node " + other + " after the leader died");
        final String after = "4000\t" + sum(0, 4000) + "\n";
        for (final int node : new int[] {survivor, other})
        {
            await(() -> query(node, "SELECT count(), sum(id) FROM table(ticks)").equals(after), "4000 rows on " + node);
        }
        final String leaders = query(survivor, "SELECT leader_id FROM system.cluster WHERE is_self").trim();
        assertTrue(!leaders.equals(Integer.toString(leader)), "a new leader, not " + leader + ": " + leaders);

        // the killed node comes back from its directory and catches up, every row once
        start(leader);
        awaitUp(leader);
        // it caught up before it opened its front ends
        assertEquals(after, query(leader, "SELECT count(), sum(id) FROM table(ticks)"));
        final String[] self = query(leader, "SELECT role, lag, member_id, leader_id FROM system.cluster WHERE is_self")
            .trim().split("\t");
        assertTrue(self[0].equals("follower") || self[0].equals("leader"), String.join(" ", self));
        assertTrue(Long.parseLong(self[1]) >= 0, String.join(" ", self));
        assertEquals(Integer.toString(leader), self[2]);
        assertEquals("3\n", query(leader, "SELECT count() FROM system.cluster"));
        assertEquals(query(survivor, "SELECT id FROM ticks LIMIT 4000 SETTINGS query_mode='streaming', seek_to='earliest'"),
            query(leader, "SELECT id FROM ticks LIMIT 4000 SETTINGS query_mode='streaming', seek_to='earliest'"));

        // a follower cut off (its process stopped) while the others go on catches up once it runs again
        final int newLeader = Integer.parseInt(query(survivor, "SELECT leader_id FROM system.cluster WHERE is_self")
            .trim());
        final int follower = newLeader == leader ? survivor : leader;
        final int writer = 3 - newLeader - follower;
        signal("STOP", processes[follower]);
        try
        {
            retry(() -> insert(writer, 4000, 1000), "INSERT on node " + writer + " while node " + follower +
                " is stopped");
            final String more = "5000\t" + sum(0, 5000) + "\n";
            await(() -> query(newLeader, "SELECT count(), sum(id) FROM table(ticks)").equals(more),
                "5000 rows on the leader");
        }
        finally
        {
            signal("CONT", processes[follower]);
        }
        final String all = "5000\t" + sum(0, 5000) + "\n";
        await(() -> query(follower, "SELECT count(), sum(id) FROM table(ticks)").equals(all),
            "the stopped node " + follower + " to catch up");
    }

    @Test
    void noAcknowledgedRowIsLostOrDoubledWhenTheLeaderIsKilledUnderLoad() throws Exception
    {
        startCluster();
        retry(() -> query(0, "CREATE STREAM load (id int64) SETTINGS replication_factor=3"), "CREATE STREAM");
        for (int i = 0; i < NODES; i++)
        {
            final int node = i;
            await(() -> query(node, "SELECT count() FROM system.tables WHERE name = 'load'").equals("1\n"),
                "the stream on node " + node);
            retry(() -> request(node, "INSERT INTO load (id) FORMAT TSV", "-" + (node + 1) + "\n"),
                "a first insert through node " + node);
        }
        final int leader = Integer.parseInt(query(0, "SELECT leader_id FROM system.cluster WHERE is_self").trim());

        // one writer per node, each inserting blocks of 100 fresh ids; a block is acknowledged when its INSERT
        // answered 200, uncertain when it failed (it may or may not have been committed) and never sent again
        final java.util.concurrent.atomic.AtomicLong ids = new java.util.concurrent.atomic.AtomicLong();
        final java.util.Set<Long> acknowledged = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final java.util.Set<Long> uncertain = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        final List<Thread> writers = new ArrayList<>();
        for (int i = 0; i < NODES; i++)
        {
            final int node = i;
            final Thread writer = new Thread(() ->
            {
                while (running.get())
                {
                    final long first = ids.getAndAdd(100);
                    final StringBuilder body = new StringBuilder();
                    for (long id = first; id < first + 100; id++)
                    {
                        body.append(id).append('\n');
                    }
                    boolean ok;
                    try
                    {
                        request(node, "INSERT INTO load (id) FORMAT TSV", body.toString());
                        ok = true;
                    }
                    catch (final Exception e)
                    {
                        ok = false;
                    }
                    for (long id = first; id < first + 100; id++)
                    {
                        (ok ? acknowledged : uncertain).add(id);
                    }
                    if (!ok)
                    {
                        try
                        {
                            Thread.sleep(100);
                        }
                        catch (final InterruptedException e)
                        {
                            return;
                        }
                    }
                }
            }, "writer-" + node);
            writer.start();
            writers.add(writer);
        }
        await(() -> acknowledged.size() >= 3_000, "the load to get going");
        processes[leader].destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        processes[leader] = null;
        final long atKill = acknowledged.size();
        // writes go on after the leader died: a new leader commits them
        await(() -> acknowledged.size() >= atKill + 3_000, "writes acknowledged after the leader died (" + atKill +
            " before)");
        running.set(false);
        for (final Thread writer : writers)
        {
            writer.join(120_000);
        }

        start(leader);
        awaitUp(leader);
        final String survivorRows = settledRows((leader + 1) % NODES);
        for (int i = 0; i < NODES; i++)
        {
            final int node = i;
            await(() -> query(node, "SELECT id FROM table(load) WHERE id >= 0 ORDER BY id").equals(survivorRows),
                "node " + node + " to hold the same rows");
        }
        final java.util.Set<Long> present = new java.util.HashSet<>();
        for (final String line : survivorRows.split("\n"))
        {
            assertTrue(present.add(Long.parseLong(line)), "id " + line + " stored twice");
        }
        for (final long id : acknowledged)
        {
            assertTrue(present.contains(id), "acknowledged id " + id + " is missing");
        }
        for (final long id : present)
        {
            assertTrue(acknowledged.contains(id) || uncertain.contains(id), "id " + id + " was never sent");
        }
    }

    /** The ids of stream load on a node once they stopped changing for two seconds. */
    private String settledRows(final int node) throws Exception
    {
        String previous = "";
        String current = query(node, "SELECT id FROM table(load) WHERE id >= 0 ORDER BY id");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!current.equals(previous) && System.nanoTime() < deadline)
        {
            Thread.sleep(2_000);
            previous = current;
            current = query(node, "SELECT id FROM table(load) WHERE id >= 0 ORDER BY id");
        }
        return current;
    }

    private static void signal(final String signal, final Process process) throws Exception
    {
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start()
            .waitFor());
    }

    /** Starts the three nodes, each in its own JVM, and waits until each answers (it caught up with the log). */
    private void startCluster() throws Exception
    {
        members = clusterMembers();
        for (int i = 0; i < NODES; i++)
        {
            httpPorts[i] = freeTcpPort();
            tcpPorts[i] = freeTcpPort();
            ingestPorts[i] = freeUdpPort();
            start(i);
        }
        for (int i = 0; i < NODES; i++)
        {
            awaitUp(i);
        }
    }

    private static long sum(final long from, final long to)
    {
        return (to - 1) * to / 2 - (from - 1) * from / 2;
    }

    private String nativeInsert(final int node, final int first, final int rows) throws Exception
    {
        final StringBuilder values = new StringBuilder();
        for (int r = 0; r < rows; r++)
        {
            values.append(r == 0 ? "" : ",").append('(').append(first + r).append(",'c").append(node).append("')");
        }
        final Process client = new ProcessBuilder("clickhouse-client", "--host", "127.0.0.1", "--port",
            Integer.toString(tcpPorts[node]), "--query", "INSERT INTO fronts (id, v) VALUES " + values)
            .redirectErrorStream(true).start();
        final String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!client.waitFor(60, TimeUnit.SECONDS) || client.exitValue() != 0)
        {
            throw new IllegalStateException("clickhouse-client on node " + node + ": " + out);
        }
        return out;
    }

    private String aeronDir(final int node)
    {
        return dir.resolve("aeron-" + node).toString();
    }

    /** Sends rows through the node's Aeron ingest endpoint over IPC and waits until they are committed. */
    private void publish(final int node, final long first, final int rows)
    {
        try (io.aeron.Aeron aeron = io.aeron.Aeron.connect(new io.aeron.Aeron.Context()
                .aeronDirectoryName(aeronDir(node)));
            io.muon.replication.ingest.MuonPublisher publisher = io.muon.replication.ingest.MuonPublisher.connect(
                aeron, "aeron:ipc", 1001, "aeron:ipc", 3000 + node, Duration.ofSeconds(60), 16))
        {
            final io.muon.replication.ingest.MuonPublisher.StreamSchema schema = publisher.describe("fronts");
            final io.muon.replication.ingest.RowBatch batch = publisher.batch(schema);
            for (long id = first; id < first + rows; id++)
            {
                batch.addRow().setLong(schema.column("id"), id).setString(schema.column("v"), "a" + node);
            }
            publisher.send(batch);
            assertTrue(publisher.awaitAnswers());
            assertEquals(rows, publisher.committedRows(), "rejected: " + publisher.rejectedBatches());
        }
    }

    private String insert(final int node, final int first, final int rows) throws Exception
    {
        final StringBuilder body = new StringBuilder();
        for (int r = 0; r < rows; r++)
        {
            body.append(first + r).append('\t').append("n").append(node).append('\n');
        }
        return request(node, "INSERT INTO ticks (id, v) FORMAT TSV", body.toString());
    }

    private String query(final int node, final String sql) throws Exception
    {
        return request(node, sql, null);
    }

    private String request(final int node, final String sql, final String body) throws Exception
    {
        final String url = "http://127.0.0.1:" + httpPorts[node] + "/?query=" + URLEncoder.encode(sql,
            StandardCharsets.UTF_8);
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(60))
            .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
            .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200)
        {
            throw new IllegalStateException("node " + node + " answered " + response.statusCode() + ": " +
                response.body());
        }
        return response.body();
    }

    private void start(final int node) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.addAll(JvmFlags.list());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Muon.class.getName());
        command.addAll(List.of("server", "--data", dir.resolve("node" + node).toString(), "--cluster",
            "--cluster_node_id", Integer.toString(node), "--cluster_members", members,
            "--http_port", Integer.toString(httpPorts[node]), "--streaming_http_port", "0",
            "--tcp_port", Integer.toString(tcpPorts[node]), "--streaming_tcp_port", "0", "--metrics_port", "0",
            "--aeron_ingest", "true", "--aeron_ingest_port", Integer.toString(ingestPorts[node]),
            "--aeron_dir", aeronDir(node)));
        final Path log = dir.resolve("node" + node + ".log");
        processes[node] = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private void awaitUp(final int node) throws Exception
    {
        await(() ->
        {
            if (!processes[node].isAlive())
            {
                fail("node " + node + " exited: " + Files.readString(dir.resolve("node" + node + ".log")));
            }
            return query(node, "SELECT 1").equals("1\n");
        }, "node " + node + " to answer");
    }

    private interface Check
    {
        boolean holds() throws Exception;
    }

    private void await(final Check check, final String what) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        Exception last = null;
        while (System.nanoTime() < deadline)
        {
            try
            {
                if (check.holds())
                {
                    return;
                }
                last = null;
            }
            catch (final IOException | IllegalStateException e)
            {
                last = e;
            }
            Thread.sleep(200);
        }
        fail("timed out waiting for " + what + (last == null ? "" : ": " + last) + "\n" + logs());
    }

    private interface Action
    {
        String run() throws Exception;
    }

    private void retry(final Action action, final String what) throws Exception
    {
        await(() ->
        {
            action.run();
            return true;
        }, what);
    }

    private String logs() throws IOException
    {
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < NODES; i++)
        {
            final Path log = dir.resolve("node" + i + ".log");
            if (Files.exists(log))
            {
                final List<String> lines = Files.readAllLines(log);
                out.append("--- node ").append(i).append(" (last lines)\n")
                    .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())))
                    .append('\n');
            }
        }
        return out.toString();
    }

    /** Three members on loopback, each with six free UDP ports from its base port on. */
    private static String clusterMembers() throws IOException
    {
        final List<String> members = new ArrayList<>();
        int base = 20_000 + ThreadLocalRandom.current().nextInt(2_000) * 10;
        while (members.size() < NODES)
        {
            if (udpPortsFree(base, 6))
            {
                members.add("127.0.0.1:" + base);
            }
            base += 10;
        }
        return String.join(",", members);
    }

    private static boolean udpPortsFree(final int from, final int count)
    {
        for (int port = from; port < from + count; port++)
        {
            try (DatagramSocket socket = new DatagramSocket(port))
            {
                socket.getLocalPort();
            }
            catch (final IOException e)
            {
                return false;
            }
        }
        return true;
    }

    private static int freeUdpPort() throws IOException
    {
        try (DatagramSocket socket = new DatagramSocket(0))
        {
            return socket.getLocalPort();
        }
    }

    private static int freeTcpPort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }
}
