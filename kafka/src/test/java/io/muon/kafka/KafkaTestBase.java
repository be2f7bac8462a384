package io.muon.kafka;

import io.muon.sql.testing.SqlTestBase;
import io.muon.sql.testing.StreamingTail;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;


/** Tests of Kafka external streams against one real broker per test class: producing, consuming, waiting. */
abstract class KafkaTestBase extends SqlTestBase
{
    @TempDir
    static Path brokerDir;
    static KafkaBroker broker;
    private static final AtomicInteger TOPICS = new AtomicInteger();

    @BeforeAll
    static void startBroker() throws Exception
    {
        broker = KafkaBroker.start(brokerDir);
    }

    @AfterAll
    static void stopBroker() throws Exception
    {
        broker.close();
    }

    /** A new topic with {@code partitions} partitions. */
    static String topic(final int partitions) throws Exception
    {
        final String name = "t" + TOPICS.incrementAndGet();
        broker.createTopic(name, partitions);
        return name;
    }

    /** Produces {@code values} to partition {@code partition} of {@code topic} with the Kafka client. */
    static void produce(final String topic, final int partition, final String key, final String... values)
        throws Exception
    {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(broker.clientProperties()))
        {
            for (final String value : values)
            {
                producer.send(new ProducerRecord<>(topic, partition, key == null ? null :
                    key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8))).get();
            }
        }
    }

    /** Every message of {@code topic} from the beginning, read with the Kafka client, in partition then offset order. */
    static List<ConsumerRecord<byte[], byte[]>> consume(final String topic, final int expected)
    {
        final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(broker.clientProperties()))
        {
            final List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (records.size() < expected && System.nanoTime() < deadline)
            {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // anything more than expected would come now
            consumer.poll(Duration.ofMillis(300)).forEach(records::add);
        }
        records.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition()) :
            Long.compare(a.offset(), b.offset()));
        return records;
    }

    static String text(final byte[] bytes)
    {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    static void waitFor(final BooleanSupplier condition, final String what)
    {
        StreamingTail.waitFor(condition, what);
    }

    /** A running streaming query whose rows a reader thread collects as TSV lines. */
    final class Tail extends StreamingTail
    {
        Tail(final String sql)
        {
            super(engine, new io.muon.sql.engine.Session(true), sql);
        }
    }
}
