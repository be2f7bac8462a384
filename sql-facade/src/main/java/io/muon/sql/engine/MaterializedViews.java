package io.muon.sql.engine;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.catalog.CatalogObject;
import io.muon.kernel.state.Checkpoint;
import io.muon.kernel.state.CheckpointStore;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.Vector;
import io.muon.sql.exec.Conversions;
import io.muon.sql.exec.InsertExecutor;
import io.muon.sql.exec.QueryContext;
import io.muon.sql.plan.InsertPlan;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the materialized views: each view's query as a streaming query of its own, from the view's creation (or the
 * engine's start) until it is dropped or paused, its results appended to its storage (its INTO stream, or its own
 * stream) batch by batch as they are emitted. One thread per running view drains its results; the query itself runs
 * on the streaming agents like any other. A view whose query fails is logged and stopped; its storage keeps what it
 * wrote. A view checkpoints every {@code checkpoint_interval} seconds (see {@link Runner}) and, started again after a
 * pause, a restart or a crash, resumes from its last checkpoint; a view whose query has state without a checkpoint
 * form (joins, sessions) runs without and reads from the streams' latest rows when started again.
 */
final class MaterializedViews implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(MaterializedViews.class.getName());

    private final SqlEngine engine;
    private final io.muon.kernel.stream.StreamStore store;
    private final Map<String, Runner> running = new ConcurrentHashMap<>();
    private volatile boolean closed;

    MaterializedViews(final SqlEngine engine, final io.muon.kernel.stream.StreamStore store)
    {
        this.engine = engine;
        this.store = store;
    }

    /** Starts {@code view} unless it runs already, or it asks to start paused ({@code pause_on_start}). */
    void start(final CatalogObject view, final boolean honourPauseOnStart)
    {
        if (closed || honourPauseOnStart && isTrue(view.settings().get("pause_on_start")))
        {
            return;
        }
        running.computeIfAbsent(view.qualifiedName(), name ->
        {
            final Runner runner = new Runner(view);
            runner.thread.start();
            return runner;
        });
    }

    private static boolean isTrue(final String value)
    {
        return value != null && (value.equals("1") || value.equalsIgnoreCase("true"));
    }

    /** Stops the view named {@code qualifiedName} if it runs, and waits for its writer to end. */
    void stop(final String qualifiedName)
    {
        final Runner runner = running.remove(qualifiedName);
        if (runner != null)
        {
            runner.stop();
        }
    }

    /** Stops {@code view} and deletes its checkpoints (DROP VIEW). */
    void drop(final CatalogObject view)
    {
        stop(view.qualifiedName());
        try
        {
            checkpoints(view).deleteAll();
        }
        catch (final java.io.IOException e)
        {
            LOG.log(System.Logger.Level.WARNING, "could not delete the checkpoints of dropped view " +
                view.qualifiedName() + ": " + e);
        }
    }

    /** Whether the view named {@code qualifiedName} is running. */
    boolean isRunning(final String qualifiedName)
    {
        return running.containsKey(qualifiedName);
    }

    @Override
    public void close()
    {
        closed = true;
        for (final String name : List.copyOf(running.keySet()))
        {
            stop(name);
        }
    }

    /** Default of {@code checkpoint_interval}: seconds between a view's checkpoints (0 turns them off). */
    static final double DEFAULT_CHECKPOINT_INTERVAL_SECONDS = 2;

    /** Output rows a view gathers at most before it asks for a checkpoint ahead of time. */
    private static final long MAX_PENDING_ROWS = 1 << 20;

    /** How long a view's writer waits for results before it looks at the clock again. */
    private static final long POLL_MS = 50;

    /** The checkpoints of {@code view}: {@code <data>/state/<view id>}. */
    CheckpointStore checkpoints(final CatalogObject view)
    {
        return new CheckpointStore(store.stateDirectory().resolve(Long.toString(view.id())), store.files());
    }

    /** {@code checkpoint_interval} of a view's settings, in milliseconds; 0: no checkpoints. */
    static long checkpointIntervalMs(final CatalogObject view)
    {
        final String value = view.settings().get("checkpoint_interval");
        if (value == null)
        {
            return (long)(DEFAULT_CHECKPOINT_INTERVAL_SECONDS * 1000);
        }
        try
        {
            final double seconds = Double.parseDouble(value.trim());
            if (seconds < 0 || Double.isNaN(seconds))
            {
                throw new NumberFormatException();
            }
            return (long)Math.ceil(seconds * 1000);
        }
        catch (final NumberFormatException e)
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "checkpoint_interval of materialized view " +
                view.qualifiedName() + " must be a number of seconds (0: none): " + value);
        }
    }

    /**
     * One view's query and the thread that writes its results. With checkpoints, the rows emitted between two
     * barriers are gathered; at a barrier the query's state and those rows go into a checkpoint file first, and only
     * then are the rows appended, each record tagged with the view's id and its place in the view's output. After a
     * crash the view restores the newest whole checkpoint, appends whatever of its rows the target lacks (found by
     * the tags), and reads on from the checkpoint's log positions: every result reaches the target exactly once.
     */
    private final class Runner implements Runnable
    {
        private final CatalogObject view;
        private final Thread thread;
        private final long producerId;
        private volatile boolean stopped;
        private volatile SqlEngine.ViewQuery query;
        private io.muon.kernel.log.RetentionHold targetHold;

        Runner(final CatalogObject view)
        {
            this.view = view;
            this.producerId = view.id() != 0 ? view.id() : view.qualifiedName().hashCode() | 1L << 40;
            this.thread = new Thread(this, "muon-mv-" + view.qualifiedName());
            this.thread.setDaemon(true);
        }

        @Override
        public void run()
        {
            final Session session = new Session(true);
            session.database(view.database());
            try
            {
                final long intervalMs = checkpointIntervalMs(view);
                final CheckpointStore checkpoints = checkpoints(view);
                final List<Checkpoint> saved = intervalMs > 0 ? checkpoints.load(problem -> LOG.log(
                    System.Logger.Level.WARNING, "materialized view " + view.qualifiedName() + ": skipping a " +
                    "damaged checkpoint, falling back to the one before: " + problem)) : List.of();
                Checkpoint restored = null;
                for (final Checkpoint checkpoint : saved)
                {
                    try
                    {
                        query = engine.startView(view, session, checkpoint.state(), true);
                        restored = checkpoint;
                        break;
                    }
                    catch (final MuonException e)
                    {
                        if (e.code() != ErrorCodes.CORRUPTED_DATA)
                        {
                            throw e;
                        }
                        LOG.log(System.Logger.Level.WARNING, "materialized view " + view.qualifiedName() +
                            ": checkpoint " + checkpoint.id() + " does not fit its query, falling back: " +
                            e.getMessage());
                    }
                }
                if (query == null)
                {
                    query = engine.startView(view, session, null, intervalMs > 0);
                }
                if (stopped)
                {
                    return;
                }
                final InsertPlan plan = engine.planViewResults(view, query.columns());
                // every node of a cluster runs the view over the same rows: its results stay on this node
                final InsertExecutor writer = new InsertExecutor(store, new QueryContext(Map.of(),
                    engine.environment(session))).local();
                if (io.muon.sql.external.ExternalStreams.isExternal(plan.target()))
                {
                    writeExternal(plan, writer, checkpoints, restored, query.checkpoints() ? intervalMs : 0);
                    return;
                }
                if (!query.checkpoints())
                {
                    // checkpoint_interval = 0: after a restart the view reads from the streams' latest rows
                    writeUnchecked(plan, writer);
                    return;
                }
                writeWithCheckpoints(plan, writer, checkpoints, restored, intervalMs);
            }
            catch (final RuntimeException | java.io.IOException e)
            {
                if (!stopped)
                {
                    LOG.log(System.Logger.Level.ERROR, "materialized view " + view.qualifiedName() +
                        " stopped: " + (e instanceof MuonException m ? m.toClickHouseText() : e.toString()));
                }
            }
            finally
            {
                final SqlEngine.ViewQuery current = query;
                if (current != null)
                {
                    current.close().run();
                }
                if (targetHold != null)
                {
                    targetHold.close();
                }
                running.remove(view.qualifiedName(), this);
            }
        }

        /** Appends results as they come (a query without checkpoints). */
        private void writeUnchecked(final InsertPlan plan, final InsertExecutor writer)
        {
            Object item;
            while (!stopped && (item = query.query().nextItem(POLL_MS)) != null)
            {
                if (item instanceof Batch batch)
                {
                    writer.appendAll(plan, List.of(asInserted(plan, batch)));
                }
            }
        }

        /**
         * Sends results to an external stream (a Kafka topic) as they come. At a checkpoint barrier everything sent
         * before it is first acknowledged by the external system, then the checkpoint is written: a view restored
         * from it reads on from its position, so nothing after it is missing (what was sent after it is sent again:
         * at least once). {@code intervalMs} 0: no checkpoints.
         */
        private void writeExternal(final InsertPlan plan, final InsertExecutor writer,
            final CheckpointStore checkpoints, final Checkpoint restored, final long intervalMs)
            throws java.io.IOException
        {
            final byte[] nothingPending = new io.muon.sql.exec.StateOutput().writeInt(0).toBytes();
            try (io.muon.sql.external.ExternalWriter out =
                io.muon.sql.external.ExternalStreams.of(plan.target()).writer(plan.target()))
            {
                long number = restored == null ? 0 : restored.id();
                long nextCheckpointMs = restored == null ? 0 : System.currentTimeMillis() + intervalMs;
                while (!stopped)
                {
                    final Object item = query.query().nextItem(POLL_MS);
                    if (item == null)
                    {
                        out.flush();
                        return;
                    }
                    if (item instanceof Batch batch && batch.rows() > 0)
                    {
                        out.write(writer.complete(plan, asInserted(plan, batch)));
                    }
                    else if (item instanceof io.muon.sql.streaming.StreamingQuery.Checkpoint barrier)
                    {
                        out.flush();
                        checkpoints.write(new Checkpoint(++number, 0, 0, System.currentTimeMillis(),
                            barrier.state(), nothingPending));
                    }
                    final long now = System.currentTimeMillis();
                    if (intervalMs > 0 && now >= nextCheckpointMs)
                    {
                        query.query().requestCheckpoint();
                        nextCheckpointMs = now + intervalMs;
                    }
                }
            }
        }

        private void writeWithCheckpoints(final InsertPlan plan, final InsertExecutor writer,
            final CheckpointStore checkpoints, final Checkpoint restored, final long intervalMs)
            throws java.io.IOException
        {
            final List<io.muon.kernel.type.DataType> stored = io.muon.kernel.stream.StreamStore.types(plan.target());
            final io.muon.kernel.log.NativeLog target = store.log(plan.target());
            long outputSequence = 0;
            long number = 0;
            long olderTargetFrom = -1;
            if (restored != null)
            {
                outputSequence = finishPending(plan, writer, restored, stored);
                number = restored.id();
                olderTargetFrom = restored.targetFrom();
                targetHold = target.holdFrom(restored.targetFrom());
            }
            final List<Batch> pending = new java.util.ArrayList<>();
            long pendingRows = 0;
            // a view's first checkpoint is taken as soon as it starts: from then on its start point is durable
            long nextCheckpointMs = restored == null ? 0 : System.currentTimeMillis() + intervalMs;
            while (!stopped)
            {
                final Object item = query.query().nextItem(POLL_MS);
                if (item == null)
                {
                    return;
                }
                if (item instanceof Batch batch && batch.rows() > 0)
                {
                    pending.add(writer.complete(plan, asInserted(plan, batch)));
                    pendingRows += batch.rows();
                    if (pendingRows >= MAX_PENDING_ROWS)
                    {
                        nextCheckpointMs = 0;
                    }
                }
                else if (item instanceof io.muon.sql.streaming.StreamingQuery.Checkpoint barrier)
                {
                    final long targetFrom = target.nextSequence();
                    final io.muon.sql.exec.StateOutput output = new io.muon.sql.exec.StateOutput();
                    output.writeInt(pending.size());
                    for (final Batch batch : pending)
                    {
                        output.writeBatch(batch, stored);
                    }
                    checkpoints.write(new Checkpoint(++number, outputSequence, targetFrom,
                        System.currentTimeMillis(), barrier.state(), output.toBytes()));
                    // durable first, appended after: a crash in between appends them at the restart
                    append(plan, writer, pending, 0, outputSequence);
                    outputSequence += pendingRows;
                    pending.clear();
                    pendingRows = 0;
                    if (targetHold == null)
                    {
                        targetHold = target.holdFrom(targetFrom);
                    }
                    else if (olderTargetFrom >= 0)
                    {
                        targetHold.advanceTo(olderTargetFrom);
                    }
                    olderTargetFrom = targetFrom;
                }
                final long now = System.currentTimeMillis();
                if (now >= nextCheckpointMs)
                {
                    query.query().requestCheckpoint();
                    nextCheckpointMs = now + intervalMs;
                }
            }
        }

        /**
         * Appends what the target lacks of checkpoint {@code restored}'s pending rows (a crash may have come before
         * or during their append); returns the view's output sequence after them.
         */
        private long finishPending(final InsertPlan plan, final InsertExecutor writer, final Checkpoint restored,
            final List<io.muon.kernel.type.DataType> stored)
        {
            final io.muon.sql.exec.StateInput input = new io.muon.sql.exec.StateInput(restored.output());
            final int count = input.readCount(4);
            final List<Batch> pending = new java.util.ArrayList<>(count);
            long rows = 0;
            for (int i = 0; i < count; i++)
            {
                final Batch batch = input.readBatch(stored);
                pending.add(batch);
                rows += batch.rows();
            }
            input.expectEnd();
            final long produced = store.produced(plan.target(), restored.targetFrom(), producerId);
            final long done = produced < 0 ? 0 : Math.max(0, Math.min(rows, produced - restored.outputStart()));
            append(plan, writer, pending, done, restored.outputStart());
            if (done < rows)
            {
                LOG.log(System.Logger.Level.INFO, "materialized view " + view.qualifiedName() + " appended " +
                    (rows - done) + " rows of checkpoint " + restored.id() + " that a crash had kept from its target");
            }
            return restored.outputStart() + rows;
        }

        /** Appends {@code batches} from their row {@code skip} on, numbered from {@code first}. */
        private void append(final InsertPlan plan, final InsertExecutor writer, final List<Batch> batches,
            final long skip, final long first)
        {
            long at = 0;
            for (final Batch batch : batches)
            {
                final long from = Math.max(0, skip - at);
                if (from < batch.rows())
                {
                    final Batch rest = from == 0 ? batch : tail(batch, (int)from);
                    writer.appendCompleted(plan, rest, producerId, first + at + from);
                }
                at += batch.rows();
            }
        }

        private static Batch tail(final Batch batch, final int from)
        {
            final int count = batch.rows() - from;
            final int[] positions = new int[count];
            for (int i = 0; i < count; i++)
            {
                positions[i] = from + i;
            }
            return batch.gather(positions, count);
        }

        /** The result columns converted to the storage's types. */
        private Batch asInserted(final InsertPlan plan, final Batch batch)
        {
            final Vector[] columns = new Vector[plan.inserted().size()];
            for (int c = 0; c < columns.length; c++)
            {
                final Vector column = batch.column(c);
                columns[c] = column.type().equals(plan.inserted().get(c).type()) ? column :
                    Conversions.convert(column, batch.rows(), plan.inserted().get(c).type(), Conversions.Mode.CAST);
            }
            return new Batch(columns, batch.rows());
        }

        void stop()
        {
            stopped = true;
            final SqlEngine.ViewQuery current = query;
            if (current != null)
            {
                current.close().run();
            }
            try
            {
                thread.join(10_000);
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
        }
    }
}
