package io.muon.sql.engine;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.catalog.CatalogObject;
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
 * wrote. Views do not checkpoint yet: one started again (after a pause or a restart) reads from the streams' latest
 * rows.
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

    /** One view's query and the thread that writes its results. */
    private final class Runner implements Runnable
    {
        private final CatalogObject view;
        private final Thread thread;
        private volatile boolean stopped;
        private volatile Execution execution;

        Runner(final CatalogObject view)
        {
            this.view = view;
            this.thread = new Thread(this, "muon-mv-" + view.qualifiedName());
            this.thread.setDaemon(true);
        }

        @Override
        public void run()
        {
            final Session session = new Session(true);
            session.database(view.database());
            try (Execution started = engine.start(view.query(), session, null, "default"))
            {
                execution = started;
                if (stopped)
                {
                    return;
                }
                final QueryCursor cursor = started.cursor();
                if (!cursor.isStreaming())
                {
                    throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "The query of materialized view " +
                        view.qualifiedName() + " is not a streaming query");
                }
                final InsertPlan plan = engine.planViewResults(view, cursor.columns());
                final InsertExecutor writer = new InsertExecutor(store, new QueryContext(Map.of(),
                    engine.environment(session)));
                Batch batch;
                while (!stopped && (batch = cursor.next()) != null)
                {
                    writer.appendAll(plan, List.of(asInserted(plan, batch)));
                }
            }
            catch (final RuntimeException e)
            {
                if (!stopped)
                {
                    LOG.log(System.Logger.Level.ERROR, "materialized view " + view.qualifiedName() +
                        " stopped: " + (e instanceof MuonException m ? m.toClickHouseText() : e.toString()));
                }
            }
            finally
            {
                running.remove(view.qualifiedName(), this);
            }
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
            final Execution current = execution;
            if (current != null)
            {
                current.cursor().cancel();
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
