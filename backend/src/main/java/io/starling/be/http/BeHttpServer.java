package io.starling.be.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.starling.be.load.StreamLoadExecutor;

import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The BE's HTTP port (8040 by default, StarRocks' be_http_port): {@code PUT /api/{db}/{table}/_stream_load}
 * (where the FE redirects loads, or called directly), {@code GET /api/_load_error_log?file=...} (a load's ErrorURL)
 * and {@code GET /api/health}. Requests are not aggregated: a load's body streams chunk by chunk into its
 * {@link io.starling.be.load.BodyPipe}; each load runs on a thread of its own pool, never on the event loop.
 */
public final class BeHttpServer implements AutoCloseable
{
    private final StreamLoadExecutor loads;
    private final AtomicInteger threadIds = new AtomicInteger();
    private final ExecutorService loadThreads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "stream-load-" + threadIds.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    private EventLoopGroup group;
    private Channel channel;
    private int port = -1;

    public BeHttpServer(StreamLoadExecutor loads)
    {
        this.loads = loads;
    }

    /** Binds and returns the bound port (pass 0 for an ephemeral port). */
    public int start(String host, int port) throws InterruptedException
    {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>()
                {
                    @Override
                    protected void initChannel(SocketChannel ch)
                    {
                        ch.pipeline().addLast(new HttpServerCodec(), new BeHttpHandler(loads, loadThreads));
                    }
                });
        channel = b.bind(host, port).sync().channel();
        this.port = ((InetSocketAddress) channel.localAddress()).getPort();
        return this.port;
    }

    public int port()
    {
        return port;
    }

    @Override
    public void close()
    {
        if (channel != null) {
            channel.close().awaitUninterruptibly();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        }
        loadThreads.shutdownNow();
    }
}
