package io.muon.kernel.log;

import io.muon.kernel.testing.LeakCheck;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

@ExtendWith(LeakCheck.class)
class LogDurabilityTest
{
    private static final int SEGMENT = 256 * 1024;

    @TempDir
    Path dir;

    @Test
    void groupCommitAfterFlushMessagesRecords()
    {
        final CountingFilesFacade files = new CountingFilesFacade(SEGMENT);
        final CachedEpochClock clock = new CachedEpochClock();
        final LogSettings settings = new LogSettings().directory(dir).segmentLength(SEGMENT).files(files)
            .flushMessages(10).flushMs(60_000).clock(clock);
        final TestRecords records = new TestRecords();
        final LogFlusher flusher = new LogFlusher(clock);
        try (NativeLog log = NativeLog.open(settings); LogClaim claim = log.newClaim())
        {
            flusher.add(log);
            final int forcesAtStart = files.segmentForces.get();
            for (int i = 0; i < 9; i++)
            {
                records.append(claim, i, 1, 1, 0);
                flusher.doWork();
            }
            assertEquals(0, log.durableSequence(), "9 records are below logstore_flush_messages");
            assertEquals(forcesAtStart, files.segmentForces.get());
            records.append(claim, 9, 1, 1, 0);
            flusher.doWork();
            assertEquals(10, log.durableSequence());
            assertEquals(forcesAtStart + 1, files.segmentForces.get(), "one sync for the group of 10");

            for (int i = 10; i < 1000; i++)
            {
                records.append(claim, i, 1, 1, 0);
                flusher.doWork();
            }
            assertEquals(1000, log.durableSequence());
            assertEquals(forcesAtStart + 100, files.segmentForces.get(), "one sync per 10 records");
            flusher.remove(log);
        }
    }

    @Test
    void flushAfterFlushMsEvenWithFewRecords()
    {
        final CachedEpochClock clock = new CachedEpochClock();
        clock.update(1_000);
        final LogSettings settings = new LogSettings().directory(dir).segmentLength(SEGMENT)
            .flushMessages(1000).flushMs(50).clock(clock);
        final TestRecords records = new TestRecords();
        final LogFlusher flusher = new LogFlusher(clock);
        try (NativeLog log = NativeLog.open(settings); LogClaim claim = log.newClaim())
        {
            flusher.add(log);
            records.append(claim, 0, 3, 1, 0);
            flusher.doWork();
            assertEquals(0, log.durableSequence());
            clock.update(1_049);
            flusher.doWork();
            assertEquals(0, log.durableSequence());
            clock.update(1_050);
            flusher.doWork();
            assertEquals(3, log.durableSequence());
            try (LogTailer tailer = log.newTailer())
            {
                assertEquals(tailer.seekToEnd().position(), log.durablePosition());
            }
            flusher.remove(log);
        }
    }

    @Test
    void syncBeforeAckWaitsForTheFlusher() throws Exception
    {
        final CountingFilesFacade files = new CountingFilesFacade(SEGMENT);
        final LogSettings settings = new LogSettings().directory(dir).segmentLength(SEGMENT).files(files)
            .flushMessages(1_000_000).flushMs(3_600_000).syncBeforeAck(true);
        final TestRecords records = new TestRecords();
        final LogFlusher flusher = new LogFlusher();
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        try (NativeLog log = NativeLog.open(settings); LogClaim claim = log.newClaim();
            AgentRunner runner = LogFlusher.start(flusher, 1, errors::add))
        {
            flusher.add(log);
            for (int i = 0; i < 50; i++)
            {
                final long sequence = records.append(claim, i * 2L, 2, 1, 0);
                assertTrue(log.acknowledge(sequence + 2, 10, TimeUnit.SECONDS));
                assertTrue(log.durableSequence() >= sequence + 2);
            }
            assertTrue(files.segmentForces.get() >= 50, "each acknowledged append was synced");
            flusher.remove(log);
        }
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void awaitDurableWithoutAFlusherSyncsInline()
    {
        final LogSettings settings = new LogSettings().directory(dir).segmentLength(SEGMENT)
            .flushMessages(1_000_000).flushMs(3_600_000);
        try (NativeLog log = NativeLog.open(settings); LogClaim claim = log.newClaim())
        {
            final long sequence = new TestRecords().append(claim, 0, 4, 1, 0);
            assertEquals(0, log.durableSequence());
            assertTrue(log.awaitDurable(sequence + 4, 1, TimeUnit.SECONDS));
            assertEquals(4, log.durableSequence());
            assertTrue(log.acknowledge(4, 1, TimeUnit.SECONDS), "asynchronous logs acknowledge at once");
        }
    }

    @Test
    void finishedSegmentsAreSealedWithTheNextPolicyFlushNotOutOfTurn()
    {
        final int segment = 64 * 1024;
        final CountingFilesFacade files = new CountingFilesFacade(segment);
        final LogSettings settings = new LogSettings().directory(dir).segmentLength(segment).files(files)
            .flushMessages(Integer.MAX_VALUE).flushMs(3_600_000);
        final TestRecords records = new TestRecords();
        final LogFlusher flusher = new LogFlusher();
        try (NativeLog log = NativeLog.open(settings); LogClaim claim = log.newClaim())
        {
            flusher.add(log);
            final int forcesAtStart = files.segmentForces.get();
            long value = 0;
            while (log.segmentCount() < 4)
            {
                records.append(claim, value, 4, 8, 0);
                value += 4;
                flusher.doWork();
            }
            flusher.doWork();
            assertEquals(forcesAtStart, files.segmentForces.get(), "no sync while the policy does not ask for one");
            assertFalse(log.segments()[0].segmentIndex.sealed());
            assertEquals(0, log.durableSequence());

            log.flush();
            assertTrue(log.segments()[0].segmentIndex.sealed());
            assertTrue(log.segments()[2].segmentIndex.sealed());
            assertFalse(log.segments()[3].segmentIndex.sealed(), "the active segment is never sealed");
            assertEquals(value, log.durableSequence());
            assertEquals(forcesAtStart + 4, files.segmentForces.get(), "three finished segments and the active one");
            flusher.remove(log);
        }
    }
}
