package io.muon.kernel.part;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SleepingIdleStrategy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The compaction thread: owns every stream's {@link StreamCompaction} and runs them in turn, turning log rows into
 * parts and merging parts. Other threads never touch that state: they enqueue commands (add or remove a stream,
 * compact now, optimize, truncate) that the agent runs at the start of its next duty cycle, and wait for the
 * returned future. Sleeps when idle.
 */
public final class CompactionAgent implements Agent
{
    private static final long COMMAND_TIMEOUT_SECONDS = 600;

    private final EpochClock clock;
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final List<StreamCompaction> streams = new ArrayList<>();

    public CompactionAgent(final EpochClock clock)
    {
        this.clock = clock;
    }

    /** Starts the agent on its own daemon thread, {@code muon-compaction}. */
    public static AgentRunner start(final CompactionAgent agent, final long idleMs)
    {
        final AgentRunner runner = new AgentRunner(new SleepingIdleStrategy(TimeUnit.MILLISECONDS.toNanos(idleMs)),
            Throwable::printStackTrace, null, agent);
        AgentRunner.startOnThread(runner, r ->
        {
            final Thread thread = new Thread(r, "muon-compaction");
            thread.setDaemon(true);
            return thread;
        });
        return runner;
    }

    @Override
    public int doWork()
    {
        int work = 0;
        Runnable command;
        while ((command = commands.poll()) != null)
        {
            command.run();
            work++;
        }
        final long now = clock.time();
        for (final StreamCompaction stream : streams)
        {
            work += stream.doWork(now);
        }
        return work;
    }

    @Override
    public void onClose()
    {
        Runnable command;
        while ((command = commands.poll()) != null)
        {
            command.run();
        }
        streams.forEach(StreamCompaction::close);
        streams.clear();
    }

    @Override
    public String roleName()
    {
        return "muon-compaction";
    }

    /**
     * Starts compacting a stream from its commit point: its columns (names and types, in order; parts add
     * {@code _tp_sn}), log, part store, layout and settings.
     */
    public void add(final long id, final String name, final List<String> columnNames,
        final List<io.muon.kernel.type.DataType> columnTypes, final io.muon.kernel.log.NativeLog log,
        final StreamParts parts, final StorageLayout layout, final CompactionSettings settings,
        final io.muon.kernel.io.FilesFacade files)
    {
        final StreamCompaction stream = new StreamCompaction(id, name, columnNames, columnTypes, log, parts, layout,
            settings, files);
        commands.add(() -> streams.add(stream));
    }

    /** Stops compacting a stream and closes its state; returns once done. */
    public void remove(final long id)
    {
        await(run(id, stream ->
        {
            streams.remove(stream);
            stream.close();
        }));
    }

    /** Writes every durable row of the stream into parts now. */
    public void compactNow(final long id)
    {
        await(run(id, stream -> stream.compactAll(clock.time())));
    }

    /**
     * OPTIMIZE: compacts the log, then merges each partition (or the one with ID {@code partitionId} when not null)
     * into one part ({@code everyPart}: FINAL).
     */
    public void optimize(final long id, final boolean everyPart, final String partitionId)
    {
        await(run(id, stream ->
        {
            stream.compactAll(clock.time());
            stream.optimize(clock.time(), everyPart, partitionId);
        }));
    }

    /** TRUNCATE: drops the stream's parts and moves its commit point to the end of its log. */
    public void truncate(final long id)
    {
        await(run(id, StreamCompaction::truncate));
    }

    private CompletableFuture<Void> run(final long id, final Consumer<StreamCompaction> action)
    {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        commands.add(() ->
        {
            try
            {
                for (final StreamCompaction stream : streams)
                {
                    if (stream.id() == id)
                    {
                        action.accept(stream);
                        break;
                    }
                }
                done.complete(null);
            }
            catch (final RuntimeException e)
            {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private static void await(final CompletableFuture<Void> done)
    {
        try
        {
            done.get(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        catch (final ExecutionException e)
        {
            if (e.getCause() instanceof MuonException muon)
            {
                throw muon;
            }
            throw new MuonException(ErrorCodes.LOGICAL_ERROR, "Compaction failed: " + e.getCause());
        }
        catch (final TimeoutException e)
        {
            throw new MuonException(ErrorCodes.TIMEOUT_EXCEEDED, "Compaction did not answer within " +
                COMMAND_TIMEOUT_SECONDS + " s");
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new MuonException(ErrorCodes.ABORTED, "Interrupted while waiting for compaction");
        }
    }
}
