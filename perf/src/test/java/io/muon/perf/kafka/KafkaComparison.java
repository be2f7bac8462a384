package io.muon.perf.kafka;

import io.muon.kafka.KafkaBroker;
import io.muon.perf.streaming.EmbeddedEngine;
import io.muon.sql.engine.Session;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Messages per second Muon reads from and writes to a local Kafka broker through external streams, for RawBLOB and
 * JSONEachRow messages of about 64 bytes, next to the Kafka client's own producer and consumer on the same broker in
 * the same run (what a console producer and consumer do, without printing). Muon's reads are {@code SELECT count()
 * FROM table(s)} (every message parsed into columns); its writes are {@code INSERT … SELECT} from {@code numbers}.
 */
public final class KafkaComparison
{
    private KafkaComparison()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int messages = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        final Path brokerDir = Files.createTempDirectory("muon-kafka-perf");
        try (KafkaBroker broker = KafkaBroker.start(brokerDir);
             EmbeddedEngine muon = new EmbeddedEngine("muon-kafka-perf-engine"))
        {
            final Session session = new Session(false);
            final List<String[]> rows = new ArrayList<>();
            for (final String format : List.of("RawBLOB", "JSONEachRow"))
            {
                final boolean raw = format.equals("RawBLOB");
                final String columns = raw ? "raw string" : "id int64, name string, value float64, tag string";
                final String select = raw ?
                    "SELECT concat('message number ', to_string(number), ' with padding to 64 bytes .......') " +
                        "FROM numbers(" + messages + ")" :
                    "SELECT number, concat('name-', to_string(number % 1000)), number / 7, 'tag-x' FROM numbers(" +
                        messages + ")";
                final String clientTopic = format.toLowerCase(Locale.ROOT) + "_client";
                final String muonTopic = format.toLowerCase(Locale.ROOT) + "_muon";
                broker.createTopic(clientTopic, 1);
                broker.createTopic(muonTopic, 1);
                for (final String topic : List.of(clientTopic, muonTopic))
                {
                    muon.engine.execute("CREATE EXTERNAL STREAM " + topic + " (" + columns + ") SETTINGS " +
                        "type='kafka', brokers='" + broker.brokers() + "', topic='" + topic + "', data_format='" +
                        format + "', one_message_per_row=true", session);
                }
                // the client's messages are the very bytes Muon writes for the same rows
                final List<byte[]> values = new ArrayList<>(messages);
                muon.engine.execute("INSERT INTO " + muonTopic + " " + select, session);
                try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(broker)))
                {
                    read(consumer, muonTopic, messages, values);
                }
                final long produceStart = System.nanoTime();
                try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties(broker)))
                {
                    for (final byte[] value : values)
                    {
                        producer.send(new ProducerRecord<>(clientTopic, value));
                    }
                    producer.flush();
                }
                final double clientWrite = messages / seconds(produceStart);
                final long insertStart = System.nanoTime();
                muon.engine.execute("INSERT INTO " + muonTopic + " " + select, session);
                final double muonWrite = messages / seconds(insertStart);
                final long consumeStart = System.nanoTime();
                try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(broker)))
                {
                    read(consumer, clientTopic, messages, null);
                }
                final double clientRead = messages / seconds(consumeStart);
                final long selectStart = System.nanoTime();
                final String counted = muon.engine.execute("SELECT count() FROM table(" + clientTopic + ")",
                    session).toTsv().trim();
                final double muonRead = messages / seconds(selectStart);
                if (!counted.equals(String.valueOf(messages)))
                {
                    throw new IllegalStateException("Muon counted " + counted + " messages, not " + messages);
                }
                rows.add(new String[] {format, "write", rate(muonWrite), rate(clientWrite),
                    String.format(Locale.ROOT, "%.2f", muonWrite / clientWrite)});
                rows.add(new String[] {format, "read", rate(muonRead), rate(clientRead),
                    String.format(Locale.ROOT, "%.2f", muonRead / clientRead)});
            }
            System.out.printf(Locale.ROOT, "%nKafka external streams, %,d messages of about 64 bytes, one local " +
                "broker (KRaft), %d cores%n", messages, Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "| %-11s | %-5s | %15s | %15s | %11s |%n", "format", "way", "Muon msg/s",
                "client msg/s", "Muon/client");
            System.out.println("|-------------|-------|-----------------|-----------------|-------------|");
            for (final String[] row : rows)
            {
                System.out.printf(Locale.ROOT, "| %-11s | %-5s | %15s | %15s | %11s |%n", (Object[])row);
            }
        }
    }

    private static void read(final KafkaConsumer<byte[], byte[]> consumer, final String topic, final int messages,
        final List<byte[]> into)
    {
        final TopicPartition partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        int read = 0;
        while (read < messages)
        {
            for (final var record : consumer.poll(Duration.ofMillis(500)))
            {
                read++;
                if (into != null)
                {
                    into.add(record.value());
                }
            }
        }
    }

    private static Properties producerProperties(final KafkaBroker broker)
    {
        final Properties properties = broker.clientProperties();
        // as Muon's writer sends
        properties.put("acks", "all");
        properties.put("linger.ms", "5");
        return properties;
    }

    private static Properties consumerProperties(final KafkaBroker broker)
    {
        final Properties properties = broker.clientProperties();
        properties.put("enable.auto.commit", "false");
        properties.put("max.poll.records", "10000");
        return properties;
    }

    private static double seconds(final long startNanos)
    {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static String rate(final double perSecond)
    {
        return String.format(Locale.ROOT, "%,.0f", perSecond);
    }
}
