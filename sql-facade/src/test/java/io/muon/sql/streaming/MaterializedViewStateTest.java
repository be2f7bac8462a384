package io.muon.sql.streaming;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Materialized views over joins, sessions and changelogs resume from their checkpoints: each test pauses a view once
 * a checkpoint holds some state, inserts while it is paused, resumes it and checks that the rows inserted meanwhile
 * met the restored state (a view that restarted from the latest rows, or without its state, would miss them).
 */
class MaterializedViewStateTest extends StreamingTestBase
{
    /** The number of the newest checkpoint any view has written (-1: none). */
    private long newestCheckpoint()
    {
        final Path state = store.stateDirectory();
        if (!Files.isDirectory(state))
        {
            return -1;
        }
        try (Stream<Path> files = Files.walk(state))
        {
            return files.map(file -> file.getFileName().toString())
                .filter(name -> name.startsWith("checkpoint-") && name.endsWith(".ckpt"))
                .mapToLong(name -> Long.parseLong(name.substring("checkpoint-".length(), name.length() - 5)))
                .max().orElse(-1);
        }
        catch (final java.nio.file.NoSuchFileException e)
        {
            // a checkpoint's .tmp file was renamed while the walk looked at it: look again
            return newestCheckpoint();
        }
        catch (final UncheckedIOException e)
        {
            if (e.getCause() instanceof java.nio.file.NoSuchFileException)
            {
                return newestCheckpoint();
            }
            throw e;
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits for two more checkpoints: the second of them began after this call, so its state holds every row
     * inserted before it.
     */
    private void awaitCheckpoint()
    {
        final long now = newestCheckpoint();
        waitFor(() -> newestCheckpoint() >= now + 2, "a checkpoint after checkpoint " + now);
    }

    private void pause(final String view)
    {
        awaitCheckpoint();
        run("SYSTEM PAUSE MATERIALIZED VIEW " + view);
        awaitRunning(0);
    }

    private void resume(final String view)
    {
        run("SYSTEM RESUME MATERIALIZED VIEW " + view);
        awaitRunning(1);
    }

    @Test
    void aRangeJoinKeepsBothSidesRowsAcrossAResume()
    {
        run("CREATE STREAM l (k int64, i int64)");
        run("CREATE STREAM r (kk int64, j int64)");
        run("CREATE MATERIALIZED VIEW v AS SELECT i, j FROM l JOIN r ON k = kk AND date_diff_within(1h) " +
            "SETTINGS checkpoint_interval = 1");
        awaitRunning(1);
        final String rows = "SELECT i, j FROM table(v) ORDER BY i, j";
        run("INSERT INTO r (kk, j) VALUES (1, 10), (2, 20)");
        run("INSERT INTO l (k, i) VALUES (1, 100)");
        awaitRows(rows, "100\t10\n");
        pause("v");
        // left rows meet the right rows kept in the checkpoint
        run("INSERT INTO l (k, i) VALUES (2, 200), (1, 101)");
        resume("v");
        awaitRows(rows, "100\t10\n101\t10\n200\t20\n");
        // right rows meet the left rows kept in the checkpoint and those read since
        run("INSERT INTO r (kk, j) VALUES (1, 11), (2, 21)");
        awaitRows(rows, "100\t10\n100\t11\n101\t10\n101\t11\n200\t20\n200\t21\n");
        run("DROP VIEW v");
        awaitRunning(0);
    }

    @Test
    void anEnrichmentJoinKeepsTheLatestRowsOfItsVersionedStream()
    {
        run("CREATE STREAM dim (id int64, name string) PRIMARY KEY id SETTINGS mode = 'versioned_kv'");
        run("CREATE STREAM facts (id int64, q int64)");
        run("CREATE MATERIALIZED VIEW v AS SELECT q, name FROM facts JOIN dim ON facts.id = dim.id " +
            "SETTINGS checkpoint_interval = 1");
        awaitRunning(1);
        final String rows = "SELECT q, name FROM table(v) ORDER BY q";
        run("INSERT INTO dim (id, name) VALUES (1, 'a'), (2, 'b'), (1, 'a2')");
        // an enrichment join looks up what has reached it: the right rows first
        awaitCheckpoint();
        run("INSERT INTO facts (id, q) VALUES (1, 10)");
        awaitRows(rows, "10\ta2\n");
        pause("v");
        run("INSERT INTO facts (id, q) VALUES (2, 20), (1, 11), (3, 30)");
        resume("v");
        awaitRows(rows, "10\ta2\n11\ta2\n20\tb\n");
        run("INSERT INTO facts (id, q) VALUES (2, 21)");
        awaitRows(rows, "10\ta2\n11\ta2\n20\tb\n21\tb\n");
        run("DROP VIEW v");
        awaitRunning(0);
    }

    @Test
    void aJoinOfTwoKeyedStreamsRetractsAcrossAResume()
    {
        run("CREATE STREAM a (k int64, v int64) PRIMARY KEY k SETTINGS mode = 'versioned_kv'");
        run("CREATE STREAM b (k int64, w int64) PRIMARY KEY k SETTINGS mode = 'versioned_kv'");
        run("CREATE MATERIALIZED VIEW v AS SELECT count() AS c, sum(v * w) AS total FROM a JOIN b ON a.k = b.k " +
            "SETTINGS checkpoint_interval = 1");
        awaitRunning(1);
        final String last = "SELECT c, total FROM table(v) ORDER BY _tp_time DESC, c DESC, total DESC LIMIT 1";
        run("INSERT INTO a (k, v) VALUES (1, 2), (2, 1)");
        run("INSERT INTO b (k, w) VALUES (1, 3)");
        awaitRows(last, "1\t6\n");
        pause("v");
        // key 1 of a changes: its joined row with b's restored row is taken back and joined anew
        run("INSERT INTO a (k, v) VALUES (1, 5)");
        resume("v");
        awaitRows(last, "1\t15\n");
        // b's rows meet a's restored key 2 and its new key 1
        run("INSERT INTO b (k, w) VALUES (2, 4), (1, 10)");
        awaitRows(last, "2\t54\n");
        run("DROP VIEW v");
        awaitRunning(0);
    }

    @Test
    void asofAndLatestJoinsKeepTheirRightRows()
    {
        run("CREATE STREAM l (i int32, k string)");
        run("CREATE STREAM r (j int32, kk string)");
        run("CREATE MATERIALIZED VIEW asof AS SELECT i, j FROM l ASOF JOIN r ON k = kk AND i >= j " +
            "SETTINGS checkpoint_interval = 1");
        run("CREATE MATERIALIZED VIEW latest AS SELECT i, j FROM l LATEST JOIN r ON k = kk " +
            "SETTINGS checkpoint_interval = 1");
        awaitRunning(2);
        run("INSERT INTO r (j, kk) VALUES (5, 'a'), (8, 'a'), (1, 'b')");
        awaitCheckpoint();
        run("INSERT INTO l (i, k) VALUES (9, 'a')");
        awaitRows("SELECT i, j FROM table(asof) ORDER BY i", "9\t8\n");
        awaitRows("SELECT i, j FROM table(latest) ORDER BY i", "9\t8\n");
        awaitCheckpoint();
        run("SYSTEM PAUSE MATERIALIZED VIEW asof");
        run("SYSTEM PAUSE MATERIALIZED VIEW latest");
        awaitRunning(0);
        run("INSERT INTO l (i, k) VALUES (6, 'a'), (10, 'a'), (2, 'b')");
        run("SYSTEM RESUME MATERIALIZED VIEW asof");
        run("SYSTEM RESUME MATERIALIZED VIEW latest");
        awaitRunning(2);
        awaitRows("SELECT i, j FROM table(asof) ORDER BY i", "2\t1\n6\t5\n9\t8\n10\t8\n");
        awaitRows("SELECT i, j FROM table(latest) ORDER BY i", "2\t1\n6\t8\n9\t8\n10\t8\n");
        run("DROP VIEW asof");
        run("DROP VIEW latest");
        awaitRunning(0);
    }

    @Test
    void aFullLatestJoinKeepsTheLastRowOfEachSide()
    {
        run("CREATE STREAM l (k int64, s string)");
        run("CREATE STREAM r (k int64, t string)");
        run("CREATE MATERIALIZED VIEW v AS SELECT l.k, s, r.k, t FROM l FULL LATEST JOIN r ON l.k = r.k " +
            "SETTINGS checkpoint_interval = 1");
        awaitRunning(1);
        final String rows = "SELECT * EXCEPT (_tp_time) FROM table(v) ORDER BY s, t";
        run("INSERT INTO r (k, t) VALUES (1, 'x')");
        awaitRows(rows, "0\t\t1\tx\n");
        pause("v");
        run("INSERT INTO l (k, s) VALUES (1, 'a')");
        resume("v");
        awaitRows(rows, "0\t\t1\tx\n1\ta\t1\tx\n");
        run("INSERT INTO r (k, t) VALUES (1, 'y')");
        awaitRows(rows, "0\t\t1\tx\n1\ta\t1\tx\n1\ta\t1\ty\n");
        run("DROP VIEW v");
        awaitRunning(0);
    }

    @Test
    void aLagBehindJoinKeepsTheRowsWaitingForTheOtherSide()
    {
        run("CREATE STREAM l (i int32, k string)");
        run("CREATE STREAM r (j int32, kk string)");
        run("CREATE MATERIALIZED VIEW v AS SELECT i, j FROM l ASOF JOIN r ON k = kk AND i >= j AND " +
            "lag_behind(10ms) SETTINGS checkpoint_interval = 1, join_quiesce_threshold_ms = 600000");
        awaitRunning(1);
        final String rows = "SELECT i, j FROM table(v) ORDER BY i";
        // the left row waits for the right stream's time to pass its own
        run("INSERT INTO l (i, k, _tp_time) VALUES (5, 'a', '2024-01-01 00:00:10')");
        run("INSERT INTO r (j, kk, _tp_time) VALUES (3, 'a', '2024-01-01 00:00:05')");
        pause("v");
        run("INSERT INTO r (j, kk, _tp_time) VALUES (4, 'a', '2024-01-01 00:00:11')");
        resume("v");
        // the restored waiting row meets the restored right row 3 and the new 4
        awaitRows(rows, "5\t4\n");
        run("DROP VIEW v");
        awaitRunning(0);
    }

    @Test
    void aSessionStaysOpenAcrossAResume()
    {
        run("CREATE STREAM s (k string, v int64)");
        run("CREATE MATERIALIZED VIEW v AS SELECT window_start, k, count() AS c, sum(v) AS total " +
            "FROM session(s, 5s) GROUP BY window_start, k SETTINGS checkpoint_interval = 1");
        awaitRunning(1);
        at("00", "a", 1);
        at("01", "a", 2);
        at("02", "b", 4);
        pause("v");
        at("03", "a", 3);
        resume("v");
        // a row past the timeout of both sessions closes them
        at("30", "c", 1);
        awaitRows("SELECT window_start, k, c, total FROM table(v) ORDER BY k",
            "2024-01-01 00:00:00.000\ta\t3\t6\n2024-01-01 00:00:02.000\tb\t1\t4\n");
        run("DROP VIEW v");
        awaitRunning(0);
    }

    @Test
    void aResumedViewReadsFromThePartsWhatRetentionDroppedFromTheLogWhileItWasPaused()
    {
        run("CREATE STREAM s (k string, v int64) SETTINGS logstore_segment_bytes = 65536, " +
            "logstore_retention_bytes = 1");
        run("CREATE MATERIALIZED VIEW v AS SELECT k, v FROM s SETTINGS checkpoint_interval = 1");
        awaitRunning(1);
        run("INSERT INTO s (k, v) VALUES ('a', 1)");
        awaitRows("SELECT count(), sum(v) FROM table(v)", "1\t1\n");
        pause("v");
        for (int i = 0; i < 40; i++)
        {
            run("INSERT INTO s (k, v) SELECT 'b', number FROM numbers(1000)");
        }
        run("OPTIMIZE STREAM s");
        final io.muon.kernel.log.NativeLog log = store.log(engine.catalog().snapshot().find("default", "s"));
        log.enforceRetention();
        org.junit.jupiter.api.Assertions.assertTrue(log.firstSequence() > 1,
            "retention dropped the segments after the view's position: " + log.firstSequence());
        resume("v");
        // every row once: those the log dropped come from the parts, the rest from the log
        awaitRows("SELECT count(), sum(v) FROM table(v)", "40001\t19980001\n");
        run("DROP VIEW v");
        awaitRunning(0);
    }

    @Test
    void lagRemembersTheRowsBeforeTheCheckpoint()
    {
        run("CREATE STREAM s (k string, v int64)");
        run("CREATE MATERIALIZED VIEW v AS SELECT v, lag(v) AS previous, lags(v, 1, 2) AS before " +
            "FROM s SETTINGS checkpoint_interval = 1");
        awaitRunning(1);
        final String rows = "SELECT v, previous, before FROM table(v) ORDER BY v";
        run("INSERT INTO s (k, v) VALUES ('a', 1), ('a', 2)");
        awaitRows(rows, "1\t0\t[0,0]\n2\t1\t[1,0]\n");
        pause("v");
        run("INSERT INTO s (k, v) VALUES ('a', 3)");
        resume("v");
        awaitRows(rows, "1\t0\t[0,0]\n2\t1\t[1,0]\n3\t2\t[2,1]\n");
        run("DROP VIEW v");
        awaitRunning(0);
    }

    @Test
    void aViewOverARandomStreamGoesOnFromItsCheckpointedCount()
    {
        run("CREATE RANDOM STREAM r (v int64 DEFAULT 1) SETTINGS eps = 2000");
        run("CREATE MATERIALIZED VIEW v AS SELECT count() AS c, sum(v) AS total FROM r EMIT PERIODIC 100ms " +
            "SETTINGS checkpoint_interval = 1");
        awaitRunning(1);
        final String largest = "SELECT max(c) FROM table(v)";
        waitFor(() -> Long.parseLong(run(largest).trim()) >= 2000, "a second of random rows");
        pause("v");
        final long before = Long.parseLong(run(largest).trim());
        resume("v");
        waitFor(() -> Long.parseLong(run(largest).trim()) > before + 2000, "the count to go on");
        // the restored count goes on: no result after the resume starts again from a small count
        final String[] counts = run("SELECT c FROM table(v) ORDER BY _tp_sn").split("\n");
        for (int i = 1; i < counts.length; i++)
        {
            org.junit.jupiter.api.Assertions.assertTrue(Long.parseLong(counts[i]) >= Long.parseLong(counts[i - 1]),
                "counts go down at " + i + ": " + counts[i - 1] + " then " + counts[i]);
        }
        assertEquals("0\n", run("SELECT count() FROM table(v) WHERE c != total"));
        run("DROP VIEW v");
        awaitRunning(0);
    }

    @Test
    void aChangelogRemembersTheLatestRowOfEachKey()
    {
        run("CREATE STREAM s (k string, v int64)");
        run("CREATE MATERIALIZED VIEW v AS SELECT k, v, _tp_delta AS delta FROM changelog(s, k) " +
            "SETTINGS checkpoint_interval = 1");
        awaitRunning(1);
        final String rows = "SELECT k, v, delta FROM table(v) ORDER BY _tp_sn";
        run("INSERT INTO s (k, v) VALUES ('a', 1), ('b', 5)");
        awaitRows(rows, "a\t1\t1\nb\t5\t1\n");
        pause("v");
        run("INSERT INTO s (k, v) VALUES ('a', 2)");
        resume("v");
        awaitRows(rows, "a\t1\t1\nb\t5\t1\na\t1\t-1\na\t2\t1\n");
        run("DROP VIEW v");
        awaitRunning(0);
    }
}
