package io.muon.sql.external;

import java.util.Map;

/**
 * How a query reads an external stream: {@code bounded} for {@code table(s)} (up to the end there is when the query
 * starts), otherwise for as long as the query runs; {@code settings} are the query's settings ({@code seek_to},
 * {@code shards} and the stream type's own).
 */
public record ExternalReadOptions(boolean bounded, Map<String, Object> settings)
{
    public ExternalReadOptions
    {
        settings = Map.copyOf(settings);
    }

    /** A setting as text, or null when the query does not set it. */
    public String text(final String name)
    {
        final Object value = settings.get(name);
        return value == null ? null : String.valueOf(value);
    }
}
