package io.muon.clickhouse.http;

import io.muon.clickhouse.auth.Authenticator;
import io.muon.sql.engine.SqlEngine;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * ClickHouse's HTTP interface on one port (8123 batch, 3218 streaming): Netty's HTTP/1.1 codec on one event-loop
 * thread ({@code muon-http-<port>}), requests aggregated up to {@code maxBodyBytes} (413 beyond), queries run on
 * daemon threads {@code muon-http-query-N}, at most {@code maxConcurrentQueries} at once. Started by the server;
 * {@link #close()} stops accepting, closes connections (cancelling their queries) and waits for the threads.
 */
public final class HttpServer implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(HttpServer.class.getName());

    private final SqlEngine engine;
    private final Authenticator authenticator;
    private final HttpSettings settings;
    private final HttpSessions sessions = new HttpSessions();
    private EventLoopGroup group;
    private ExecutorService queries;
    private Channel channel;
    /** Every open client connection, closed (cancelling its query) when the server stops. */
    private final io.netty.channel.group.ChannelGroup connections =
        new io.netty.channel.group.DefaultChannelGroup(io.netty.util.concurrent.GlobalEventExecutor.INSTANCE);

    public HttpServer(final SqlEngine engine, final Authenticator authenticator, final HttpSettings settings)
    {
        this.engine = engine;
        this.authenticator = authenticator;
        this.settings = settings.conclude();
    }

    /** Binds and starts serving; throws if the port cannot be bound. */
    public HttpServer start() throws InterruptedException
    {
        queries = io.muon.clickhouse.netty.QueryThreads.start("muon-http-query");
        final Semaphore slots = new Semaphore(settings.maxConcurrentQueries());
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("muon-http-" + settings.port(), true),
            NioIoHandler.newFactory());
        final ServerBootstrap bootstrap = new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
            .childHandler(new ChannelInitializer<SocketChannel>()
            {
                @Override
                protected void initChannel(final SocketChannel ch)
                {
                    connections.add(ch);
                    ch.pipeline()
                        .addLast(new HttpServerCodec(settings.maxUriBytes(), settings.maxHeaderBytes(), 64 * 1024))
                        .addLast(new HttpServerExpectContinueHandler())
                        .addLast(new HttpObjectAggregator(settings.maxBodyBytes(), true))
                        .addLast(new HttpQueryHandler(engine, authenticator, settings, queries, slots, sessions));
                }
            });
        try
        {
            channel = bootstrap.bind(new InetSocketAddress(settings.host(), settings.port())).sync().channel();
        }
        catch (final InterruptedException | RuntimeException e)
        {
            close();
            throw e;
        }
        final InetSocketAddress address = address();
        LOG.log(System.Logger.Level.INFO, "HTTP {0} interface listening on http://{1}:{2,number,#}/",
            settings.streaming() ? "streaming" : "batch", address.getAddress().getHostAddress(), address.getPort());
        return this;
    }

    /** Where it listens (the actual port when 0 was asked for). */
    public InetSocketAddress address()
    {
        return (InetSocketAddress)channel.localAddress();
    }

    @Override
    public void close()
    {
        if (channel != null)
        {
            channel.close().syncUninterruptibly();
            channel = null;
        }
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (group != null)
        {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            group = null;
        }
        if (queries != null)
        {
            io.muon.clickhouse.netty.QueryThreads.stop(queries);
            queries = null;
        }
    }
}
