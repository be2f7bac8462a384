package io.muon.clickhouse.tcp;

import io.muon.clickhouse.auth.Authenticator;
import io.muon.clickhouse.format.ByteSink;
import io.muon.clickhouse.format.ByteSource;
import io.muon.clickhouse.netty.WritabilityGate;
import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.catalog.UserEntry;
import io.muon.sql.engine.QueryCursor;
import io.muon.sql.engine.Session;
import io.muon.sql.engine.SqlEngine;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One connection of ClickHouse's native TCP protocol. Netty's event loop queues what the client sends
 * ({@link ConnectionInput}) and, when bytes are waiting, hands the connection to a query thread, which reads packets
 * as a blocking stream until the queue is empty at a packet boundary: Hello (revision negotiation, authentication),
 * Ping, TablesStatusRequest, and Query ({@link NativeQuery}). Whatever the client sends that breaks the protocol ends
 * the connection with an Exception packet; a client that disconnects cancels its query. The protocol state is touched
 * by one query thread at a time.
 */
final class NativeConnection extends ChannelInboundHandlerAdapter
{
    private static final System.Logger LOG = System.getLogger(NativeConnection.class.getName());

    private final SqlEngine engine;
    private final Authenticator authenticator;
    private final NativeSettings settings;
    private final ExecutorService threads;
    private final Semaphore slots;
    private final WritabilityGate gate = new WritabilityGate();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ByteSink out = new ByteSink(1 << 20);
    private Channel channel;
    private ConnectionInput input;
    private ByteSource raw;
    private volatile QueryCursor running;
    private volatile boolean closed;

    // protocol state, owned by the query thread that holds the connection
    private boolean helloDone;
    private int revision;
    private UserEntry user;
    private Session session;
    private ClientPackets.Hello hello;

    NativeConnection(final SqlEngine engine, final Authenticator authenticator, final NativeSettings settings,
        final ExecutorService threads, final Semaphore slots)
    {
        this.engine = engine;
        this.authenticator = authenticator;
        this.settings = settings;
        this.threads = threads;
        this.slots = slots;
    }

    @Override
    public void channelActive(final ChannelHandlerContext ctx) throws Exception
    {
        channel = ctx.channel();
        input = new ConnectionInput(channel, 8 << 20, settings.receiveTimeoutMillis());
        raw = new ByteSource(input, 64 * 1024);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        input.offer((ByteBuf)msg);
        schedule();
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
        closed = true;
        input.close();
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
        LOG.log(System.Logger.Level.DEBUG, "native connection error: " + cause);
        ctx.close();
    }

    /** Hands the connection to a query thread unless one holds it already. Any thread. */
    private void schedule()
    {
        if (scheduled.compareAndSet(false, true))
        {
            try
            {
                threads.execute(this::drain);
            }
            catch (final RejectedExecutionException e)
            {
                scheduled.set(false);
                channel.close();
            }
        }
    }

    /** Query thread: handles packets while bytes are waiting, then lets the connection go. */
    private void drain()
    {
        try
        {
            while (true)
            {
                if (closed)
                {
                    return;
                }
                if (!raw.hasBuffered() && !input.hasData())
                {
                    scheduled.set(false);
                    // bytes that arrived after the check, before the flag was cleared, would wait forever
                    if (input.hasData() && scheduled.compareAndSet(false, true))
                    {
                        continue;
                    }
                    return;
                }
                if (!packet())
                {
                    closeAfterFlush();
                    return;
                }
            }
        }
        catch (final IOException e)
        {
            LOG.log(System.Logger.Level.DEBUG, "native connection closed: " + e.getMessage());
            channel.close();
        }
        catch (final MuonException e)
        {
            // the packet stream is broken (a malformed or cut packet): say why, then hang up
            LOG.log(System.Logger.Level.DEBUG, "native protocol error from " + channel.remoteAddress() + ": " +
                e.getMessage());
            failAndClose(e);
        }
        catch (final RuntimeException | Error e)
        {
            LOG.log(System.Logger.Level.ERROR, "unexpected failure on a native connection", e);
            failAndClose(new MuonException(ErrorCodes.LOGICAL_ERROR, "Unexpected error: " + e));
        }
    }

    private void failAndClose(final MuonException e)
    {
        try
        {
            out.clear();
            ServerPackets.exception(out, e.code(), e.getMessage());
            send();
        }
        catch (final IOException ignored)
        {
            // the client is gone already
        }
        closeAfterFlush();
    }

    private void closeAfterFlush()
    {
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /** Reads and handles one packet; false when the connection must close. */
    private boolean packet() throws IOException
    {
        if (!helloDone)
        {
            return hello();
        }
        final long type = raw.readVarUInt();
        switch ((int)Math.min(type, Integer.MAX_VALUE))
        {
            case NativeProtocol.CLIENT_PING:
                out.clear();
                ServerPackets.pong(out);
                send();
                return true;
            case NativeProtocol.CLIENT_QUERY:
                return new NativeQuery(this, ClientPackets.readQuery(raw, revision)).run();
            case NativeProtocol.CLIENT_CANCEL:
            case NativeProtocol.CLIENT_KEEP_ALIVE:
                // a Cancel that came after its query ended, or a keep-alive: nothing to answer
                return true;
            case NativeProtocol.CLIENT_TABLES_STATUS_REQUEST:
                tablesStatus(ClientPackets.readTablesStatusRequest(raw));
                return true;
            case NativeProtocol.CLIENT_HELLO:
            case NativeProtocol.CLIENT_DATA:
            case NativeProtocol.CLIENT_SCALAR:
                throw new MuonException(ErrorCodes.UNEXPECTED_PACKET_FROM_CLIENT, "Unexpected packet " +
                    NativeProtocol.clientPacketName(type) + " received from client");
            default:
                throw new MuonException(ErrorCodes.UNKNOWN_PACKET_FROM_CLIENT, "Unknown packet " +
                    Long.toUnsignedString(type) + " from client");
        }
    }

    /** The first packet: Hello, or an HTTP request sent to the wrong port. */
    private boolean hello() throws IOException
    {
        final int first = raw.peek();
        if (first == 'G' || first == 'P' || first == 'H')
        {
            // an HTTP client on the native port: answer in HTTP so it can show why
            final String body = "Port " + ((InetSocketAddress)channel.localAddress()).getPort() + " is for " +
                "clickhouse-client program.\nYou must use the HTTP port for HTTP.\n";
            final byte[] text = ("HTTP/1.0 400 Bad Request\r\nContent-Type: text/plain; charset=UTF-8\r\n" +
                "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" +
                body).getBytes(StandardCharsets.UTF_8);
            channel.writeAndFlush(Unpooled.wrappedBuffer(text));
            return false;
        }
        final long type = raw.readVarUInt();
        if (type != NativeProtocol.CLIENT_HELLO)
        {
            throw new MuonException(ErrorCodes.UNEXPECTED_PACKET_FROM_CLIENT, "Unexpected packet from client " +
                "(expected Hello, got " + NativeProtocol.clientPacketName(type) + ")");
        }
        hello = ClientPackets.readHello(raw);
        if (hello.revision() < NativeProtocol.MIN_CLIENT_REVISION)
        {
            throw new MuonException(ErrorCodes.UNEXPECTED_PACKET_FROM_CLIENT, "Client revision " + hello.revision() +
                " is too old; at least " + NativeProtocol.MIN_CLIENT_REVISION + " is needed");
        }
        revision = (int)Math.min(hello.revision(), NativeProtocol.SERVER_REVISION);
        final InetSocketAddress remote = (InetSocketAddress)channel.remoteAddress();
        user = authenticator.authenticate(hello.user().isEmpty() ? Authenticator.DEFAULT_USER : hello.user(),
            hello.password(), remote == null ? null : remote.getAddress());
        session = new Session(settings.streaming()).user(user.name()).clickHouseTypeNames(true);
        if (user.readonly())
        {
            session.setting("readonly", "1");
        }
        if (!hello.database().isEmpty())
        {
            session.useDatabase(hello.database(), engine.catalog());
        }
        out.clear();
        ServerPackets.hello(out, revision, settings.serverName(), settings.versionPart(0), settings.versionPart(1),
            settings.versionPart(2), settings.timeZone(), settings.displayName());
        send();
        if (revision >= NativeProtocol.REVISION_WITH_ADDENDUM)
        {
            ClientPackets.string(raw);
        }
        helloDone = true;
        LOG.log(System.Logger.Level.DEBUG, "native connection from " + remote + ": " + hello.clientName() + " " +
            hello.major() + "." + hello.minor() + ", revision " + hello.revision() + ", user " + user.name());
        return true;
    }

    private void tablesStatus(final String[][] tables) throws IOException
    {
        final List<String[]> present = new ArrayList<>();
        final var snapshot = engine.catalog().snapshot();
        for (final String[] table : tables)
        {
            if (snapshot.find(table[0], table[1]) != null)
            {
                present.add(table);
            }
        }
        out.clear();
        ServerPackets.tablesStatus(out, present);
        send();
    }

    /** Sends what {@link #out} holds, waiting while the client is slow to read. */
    void send() throws IOException
    {
        send(true);
    }

    /**
     * Writes the packet in {@link #out}; with {@code flush} false it waits in the channel for the next flush (the
     * closing packets of a query go out together with its EndOfStream, in one write to the socket).
     */
    void send(final boolean flush) throws IOException
    {
        if (out.length() == 0)
        {
            return;
        }
        gate.awaitWritable(channel);
        final io.netty.buffer.ByteBuf packet = Unpooled.copiedBuffer(out.buffer(), 0, out.length());
        if (flush)
        {
            channel.writeAndFlush(packet);
        }
        else
        {
            channel.write(packet);
        }
        out.clear();
    }

    /** The buffer a query encodes its blocks in, kept for the connection's next queries. */
    ByteSink blockBuffer()
    {
        return block;
    }

    private final ByteSink block = new ByteSink(1 << 20);

    /**
     * Writes one small whole packet from another thread than the query's (the progress timer), without waiting for
     * the channel to drain: it must never block the timer that serves every connection.
     */
    void sendAside(final ByteSink packet)
    {
        channel.writeAndFlush(Unpooled.copiedBuffer(packet.buffer(), 0, packet.length()));
    }

    // ---- for NativeQuery ----

    SqlEngine engine()
    {
        return engine;
    }

    NativeSettings settings()
    {
        return settings;
    }

    Semaphore slots()
    {
        return slots;
    }

    ByteSink out()
    {
        return out;
    }

    ByteSource raw()
    {
        return raw;
    }

    ConnectionInput input()
    {
        return input;
    }

    int revision()
    {
        return revision;
    }

    UserEntry user()
    {
        return user;
    }

    Session session()
    {
        return session;
    }

    ClientPackets.Hello clientHello()
    {
        return hello;
    }

    /** Registers the running query so a disconnect cancels it (null when it ends). */
    void running(final QueryCursor cursor)
    {
        running = cursor;
        if (cursor != null && closed)
        {
            cursor.cancel();
        }
    }
}
