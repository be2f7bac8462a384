package io.muon.sql.exec;

import io.muon.kernel.catalog.Catalog;
import io.muon.kernel.catalog.CatalogObject;
import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.part.PartVerifier;
import io.muon.kernel.stream.StreamStore;
import io.muon.sql.engine.Session;
import io.muon.sql.engine.SqlEngine;
import io.muon.sql.testing.SqlTestBase;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code table(s)} over the historical store: rows compacted into MergeTree parts (partitioned, sorted, merged) and
 * the log tail not yet in a part read together, every row exactly once, before and after restarts, OPTIMIZE and
 * TRUNCATE, and while inserts, compaction, merges and queries run at once.
 */
class HistoricalStoreTest extends SqlTestBase
{
    private static final String CREATE = "CREATE STREAM s (d date, id uint64, name string, tags array(string), " +
        "score nullable(float64)) PARTITION BY to_YYYYMM(d) ORDER BY id SETTINGS compaction_max_age_ms = 3600000";

    private CatalogObject stream(final String name)
    {
        return engine.catalog().snapshot().find("default", name);
    }

    private List<String> parts(final String name) throws IOException
    {
        final Path store = dir.resolve("streams").resolve(Long.toString(stream(name).id())).resolve("store");
        try (Stream<Path> list = Files.list(store))
        {
            return list.map(p -> p.getFileName().toString()).filter(n -> n.matches(".*_\\d+_\\d+_\\d+")).sorted()
                .toList();
        }
    }

    @Test
    void partsAndLogTailReadAsOneStream() throws IOException
    {
        run(CREATE);
        run("INSERT INTO s (d, id, name, tags, score) VALUES ('2026-11-03', 3, 'c', ['x'], 1.5), " +
            "('2026-10-01', 1, 'a', [], NULL), ('2026-11-02', 2, '', ['y', 'z'], 2)");
        final String all = "SELECT d, id, name, tags, score FROM table(s) ORDER BY id";
        final String expected = "2026-10-01\t1\ta\t[]\t\\N\n2026-11-02\t2\t\t['y','z']\t2\n" +
            "2026-11-03\t3\tc\t['x']\t1.5\n";
        assertEquals(expected, run(all));
        store.compactNow(stream("s"));
        assertEquals(List.of("202610_0_2_0", "202611_0_2_0"), parts("s"));
        assertEquals(expected, run(all));
        run("INSERT INTO s (d, id, name, tags, score) VALUES ('2026-11-04', 4, 'd', [], 4)");
        assertEquals(expected + "2026-11-04\t4\td\t[]\t4\n", run(all));
        assertEquals("4\t10\t4\n", run("SELECT count(), sum(id), uniq_exact(_tp_sn) FROM table(s)"));
        // parts hold their rows sorted by id inside each partition, and _tp_sn as a column
        assertEquals("202610\t1\n202611\t2\n", run("SELECT to_YYYYMM(d) AS m, count() FROM table(s) WHERE id < 4 " +
            "GROUP BY m ORDER BY m"));
        for (final String part : parts("s"))
        {
            final Path directory = dir.resolve("streams").resolve(Long.toString(stream("s").id())).resolve("store")
                .resolve(part);
            assertEquals(List.of(), PartVerifier.verify(FilesFacade.DEFAULT, directory));
        }

        // a restart loads the parts and reads the log from the commit point
        engine.close();
        store.close();
        store = new StreamStore(dir, FilesFacade.DEFAULT);
        engine = new SqlEngine(Catalog.open(dir.resolve("catalog"), FilesFacade.DEFAULT), store);
        session = new Session(false);
        assertEquals(expected + "2026-11-04\t4\td\t[]\t4\n", run(all));

        run("INSERT INTO s (d, id, name, tags, score) VALUES ('2026-11-05', 5, 'e', [], 5)");
        store.compactNow(stream("s"));
        assertEquals(List.of("202610_0_2_0", "202611_0_2_0", "202611_3_4_0"), parts("s"));
        run("OPTIMIZE STREAM s FINAL");
        assertEquals(List.of("202610_0_2_1", "202611_0_4_1"), parts("s"));
        assertEquals("5\t15\n", run("SELECT count(), sum(id) FROM table(s)"));
        assertEquals("1\t2\t3\t4\t5\n", run("SELECT group_array(id) FROM table(s)").replace("[", "")
            .replace("]", "").replace(",", "\t"));

        run("TRUNCATE STREAM s");
        assertEquals(List.of(), parts("s"));
        assertEquals("0\n", run("SELECT count() FROM table(s)"));
        run("INSERT INTO s (d, id, name, tags, score) VALUES ('2026-11-06', 6, 'f', [], 6)");
        assertEquals("6\n", run("SELECT id FROM table(s)"));
    }

    @Test
    void everyRowExactlyOnceWhileCompactionAndMergesRun() throws Exception
    {
        run("CREATE STREAM c (id uint64, payload string) ORDER BY id SETTINGS compaction_max_rows = 700, " +
            "compaction_max_age_ms = 5, merge_min_parts = 3, merge_max_parts = 4, logstore_flush_ms = 1");
        final AtomicBoolean done = new AtomicBoolean();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread inserter = new Thread(() ->
        {
            try
            {
                final Session own = new Session(false);
                for (int batch = 0; batch < 60; batch++)
                {
                    final StringBuilder values = new StringBuilder("INSERT INTO c (id, payload) VALUES ");
                    for (int i = 0; i < 250; i++)
                    {
                        final long id = batch * 250L + i;
                        values.append(i == 0 ? "" : ", ").append('(').append(id).append(", 'p").append(id)
                            .append("')");
                    }
                    engine.execute(values.toString(), own);
                }
            }
            catch (final Throwable e)
            {
                failure.set(e);
            }
            finally
            {
                done.set(true);
            }
        });
        inserter.start();
        final List<String> seen = new ArrayList<>();
        while (!done.get())
        {
            // ids are inserted in order, so whatever prefix a query sees it must be 0..n-1, each once
            final String[] row = run("SELECT count(), sum(id), uniq_exact(id), max(id) FROM table(c)").trim()
                .split("\t");
            final long count = Long.parseLong(row[0]);
            if (count > 0)
            {
                assertEquals(count * (count - 1) / 2, Long.parseLong(row[1]), String.join(" ", row));
                assertEquals(count, Long.parseLong(row[2]), String.join(" ", row));
                assertEquals(count - 1, Long.parseLong(row[3]), String.join(" ", row));
            }
            seen.add(row[0]);
        }
        inserter.join();
        if (failure.get() != null)
        {
            throw new AssertionError(failure.get());
        }
        store.compactNow(stream("c"));
        assertEquals("15000\t112492500\t15000\n", run("SELECT count(), sum(id), uniq_exact(_tp_sn) FROM table(c)"));
        assertTrue(parts("c").size() < 22, "merges keep the part count down: " + parts("c"));
        assertTrue(parts("c").stream().anyMatch(p -> !p.endsWith("_0")), "some parts were merged: " + parts("c"));
        assertTrue(seen.size() > 1);
    }
}
