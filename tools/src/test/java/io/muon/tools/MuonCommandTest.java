package io.muon.tools;

import io.muon.kernel.log.LogClaim;
import io.muon.kernel.log.LogSettings;
import io.muon.kernel.log.NativeLog;
import io.muon.kernel.log.SegmentDescriptor;
import io.muon.kernel.log.ColumnBatchLayout;
import io.muon.kernel.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

@ExtendWith(LeakCheck.class)
class MuonCommandTest
{
    @TempDir
    Path dir;

    private String out;
    private String err;

    private int run(final String... args)
    {
        final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        final int code = Muon.run(args, new PrintStream(outBytes, true, StandardCharsets.UTF_8),
            new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        out = outBytes.toString(StandardCharsets.UTF_8);
        err = errBytes.toString(StandardCharsets.UTF_8);
        return code;
    }

    @Test
    void helpListsEveryCommandAndOption()
    {
        assertEquals(Muon.OK, run("--help"));
        for (final String expected : new String[] {"muon server [--data DIR] [--config FILE]", "muon log dump DIR",
            "muon log verify DIR", "muon part inspect DIR", "muon part verify DIR", "muon version", "--data DIR", "--config FILE", "--data_dir", "--listen_host",
            "--metrics_port", "default 127.0.0.1", "default ./muon-data"})
        {
            assertTrue(out.contains(expected), "help lacks '" + expected + "':\n" + out);
        }
        assertEquals(Muon.USAGE, run());
    }

    @Test
    void badOptionsGetOneLineNamingThem() throws Exception
    {
        assertEquals(Muon.USAGE, run("frobnicate"));
        assertEquals("muon: unknown command 'frobnicate' (muon --help lists them)\n", err);

        assertEquals(Muon.USAGE, run("server", "--metrics_port", "http"));
        assertEquals("muon: metrics_port (option --metrics_port) must be a port number 0-65535, got 'http'\n", err);

        assertEquals(Muon.USAGE, run("server", "--colour", "blue"));
        assertTrue(err.startsWith("muon: unknown setting 'colour' (option --colour); known: data_dir,"), err);
        assertEquals(1, err.lines().count());

        assertEquals(Muon.USAGE, run("server", "--data"));
        assertEquals("muon: option --data needs a value\n", err);

        final Path config = dir.resolve("muon.conf");
        Files.writeString(config, "data_dir = " + dir.resolve("d") + "\nmetrics_port = 99999\n");
        assertEquals(Muon.USAGE, run("server", "--config", config.toString()));
        assertEquals("muon: metrics_port in " + config + " must be a port number 0-65535, got '99999'\n", err);

        Files.writeString(config, "listen_hots = 127.0.0.1\n");
        assertEquals(Muon.USAGE, run("server", "--config", config.toString()));
        assertTrue(err.startsWith("muon: unknown setting 'listen_hots' in " + config), err);

        assertEquals(Muon.USAGE, run("server", "--config", dir.resolve("missing.conf").toString()));
        assertTrue(err.contains("does not exist"), err);
    }

    @Test
    void configFileThenOptionsOverride() throws Exception
    {
        final Path config = dir.resolve("muon.conf");
        Files.writeString(config, "# comment\ndata_dir = /from/file\nmetrics_port = 1234\n");
        final ServerConfig parsed = Muon.parseServerOptions(new String[] {"--metrics_port", "0", "--http_port", "0", "--streaming_http_port", "0", "--tcp_port", "0", "--streaming_tcp_port", "0", "--config",
            config.toString()});
        assertEquals(Path.of("/from/file"), parsed.dataDir());
        assertEquals(0, parsed.metricsPort());
        assertEquals("127.0.0.1", parsed.listenHost().getHostAddress());
        assertEquals(Path.of("elsewhere"), Muon.parseServerOptions(new String[] {"--config", config.toString(),
            "--data", "elsewhere"}).dataDir());
    }

    @Test
    void logDumpAndVerifyWithoutAServer() throws Exception
    {
        final Path logDir = dir.resolve("log");
        try (NativeLog log = NativeLog.open(new LogSettings().directory(logDir).segmentLength(64 * 1024));
            LogClaim claim = log.newClaim())
        {
            final ColumnBatchLayout layout = new ColumnBatchLayout();
            for (int i = 0; i < 100; i++)
            {
                layout.reset(2);
                final int c = layout.addFixed(8, false);
                assertEquals(LogClaim.OK, claim.claim(layout.encodedLength(), 2, 7));
                layout.writeDirectory(claim.buffer(), claim.bodyOffset());
                claim.buffer().putLong(claim.bodyOffset() + layout.dataOffset(c), i * 100L);
                claim.buffer().putLong(claim.bodyOffset() + layout.dataOffset(c) + 8, i * 100L + 1);
                claim.commit();
            }
        }
        assertEquals(Muon.OK, run("log", "dump", logDir.toString()));
        assertTrue(out.contains("@64 sequence 0 rows 2 schema 7 codec none"), out);
        assertTrue(out.contains("column 0: fixed 8 bytes: 9900, 9901"), out);
        assertEquals(Muon.OK, run("log", "verify", logDir.toString()));
        assertTrue(out.endsWith("1 segments, 100 records, 200 rows, 0 problems\n"), out);

        try (RandomAccessFile file = new RandomAccessFile(logDir.resolve(SegmentDescriptor.segmentFileName(0)).toFile(), "rw"))
        {
            file.seek(64 + 48 + 8 + 24 * 1 + 8 * 0 + 3);
            file.write(0x42);
        }
        assertEquals(Muon.PROBLEMS, run("log", "verify", logDir.toString()));
        assertTrue(out.contains("PROBLEM 00000000000000000000.log offset 64: CRC mismatch"), out);
        assertFalse(out.contains("Exception"), out);

        assertEquals(Muon.USAGE, run("log", "verify", dir.resolve("nothing").toString()));
        assertTrue(err.startsWith("muon: ") && err.contains("is not a directory"), err);
        assertEquals(Muon.USAGE, run("log", "check", logDir.toString()));
        assertEquals("muon: usage: muon log dump|verify DIR\n", err);
    }

    @Test
    void partInspectAndVerifyWithoutAServer() throws Exception
    {
        // a part written by a real ClickHouse 18.16, and a copy with one flipped byte
        final Path golden = io.muon.kernel.compress.SharedTestData.directory("clickhouse-18.16-parts")
            .resolve("big_202611_1_1_0");
        assertEquals(Muon.OK, run("part", "inspect", golden.toString()));
        assertTrue(out.contains("rows 20000, granules 3"), out);
        assertTrue(out.contains("column s String") && out.contains("stream s: marks 0:0 0:31948 0:63896"), out);
        assertTrue(out.contains("file id.bin 80112 bytes, hash "), out);
        assertEquals(Muon.OK, run("part", "verify", golden.toString()));
        assertTrue(out.contains("every file, block and checksum is sound"), out);

        final Path copy = dir.resolve("big_202611_1_1_0");
        Files.createDirectories(copy);
        try (java.util.stream.Stream<Path> files = Files.list(golden))
        {
            for (final Path file : files.toList())
            {
                Files.copy(file, copy.resolve(file.getFileName()));
                copy.resolve(file.getFileName()).toFile().setWritable(true);
            }
        }
        try (RandomAccessFile file = new RandomAccessFile(copy.resolve("ts.bin").toFile(), "rw"))
        {
            file.seek(1000);
            final int b = file.read();
            file.seek(1000);
            file.write(b ^ 1);
        }
        assertEquals(Muon.PROBLEMS, run("part", "verify", copy.toString()));
        assertTrue(out.contains("problem: Checksum doesn't match for ") && out.contains("ts.bin"), out);
        assertFalse(out.contains("Exception"), out);
        assertEquals(Muon.USAGE, run("part", "check", copy.toString()));
        assertEquals("muon: usage: muon part inspect|verify DIR\n", err);
    }

    @Test
    void serverServesMetricsAndLocksItsDataDirectory() throws Exception
    {
        final ServerConfig config = Muon.parseServerOptions(new String[] {"--data", dir.resolve("data").toString(),
            "--metrics_port", "0", "--http_port", "0", "--streaming_http_port", "0", "--tcp_port", "0", "--streaming_tcp_port", "0"});
        try (MuonServer server = new MuonServer(config).start())
        {
            for (final String sub : new String[] {"catalog", "streams", "state"})
            {
                assertTrue(Files.isDirectory(dir.resolve("data").resolve(sub)), sub);
            }
            assertEquals("127.0.0.1", server.metricsAddress().getAddress().getHostAddress());
            final HttpClient client = HttpClient.newHttpClient();
            final HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.metricsAddress().getPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertTrue(response.body().contains("muon_native_memory_bytes{tag=\"log\"} "), response.body());
            assertTrue(response.body().contains("# TYPE muon_open_files gauge"), response.body());

            final UsageException busy = assertThrows(UsageException.class, () -> new MuonServer(config).start());
            assertTrue(busy.getMessage().contains("is in use by another Muon server"), busy.getMessage());
        }
        try (MuonServer again = new MuonServer(config).start())
        {
            assertNotNull(again.metricsAddress());
            again.sqlEngine().execute("CREATE STREAM kept (a int)", new io.muon.sql.engine.Session());
        }
        try (MuonServer third = new MuonServer(config).start())
        {
            assertEquals("kept\n", third.sqlEngine().execute("SHOW STREAMS", new io.muon.sql.engine.Session()).toTsv(),
                "the server restarts with the streams it had");
        }
    }
}
