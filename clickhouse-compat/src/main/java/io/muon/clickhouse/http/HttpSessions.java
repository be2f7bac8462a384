package io.muon.clickhouse.http;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.sql.engine.Session;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * HTTP sessions ({@code session_id}): the settings and current database a client keeps between requests. A session
 * is used by one request at a time (another gets Code 373) and expires {@code session_timeout} seconds (default 60,
 * at most 3600) after its last use. Thread-safe.
 */
final class HttpSessions
{
    private static final long DEFAULT_TIMEOUT_SECONDS = 60;
    private static final long MAX_TIMEOUT_SECONDS = 3600;

    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();

    private static final class Entry
    {
        final Session session;
        long expiresAtNanos;
        boolean inUse;

        Entry(final Session session)
        {
            this.session = session;
        }
    }

    /** A session in use by one request; {@link #release()} when the request ends. */
    interface Lease
    {
        Session session();

        void release();
    }

    Lease acquire(final String key, final String timeout, final boolean mustExist, final Supplier<Session> create)
    {
        final long seconds;
        try
        {
            seconds = timeout == null ? DEFAULT_TIMEOUT_SECONDS : Long.parseLong(timeout.trim());
        }
        catch (final NumberFormatException e)
        {
            throw new MuonException(ErrorCodes.INVALID_SETTING_VALUE, "Invalid session timeout: '" + timeout + "'");
        }
        if (seconds < 0 || seconds > MAX_TIMEOUT_SECONDS)
        {
            throw new MuonException(ErrorCodes.INVALID_SETTING_VALUE, "Session timeout " + seconds + " is out of " +
                "range (0 to " + MAX_TIMEOUT_SECONDS + " seconds)");
        }
        final long now = System.nanoTime();
        sessions.values().removeIf(e -> !e.inUse && now - e.expiresAtNanos > 0);
        final Entry entry;
        synchronized (sessions)
        {
            Entry existing = sessions.get(key);
            if (existing == null)
            {
                if (mustExist)
                {
                    throw new MuonException(ErrorCodes.SESSION_NOT_FOUND, "Session not found.");
                }
                existing = new Entry(create.get());
                sessions.put(key, existing);
            }
            if (existing.inUse)
            {
                throw new MuonException(ErrorCodes.SESSION_IS_LOCKED, "Session is locked by a concurrent client.");
            }
            existing.inUse = true;
            entry = existing;
        }
        return new Lease()
        {
            @Override
            public Session session()
            {
                return entry.session;
            }

            @Override
            public void release()
            {
                synchronized (sessions)
                {
                    entry.inUse = false;
                    entry.expiresAtNanos = System.nanoTime() + seconds * 1_000_000_000L;
                }
            }
        };
    }
}
