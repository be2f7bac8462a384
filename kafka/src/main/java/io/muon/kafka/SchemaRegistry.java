package io.muon.kafka;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * A client of a Confluent-style schema registry ({@code kafka_schema_registry_url}, with
 * {@code kafka_schema_registry_credentials} as {@code key:secret} for Basic auth): the schema of an id, and the latest
 * schema of a subject. Answers are small JSON objects; only their {@code id} and {@code schema} members are read.
 */
final class SchemaRegistry
{
    /** A registered schema: its id and its text. */
    record Schema(int id, String text)
    {
    }

    private final String url;
    private final String authorization;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    SchemaRegistry(final String url, final String credentials)
    {
        final String trimmed = url.trim();
        if (!trimmed.startsWith("http://") && !trimmed.startsWith("https://"))
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "kafka_schema_registry_url='" + url + "' must start " +
                "with http:// or https://");
        }
        this.url = trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
        this.authorization = credentials == null || credentials.isBlank() ? null : "Basic " +
            Base64.getEncoder().encodeToString(credentials.trim().getBytes(StandardCharsets.UTF_8));
    }

    /** The schema registered under {@code id}. */
    Schema byId(final int id)
    {
        return new Schema(id, member(get("/schemas/ids/" + id), "schema"));
    }

    /** The latest schema of {@code subject} (such as {@code <topic>-value}). */
    Schema latest(final String subject)
    {
        final String body = get("/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8) +
            "/versions/latest");
        try
        {
            return new Schema(Integer.parseInt(number(body, "id")), member(body, "schema"));
        }
        catch (final NumberFormatException e)
        {
            throw new MuonException(ErrorCodes.INCORRECT_DATA, "The schema registry answered without an id: " +
                body);
        }
    }

    private String get(final String path)
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
            .timeout(Duration.ofSeconds(10)).header("Accept", "application/vnd.schemaregistry.v1+json");
        if (authorization != null)
        {
            request.header("Authorization", authorization);
        }
        try
        {
            final HttpResponse<String> response = client.send(request.build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200)
            {
                throw new MuonException(ErrorCodes.INCORRECT_DATA, "The schema registry " + url + " answered " +
                    response.statusCode() + " to " + path + ": " + response.body());
            }
            return response.body();
        }
        catch (final IOException e)
        {
            throw new MuonException(ErrorCodes.NETWORK_ERROR, "Cannot reach the schema registry " + url + ": " + e);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new MuonException(ErrorCodes.QUERY_WAS_CANCELLED, "Query was cancelled");
        }
    }

    /** The string member {@code name} of a JSON object's text. */
    static String member(final String json, final String name)
    {
        final int at = start(json, name);
        if (at >= json.length() || json.charAt(at) != '"')
        {
            throw new MuonException(ErrorCodes.INCORRECT_DATA, "The schema registry's answer has no string " +
                name + ": " + json);
        }
        final StringBuilder out = new StringBuilder();
        for (int i = at + 1; i < json.length(); i++)
        {
            final char c = json.charAt(i);
            if (c == '"')
            {
                return out.toString();
            }
            if (c != '\\')
            {
                out.append(c);
                continue;
            }
            final char escaped = json.charAt(++i);
            switch (escaped)
            {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' ->
                {
                    out.append((char)Integer.parseInt(json.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append(escaped);
            }
        }
        throw new MuonException(ErrorCodes.INCORRECT_DATA, "The schema registry's answer ends inside " + name);
    }

    private static String number(final String json, final String name)
    {
        final int at = start(json, name);
        int end = at;
        while (end < json.length() && (Character.isDigit(json.charAt(end)) || json.charAt(end) == '-'))
        {
            end++;
        }
        return json.substring(at, end);
    }

    /** Where the value of member {@code name} starts. */
    private static int start(final String json, final String name)
    {
        final int key = json.indexOf("\"" + name + "\"");
        if (key < 0)
        {
            throw new MuonException(ErrorCodes.INCORRECT_DATA, "The schema registry's answer has no " + name + ": " +
                json);
        }
        int at = json.indexOf(':', key + name.length() + 2) + 1;
        while (at < json.length() && Character.isWhitespace(json.charAt(at)))
        {
            at++;
        }
        return at;
    }
}
