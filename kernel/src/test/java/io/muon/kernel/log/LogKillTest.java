package io.muon.kernel.log;

import io.muon.kernel.JvmFlags;
import io.muon.kernel.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A child JVM appends in sync-before-ack mode and is killed with SIGKILL mid-stream; after reopening, every record
 * it acknowledged is there with its contents, and the log goes on. Done in three rounds on the same log.
 */
@ExtendWith(LeakCheck.class)
class LogKillTest
{
    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedRecordSurvivesSigkill() throws Exception
    {
        final Map<Long, Long> acknowledged = new ConcurrentHashMap<>(); // first value -> sequence
        for (int round = 0; round < 3; round++)
        {
            runAndKill(round * 1_000_000_000L, 300 * (round + 1), acknowledged);
            final Map<Long, Long> found = new HashMap<>();
            try (NativeLog log = NativeLog.open(new LogSettings().directory(dir).segmentLength(128 * 1024));
                LogTailer tailer = log.newTailer())
            {
                while (tailer.poll(record ->
                {
                    TestRecords.checkRecord(record, 3);
                    found.put(TestRecords.value(record, 0), record.baseSequence());
                }, 1000) > 0)
                {
                    // read everything
                }
            }
            for (final Map.Entry<Long, Long> ack : acknowledged.entrySet())
            {
                assertEquals(ack.getValue(), found.get(ack.getKey()),
                    "round " + round + ": acknowledged record " + ack.getKey() + " lost or moved");
            }
            assertTrue(found.size() >= acknowledged.size());
        }
    }

    private void runAndKill(final long start, final int acknowledgements, final Map<Long, Long> acknowledged)
        throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JvmFlags.list());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(KilledProducer.class.getName());
        command.add(dir.toString());
        command.add(Long.toString(start));
        final Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        int seen = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)))
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String line;
            while (seen < acknowledgements && (line = out.readLine()) != null)
            {
                final String[] parts = line.split(" ");
                if (parts.length == 3 && parts[0].equals("ACK"))
                {
                    acknowledged.put(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
                    seen++;
                }
                assertTrue(System.nanoTime() < deadline, "child too slow: " + seen + " acknowledgements");
            }
            assertTrue(seen >= acknowledgements, "child stopped after " + seen + " acknowledgements");
            // SIGKILL on Linux: no shutdown hooks, no unmapping, no final flush. Acknowledgements still in the
            // pipe are not read; the ones read are enough to check.
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        finally
        {
            child.destroyForcibly();
        }
        assertEquals(137, child.exitValue(), "killed by SIGKILL");
    }
}
