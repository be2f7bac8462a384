package io.muon.clickhouse.http;

import io.muon.clickhouse.format.ByteSource;
import io.muon.clickhouse.format.Formats;
import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.catalog.UserEntry;
import io.muon.sql.engine.Execution;
import io.muon.sql.engine.InsertSink;
import io.muon.sql.engine.Session;
import io.muon.sql.engine.SqlEngine;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Proton's ingest API, {@code POST /proton/v1/ingest/streams/<name>}: a body {@code {"columns": [..], "data": [[..],
 * ..]}} (rows as arrays in the order of {@code columns}), or rows as JSON objects one per line (JSONEachRow). The
 * rows go in as one INSERT: all or nothing. A bad body is 400, an unknown stream 404, both with ClickHouse's error
 * text. Runs on the request's query thread.
 */
final class ProtonIngest
{
    private final SqlEngine engine;

    ProtonIngest(final SqlEngine engine)
    {
        this.engine = engine;
    }

    void handle(final HttpQueryHandler handler, final Channel channel, final boolean keepAlive,
        final FullHttpRequest request, final QueryStringDecoder uri, final String rawName)
    {
        final String queryId = java.util.UUID.randomUUID().toString();
        final ResponseState state = new ResponseState(queryId, System.nanoTime());
        try
        {
            final UserEntry user = handler.authenticate(channel, request, uri);
            state.user = user.name();
            final String name = java.net.URLDecoder.decode(rawName, StandardCharsets.UTF_8);
            if (name.isEmpty() || name.contains("/"))
            {
                throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Bad stream name in the ingest path: '" + name + "'");
            }
            final Session session = new Session(true).user(user.name());
            final String database = HttpQueryHandler.parameter(uri, "database");
            if (database != null && !database.isEmpty())
            {
                session.useDatabase(database, engine.catalog());
            }
            if (user.readonly())
            {
                session.setting("readonly", "1");
            }
            final byte[] body = RequestBody.read(request, uri, handler.maxBodyBytes());
            final ByteSource in = new ByteSource(body);
            final List<String> columns = new ArrayList<>();
            final int[] data = columnsAndData(body, columns);
            final String target = quote(name);
            final String sql;
            final ByteSource rows;
            if (data != null)
            {
                final StringBuilder list = new StringBuilder();
                for (final String column : columns)
                {
                    list.append(list.length() == 0 ? "" : ", ").append(quote(column));
                }
                sql = "INSERT INTO " + target + " (" + list + ") FORMAT JSONCompactEachRow";
                rows = new ByteSource(body, data[0], data[1] - data[0]);
            }
            else
            {
                sql = "INSERT INTO " + target + " FORMAT JSONEachRow";
                rows = in;
            }
            try (Execution execution = engine.start(sql, session, queryId, user.name()))
            {
                final InsertSink sink = execution.insert();
                Formats.input(sink.format(), sink.columns(), sink.settings()).parse(rows, sink::add);
                state.writtenRows = sink.commit();
                state.writtenBytes = body.length;
            }
            handler.sendText(channel, keepAlive, HttpResponseStatus.OK, "", null);
        }
        catch (final MuonException e)
        {
            final HttpResponseStatus status = e.code() == ErrorCodes.UNKNOWN_TABLE ||
                e.code() == ErrorCodes.UNKNOWN_DATABASE ? HttpResponseStatus.NOT_FOUND :
                e.code() == ErrorCodes.AUTHENTICATION_FAILED ? HttpResponseStatus.FORBIDDEN :
                HttpStatusCodes.of(e.code()).code() >= 500 && e.code() != ErrorCodes.TOO_MANY_SIMULTANEOUS_QUERIES ?
                HttpResponseStatus.BAD_REQUEST : HttpStatusCodes.of(e.code());
            handler.sendError(channel, keepAlive, status, e, state);
        }
        catch (final IOException e)
        {
            channel.close();
        }
    }

    private static String quote(final String name)
    {
        return "`" + name.replace("\\", "\\\\").replace("`", "\\`") + "`";
    }

    /**
     * For a {@code {"columns": [...], "data": [...]}} body: fills {@code columns} and returns the byte range of the
     * data array; null when the body is not such an object (then it is read as JSONEachRow).
     */
    static int[] columnsAndData(final byte[] body, final List<String> columns)
    {
        final Scanner s = new Scanner(body);
        s.spaces();
        if (s.peek() != '{')
        {
            return null;
        }
        s.at++;
        s.spaces();
        if (s.peek() != '"')
        {
            return null;
        }
        // JSONEachRow objects have ordinary keys; ingest bodies have "columns" and "data"
        final int keyStart = s.at;
        final String firstKey = s.string();
        if (!firstKey.equals("columns") && !firstKey.equals("data"))
        {
            return null;
        }
        s.at = keyStart;
        int[] data = null;
        boolean sawColumns = false;
        while (true)
        {
            s.spaces();
            final String key = s.string();
            s.spaces();
            s.expect(':');
            s.spaces();
            if (key.equals("columns"))
            {
                s.expect('[');
                s.spaces();
                if (s.peek() != ']')
                {
                    while (true)
                    {
                        s.spaces();
                        columns.add(s.string());
                        s.spaces();
                        if (s.peek() == ',')
                        {
                            s.at++;
                            continue;
                        }
                        break;
                    }
                }
                s.expect(']');
                sawColumns = true;
            }
            else if (key.equals("data"))
            {
                final int start = s.at;
                if (s.peek() != '[')
                {
                    throw bad("\"data\" must be an array of row arrays");
                }
                s.skipValue(0);
                data = new int[] {start, s.at};
            }
            else
            {
                throw bad("unknown field \"" + key + "\"; the body has \"columns\" and \"data\"");
            }
            s.spaces();
            if (s.peek() == ',')
            {
                s.at++;
                continue;
            }
            s.expect('}');
            break;
        }
        s.spaces();
        if (s.at < body.length)
        {
            throw bad("unexpected text after the body's object");
        }
        if (!sawColumns || data == null || columns.isEmpty())
        {
            throw bad("the body needs \"columns\" (an array of names) and \"data\" (an array of rows)");
        }
        return data;
    }

    private static MuonException bad(final String why)
    {
        return new MuonException(ErrorCodes.INCORRECT_DATA, "Bad ingest request body: " + why);
    }

    /** A small JSON cursor for the envelope of an ingest body. */
    private static final class Scanner
    {
        final byte[] b;
        int at;

        Scanner(final byte[] b)
        {
            this.b = b;
        }

        int peek()
        {
            return at < b.length ? b[at] & 0xFF : -1;
        }

        void spaces()
        {
            while (at < b.length && (b[at] == ' ' || b[at] == '\n' || b[at] == '\r' || b[at] == '\t'))
            {
                at++;
            }
        }

        void expect(final char c)
        {
            if (peek() != c)
            {
                throw bad("expected '" + c + "' at byte " + at);
            }
            at++;
        }

        String string()
        {
            expect('"');
            final StringBuilder out = new StringBuilder();
            while (true)
            {
                if (at >= b.length)
                {
                    throw bad("a string is not closed");
                }
                final byte c = b[at++];
                if (c == '"')
                {
                    break;
                }
                if (c == '\\')
                {
                    if (at >= b.length)
                    {
                        throw bad("a string is not closed");
                    }
                    final byte e = b[at++];
                    switch (e)
                    {
                        case 'n' -> out.append('\n');
                        case 't' -> out.append('\t');
                        case 'r' -> out.append('\r');
                        case 'b' -> out.append('\b');
                        case 'f' -> out.append('\f');
                        case 'u' ->
                        {
                            if (at + 4 > b.length)
                            {
                                throw bad("a \\u escape is cut short");
                            }
                            try
                            {
                                out.append((char)Integer.parseInt(new String(b, at, 4, StandardCharsets.US_ASCII), 16));
                            }
                            catch (final NumberFormatException ex)
                            {
                                throw bad("a bad \\u escape");
                            }
                            at += 4;
                        }
                        default -> out.append((char)e);
                    }
                    continue;
                }
                // copy a run of plain UTF-8 bytes
                int end = at - 1;
                while (end < b.length && b[end] != '"' && b[end] != '\\')
                {
                    end++;
                }
                out.append(new String(b, at - 1, end - (at - 1), StandardCharsets.UTF_8));
                at = end;
            }
            return out.toString();
        }

        void skipValue(final int depth)
        {
            if (depth > 1000)
            {
                throw bad("nested too deeply");
            }
            spaces();
            final int c = peek();
            if (c == '"')
            {
                string();
                return;
            }
            if (c == '[' || c == '{')
            {
                final int close = c == '[' ? ']' : '}';
                at++;
                spaces();
                if (peek() == close)
                {
                    at++;
                    return;
                }
                while (true)
                {
                    if (c == '{')
                    {
                        spaces();
                        string();
                        spaces();
                        expect(':');
                    }
                    skipValue(depth + 1);
                    spaces();
                    final int next = peek();
                    at++;
                    if (next == close)
                    {
                        return;
                    }
                    if (next != ',')
                    {
                        throw bad("unexpected byte at " + (at - 1));
                    }
                }
            }
            final int start = at;
            while (at < b.length && b[at] != ',' && b[at] != ']' && b[at] != '}' && b[at] != ' ' && b[at] != '\n' &&
                b[at] != '\r' && b[at] != '\t')
            {
                at++;
            }
            if (at == start)
            {
                throw bad("expected a value at byte " + at);
            }
        }
    }
}
