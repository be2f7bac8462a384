package io.muon.tools;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.muon.kernel.io.ResourceCounters;
import io.muon.kernel.memory.MemoryTag;
import io.muon.kernel.memory.NativeMemory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Executors;

/**
 * The Prometheus endpoint ({@code GET /metrics}, text format 0.0.4): native memory per tag, open files and
 * mappings. Served by the JDK's small HTTP server on one daemon thread; it only reads counters.
 */
final class MetricsEndpoint implements AutoCloseable
{
    private final HttpServer server;

    MetricsEndpoint(final InetSocketAddress address) throws IOException
    {
        server = HttpServer.create(address, 16);
        server.setExecutor(Executors.newSingleThreadExecutor(r ->
        {
            final Thread thread = new Thread(r, "muon-metrics");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/metrics", this::metrics);
        server.createContext("/", exchange -> respond(exchange, 404, "Not found. Try /metrics\n"));
        server.start();
    }

    InetSocketAddress address()
    {
        return server.getAddress();
    }

    static String render()
    {
        final StringBuilder text = new StringBuilder(1024);
        text.append("# HELP muon_native_memory_bytes Off-heap bytes allocated, by tag.\n");
        text.append("# TYPE muon_native_memory_bytes gauge\n");
        for (final MemoryTag tag : MemoryTag.all())
        {
            text.append("muon_native_memory_bytes{tag=\"").append(tag.name().toLowerCase(Locale.ROOT)).append("\"} ")
                .append(NativeMemory.liveBytes(tag)).append('\n');
        }
        text.append("# HELP muon_native_memory_allocations Live off-heap allocations, by tag.\n");
        text.append("# TYPE muon_native_memory_allocations gauge\n");
        for (final MemoryTag tag : MemoryTag.all())
        {
            text.append("muon_native_memory_allocations{tag=\"").append(tag.name().toLowerCase(Locale.ROOT))
                .append("\"} ").append(NativeMemory.liveAllocations(tag)).append('\n');
        }
        text.append("# HELP muon_open_files Files Muon holds open.\n# TYPE muon_open_files gauge\n");
        text.append("muon_open_files ").append(ResourceCounters.openFiles()).append('\n');
        text.append("# HELP muon_mapped_bytes Bytes of files Muon has mapped.\n# TYPE muon_mapped_bytes gauge\n");
        text.append("muon_mapped_bytes ").append(ResourceCounters.mappedBytes()).append('\n');
        text.append("# HELP muon_mappings Memory mappings Muon holds.\n# TYPE muon_mappings gauge\n");
        text.append("muon_mappings ").append(ResourceCounters.mappings()).append('\n');
        return text.toString();
    }

    private void metrics(final HttpExchange exchange) throws IOException
    {
        if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod()))
        {
            respond(exchange, 405, "Only GET\n");
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        respond(exchange, 200, render());
    }

    private static void respond(final HttpExchange exchange, final int status, final String body) throws IOException
    {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody())
        {
            out.write(bytes);
        }
    }

    @Override
    public void close()
    {
        server.stop(0);
        ((java.util.concurrent.ExecutorService)server.getExecutor()).shutdownNow();
    }
}
