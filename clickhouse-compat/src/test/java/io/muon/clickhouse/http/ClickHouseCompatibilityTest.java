package io.muon.clickhouse.http;

import io.muon.clickhouse.testing.HttpFixture;
import io.muon.kernel.compress.CompressedBlock;
import io.muon.kernel.compress.CompressedBlockDescriptor;
import io.muon.kernel.testing.LeakCheck;
import io.muon.sql.testing.ClickHouseServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Muon's HTTP interface side by side with a real ClickHouse (Debian's 18.16 server, started for the class): output
 * formats must be byte for byte what ClickHouse writes, data ClickHouse writes in each input format must read back
 * into the same rows, and {@code compress=1} answers must be framed as ClickHouse frames them (same blocks, valid
 * CityHash128 checksums) and be readable by ClickHouse itself.
 */
@ExtendWith(LeakCheck.class)
class ClickHouseCompatibilityTest
{
    private static ClickHouseServer clickhouse;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    /** Types both systems name and compute alike; no time zones in type names (18.16 drops them). */
    private static final String ROWS = "SELECT number AS n, toInt32(number) - 2 AS i, toString(number) AS s, " +
        "concat('a\\tb\\\\c''d\"e/é€😀\\n', toString(number)) AS e, number / 3 AS f, [number, number + 1] AS a, " +
        "toDate('2020-01-01') + number AS d, toDateTime('2020-01-01 10:20:30') + number AS t, " +
        "if(number % 2 = 0, NULL, number % 2 + 7 * (number % 2)) AS nn, ['x', 'y''z'] AS sa, (number, 'q') AS tu, 1 / (number - 1) AS inf " +
        "FROM numbers(4)";
    private static final String NO_NULLS = "SELECT number AS n, concat('a\\tb\\\\c', toString(number)) AS e, " +
        "[toString(number)] AS a FROM numbers(3)";

    private static final String TABLE_COLUMNS = "id UInt64, i Int32, s String, f Float64, a Array(Int32), d Date, " +
        "t DateTime, n Nullable(String), e Enum8('a' = 1, 'b' = 2), dec Decimal(10, 2), fs FixedString(3), " +
        "u UUID, sa Array(String)";
    private static final String TABLE_ROWS = "(1, -5, 'plain', 1.5, [1, 2], '2020-01-01', '2020-01-01 10:00:00', " +
        "NULL, 'a', 12.34, 'abc', '01234567-89ab-cdef-0123-456789abcdef', ['x', 'y''z']), " +
        "(2, 2147483647, 'tab\\there\\nnewline \\\\ back ''quote'' \"dq\" é€😀', -0.125, [], '2100-02-07', " +
        "'2030-12-31 23:59:59', 'text', 'b', -0.5, 'xy', '00000000-0000-0000-0000-000000000000', []), " +
        "(3, 0, '', 1e300, [-2147483648], '1970-01-02', '1970-01-01 00:00:01', '', 'a', 0, '', " +
        "'ffffffff-ffff-ffff-ffff-ffffffffffff', [''])";

    @TempDir
    Path dir;

    @BeforeAll
    static void startClickHouse() throws Exception
    {
        clickhouse = ClickHouseServer.start();
    }

    @AfterAll
    static void stopClickHouse()
    {
        if (clickhouse != null)
        {
            clickhouse.close();
        }
    }

    private static byte[] clickhouse(final String query, final byte[] body) throws Exception
    {
        final HttpResponse<byte[]> response = HttpFixture.post(CLIENT, clickhouse.uri(), query, body);
        assertEquals(200, response.statusCode(), () -> "ClickHouse: " + new String(response.body(),
            StandardCharsets.UTF_8));
        return response.body();
    }

    private static byte[] clickhouse(final String sql) throws Exception
    {
        return clickhouse("", sql.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] muon(final HttpFixture muon, final String query, final byte[] body) throws Exception
    {
        final HttpResponse<byte[]> response = muon.post(query, body);
        assertEquals(200, response.statusCode(), () -> "Muon: " + new String(response.body(), StandardCharsets.UTF_8));
        return response.body();
    }

    private static byte[] muon(final HttpFixture muon, final String sql) throws Exception
    {
        return muon(muon, "", sql.getBytes(StandardCharsets.UTF_8));
    }

    /** What may differ between the two: timings, read counters, 18.16's terminal colours and NULL spelling in Raw. */
    private static String comparable(final String format, final byte[] body)
    {
        String text = new String(body, StandardCharsets.UTF_8).replace("\u001b[1m", "").replace("\u001b[0m", "");
        if (format.startsWith("JSON") && text.contains("\"statistics\""))
        {
            text = text.substring(0, text.indexOf("\t\"rows\":")).replaceAll("\t\"rows_before_limit_at_least\": \\d+," +
                "\n\n", "");
        }
        return text;
    }

    /** Asserts that both servers answer {@code query} in {@code format} alike: binary formats byte for byte. */
    private static void sameOutput(final HttpFixture muon, final String query, final String format) throws Exception
    {
        final String formatted = query + " FORMAT " + format;
        final byte[] expected = clickhouse(formatted);
        final byte[] actual = muon(muon, formatted);
        if (format.equals("RowBinary") || format.equals("Native"))
        {
            assertArrayEquals(expected, actual, format);
        }
        else
        {
            assertEquals(comparable(format, expected), comparable(format, actual), format);
        }
    }

    @Test
    void outputFormatsAreWhatClickHouseWrites() throws Exception
    {
        try (HttpFixture muon = new HttpFixture(dir))
        {
            for (final String format : List.of("TabSeparated", "TabSeparatedWithNames", "TabSeparatedWithNamesAndTypes",
                "CSV", "CSVWithNames", "JSON", "JSONCompact", "JSONEachRow", "Values", "Pretty", "PrettyCompact",
                "PrettySpace", "RowBinary", "Native", "TSV"))
            {
                sameOutput(muon, ROWS, format);
            }
            final String raw = NO_NULLS + " FORMAT TabSeparatedRaw";
            assertEquals(new String(clickhouse(raw), StandardCharsets.UTF_8),
                new String(muon(muon, raw), StandardCharsets.UTF_8));
            final String json = new String(muon(muon, ROWS + " FORMAT JSON"), StandardCharsets.UTF_8);
            assertTrue(json.contains("\t\"rows\": 4,\n\n\t\"statistics\":\n\t{\n\t\t\"elapsed\": ") &&
                json.contains("\t\t\"rows_read\": 4,\n\t\t\"bytes_read\": 32\n\t}\n}\n"), json);
        }
    }

    @Test
    void totalsAreWrittenWhereClickHouseWritesThem() throws Exception
    {
        try (HttpFixture muon = new HttpFixture(dir))
        {
            final String totals = "SELECT number % 3 AS k, count() AS c, sum(number) AS s, toString(k) AS t FROM " +
                "numbers(10) GROUP BY k WITH TOTALS ORDER BY k";
            for (final String format : List.of("TabSeparated", "TabSeparatedWithNamesAndTypes", "CSV", "JSON",
                "JSONCompact", "JSONEachRow", "Pretty", "PrettyCompact", "PrettySpace", "RowBinary", "Native"))
            {
                sameOutput(muon, totals, format);
            }
            // HAVING leaves groups out of the totals too, and the totals do not care about LIMIT
            final String having = "SELECT number % 4 AS k, count() AS c FROM numbers(11) GROUP BY k WITH TOTALS " +
                "HAVING c > 2 ORDER BY k LIMIT 1 FORMAT JSONCompact";
            assertEquals(comparable("JSONCompact", clickhouse(having)), comparable("JSONCompact", muon(muon, having)));
        }
    }

    @Test
    void rowsBeforeLimitAreCountedAsClickHouseCountsThem() throws Exception
    {
        clickhouse("DROP TABLE IF EXISTS limited");
        clickhouse("CREATE TABLE limited (id UInt64) ENGINE = MergeTree ORDER BY id");
        clickhouse("INSERT INTO limited SELECT number FROM numbers(1000)");
        try (HttpFixture muon = new HttpFixture(dir))
        {
            muon.sql("CREATE STREAM limited (id uint64)");
            muon.sql("INSERT INTO limited (id) SELECT number FROM numbers(1000)");
            // where the count does not depend on block sizes: what reaches an ORDER BY, all groups, LIMIT 0, no LIMIT
            for (final String query : List.of("SELECT id FROM limited ORDER BY id DESC LIMIT 5",
                "SELECT id FROM limited WHERE id % 3 = 0 ORDER BY id LIMIT 2, 3",
                "SELECT id % 10 AS k, count() AS c FROM limited GROUP BY k ORDER BY k LIMIT 3",
                "SELECT id FROM limited ORDER BY id LIMIT 1 BY id % 3 LIMIT 2",
                "SELECT id FROM limited LIMIT 0",
                "SELECT count() FROM limited",
                "SELECT id FROM limited WHERE id > 990 ORDER BY id"))
            {
                final String theirs = afterRows(clickhouse(query + " FORMAT JSON"));
                final String ours = afterRows(muon(muon, query.replace("FROM limited", "FROM table(limited)") +
                    " FORMAT JSON"));
                assertEquals(theirs, ours, query);
            }
        }
    }

    /** The JSON answer's rows and, when a LIMIT applied, rows_before_limit_at_least: the lines before statistics. */
    private static String afterRows(final byte[] json)
    {
        final String text = new String(json, StandardCharsets.UTF_8);
        return text.substring(text.indexOf("\t\"rows\":"), text.indexOf("\t\"statistics\":"));
    }

    @Test
    void inputFormatsReadWhatClickHouseWrites() throws Exception
    {
        clickhouse("DROP TABLE IF EXISTS source");
        clickhouse("CREATE TABLE source (" + TABLE_COLUMNS + ") ENGINE = Memory");
        clickhouse("INSERT INTO source VALUES " + TABLE_ROWS);
        final String expected = new String(clickhouse("SELECT * FROM source ORDER BY id FORMAT TSV"),
            StandardCharsets.UTF_8);
        try (HttpFixture muon = new HttpFixture(dir))
        {
            for (final String format : List.of("TabSeparated", "TabSeparatedWithNames",
                "TabSeparatedWithNamesAndTypes", "CSV", "CSVWithNames", "JSONEachRow", "RowBinary", "Native", "Values"))
            {
                muon.sql("CREATE STREAM target (" + TABLE_COLUMNS + ")");
                final byte[] data = clickhouse("SELECT * FROM source ORDER BY id FORMAT " + format);
                muon(muon, "query=" + encode("INSERT INTO target (id, i, s, f, a, d, t, n, e, dec, fs, u, sa) FORMAT " +
                    format), data);
                assertEquals(expected, muon.sql("SELECT id, i, s, f, a, d, t, n, e, dec, fs, u, sa FROM table(target) " +
                    "ORDER BY id FORMAT TSV"), format);
                muon.sql("DROP STREAM target");
            }
        }
    }

    @Test
    void lowCardinalityBlocksAreWhatClickHouseWrites() throws Exception
    {
        // 18.16 knows LowCardinality behind a setting; its Native blocks carry the dictionary serialization
        final String lowCardinality = "allow_experimental_low_cardinality_type=1";
        final String strings = "SELECT number AS n, CAST(if(number = 4, '', toString(number % 3)) AS " +
            "LowCardinality(String)) AS l FROM numbers(7) FORMAT Native";
        try (HttpFixture muon = new HttpFixture(dir))
        {
            assertArrayEquals(clickhouse(lowCardinality, strings.getBytes(StandardCharsets.UTF_8)), muon(muon, strings));
            // and ClickHouse's blocks, Nullable dictionaries (NULL at 0, the default at 1) included, read back
            final String both = "SELECT number AS n, CAST(if(number = 4, '', toString(number % 3)) AS " +
                "LowCardinality(String)) AS l, CAST(if(number % 4 = 3, NULL, if(number = 5, '', toString(number % 2))) " +
                "AS LowCardinality(Nullable(String))) AS ln FROM numbers(7)";
            final byte[] blocks = clickhouse(lowCardinality, (both + " FORMAT Native").getBytes(StandardCharsets.UTF_8));
            muon.sql("CREATE STREAM lc (n uint64, l string, ln nullable(string))");
            muon(muon, "query=" + encode("INSERT INTO lc (n, l, ln) FORMAT Native"), blocks);
            assertEquals(new String(clickhouse(lowCardinality, (both + " FORMAT TSV").getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8), muon.sql("SELECT n, l, ln FROM table(lc) ORDER BY n FORMAT TSV"));
        }
    }

    private static String encode(final String text)
    {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** The frames of a {@code compress=1} body: method byte and uncompressed size of each. */
    private static List<String> frames(final byte[] body, final ByteArrayOutputStream payload)
    {
        final List<String> frames = new ArrayList<>();
        int at = 0;
        while (at < body.length)
        {
            final int compressed = java.nio.ByteBuffer.wrap(body, at + CompressedBlockDescriptor.COMPRESSED_SIZE_OFFSET, 4)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
            final int uncompressed = java.nio.ByteBuffer.wrap(body, at +
                CompressedBlockDescriptor.UNCOMPRESSED_SIZE_OFFSET, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
            frames.add(Integer.toHexString(body[at + CompressedBlockDescriptor.METHOD_OFFSET] & 0xFF) + "/" + uncompressed);
            // decompressing checks the frame's CityHash128
            payload.writeBytes(CompressedBlock.decompress(body, at, compressed + CompressedBlockDescriptor.CHECKSUM_LENGTH));
            at += compressed + CompressedBlockDescriptor.CHECKSUM_LENGTH;
        }
        return frames;
    }

    @Test
    void compressedAnswersAreFramedAsClickHouseFramesThem() throws Exception
    {
        try (HttpFixture muon = new HttpFixture(dir))
        {
            // ClickHouse 18.16 answers compress=1 only once its 1 MiB buffer fills, so the answer is made larger
            final byte[] query = "SELECT number, toString(number * 7) FROM numbers(300000)".getBytes(StandardCharsets.UTF_8);
            final ByteArrayOutputStream theirs = new ByteArrayOutputStream();
            final ByteArrayOutputStream ours = new ByteArrayOutputStream();
            final List<String> theirFrames = frames(clickhouse("compress=1", query), theirs);
            final byte[] compressed = muon(muon, "compress=1", query);
            assertEquals(theirFrames, frames(compressed, ours));
            assertTrue(theirFrames.size() > 2, theirFrames.toString());
            assertArrayEquals(theirs.toByteArray(), ours.toByteArray());

            // ClickHouse itself reads our frames back
            clickhouse("DROP TABLE IF EXISTS framed");
            clickhouse("CREATE TABLE framed (n UInt64, s String) ENGINE = Memory");
            clickhouse("decompress=1&query=" + encode("INSERT INTO framed FORMAT TSV"), compressed);
            assertEquals("300000\t44999850000\n", new String(clickhouse("SELECT count(), sum(n) FROM framed"),
                StandardCharsets.UTF_8));

            // and we read ClickHouse's frames as an INSERT body
            muon.sql("CREATE STREAM framed (n uint64, s string)");
            muon(muon, "decompress=1&query=" + encode("INSERT INTO framed FORMAT TSV"),
                clickhouse("compress=1", query));
            assertEquals("300000\t44999850000\n", muon.sql("SELECT count(), sum(n) FROM table(framed)"));
        }
    }
}
