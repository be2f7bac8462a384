package io.muon.kernel.log;

import io.muon.kernel.testing.LeakCheck;
import org.agrona.concurrent.AgentRunner;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Several producers append while several tailers read: every tailer sees every record exactly once, in sequence
 * order, with each producer's records in the order that producer appended them, across segment rotations.
 */
@ExtendWith(LeakCheck.class)
class NativeLogConcurrencyTest
{
    private static final int PRODUCERS = 4;
    private static final int RECORDS_PER_PRODUCER = 5_000;
    private static final int TAILERS = 2;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = LogCodec.class, names = {"NONE", "LZ4"})
    void producersAndTailersRace(final LogCodec codec) throws Exception
    {
        final LogSettings settings = new LogSettings().directory(dir).segmentLength(512 * 1024)
            .indexIntervalBytes(4096).codec(codec).flushMessages(64);
        final LogFlusher flusher = new LogFlusher();
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        try (NativeLog log = NativeLog.open(settings);
            AgentRunner runner = LogFlusher.start(flusher, 1, errors::add))
        {
            flusher.add(log);
            final CountDownLatch start = new CountDownLatch(1);
            final List<Thread> threads = new ArrayList<>();
            final int[][] seenPerTailer = new int[TAILERS][];
            for (int t = 0; t < TAILERS; t++)
            {
                final int tailerId = t;
                threads.add(new Thread(() -> seenPerTailer[tailerId] = tail(log, start, errors), "tailer-" + t));
            }
            for (int p = 0; p < PRODUCERS; p++)
            {
                final int producer = p;
                threads.add(new Thread(() -> produce(log, producer, start, errors), "producer-" + p));
            }
            threads.forEach(Thread::start);
            start.countDown();
            for (final Thread thread : threads)
            {
                thread.join(TimeUnit.MINUTES.toMillis(2));
                assertFalse(thread.isAlive(), thread.getName() + " did not finish");
            }
            assertTrue(errors.isEmpty(), () -> errors.get(0).toString());
            for (int t = 0; t < TAILERS; t++)
            {
                for (int p = 0; p < PRODUCERS; p++)
                {
                    assertEquals(RECORDS_PER_PRODUCER, seenPerTailer[t][p], "tailer " + t + " producer " + p);
                }
            }
            assertTrue(log.segmentCount() > 3, "the test should rotate segments: " + log.segmentCount());
            flusher.remove(log);
        }
    }

    private static void produce(final NativeLog log, final int producer, final CountDownLatch start,
        final List<Throwable> errors)
    {
        final TestRecords records = new TestRecords();
        try (LogClaim claim = log.newClaim())
        {
            start.await();
            for (int i = 0; i < RECORDS_PER_PRODUCER; i++)
            {
                // first value encodes (producer, counter); 3 rows per record
                records.append(claim, ((long)producer << 40) | ((long)i << 2), 3, 1 + i % 7, 0);
            }
        }
        catch (final Throwable e)
        {
            errors.add(e);
        }
    }

    private static int[] tail(final NativeLog log, final CountDownLatch start, final List<Throwable> errors)
    {
        final int[] nextPerProducer = new int[PRODUCERS];
        final long[] expectedSequence = {0};
        final int total = PRODUCERS * RECORDS_PER_PRODUCER;
        final int[] seen = {0};
        final AtomicReference<String> problem = new AtomicReference<>();
        try (LogTailer tailer = log.newTailer())
        {
            start.await();
            final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (seen[0] < total && problem.get() == null && System.nanoTime() < deadline)
            {
                final int n = tailer.poll(record ->
                {
                    if (record.baseSequence() != expectedSequence[0])
                    {
                        problem.compareAndSet(null, "sequence " + record.baseSequence() + ", expected " + expectedSequence[0]);
                    }
                    expectedSequence[0] = record.baseSequence() + record.rowCount();
                    final long first = TestRecords.value(record, 0);
                    final int producer = (int)(first >>> 40);
                    final int counter = (int)((first & ((1L << 40) - 1)) >>> 2);
                    if (counter != nextPerProducer[producer])
                    {
                        problem.compareAndSet(null, "producer " + producer + " record " + counter + ", expected " +
                            nextPerProducer[producer]);
                    }
                    nextPerProducer[producer] = counter + 1;
                    try
                    {
                        TestRecords.checkRecord(record, 1 + counter % 7);
                    }
                    catch (final AssertionError e)
                    {
                        problem.compareAndSet(null, e.getMessage());
                    }
                    seen[0]++;
                }, 100);
                if (n == 0)
                {
                    tailer.awaitData(10, TimeUnit.MILLISECONDS);
                }
            }
            if (problem.get() != null)
            {
                errors.add(new AssertionError(problem.get()));
            }
            if (tailer.poll(r -> errors.add(new AssertionError("extra record " + r.baseSequence())), 10) != 0)
            {
                errors.add(new AssertionError("records beyond the expected total"));
            }
        }
        catch (final Throwable e)
        {
            errors.add(e);
        }
        return nextPerProducer;
    }
}
