package io.muon.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one process) in a JVM of its own on loopback,
 * from the test class path: its log directory is formatted with Kafka's StorageTool first. It can be stopped and
 * started again on the same port and data (a broker that goes away and comes back). Test support, shared with perf.
 */
public final class KafkaBroker implements AutoCloseable
{
    private final Path dir;
    private final int port;
    private final Path config;
    private Process process;

    private KafkaBroker(final Path dir) throws IOException
    {
        this.dir = dir;
        this.port = freePort();
        final int controllerPort = freePort();
        this.config = dir.resolve("server.properties");
        Files.writeString(config, String.join("\n",
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
            "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
            "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
            "controller.listener.names=CONTROLLER",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "inter.broker.listener.name=PLAINTEXT",
            "log.dirs=" + dir.resolve("data"),
            "num.partitions=1",
            "offsets.topic.replication.factor=1",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "share.coordinator.state.topic.replication.factor=1",
            "share.coordinator.state.topic.min.isr=1",
            "group.initial.rebalance.delay.ms=0",
            "auto.create.topics.enable=false",
            ""), StandardCharsets.UTF_8);
    }

    /** Formats a log directory under {@code dir} and starts a broker on it; returns once it answers. */
    public static KafkaBroker start(final Path dir) throws IOException, InterruptedException
    {
        final KafkaBroker broker = new KafkaBroker(dir);
        final Process format = broker.java("kafka.tools.StorageTool", "format", "-t",
            Uuid.randomUuid().toString(), "-c", broker.config.toString()).redirectErrorStream(true)
            .redirectOutput(dir.resolve("format.log").toFile()).start();
        if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0)
        {
            throw new IOException("formatting the Kafka log directory failed: " +
                Files.readString(dir.resolve("format.log")));
        }
        broker.startProcess();
        return broker;
    }

    private ProcessBuilder java(final String main, final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main);
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    /** Starts the broker process (again) and waits until it answers. */
    public void startProcess() throws IOException, InterruptedException
    {
        process = java("kafka.Kafka", config.toString()).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile())).start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true)
        {
            if (!process.isAlive())
            {
                throw new IOException("the Kafka broker exited: " + Files.readString(dir.resolve("broker.log")));
            }
            try (Admin admin = admin())
            {
                admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                return;
            }
            catch (final java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e)
            {
                if (System.nanoTime() > deadline)
                {
                    throw new IOException("the Kafka broker did not answer: " + e);
                }
            }
        }
    }

    /** Kills the broker process at once (as a crash would), keeping its data. */
    public void kill() throws InterruptedException
    {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** host:port of the broker's listener. */
    public String brokers()
    {
        return "127.0.0.1:" + port;
    }

    public Admin admin()
    {
        return Admin.create(Map.of("bootstrap.servers", brokers(), "request.timeout.ms", 5000,
            "default.api.timeout.ms", 10000));
    }

    /** Creates topic {@code name} with {@code partitions} partitions and waits until it is there. */
    public void createTopic(final String name, final int partitions) throws Exception
    {
        try (Admin admin = admin())
        {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short)1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Client properties to reach the broker, for tests' own producers and consumers. */
    public java.util.Properties clientProperties()
    {
        final java.util.Properties properties = new java.util.Properties();
        properties.put("bootstrap.servers", brokers());
        properties.put("key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        properties.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        properties.put("key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        properties.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        return properties;
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException
    {
        if (process != null && process.isAlive())
        {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS))
            {
                kill();
            }
        }
    }
}
