package io.muon.kernel.log;

import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

@ExtendWith(LeakCheck.class)
class LogInspectorTest
{
    @TempDir
    Path dir;

    private String run(final boolean dump, final int expectedProblems) throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final int problems = new LogInspector(FilesFacade.DEFAULT, new PrintStream(bytes, true, StandardCharsets.UTF_8), dump)
            .inspect(dir);
        final String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(expectedProblems, problems, text);
        return text;
    }

    private void write(final LogCodec codec, final int records)
    {
        final TestRecords testRecords = new TestRecords();
        try (NativeLog log = NativeLog.open(new LogSettings().directory(dir).segmentLength(64 * 1024).codec(codec));
            LogClaim claim = log.newClaim())
        {
            for (int i = 0; i < records; i++)
            {
                testRecords.append(claim, i * 3L, 3, 2, 500 + i);
            }
        }
    }

    @Test
    void dumpsTheProducerOfATaggedRecord() throws IOException
    {
        final TestRecords testRecords = new TestRecords();
        try (NativeLog log = NativeLog.open(new LogSettings().directory(dir).segmentLength(64 * 1024));
            LogClaim claim = log.newClaim())
        {
            testRecords.append(claim, 0, 3, 2, 500);
            claim.producer(-5, 41);
            testRecords.append(claim, 3, 3, 2, 501);
        }
        final String text = run(true, 0);
        assertTrue(text.contains("crc 0x"), text);
        assertTrue(text.contains(" producer -5 #41\n"), text);
        assertTrue(text.contains("column 0: fixed 8 bytes: 3, 4, 5"), text);
        assertTrue(text.endsWith("1 segments, 2 records, 6 rows, 0 problems\n"), text);
    }

    @Test
    void dumpsRecordsWithTheirColumns() throws IOException
    {
        write(LogCodec.ZSTD, 10);
        final String text = run(true, 0);
        assertTrue(text.contains("@64 sequence 0 rows 3 schema 1 codec zstd"), text);
        assertTrue(text.contains("column 0: fixed 8 bytes: 0, 1, 2"), text);
        assertTrue(text.contains("column 1: variable, nullable: 'v0v0', 'v1v1', 'v2v2'"), text);
        assertTrue(text.contains("event time [509, 511]"), text);
        assertTrue(text.endsWith("1 segments, 10 records, 30 rows, 0 problems\n"), text);
    }

    @Test
    void verifyFindsACorruptRecordAndNamesWhere() throws IOException
    {
        write(LogCodec.NONE, 2000);
        final String clean = run(false, 0);
        assertTrue(clean.contains("2000 records, 6000 rows, 0 problems"), clean);
        final Path segment = dir.resolve(SegmentDescriptor.segmentFileName(1));
        final byte[] before = Files.readAllBytes(segment);
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw"))
        {
            file.seek(SegmentDescriptor.HEADER_LENGTH + RecordDescriptor.HEADER_LENGTH + 20);
            file.write(0xEE);
        }
        final String text = run(false, 1);
        assertTrue(text.contains("PROBLEM " + SegmentDescriptor.segmentFileName(1) + " offset 64: CRC mismatch: stored 0x"),
            text);
        final byte[] after = Files.readAllBytes(segment);
        assertEquals(before.length, after.length, "the inspector never changes a file");
    }

    @Test
    void reportsGarbageAndBadHeadersWithoutStackTraces() throws IOException
    {
        write(LogCodec.NONE, 3);
        Files.write(dir.resolve(SegmentDescriptor.segmentFileName(1)), "not a segment at all, just text".repeat(10)
            .getBytes(StandardCharsets.US_ASCII));
        final String text = run(false, 1);
        assertTrue(text.contains("PROBLEM " + SegmentDescriptor.segmentFileName(1) + " offset 0: bad magic"), text);
        assertThrows(IOException.class, () -> new LogInspector(FilesFacade.DEFAULT, System.out, false)
            .inspect(dir.resolve("nope")));
    }
}
