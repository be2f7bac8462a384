package io.muon.replication.ingest;

import io.aeron.Aeron;
import io.aeron.ControlledFragmentAssembler;
import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.catalog.Catalog;
import io.muon.kernel.catalog.CatalogObject;
import io.muon.kernel.catalog.CatalogSnapshot;
import io.muon.kernel.catalog.ColumnEntry;
import io.muon.kernel.catalog.ObjectKind;
import io.muon.kernel.log.ColumnBatchDescriptor;
import io.muon.kernel.log.NativeLog;
import io.muon.kernel.log.RecordDescriptor;
import io.muon.kernel.stream.RecordColumns;
import io.muon.kernel.stream.StreamStore;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.muon.replication.ingest.IngestDescriptor.*;

/**
 * The Aeron ingest endpoint: subscribes to the ingest channels (UDP and IPC, one stream id), takes the messages of
 * {@link IngestDescriptor} from publishers, appends each ROWS batch that passes validation to its stream's NativeLog
 * as one record (one copy: the assembled message into the log), and answers on each publisher's response channel:
 * COMMITTED once the rows are acknowledged under the stream's durability settings, ERROR for an unknown stream, a
 * schema version that is not the stream's, or rows that do not fit its columns. A message that is not a message
 * (too short, another version, an unknown type, a publisher that never said HELLO) is counted and dropped; nothing
 * it holds is appended. While a log is back-pressured the endpoint stops taking messages, so Aeron's flow control
 * pushes back on the publishers. An agent: run it on one thread with a backing-off idle strategy.
 */
public final class IngestEndpoint implements Agent
{
    private static final System.Logger LOG = System.getLogger(IngestEndpoint.class.getName());
    private static final int FRAGMENT_LIMIT = 64;
    private static final long CONNECT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    private final Aeron aeron;
    private final Catalog catalog;
    private final StreamStore store;
    private final List<String> channels;
    private final int streamId;
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final ControlledFragmentAssembler assembler = new ControlledFragmentAssembler(this::onMessage);
    private final Long2ObjectHashMap<Session> sessions = new Long2ObjectHashMap<>();
    private final Map<Long, RecordColumns> columnsByStream = new HashMap<>();
    private final ExpandableArrayBuffer reply = new ExpandableArrayBuffer(1024);
    private final UnsafeBuffer outgoing = new UnsafeBuffer(new byte[0]);

    /** Sessions of publishers whose images went away: reported on Aeron's conductor thread, handled in doWork. */
    private final org.agrona.concurrent.ManyToOneConcurrentLinkedQueue<Integer> goneImages =
        new org.agrona.concurrent.ManyToOneConcurrentLinkedQueue<>();
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong rowsAppended = new AtomicLong();
    private final AtomicLong rowsCommitted = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    /** A publisher that said HELLO: where its answers go, and the answers not sent yet, in order. */
    private static final class Session
    {
        final long publisher;
        final int imageSessionId;
        final ExclusivePublication publication;
        /** When its response publication was last seen not connected (0: connected). */
        long disconnectedSinceNs = System.nanoTime();
        final ArrayDeque<Reply> replies = new ArrayDeque<>();

        Session(final long publisher, final int imageSessionId, final ExclusivePublication publication)
        {
            this.publisher = publisher;
            this.imageSessionId = imageSessionId;
            this.publication = publication;
        }
    }

    /** An answer: ready bytes, or a COMMITTED that waits until {@code sequence} of {@code stream} is acknowledged. */
    private record Reply(byte[] bytes, CatalogObject stream, long sequence, long correlation, long rows,
        java.util.concurrent.CompletableFuture<Long> replicated)
    {
        Reply(final byte[] bytes, final CatalogObject stream, final long sequence, final long correlation,
            final long rows)
        {
            this(bytes, stream, sequence, correlation, rows, null);
        }
    }

    /**
     * @param channels Aeron channels to subscribe to, such as {@code aeron:udp?endpoint=127.0.0.1:40400} and
     *        {@code aeron:ipc}.
     */
    public IngestEndpoint(final Aeron aeron, final Catalog catalog, final StreamStore store,
        final List<String> channels, final int streamId)
    {
        this.aeron = aeron;
        this.catalog = catalog;
        this.store = store;
        this.channels = List.copyOf(channels);
        this.streamId = streamId;
        try
        {
            for (final String channel : this.channels)
            {
                subscriptions.add(aeron.addSubscription(channel, streamId, image -> { }, this::onImageGone));
            }
        }
        catch (final RuntimeException e)
        {
            subscriptions.forEach(CloseHelper::quietClose);
            throw e;
        }
    }

    /**
     * The channels subscribed to, with the port the system picked where a UDP channel asked for port 0; waits up to
     * {@code timeoutMs} for Aeron to bind them.
     */
    public List<String> boundChannels(final long timeoutMs)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        final List<String> bound = new ArrayList<>();
        for (final Subscription subscription : subscriptions)
        {
            String resolved = subscription.channel();
            if (resolved.startsWith("aeron:udp"))
            {
                while ((resolved = subscription.tryResolveChannelEndpointPort()) == null)
                {
                    if (System.nanoTime() > deadline)
                    {
                        throw new MuonException(ErrorCodes.TIMEOUT_EXCEEDED, "Aeron did not bind " +
                            subscription.channel() + " within " + timeoutMs + " ms");
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
            }
            bound.add(resolved);
        }
        return bound;
    }

    @Override
    public int doWork()
    {
        int work = 0;
        Integer gone;
        while ((gone = goneImages.poll()) != null)
        {
            forgetSessionsOf(gone);
            work++;
        }
        for (int i = 0; i < subscriptions.size(); i++)
        {
            work += subscriptions.get(i).controlledPoll(assembler, FRAGMENT_LIMIT);
        }
        return work + sendReplies();
    }

    @Override
    public void onClose()
    {
        for (final Session session : sessions.values())
        {
            CloseHelper.quietClose(session.publication);
        }
        sessions.clear();
        subscriptions.forEach(CloseHelper::quietClose);
        subscriptions.clear();
    }

    @Override
    public String roleName()
    {
        return "muon-aeron-ingest";
    }

    /** Messages taken, well-formed or not. */
    public long messages()
    {
        return messages.get();
    }

    /** Rows appended to logs (committed or about to be). */
    public long rowsAppended()
    {
        return rowsAppended.get();
    }

    /** Rows whose COMMITTED answer was sent. */
    public long rowsCommitted()
    {
        return rowsCommitted.get();
    }

    /** Messages dropped because they were not well-formed messages of this protocol. */
    public long malformedMessages()
    {
        return malformed.get();
    }

    /** Requests answered with ERROR (unknown stream, schema mismatch, rows that do not fit). */
    public long refusedRequests()
    {
        return refused.get();
    }

    /** Runs on Aeron's client conductor thread: only hands the image's session id to the agent. */
    private void onImageGone(final Image image)
    {
        goneImages.offer(image.sessionId());
    }

    private void forgetSessionsOf(final int imageSessionId)
    {
        sessions.values().removeIf(session ->
        {
            if (session.imageSessionId == imageSessionId)
            {
                CloseHelper.quietClose(session.publication);
                return true;
            }
            return false;
        });
    }

    private ControlledFragmentHandler.Action onMessage(final DirectBuffer buffer, final int offset, final int length,
        final Header header)
    {
        if (length < HEADER_LENGTH || version(buffer, offset) != VERSION)
        {
            messages.incrementAndGet();
            return drop("a message of " + length + " bytes that is not an ingest message of version " + VERSION);
        }
        final long publisher = publisher(buffer, offset);
        final long correlation = correlation(buffer, offset);
        final byte type = type(buffer, offset);
        final int end = offset + length;
        if (type == TYPE_HELLO)
        {
            messages.incrementAndGet();
            return hello(buffer, offset, end, publisher, header.sessionId());
        }
        final Session session = sessions.get(publisher);
        if (session == null)
        {
            messages.incrementAndGet();
            return drop("a message from publisher " + publisher + " that never said HELLO");
        }
        try
        {
            if (type == TYPE_DESCRIBE)
            {
                messages.incrementAndGet();
                final int nameLength = stringLength(buffer, offset + DESCRIBE_STREAM_OFFSET, end);
                if (nameLength < 0)
                {
                    return drop("a DESCRIBE whose stream name runs past its end");
                }
                final CatalogObject stream = stream(getString(buffer, offset + DESCRIBE_STREAM_OFFSET, nameLength));
                session.replies.add(new Reply(schema(session.publisher, correlation, stream), null, 0, 0, 0));
                return ControlledFragmentHandler.Action.CONTINUE;
            }
            if (type == TYPE_ROWS)
            {
                return rows(session, buffer, offset, end, correlation);
            }
            messages.incrementAndGet();
            return drop("a message of unknown type " + type);
        }
        catch (final MuonException e)
        {
            refused.incrementAndGet();
            session.replies.add(new Reply(error(session.publisher, correlation, e.code(), e.getMessage()), null, 0, 0,
                0));
            return ControlledFragmentHandler.Action.CONTINUE;
        }
    }

    private ControlledFragmentHandler.Action hello(final DirectBuffer buffer, final int offset, final int end,
        final long publisher, final int imageSessionId)
    {
        final int channelLength = stringLength(buffer, offset + HELLO_CHANNEL_OFFSET, end);
        if (publisher == 0 || channelLength < 0)
        {
            return drop("a HELLO without a publisher id or response channel");
        }
        final String channel = getString(buffer, offset + HELLO_CHANNEL_OFFSET, channelLength);
        final int responseStreamId = buffer.getInt(offset + HELLO_STREAM_ID_OFFSET);
        final ExclusivePublication publication;
        try
        {
            publication = aeron.addExclusivePublication(channel, responseStreamId);
        }
        catch (final RuntimeException e)
        {
            return drop("a HELLO naming a response channel Aeron refuses (" + channel + "): " + e.getMessage());
        }
        final Session previous = sessions.put(publisher, new Session(publisher, imageSessionId, publication));
        if (previous != null)
        {
            CloseHelper.quietClose(previous.publication);
        }
        header(reply, 0, TYPE_WELCOME, publisher, 0);
        sessions.get(publisher).replies.add(new Reply(copy(HEADER_LENGTH), null, 0, 0, 0));
        return ControlledFragmentHandler.Action.CONTINUE;
    }

    private ControlledFragmentHandler.Action rows(final Session session, final DirectBuffer buffer, final int offset,
        final int end, final long correlation)
    {
        final int nameLength = stringLength(buffer, offset + ROWS_STREAM_OFFSET, end);
        final int body = offset + (nameLength < 0 ? 0 : rowsBodyOffset(nameLength));
        final int rows = end - offset >= ROWS_STREAM_OFFSET ? buffer.getInt(offset + ROWS_COUNT_OFFSET) : -1;
        if (nameLength < 0 || body > end || rows < 0 || rows > RecordDescriptor.MAX_ROWS_PER_RECORD)
        {
            messages.incrementAndGet();
            refused.incrementAndGet();
            session.replies.add(new Reply(error(session.publisher, correlation, ErrorCodes.INCORRECT_DATA,
                "The ROWS message is malformed: its stream name or row count is out of bounds"), null, 0, 0, 0));
            malformed.incrementAndGet();
            return ControlledFragmentHandler.Action.CONTINUE;
        }
        final CatalogObject stream = stream(getString(buffer, offset + ROWS_STREAM_OFFSET, nameLength));
        final int schemaVersion = buffer.getInt(offset + ROWS_SCHEMA_VERSION_OFFSET);
        if (schemaVersion != stream.schemaVersion())
        {
            messages.incrementAndGet();
            throw new MuonException(ErrorCodes.TYPE_MISMATCH, "Rows for stream " + stream.qualifiedName() +
                " were encoded for schema version " + schemaVersion + "; its schema version is " +
                stream.schemaVersion() + " (DESCRIBE it again)");
        }
        final RecordColumns columns = columns(stream);
        final int length = end - body;
        final String problem = columns.validate(buffer, body, length, rows);
        if (problem != null)
        {
            messages.incrementAndGet();
            malformed.incrementAndGet();
            throw new MuonException(ErrorCodes.INCORRECT_DATA, "Rows for stream " + stream.qualifiedName() +
                " do not fit its columns: " + problem);
        }
        long minTime = Long.MAX_VALUE;
        long maxTime = Long.MIN_VALUE;
        final int time = timeColumn(stream);
        if (time >= 0)
        {
            final int at = body + ColumnBatchDescriptor.dataOffset(buffer, body, time);
            for (int r = 0; r < rows; r++)
            {
                final long value = buffer.getLong(at + r * 8);
                minTime = Math.min(minTime, value);
                maxTime = Math.max(maxTime, value);
            }
        }
        final io.muon.kernel.stream.AppendReplicator replicator = store.replicatorFor(stream);
        if (replicator != null)
        {
            // a replicated stream: the batch goes to the cluster now and is answered once this node applied it,
            // with more batches in flight meanwhile
            final java.util.concurrent.CompletableFuture<Long> applied = replicator.appendAsync(stream, buffer, body,
                length, rows, minTime, maxTime);
            messages.incrementAndGet();
            rowsAppended.addAndGet(rows);
            session.replies.add(new Reply(null, stream, -1, correlation, rows, applied));
            return ControlledFragmentHandler.Action.CONTINUE;
        }
        final long next = store.appendEncoded(stream, buffer, body, length, rows, minTime, maxTime);
        if (next == NativeLog.BACK_PRESSURED)
        {
            // the message is offered again on a later poll, once the flusher caught up
            return ControlledFragmentHandler.Action.ABORT;
        }
        messages.incrementAndGet();
        if (next == NativeLog.CLOSED)
        {
            throw new MuonException(ErrorCodes.ABORTED, "Stream " + stream.qualifiedName() + " is closed");
        }
        rowsAppended.addAndGet(rows);
        session.replies.add(new Reply(null, stream, next, correlation, rows));
        return ControlledFragmentHandler.Action.CONTINUE;
    }

    /** Sends what each session can send now: answers in order, a COMMITTED only once its rows are acknowledged. */
    private int sendReplies()
    {
        int work = 0;
        final long now = System.nanoTime();
        for (final var it = sessions.values().iterator(); it.hasNext(); )
        {
            final Session session = it.next();
            if (!session.publication.isConnected())
            {
                if (session.disconnectedSinceNs == 0)
                {
                    session.disconnectedSinceNs = now;
                }
                if (now - session.disconnectedSinceNs > CONNECT_TIMEOUT_NS)
                {
                    LOG.log(System.Logger.Level.WARNING, "Aeron ingest: publisher {0} is not listening on its " +
                        "response channel {1}; forgetting it", Long.toString(session.publisher),
                        session.publication.channel());
                    CloseHelper.quietClose(session.publication);
                    it.remove();
                }
                continue;
            }
            session.disconnectedSinceNs = 0;
            Reply next;
            while ((next = session.replies.peek()) != null)
            {
                final byte[] bytes;
                if (next.bytes() != null)
                {
                    bytes = next.bytes();
                }
                else if (next.replicated() != null)
                {
                    if (!next.replicated().isDone())
                    {
                        break;
                    }
                    bytes = replicatedAnswer(session, next);
                }
                else if (store.acknowledged(next.stream(), next.sequence()))
                {
                    header(reply, 0, TYPE_COMMITTED, session.publisher, next.correlation());
                    reply.putLong(COMMITTED_ROWS_OFFSET, next.rows());
                    reply.putLong(COMMITTED_SEQUENCE_OFFSET, next.sequence());
                    bytes = copy(COMMITTED_LENGTH);
                }
                else
                {
                    break;
                }
                outgoing.wrap(bytes);
                final long result = session.publication.offer(outgoing, 0, bytes.length);
                if (result < 0 && result != Publication.CLOSED && result != Publication.MAX_POSITION_EXCEEDED)
                {
                    break;
                }
                session.replies.poll();
                if (next.bytes() == null && bytes[TYPE_OFFSET] == TYPE_COMMITTED)
                {
                    rowsCommitted.addAndGet(next.rows());
                }
                else if (next.bytes() == null)
                {
                    refused.incrementAndGet();
                }
                work++;
            }
        }
        return work;
    }

    /** COMMITTED or ERROR for a replicated batch whose outcome is known. */
    private byte[] replicatedAnswer(final Session session, final Reply done)
    {
        try
        {
            final long sequence = done.replicated().join();
            header(reply, 0, TYPE_COMMITTED, session.publisher, done.correlation());
            reply.putLong(COMMITTED_ROWS_OFFSET, done.rows());
            reply.putLong(COMMITTED_SEQUENCE_OFFSET, sequence);
            return copy(COMMITTED_LENGTH);
        }
        catch (final java.util.concurrent.CompletionException e)
        {
            final Throwable cause = e.getCause();
            return error(session.publisher, done.correlation(), cause instanceof MuonException m ? m.code() :
                ErrorCodes.LOGICAL_ERROR, cause instanceof MuonException ? cause.getMessage() : String.valueOf(cause));
        }
    }

    private CatalogObject stream(final String name)
    {
        final CatalogSnapshot snapshot = catalog.snapshot();
        final int dot = name.indexOf('.');
        CatalogObject object = null;
        if (dot > 0 && snapshot.hasDatabase(name.substring(0, dot)))
        {
            object = snapshot.find(name.substring(0, dot), name.substring(dot + 1));
        }
        if (object == null)
        {
            object = snapshot.find("default", name);
        }
        if (object == null)
        {
            throw new MuonException(ErrorCodes.UNKNOWN_TABLE, "Stream " + (dot > 0 ? name : "default." + name) +
                " does not exist");
        }
        if (object.kind() != ObjectKind.STREAM)
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Aeron ingest writes to streams; " +
                object.qualifiedName() + " is a " + object.kind().noun());
        }
        return object;
    }

    private RecordColumns columns(final CatalogObject stream)
    {
        final RecordColumns cached = columnsByStream.get(stream.id());
        if (cached != null && cached.types().equals(StreamStore.types(stream)))
        {
            return cached;
        }
        final RecordColumns columns = new RecordColumns(StreamStore.types(stream));
        columnsByStream.put(stream.id(), columns);
        return columns;
    }

    private static int timeColumn(final CatalogObject stream)
    {
        final List<ColumnEntry> columns = stream.columns();
        for (int c = 0; c < columns.size(); c++)
        {
            if (columns.get(c).name().equals("_tp_time") && columns.get(c).type().unwrapped().fixedWidth() == 8 &&
                !columns.get(c).type().isNullable())
            {
                return c;
            }
        }
        return -1;
    }

    private byte[] schema(final long publisher, final long correlation, final CatalogObject stream)
    {
        header(reply, 0, TYPE_SCHEMA, publisher, correlation);
        reply.putInt(SCHEMA_VERSION_OFFSET, stream.schemaVersion());
        reply.putInt(SCHEMA_COLUMNS_OFFSET, stream.columns().size());
        int at = SCHEMA_FIRST_COLUMN_OFFSET;
        for (final ColumnEntry column : stream.columns())
        {
            at = putString(reply, at, column.name());
            at = putString(reply, at, column.type().clickHouseName());
        }
        return copy(at);
    }

    private byte[] error(final long publisher, final long correlation, final int code, final String message)
    {
        header(reply, 0, TYPE_ERROR, publisher, correlation);
        reply.putInt(ERROR_CODE_OFFSET, code);
        return copy(putString(reply, ERROR_MESSAGE_OFFSET, message));
    }

    private byte[] copy(final int length)
    {
        final byte[] bytes = new byte[length];
        reply.getBytes(0, bytes);
        return bytes;
    }

    private ControlledFragmentHandler.Action drop(final String what)
    {
        final long count = malformed.incrementAndGet();
        if (count <= 10 || Long.bitCount(count) == 1)
        {
            LOG.log(System.Logger.Level.WARNING, "Aeron ingest dropped {0} ({1} malformed messages so far)", what,
                Long.toString(count));
        }
        return ControlledFragmentHandler.Action.CONTINUE;
    }
}
