package io.muon.tools;

import io.muon.kernel.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real clients of ClickHouse's native TCP protocol against the assembled server: Debian's clickhouse-client 18.16
 * (protocol revision 54412; it parses every statement itself, so DDL is ClickHouse's CREATE TABLE) and the Java
 * native driver (housepower clickhouse-native-jdbc 2.7.1, revision 54380). Queries, DDL, INSERT … VALUES, a million
 * rows from stdin in TSV, CSV and JSONEachRow, every type read back, errors with their codes, extremes, progress,
 * and both compression settings.
 */
@ExtendWith(LeakCheck.class)
class NativeClientTest
{
    @TempDir
    Path dir;

    private MuonServer server;

    @BeforeEach
    void startServer() throws Exception
    {
        server = new MuonServer(Muon.parseServerOptions(new String[] {"--data", dir.resolve("data").toString(),
            "--metrics_port", "0", "--http_port", "0", "--streaming_http_port", "0", "--tcp_port", "0",
            "--streaming_tcp_port", "0"})).start();
    }

    @AfterEach
    void stopServer()
    {
        if (server != null)
        {
            server.close();
        }
    }

    private record Result(int exit, String out, String err)
    {
    }

    /** Runs clickhouse-client against the batch native port, with {@code stdin} as its input (or none). */
    private Result client(final Path stdin, final String... arguments) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of("clickhouse-client", "--host", "127.0.0.1", "--port",
            String.valueOf(server.tcpAddress().getPort())));
        command.addAll(List.of(arguments));
        final ProcessBuilder builder = new ProcessBuilder(command);
        builder.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new java.io.File("/dev/null")) :
            ProcessBuilder.Redirect.from(stdin.toFile()));
        final Path out = Files.createTempFile(dir, "out", ".txt");
        final Path err = Files.createTempFile(dir, "err", ".txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        final Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES))
        {
            process.destroyForcibly();
            throw new AssertionError("clickhouse-client did not finish: " + command);
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private String query(final String sql, final String... options) throws IOException, InterruptedException
    {
        final List<String> arguments = new ArrayList<>(List.of(options));
        arguments.add("--query");
        arguments.add(sql);
        final Result result = client(null, arguments.toArray(String[]::new));
        assertEquals(0, result.exit(), sql + " failed: " + result.err());
        return result.out();
    }

    @Test
    void clickHouseClientQueriesDdlInsertsAndErrors() throws Exception
    {
        assertEquals("1\n", query("SELECT 1"));
        query("CREATE TABLE ty (i8 Int8, u64 UInt64, i128 Int128, f32 Float32, f64 Float64, dec Decimal(18, 4), " +
            "s String, fs FixedString(4), d Date, d32 Date32, dt DateTime('UTC'), dt64 DateTime64(3, 'UTC'), b Bool, " +
            "u UUID, ip4 IPv4, ip6 IPv6, e Enum8('x' = 1, 'y' = 2), n Nullable(String), a Array(Nullable(Int32)), " +
            "m Map(String, UInt64), t Tuple(UInt8, String), lc LowCardinality(String), i16 Int16, i32 Int32, i64 Int64, " +
            "u8 UInt8, u16 UInt16, u32 UInt32, e16 Enum16('big' = 1000, 'neg' = -1000), lcn LowCardinality(Nullable(String))) " +
            "ENGINE = MergeTree ORDER BY u64");
        // 18.16 parses the values itself, into the types it is sent: Int128 and DateTime64 as String, Date32 as
        // Int32, Bool as UInt8, IPv4 as UInt32, IPv6 as FixedString(16), Map as Array(Tuple)
        query("INSERT INTO ty VALUES (-128, 18446744073709551615, '-170141183460469231731687303715884105728', 1.5, " +
            "-2.25, 12345678901234.5678, 'tab\\there', 'abcd', '2024-02-29', 100, '2024-01-01 12:34:56', " +
            "'2024-01-01 12:34:56.789', 1, '61f0c404-5cb3-11e7-907b-a6006ad3dba0', 3232235777, " +
            "'\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\xFF\\xFF\\x01\\x02\\x03\\x04', 'y', NULL, [1, NULL, -3], [('k', 7)], " +
            "(255, 'ü'), 'low', -32768, -2147483648, -9223372036854775808, 255, 65535, 4294967295, 'neg', NULL), " +
            "(0, 0, '0', 0, 0, 0, '', '', '1970-01-01', 0, '1970-01-01 00:00:00', " +
            "'1970-01-01 00:00:00.000', 0, '00000000-0000-0000-0000-000000000000', 0, " +
            "'\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0', 'x', '', [], [], (0, ''), '', 32767, " +
            "2147483647, 9223372036854775807, 0, 0, 0, 'big', 'lc')");
        final String columns = "i8, u64, i128, f32, f64, dec, s, fs, d, d32, dt, dt64, b, u, ip4, " +
            "ip6 = toIPv6('::ffff:1.2.3.4'), e, n, a, m, t, lc, i16, i32, i64, u8, u16, u32, e16, lcn";
        assertEquals("-128\t18446744073709551615\t-170141183460469231731687303715884105728\t1.5\t-2.25\t" +
            "12345678901234.5678\ttab\\there\tabcd\t2024-02-29\t100\t2024-01-01 12:34:56\t2024-01-01 12:34:56.789\t1\t" +
            "61f0c404-5cb3-11e7-907b-a6006ad3dba0\t3232235777\t1\ty\t\\N\t[1,NULL,-3]\t[('k',7)]\t(255,'ü')\tlow\t" +
            "-32768\t-2147483648\t-9223372036854775808\t255\t65535\t4294967295\tneg\t\\N\n" +
            // 18.16 prints the zero Date and DateTime as it always did
            "0\t0\t0\t0\t0\t0.0000\t\t\\0\\0\\0\\0\t0000-00-00\t0\t0000-00-00 00:00:00\t1970-01-01 00:00:00.000\t0\t" +
            "00000000-0000-0000-0000-000000000000\t0\t0\tx\t\t[]\t[]\t(0,'')\t\t32767\t2147483647\t" +
            "9223372036854775807\t0\t0\t0\tbig\tlc\n",
            query("SELECT " + columns + " FROM table(ty) ORDER BY u64 DESC"));
        // Muon's own text of the relabelled types proves the values arrived as sent
        assertEquals("2024-01-01 12:34:56.789\ttrue\t1970-04-11\t192.168.1.1\t{\\'k\\':7}\n",
            query("SELECT toString(dt64), toString(b), toString(d32), toString(ip4), toString(m) FROM table(ty) " +
                "WHERE u64 > 0"));
        // uncompressed, and with extremes
        assertEquals("-128\n0\n", query("SELECT i8 FROM table(ty) ORDER BY i8", "--compression", "0"));
        assertEquals("0\n1\n2\n\n0\n2\n", query("SELECT number FROM numbers(3)", "--extremes", "1"));
        assertEquals("3\n", query("SELECT count() FROM numbers(3)", "--progress"));
        // a Totals packet before the Extremes: the client prints each after an empty line
        assertEquals("0\t3\tx0\n1\t2\tx1\n\n0\t5\tx0\n\n0\t2\tx0\n1\t3\tx1\n", query("SELECT number % 2 AS k, " +
            "count(), concat('x', toString(k)) FROM numbers(5) GROUP BY k WITH TOTALS ORDER BY k", "--extremes", "1"));
        // a failing query: its code and message on stderr, a non-zero exit
        final Result error = client(null, "--query", "SELECT nosuch FROM table(ty)");
        assertNotEquals(0, error.exit());
        assertTrue(error.err().contains("Code: 47.") && error.err().contains("Unknown expression identifier " +
            "'nosuch'"), error.err());
    }

    @Test
    void externalTablesTravelWithTheirQuery() throws Exception
    {
        query("CREATE TABLE st (id UInt32, v String) ENGINE = MergeTree ORDER BY id");
        query("INSERT INTO st VALUES (1, 'x'), (3, 'y'), (5, 'z')");
        final Path pairs = dir.resolve("pairs.tsv");
        Files.writeString(pairs, "1\ta\n2\tb\n3\tc\n");
        final Path ids = dir.resolve("ids.tsv");
        Files.writeString(ids, "5\n1\n");
        final String[] external = {"--external", "--file=" + pairs, "--name=pairs", "--structure=id UInt32, s String",
            "--external", "--file=" + ids, "--name=ids", "--structure=id UInt32"};
        assertEquals("3\t6\t['a','b','c']\n", query("SELECT count(), sum(id), groupArray(s) FROM pairs", external));
        assertEquals("x\ta\ny\tc\n", query("SELECT v, s FROM table(st) AS t INNER JOIN pairs ON t.id = pairs.id " +
            "ORDER BY v", external));
        assertEquals("x\nz\n", query("SELECT v FROM table(st) WHERE id IN ids ORDER BY v", external));
        assertEquals("y\n", query("SELECT v FROM table(st) WHERE id NOT IN (SELECT id FROM ids) ORDER BY v", external));
        // they live for their query only
        final Result gone = client(null, "--query", "SELECT * FROM pairs");
        assertTrue(gone.exit() != 0 && gone.err().contains("Code: 60."), gone.err());
    }

    @Test
    void aMillionRowsFromStdinInTsvCsvAndJsonEachRow() throws Exception
    {
        query("CREATE TABLE big (id UInt64, v Float64, s String, k UInt32) ENGINE = MergeTree ORDER BY id");
        final int rows = 1_000_000;
        final String[] formats = {"TSV", "CSV", "JSONEachRow"};
        for (int f = 0; f < formats.length; f++)
        {
            final Path data = dir.resolve("big." + formats[f]);
            try (BufferedWriter out = Files.newBufferedWriter(data, StandardCharsets.UTF_8))
            {
                for (int i = 0; i < rows; i++)
                {
                    final long id = (long)f * rows + i;
                    switch (formats[f])
                    {
                        case "TSV" -> out.write(id + "\t" + (i * 0.5) + "\ts" + (i % 1000) + "\t" + (i % 100) + "\n");
                        case "CSV" -> out.write(id + "," + (i * 0.5) + ",\"s" + (i % 1000) + "\"," + (i % 100) + "\n");
                        default -> out.write("{\"id\":" + id + ",\"v\":" + (i * 0.5) + ",\"s\":\"s" + (i % 1000) +
                            "\",\"k\":" + (i % 100) + "}\n");
                    }
                }
            }
            final Result insert = client(data, "--query", "INSERT INTO big FORMAT " + formats[f]);
            assertEquals(0, insert.exit(), insert.err());
        }
        final long n = 3L * rows;
        assertEquals(n + "\t" + (n * (n - 1) / 2) + "\t1000\t" + (3 * (rows / 100) * 4950L) + "\n",
            query("SELECT count(), sum(id), uniqExact(s), sum(k) FROM table(big)"));
        assertEquals("1500000\t499999\ts998\n", query("SELECT count(), max(v), max(s) FROM table(big) WHERE id % 2 = 0"));
    }

    /**
     * clickhouse-driver 0.2.5 (Debian's python3-clickhouse-driver), a client of protocol revision 54453: every P0 type
     * written by the driver's own block encoder and read back equal, a million rows sent as columns, Progress while a
     * query runs, ProfileInfo, totals, errors and a streaming query on the streaming port. The script checks each
     * step and prints its name.
     */
    @Test
    void pythonNativeDriverOfRevision54453() throws Exception
    {
        final Path script = Path.of(NativeClientTest.class.getResource("native_driver_check.py").toURI());
        final String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        final Path out = dir.resolve("python.out");
        final Path err = dir.resolve("python.err");
        final Process process = new ProcessBuilder(python, script.toString(), "127.0.0.1",
            String.valueOf(server.tcpAddress().getPort()), String.valueOf(server.streamingTcpAddress().getPort()))
            .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(5, TimeUnit.MINUTES))
        {
            process.destroyForcibly();
            throw new AssertionError("the Python driver did not finish: " + Files.readString(out));
        }
        assertEquals(0, process.exitValue(), () -> "the Python driver failed (./run-tests installs Debian's " +
            "python3-clickhouse-driver):\n" + readQuietly(out) + readQuietly(err));
        assertEquals(List.of("revisions 54453 " + io.muon.clickhouse.tcp.NativeProtocol.SERVER_REVISION, "types ok",
            "values ok", "million ok", "progress ok", "progress result ok", "rows before limit ok", "totals ok",
            "error 47 ok", "error 60 ok", "error 62 ok", "after errors ok", "external table ok", "external join ok",
            "external in ok", "external gone ok", "streaming ok"), Files.readAllLines(out));
    }

    private static String readQuietly(final Path file)
    {
        try
        {
            return Files.readString(file);
        }
        catch (final IOException e)
        {
            return e.toString();
        }
    }

    @Test
    void javaNativeDriverRoundTripsEveryTypeItKnowsAndAMillionRows() throws Exception
    {
        final Properties credentials = new Properties();
        credentials.setProperty("user", "default");
        final String url = "jdbc:clickhouse://127.0.0.1:" + server.tcpAddress().getPort() + "/default";
        final String[][] columns = {
            {"i8", "Int8"}, {"i16", "Int16"}, {"i32", "Int32"}, {"i64", "Int64"}, {"u8", "UInt8"}, {"u16", "UInt16"},
            {"u32", "UInt32"}, {"u64", "UInt64"}, {"f32", "Float32"}, {"f64", "Float64"}, {"dec", "Decimal(18, 4)"},
            {"s", "String"}, {"fs", "FixedString(4)"}, {"d", "Date"}, {"d32", "Date32"}, {"dt", "DateTime('UTC')"},
            {"dt64", "DateTime64(3, 'UTC')"}, {"u", "UUID"}, {"e8", "Enum8('x' = 1, 'y' = 2)"},
            {"e16", "Enum16('big' = 1000, 'neg' = -1000)"}, {"ip4", "IPv4"}, {"ip6", "IPv6"},
            {"n", "Nullable(String)"}, {"a", "Array(Int32)"}, {"m", "Map(String, UInt64)"},
            {"t", "Tuple(UInt8, String)"}, {"lc", "LowCardinality(String)"}};
        final Object[] values = {(byte)-128, (short)-32768, Integer.MIN_VALUE, Long.MIN_VALUE, (short)255, 65535,
            4294967295L, new java.math.BigInteger("18446744073709551615"), 1.5f, -2.25,
            new java.math.BigDecimal("12345678901234.5678"), "tab\there ü€", "abcd", java.time.LocalDate.of(2024, 2, 29),
            java.time.LocalDate.of(2200, 1, 1), java.time.ZonedDateTime.parse("2024-01-01T12:34:56Z[UTC]"),
            java.time.ZonedDateTime.parse("2024-01-01T12:34:56.789Z[UTC]"),
            java.util.UUID.fromString("61f0c404-5cb3-11e7-907b-a6006ad3dba0"), "y", "neg",
            3232235777L, new java.math.BigInteger(1, java.net.InetAddress.getByName("2001:db8::1").getAddress()), null,
            new Integer[] {1, -3}, java.util.Map.of("k", java.math.BigInteger.valueOf(7)), List.of((short)255, "ü"),
            "low"};
        try (Connection connection = new com.github.housepower.jdbc.ClickHouseDriver().connect(url, credentials))
        {
            final StringBuilder ddl = new StringBuilder("CREATE STREAM hp_types (");
            final StringBuilder names = new StringBuilder();
            for (int i = 0; i < columns.length; i++)
            {
                ddl.append(i > 0 ? ", " : "").append(columns[i][0]).append(' ').append(columns[i][1]);
                names.append(i > 0 ? ", " : "").append(columns[i][0]);
            }
            try (Statement statement = connection.createStatement())
            {
                statement.execute(ddl.append(")").toString());
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO hp_types (" + names + ") VALUES (" +
                "?, ".repeat(columns.length - 1) + "?)"))
            {
                for (int i = 0; i < values.length; i++)
                {
                    if (columns[i][0].equals("a"))
                    {
                        insert.setArray(i + 1, connection.createArrayOf("Int32", (Object[])values[i]));
                    }
                    else if (columns[i][0].equals("t"))
                    {
                        insert.setObject(i + 1, connection.createStruct("Tuple(UInt8, String)",
                            new Object[] {(short)255, "ü"}));
                    }
                    else
                    {
                        insert.setObject(i + 1, values[i]);
                    }
                }
                insert.addBatch();
                assertEquals(1, insert.executeBatch().length);
            }
            try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(
                "SELECT " + names + " FROM table(hp_types)"))
            {
                assertTrue(rs.next());
                for (int i = 0; i < columns.length; i++)
                {
                    assertEquals(comparable(values[i]), comparable(rs.getObject(i + 1)), columns[i][0]);
                }
            }
            // Muon's own text of what arrived: the driver's bytes were read as the values they stand for
            assertEquals("2024-01-01 12:34:56.789\t2001:db8::1\t192.168.1.1\t2200-01-01\t{\\'k\\':7}\t(255,\\'ü\\')\t" +
                "-1000\n",
                query("SELECT toString(dt64), toString(ip6), toString(ip4), toString(d32), toString(m), toString(t), " +
                    "CAST(e16, 'Int16') FROM table(hp_types)"));

            // a million rows in the driver's batches
            try (Statement statement = connection.createStatement())
            {
                statement.execute("CREATE STREAM hp_big (id UInt64, s String, v Float64)");
            }
            final int rows = 1_000_000;
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO hp_big (id, s, v) VALUES (?, ?, ?)"))
            {
                for (int i = 0; i < rows; i++)
                {
                    insert.setLong(1, i);
                    insert.setString(2, "s" + (i % 1000));
                    insert.setDouble(3, i * 0.5);
                    insert.addBatch();
                }
                assertEquals(rows, insert.executeBatch().length);
            }
            // a query that runs for a while, so Progress packets come before its block: the driver reads past them
            try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(
                "SELECT count(), sum(id), uniqExact(s), (SELECT sum(number % 7) FROM numbers(50000000)) FROM " +
                "table(hp_big)"))
            {
                assertTrue(rs.next());
                assertEquals(rows, rs.getLong(1));
                assertEquals((long)rows * (rows - 1) / 2, rs.getLong(2));
                assertEquals(1000, rs.getLong(3));
                assertEquals(21L * (50_000_000 / 7), rs.getLong(4));
            }
        }
    }

    /** A driver's value as something equals() compares: dates and times as instants, arrays and tuples as lists. */
    private static Object comparable(final Object value) throws SQLException
    {
        if (value instanceof java.sql.Date date)
        {
            return date.toLocalDate();
        }
        if (value instanceof Timestamp timestamp)
        {
            return timestamp.toInstant();
        }
        if (value instanceof java.time.ZonedDateTime zoned)
        {
            return zoned.toInstant();
        }
        if (value instanceof java.sql.Array array)
        {
            return List.of((Object[])array.getArray());
        }
        if (value instanceof Object[] array)
        {
            return List.of(array);
        }
        if (value instanceof java.sql.Struct struct)
        {
            return List.of(struct.getAttributes());
        }
        return value;
    }

    @Test
    void javaNativeDriverReadsAndWrites() throws Exception
    {
        final Properties credentials = new Properties();
        credentials.setProperty("user", "default");
        credentials.setProperty("password", "");
        final String url = "jdbc:clickhouse://127.0.0.1:" + server.tcpAddress().getPort() + "/default";
        try (Connection connection = new com.github.housepower.jdbc.ClickHouseDriver().connect(url, credentials))
        {
            try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(
                "SELECT 1 AS x, 'hi' AS s, toDateTime64('2024-01-01 00:00:00.123', 3, 'UTC') AS d, [1, 2] AS arr, " +
                "toIPv4('1.2.3.4') AS ip, CAST(NULL AS Nullable(Int32)) AS n"))
            {
                final ResultSetMetaData meta = rs.getMetaData();
                final List<String> types = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++)
                {
                    types.add(meta.getColumnName(i) + " " + meta.getColumnTypeName(i));
                }
                assertEquals(List.of("x UInt8", "s String", "d DateTime64(3, 'UTC')", "arr Array(UInt8)", "ip IPv4",
                    "n Nullable(Int32)"), types);
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1));
                assertEquals("hi", rs.getString(2));
                assertEquals(Timestamp.from(java.time.Instant.parse("2024-01-01T00:00:00.123Z")), rs.getTimestamp(3));
                assertEquals(0, rs.getInt(6));
                assertTrue(rs.wasNull());
            }
            try (Statement statement = connection.createStatement())
            {
                statement.execute("CREATE TABLE hp (id UInt64, name String, at DateTime64(3, 'UTC')) " +
                    "ENGINE = MergeTree ORDER BY id");
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO hp (id, name, at) VALUES " +
                "(?, ?, ?)"))
            {
                for (int i = 0; i < 1000; i++)
                {
                    insert.setLong(1, i);
                    insert.setString(2, "n" + i);
                    insert.setTimestamp(3, new Timestamp(1_700_000_000_000L + i));
                    insert.addBatch();
                }
                assertEquals(1000, insert.executeBatch().length);
            }
            try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(
                "SELECT count(), sum(id), toString(max(at)) FROM table(hp)"))
            {
                assertTrue(rs.next());
                assertEquals(1000, rs.getLong(1));
                assertEquals(499_500, rs.getLong(2));
                assertEquals("2023-11-14 22:13:20.999", rs.getString(3));
            }
            try (Statement statement = connection.createStatement())
            {
                statement.executeQuery("SELECT nosuch");
                throw new AssertionError("the query should fail");
            }
            catch (final SQLException e)
            {
                Throwable cause = e;
                while (cause.getCause() instanceof SQLException next && next != cause)
                {
                    cause = next;
                }
                assertEquals(47, ((SQLException)cause).getErrorCode(), e.toString());
            }
        }
    }
}
