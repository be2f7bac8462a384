package io.muon.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** Drives the generated launcher script, tools/target/muon, as a user would. */
class MuonLauncherIT
{
    private static final Path LAUNCHER = Paths.get("target", "muon").toAbsolutePath();
    private static final Pattern METRICS = Pattern.compile("metrics listening on (http://127\\.0\\.0\\.1:\\d+/metrics)");

    @TempDir
    Path dir;

    private static Process start(final Path workDir, final String... args) throws Exception
    {
        final List<String> command = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
    }

    private static String finish(final Process process) throws Exception
    {
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return output;
    }

    @Test
    void helpAndBadOptions() throws Exception
    {
        assertTrue(Files.exists(LAUNCHER), "the build generates " + LAUNCHER);
        Process process = start(dir, "--help");
        String output = finish(process);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("muon server [--data DIR] [--config FILE]"), output);

        process = start(dir, "server", "--metrics_port", "abc");
        output = finish(process);
        assertEquals(2, process.exitValue(), output);
        assertEquals("muon: metrics_port (option --metrics_port) must be a port number 0-65535, got 'abc'\n", output);
    }

    @Test
    void serverStartsWithEmbeddedDefaultsLogsWhereAndStopsOnSigterm() throws Exception
    {
        final Process server = start(dir, "server", "--metrics_port", "0", "--http_port", "0", "--streaming_http_port", "0", "--tcp_port", "0", "--streaming_tcp_port", "0");
        final List<String> lines = new ArrayList<>();
        String metricsUrl = null;
        try
        {
            final BufferedReader reader = new BufferedReader(new InputStreamReader(server.getInputStream(),
                StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null)
            {
                lines.add(line);
                final Matcher matcher = METRICS.matcher(line);
                if (matcher.find())
                {
                    metricsUrl = matcher.group(1);
                }
                if (line.contains("ready"))
                {
                    break;
                }
            }
            assertNotNull(metricsUrl, String.join("\n", lines));
            final String expectedData = dir.resolve("muon-data").toRealPath().toString();
            assertTrue(lines.stream().anyMatch(l -> l.contains("data directory " + expectedData)), String.join("\n", lines));
            assertTrue(Files.isDirectory(dir.resolve("muon-data").resolve("streams")));

            final HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(metricsUrl)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertTrue(response.body().contains("muon_native_memory_bytes"));

            final Process second = start(dir, "server", "--metrics_port", "0", "--http_port", "0", "--streaming_http_port", "0", "--tcp_port", "0", "--streaming_tcp_port", "0");
            final String secondOutput = finish(second);
            assertEquals(2, second.exitValue(), secondOutput);
            assertTrue(secondOutput.contains("is in use by another Muon server"), secondOutput);

            // SIGTERM through kill(1): Process.destroy() would also close our end of the output pipe
            assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(server.pid())).start().waitFor());
            final StringBuilder rest = new StringBuilder();
            while ((line = reader.readLine()) != null)
            {
                rest.append(line).append('\n');
            }
            assertTrue(server.waitFor(30, TimeUnit.SECONDS), "server stops on SIGTERM");
            assertTrue(rest.toString().contains("stopping"), rest.toString());
        }
        finally
        {
            server.destroyForcibly();
        }
    }
}
