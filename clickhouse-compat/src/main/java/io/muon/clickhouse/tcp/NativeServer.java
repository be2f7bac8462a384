package io.muon.clickhouse.tcp;

import io.muon.clickhouse.auth.Authenticator;
import io.muon.sql.engine.SqlEngine;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * ClickHouse's native TCP protocol on one port (7587 batch, 8463 streaming): one Netty event-loop thread
 * ({@code muon-native-<port>}) moves bytes; connections with packets waiting are served on daemon threads
 * {@code muon-native-query-N} (a thread per busy connection, none for an idle one), at most
 * {@code maxConcurrentQueries} queries at once. Started by the server; {@link #close()} stops accepting, closes
 * connections (cancelling their queries) and waits for the threads.
 */
public final class NativeServer implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(NativeServer.class.getName());

    private final SqlEngine engine;
    private final Authenticator authenticator;
    private final NativeSettings settings;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private EventLoopGroup group;
    private ExecutorService threads;
    private Channel channel;

    public NativeServer(final SqlEngine engine, final Authenticator authenticator, final NativeSettings settings)
    {
        this.engine = engine;
        this.authenticator = authenticator;
        this.settings = settings.conclude();
    }

    /** Binds and starts serving; throws if the port cannot be bound. */
    public NativeServer start() throws InterruptedException
    {
        threads = io.muon.clickhouse.netty.QueryThreads.start("muon-native-query");
        final Semaphore slots = new Semaphore(settings.maxConcurrentQueries());
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("muon-native-" + settings.port(), true),
            NioIoHandler.newFactory());
        final ServerBootstrap bootstrap = new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
            .childHandler(new ChannelInitializer<SocketChannel>()
            {
                @Override
                protected void initChannel(final SocketChannel ch)
                {
                    connections.add(ch);
                    ch.pipeline().addLast(new NativeConnection(engine, authenticator, settings, threads, slots));
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
        LOG.log(System.Logger.Level.INFO, "native protocol {0} interface listening on {1}:{2,number,#}",
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
        if (threads != null)
        {
            io.muon.clickhouse.netty.QueryThreads.stop(threads);
            threads = null;
        }
    }
}
