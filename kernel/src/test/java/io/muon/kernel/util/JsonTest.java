package io.muon.kernel.util;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class JsonTest
{
    @Test
    void roundTripsEveryKindOfValue()
    {
        final Map<String, Object> value = new LinkedHashMap<>();
        value.put("s", "quote \" backslash \\ newline \n tab \t control \u0001 unicode é");
        value.put("n", -42L);
        value.put("d", 2.5);
        value.put("t", true);
        value.put("null", null);
        value.put("list", Arrays.asList(1L, "two", null, List.of(), Map.of()));
        value.put("nested", Map.of("k", List.of(Map.of("x", 1L))));
        assertEquals(value, Json.parse(Json.write(value)));
        assertEquals("a/b", Json.parse("\"a\\/b\""));
        assertEquals("\u00e9", Json.parse("\"\\u00e9\""));
    }

    @Test
    void malformedInputFailsWithAnOffset()
    {
        for (final String bad : new String[] {"", "{", "{\"a\"}", "{\"a\":1,}", "[1 2]", "\"open", "tru", "{\"a\":1,\"a\":2}",
            "01x", "[1]]", "\"\\q\"", "\"\\u12\"", "-", "{a:1}"})
        {
            final IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
            assertTrue(error.getMessage().startsWith("malformed JSON at offset "), error.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[".repeat(100) + "]".repeat(100)));
    }

    @Test
    void mutatedDocumentsParseOrFailCleanly()
    {
        final String seed = Json.write(Map.of("a", List.of(1L, 2.5, "x\"y"), "b", Map.of("c", true)));
        final Random random = new Random(7);
        for (int i = 0; i < 20_000; i++)
        {
            final StringBuilder text = new StringBuilder(seed);
            for (int m = 0; m < 1 + random.nextInt(3); m++)
            {
                final int at = random.nextInt(text.length());
                final String alphabet = "{}[]\",:\\0123456789.eE-+ truefalsn";
                text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
            }
            try
            {
                Json.parse(text.toString());
            }
            catch (final IllegalArgumentException expected)
            {
                assertTrue(expected.getMessage().startsWith("malformed JSON"));
            }
        }
    }
}
