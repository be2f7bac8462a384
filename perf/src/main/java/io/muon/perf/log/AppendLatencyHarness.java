package io.muon.perf.log;

import io.muon.kernel.log.LogClaim;
import io.muon.kernel.log.LogFlusher;
import io.muon.kernel.log.LogSettings;
import io.muon.kernel.log.LogTailer;
import io.muon.kernel.log.NativeLog;
import io.muon.kernel.log.RecordHandler;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.AgentRunner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Append-to-tailer latency: one producer appends 64-byte records carrying System.nanoTime() at a fixed rate, one
 * tailer thread busy-polls and records receipt time minus append time in an HdrHistogram. Same rate, payload and
 * thread layout for NativeLog and Chronicle Queue; the first seconds are warm-up and are not recorded.
 */
public final class AppendLatencyHarness
{
    /** p50, p99, p99.9 and max in microseconds, and the records measured. */
    public record Latency(double p50, double p99, double p999, double max, long count)
    {
    }

    private final int ratePerSecond;
    private final long warmupNs;
    private final long measureNs;

    public AppendLatencyHarness(final int ratePerSecond, final int warmupSeconds, final int measureSeconds)
    {
        this.ratePerSecond = ratePerSecond;
        this.warmupNs = TimeUnit.SECONDS.toNanos(warmupSeconds);
        this.measureNs = TimeUnit.SECONDS.toNanos(measureSeconds);
    }

    public Latency muon() throws Exception
    {
        final Path directory = Files.createTempDirectory("muon-latency");
        final NativeLog log = NativeLog.open(new LogSettings().directory(directory).segmentLength(256 << 20)
            .flushMessages(Integer.MAX_VALUE).flushMs(TimeUnit.HOURS.toMillis(1)).maxUnflushedBytes(Long.MAX_VALUE / 2));
        final LogFlusher flusher = new LogFlusher();
        final AgentRunner runner = LogFlusher.start(flusher, 1, Throwable::printStackTrace);
        flusher.add(log);
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        final AtomicBoolean done = new AtomicBoolean();
        final long start = System.nanoTime();
        final Thread tailer = new Thread(() ->
        {
            // one handler for the whole run: a lambda created per poll would allocate millions of objects
            final RecordHandler handler = record ->
            {
                final long now = System.nanoTime();
                final long sent = record.bodyBuffer().getLong(record.bodyOffset());
                if (sent - start > warmupNs)
                {
                    histogram.recordValue(Math.max(0, now - sent));
                }
            };
            try (LogTailer t = log.newTailer())
            {
                while (!done.get())
                {
                    if (t.poll(handler, 100) == 0)
                    {
                        Thread.onSpinWait();
                    }
                }
            }
        }, "muon-tailer");
        tailer.start();
        try (LogClaim claim = log.newClaim())
        {
            pace(start, () ->
            {
                while (claim.claim(64, 1, 1) != LogClaim.OK)
                {
                    Thread.onSpinWait();
                }
                claim.buffer().putLong(claim.bodyOffset(), System.nanoTime());
                claim.commit();
            });
        }
        done.set(true);
        tailer.join();
        flusher.remove(log);
        runner.close();
        log.close();
        LogAppendBenchmark.delete(directory);
        return summary(histogram);
    }

    public Latency chronicle() throws Exception
    {
        final Path directory = Files.createTempDirectory("chronicle-latency");
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        final AtomicBoolean done = new AtomicBoolean();
        try (ChronicleQueue queue = ChronicleQueue.singleBuilder(directory).build())
        {
            final long start = System.nanoTime();
            final Thread tailerThread = new Thread(() ->
            {
                final ExcerptTailer tailer = queue.createTailer();
                while (!done.get())
                {
                    try (DocumentContext dc = tailer.readingDocument())
                    {
                        if (dc.isPresent())
                        {
                            final long now = System.nanoTime();
                            final Bytes<?> bytes = dc.wire().bytes();
                            final long sent = bytes.readLong(bytes.readPosition());
                            if (sent - start > warmupNs)
                            {
                                histogram.recordValue(Math.max(0, now - sent));
                            }
                        }
                        else
                        {
                            Thread.onSpinWait();
                        }
                    }
                }
                tailer.close();
            }, "chronicle-tailer");
            tailerThread.start();
            final ExcerptAppender appender = queue.createAppender();
            final Bytes<?> body = Bytes.allocateDirect(64);
            body.writeSkip(64);
            pace(start, () ->
            {
                body.writeLong(0, System.nanoTime());
                appender.writeBytes(body);
            });
            done.set(true);
            tailerThread.join();
            appender.close();
            body.releaseLast();
        }
        LogAppendBenchmark.delete(directory);
        return summary(histogram);
    }

    private void pace(final long start, final Runnable append)
    {
        final long interval = TimeUnit.SECONDS.toNanos(1) / ratePerSecond;
        final long end = start + warmupNs + measureNs;
        long next = start;
        while (next < end)
        {
            while (System.nanoTime() < next)
            {
                Thread.onSpinWait();
            }
            append.run();
            next += interval;
        }
    }

    private static Latency summary(final Histogram histogram)
    {
        return new Latency(histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0,
            histogram.getValueAtPercentile(99.9) / 1000.0, histogram.getMaxValue() / 1000.0, histogram.getTotalCount());
    }
}
