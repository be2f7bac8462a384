package io.muon.kafka;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.ArrayVector;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.BytesVector;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.TupleVector;
import io.muon.kernel.vector.Vector;
import io.muon.sql.exec.Conversions;
import io.muon.sql.exec.StateInput;
import io.muon.sql.exec.StateOutput;
import io.muon.sql.external.ExternalReadOptions;
import io.muon.sql.external.ExternalReader;
import io.muon.sql.plan.LogicalPlan;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a Kafka topic for one query: a consumer of its own (assigned partitions, no consumer group, nothing
 * committed) on a thread of its own, which parses message values into batches of the query's columns (the declared
 * ones from the value; {@code _tp_time}, {@code _tp_message_key}, {@code _tp_message_headers}, {@code _tp_shard} and
 * {@code _tp_sn} from the message) and hands them over through a small bounded queue, each with the offset reached in
 * every partition after it. A streaming read runs until closed; a bounded one stops at the end offsets the topic had
 * when it started. A malformed message is skipped, counted and logged with its partition and offset, or fails the
 * read once more than {@code kafka_skip_broken_messages} were skipped.
 */
final class KafkaReader implements ExternalReader
{
    private static final System.Logger LOG = System.getLogger(KafkaReader.class.getName());
    /** Batches parsed ahead of the query at most: a query that does not take them slows the consumer. */
    private static final int QUEUED_BATCHES = 4;
    private static final int BATCH_ROWS = 8192;
    private static final Duration POLL = Duration.ofMillis(100);
    /** How long a bounded read waits for the brokers before it fails. */
    private static final long BOUNDED_CONNECT_MS = 15_000;

    private enum Source
    {
        BODY, TIME, KEY, HEADERS, SHARD, OFFSET
    }

    private final KafkaSettings settings;
    private final ExternalReadOptions options;
    private final MessageFormat format;
    private final List<LogicalPlan.Column> output;
    private final Source[] sources;
    private final int[] bodyIndex;
    private final long allowedSkips;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
    private final Thread thread;
    private volatile boolean closed;
    private volatile Runnable wakeup = () -> { };
    private volatile long skipped;
    /** Partitions read and the next offset of each after the last batch handed out; null until known. */
    private volatile Positions delivered;
    /** What a restored query reads on from (set before start). */
    private Positions restored;
    private boolean finished;

    /** The partitions read and, for each, the next offset to read. */
    private record Positions(int[] partitions, long[] next)
    {
        Positions copy()
        {
            return new Positions(partitions.clone(), next.clone());
        }
    }

    /** A parsed batch and the positions after it. */
    private record Item(Batch batch, Positions after)
    {
    }

    private static final Object END = new Object();

    KafkaReader(final KafkaSettings settings, final List<LogicalPlan.Column> output, final ExternalReadOptions options,
        final MessageFormat format)
    {
        this.settings = settings;
        this.options = options;
        this.format = format;
        this.output = output;
        this.sources = new Source[output.size()];
        this.bodyIndex = new int[output.size()];
        for (int i = 0; i < output.size(); i++)
        {
            final String name = output.get(i).name();
            bodyIndex[i] = -1;
            for (int b = 0; b < settings.bodyColumns().size(); b++)
            {
                if (settings.bodyColumns().get(b).name().equals(name))
                {
                    bodyIndex[i] = b;
                }
            }
            sources[i] = bodyIndex[i] >= 0 ? Source.BODY : switch (name)
            {
                case "_tp_time" -> Source.TIME;
                case KafkaSettings.MESSAGE_KEY -> Source.KEY;
                case KafkaSettings.MESSAGE_HEADERS -> Source.HEADERS;
                case "_tp_shard" -> Source.SHARD;
                case "_tp_sn" -> Source.OFFSET;
                default -> throw new MuonException(ErrorCodes.NOT_FOUND_COLUMN_IN_BLOCK, "Column " + name +
                    " is not in Kafka external stream " + settings.streamName());
            };
        }
        final String skips = options.text("kafka_skip_broken_messages");
        long allowed = Long.MAX_VALUE;
        if (skips != null && !skips.isBlank())
        {
            try
            {
                allowed = Long.parseLong(skips.trim());
            }
            catch (final NumberFormatException e)
            {
                throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "kafka_skip_broken_messages='" + skips +
                    "' is not a number of messages");
            }
        }
        this.allowedSkips = allowed;
        this.thread = new Thread(this::run, "muon-kafka-reader-" + settings.streamName());
        this.thread.setDaemon(true);
    }

    @Override
    public void start(final Runnable wakeup)
    {
        this.wakeup = wakeup;
        thread.start();
    }

    @Override
    public boolean positioned()
    {
        return delivered != null || restored != null;
    }

    @Override
    public Batch next(final long timeoutMs)
    {
        if (finished)
        {
            return null;
        }
        final Object item;
        try
        {
            item = timeoutMs <= 0 ? queue.poll() : queue.poll(timeoutMs, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new MuonException(ErrorCodes.QUERY_WAS_CANCELLED, "Query was cancelled");
        }
        if (item == null)
        {
            return null;
        }
        if (item == END)
        {
            finished = true;
            return null;
        }
        if (item instanceof MuonException failure)
        {
            finished = true;
            throw new MuonException(failure.code(), failure.getMessage(), failure);
        }
        final Item batch = (Item)item;
        delivered = batch.after();
        return batch.batch();
    }

    @Override
    public boolean finished()
    {
        return finished;
    }

    @Override
    public long skippedMessages()
    {
        return skipped;
    }

    @Override
    public void snapshot(final StateOutput out)
    {
        final Positions positions = delivered != null ? delivered : restored;
        if (positions == null)
        {
            throw new IllegalStateException("a snapshot before the reader knows its offsets");
        }
        out.writeInt(positions.partitions().length);
        for (int i = 0; i < positions.partitions().length; i++)
        {
            out.writeInt(positions.partitions()[i]);
            out.writeLong(positions.next()[i]);
        }
    }

    @Override
    public void restore(final StateInput in)
    {
        final int count = in.readCount(12);
        final int[] partitions = new int[count];
        final long[] next = new long[count];
        for (int i = 0; i < count; i++)
        {
            partitions[i] = in.readInt();
            next[i] = in.readLong();
            if (partitions[i] < 0 || next[i] < 0)
            {
                throw StateInput.corrupted("Kafka partition " + partitions[i] + " at offset " + next[i]);
            }
        }
        restored = new Positions(partitions, next);
    }

    @Override
    public void close()
    {
        closed = true;
        if (thread.isAlive())
        {
            thread.interrupt();
            try
            {
                thread.join(10_000);
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
        }
        queue.clear();
    }

    // ---- the reader's thread ----

    private void run()
    {
        final Map<String, Object> extra = new HashMap<>();
        extra.put("key.deserializer", ByteArrayDeserializer.class.getName());
        extra.put("value.deserializer", ByteArrayDeserializer.class.getName());
        extra.put("enable.auto.commit", "false");
        extra.put("auto.offset.reset", "earliest");
        extra.put("client.id", "muon-" + settings.streamName());
        extra.put("max.poll.records", "10000");
        extra.put("fetch.max.wait.ms", String.valueOf(number("kafka_fetch_wait_max_ms", 100)));
        extra.put("fetch.max.bytes", String.valueOf(number("kafka_fetch_max_bytes", 52_428_800)));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings.client(extra)))
        {
            final List<TopicPartition> partitions = partitions(consumer);
            if (partitions == null)
            {
                return;
            }
            consumer.assign(partitions);
            final Positions positions = startPositions(consumer, partitions);
            final long[] ends = options.bounded() ? endOffsets(consumer, partitions) : null;
            for (int i = 0; i < partitions.size(); i++)
            {
                consumer.seek(partitions.get(i), positions.next()[i]);
            }
            // the start is known: a checkpoint taken before the first message says where it was
            if (!hand(new Item(emptyOutput(), positions.copy())))
            {
                return;
            }
            consume(consumer, partitions, positions, ends);
        }
        catch (final WakeupException | InterruptException e)
        {
            // closed
        }
        catch (final MuonException e)
        {
            fail(e);
        }
        catch (final KafkaException | IllegalArgumentException | IllegalStateException e)
        {
            fail(new MuonException(ErrorCodes.NETWORK_ERROR, "Kafka external stream " + settings.streamName() +
                ": " + e.getMessage(), e));
        }
    }

    private long number(final String name, final long fallback)
    {
        final String text = options.text(name);
        try
        {
            return text == null ? fallback : Long.parseLong(text.trim());
        }
        catch (final NumberFormatException e)
        {
            return fallback;
        }
    }

    /** The topic's partitions the query reads (the {@code shards} setting picks some), waiting for the brokers. */
    private List<TopicPartition> partitions(final KafkaConsumer<byte[], byte[]> consumer)
    {
        final long deadline = System.currentTimeMillis() + BOUNDED_CONNECT_MS;
        List<PartitionInfo> infos = null;
        while (!closed)
        {
            try
            {
                infos = consumer.partitionsFor(settings.topic(), Duration.ofSeconds(2));
                break;
            }
            catch (final org.apache.kafka.common.errors.TimeoutException e)
            {
                if (options.bounded() && System.currentTimeMillis() > deadline)
                {
                    throw new MuonException(ErrorCodes.NETWORK_ERROR, "Kafka external stream " +
                        settings.streamName() + ": cannot reach the brokers " + settings.brokers() + " (" +
                        e.getMessage() + ")");
                }
                LOG.log(System.Logger.Level.WARNING, "Kafka external stream " + settings.streamName() +
                    ": waiting for the brokers " + settings.brokers() + ": " + e.getMessage());
            }
        }
        if (closed)
        {
            return null;
        }
        if (infos == null || infos.isEmpty())
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Kafka external stream " + settings.streamName() +
                ": topic '" + settings.topic() + "' does not exist on " + settings.brokers());
        }
        final List<Integer> ids = new ArrayList<>();
        for (final PartitionInfo info : infos)
        {
            ids.add(info.partition());
        }
        ids.sort(null);
        final String shards = options.text("shards");
        final List<TopicPartition> partitions = new ArrayList<>();
        if (shards == null || shards.isBlank())
        {
            ids.forEach(id -> partitions.add(new TopicPartition(settings.topic(), id)));
            return partitions;
        }
        for (final String shard : shards.split(","))
        {
            final int id;
            try
            {
                id = Integer.parseInt(shard.trim());
            }
            catch (final NumberFormatException e)
            {
                throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "shards='" + shards + "' is not a list of " +
                    "partition numbers like '0,2'");
            }
            if (!ids.contains(id))
            {
                throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "shards='" + shards + "': topic '" +
                    settings.topic() + "' has no partition " + id + " (it has " + ids.size() + ")");
            }
            partitions.add(new TopicPartition(settings.topic(), id));
        }
        return partitions;
    }

    /**
     * Where each partition is read from: a restored query's offsets (partitions it did not know start at their
     * beginning: they are new), else {@code seek_to}: 'latest' (the default of a streaming read), 'earliest' (the
     * default of a bounded one), offsets per partition in partition order ('5,3,11'), or a time.
     */
    private Positions startPositions(final KafkaConsumer<byte[], byte[]> consumer,
        final List<TopicPartition> partitions)
    {
        final int[] ids = new int[partitions.size()];
        for (int i = 0; i < ids.length; i++)
        {
            ids[i] = partitions.get(i).partition();
        }
        final long[] next = new long[ids.length];
        final Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions);
        if (restored != null)
        {
            for (int i = 0; i < ids.length; i++)
            {
                next[i] = beginnings.get(partitions.get(i));
                for (int r = 0; r < restored.partitions().length; r++)
                {
                    if (restored.partitions()[r] == ids[i])
                    {
                        next[i] = Math.max(restored.next()[r], beginnings.get(partitions.get(i)));
                    }
                }
            }
            return new Positions(ids, next);
        }
        final String seek = options.text("seek_to");
        final String lower = seek == null ? "" : seek.trim().toLowerCase(java.util.Locale.ROOT);
        if (lower.equals("earliest") || lower.isEmpty() && options.bounded())
        {
            for (int i = 0; i < ids.length; i++)
            {
                next[i] = beginnings.get(partitions.get(i));
            }
            return new Positions(ids, next);
        }
        final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        if (lower.isEmpty() || lower.equals("latest"))
        {
            for (int i = 0; i < ids.length; i++)
            {
                next[i] = ends.get(partitions.get(i));
            }
            return new Positions(ids, next);
        }
        if (lower.matches("\\d+(\\s*,\\s*\\d+)*"))
        {
            final String[] offsets = lower.split(",");
            for (int i = 0; i < ids.length; i++)
            {
                final TopicPartition partition = partitions.get(i);
                next[i] = i < offsets.length ? Math.min(Math.max(Long.parseLong(offsets[i].trim()),
                    beginnings.get(partition)), ends.get(partition)) : ends.get(partition);
            }
            return new Positions(ids, next);
        }
        final long millis = io.muon.sql.streaming.StreamingPlanner.seekTime(seek.trim());
        final Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(p -> times.put(p, millis));
        final Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(times);
        for (int i = 0; i < ids.length; i++)
        {
            final OffsetAndTimestamp at = found.get(partitions.get(i));
            next[i] = at != null ? at.offset() : ends.get(partitions.get(i));
        }
        return new Positions(ids, next);
    }

    private static long[] endOffsets(final KafkaConsumer<byte[], byte[]> consumer,
        final List<TopicPartition> partitions)
    {
        final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        final long[] end = new long[partitions.size()];
        for (int i = 0; i < end.length; i++)
        {
            end[i] = ends.get(partitions.get(i));
        }
        return end;
    }

    private void consume(final KafkaConsumer<byte[], byte[]> consumer, final List<TopicPartition> partitions,
        final Positions positions, final long[] ends)
    {
        final Map<Integer, Integer> index = new HashMap<>();
        for (int i = 0; i < partitions.size(); i++)
        {
            index.put(partitions.get(i).partition(), i);
        }
        final Rows rows = new Rows();
        while (!closed)
        {
            if (ends != null && reached(positions, ends))
            {
                if (rows.count() > 0 && !hand(rows.take(positions)))
                {
                    return;
                }
                hand(END);
                return;
            }
            final ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
            boolean moved = false;
            for (final ConsumerRecord<byte[], byte[]> record : records)
            {
                final int at = index.get(record.partition());
                if (ends != null && record.offset() >= ends[at])
                {
                    // past the end a bounded read stops at; the partition is done
                    positions.next()[at] = ends[at];
                    continue;
                }
                rows.add(record);
                positions.next()[at] = record.offset() + 1;
                moved = true;
                if (rows.count() >= BATCH_ROWS && !hand(rows.take(positions)))
                {
                    return;
                }
            }
            if (ends != null)
            {
                for (int i = 0; i < partitions.size(); i++)
                {
                    // an end offset may sit past the last message (a transaction marker): where the consumer is
                    if (positions.next()[i] < ends[i] && records.records(partitions.get(i)).isEmpty())
                    {
                        positions.next()[i] = Math.max(positions.next()[i], consumer.position(partitions.get(i)));
                    }
                }
            }
            if ((moved || rows.count() > 0) && !hand(rows.take(positions)))
            {
                return;
            }
        }
    }

    private static boolean reached(final Positions positions, final long[] ends)
    {
        for (int i = 0; i < ends.length; i++)
        {
            if (positions.next()[i] < ends[i])
            {
                return false;
            }
        }
        return true;
    }

    /** Queues an item for the query, waiting while the queue is full; false when the reader was closed. */
    private boolean hand(final Object item)
    {
        try
        {
            while (!closed)
            {
                if (queue.offer(item, 100, TimeUnit.MILLISECONDS))
                {
                    wakeup.run();
                    return true;
                }
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private void fail(final MuonException e)
    {
        if (!closed)
        {
            LOG.log(System.Logger.Level.WARNING, e.getMessage());
            queue.clear();
            queue.offer(e);
            wakeup.run();
        }
    }

    private Batch emptyOutput()
    {
        final Vector[] columns = new Vector[output.size()];
        for (int i = 0; i < columns.length; i++)
        {
            columns[i] = Vector.create(output.get(i).type(), 0);
        }
        return new Batch(columns, 0);
    }

    /** The rows parsed since the last batch handed out, with the message fields each came with. */
    private final class Rows
    {
        private Batch body;
        private LongVector times;
        private BytesVector keys;
        private ArrayVector headers;
        private LongVector shards;
        private LongVector offsets;

        int count()
        {
            return body == null ? 0 : body.rows();
        }

        void add(final ConsumerRecord<byte[], byte[]> record)
        {
            if (body == null)
            {
                body = format.newBatch(BATCH_ROWS);
                times = (LongVector)Vector.create(DataType.TP_TIME, BATCH_ROWS);
                keys = (BytesVector)Vector.create(DataType.STRING, BATCH_ROWS);
                headers = (ArrayVector)Vector.create(DataType.map(DataType.STRING, DataType.STRING), BATCH_ROWS);
                shards = (LongVector)Vector.create(DataType.INT32, BATCH_ROWS);
                offsets = (LongVector)Vector.create(DataType.INT64, BATCH_ROWS);
            }
            final int added;
            try
            {
                added = format.read(record.value(), body);
            }
            catch (final MuonException | IndexOutOfBoundsException | IllegalArgumentException e)
            {
                if (e instanceof MuonException m && m.code() == ErrorCodes.NETWORK_ERROR)
                {
                    // a schema registry that cannot be reached is no fault of the message: the read fails
                    throw m;
                }
                skipped++;
                final String problem = "Malformed message in topic '" + settings.topic() + "' partition " +
                    record.partition() + " offset " + record.offset() + " of Kafka external stream " +
                    settings.streamName() + ": " + e.getMessage();
                if (skipped > allowedSkips)
                {
                    throw new MuonException(ErrorCodes.INCORRECT_DATA, problem + " (more than " + allowedSkips +
                        " malformed messages; kafka_skip_broken_messages allows that many)");
                }
                LOG.log(System.Logger.Level.WARNING, problem + "; skipped");
                return;
            }
            final byte[] key = record.key();
            for (int r = 0; r < added; r++)
            {
                times.append(record.timestamp());
                keys.append(key == null ? EMPTY : key);
                final TupleVector pairs = (TupleVector)headers.elements();
                for (final Header header : record.headers())
                {
                    ((BytesVector)pairs.field(0)).append(header.key());
                    ((BytesVector)pairs.field(1)).append(header.value() == null ? EMPTY : header.value());
                    pairs.endRow();
                }
                headers.endRow();
                shards.append(record.partition());
                offsets.append(record.offset());
            }
        }

        /** The rows so far as a batch of the query's columns (empty when none), after which {@code positions}. */
        Item take(final Positions positions)
        {
            if (body == null)
            {
                return new Item(emptyOutput(), positions.copy());
            }
            final int count = body.rows();
            final Vector[] columns = new Vector[output.size()];
            for (int i = 0; i < columns.length; i++)
            {
                final Vector vector = switch (sources[i])
                {
                    case BODY -> body.column(bodyIndex[i]);
                    case TIME -> times;
                    case KEY -> keys;
                    case HEADERS -> headers;
                    case SHARD -> shards;
                    case OFFSET -> offsets;
                };
                final DataType type = output.get(i).type();
                columns[i] = vector.type().equals(type) ? vector :
                    Conversions.convert(vector, count, type, Conversions.Mode.CAST);
            }
            body = null;
            return new Item(new Batch(columns, count), positions.copy());
        }
    }

    private static final byte[] EMPTY = new byte[0];
}
