package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.catalog.Catalog;
import io.muon.kernel.catalog.CatalogObject;
import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.part.StreamParts;
import io.muon.kernel.stream.StreamStore;
import io.muon.kernel.vector.Batch;
import io.muon.sql.engine.Execution;
import io.muon.sql.engine.QueryCursor;
import io.muon.sql.engine.Session;
import io.muon.sql.engine.SqlEngine;
import io.muon.sql.testing.SqlTestBase;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The part store's policies seen through SQL: pruning by the parts' indexes, size-tiered merges, the TTL pass,
 * OPTIMIZE … PARTITION, the part codec, TRUNCATE's commit, and DROP while a query still reads the parts.
 */
class PartStoreTest extends SqlTestBase
{
    private CatalogObject stream(final String name)
    {
        return engine.catalog().snapshot().find("default", name);
    }

    private Path storeOf(final String name)
    {
        return dir.resolve("streams").resolve(Long.toString(stream(name).id())).resolve("store");
    }

    private List<String> parts(final Path store) throws IOException
    {
        try (Stream<Path> list = Files.list(store))
        {
            return list.map(p -> p.getFileName().toString()).filter(n -> n.matches(".*_\\d+_\\d+_\\d+")).sorted()
                .toList();
        }
    }

    /** The query's result as TSV and the rows it read. */
    private record Read(String tsv, long rows)
    {
    }

    private Read read(final String sql)
    {
        final Execution execution = engine.start(sql, session, "q", "default");
        try (QueryCursor cursor = execution.cursor())
        {
            final StringBuilder out = new StringBuilder();
            for (Batch batch = cursor.next(); batch != null; batch = cursor.next())
            {
                for (int r = 0; r < batch.rows(); r++)
                {
                    for (int c = 0; c < batch.width(); c++)
                    {
                        out.append(c == 0 ? "" : "\t");
                        out.append(ValueFormatter.text(batch.column(c), r));
                    }
                    out.append('\n');
                }
            }
            return new Read(out.toString(), cursor.readRows());
        }
    }

    @Test
    void filtersOnTheSortKeyAndPartitionColumnsReadOnlyTheGranulesThatCanMatch() throws IOException
    {
        run("CREATE STREAM p (d date, id uint64, v float64) PARTITION BY to_YYYYMM(d) ORDER BY id " +
            "SETTINGS compaction_max_age_ms = 3600000");
        // three months of 40,000 rows each: 5 granules per part
        run("INSERT INTO p (d, id, v) SELECT to_date('2026-01-15') + to_int32(intDiv(number, 40000)) * 31, number, " +
            "number / 2 FROM numbers(120000)");
        store.compactNow(stream("p"));
        assertEquals(List.of("202601_0_119999_0", "202602_0_119999_0", "202603_0_119999_0"), parts(storeOf("p")));

        // a range of the sort key: the granules around it only
        Read r = read("SELECT count(), sum(id) FROM table(p) WHERE id >= 50000 AND id < 50010");
        assertEquals("10\t500045\n", r.tsv());
        assertTrue(r.rows() <= 2 * 8192, "read " + r.rows());
        r = read("SELECT count() FROM table(p) WHERE 100 > id");
        assertEquals("100\n", r.tsv());
        assertEquals(8192, r.rows());
        r = read("SELECT count() FROM table(p) WHERE id = 119999");
        assertEquals("1\n", r.tsv());
        // the last granule of each part (its keys have no upper bound in primary.idx)
        assertEquals(3 * (40000 - 4 * 8192), r.rows());
        // the partition column's min-max index drops whole parts
        r = read("SELECT count(), min(id) FROM table(p) WHERE d >= '2026-03-01'");
        assertEquals("40000\t80000\n", r.tsv());
        assertEquals(40000, r.rows());
        r = read("SELECT count() FROM table(p) WHERE d = to_date('2026-02-15') AND id < 40000");
        assertEquals("0\n", r.tsv());
        assertEquals(0, r.rows());
        // conjuncts that bound nothing indexed, ORs and types that do not convert exactly read everything
        assertEquals(new Read("2\n", 120000), read("SELECT count() FROM table(p) WHERE id = 5 OR id = 90000"));
        assertEquals(new Read("1\n", 120000), read("SELECT count() FROM table(p) WHERE v = 2.5"));
        assertEquals("119999\n", read("SELECT count() FROM table(p) WHERE id > 0.5").tsv());
        assertEquals("0\n", read("SELECT count() FROM table(p) WHERE id < -1").tsv());
        assertEquals("120000\n", read("SELECT count() FROM table(p) WHERE id > -1").tsv());
        // the log tail after the parts is read whole
        run("INSERT INTO p (d, id, v) VALUES ('2026-03-20', 7, 0)");
        assertEquals("2\n", read("SELECT count() FROM table(p) WHERE id = 7").tsv());
    }

    @Test
    void nullableAndStringSortKeysPruneOnlyWhatCannotMatch()
    {
        run("CREATE STREAM n (k nullable(int64), s string) ORDER BY k SETTINGS compaction_max_age_ms = 3600000");
        run("INSERT INTO n (k, s) SELECT if(number % 10 = 0, NULL, to_int64(number) - 20000), to_string(number) " +
            "FROM numbers(40000)");
        store.compactNow(stream("n"));
        assertEquals(read("SELECT count() FROM table(n) WHERE k + 0 < -19000").tsv(),
            read("SELECT count() FROM table(n) WHERE k < -19000").tsv());
        assertEquals("900\n", read("SELECT count() FROM table(n) WHERE k < -19000").tsv());
        assertEquals("0\n", read("SELECT count() FROM table(n) WHERE k = NULL").tsv());

        run("CREATE STREAM t (s string, i uint32) ORDER BY s SETTINGS compaction_max_age_ms = 3600000");
        run("INSERT INTO t (s, i) SELECT concat('key-', to_string(number)), number FROM numbers(30000)");
        store.compactNow(stream("t"));
        final Read r = read("SELECT i FROM table(t) WHERE s = 'key-12345'");
        assertEquals("12345\n", r.tsv());
        assertTrue(r.rows() <= 2 * 8192, "read " + r.rows());
        assertEquals("18888\n", read("SELECT count() FROM table(t) WHERE s >= 'key-2'").tsv());
    }

    @Test
    void backgroundMergesAreSizeTiered() throws IOException
    {
        run("CREATE STREAM m (id uint64) ORDER BY id SETTINGS compaction_max_age_ms = 3600000, " +
            "merge_min_parts = 3, merge_max_parts = 10");
        final Path partsDirectory = storeOf("m");
        for (int i = 0; i < 9; i++)
        {
            run("INSERT INTO m (id) SELECT number + " + i * 100 + " FROM numbers(100)");
            store.compactNow(stream("m"));
        }
        // whenever the merges run, they take three equal parts at a time: 100s make 300s, three 300s one 900
        waitForParts(partsDirectory, List.of("all_0_899_2"));
        for (int i = 9; i < 12; i++)
        {
            run("INSERT INTO m (id) SELECT number + " + i * 100 + " FROM numbers(100)");
            store.compactNow(stream("m"));
        }
        // new small parts merge among themselves, not into the big one
        waitForParts(partsDirectory, List.of("all_0_899_2", "all_900_1199_1"));
        assertEquals("1200\t719400\n", run("SELECT count(), sum(id) FROM table(m)"));
    }

    private void waitForParts(final Path store, final List<String> expected)
    {
        final long deadline = System.nanoTime() + 20_000_000_000L;
        List<String> seen = List.of();
        while (System.nanoTime() < deadline)
        {
            try
            {
                seen = parts(store);
            }
            catch (final IOException e)
            {
                // a part renamed while listed: look again
                continue;
            }
            if (seen.equals(expected))
            {
                return;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
        }
        assertEquals(expected, seen);
    }

    @Test
    void optimizeOnePartitionByItsValueOrItsId() throws IOException
    {
        run("CREATE STREAM o (d date, id uint32) PARTITION BY to_YYYYMM(d) ORDER BY id " +
            "SETTINGS compaction_max_age_ms = 3600000");
        for (int i = 0; i < 2; i++)
        {
            run("INSERT INTO o (d, id) VALUES ('2026-01-05', 1), ('2026-02-05', 2), ('2026-03-05', 3)");
            store.compactNow(stream("o"));
        }
        assertEquals(List.of("202601_0_2_0", "202601_3_5_0", "202602_0_2_0", "202602_3_5_0", "202603_0_2_0",
            "202603_3_5_0"), parts(storeOf("o")));
        run("OPTIMIZE STREAM o PARTITION 202602");
        assertEquals(List.of("202601_0_2_0", "202601_3_5_0", "202602_0_5_1", "202603_0_2_0", "202603_3_5_0"),
            parts(storeOf("o")));
        run("OPTIMIZE TABLE o PARTITION ID '202603' FINAL");
        assertEquals(List.of("202601_0_2_0", "202601_3_5_0", "202602_0_5_1", "202603_0_5_1"), parts(storeOf("o")));
        run("OPTIMIZE STREAM o PARTITION to_YYYYMM(to_date('2026-01-31'))");
        assertEquals(List.of("202601_0_5_1", "202602_0_5_1", "202603_0_5_1"), parts(storeOf("o")));
        fails("OPTIMIZE STREAM o PARTITION (1, 2)", ErrorCodes.INVALID_PARTITION_VALUE, "partition key");
        fails("OPTIMIZE STREAM o PARTITION 'x'", ErrorCodes.CANNOT_PARSE_TEXT, "");
        assertEquals("6\t12\n", run("SELECT count(), sum(id) FROM table(o)"));

        run("CREATE STREAM u (id uint32) SETTINGS compaction_max_age_ms = 3600000");
        for (int i = 0; i < 2; i++)
        {
            run("INSERT INTO u (id) VALUES (1)");
            store.compactNow(stream("u"));
        }
        run("OPTIMIZE STREAM u PARTITION tuple()");
        assertEquals(List.of("all_0_1_1"), parts(storeOf("u")));
    }

    @Test
    void theTtlPassDropsExpiredPartsAndRewritesPartlyExpiredOnes() throws IOException
    {
        run("CREATE STREAM e (t datetime, id uint32) ORDER BY id TTL t + INTERVAL 1 DAY " +
            "SETTINGS compaction_max_age_ms = 3600000, merge_with_ttl_timeout = 0");
        run("INSERT INTO e (t, id) VALUES ('2020-01-01 00:00:00', 1), ('2020-01-02 00:00:00', 2)");
        store.compactNow(stream("e"));
        run("INSERT INTO e (t, id) VALUES ('2020-01-01 00:00:00', 3), (now(), 4), ('2099-01-01 00:00:00', 5)");
        store.compactNow(stream("e"));
        // the first part expired whole and goes; the second loses one row in a rewrite (level 1)
        waitForParts(storeOf("e"), List.of("all_2_4_1"));
        assertEquals("4\n5\n", run("SELECT id FROM table(e) ORDER BY id"));
    }

    @Test
    void zstdPartsAreWrittenWhenAsked() throws IOException
    {
        run("CREATE STREAM z (id uint64, s string) ORDER BY id SETTINGS compaction_max_age_ms = 3600000, " +
            "part_codec = 'zstd', part_zstd_level = 3");
        run("INSERT INTO z (id, s) SELECT number, repeat('a', number % 20) FROM numbers(20000)");
        store.compactNow(stream("z"));
        final Path part = storeOf("z").resolve(parts(storeOf("z")).get(0));
        final byte[] bin = Files.readAllBytes(part.resolve("s.bin"));
        // a compressed block: 16 bytes of CityHash128, then the method byte (0x90 is ZSTD, 0x82 LZ4)
        assertEquals((byte)0x90, bin[16]);
        assertEquals("20000\t190000\n", run("SELECT count(), sum(length(s)) FROM table(z)"));
        assertEquals(List.of(), io.muon.kernel.part.PartVerifier.verify(FilesFacade.DEFAULT, part));
        fails("CREATE STREAM bad (id uint64) SETTINGS part_codec = 'gzip'", ErrorCodes.INVALID_SETTING_VALUE,
            "part_codec");
        fails("CREATE STREAM bad (id uint64) SETTINGS part_zstd_level = 40", ErrorCodes.BAD_ARGUMENTS, "zstd level");
    }

    @Test
    void aTruncateThatCrashedBeforeDeletingItsPartsStillDropsThem() throws IOException
    {
        run("CREATE STREAM c (id uint32) SETTINGS compaction_max_age_ms = 3600000");
        run("INSERT INTO c (id) VALUES (1), (2)");
        store.compactNow(stream("c"));
        final Path store = storeOf("c");
        final List<String> before = parts(store);
        final Path saved = dir.resolve("saved-part");
        copyTree(store.resolve(before.get(0)), saved);
        run("TRUNCATE STREAM c");
        assertEquals(List.of(), parts(store));
        assertEquals("2\n2\n", Files.readString(store.resolve(StreamParts.COMMIT_FILE), StandardCharsets.US_ASCII));
        // as if the server died between writing the commit point and deleting the part
        engine.close();
        this.store.close();
        copyTree(saved, store.resolve(before.get(0)));
        this.store = new StreamStore(dir, FilesFacade.DEFAULT);
        engine = new SqlEngine(Catalog.open(dir.resolve("catalog"), FilesFacade.DEFAULT), this.store);
        session = new Session(false);
        assertEquals("0\n", run("SELECT count() FROM table(c)"));
        assertEquals(List.of(), parts(store));
        run("INSERT INTO c (id) VALUES (3)");
        this.store.compactNow(stream("c"));
        assertEquals("3\n", run("SELECT id FROM table(c)"));
        assertEquals(List.of("all_2_2_0"), parts(store));
    }

    private static void copyTree(final Path from, final Path to) throws IOException
    {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from))
        {
            for (final Path file : files.toList())
            {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }

    @Test
    void dropWhileAQueryReadsThePartsLetsTheQueryFinish() throws IOException
    {
        run("CREATE STREAM d (id uint64, s string) ORDER BY id SETTINGS compaction_max_age_ms = 3600000");
        for (int i = 0; i < 3; i++)
        {
            run("INSERT INTO d (id, s) SELECT number, to_string(number) FROM numbers(" + i * 20000 + ", 20000)");
            store.compactNow(stream("d"));
        }
        final Path streamDirectory = storeOf("d").getParent();
        final long id = stream("d").id();
        final Execution execution = engine.start("SELECT id, s FROM table(d)", new Session(false), "q", "default");
        long rows = 0;
        long sum = 0;
        try (QueryCursor cursor = execution.cursor())
        {
            Batch batch = cursor.next();
            assertNotNull(batch);
            run("DROP STREAM d");
            // the parts the query holds are still there, the stream is gone for everyone else
            assertTrue(Files.exists(streamDirectory));
            fails("SELECT count() FROM table(d)", ErrorCodes.UNKNOWN_TABLE, "d");
            for (; batch != null; batch = cursor.next())
            {
                rows += batch.rows();
                for (int r = 0; r < batch.rows(); r++)
                {
                    sum += ((io.muon.kernel.vector.LongVector)batch.column(0)).get(r);
                }
            }
        }
        assertEquals(60000, rows);
        assertEquals(60000L * 59999 / 2, sum);
        // the last reader deleted the parts; the empty folders go at the next start
        try (Stream<Path> left = Files.walk(streamDirectory))
        {
            assertEquals(List.of(), left.filter(Files::isRegularFile).toList());
        }
        engine.close();
        store.close();
        store = new StreamStore(dir, FilesFacade.DEFAULT);
        engine = new SqlEngine(Catalog.open(dir.resolve("catalog"), FilesFacade.DEFAULT), store);
        assertFalse(Files.exists(dir.resolve("streams").resolve(Long.toString(id))));
    }
}
