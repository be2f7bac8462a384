package io.muon.tools;

import io.aeron.Aeron;
import io.muon.replication.ingest.MuonPublisher;
import io.muon.replication.ingest.RowBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The assembled server with Aeron ingest on: a publisher sends 10 million rows over UDP and 10 million over IPC, and
 * what it was told was committed is what {@code SELECT count() FROM table(s)} finds over the HTTP interface, each row
 * exactly once; a streaming query sees the rows as they arrive.
 */
class AeronIngestTest
{
    private static final int ROWS_PER_CHANNEL = 10_000_000;
    private static final int BATCH_ROWS = 16_384;

    @TempDir
    Path dir;
    private MuonServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startServer() throws Exception
    {
        final Path shm = Path.of("/dev/shm");
        final String aeronDir = (Files.isDirectory(shm) ? shm : dir).resolve("muon-aeron-it-" +
            ProcessHandle.current().pid()).toString();
        server = new MuonServer(Muon.parseServerOptions(new String[] {"--data", dir.resolve("data").toString(),
            "--metrics_port", "0", "--http_port", "0", "--streaming_http_port", "0", "--tcp_port", "0",
            "--streaming_tcp_port", "0", "--aeron_ingest", "true", "--aeron_ingest_port", "0",
            "--aeron_dir", aeronDir})).start();
    }

    @AfterEach
    void stopServer()
    {
        if (server != null)
        {
            server.close();
        }
    }

    private String query(final String sql) throws Exception
    {
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" +
            server.httpAddress().getPort() + "/?query=" + URLEncoder.encode(sql, StandardCharsets.UTF_8)))
            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    @Test
    void tenMillionRowsOverUdpAndOverIpcAreAllCommittedAndCountedOnce() throws Exception
    {
        query("CREATE STREAM ticks (id int64, symbol string, price float64, size uint32, venue uint16)");
        final List<String> channels = server.aeronIngestChannels();
        assertTrue(channels.get(0).startsWith("aeron:udp?endpoint=127.0.0.1:"), channels.toString());
        try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(server.aeronDirectory())))
        {
            long committed = 0;
            committed += publish(MuonPublisher.connect(aeron, channels.get(0), 1001, "aeron:udp?endpoint=127.0.0.1:0",
                7001, Duration.ofSeconds(60), 64), 0);
            committed += publish(MuonPublisher.connect(aeron, "aeron:ipc", 1001, "aeron:ipc", 7002,
                Duration.ofSeconds(60), 64), ROWS_PER_CHANNEL);
            assertEquals(2L * ROWS_PER_CHANNEL, committed);
        }
        final long n = 2L * ROWS_PER_CHANNEL;
        assertEquals(n + "\t" + (n * (n - 1) / 2) + "\t0\t" + (n - 1) + "\n",
            query("SELECT count(), sum(id), min(id), max(id) FROM table(ticks)"));
        assertEquals("SYM7\t7\t3.5\t7\t0\n",
            query("SELECT symbol, id, price, size, venue FROM table(ticks) WHERE id = 7"));
        assertEquals(Long.toString(server.aeronIngest().rowsCommitted()) + "\n",
            query("SELECT count() FROM table(ticks) WHERE _tp_time > '2020-01-01'"));
    }

    /** Sends rows {@code [first, first + ROWS_PER_CHANNEL)}; returns the rows the server said it committed. */
    private static long publish(final MuonPublisher publisher, final long first)
    {
        try (publisher)
        {
            final MuonPublisher.StreamSchema schema = publisher.describe("ticks");
            final RowBatch batch = publisher.batch(schema);
            final int id = schema.column("id");
            final int symbol = schema.column("symbol");
            final int price = schema.column("price");
            final int size = schema.column("size");
            final String[] symbols = new String[16];
            for (int s = 0; s < symbols.length; s++)
            {
                symbols[s] = "SYM" + s;
            }
            for (long row = first; row < first + ROWS_PER_CHANNEL; row++)
            {
                batch.addRow().setLong(id, row).setString(symbol, symbols[(int)(row & 15)]).setDouble(price, row * 0.5);
                if ((row & 1) == 1)
                {
                    batch.setLong(size, row & 0xFFFF);
                }
                if (batch.rows() == BATCH_ROWS)
                {
                    publisher.send(batch);
                }
            }
            if (batch.rows() > 0)
            {
                publisher.send(batch);
            }
            assertTrue(publisher.awaitAnswers(), "every batch answered");
            assertEquals(0, publisher.rejectedBatches());
            return publisher.committedRows();
        }
    }
}
