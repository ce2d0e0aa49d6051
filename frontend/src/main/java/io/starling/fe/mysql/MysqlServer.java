package io.starling.fe.mysql;

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
import io.netty.util.concurrent.GlobalEventExecutor;
import io.starling.fe.auth.UserAuthenticator;
import io.starling.fe.qe.SessionVariables;
import io.starling.fe.qe.StatementExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The MySQL protocol endpoint of an FE (port 9030 by default). Netty event loops decode packets; each connection
 * runs its statements on its own virtual thread (see {@link MysqlConnection}), so a statement may block while its
 * query runs without stalling other connections.
 *
 * <pre>{@code
 * ConnectionRegistry registry = new ConnectionRegistry();
 * MysqlServer server = new MysqlServer(9030, executor, userStore, registry);
 * server.start();          // binds 0.0.0.0; port 0 picks a free port, see port()
 * ...
 * server.stop();
 * }</pre>
 */
public final class MysqlServer implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(MysqlServer.class);
    /**
     * Outbound buffer bounds per connection. A result writer stops encoding above the high mark and resumes below
     * the low one: 1 MiB in flight is enough to keep a 10 Gbit/s link busy over a sub-millisecond RTT and keeps
     * memory per connection small.
     */
    private static final int WRITE_LOW_WATER_MARK = 256 * 1024;
    private static final int WRITE_HIGH_WATER_MARK = 1024 * 1024;
    /** Grace period of event loop shutdown; nothing is pending once channels are closed. */
    private static final long SHUTDOWN_TIMEOUT_SECONDS = 2;

    private final String bindHost;
    private final int requestedPort;
    private final StatementExecutor executor;
    private final UserAuthenticator authenticator;
    private final ConnectionRegistry registry;
    private final long maxAllowedPacket;
    private final AtomicLong questions = new AtomicLong();
    private final ChannelGroup channels = new DefaultChannelGroup("mysql", GlobalEventExecutor.INSTANCE);
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private Channel serverChannel;
    private long startMillis;

    /** A server with its own connection registry; see {@link #registry()}. */
    public MysqlServer(int port, StatementExecutor executor, UserAuthenticator authenticator)
    {
        this(port, executor, authenticator, new ConnectionRegistry());
    }

    public MysqlServer(int port, StatementExecutor executor, UserAuthenticator authenticator, ConnectionRegistry registry)
    {
        this("0.0.0.0", port, executor, authenticator, registry, SessionVariables.DEFAULT_MAX_ALLOWED_PACKET);
    }

    /**
     * @param bindHost         address to listen on ("0.0.0.0" for all)
     * @param port             TCP port, 0 for any free port
     * @param maxAllowedPacket largest client packet accepted; bigger ones get ERR 1153 and the connection closes
     */
    public MysqlServer(String bindHost, int port, StatementExecutor executor, UserAuthenticator authenticator,
            ConnectionRegistry registry, long maxAllowedPacket)
    {
        this.bindHost = Objects.requireNonNull(bindHost);
        this.requestedPort = port;
        this.executor = Objects.requireNonNull(executor);
        this.authenticator = Objects.requireNonNull(authenticator);
        this.registry = Objects.requireNonNull(registry);
        this.maxAllowedPacket = maxAllowedPacket;
    }

    /** Binds and starts accepting connections. */
    public synchronized void start() throws InterruptedException
    {
        if (serverChannel != null) {
            throw new IllegalStateException("already started");
        }
        bossGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workerGroup = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        ServerBootstrap b = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(WRITE_LOW_WATER_MARK, WRITE_HIGH_WATER_MARK))
                .childHandler(new ChannelInitializer<SocketChannel>()
                {
                    @Override
                    protected void initChannel(SocketChannel ch)
                    {
                        channels.add(ch);
                        ch.pipeline().addLast("packets", new MysqlPacketDecoder(maxAllowedPacket));
                        ch.pipeline().addLast("connection", new MysqlChannelHandler(MysqlServer.this));
                    }
                });
        try {
            serverChannel = b.bind(new InetSocketAddress(bindHost, requestedPort)).sync().channel();
        }
        catch (RuntimeException | InterruptedException e) {
            shutdownGroups();
            throw e;
        }
        startMillis = System.currentTimeMillis();
        LOG.info("MySQL protocol listening on {}:{}", bindHost, port());
    }

    /** The bound port (useful after binding port 0). */
    public synchronized int port()
    {
        if (serverChannel == null) {
            throw new IllegalStateException("not started");
        }
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Stops accepting, closes every connection (cancelling running statements) and releases the event loops. */
    public synchronized void stop()
    {
        if (serverChannel == null) {
            return;
        }
        serverChannel.close().syncUninterruptibly();
        serverChannel = null;
        registry.sessions().forEach(s -> s.cancelRunning());
        channels.close().awaitUninterruptibly();
        shutdownGroups();
    }

    @Override
    public void close()
    {
        stop();
    }

    public ConnectionRegistry registry()
    {
        return registry;
    }

    StatementExecutor executor()
    {
        return executor;
    }

    UserAuthenticator authenticator()
    {
        return authenticator;
    }

    long startMillis()
    {
        return startMillis;
    }

    long questions()
    {
        return questions.get();
    }

    void countQuestion()
    {
        questions.incrementAndGet();
    }

    /** One virtual thread per connection: statements block while queries run, and virtual threads are cheap. */
    void startConnectionThread(MysqlConnection connection, long connectionId)
    {
        Thread.ofVirtual().name("mysql-connection-" + connectionId).start(connection);
    }

    private void shutdownGroups()
    {
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS).awaitUninterruptibly();
        }
        if (workerGroup != null) {
            workerGroup.shutdownGracefully(0, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS).awaitUninterruptibly();
        }
        bossGroup = null;
        workerGroup = null;
    }
}
