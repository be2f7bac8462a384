package io.muon.kernel.log;

import io.muon.kernel.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Recovery keeps every complete record and drops only a torn or corrupt last one, wherever the damage starts.
 */
@ExtendWith(LeakCheck.class)
class LogRecoveryTest
{
    private static final int RECORDS = 12;
    private static final int REPEAT = 2;

    @TempDir
    Path dir;

    private LogSettings settings()
    {
        return new LogSettings().directory(dir.resolve("log")).segmentLength(64 * 1024).indexIntervalBytes(256);
    }

    /** Writes the log, returns {segment file, last frame offset, last frame length}. */
    private Object[] writeLog()
    {
        final TestRecords records = new TestRecords();
        long position = 0;
        int frameLength = 0;
        try (NativeLog log = NativeLog.open(settings()); LogClaim claim = log.newClaim())
        {
            for (int i = 0; i < RECORDS; i++)
            {
                records.append(claim, i * 3L, 3, REPEAT, 100 + i);
            }
            try (LogTailer tailer = log.newTailer())
            {
                final long[] last = new long[2];
                while (tailer.poll(r ->
                {
                    last[0] = r.position();
                    last[1] = r.frameLength();
                }, 100) > 0)
                {
                    // find the last record
                }
                position = last[0];
                frameLength = (int)last[1];
            }
            assertEquals(1, log.segmentCount());
        }
        return new Object[] {settings().directory().resolve(SegmentDescriptor.segmentFileName(0)), (int)position, frameLength};
    }

    @Test
    void lastRecordTornOrCorruptedAtEveryByteOffset() throws IOException
    {
        final Object[] written = writeLog();
        final Path segment = (Path)written[0];
        final int frameOffset = (int)written[1];
        final int frameLength = (int)written[2];
        final byte[] pristine = Files.readAllBytes(segment);
        final Path index = settings().directory().resolve(SegmentDescriptor.indexFileName(0));
        final byte[] pristineIndex = Files.readAllBytes(index);
        assertTrue(frameLength > RecordDescriptor.HEADER_LENGTH);

        for (int k = 0; k < frameLength; k++)
        {
            // 1. torn write: nothing from byte k of the record on reached the file
            final byte[] torn = pristine.clone();
            Arrays.fill(torn, frameOffset + k, torn.length, (byte)0);
            final boolean changed = !Arrays.equals(torn, pristine);
            restore(segment, torn, index, pristineIndex);
            checkRecovered(changed ? RECORDS - 1 : RECORDS, "torn at byte " + k);

            // 2. a flipped byte inside the record
            final byte[] flipped = pristine.clone();
            flipped[frameOffset + k] ^= (byte)0x5A;
            restore(segment, flipped, index, pristineIndex);
            checkRecovered(RECORDS - 1, "byte " + k + " flipped");

            // 3. the file itself cut short inside the record
            restore(segment, Arrays.copyOf(pristine, frameOffset + k), index, pristineIndex);
            checkRecovered(RECORDS - 1, "file truncated at byte " + k);
        }
    }

    private static void restore(final Path segment, final byte[] bytes, final Path index, final byte[] indexBytes)
        throws IOException
    {
        Files.write(segment, bytes);
        Files.write(index, indexBytes);
    }

    private void checkRecovered(final int expectedRecords, final String what)
    {
        final TestRecords records = new TestRecords();
        try (NativeLog log = NativeLog.open(settings()); LogClaim claim = log.newClaim())
        {
            final List<Long> firsts = TestRecords.readAll(log, REPEAT);
            assertEquals(expectedRecords, firsts.size(), what);
            for (int i = 0; i < expectedRecords; i++)
            {
                assertEquals(i * 3L, firsts.get(i), what);
            }
            final long next = expectedRecords * 3L;
            assertEquals(next, log.nextSequence(), what);
            assertEquals(next, records.append(claim, next, 3, REPEAT, 0), what);
            assertEquals(expectedRecords + 1, TestRecords.readAll(log, REPEAT).size(), what);
        }
    }

    @Test
    void indexesAreRebuiltWhenMissingOrDamaged() throws IOException
    {
        final TestRecords records = new TestRecords();
        try (NativeLog log = NativeLog.open(settings()); LogClaim claim = log.newClaim())
        {
            for (int i = 0; i < 1500; i++)
            {
                records.append(claim, i * 2L, 2, 4, 1000 + i);
            }
            log.flush();
            assertTrue(log.segmentCount() >= 3, "segments: " + log.segmentCount());
        }
        final Path logDir = settings().directory();
        Files.delete(logDir.resolve(SegmentDescriptor.indexFileName(0)));
        try (RandomAccessFile index = new RandomAccessFile(logDir.resolve(SegmentDescriptor.indexFileName(1)).toFile(), "rw"))
        {
            index.seek(LogIndexDescriptor.entryOffset(3) + 16);
            index.write(0x7F);
        }
        try (NativeLog log = NativeLog.open(settings()); LogTailer tailer = log.newTailer())
        {
            assertTrue(Files.exists(logDir.resolve(SegmentDescriptor.indexFileName(0))));
            assertEquals(1500, TestRecords.readAll(log, 4).size());
            for (final long target : new long[] {0, 777, 1501, 2999})
            {
                tailer.seekToSequence(target);
                final long[] got = {-1};
                assertEquals(1, tailer.poll(r -> got[0] = r.baseSequence(), 1));
                assertEquals(target - target % 2, got[0]);
            }
            tailer.seekToEventTime(1000 + 1234);
            final long[] got = {-1};
            assertEquals(1, tailer.poll(r -> got[0] = r.baseSequence(), 1));
            assertEquals(1233 * 2, got[0], "record 1233 spans event times 2233..2234");
        }
    }

    @Test
    void damagedHeaderOfAnEarlierSegmentIsReportedNotSwallowed() throws IOException
    {
        final TestRecords records = new TestRecords();
        try (NativeLog log = NativeLog.open(settings()); LogClaim claim = log.newClaim())
        {
            for (int i = 0; i < 800; i++)
            {
                records.append(claim, i * 2L, 2, 4, 0);
            }
            assertTrue(log.segmentCount() >= 2);
        }
        final Path first = settings().directory().resolve(SegmentDescriptor.segmentFileName(0));
        try (RandomAccessFile file = new RandomAccessFile(first.toFile(), "rw"))
        {
            file.seek(SegmentDescriptor.BASE_SEQUENCE_OFFSET);
            file.write(9);
        }
        final LogException error = assertThrows(LogException.class, () -> NativeLog.open(settings()));
        assertTrue(error.getMessage().contains(SegmentDescriptor.segmentFileName(0)), error.getMessage());
        assertTrue(error.getMessage().contains("header CRC mismatch"), error.getMessage());
    }

    @Test
    void missingMiddleSegmentIsReported() throws IOException
    {
        final TestRecords records = new TestRecords();
        try (NativeLog log = NativeLog.open(settings()); LogClaim claim = log.newClaim())
        {
            for (int i = 0; i < 1500; i++)
            {
                records.append(claim, i * 2L, 2, 4, 0);
            }
            assertTrue(log.segmentCount() >= 3);
        }
        Files.delete(settings().directory().resolve(SegmentDescriptor.segmentFileName(1)));
        final LogException error = assertThrows(LogException.class, () -> NativeLog.open(settings()));
        assertTrue(error.getMessage().contains("segment 1 is missing"), error.getMessage());
    }

    @Test
    void garbageAfterTheLastRecordIsCleared() throws IOException
    {
        final Object[] written = writeLog();
        final Path segment = (Path)written[0];
        final int end = (int)written[1] + RecordDescriptor.alignedLength((int)written[2]);
        // a stale frame further on, as a record committed after an unfinished claim would leave
        final byte[] bytes = Files.readAllBytes(segment);
        final int stale = end + 4096;
        bytes[stale] = 100;
        Files.write(segment, bytes);
        try (NativeLog log = NativeLog.open(settings()))
        {
            assertEquals(RECORDS, TestRecords.readAll(log, REPEAT).size());
        }
        assertEquals(0, Files.readAllBytes(segment)[stale], "recovery zeroes everything after the last good record");
    }
}
