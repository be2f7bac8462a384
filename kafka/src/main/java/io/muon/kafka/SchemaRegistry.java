package io.muon.kafka;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.util.Json;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

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
        return new Schema(id, member(answer(get("/schemas/ids/" + id)), "schema"));
    }

    /** The latest schema of {@code subject} (such as {@code <topic>-value}). */
    Schema latest(final String subject)
    {
        final Map<?, ?> answer = answer(get("/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8) +
            "/versions/latest"));
        if (!(answer.get("id") instanceof Long id))
        {
            throw new MuonException(ErrorCodes.INCORRECT_DATA, "The schema registry answered without an id: " +
                answer);
        }
        return new Schema(id.intValue(), member(answer, "schema"));
    }

    /** The JSON object of an answer. */
    private static Map<?, ?> answer(final String body)
    {
        try
        {
            if (Json.parse(body) instanceof Map<?, ?> object)
            {
                return object;
            }
        }
        catch (final IllegalArgumentException e)
        {
            throw new MuonException(ErrorCodes.INCORRECT_DATA, "The schema registry's answer is not JSON (" +
                e.getMessage() + "): " + body);
        }
        throw new MuonException(ErrorCodes.INCORRECT_DATA, "The schema registry's answer is not a JSON object: " + body);
    }

    private static String member(final Map<?, ?> answer, final String name)
    {
        if (answer.get(name) instanceof String value)
        {
            return value;
        }
        throw new MuonException(ErrorCodes.INCORRECT_DATA, "The schema registry's answer has no string " + name +
            ": " + answer);
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
}
