package io.muon.kernel.log;

import io.muon.kernel.testing.LeakCheck;
import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

@ExtendWith(LeakCheck.class)
class LogRetentionTest
{
    private static final int SEGMENT = 64 * 1024;

    @TempDir
    Path dir;

    private final TestRecords records = new TestRecords();

    private long fill(final NativeLog log, final LogClaim claim, final long from, final int segments)
    {
        long value = from;
        while (log.segmentCount() < segments)
        {
            records.append(claim, value, 2, 10, 0);
            value += 2;
        }
        log.flush();
        return value;
    }

    private long segmentFiles() throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(p -> p.toString().endsWith(SegmentDescriptor.SEGMENT_SUFFIX)).count();
        }
    }

    @Test
    void retentionBytesDropsTheOldestSegments() throws IOException
    {
        final LogSettings settings = new LogSettings().directory(dir).segmentLength(SEGMENT).retentionBytes(2L * SEGMENT);
        try (NativeLog log = NativeLog.open(settings); LogClaim claim = log.newClaim())
        {
            final long end = fill(log, claim, 0, 6);
            log.enforceRetention();
            assertEquals(2, log.segmentCount());
            assertEquals(2, segmentFiles());
            final long first = log.firstSequence();
            assertTrue(first > 0);
            final List<Long> firsts = TestRecords.readAll(log, 10);
            assertEquals(first, firsts.get(0));
            assertEquals(end - 2, firsts.get(firsts.size() - 1));
        }
    }

    @Test
    void retentionNeverDropsWhatAHoldStillNeeds() throws IOException
    {
        final LogSettings settings = new LogSettings().directory(dir).segmentLength(SEGMENT).retentionBytes(SEGMENT);
        try (NativeLog log = NativeLog.open(settings); LogClaim claim = log.newClaim();
            RetentionHold hold = log.holdFrom(0))
        {
            final long end = fill(log, claim, 0, 5);
            log.enforceRetention();
            assertEquals(5, log.segmentCount(), "the hold at 0 keeps everything");

            final long middle = end / 2;
            hold.advanceTo(middle);
            log.enforceRetention();
            assertTrue(log.firstSequence() <= middle, "still holds " + middle + ", first is " + log.firstSequence());
            assertTrue(log.segmentCount() < 5);
            try (LogTailer tailer = log.newTailer())
            {
                tailer.seekToSequence(middle);
                final long[] got = {-1};
                assertEquals(1, tailer.poll(r -> got[0] = r.baseSequence(), 1));
                assertEquals(middle, got[0]);
            }
            hold.advanceTo(end);
            log.enforceRetention();
            assertEquals(1, log.segmentCount(), "the active segment always stays");
        }
    }

    @Test
    void aTailerKeepsReadingASegmentThatRetentionDropped() throws IOException
    {
        final LogSettings settings = new LogSettings().directory(dir).segmentLength(SEGMENT).retentionBytes(SEGMENT);
        try (NativeLog log = NativeLog.open(settings); LogClaim claim = log.newClaim())
        {
            final long end = fill(log, claim, 0, 4);
            try (LogTailer tailer = log.newTailer())
            {
                final long[] last = {-1};
                assertEquals(1, tailer.poll(r -> last[0] = TestRecords.value(r, 0), 1));
                log.enforceRetention();
                assertEquals(1, log.segmentCount());
                assertTrue(Files.exists(dir.resolve(SegmentDescriptor.segmentFileName(0))),
                    "the tailer still holds segment 0");
                int read = 0;
                long previous = last[0];
                while (tailer.poll(r ->
                {
                    TestRecords.checkRecord(r, 10);
                    last[0] = TestRecords.value(r, 0);
                }, 1) > 0)
                {
                    assertTrue(last[0] > previous);
                    previous = last[0];
                    read++;
                }
                assertTrue(read > 0);
                assertEquals(end - 2, last[0], "read through to the end, skipping what was dropped");
            }
            assertFalse(Files.exists(dir.resolve(SegmentDescriptor.segmentFileName(0))), "deleted at the last release");
            assertEquals(1, segmentFiles());
        }
    }

    @Test
    void retentionMsDropsSegmentsSealedLongAgo() throws IOException
    {
        final CachedEpochClock clock = new CachedEpochClock();
        clock.update(10_000);
        final LogSettings settings = new LogSettings().directory(dir).segmentLength(SEGMENT).retentionMs(5_000).clock(clock);
        try (NativeLog log = NativeLog.open(settings); LogClaim claim = log.newClaim())
        {
            fill(log, claim, 0, 3);
            clock.update(15_000);
            log.enforceRetention();
            assertEquals(3, log.segmentCount(), "sealed exactly 5 s ago: kept");
            clock.update(15_001);
            log.enforceRetention();
            assertEquals(1, log.segmentCount());
        }
    }

    @Test
    void settingsAreValidated()
    {
        assertThrows(IllegalArgumentException.class, () -> new LogSettings().directory(dir).retentionBytes(0).conclude());
        assertThrows(IllegalArgumentException.class, () -> new LogSettings().directory(dir).retentionMs(-5).conclude());
        assertThrows(IllegalArgumentException.class, () -> new LogSettings().directory(dir).segmentLength(1000).conclude());
        assertThrows(IllegalArgumentException.class, () -> new LogSettings().directory(dir).flushMessages(0).conclude());
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LogCodec.parse("snappy"));
        assertTrue(e.getMessage().contains("logstore_codec"));

        final LogSettings byName = new LogSettings().directory(dir)
            .set("logstore_flush_messages", "7").set("logstore_flush_ms", "250").set("logstore_codec", "ZSTD")
            .set("logstore_retention_bytes", "1048576").set("logstore_retention_ms", "-1")
            .set("logstore_sync_before_ack", "true").set("logstore_segment_bytes", "131072").conclude();
        assertEquals(7, byName.flushMessages());
        assertEquals(250, byName.flushMs());
        assertEquals(LogCodec.ZSTD, byName.codec());
        assertEquals(1048576, byName.retentionBytes());
        assertTrue(byName.syncBeforeAck());
        assertEquals(131072, byName.segmentLength());
        assertTrue(LogSettings.isLogSetting("logstore_codec"));
        assertFalse(LogSettings.isLogSetting("shards"));
        final IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
            () -> new LogSettings().set("logstore_flush_ms", "soon"));
        assertEquals("logstore_flush_ms must be an integer: 'soon'", bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LogSettings().set("logstore_sync_before_ack", "maybe"));
        assertThrows(IllegalArgumentException.class, () -> new LogSettings().set("logstore_colour", "1"));
    }
}
