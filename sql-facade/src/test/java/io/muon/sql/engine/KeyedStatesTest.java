package io.muon.sql.engine;

import io.muon.kernel.catalog.Catalog;
import io.muon.kernel.catalog.CatalogObject;
import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.stream.StreamStore;
import io.muon.kernel.vector.Batch;
import io.muon.sql.exec.LatestRows;
import io.muon.sql.testing.SqlTestBase;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The latest row per key of keyed streams, kept in a Chronicle Map per stream: queries read it instead of the
 * history once it has caught up, it outlives a restart, and a damaged or missing map is rebuilt from the stream.
 */
class KeyedStatesTest extends SqlTestBase
{
    private static void waitFor(final BooleanSupplier condition, final String what)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    private CatalogObject stream(final String name)
    {
        return engine.catalog().snapshot().find("default", name);
    }

    /** Waits until the kept rows of {@code name} have every row of its log. */
    private LatestRows caughtUp(final String name)
    {
        final CatalogObject stream = stream(name);
        final long end = store.log(stream).nextSequence();
        waitFor(() -> engine.keyedStates().find(stream) != null &&
            engine.keyedStates().find(stream).applied() >= end, "the kept rows of " + name + " up to " + end);
        return engine.keyedStates().find(stream);
    }

    /** Rows a bounded query read to answer {@code sql}. */
    private long rowsRead(final String sql)
    {
        try (Execution execution = engine.start(sql, session, null, "default"))
        {
            final QueryCursor cursor = execution.cursor();
            Batch batch;
            while ((batch = cursor.next()) != null)
            {
                batch.rows();
            }
            return cursor.readRows();
        }
    }

    private void reopen()
    {
        engine.close();
        store.close();
        store = new StreamStore(dir, FilesFacade.DEFAULT);
        engine = new SqlEngine(Catalog.open(dir.resolve("catalog"), FilesFacade.DEFAULT), store);
    }

    private static final String LATEST = "SELECT k, v FROM table(dim) ORDER BY k";

    private void fill()
    {
        run("CREATE STREAM dim (k int64, v string) PRIMARY KEY k SETTINGS mode = 'versioned_kv'");
        run("INSERT INTO dim (k, v) SELECT number % 100, concat('first ', to_string(number)) FROM numbers(100)");
        run("INSERT INTO dim (k, v) SELECT number % 100, concat('second ', to_string(number)) FROM numbers(50)");
    }

    private static String expected()
    {
        final StringBuilder rows = new StringBuilder();
        for (int k = 0; k < 100; k++)
        {
            rows.append(k).append('\t').append(k < 50 ? "second " : "first ").append(k).append('\n');
        }
        return rows.toString();
    }

    @Test
    void queriesReadTheKeptRowsInsteadOfEveryVersion()
    {
        fill();
        final LatestRows kept = caughtUp("dim");
        assertEquals(100, kept.keys());
        assertEquals(expected(), run(LATEST));
        // one row per key from the map, none from the log: not the 150 versions of the history
        assertEquals(100, rowsRead("SELECT count() FROM table(dim)"));
        // rows after the map's position come from the log, and win over the kept ones
        run("INSERT INTO dim (k, v) VALUES (7, 'third 7'), (100, 'new 100')");
        final String now = run(LATEST);
        assertTrue(now.contains("7\tthird 7\n") && now.endsWith("100\tnew 100\n"), now);
        assertEquals(101, run(LATEST).split("\n").length);
    }

    @Test
    void aStreamingQueryStartsFromTheKeptRows() throws Exception
    {
        fill();
        caughtUp("dim");
        final java.util.List<String> rows = new java.util.ArrayList<>();
        // the starting state is read on the query's agent thread, from the map
        try (Execution execution = engine.start("SELECT k, v FROM dim LIMIT 100", new Session(true), null,
            "default"))
        {
            final QueryCursor cursor = execution.cursor();
            Batch batch;
            while (rows.size() < 100 && (batch = cursor.next()) != null)
            {
                final String tsv = QueryResult.of(cursor.columns(), batch).toTsv();
                if (!tsv.isEmpty())
                {
                    rows.addAll(java.util.List.of(tsv.split("\n")));
                }
            }
            assertEquals(100, cursor.readRows(), "the map's 100 rows, not the 150 versions");
        }
        rows.sort(java.util.Comparator.comparingInt(line -> Integer.parseInt(line.substring(0, line.indexOf('\t')))));
        assertEquals(expected(), String.join("\n", rows) + "\n");
    }

    @Test
    void theKeptRowsOutliveARestart()
    {
        fill();
        final long applied = caughtUp("dim").applied();
        reopen();
        final CatalogObject stream = stream("dim");
        waitFor(() -> engine.keyedStates().find(stream) != null, "the kept rows to open");
        assertEquals(applied, engine.keyedStates().find(stream).applied());
        assertEquals(100, engine.keyedStates().find(stream).keys());
        assertEquals(expected(), run(LATEST));
        assertEquals(100, rowsRead("SELECT count() FROM table(dim)"));
    }

    @Test
    void aDamagedOrMissingMapIsRebuiltFromTheStream() throws Exception
    {
        fill();
        caughtUp("dim");
        final Path file = LatestRows.file(store, stream("dim"));
        reopenWith(() -> Files.write(file, "damaged".getBytes()));
        assertEquals(100, caughtUp("dim").keys());
        assertEquals(expected(), run(LATEST));
        reopenWith(() -> Files.delete(file));
        assertEquals(100, caughtUp("dim").keys());
        assertEquals(expected(), run(LATEST));
        assertEquals(100, rowsRead("SELECT count() FROM table(dim)"));
    }

    private interface FileChange
    {
        void apply() throws Exception;
    }

    private void reopenWith(final FileChange change) throws Exception
    {
        engine.close();
        store.close();
        change.apply();
        store = new StreamStore(dir, FilesFacade.DEFAULT);
        engine = new SqlEngine(Catalog.open(dir.resolve("catalog"), FilesFacade.DEFAULT), store);
    }

    @Test
    void aDeletedKeyStaysDeletedAndAnOlderVersionDoesNotBringItBack()
    {
        run("CREATE STREAM kv (k int64, v int64, ver int64) PRIMARY KEY k SETTINGS mode = 'changelog_kv', " +
            "version_column = 'ver'");
        run("INSERT INTO kv (k, v, ver, _tp_delta) VALUES (1, 10, 1, 1), (2, 20, 1, 1), (3, 30, 1, 1)");
        run("INSERT INTO kv (k, v, ver, _tp_delta) VALUES (2, 20, 2, -1), (3, 31, 5, 1)");
        caughtUp("kv");
        assertEquals("1\t10\n3\t31\n", run("SELECT k, v FROM table(kv) ORDER BY k"));
        // late rows with older versions than the kept ones change nothing
        run("INSERT INTO kv (k, v, ver, _tp_delta) VALUES (2, 99, 1, 1), (3, 99, 4, 1)");
        caughtUp("kv");
        assertEquals("1\t10\n3\t31\n", run("SELECT k, v FROM table(kv) ORDER BY k"));
        assertEquals("2\t41\n", run("SELECT count(), sum(v) FROM table(kv)"));
    }

    @Test
    void droppingAStreamDeletesItsKeptRows()
    {
        fill();
        final Path directory = LatestRows.directory(store, stream("dim"));
        caughtUp("dim");
        assertTrue(Files.exists(directory));
        run("DROP STREAM dim");
        waitFor(() -> !Files.exists(directory), "the kept rows of the dropped stream to go");
        assertFalse(Files.exists(directory));
    }
}
