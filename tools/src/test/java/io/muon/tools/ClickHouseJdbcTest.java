package io.muon.tools;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.data_formats.ClickHouseBinaryFormatReader;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.query.GenericRecord;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.data.ClickHouseColumn;
import com.clickhouse.data.ClickHouseFormat;
import io.muon.kernel.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The official ClickHouse Java clients against Muon, with their default settings: the JDBC driver (jdbc-v2 0.11.0,
 * which POSTs the SQL with {@code compress=1}, asks for RowBinaryWithNamesAndTypes and reads ClickHouse's
 * CityHash128+LZ4 framed answer, and sends a PreparedStatement batch as one INSERT with the values written as SQL
 * literals) and client-v2 underneath it. Every column type is written and read back value by value through each
 * client's own getters; the driver's metadata calls and ClickHouse's error codes are checked too.
 */
@ExtendWith(LeakCheck.class)
class ClickHouseJdbcTest
{
    @FunctionalInterface
    private interface Binder
    {
        void bind(PreparedStatement statement, int index, Object value) throws SQLException;
    }

    @FunctionalInterface
    private interface JdbcGetter
    {
        Object get(ResultSet rows, int index) throws SQLException;
    }

    @FunctionalInterface
    private interface ClientGetter
    {
        Object get(ClickHouseBinaryFormatReader reader, String column);
    }

    /** A column of the test stream: its type as ClickHouse spells it, and how each client sets and gets it. */
    private record Column(String name, String type, Binder binder, JdbcGetter jdbcGetter, ClientGetter clientGetter)
    {
    }

    /** One row's expected values by column name. */
    private static final class Row
    {
        private final Map<String, Object> values = new LinkedHashMap<>();

        Row set(final String column, final Object value)
        {
            values.put(column, value);
            return this;
        }

        Object get(final String column)
        {
            assertTrue(values.containsKey(column), "the test row has no value for " + column);
            return values.get(column);
        }
    }

    private static final List<Column> COLUMNS = List.of(
        new Column("id", "Int32", (s, i, v) -> s.setInt(i, (Integer) v), ResultSet::getInt,
            ClickHouseBinaryFormatReader::getInteger),
        new Column("i8", "Int8", (s, i, v) -> s.setByte(i, (Byte) v), ResultSet::getByte,
            ClickHouseBinaryFormatReader::getByte),
        new Column("i16", "Int16", (s, i, v) -> s.setShort(i, (Short) v), ResultSet::getShort,
            ClickHouseBinaryFormatReader::getShort),
        new Column("i32", "Int32", (s, i, v) -> s.setInt(i, (Integer) v), ResultSet::getInt,
            ClickHouseBinaryFormatReader::getInteger),
        new Column("i64", "Int64", (s, i, v) -> s.setLong(i, (Long) v), ResultSet::getLong,
            ClickHouseBinaryFormatReader::getLong),
        new Column("u8", "UInt8", (s, i, v) -> s.setShort(i, (Short) v), ResultSet::getShort,
            ClickHouseBinaryFormatReader::getShort),
        new Column("u16", "UInt16", (s, i, v) -> s.setInt(i, (Integer) v), ResultSet::getInt,
            ClickHouseBinaryFormatReader::getInteger),
        new Column("u32", "UInt32", (s, i, v) -> s.setLong(i, (Long) v), ResultSet::getLong,
            ClickHouseBinaryFormatReader::getLong),
        new Column("u64", "UInt64", PreparedStatement::setObject, (r, i) -> r.getObject(i, BigInteger.class),
            ClickHouseBinaryFormatReader::getBigInteger),
        new Column("f32", "Float32", (s, i, v) -> s.setFloat(i, (Float) v), ResultSet::getFloat,
            ClickHouseBinaryFormatReader::getFloat),
        new Column("f64", "Float64", (s, i, v) -> s.setDouble(i, (Double) v), ResultSet::getDouble,
            ClickHouseBinaryFormatReader::getDouble),
        new Column("s", "String", (s, i, v) -> s.setString(i, (String) v), ResultSet::getString,
            ClickHouseBinaryFormatReader::getString),
        new Column("ns", "Nullable(String)", ClickHouseJdbcTest::setNullableString, ResultSet::getString,
            ClickHouseBinaryFormatReader::getString),
        new Column("ni", "Nullable(Int64)", ClickHouseJdbcTest::setNullableLong, ClickHouseJdbcTest::nullableLong,
            (r, c) -> r.hasValue(c) ? r.getLong(c) : null),
        new Column("lc", "LowCardinality(String)", (s, i, v) -> s.setString(i, (String) v), ResultSet::getString,
            ClickHouseBinaryFormatReader::getString),
        new Column("fs", "FixedString(4)", (s, i, v) -> s.setString(i, (String) v), ResultSet::getString,
            ClickHouseBinaryFormatReader::getString),
        new Column("b", "Bool", (s, i, v) -> s.setBoolean(i, (Boolean) v), ResultSet::getBoolean,
            ClickHouseBinaryFormatReader::getBoolean),
        new Column("d", "Date", PreparedStatement::setObject, (r, i) -> r.getObject(i, LocalDate.class),
            ClickHouseBinaryFormatReader::getLocalDate),
        // getTimestamp would give the server-zone wall clock as a JVM-local Timestamp (the driver's choice), so the
        // instant is read instead: the check then holds in any JVM time zone
        new Column("dt", "DateTime", (s, i, v) -> s.setTimestamp(i, (Timestamp) v),
            (r, i) -> Timestamp.from(r.getObject(i, Instant.class)), (r, c) -> Timestamp.from(r.getInstant(c))),
        new Column("dt64", "DateTime64(3)", (s, i, v) -> s.setTimestamp(i, (Timestamp) v),
            (r, i) -> Timestamp.from(r.getObject(i, ZonedDateTime.class).toInstant()),
            (r, c) -> Timestamp.from(r.getZonedDateTime(c).toInstant())),
        new Column("dec", "Decimal(10, 2)", (s, i, v) -> s.setBigDecimal(i, (BigDecimal) v), ResultSet::getBigDecimal,
            ClickHouseBinaryFormatReader::getBigDecimal),
        new Column("uuid", "UUID", PreparedStatement::setObject, (r, i) -> r.getObject(i, UUID.class),
            ClickHouseBinaryFormatReader::getUUID),
        new Column("ip4", "IPv4", PreparedStatement::setObject, (r, i) -> canonical(r.getObject(i)),
            (r, c) -> canonical(r.getInet4Address(c))),
        new Column("ip6", "IPv6", PreparedStatement::setObject, (r, i) -> canonical(r.getObject(i)),
            (r, c) -> canonical(r.getInet6Address(c))),
        new Column("arr", "Array(Int32)", ClickHouseJdbcTest::setInt32Array, (r, i) -> list(r.getArray(i)),
            ClickHouseBinaryFormatReader::getList),
        new Column("sarr", "Array(String)", (s, i, v) -> s.setObject(i, ((List<?>) v).toArray(new String[0])),
            (r, i) -> list(r.getArray(i)), ClickHouseBinaryFormatReader::getList),
        new Column("m", "Map(String, Int32)", PreparedStatement::setObject, ResultSet::getObject,
            (r, c) -> r.readValue(c)),
        new Column("tup", "Tuple(Int32, String)", ClickHouseJdbcTest::setTuple,
            (r, i) -> Arrays.asList((Object[]) r.getObject(i)), (r, c) -> Arrays.asList(r.getTuple(c))),
        new Column("e", "Enum8('a' = 1, 'b' = 2)", (s, i, v) -> s.setString(i, (String) v), ResultSet::getString,
            ClickHouseBinaryFormatReader::getString));

    private static final List<Row> ROWS = List.of(
        new Row().set("id", 1)
            .set("i8", (byte) -8).set("i16", (short) -16).set("i32", -32).set("i64", -64L)
            .set("u8", (short) 8).set("u16", 16).set("u32", 32L).set("u64", BigInteger.valueOf(64))
            .set("f32", 1.5f).set("f64", -2.25)
            .set("s", "héllo 世界").set("ns", null).set("ni", 42L).set("lc", "lc1").set("fs", "abcd").set("b", true)
            .set("d", LocalDate.of(2024, 2, 29)).set("dt", utc("2024-02-29T12:34:56Z"))
            .set("dt64", utc("2024-02-29T12:34:56.789Z")).set("dec", new BigDecimal("12345.67"))
            .set("uuid", UUID.fromString("123e4567-e89b-12d3-a456-426614174000"))
            .set("ip4", address("192.168.0.1")).set("ip6", address("2001:db8::1"))
            .set("arr", List.of(1, -2, 3)).set("sarr", List.of("x", "y'z")).set("m", Map.of("k", 1))
            .set("tup", List.of(7, "t")).set("e", "b"),
        new Row().set("id", 2)
            .set("i8", Byte.MIN_VALUE).set("i16", Short.MIN_VALUE).set("i32", Integer.MIN_VALUE)
            .set("i64", Long.MIN_VALUE)
            .set("u8", (short) 0).set("u16", 0).set("u32", 0L).set("u64", BigInteger.ZERO)
            .set("f32", -0.25f).set("f64", Double.MIN_VALUE)
            .set("s", "").set("ns", "").set("ni", null).set("lc", "").set("fs", "üü").set("b", false)
            .set("d", LocalDate.of(1970, 1, 1)).set("dt", utc("1970-01-01T00:00:00Z"))
            .set("dt64", utc("1969-12-31T23:59:59.999Z")).set("dec", new BigDecimal("-0.01"))
            .set("uuid", new UUID(0, 0))
            .set("ip4", address("0.0.0.0")).set("ip6", address("::"))
            .set("arr", List.of()).set("sarr", List.of()).set("m", Map.of())
            .set("tup", List.of(0, "")).set("e", "a"),
        new Row().set("id", 3)
            .set("i8", Byte.MAX_VALUE).set("i16", Short.MAX_VALUE).set("i32", Integer.MAX_VALUE)
            .set("i64", Long.MAX_VALUE)
            .set("u8", (short) 255).set("u16", 65535).set("u32", 4294967295L)
            .set("u64", new BigInteger("18446744073709551615"))
            .set("f32", Float.MAX_VALUE).set("f64", -Double.MAX_VALUE)
            .set("s", "quote ' backslash \\ tab \t newline \n 🙂").set("ns", "ns").set("ni", Long.MIN_VALUE)
            .set("lc", "ü").set("fs", "WXYZ").set("b", true)
            .set("d", LocalDate.of(2149, 6, 6)).set("dt", utc("2106-02-07T06:28:15Z"))
            .set("dt64", utc("2200-01-01T00:00:00.001Z")).set("dec", new BigDecimal("-99999999.99"))
            .set("uuid", UUID.fromString("ffffffff-ffff-ffff-ffff-ffffffffffff"))
            .set("ip4", address("255.255.255.255")).set("ip6", address("::ffff:1.2.3.4"))
            .set("arr", List.of(Integer.MIN_VALUE, Integer.MAX_VALUE)).set("sarr", List.of("", "ü 🙂", "a\tb"))
            .set("m", Map.of("a", -1, "ü", Integer.MAX_VALUE))
            .set("tup", List.of(-1, "🙂")).set("e", "a"));

    @TempDir
    Path dir;

    private MuonServer server;

    @BeforeEach
    void startServer() throws Exception
    {
        server = new MuonServer(Muon.parseServerOptions(new String[] {"--data", dir.resolve("data").toString(),
            "--metrics_port", "0", "--http_port", "0", "--streaming_http_port", "0", "--tcp_port", "0", "--streaming_tcp_port", "0"})).start();
    }

    @AfterEach
    void stopServer()
    {
        if (server != null)
        {
            server.close();
        }
    }

    @Test
    void preparedBatchesRoundTripEveryType() throws Exception
    {
        try (Connection connection = connect())
        {
            try (Statement statement = connection.createStatement())
            {
                statement.execute(createStream("jt"));
            }
            try (PreparedStatement insert = connection.prepareStatement(insertWithPlaceholders("jt")))
            {
                for (final Row row : ROWS)
                {
                    for (int i = 0; i < COLUMNS.size(); i++)
                    {
                        COLUMNS.get(i).binder().bind(insert, i + 1, row.get(COLUMNS.get(i).name()));
                    }
                    insert.addBatch();
                }
                final int[] counts = insert.executeBatch();
                assertArrayEquals(new int[] {1, 1, 1}, counts);
            }
            try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(selectAll("jt")))
            {
                for (final Row expected : ROWS)
                {
                    assertTrue(rows.next(), "row " + expected.get("id") + " is missing");
                    assertJdbcRow(expected, rows);
                }
                assertFalse(rows.next());
                assertColumnTypes(rows.getMetaData());
            }
        }
    }

    @Test
    void clientV2InsertsAndReadsEveryType() throws Exception
    {
        try (Client client = newClient())
        {
            client.execute(createStream("cv")).get().close();
            final byte[] body = jsonEachRow().getBytes(StandardCharsets.UTF_8);
            try (InsertResponse response = client.insert("cv", new ByteArrayInputStream(body),
                ClickHouseFormat.JSONEachRow).get())
            {
                assertEquals(ROWS.size(), response.getWrittenRows());
            }
            try (QueryResponse response = client.query(selectAll("cv")).get())
            {
                final ClickHouseBinaryFormatReader reader = client.newBinaryFormatReader(response);
                for (final Row expected : ROWS)
                {
                    assertNotNull(reader.next(), "row " + expected.get("id") + " is missing");
                    assertClientRow(expected, reader);
                }
                assertFalse(reader.hasNext());
                assertEquals(ROWS.size(), response.getResultRows());
                assertEquals(COLUMNS.stream().map(Column::type).toList(), reader.getSchema().getColumns().stream()
                    .map(ClickHouseColumn::getOriginalTypeName).toList());
            }

            final List<GenericRecord> records = client.queryAll("SELECT id, s, u64 FROM table(cv) ORDER BY id");
            assertEquals(List.of(1, 2, 3), records.stream().map(r -> r.getInteger("id")).toList());
            assertEquals(ROWS.get(2).get("s"), records.get(2).getString("s"));
            assertEquals(ROWS.get(2).get("u64"), records.get(2).getBigInteger("u64"));

            final GenericRecord bound = client.queryAll("SELECT {n:Int32} + 1 AS x, {t:String} AS y",
                Map.of("n", 41, "t", "it's")).get(0);
            assertEquals(42, bound.getLong("x"));
            assertEquals("it's", bound.getString("y"));
        }
    }

    @Test
    void largeCompressedResultsArriveWhole() throws Exception
    {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
            ResultSet rows = statement.executeQuery("SELECT number, toString(number) FROM numbers(300000)"))
        {
            long count = 0;
            long sum = 0;
            while (rows.next())
            {
                assertEquals(String.valueOf(rows.getLong(1)), rows.getString(2));
                sum += rows.getLong(1);
                count++;
            }
            assertEquals(300_000, count);
            assertEquals(299_999L * 300_000 / 2, sum);
        }
    }

    @Test
    void metadataDescribesStreamsAndColumns() throws Exception
    {
        try (Connection connection = connect())
        {
            try (Statement statement = connection.createStatement())
            {
                statement.execute(createStream("jt"));
            }
            final DatabaseMetaData meta = connection.getMetaData();
            assertEquals("ClickHouse", meta.getDatabaseProductName());
            try (ResultSet tables = meta.getTables(null, "default", "jt", null))
            {
                assertTrue(tables.next(), "getTables lists no jt");
                assertEquals("default", tables.getString("TABLE_SCHEM"));
                assertEquals("jt", tables.getString("TABLE_NAME"));
                assertFalse(tables.next());
            }
            try (ResultSet columns = meta.getColumns(null, "default", "jt", null))
            {
                for (final Column column : COLUMNS)
                {
                    assertTrue(columns.next(), "getColumns lacks " + column.name());
                    assertEquals(column.name(), columns.getString("COLUMN_NAME"));
                    assertEquals(column.type(), columns.getString("TYPE_NAME"), column.name());
                }
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT " + columnList() +
                " FROM table(jt) WHERE id > ?"))
            {
                assertColumnTypes(select.getMetaData());
            }
        }
    }

    @Test
    void errorsCarryClickHouseCodes() throws Exception
    {
        try (Connection connection = connect(); Statement statement = connection.createStatement())
        {
            final SQLException syntax = assertThrows(SQLException.class, () -> statement.executeQuery("SELEC 1"));
            assertEquals(62, syntax.getErrorCode());
            assertTrue(syntax.getMessage().startsWith("Code: 62. DB::Exception: Syntax error"), syntax.getMessage());
            final SQLException unknown = assertThrows(SQLException.class,
                () -> statement.executeQuery("SELECT * FROM table(no_such_stream)"));
            assertEquals(60, unknown.getErrorCode());
            assertTrue(unknown.getMessage().contains("no_such_stream"), unknown.getMessage());
            try (ResultSet rows = statement.executeQuery("SELECT 1"))
            {
                assertTrue(rows.next(), "the connection still works after the errors");
                assertEquals(1, rows.getInt(1));
            }
        }
        try (Client client = newClient())
        {
            assertEquals(62, serverCode(() -> client.query("SELEC 1").get().close()));
            assertEquals(60, serverCode(() -> client.queryAll("SELECT * FROM table(no_such_stream)")));
            assertTrue(client.ping());
        }
    }

    // ---- the clients ----

    private Connection connect() throws SQLException
    {
        // the official driver by name: the native-protocol driver on the test classpath claims jdbc:clickhouse: too
        final java.util.Properties credentials = new java.util.Properties();
        credentials.setProperty("user", "default");
        credentials.setProperty("password", "");
        return new com.clickhouse.jdbc.ClickHouseDriver().connect("jdbc:clickhouse://127.0.0.1:" +
            server.httpAddress().getPort() + "/default", credentials);
    }

    private Client newClient()
    {
        return new Client.Builder().addEndpoint("http://127.0.0.1:" + server.httpAddress().getPort())
            .setUsername("default").setPassword("").build();
    }

    /** The ClickHouse code of the {@link ServerException} the action throws, however the client wraps it. */
    private static int serverCode(final Executable action)
    {
        final Throwable thrown = assertThrows(Throwable.class, action);
        for (Throwable cause = thrown; cause != null; cause = cause.getCause())
        {
            if (cause instanceof ServerException serverError)
            {
                return serverError.getCode();
            }
        }
        return fail("no ServerException in " + thrown, thrown);
    }

    // ---- SQL and data ----

    private static String createStream(final String stream)
    {
        return "CREATE STREAM " + stream + " (" + COLUMNS.stream().map(c -> c.name() + " " + c.type())
            .collect(Collectors.joining(", ")) + ")";
    }

    private static String columnList()
    {
        return COLUMNS.stream().map(Column::name).collect(Collectors.joining(", "));
    }

    private static String insertWithPlaceholders(final String stream)
    {
        return "INSERT INTO " + stream + " (" + columnList() + ") VALUES (" +
            String.join(", ", Collections.nCopies(COLUMNS.size(), "?")) + ")";
    }

    private static String selectAll(final String stream)
    {
        return "SELECT " + columnList() + " FROM table(" + stream + ") ORDER BY id";
    }

    private static String jsonEachRow()
    {
        final StringBuilder out = new StringBuilder();
        for (final Row row : ROWS)
        {
            out.append(COLUMNS.stream().map(c -> json(c.name()) + ":" + json(row.get(c.name())))
                .collect(Collectors.joining(",", "{", "}\n")));
        }
        return out.toString();
    }

    /** A value as JSONEachRow input writes it; times in UTC, the server's time zone. */
    private static String json(final Object value)
    {
        if (value == null || value instanceof Number || value instanceof Boolean)
        {
            return value instanceof BigDecimal decimal ? decimal.toPlainString() : String.valueOf(value);
        }
        if (value instanceof Timestamp time)
        {
            final String pattern = time.getNanos() == 0 ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm:ss.SSS";
            return json(DateTimeFormatter.ofPattern(pattern).withZone(ZoneOffset.UTC).format(time.toInstant()));
        }
        if (value instanceof InetAddress address)
        {
            return json(address.getHostAddress());
        }
        if (value instanceof List<?> list)
        {
            return list.stream().map(ClickHouseJdbcTest::json).collect(Collectors.joining(",", "[", "]"));
        }
        if (value instanceof Map<?, ?> map)
        {
            return map.entrySet().stream().map(e -> json(e.getKey()) + ":" + json(e.getValue()))
                .collect(Collectors.joining(",", "{", "}"));
        }
        final StringBuilder out = new StringBuilder("\"");
        for (final char c : value.toString().toCharArray())
        {
            switch (c)
            {
                case '"', '\\' -> out.append('\\').append(c);
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static Timestamp utc(final String instant)
    {
        return Timestamp.from(Instant.parse(instant));
    }

    private static InetAddress address(final String text)
    {
        try
        {
            return InetAddress.getByName(text);
        }
        catch (final UnknownHostException e)
        {
            throw new IllegalArgumentException(text, e);
        }
    }

    // ---- setting and getting ----

    private static void setNullableString(final PreparedStatement statement, final int index, final Object value)
        throws SQLException
    {
        if (value == null)
        {
            statement.setNull(index, Types.VARCHAR);
        }
        else
        {
            statement.setString(index, (String) value);
        }
    }

    private static void setNullableLong(final PreparedStatement statement, final int index, final Object value)
        throws SQLException
    {
        if (value == null)
        {
            statement.setNull(index, Types.BIGINT);
        }
        else
        {
            statement.setLong(index, (Long) value);
        }
    }

    private static Object nullableLong(final ResultSet rows, final int index) throws SQLException
    {
        final long value = rows.getLong(index);
        return rows.wasNull() ? null : value;
    }

    private static void setInt32Array(final PreparedStatement statement, final int index, final Object value)
        throws SQLException
    {
        statement.setArray(index, statement.getConnection().createArrayOf("Int32", ((List<?>) value).toArray()));
    }

    private static void setTuple(final PreparedStatement statement, final int index, final Object value)
        throws SQLException
    {
        statement.setObject(index, statement.getConnection().createStruct("Tuple(Int32, String)",
            ((List<?>) value).toArray()));
    }

    private static List<Object> list(final java.sql.Array array) throws SQLException
    {
        final Object elements = array.getArray();
        final List<Object> out = new ArrayList<>();
        for (int i = 0; i < java.lang.reflect.Array.getLength(elements); i++)
        {
            out.add(java.lang.reflect.Array.get(elements, i));
        }
        return out;
    }

    /** The address as Java makes it from its bytes: an IPv4-mapped IPv6 address becomes the IPv4 one. */
    private static InetAddress canonical(final Object address)
    {
        assertInstanceOf(InetAddress.class, address);
        try
        {
            return InetAddress.getByAddress(((InetAddress) address).getAddress());
        }
        catch (final UnknownHostException e)
        {
            throw new AssertionError(e);
        }
    }

    // ---- assertions ----

    private static void assertColumnTypes(final ResultSetMetaData meta) throws SQLException
    {
        assertEquals(COLUMNS.size(), meta.getColumnCount());
        final List<String> types = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++)
        {
            types.add(meta.getColumnTypeName(i));
        }
        assertEquals(COLUMNS.stream().map(Column::type).toList(), types);
    }

    /** Every column of the current row, all reported together. */
    private static void assertJdbcRow(final Row expected, final ResultSet rows)
    {
        final List<Executable> checks = new ArrayList<>();
        for (int i = 0; i < COLUMNS.size(); i++)
        {
            final Column column = COLUMNS.get(i);
            final int index = i + 1;
            checks.add(() -> assertEquals(expected.get(column.name()), column.jdbcGetter().get(rows, index),
                column.name()));
        }
        assertAll("row " + expected.get("id"), checks);
    }

    private static void assertClientRow(final Row expected, final ClickHouseBinaryFormatReader reader)
    {
        assertAll("row " + expected.get("id"), COLUMNS.stream().map(column -> (Executable) () -> assertEquals(
            expected.get(column.name()), column.clientGetter().get(reader, column.name()), column.name())));
    }
}
