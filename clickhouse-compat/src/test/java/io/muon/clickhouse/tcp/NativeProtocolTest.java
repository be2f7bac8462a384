package io.muon.clickhouse.tcp;

import io.muon.clickhouse.testing.NativeFixture;
import io.muon.kernel.compress.CompressedBlock;
import io.muon.kernel.compress.CompressedBlockDescriptor;
import io.muon.kernel.compress.SharedTestData;
import io.muon.sql.testing.ClickHouseServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The native protocol against golden bytes: the capture of clickhouse-client 18.16 talking to ClickHouse 18.16
 * (testdata/clickhouse-18.16-native) is replayed against Muon and every answer compared packet by packet — Data
 * blocks byte for byte, the rest field by field where the value does not depend on the server's identity — then
 * cancellation, TablesStatus, and bad input of every kind (unknown packets, old revisions, lying block sizes, a
 * decompression bomb, HTTP on the wrong port, mutated captures): the server answers with an Exception or hangs up,
 * appends nothing partial, and keeps serving.
 */
@org.junit.jupiter.api.extension.ExtendWith(io.muon.kernel.testing.LeakCheck.class)
class NativeProtocolTest
{
    private static final int CLIENT_REVISION = 54412;

    @TempDir
    Path dir;

    private NativeFixture server;

    @BeforeEach
    void start() throws InterruptedException
    {
        server = new NativeFixture(dir);
    }

    @AfterEach
    void stop()
    {
        server.close();
    }

    /** One direction's bytes in the capture. */
    private record Segment(boolean toServer, byte[] bytes)
    {
    }

    private static List<List<Segment>> capture() throws IOException
    {
        final Path file = SharedTestData.directory("clickhouse-18.16-native").resolve("select-create-insert-error.txt");
        final List<List<Segment>> connections = new ArrayList<>();
        List<Segment> connection = null;
        boolean toServer = false;
        ByteArrayOutputStream bytes = null;
        for (final String line : Files.readAllLines(file))
        {
            if (line.startsWith("# connection"))
            {
                connection = new ArrayList<>();
                connections.add(connection);
            }
            else if (line.startsWith("C->S") || line.startsWith("S->C"))
            {
                toServer = line.startsWith("C->S");
                bytes = new ByteArrayOutputStream();
                connection.add(new Segment(toServer, null));
            }
            else if (line.startsWith("  ") && bytes != null)
            {
                final String hex = line.substring(2, line.indexOf("  |") > 0 ? line.indexOf("  |") : line.length());
                for (final String b : hex.trim().split(" "))
                {
                    bytes.write(Integer.parseInt(b, 16));
                }
                connection.set(connection.size() - 1, new Segment(toServer, bytes.toByteArray()));
            }
        }
        return connections;
    }

    @Test
    void goldenCaptureOfClickHouseClientReplaysPacketForPacket() throws Exception
    {
        final List<List<Segment>> connections = capture();
        assertEquals(4, connections.size());
        // the capture's server introduced itself as ClickHouse 18.16.1 on host "vm": Muon configured alike
        server.close();
        server = new NativeFixture(dir.resolve("as-captured"), new NativeSettings().serverName("ClickHouse")
            .serverVersion("18.16.1").displayName("vm").timeZone("Etc/UTC"), java.util.Map.of());
        for (final List<Segment> connection : connections)
        {
            try (Socket socket = socket())
            {
                final ServerPacketReader ours = new ServerPacketReader(socket.getInputStream(), CLIENT_REVISION, true);
                for (final Segment segment : connection)
                {
                    if (segment.toServer())
                    {
                        socket.getOutputStream().write(segment.bytes());
                        socket.getOutputStream().flush();
                        continue;
                    }
                    final ServerPacketReader golden = new ServerPacketReader(new ByteArrayInputStream(segment.bytes()),
                        CLIENT_REVISION, true);
                    final List<ServerPacketReader.Packet> expected = new ArrayList<>();
                    int left = segment.bytes().length;
                    while (left > 0)
                    {
                        final ServerPacketReader.Packet packet = golden.read();
                        expected.add(packet);
                        left -= packet.bytes().length;
                    }
                    for (final ServerPacketReader.Packet want : expected)
                    {
                        compare(want, ours.read());
                    }
                }
            }
        }
        assertEquals("1\ta\n2\tb\n", server.sql("SELECT id, s FROM table(ins) ORDER BY id").toTsv());
    }

    private static void compare(final ServerPacketReader.Packet want, final ServerPacketReader.Packet got)
    {
        assertEquals(want.type(), got.type(), "packet type");
        switch (want.type())
        {
            case NativeProtocol.SERVER_HELLO ->
            {
                // every field as captured but the revision, which is the server's own (the client takes the lower)
                final List<Object> expected = new ArrayList<>(want.fields());
                expected.set(3, (long)NativeProtocol.SERVER_REVISION);
                assertEquals(expected, got.fields());
                assertEquals(want.bytes().length, got.bytes().length);
            }
            case NativeProtocol.SERVER_PROFILE_INFO ->
            {
                // rows, blocks, applied_limit, rows_before_limit, calculated_rows_before_limit; bytes are in-memory
                // sizes, which differ between implementations
                assertEquals(want.fields().get(0), got.fields().get(0));
                assertEquals(want.fields().get(1), got.fields().get(1));
                assertEquals(want.fields().subList(3, 6), got.fields().subList(3, 6));
            }
            case NativeProtocol.SERVER_EXCEPTION ->
            {
                assertEquals(want.fields().get(0), got.fields().get(0), "error code: " + got.fields());
                assertEquals(want.fields().get(1), got.fields().get(1));
                // the wording is today's ClickHouse's ("Unknown expression identifier 'nosuchcol' in scope …"),
                // not 18.16's ("Unknown identifier: nosuchcol"); both name the column
                final String message = (String)got.fields().get(2);
                assertTrue(message.startsWith("DB::Exception: Unknown ") && message.contains("nosuchcol"), message);
                assertEquals(want.fields().get(4), got.fields().get(4), "nested exception flag");
            }
            default -> assertArrayEquals(want.bytes(), got.bytes(), "packet " + want.type() + ": expected " +
                hex(want.bytes()) + ", got " + hex(got.bytes()));
        }
    }

    private static String hex(final byte[] bytes)
    {
        final StringBuilder out = new StringBuilder();
        for (final byte b : bytes)
        {
            out.append(String.format("%02x ", b));
        }
        return out.toString();
    }

    private Socket socket() throws IOException
    {
        return socket(server.port());
    }

    private static Socket socket(final int port) throws IOException
    {
        final Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        return socket;
    }

    // ---- a minimal client, written from the capture's layout ----

    private static byte[] hello(final long revision)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        string(out, "test client");
        varint(out, 18);
        varint(out, 16);
        varint(out, revision);
        string(out, "default");
        string(out, "default");
        string(out, "");
        return out.toByteArray();
    }

    /** A Query packet at revision 54412 and the empty Data block that ends its external tables. */
    private static byte[] query(final String sql, final boolean compression)
    {
        return query(sql, compression, 0);
    }

    /** A Query packet; {@code interactiveDelayMicros} above 0 goes along as the interactive_delay setting. */
    private static byte[] query(final String sql, final boolean compression, final long interactiveDelayMicros)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(1);
        string(out, "");
        out.write(1);
        string(out, "");
        string(out, "");
        string(out, "0.0.0.0:0");
        out.write(1);
        string(out, "");
        string(out, "host");
        string(out, "test client");
        varint(out, 18);
        varint(out, 16);
        varint(out, CLIENT_REVISION);
        string(out, "");
        varint(out, 1);
        if (interactiveDelayMicros > 0)
        {
            // settings at this revision: the name, then the value in its own binary type (UInt64: a varint)
            string(out, "interactive_delay");
            varint(out, interactiveDelayMicros);
        }
        string(out, "");
        varint(out, 2);
        varint(out, compression ? 1 : 0);
        string(out, sql);
        out.writeBytes(data(new byte[] {1, 0, 2, -1, -1, -1, -1, 0, 0, 0}, compression));
        return out.toByteArray();
    }

    private static byte[] data(final byte[] block, final boolean compression)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(2);
        string(out, "");
        out.writeBytes(compression ? CompressedBlock.compress(CompressedBlockDescriptor.METHOD_LZ4, 0, block, 0,
            block.length) : block);
        return out.toByteArray();
    }

    private static void string(final ByteArrayOutputStream out, final String s)
    {
        final byte[] b = s.getBytes(StandardCharsets.UTF_8);
        varint(out, b.length);
        out.writeBytes(b);
    }

    private static void varint(final ByteArrayOutputStream out, final long value)
    {
        long v = value;
        while ((v & ~0x7FL) != 0)
        {
            out.write((int)((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int)v);
    }

    private Socket connected(final ServerPacketReader[] reader, final boolean compression) throws IOException
    {
        final Socket socket = socket();
        socket.getOutputStream().write(hello(CLIENT_REVISION));
        reader[0] = new ServerPacketReader(socket.getInputStream(), CLIENT_REVISION, compression);
        assertEquals(NativeProtocol.SERVER_HELLO, reader[0].read().type());
        return socket;
    }

    private static List<ServerPacketReader.Packet> untilEnd(final ServerPacketReader reader) throws IOException
    {
        final List<ServerPacketReader.Packet> packets = new ArrayList<>();
        while (true)
        {
            final ServerPacketReader.Packet packet = reader.read();
            packets.add(packet);
            if (packet.type() == NativeProtocol.SERVER_END_OF_STREAM || packet.type() ==
                NativeProtocol.SERVER_EXCEPTION)
            {
                return packets;
            }
        }
    }

    @Test
    void selectUncompressedAndPing() throws IOException
    {
        final ServerPacketReader[] reader = new ServerPacketReader[1];
        try (Socket socket = connected(reader, false))
        {
            socket.getOutputStream().write(query("SELECT number AS n, toString(number) AS s FROM numbers(3)", false));
            final List<ServerPacketReader.Packet> packets = untilEnd(reader[0]);
            final List<Object> blocks = packets.stream().filter(p -> p.type() == NativeProtocol.SERVER_DATA)
                .map(p -> p.fields().get(1)).toList();
            assertEquals(List.of("n:UInt64=;s:String=;", "n:UInt64=0,1,2;s:String=0,1,2;", ""), blocks);
            socket.getOutputStream().write(NativeProtocol.CLIENT_PING);
            assertEquals(NativeProtocol.SERVER_PONG, reader[0].read().type());
        }
    }

    @Test
    void profileInfoCountsRowsBeforeLimitAsClickHouseDoes() throws Exception
    {
        try (ClickHouseServer clickhouse = ClickHouseServer.start())
        {
            clickhouse.query("CREATE TABLE limited (id UInt64) ENGINE = MergeTree ORDER BY id");
            clickhouse.query("INSERT INTO limited SELECT number FROM numbers(1000)");
            server.sql("CREATE STREAM limited (id uint64)");
            server.sql("INSERT INTO limited (id) SELECT number FROM numbers(1000)");
            for (final String query : List.of("SELECT id FROM limited ORDER BY id DESC LIMIT 5",
                "SELECT id FROM limited WHERE id % 3 = 0 ORDER BY id LIMIT 2, 3",
                "SELECT id % 10 AS k, count() AS c FROM limited GROUP BY k ORDER BY k LIMIT 3",
                "SELECT id FROM limited LIMIT 0",
                "SELECT count() FROM limited"))
            {
                final List<Object> theirs = profileInfo(clickhouse.tcpPort(), query);
                final List<Object> ours = profileInfo(server.port(), query.replace("FROM limited",
                    "FROM table(limited)"));
                // rows, then applied_limit, rows_before_limit, calculated_rows_before_limit; blocks and in-memory
                // bytes are the implementation's own
                assertEquals(theirs.get(0), ours.get(0), query);
                assertEquals(theirs.subList(3, 6), ours.subList(3, 6), query);
            }
        }
    }

    /** The fields of the ProfileInfo packet {@code sql} gets from the server on {@code port}. */
    private static List<Object> profileInfo(final int port, final String sql) throws IOException
    {
        try (Socket socket = socket(port))
        {
            socket.getOutputStream().write(hello(CLIENT_REVISION));
            final ServerPacketReader reader = new ServerPacketReader(socket.getInputStream(), CLIENT_REVISION, false);
            assertEquals(NativeProtocol.SERVER_HELLO, reader.read().type());
            socket.getOutputStream().write(query(sql, false));
            return untilEnd(reader).stream().filter(p -> p.type() == NativeProtocol.SERVER_PROFILE_INFO).findFirst()
                .orElseThrow(() -> new AssertionError("no ProfileInfo for " + sql)).fields();
        }
    }

    @Test
    void progressArrivesWhileAQueryComputesItsOnlyBlock() throws IOException
    {
        final ServerPacketReader[] reader = new ServerPacketReader[1];
        try (Socket socket = connected(reader, false))
        {
            socket.getOutputStream().write(query("SELECT sum(number % 7) FROM numbers(100000000)", false, 2000));
            final List<ServerPacketReader.Packet> packets = untilEnd(reader[0]);
            final List<Integer> types = packets.stream().map(ServerPacketReader.Packet::type).toList();
            final int header = types.indexOf(NativeProtocol.SERVER_DATA);
            final int result = types.subList(header + 1, types.size()).indexOf(NativeProtocol.SERVER_DATA) + header + 1;
            assertTrue(types.subList(header, result).contains(NativeProtocol.SERVER_PROGRESS), types::toString);
            // the rows in all Progress packets add up to what the query read, each row counted once
            final long read = packets.stream().filter(p -> p.type() == NativeProtocol.SERVER_PROGRESS)
                .mapToLong(p -> (Long)p.fields().get(0)).sum();
            assertEquals(100_000_000L, read);
            assertEquals(NativeProtocol.SERVER_END_OF_STREAM, types.get(types.size() - 1));
        }
    }

    @Test
    void cancelStopsAnEndlessQueryAndTheConnectionGoesOn() throws IOException
    {
        final ServerPacketReader[] reader = new ServerPacketReader[1];
        try (Socket socket = connected(reader, true))
        {
            socket.getOutputStream().write(query("SELECT number FROM system.numbers", true));
            int data = 0;
            while (data < 3)
            {
                if (reader[0].read().type() == NativeProtocol.SERVER_DATA)
                {
                    data++;
                }
            }
            socket.getOutputStream().write(NativeProtocol.CLIENT_CANCEL);
            final List<ServerPacketReader.Packet> rest = untilEnd(reader[0]);
            assertEquals(NativeProtocol.SERVER_END_OF_STREAM, rest.get(rest.size() - 1).type());
            socket.getOutputStream().write(NativeProtocol.CLIENT_PING);
            assertEquals(NativeProtocol.SERVER_PONG, reader[0].read().type());
        }
    }

    @Test
    void tablesStatusListsTheStreamsThatExist() throws IOException
    {
        server.sql("CREATE STREAM present (x int)");
        final ServerPacketReader[] reader = new ServerPacketReader[1];
        try (Socket socket = connected(reader, false))
        {
            final ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.write(NativeProtocol.CLIENT_TABLES_STATUS_REQUEST);
            varint(request, 2);
            string(request, "default");
            string(request, "present");
            string(request, "default");
            string(request, "absent");
            socket.getOutputStream().write(request.toByteArray());
            final ServerPacketReader.Packet status = reader[0].read();
            assertEquals(NativeProtocol.SERVER_TABLES_STATUS_RESPONSE, status.type());
            assertEquals(List.of("default", "present", 0L), status.fields());
        }
    }

    /** Sends bytes and reads the server's answer until it hangs up; returns the first packet (or null). */
    private ServerPacketReader.Packet answerThenClose(final byte[] bytes, final boolean afterHello) throws IOException
    {
        try (Socket socket = socket())
        {
            final ServerPacketReader reader = new ServerPacketReader(socket.getInputStream(), CLIENT_REVISION, false);
            if (afterHello)
            {
                socket.getOutputStream().write(hello(CLIENT_REVISION));
                assertEquals(NativeProtocol.SERVER_HELLO, reader.read().type());
            }
            socket.getOutputStream().write(bytes);
            final ServerPacketReader.Packet packet = reader.read();
            assertEquals(-1, socket.getInputStream().read(), "the server hangs up after a protocol error");
            return packet;
        }
    }

    @Test
    void badInputGetsAnExceptionAndTheServerCarriesOn() throws IOException
    {
        server.sql("CREATE STREAM t (id uint64)");
        // an unknown packet type
        assertEquals(99L, answerThenClose(new byte[] {0x63}, true).fields().get(0));
        // Data outside a query
        assertEquals(101L, answerThenClose(data(new byte[] {0, 0, 0}, false), true).fields().get(0));
        // a revision older than any client Muon speaks with
        assertEquals(101L, answerThenClose(hello(54000), false).fields().get(0));
        // a wrong password
        final byte[] wrong = hello(CLIENT_REVISION);
        wrong[wrong.length - 1] = 1;
        final byte[] withPassword = Arrays.copyOf(wrong, wrong.length + 1);
        withPassword[withPassword.length - 1] = 'x';
        assertEquals(516L, answerThenClose(withPassword, false).fields().get(0));
        // a compressed block claiming 1 GiB from a few bytes (a decompression bomb)
        final byte[] bomb = CompressedBlock.compress(CompressedBlockDescriptor.METHOD_LZ4, 0, new byte[64], 0, 64);
        bomb[21] = 0;
        bomb[22] = 0;
        bomb[23] = 0;
        bomb[24] = 0x40;
        final ByteArrayOutputStream bombQuery = new ByteArrayOutputStream();
        final byte[] q = query("SELECT 1", true);
        final int dataAt = q.length - data(new byte[] {1, 0, 2, -1, -1, -1, -1, 0, 0, 0}, true).length;
        bombQuery.write(q, 0, dataAt);
        bombQuery.write(2);
        bombQuery.write(0);
        bombQuery.writeBytes(bomb);
        assertEquals(39L, answerThenClose(bombQuery.toByteArray(), true).fields().get(0));
        // an INSERT block whose array offsets go backwards
        try (Socket socket = socket())
        {
            final ServerPacketReader reader = new ServerPacketReader(socket.getInputStream(), CLIENT_REVISION, false);
            socket.getOutputStream().write(hello(CLIENT_REVISION));
            reader.read();
            socket.getOutputStream().write(query("INSERT INTO t (id) VALUES", false));
            assertEquals(NativeProtocol.SERVER_DATA, reader.read().type());
            final ByteArrayOutputStream lie = new ByteArrayOutputStream();
            lie.writeBytes(new byte[] {1, 0, 2, -1, -1, -1, -1, 0});
            varint(lie, 1);
            varint(lie, 2);
            string(lie, "id");
            string(lie, "Array(UInt64)");
            lie.writeBytes(new byte[] {5, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0});
            socket.getOutputStream().write(data(lie.toByteArray(), false));
            final ServerPacketReader.Packet error = reader.read();
            assertEquals(NativeProtocol.SERVER_EXCEPTION, error.type());
            assertEquals(117L, error.fields().get(0), error.fields().toString());
            assertEquals(-1, socket.getInputStream().read());
        }
        // an INSERT block that claims far more rows than it carries, then the client goes away
        try (Socket socket = socket())
        {
            final ServerPacketReader reader = new ServerPacketReader(socket.getInputStream(), CLIENT_REVISION, false);
            socket.getOutputStream().write(hello(CLIENT_REVISION));
            reader.read();
            socket.getOutputStream().write(query("INSERT INTO t (id) VALUES", false));
            assertEquals(NativeProtocol.SERVER_DATA, reader.read().type());
            final ByteArrayOutputStream lie = new ByteArrayOutputStream();
            lie.writeBytes(new byte[] {1, 0, 2, -1, -1, -1, -1, 0});
            varint(lie, 1);
            varint(lie, 100_000_000L);
            string(lie, "id");
            string(lie, "UInt64");
            lie.writeBytes(new byte[800]);
            socket.getOutputStream().write(data(lie.toByteArray(), false));
            socket.shutdownOutput();
            assertEquals(-1, socket.getInputStream().read(), "the server hangs up");
        }
        // HTTP on the native port
        try (Socket socket = socket())
        {
            socket.getOutputStream().write("GET /?query=SELECT+1 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(
                StandardCharsets.US_ASCII));
            assertTrue(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .startsWith("HTTP/1.0 400 Bad Request"));
        }
        assertEquals("0\n", server.sql("SELECT count() FROM table(t)").toTsv());
        assertServes();
    }

    @Test
    void externalTablesAreReadAndTheirBadBlocksRefused() throws IOException
    {
        // two blocks of one table, then a query over it
        final byte[] first = uint64Block("n", 1, 2);
        final byte[] second = uint64Block("n", 40);
        List<ServerPacketReader.Packet> packets = queryWithExternal("SELECT count(), sum(n) FROM ext", "ext", first,
            "ext", second);
        assertEquals(List.of("count():UInt64=;sum(n):UInt64=;", "count():UInt64=3;sum(n):UInt64=43;", ""),
            packets.stream().filter(p -> p.type() == NativeProtocol.SERVER_DATA).map(p -> p.fields().get(1)).toList());
        // a later block of the same table with other columns, and a block without a table name
        packets = queryWithExternal("SELECT 1", "ext", first, "ext", uint64Block("m", 1));
        assertEquals(117L, packets.get(packets.size() - 1).fields().get(0));
        packets = queryWithExternal("SELECT 1", "", first);
        assertEquals(117L, packets.get(packets.size() - 1).fields().get(0));
        assertServes();
    }

    @Test
    void anInsertCommitsInPartsOfMaxInsertBlockRows() throws Exception
    {
        server.close();
        server = new NativeFixture(dir.resolve("small-parts"), new NativeSettings().timeZone("Etc/UTC")
            .maxInsertBlockRows(2), java.util.Map.of());
        server.sql("CREATE STREAM t (id uint64)");
        final ServerPacketReader[] reader = new ServerPacketReader[1];
        try (Socket socket = connected(reader, false))
        {
            socket.getOutputStream().write(query("INSERT INTO t (id) VALUES", false));
            assertEquals(NativeProtocol.SERVER_DATA, reader[0].read().type());
            // two rows fill a part, which is committed; the third row waits for more, then a bad block comes
            socket.getOutputStream().write(data(uint64Block("id", 1, 2), false));
            socket.getOutputStream().write(data(uint64Block("id", 3), false));
            socket.getOutputStream().write(data(uint64Block("nosuch", 4), false));
            socket.getOutputStream().write(data(new byte[] {1, 0, 2, -1, -1, -1, -1, 0, 0, 0}, false));
            final ServerPacketReader.Packet error = untilEnd(reader[0]).get(0);
            assertEquals(NativeProtocol.SERVER_EXCEPTION, error.type());
            assertTrue(((String)error.fields().get(2)).endsWith("(2 rows of this INSERT were committed before it, " +
                "in parts of 2 rows)"), error.fields().toString());
        }
        assertEquals("1\n2\n", server.sql("SELECT id FROM table(t) ORDER BY id").toTsv());
    }

    /** An uncompressed block of one UInt64 column. */
    private static byte[] uint64Block(final String column, final long... values)
    {
        final ByteArrayOutputStream block = new ByteArrayOutputStream();
        block.writeBytes(new byte[] {1, 0, 2, -1, -1, -1, -1, 0});
        varint(block, 1);
        varint(block, values.length);
        string(block, column);
        string(block, "UInt64");
        for (final long value : values)
        {
            for (int i = 0; i < 8; i++)
            {
                block.write((int)(value >>> (8 * i)));
            }
        }
        return block.toByteArray();
    }

    /** Sends {@code sql} with external tables ({@code name, block} pairs) and reads the answer until its end. */
    private List<ServerPacketReader.Packet> queryWithExternal(final String sql, final Object... namedBlocks)
        throws IOException
    {
        final ServerPacketReader[] reader = new ServerPacketReader[1];
        try (Socket socket = connected(reader, false))
        {
            final byte[] q = query(sql, false);
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(q, 0, q.length - data(new byte[] {1, 0, 2, -1, -1, -1, -1, 0, 0, 0}, false).length);
            for (int i = 0; i < namedBlocks.length; i += 2)
            {
                out.write(NativeProtocol.CLIENT_DATA);
                string(out, (String)namedBlocks[i]);
                out.writeBytes((byte[])namedBlocks[i + 1]);
            }
            out.writeBytes(data(new byte[] {1, 0, 2, -1, -1, -1, -1, 0, 0, 0}, false));
            socket.getOutputStream().write(out.toByteArray());
            return untilEnd(reader[0]);
        }
    }

    /** A fresh connection still gets answers. */
    private void assertServes() throws IOException
    {
        final ServerPacketReader[] reader = new ServerPacketReader[1];
        try (Socket socket = connected(reader, true))
        {
            socket.getOutputStream().write(query("SELECT 1", true));
            final List<ServerPacketReader.Packet> packets = untilEnd(reader[0]);
            assertEquals(NativeProtocol.SERVER_END_OF_STREAM, packets.get(packets.size() - 1).type());
        }
    }

    @Test
    void mutatedCapturesNeverBreakTheServer() throws IOException
    {
        server.sql("CREATE STREAM ins (id uint64, s string)");
        final List<byte[]> clients = new ArrayList<>();
        for (final List<Segment> connection : capture())
        {
            final ByteArrayOutputStream all = new ByteArrayOutputStream();
            connection.stream().filter(Segment::toServer).forEach(s -> all.writeBytes(s.bytes()));
            clients.add(all.toByteArray());
        }
        final Random random = new Random(42);
        for (int round = 0; round < 300; round++)
        {
            final byte[] bytes = clients.get(random.nextInt(clients.size())).clone();
            final int flips = 1 + random.nextInt(4);
            for (int i = 0; i < flips; i++)
            {
                bytes[random.nextInt(bytes.length)] = (byte)random.nextInt(256);
            }
            final byte[] sent = random.nextInt(5) == 0 ? Arrays.copyOf(bytes, random.nextInt(bytes.length)) : bytes;
            try (Socket socket = socket())
            {
                socket.setSoTimeout(10_000);
                final OutputStream out = socket.getOutputStream();
                out.write(sent);
                socket.shutdownOutput();
                final InputStream in = socket.getInputStream();
                // the server answers and/or hangs up; it never keeps a connection whose client has finished
                in.readAllBytes();
            }
            catch (final SocketTimeoutException e)
            {
                throw new AssertionError("the server kept a finished connection open in round " + round, e);
            }
            catch (final IOException ignored)
            {
                // a reset connection is an answer too
            }
        }
        assertServes();
    }
}
