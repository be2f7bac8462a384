package io.muon.clickhouse.http;

import io.muon.clickhouse.auth.Authenticator;
import io.muon.clickhouse.format.ByteSink;
import io.muon.clickhouse.format.ByteSource;
import io.muon.clickhouse.format.Formats;
import io.muon.clickhouse.format.InputFormat;
import io.muon.clickhouse.format.OutputFormat;
import io.muon.clickhouse.netty.QueryParameters;
import io.muon.clickhouse.netty.WritabilityGate;
import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.catalog.UserEntry;
import io.muon.kernel.vector.Batch;
import io.muon.sql.engine.Execution;
import io.muon.sql.engine.InsertSink;
import io.muon.sql.engine.QueryCursor;
import io.muon.sql.engine.Session;
import io.muon.sql.engine.SqlEngine;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;

/**
 * One HTTP connection of ClickHouse's HTTP interface (and Proton's ingest API): takes a request from Netty's event
 * loop, stops reading further requests on the connection (so pipelined requests are answered in order), and runs it on
 * a query thread: authentication, settings from URL parameters, the query from the {@code query} parameter and/or the
 * body, INSERT data parsed in its format, results written in theirs. A client that disconnects cancels its query.
 * Created per connection; its query state is touched by one query thread at a time.
 */
final class HttpQueryHandler extends SimpleChannelInboundHandler<FullHttpRequest>
{
    private static final System.Logger LOG = System.getLogger(HttpQueryHandler.class.getName());

    /** URL parameters that are not settings. */
    private static final Set<String> NOT_SETTINGS = Set.of("query", "database", "default_format", "user", "password",
        "quota_key", "query_id", "session_id", "session_timeout", "session_check", "compress", "decompress",
        "buffer_size", "wait_end_of_query", "stacktrace", "role", "client_protocol_version", "default_session_timeout");

    private final SqlEngine engine;
    private final Authenticator authenticator;
    private final HttpSettings settings;
    private final ExecutorService queries;
    private final Semaphore slots;
    private final HttpSessions sessions;
    private final WritabilityGate gate = new WritabilityGate();
    private volatile QueryCursor running;
    private volatile boolean inactive;
    /** Requests read but not yet started, and whether one is running; touched on the event loop only. */
    private final java.util.ArrayDeque<FullHttpRequest> waiting = new java.util.ArrayDeque<>();
    private static final int MAX_PIPELINED = 16;
    /** A complete {@code INSERT INTO … FORMAT name} with no data after the format name. */
    private static final java.util.regex.Pattern INSERT_WITH_FORMAT = java.util.regex.Pattern.compile(
        "(?is)\\s*INSERT\\s+INTO\\s+.+?\\s+FORMAT\\s+[A-Za-z0-9_]+\\s*");
    private boolean busy;

    HttpQueryHandler(final SqlEngine engine, final Authenticator authenticator, final HttpSettings settings,
        final ExecutorService queries, final Semaphore slots, final HttpSessions sessions)
    {
        this.engine = engine;
        this.authenticator = authenticator;
        this.settings = settings;
        this.queries = queries;
        this.slots = slots;
        this.sessions = sessions;
    }

    /** The largest request body accepted. */
    int maxBodyBytes()
    {
        return settings.maxBodyBytes();
    }

    @Override
    public void channelWritabilityChanged(final ChannelHandlerContext ctx) throws Exception
    {
        gate.signal();
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) throws Exception
    {
        inactive = true;
        FullHttpRequest dropped;
        while ((dropped = waiting.poll()) != null)
        {
            dropped.release();
        }
        final QueryCursor cursor = running;
        if (cursor != null)
        {
            cursor.cancel();
        }
        gate.signal();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        LOG.log(System.Logger.Level.DEBUG, "HTTP connection error: " + cause);
        ctx.close();
    }

    @Override
    protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        // one request at a time per connection, in order: pipelined requests wait here (event loop only). Reading
        // goes on while a query runs, so a client that disconnects is noticed and cancels it; only a client that
        // pipelines many requests is stopped from sending more until they are answered.
        waiting.add(request.retain());
        if (waiting.size() >= MAX_PIPELINED)
        {
            ctx.channel().config().setAutoRead(false);
        }
        if (!busy)
        {
            dispatchNext(ctx.channel());
        }
    }

    /** Starts the next waiting request on a query thread, or reads more from the client. Event loop only. */
    private void dispatchNext(final Channel channel)
    {
        final FullHttpRequest next = waiting.poll();
        if (!channel.config().isAutoRead() && waiting.size() < MAX_PIPELINED)
        {
            channel.config().setAutoRead(true);
            channel.read();
        }
        if (next == null)
        {
            busy = false;
            return;
        }
        busy = true;
        try
        {
            queries.execute(() ->
            {
                try
                {
                    handle(channel, next);
                }
                finally
                {
                    next.release();
                }
            });
        }
        catch (final java.util.concurrent.RejectedExecutionException e)
        {
            next.release();
            channel.close();
        }
    }

    private void handle(final Channel channel, final FullHttpRequest request)
    {
        if (!request.decoderResult().isSuccess())
        {
            final Throwable cause = request.decoderResult().cause();
            final boolean tooLong = cause instanceof io.netty.handler.codec.TooLongFrameException;
            sendError(channel, false, tooLong ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE :
                HttpResponseStatus.BAD_REQUEST, new MuonException(ErrorCodes.BAD_ARGUMENTS, "Malformed HTTP request: " +
                (cause == null ? "?" : cause.getMessage())), null);
            return;
        }
        final boolean keepAlive = HttpUtil.isKeepAlive(request);
        final QueryStringDecoder uri = new QueryStringDecoder(request.uri(), StandardCharsets.UTF_8);
        final String path = uri.path();
        try
        {
            if (path.equals("/ping") || path.equals("/") && request.method() == HttpMethod.GET &&
                uri.parameters().isEmpty() && !request.content().isReadable())
            {
                sendText(channel, keepAlive, HttpResponseStatus.OK, "Ok.\n", null);
                return;
            }
            if (path.equals("/replicas_status"))
            {
                sendText(channel, keepAlive, HttpResponseStatus.OK, "Ok.\n", null);
                return;
            }
            if (path.startsWith("/proton/v1/ingest/streams/"))
            {
                if (request.method() != HttpMethod.POST)
                {
                    sendText(channel, keepAlive, HttpResponseStatus.METHOD_NOT_ALLOWED, "Use POST to ingest\n", null);
                    return;
                }
                new ProtonIngest(engine).handle(this, channel, keepAlive, request, uri,
                    path.substring("/proton/v1/ingest/streams/".length()));
                return;
            }
            if (!path.equals("/") && !path.equals("/query"))
            {
                sendText(channel, keepAlive, HttpResponseStatus.NOT_FOUND, "There is no handle " + path +
                    "\n\nUse / or /ping for health checks.\n", null);
                return;
            }
            if (request.method() != HttpMethod.GET && request.method() != HttpMethod.POST &&
                request.method() != HttpMethod.HEAD)
            {
                sendText(channel, keepAlive, HttpResponseStatus.METHOD_NOT_ALLOWED, "Only GET and POST are allowed\n",
                    null);
                return;
            }
            query(channel, keepAlive, request, uri);
        }
        catch (final RuntimeException | Error e)
        {
            LOG.log(System.Logger.Level.ERROR, "unexpected failure answering " + path, e);
            sendError(channel, keepAlive, HttpResponseStatus.INTERNAL_SERVER_ERROR, new MuonException(
                ErrorCodes.LOGICAL_ERROR, "Unexpected error: " + e), null);
        }
    }

    /** The last value of a URL parameter, or null. */
    static String parameter(final QueryStringDecoder uri, final String name)
    {
        final List<String> values = uri.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
    }

    /** Who the request says it is: ClickHouse headers, Basic auth or URL parameters (only one way at a time). */
    UserEntry authenticate(final Channel channel, final FullHttpRequest request, final QueryStringDecoder uri)
    {
        String user = request.headers().get("X-ClickHouse-User");
        String password = request.headers().get("X-ClickHouse-Key");
        final String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        final String userParameter = parameter(uri, "user");
        final String passwordParameter = parameter(uri, "password");
        int ways = (user != null || password != null ? 1 : 0) + (authorization != null ? 1 : 0) +
            (userParameter != null || passwordParameter != null ? 1 : 0);
        if (ways > 1)
        {
            throw new MuonException(ErrorCodes.AUTHENTICATION_FAILED, "Invalid authentication: it is not allowed to " +
                "use Authorization HTTP header and authentication via parameters or X-ClickHouse-* headers " +
                "simultaneously");
        }
        if (authorization != null)
        {
            if (!authorization.regionMatches(true, 0, "Basic ", 0, 6))
            {
                throw new MuonException(ErrorCodes.AUTHENTICATION_FAILED, "Invalid authentication: only Basic " +
                    "authorization is supported");
            }
            final String decoded;
            try
            {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
            }
            catch (final IllegalArgumentException e)
            {
                throw new MuonException(ErrorCodes.AUTHENTICATION_FAILED, "Invalid authentication: malformed Basic " +
                    "credentials");
            }
            final int colon = decoded.indexOf(':');
            user = colon < 0 ? decoded : decoded.substring(0, colon);
            password = colon < 0 ? "" : decoded.substring(colon + 1);
        }
        else if (userParameter != null || passwordParameter != null)
        {
            user = userParameter;
            password = passwordParameter;
        }
        final InetSocketAddress remote = (InetSocketAddress)channel.remoteAddress();
        return authenticator.authenticate(user, password, remote == null ? null : remote.getAddress());
    }

    private void query(final Channel channel, final boolean keepAlive, final FullHttpRequest request,
        final QueryStringDecoder uri)
    {
        final long started = System.nanoTime();
        String queryId = parameter(uri, "query_id");
        if (queryId == null || queryId.isEmpty())
        {
            queryId = java.util.UUID.randomUUID().toString();
        }
        final ResponseState state = new ResponseState(queryId, started);
        if (!slots.tryAcquire())
        {
            sendError(channel, keepAlive, HttpResponseStatus.SERVICE_UNAVAILABLE, new MuonException(
                ErrorCodes.TOO_MANY_SIMULTANEOUS_QUERIES, "Too many simultaneous queries. Maximum: " +
                settings.maxConcurrentQueries()), state);
            return;
        }
        HttpSessions.Lease lease = null;
        try
        {
            final UserEntry user = authenticate(channel, request, uri);
            state.user = user.name();
            final String sessionId = parameter(uri, "session_id");
            if (sessionId != null && !sessionId.isEmpty())
            {
                lease = sessions.acquire(user.name() + "\0" + sessionId, parameter(uri, "session_timeout"),
                    "1".equals(parameter(uri, "session_check")), () -> new Session(settings.streaming()));
            }
            final Session session = (lease != null ? lease.session() : new Session(settings.streaming()))
                .user(user.name()).clickHouseTypeNames(true);
            final String database = firstNonNull(request.headers().get("X-ClickHouse-Database"),
                parameter(uri, "database"));
            if (database != null && !database.isEmpty())
            {
                session.useDatabase(database, engine.catalog());
            }
            if (user.readonly())
            {
                session.setting("readonly", "1");
            }
            else if (request.method() == HttpMethod.GET && !session.settings().containsKey("readonly"))
            {
                session.setting("readonly", "2");
            }
            for (final Map.Entry<String, List<String>> parameter : uri.parameters().entrySet())
            {
                final String name = parameter.getKey();
                if (NOT_SETTINGS.contains(name) || name.startsWith("param_") || parameter.getValue().isEmpty())
                {
                    continue;
                }
                if (name.equals("readonly") && user.readonly())
                {
                    continue;
                }
                session.setting(name, parameter.getValue().get(parameter.getValue().size() - 1));
            }
            state.settings = session.settings();
            final byte[] body = RequestBody.read(request, uri, settings.maxBodyBytes());
            final String queryParameter = parameter(uri, "query");
            // INSERT … FORMAT f in the parameter and the data in the body, as drivers send it: the body is parsed in
            // place instead of being copied behind the statement
            final boolean dataOnly = queryParameter != null && body.length > 0 &&
                INSERT_WITH_FORMAT.matcher(queryParameter).matches();
            final byte[] text = queryParameter == null || dataOnly ? body : concat(queryParameter, body);
            if (text.length == 0)
            {
                throw new MuonException(ErrorCodes.SYNTAX_ERROR, "Empty query");
            }
            run(channel, keepAlive, request, uri, session, text, dataOnly ? queryParameter : null, state);
        }
        catch (final MuonException e)
        {
            sendError(channel, keepAlive, HttpStatusCodes.of(e.code()), e, state);
        }
        catch (final IOException e)
        {
            LOG.log(System.Logger.Level.DEBUG, "query " + queryId + ": " + e.getMessage());
            channel.close();
        }
        finally
        {
            if (lease != null)
            {
                lease.release();
            }
            slots.release();
        }
    }

    private static String firstNonNull(final String a, final String b)
    {
        return a != null ? a : b;
    }

    private static byte[] concat(final String query, final byte[] body)
    {
        final byte[] head = query.getBytes(StandardCharsets.UTF_8);
        if (body.length == 0)
        {
            return head;
        }
        final byte[] all = new byte[head.length + 1 + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        all[head.length] = '\n';
        System.arraycopy(body, 0, all, head.length + 1, body.length);
        return all;
    }

    /** Picks the response content encoding: with enable_http_compression, the first the client accepts. */
    private static String contentEncoding(final FullHttpRequest request, final Map<String, Object> settings)
    {
        if (!Boolean.TRUE.equals(settings.get("enable_http_compression")))
        {
            return null;
        }
        final String accept = request.headers().get(HttpHeaderNames.ACCEPT_ENCODING);
        if (accept == null)
        {
            return null;
        }
        for (final String part : accept.split(","))
        {
            final String name = part.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
            if (name.equals("gzip") || name.equals("deflate") || name.equals("zstd") || name.equals("lz4"))
            {
                return name;
            }
        }
        return null;
    }

    /**
     * Runs the statement at the start of {@code text} (the rest is INSERT data), or {@code statement} when the
     * statement came alone and all of {@code text} is data.
     */
    private void run(final Channel channel, final boolean keepAlive, final FullHttpRequest request,
        final QueryStringDecoder uri, final Session session, final byte[] text, final String statement,
        final ResponseState state) throws IOException
    {
        final long maxQuerySize = session.settings().get("max_query_size") instanceof Long l ? l : 262_144L;
        final int head = statement != null ? 0 : (int)Math.min(text.length, maxQuerySize);
        final String original = statement != null ? statement : new String(text, 0, head, StandardCharsets.UTF_8);
        final boolean parameters = uri.parameters().keySet().stream().anyMatch(name -> name.startsWith("param_"));
        final String sql = parameters ? QueryParameters.substitute(original, name -> parameter(uri, "param_" + name)) :
            original;
        final Execution execution;
        try
        {
            execution = engine.start(sql, session, state.queryId, state.user);
        }
        catch (final MuonException e)
        {
            if (e.code() == ErrorCodes.SYNTAX_ERROR && statement == null && text.length > maxQuerySize)
            {
                throw new MuonException(ErrorCodes.SYNTAX_ERROR, e.getMessage() + " (the query is longer than " +
                    "max_query_size = " + maxQuerySize + " bytes)");
            }
            throw e;
        }
        try (execution)
        {
            if (execution.insert() != null)
            {
                insert(execution.insert(), text, statement != null ? 0 : -1, sql, state);
                state.contentType = "text/plain; charset=UTF-8";
                final ResponseBody body = new ResponseBody(channel, gate, true, false, null,
                    () -> state.headers(settings.displayName(), keepAlive, null));
                body.finish();
                afterResponse(channel, keepAlive);
                return;
            }
            if (head < text.length)
            {
                throw new MuonException(ErrorCodes.QUERY_IS_TOO_LARGE, "Max query size exceeded: the query is " +
                    text.length + " bytes, max_query_size is " + maxQuerySize);
            }
            final QueryCursor cursor = execution.cursor();
            if (cursor == null)
            {
                state.writtenRows = execution.writtenRows();
                final ResponseBody body = new ResponseBody(channel, gate, true, false, null,
                    () -> state.headers(settings.displayName(), keepAlive, null));
                body.finish();
                afterResponse(channel, keepAlive);
                return;
            }
            state.cursor = cursor;
            running = cursor;
            if (inactive)
            {
                cursor.cancel();
            }
            final String formatName = execution.format() != null ? execution.format() :
                firstNonNull(firstNonNull(request.headers().get("X-ClickHouse-Format"), parameter(uri, "default_format")),
                    session.settings().get("default_format") instanceof String s && !s.isEmpty() ? s : "TabSeparated");
            state.format = Formats.canonical(formatName);
            writeResult(channel, keepAlive, request, uri, cursor, state);
        }
        finally
        {
            running = null;
        }
    }

    /** Parses the data ({@code text} from {@code dataStart}, or after the statement when it is -1) and appends it. */
    private void insert(final InsertSink sink, final byte[] text, final int dataStart, final String sql,
        final ResponseState state)
    {
        // the data starts where the statement's inline data starts; what follows max_query_size is data too
        final String inline = sink.inlineData();
        final int statementBytes = dataStart >= 0 ? dataStart : sql.substring(0, sql.length() - inline.length())
            .getBytes(StandardCharsets.UTF_8).length;
        final InputFormat format = Formats.input(sink.format(), sink.columns(), sink.settings());
        final ByteSource data = new ByteSource(text, Math.min(statementBytes, text.length),
            text.length - Math.min(statementBytes, text.length));
        format.parse(data, sink::add);
        state.writtenRows = sink.commit();
        state.writtenBytes = data.limit() - Math.min(statementBytes, text.length);
    }

    private void writeResult(final Channel channel, final boolean keepAlive, final FullHttpRequest request,
        final QueryStringDecoder uri, final QueryCursor cursor, final ResponseState state) throws IOException
    {
        final ByteSink sink = new ByteSink(256 * 1024);
        final OutputFormat format = Formats.output(state.format, sink);
        state.contentType = format.contentType();
        final boolean waitEnd = !cursor.isStreaming() && ("1".equals(parameter(uri, "wait_end_of_query")) ||
            Boolean.TRUE.equals(state.settings.get("wait_end_of_query")));
        final String encoding = contentEncoding(request, state.settings);
        final boolean frame = "1".equals(parameter(uri, "compress"));
        final ResponseBody body = new ResponseBody(channel, gate, waitEnd, frame, encoding,
            () -> state.headers(settings.displayName(), keepAlive, encoding));
        try
        {
            format.begin(cursor.columns());
            if (cursor.isStreaming())
            {
                drain(sink, body, state);
                body.flush();
            }
            Batch batch;
            while ((batch = cursor.next()) != null)
            {
                format.write(batch);
                // a streaming query's rows go out as they are emitted, one chunk per batch
                if (sink.shouldDrain() || cursor.isStreaming())
                {
                    drain(sink, body, state);
                }
                if (cursor.isStreaming())
                {
                    body.flush();
                }
            }
            final Batch totals = cursor.totals();
            if (totals != null)
            {
                format.totals(totals);
            }
            format.end(new OutputFormat.Statistics(cursor.resultRows(), (System.nanoTime() - state.started) / 1e9,
                cursor.readRows(), cursor.readBytes(), cursor.appliedLimit() ? cursor.rowsBeforeLimit() : -1));
        }
        catch (final MuonException e)
        {
            if (!body.started())
            {
                throw e;
            }
            // headers are gone: the error goes into the body, as ClickHouse writes it
            LOG.log(System.Logger.Level.DEBUG, "query " + state.queryId + " failed while streaming: " + e.getMessage());
            format.error(errorText(e));
        }
        drain(sink, body, state);
        body.finish();
        afterResponse(channel, keepAlive);
    }

    private static void drain(final ByteSink sink, final ResponseBody body, final ResponseState state)
        throws IOException
    {
        if (sink.length() > 0)
        {
            body.write(sink.buffer(), 0, sink.length());
            state.resultBytes += sink.length();
            sink.clear();
        }
    }

    /** Reads the next request on a kept-alive connection, or closes it. */
    void afterResponse(final Channel channel, final boolean keepAlive)
    {
        if (!keepAlive)
        {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        channel.eventLoop().execute(() -> dispatchNext(channel));
    }

    String errorText(final MuonException e)
    {
        return e.toClickHouseText() + " (" + e.codeName() + ") (version " + settings.serverVersion() + ")";
    }

    void sendText(final Channel channel, final boolean keepAlive, final HttpResponseStatus status, final String text,
        final HttpHeaders extra)
    {
        final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
            Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8");
        response.headers().set("X-ClickHouse-Server-Display-Name", settings.displayName());
        if (extra != null)
        {
            response.headers().add(extra);
        }
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        response.headers().set(HttpHeaderNames.CONNECTION, keepAlive ? "Keep-Alive" : "close");
        channel.writeAndFlush(response);
        afterResponse(channel, keepAlive);
    }

    void sendError(final Channel channel, final boolean keepAlive, final HttpResponseStatus status,
        final MuonException e, final ResponseState state)
    {
        final HttpHeaders extra = new DefaultHttpHeaders();
        extra.set("X-ClickHouse-Exception-Code", e.code());
        if (state != null)
        {
            extra.set("X-ClickHouse-Query-Id", state.queryId);
            extra.set("X-ClickHouse-Summary", state.summary());
        }
        if (e.code() == ErrorCodes.REQUIRED_PASSWORD)
        {
            extra.set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"ClickHouse server HTTP API\"");
        }
        sendText(channel, keepAlive && channel.isActive(), status, errorText(e) + "\n", extra);
    }
}
