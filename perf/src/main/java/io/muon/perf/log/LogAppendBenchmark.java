package io.muon.perf.log;

import io.muon.kernel.log.LogClaim;
import io.muon.kernel.log.LogFlusher;
import io.muon.kernel.log.LogSettings;
import io.muon.kernel.log.NativeLog;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Append throughput of NativeLog and of Chronicle Queue for the same payloads, one op = one record, with one and
 * with two producer threads. Both keep data in the page cache without syncing (Chronicle Queue's default); Muon's
 * flusher agent runs as in production (scanning, indexing, pre-touching), with its sync thresholds set out of reach
 * so neither side pays for fsync.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LogAppendBenchmark
{
    @State(Scope.Benchmark)
    public static class MuonLog
    {
        @Param({Payloads.SMALL, Payloads.LARGE, Payloads.BATCH})
        public String payload;

        Path directory;
        NativeLog log;
        LogFlusher flusher;
        AgentRunner flusherRunner;
        UnsafeBuffer body;
        int rows;

        @Setup(Level.Trial)
        public void open() throws IOException
        {
            directory = Files.createTempDirectory("muon-bench");
            log = NativeLog.open(new LogSettings().directory(directory).segmentLength(256 << 20)
                .flushMessages(Integer.MAX_VALUE).flushMs(TimeUnit.HOURS.toMillis(1)).maxUnflushedBytes(Long.MAX_VALUE / 2));
            flusher = new LogFlusher();
            flusherRunner = LogFlusher.start(flusher, 1, Throwable::printStackTrace);
            flusher.add(log);
            body = Payloads.bytes(payload);
            rows = Payloads.rows(payload);
        }

        @TearDown(Level.Trial)
        public void close() throws IOException
        {
            flusher.remove(log);
            flusherRunner.close();
            log.close();
            delete(directory);
        }
    }

    @State(Scope.Thread)
    public static class MuonProducer
    {
        LogClaim claim;

        @Setup(Level.Trial)
        public void open(final MuonLog state)
        {
            claim = state.log.newClaim();
        }

        @TearDown(Level.Trial)
        public void close()
        {
            claim.close();
        }
    }

    @State(Scope.Benchmark)
    public static class Queue
    {
        @Param({Payloads.SMALL, Payloads.LARGE, Payloads.BATCH})
        public String payload;

        Path directory;
        ChronicleQueue queue;
        BytesStore<?, ?> body;

        @Setup(Level.Trial)
        public void open() throws IOException
        {
            directory = Files.createTempDirectory("chronicle-bench");
            queue = ChronicleQueue.singleBuilder(directory).build();
            final UnsafeBuffer bytes = Payloads.bytes(payload);
            final Bytes<?> store = Bytes.allocateDirect(bytes.capacity());
            for (int i = 0; i < bytes.capacity(); i++)
            {
                store.writeByte(bytes.getByte(i));
            }
            body = store;
        }

        @TearDown(Level.Trial)
        public void close() throws IOException
        {
            queue.close();
            delete(directory);
        }
    }

    @State(Scope.Thread)
    public static class QueueProducer
    {
        ExcerptAppender appender;

        @Setup(Level.Trial)
        public void open(final Queue state)
        {
            appender = state.queue.createAppender();
        }

        @TearDown(Level.Trial)
        public void close()
        {
            appender.close();
        }
    }

    static long appendMuon(final MuonLog state, final MuonProducer producer)
    {
        final LogClaim claim = producer.claim;
        final UnsafeBuffer body = state.body;
        long result;
        while ((result = claim.claim(body.capacity(), state.rows, 1)) != LogClaim.OK)
        {
            if (result == NativeLog.CLOSED)
            {
                throw new IllegalStateException("log closed");
            }
            Thread.onSpinWait();
        }
        claim.buffer().putBytes(claim.bodyOffset(), body, 0, body.capacity());
        return claim.commit();
    }

    @Benchmark
    @Threads(1)
    public long muon1Producer(final MuonLog state, final MuonProducer producer)
    {
        return appendMuon(state, producer);
    }

    @Benchmark
    @Threads(2)
    public long muon2Producers(final MuonLog state, final MuonProducer producer)
    {
        return appendMuon(state, producer);
    }

    @Benchmark
    @Threads(1)
    public long chronicle1Producer(final Queue state, final QueueProducer producer)
    {
        producer.appender.writeBytes(state.body);
        return producer.appender.lastIndexAppended();
    }

    @Benchmark
    @Threads(2)
    public long chronicle2Producers(final Queue state, final QueueProducer producer)
    {
        producer.appender.writeBytes(state.body);
        return producer.appender.lastIndexAppended();
    }

    static void delete(final Path directory) throws IOException
    {
        try (Stream<Path> paths = Files.walk(directory))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
