package io.muon.kernel.log;

import io.muon.kernel.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

@ExtendWith(LeakCheck.class)
class NativeLogTest
{
    @TempDir
    Path dir;

    private LogSettings settings()
    {
        return new LogSettings().directory(dir.resolve("log")).segmentLength(256 * 1024).indexIntervalBytes(1024);
    }

    @ParameterizedTest
    @EnumSource(LogCodec.class)
    void appendsAreReadBackInOrderWithEveryCodec(final LogCodec codec)
    {
        final TestRecords records = new TestRecords();
        try (NativeLog log = NativeLog.open(settings().codec(codec)); LogClaim claim = log.newClaim())
        {
            long expectedSequence = 0;
            for (int i = 0; i < 500; i++)
            {
                final long sequence = records.append(claim, i * 10L, 10, 20, 1000 + i);
                assertEquals(expectedSequence, sequence);
                expectedSequence += 10;
            }
            assertEquals(5000, log.nextSequence());
            final List<Long> firsts = new ArrayList<>();
            final List<LogCodec> stored = new ArrayList<>();
            try (LogTailer tailer = log.newTailer())
            {
                int n;
                while ((n = tailer.poll(record ->
                {
                    TestRecords.checkRecord(record, 20);
                    assertEquals(record.baseSequence(), TestRecords.value(record, 0));
                    assertEquals(1, record.schemaVersion());
                    assertEquals(1000 + record.baseSequence() / 10, record.minEventTime());
                    assertEquals(record.minEventTime() + 9, record.maxEventTime());
                    firsts.add(record.baseSequence());
                    stored.add(record.storedCodec());
                }, 64)) > 0)
                {
                    assertTrue(n <= 64);
                }
                assertEquals(5000, tailer.nextSequence());
            }
            assertEquals(500, firsts.size());
            for (int i = 0; i < 500; i++)
            {
                assertEquals(i * 10L, firsts.get(i));
            }
            assertTrue(codec != LogCodec.NONE || log.segmentCount() > 1, "the test should cross segments");
            assertTrue(stored.stream().allMatch(c -> c == codec), "repetitive strings compress: " + stored.get(0));
        }
    }

    @ParameterizedTest
    @EnumSource(LogCodec.class)
    void recordsTaggedWithAProducerKeepTheirTagAndBodyAcrossReopen(final LogCodec codec)
    {
        final TestRecords records = new TestRecords();
        try (NativeLog log = NativeLog.open(settings().codec(codec)); LogClaim claim = log.newClaim())
        {
            for (int i = 0; i < 300; i++)
            {
                if (i % 3 == 0)
                {
                    claim.producer(77, 1000 + i);
                }
                records.append(claim, i * 10L, 10, 20, 1000 + i);
            }
        }
        try (NativeLog log = NativeLog.open(settings().codec(codec)); LogTailer tailer = log.newTailer())
        {
            assertEquals(3000, log.nextSequence(), "recovery keeps every tagged record");
            final List<Long> tags = new ArrayList<>();
            final int[] untagged = {0};
            while (tailer.poll(record ->
            {
                TestRecords.checkRecord(record, 20);
                assertEquals(record.baseSequence(), TestRecords.value(record, 0));
                if (record.hasProducer())
                {
                    assertEquals(77, record.producerId());
                    assertEquals(0, record.baseSequence() / 10 % 3);
                    tags.add(record.producerSequence());
                }
                else
                {
                    untagged[0]++;
                }
            }, 64) > 0)
            {
                assertTrue(tailer.nextSequence() <= 3000);
            }
            assertEquals(100, tags.size());
            assertEquals(200, untagged[0], "a tag applies to one record only");
            assertEquals(1000 + 297, tags.get(99));
        }
    }

    @Test
    void abortedClaimsBecomePaddingAndSkipTheirSequences()
    {
        final TestRecords records = new TestRecords();
        try (NativeLog log = NativeLog.open(settings()); LogClaim claim = log.newClaim())
        {
            records.append(claim, 0, 5, 1, 0);
            assertEquals(LogClaim.OK, claim.claim(100, 3, 1));
            claim.abort();
            assertEquals(8, records.append(claim, 8, 2, 1, 0));
            assertEquals(List.of(0L, 8L), TestRecords.readAll(log, 1));
            assertThrows(IllegalStateException.class, claim::commit);
        }
    }

    @Test
    void rejectsOversizedRecordsAndBadRowCounts()
    {
        try (NativeLog log = NativeLog.open(settings()); LogClaim claim = log.newClaim())
        {
            assertThrows(IllegalArgumentException.class, () -> claim.claim(log.maxBodyLength() + 1, 1, 1));
            assertThrows(IllegalArgumentException.class, () -> claim.claim(10, -1, 1));
            assertThrows(IllegalArgumentException.class,
                () -> claim.claim(10, RecordDescriptor.MAX_ROWS_PER_RECORD + 1, 1));
        }
    }

    @Test
    void appendsAfterCloseAreRefused()
    {
        final NativeLog log = NativeLog.open(settings());
        try (LogClaim claim = log.newClaim())
        {
            log.close();
            assertEquals(NativeLog.CLOSED, claim.claim(10, 1, 1));
        }
    }

    @Test
    void backPressureWhenTooMuchIsNotDurable()
    {
        final TestRecords records = new TestRecords();
        try (NativeLog log = NativeLog.open(settings().maxUnflushedBytes(128 * 1024)); LogClaim claim = log.newClaim())
        {
            long value = 0;
            long result;
            int appended = 0;
            while (true)
            {
                result = claim.claim(1000, 1, 1);
                if (result != LogClaim.OK)
                {
                    break;
                }
                claim.commit();
                appended++;
            }
            assertEquals(NativeLog.BACK_PRESSURED, result);
            assertTrue(appended >= 100, "appended " + appended);
            log.flush();
            assertEquals(LogClaim.OK, claim.claim(1000, 1, 1));
            claim.abort();
            value += records.append(claim, 0, 1, 1, 0);
            assertTrue(value > 0);
        }
    }

    @Test
    void seeksBySequenceAndEventTimeThroughTheIndex()
    {
        final TestRecords records = new TestRecords();
        try (NativeLog log = NativeLog.open(settings()); LogClaim claim = log.newClaim())
        {
            // 2000 records of 4 rows, event times rising by 10 ms per record with a late record every 100th.
            for (int i = 0; i < 2000; i++)
            {
                final long eventTime = i % 100 == 99 ? 5 : 1_000 + i * 10L;
                records.append(claim, i * 4L, 4, 3, eventTime);
            }
            log.flush();
            assertTrue(log.segmentCount() >= 2, "segments: " + log.segmentCount());
            try (LogTailer tailer = log.newTailer())
            {
                for (final long target : new long[] {0, 1, 3, 4, 4000, 4001, 7999, 5555})
                {
                    tailer.seekToSequence(target);
                    final long[] first = {-1};
                    assertEquals(1, tailer.poll(r -> first[0] = r.baseSequence(), 1));
                    assertEquals(target - target % 4, first[0], "seek to " + target);
                }
                tailer.seekToSequence(8000);
                assertEquals(0, tailer.poll(r -> fail("nothing after the end"), 1));
                assertTrue(tailer.skippedRecords() < 2000 * 7, "seeks must use the index");

                for (final int record : new int[] {0, 1, 150, 1234, 1998})
                {
                    final long time = 1_000 + record * 10L;
                    tailer.seekToEventTime(time);
                    final long[] first = {-1};
                    assertEquals(1, tailer.poll(r -> first[0] = r.baseSequence() / 4, 1));
                    assertEquals(record, first[0], "seek to time " + time);
                }
                tailer.seekToEventTime(Long.MAX_VALUE);
                assertEquals(0, tailer.poll(r -> fail("no record is that late"), 1));

                tailer.seekToEnd();
                assertEquals(0, tailer.poll(r -> fail("nothing new yet"), 1));
                records.append(claim, 8000, 1, 1, 0);
                final long[] got = {-1};
                assertEquals(1, tailer.poll(r -> got[0] = r.baseSequence(), 10));
                assertEquals(8000, got[0]);
            }
        }
    }

    @Test
    void tailerWaitsForDataWithoutSpinningAndWakesOnAppend() throws Exception
    {
        final TestRecords records = new TestRecords();
        try (NativeLog log = NativeLog.open(settings()); LogClaim claim = log.newClaim(); LogTailer tailer = log.newTailer())
        {
            final long start = System.nanoTime();
            tailer.awaitData(50, TimeUnit.MILLISECONDS);
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(40), "waited for the timeout");
            final Thread appender = new Thread(() -> records.append(claim, 0, 1, 1, 0));
            final long[] seen = {-1};
            appender.start();
            while (tailer.poll(r -> seen[0] = r.baseSequence(), 1) == 0)
            {
                tailer.awaitData(10, TimeUnit.SECONDS);
            }
            appender.join();
            assertEquals(0, seen[0]);
        }
    }

    @Test
    void reopenedLogContinuesTheSequence()
    {
        final TestRecords records = new TestRecords();
        try (NativeLog log = NativeLog.open(settings()); LogClaim claim = log.newClaim())
        {
            for (int i = 0; i < 300; i++)
            {
                records.append(claim, i * 2L, 2, 30, 0);
            }
        }
        try (NativeLog log = NativeLog.open(settings()); LogClaim claim = log.newClaim())
        {
            assertEquals(600, log.nextSequence());
            assertEquals(600, records.append(claim, 600, 2, 30, 0));
            final List<Long> firsts = TestRecords.readAll(log, 30);
            assertEquals(301, firsts.size());
            assertEquals(600L, firsts.get(300));
        }
    }

    @Test
    void flusherPreparesTheNextSegmentAndCloseRemovesItUnused() throws Exception
    {
        final TestRecords records = new TestRecords();
        final LogFlusher flusher = new LogFlusher();
        final Path next = dir.resolve("log").resolve(SegmentDescriptor.segmentFileName(1));
        try (NativeLog log = NativeLog.open(settings()); LogClaim claim = log.newClaim())
        {
            flusher.add(log);
            long value = 0;
            while (!Files.exists(next))
            {
                records.append(claim, value++, 1, 200, 0);
                flusher.doWork();
            }
            assertEquals(1, log.segmentCount());
            flusher.remove(log);
        }
        assertFalse(Files.exists(next));
    }

    @Test
    void unusedPreallocatedSegmentLeftByACrashIsRemovedOnOpen() throws Exception
    {
        final LogSettings settings = settings();
        try (NativeLog log = NativeLog.open(settings))
        {
            assertEquals(1, log.segmentCount());
        }
        final Segment orphan = Segment.create(settings.files(), settings.directory(), 1, settings.segmentLength(),
            settings.indexIntervalBytes());
        orphan.release();
        assertTrue(Files.exists(settings.directory().resolve(SegmentDescriptor.segmentFileName(1))));
        try (NativeLog log = NativeLog.open(settings()))
        {
            assertEquals(1, log.segmentCount());
            assertFalse(Files.exists(settings.directory().resolve(SegmentDescriptor.segmentFileName(1))));
        }
    }
}
