package io.muon.replication.ingest;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.Header;
import io.muon.kernel.MuonException;
import io.muon.kernel.ErrorCodes;
import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeParser;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.IdleStrategy;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.muon.replication.ingest.IngestDescriptor.*;

/**
 * A client that sends rows to a Muon server's Aeron ingest endpoint ({@link IngestDescriptor}): {@link #describe}
 * a stream once, fill a {@link RowBatch} row by row, {@link #offer} it (or {@link #send} it, which waits out
 * back-pressure), and {@link #poll} for answers: each batch is either committed (its rows are in the stream's log and
 * acknowledged) or rejected with a ClickHouse error code, and the {@link Listener} hears which. Offers report
 * back-pressure instead of blocking: from Aeron (the server reads slower than you send) and from this client (more
 * than {@code maxInFlight} batches not answered yet). Not thread-safe: one thread sends and polls.
 */
public final class MuonPublisher implements AutoCloseable
{
    /** {@link #offer} could not send now; poll and try again. */
    public static final long BACK_PRESSURED = -2;
    /** {@link #offer} found no server listening on the ingest channel. */
    public static final long NOT_CONNECTED = -1;
    /** {@link #offer} found the publisher closed. */
    public static final long CLOSED = -4;

    private static final int FRAGMENT_LIMIT = 64;

    /** Hears the fate of each batch offered. */
    public interface Listener
    {
        void onCommitted(long correlation, long rows, long sequence);

        void onRejected(long correlation, int code, String message);
    }

    /** A stream as the server described it: the columns a batch must hold, in order. */
    public record StreamSchema(String stream, int version, List<String> names, List<DataType> types)
    {
        /** Index of column {@code name}. */
        public int column(final String name)
        {
            final int index = names.indexOf(name);
            if (index < 0)
            {
                throw new MuonException(ErrorCodes.NO_SUCH_COLUMN_IN_TABLE, "There is no column " + name +
                    " in stream " + stream);
            }
            return index;
        }
    }

    private final ExclusivePublication publication;
    private final Subscription responses;
    private final long publisherId;
    private final Duration timeout;
    private final IdleStrategy idle;
    private final int maxInFlight;
    private final FragmentAssembler assembler = new FragmentAssembler(this::onResponse);
    private final ExpandableDirectByteBuffer message = new ExpandableDirectByteBuffer(64 * 1024);
    private final Long2LongHashMap inFlight = new Long2LongHashMap(-1);
    /** When each batch in flight was sent (System.nanoTime()). */
    private final Long2LongHashMap sentAt = new Long2LongHashMap(-1);
    private long lastExpiryNs = System.nanoTime();
    /** Batches reported as of unknown outcome: a late answer for one is not reported again. */
    private final org.agrona.collections.LongHashSet expired = new org.agrona.collections.LongHashSet();
    private final Long2ObjectHashMap<Object> answers = new Long2ObjectHashMap<>();
    private Listener listener;
    private long nextCorrelation = 1;
    private boolean welcomed;
    private long describing;
    private long committedRows;
    private long committedBatches;
    private long rejectedBatches;
    private boolean closed;

    private MuonPublisher(final ExclusivePublication publication, final Subscription responses,
        final Duration timeout, final IdleStrategy idle, final int maxInFlight)
    {
        this.publication = publication;
        this.responses = responses;
        this.timeout = timeout;
        this.idle = idle;
        this.maxInFlight = maxInFlight;
        long id = 0;
        final SecureRandom random = new SecureRandom();
        while (id == 0)
        {
            id = random.nextLong();
        }
        this.publisherId = id;
    }

    /**
     * Connects to the ingest endpoint on {@code channel}/{@code streamId} and says HELLO, naming where answers go:
     * {@code responseChannel} ({@code aeron:ipc}, or {@code aeron:udp?endpoint=host:0} to let the system pick a
     * port) on {@code responseStreamId}. Waits up to {@code timeout} for the server's WELCOME.
     *
     * @param maxInFlight batches sent and not answered yet beyond which {@link #offer} reports back-pressure.
     */
    public static MuonPublisher connect(final Aeron aeron, final String channel, final int streamId,
        final String responseChannel, final int responseStreamId, final Duration timeout, final int maxInFlight)
    {
        final Subscription responses = aeron.addSubscription(responseChannel, responseStreamId);
        ExclusivePublication publication = null;
        try
        {
            publication = aeron.addExclusivePublication(channel, streamId);
            final MuonPublisher publisher = new MuonPublisher(publication, responses, timeout,
                io.muon.replication.AeronMedia.idle(), maxInFlight);
            publisher.hello(responseChannel, responseStreamId);
            return publisher;
        }
        catch (final RuntimeException e)
        {
            CloseHelper.quietCloseAll(publication, responses);
            throw e;
        }
    }

    private void hello(final String responseChannel, final int responseStreamId)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        String resolved = responseChannel;
        if (responseChannel.startsWith("aeron:udp"))
        {
            while ((resolved = responses.tryResolveChannelEndpointPort()) == null)
            {
                waitUntil(deadline, "the response channel " + responseChannel + " to bind");
            }
        }
        header(message, 0, TYPE_HELLO, publisherId, 0);
        message.putInt(HELLO_STREAM_ID_OFFSET, responseStreamId);
        final int length = putString(message, HELLO_CHANNEL_OFFSET, resolved);
        long lastHello = 0;
        while (!welcomed)
        {
            // HELLO again every second until answered: the server may not have seen the first one
            if (System.nanoTime() - lastHello > 1_000_000_000L && publication.offer(message, 0, length) > 0)
            {
                lastHello = System.nanoTime();
            }
            if (responses.poll(assembler, FRAGMENT_LIMIT) == 0)
            {
                waitUntil(deadline, "a WELCOME from the ingest endpoint on " + publication.channel() + " stream " +
                    publication.streamId());
            }
        }
    }

    /** The id this publisher put in every message it sends. */
    public long publisherId()
    {
        return publisherId;
    }

    /** Sets who hears of committed and rejected batches. */
    public MuonPublisher listener(final Listener listener)
    {
        this.listener = listener;
        return this;
    }

    /** Asks the server for a stream's columns ({@code name} or {@code db.name}); waits up to the timeout. */
    public StreamSchema describe(final String stream)
    {
        final long correlation = nextCorrelation++;
        describing = correlation;
        header(message, 0, TYPE_DESCRIBE, publisherId, correlation);
        final int length = putString(message, DESCRIBE_STREAM_OFFSET, stream);
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (publication.offer(message, 0, length) < 0)
        {
            poll();
            waitUntil(deadline, "the ingest endpoint to take a DESCRIBE");
        }
        Object answer;
        while ((answer = answers.remove(correlation)) == null)
        {
            if (poll() == 0)
            {
                waitUntil(deadline, "the description of stream " + stream);
            }
        }
        if (answer instanceof MuonException e)
        {
            throw e;
        }
        final SchemaAnswer schema = (SchemaAnswer)answer;
        return new StreamSchema(stream, schema.version(), schema.names(), schema.types());
    }

    /** An empty batch for rows of {@code schema}. */
    public RowBatch batch(final StreamSchema schema)
    {
        return new RowBatch(schema);
    }

    /**
     * Sends the rows of {@code batch} as one message and clears it.
     *
     * @return the batch's correlation number (positive; {@link Listener} names it), or {@link #BACK_PRESSURED},
     *         {@link #NOT_CONNECTED} or {@link #CLOSED}, in which case the batch is kept as it was.
     * @throws IllegalStateException if the batch is larger than one Aeron message may be ({@link #maxBatchBytes}).
     */
    public long offer(final RowBatch batch)
    {
        if (closed)
        {
            return CLOSED;
        }
        if (inFlight.size() >= maxInFlight)
        {
            poll();
            if (inFlight.size() >= maxInFlight)
            {
                return BACK_PRESSURED;
            }
        }
        final long correlation = nextCorrelation;
        header(message, 0, TYPE_ROWS, publisherId, correlation);
        message.putInt(ROWS_SCHEMA_VERSION_OFFSET, batch.schema().version());
        message.putInt(ROWS_COUNT_OFFSET, batch.rows());
        final int nameEnd = putString(message, ROWS_STREAM_OFFSET, batch.schema().stream());
        final int body = rowsBodyOffset(nameEnd - ROWS_STREAM_OFFSET - 4);
        message.setMemory(nameEnd, body - nameEnd, (byte)0);
        final int length = body + batch.encode(message, body);
        if (length > publication.maxMessageLength())
        {
            throw new IllegalStateException("a batch of " + length + " bytes is larger than an Aeron message on " +
                publication.channel() + " may be (" + publication.maxMessageLength() + "); send smaller batches");
        }
        final long result = publication.offer(message, 0, length);
        if (result < 0)
        {
            return result == Publication.NOT_CONNECTED ? NOT_CONNECTED :
                result == Publication.CLOSED ? CLOSED : BACK_PRESSURED;
        }
        nextCorrelation++;
        inFlight.put(correlation, batch.rows());
        sentAt.put(correlation, System.nanoTime());
        batch.clear();
        return correlation;
    }

    /** {@link #offer}, waiting out back-pressure (polling for answers meanwhile) up to the timeout. */
    public long send(final RowBatch batch)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true)
        {
            final long result = offer(batch);
            if (result > 0)
            {
                idle.reset();
                return result;
            }
            if (result == CLOSED)
            {
                throw new IllegalStateException("the publisher is closed");
            }
            if (poll() == 0)
            {
                waitUntil(deadline, "the ingest endpoint to take a batch (" + (result == NOT_CONNECTED ?
                    "no server is listening on " + publication.channel() : "back-pressured") + ")");
            }
        }
    }

    /**
     * Reads the server's answers that have arrived; returns how many messages were read. A batch left unanswered for
     * longer than the timeout (the server restarted, or lost this publisher) is reported rejected with Code 159: it
     * may or may not have been committed.
     */
    public int poll()
    {
        final int read = responses.poll(assembler, FRAGMENT_LIMIT);
        final long now = System.nanoTime();
        if (now - lastExpiryNs > 100_000_000L && !inFlight.isEmpty())
        {
            lastExpiryNs = now;
            final List<Long> overdue = new ArrayList<>();
            sentAt.forEach((correlation, sent) ->
            {
                if (now - sent > timeout.toNanos())
                {
                    overdue.add(correlation);
                }
            });
            for (final long correlation : overdue)
            {
                inFlight.remove(correlation);
                sentAt.remove(correlation);
                expired.add(correlation);
                rejectedBatches++;
                if (listener != null)
                {
                    listener.onRejected(correlation, ErrorCodes.TIMEOUT_EXCEEDED, "No answer within " +
                        timeout.toMillis() + " ms: the batch may or may not have been committed");
                }
            }
        }
        return read;
    }

    /** Waits until every batch sent was answered, up to the timeout; returns whether none is left unanswered. */
    public boolean awaitAnswers()
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!inFlight.isEmpty())
        {
            if (System.nanoTime() > deadline)
            {
                return false;
            }
            if (poll() == 0)
            {
                idle.idle();
            }
        }
        idle.reset();
        return true;
    }

    /** Largest message the ingest channel carries: a batch's rows plus about 40 bytes of header must fit. */
    public int maxBatchBytes()
    {
        return publication.maxMessageLength();
    }

    public long committedRows()
    {
        return committedRows;
    }

    public long committedBatches()
    {
        return committedBatches;
    }

    public long rejectedBatches()
    {
        return rejectedBatches;
    }

    /** Batches sent and not answered yet. */
    public int inFlight()
    {
        return inFlight.size();
    }

    @Override
    public void close()
    {
        closed = true;
        CloseHelper.quietCloseAll(publication, responses);
    }

    private void onResponse(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (length < HEADER_LENGTH || version(buffer, offset) != VERSION || publisher(buffer, offset) != publisherId)
        {
            return;
        }
        final long correlation = correlation(buffer, offset);
        final int end = offset + length;
        switch (type(buffer, offset))
        {
            case TYPE_WELCOME -> welcomed = true;
            case TYPE_SCHEMA -> answers.put(correlation, schema(buffer, offset, end));
            case TYPE_COMMITTED ->
            {
                sentAt.remove(correlation);
                expired.remove(correlation);
                if (inFlight.remove(correlation) >= 0)
                {
                    final long rows = buffer.getLong(offset + COMMITTED_ROWS_OFFSET);
                    committedRows += rows;
                    committedBatches++;
                    if (listener != null)
                    {
                        listener.onCommitted(correlation, rows, buffer.getLong(offset + COMMITTED_SEQUENCE_OFFSET));
                    }
                }
            }
            case TYPE_ERROR ->
            {
                final int code = buffer.getInt(offset + ERROR_CODE_OFFSET);
                final int textLength = stringLength(buffer, offset + ERROR_MESSAGE_OFFSET, end);
                final String text = textLength < 0 ? "(unreadable message)" :
                    getString(buffer, offset + ERROR_MESSAGE_OFFSET, textLength);
                if (correlation == describing)
                {
                    answers.put(correlation, new MuonException(code, text));
                }
                else if (!expired.remove(correlation))
                {
                    inFlight.remove(correlation);
                    sentAt.remove(correlation);
                    rejectedBatches++;
                    if (listener != null)
                    {
                        listener.onRejected(correlation, code, text);
                    }
                }
            }
            default ->
            {
                // an answer type this client does not know: ignored
            }
        }
    }

    private static Object schema(final DirectBuffer buffer, final int offset, final int end)
    {
        final int version = buffer.getInt(offset + SCHEMA_VERSION_OFFSET);
        final int count = buffer.getInt(offset + SCHEMA_COLUMNS_OFFSET);
        final List<String> names = new ArrayList<>();
        final List<DataType> types = new ArrayList<>();
        int at = offset + SCHEMA_FIRST_COLUMN_OFFSET;
        for (int c = 0; c < count; c++)
        {
            final int nameLength = stringLength(buffer, at, end);
            if (nameLength < 0)
            {
                return new MuonException(ErrorCodes.INCORRECT_DATA, "The server's SCHEMA answer is cut short");
            }
            names.add(getString(buffer, at, nameLength));
            at += 4 + nameLength;
            final int typeLength = stringLength(buffer, at, end);
            if (typeLength < 0)
            {
                return new MuonException(ErrorCodes.INCORRECT_DATA, "The server's SCHEMA answer is cut short");
            }
            types.add(TypeParser.parse(getString(buffer, at, typeLength)));
            at += 4 + typeLength;
        }
        return new SchemaAnswer(version, names, types);
    }

    /** A SCHEMA answer before it is tied to the stream name asked for. */
    private record SchemaAnswer(int version, List<String> names, List<DataType> types)
    {
    }

    private void waitUntil(final long deadline, final String what)
    {
        if (System.nanoTime() > deadline)
        {
            throw new MuonException(ErrorCodes.TIMEOUT_EXCEEDED, "Timed out after " + timeout.toMillis() +
                " ms waiting for " + what);
        }
        idle.idle();
    }
}
