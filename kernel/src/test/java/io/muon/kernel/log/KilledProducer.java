package io.muon.kernel.log;

import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/**
 * The child JVM of {@link LogKillTest}: two threads append to a sync-before-ack log and print "ACK first sequence"
 * for every record once it is acknowledged, until the parent kills the process with SIGKILL.
 */
public final class KilledProducer
{
    private KilledProducer()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final long start = Long.parseLong(args[1]);
        final NativeLog log = NativeLog.open(new LogSettings().directory(Paths.get(args[0]))
            .segmentLength(128 * 1024).syncBeforeAck(true));
        final LogFlusher flusher = new LogFlusher();
        LogFlusher.start(flusher, 1, Throwable::printStackTrace);
        flusher.add(log);
        for (int t = 0; t < 2; t++)
        {
            final long producer = t;
            final Thread thread = new Thread(() ->
            {
                final TestRecords records = new TestRecords();
                final LogClaim claim = log.newClaim();
                for (long i = 0; ; i++)
                {
                    final long first = start + (producer << 32) + i * 4;
                    final long sequence = records.append(claim, first, 4, 3, i);
                    if (!log.acknowledge(sequence + 4, 30, TimeUnit.SECONDS))
                    {
                        System.err.println("not acknowledged: " + sequence);
                        System.exit(3);
                    }
                    synchronized (System.out)
                    {
                        System.out.println("ACK " + first + " " + sequence);
                        System.out.flush();
                    }
                }
            });
            thread.start();
        }
        Thread.currentThread().join();
    }
}
