package io.muon.sql.engine;

import io.muon.kernel.catalog.Catalog;
import io.muon.kernel.catalog.CatalogObject;
import io.muon.kernel.catalog.ObjectKind;
import io.muon.kernel.catalog.StreamMode;
import io.muon.kernel.stream.StreamStore;
import io.muon.sql.exec.LatestRows;
import io.muon.sql.exec.QueryContext;
import io.muon.sql.plan.LogicalPlan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The persistent latest-row state of every keyed stream ({@link LatestRows}), kept up to date by one background
 * thread ({@code muon-keyed-state}): it opens (or rebuilds) a stream's map when it first sees the stream, applies the
 * rows appended since, and deletes the map of a dropped stream. Queries find a stream's state through {@link #find};
 * when it is missing or behind the stream's parts they read the history instead. The thread sleeps while no keyed
 * stream has new rows.
 */
final class KeyedStates implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(KeyedStates.class.getName());
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final SqlEngine engine;
    private final Catalog catalog;
    private final StreamStore store;
    private final Map<Long, LatestRows> states = new ConcurrentHashMap<>();
    /** Streams whose state failed to open or apply: not tried again until the catalog changes. */
    private final Map<Long, Long> failedAtVersion = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean closed;

    KeyedStates(final SqlEngine engine, final Catalog catalog, final StreamStore store)
    {
        this.engine = engine;
        this.catalog = catalog;
        this.store = store;
        this.thread = new Thread(this::run, "muon-keyed-state");
        thread.setDaemon(true);
    }

    /** Starts the thread, once the engine is complete. */
    void start()
    {
        thread.start();
    }

    /** The state of keyed stream {@code stream}, or null when there is none (yet). */
    LatestRows find(final CatalogObject stream)
    {
        return states.get(stream.id());
    }

    private void run()
    {
        while (!closed)
        {
            long work = 0;
            try
            {
                work = catchUpAll();
            }
            catch (final RuntimeException e)
            {
                LOG.log(System.Logger.Level.WARNING, "keyed stream state: " + e);
            }
            if (work == 0 && !closed)
            {
                LockSupport.parkNanos(IDLE_NANOS);
            }
        }
    }

    /** One round over the catalog's keyed streams; returns the rows applied. */
    long catchUpAll()
    {
        final io.muon.kernel.catalog.CatalogSnapshot snapshot = catalog.snapshot();
        final Map<Long, CatalogObject> objects = snapshot.objectsById();
        for (final Map.Entry<Long, LatestRows> state : states.entrySet())
        {
            final CatalogObject object = objects.get(state.getKey());
            if (object == null || !keyed(object))
            {
                states.remove(state.getKey());
                state.getValue().close();
                deleteState(state.getKey());
            }
        }
        long applied = 0;
        for (final CatalogObject object : objects.values())
        {
            if (closed || !keyed(object))
            {
                continue;
            }
            final Long failed = failedAtVersion.get(object.id());
            if (failed != null && failed == snapshot.version())
            {
                continue;
            }
            try
            {
                LatestRows state = states.get(object.id());
                if (state == null && closed)
                {
                    // the engine closes: a map opened now would only race the JVM's shutdown
                    continue;
                }
                if (state == null)
                {
                    state = open(object);
                    states.put(object.id(), state);
                }
                if (store.log(object).nextSequence() > state.applied())
                {
                    applied += state.catchUp(() -> closed);
                }
            }
            catch (final RuntimeException e)
            {
                failedAtVersion.put(object.id(), snapshot.version());
                LOG.log(System.Logger.Level.WARNING, "latest-row state of " + object.qualifiedName() +
                    " is not kept (queries read its history): " + e);
            }
        }
        return applied;
    }

    private static boolean keyed(final CatalogObject object)
    {
        return object.kind() == ObjectKind.STREAM && object.mode() != StreamMode.APPEND && object.primaryKey() != null;
    }

    private LatestRows open(final CatalogObject stream)
    {
        final Session session = new Session(false);
        final LogicalPlan.LatestPerKey latest = latestOf(engine.plan("SELECT * FROM table(`" + stream.database() +
            "`.`" + stream.name() + "`)", session).root());
        if (latest == null || !(latest.input() instanceof LogicalPlan.StreamScan))
        {
            throw new IllegalStateException("no latest-row plan for " + stream.qualifiedName());
        }
        final QueryContext context = new QueryContext(Map.of(), engine.environment(session));
        return new LatestRows(store, stream, latest, context,
            problem -> LOG.log(System.Logger.Level.WARNING, problem));
    }

    private static LogicalPlan.LatestPerKey latestOf(final LogicalPlan plan)
    {
        if (plan instanceof LogicalPlan.LatestPerKey latest)
        {
            return latest;
        }
        for (final LogicalPlan input : plan.inputs())
        {
            final LogicalPlan.LatestPerKey found = latestOf(input);
            if (found != null)
            {
                return found;
            }
        }
        return null;
    }

    private void deleteState(final long streamId)
    {
        final Path directory = store.stateDirectory().resolve("streams").resolve(Long.toString(streamId));
        try (var paths = Files.walk(directory))
        {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (final java.nio.file.NoSuchFileException e)
        {
            // nothing kept
        }
        catch (final IOException e)
        {
            LOG.log(System.Logger.Level.WARNING, "could not delete " + directory + ": " + e);
        }
    }

    @Override
    public void close()
    {
        closed = true;
        LockSupport.unpark(thread);
        try
        {
            if (thread.isAlive())
            {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        for (final LatestRows state : states.values())
        {
            state.close();
        }
        states.clear();
    }
}
