package io.starling.fe.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.starling.fe.load.StreamLoadManager;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The FE's HTTP port (8030 by default): REST endpoints as StarRocks serves them. {@code GET /api/health} (used by
 * Kubernetes probes), handlers registered with {@link #route}, and, when a {@link StreamLoadManager} is attached,
 * Stream Load's entry: {@code PUT /api/{db}/{table}/_stream_load} answers 307 to the BE's HTTP port before any body
 * byte is read, and {@code GET /api/{db}/get_load_state?label=...} reports a load's state. Requests are not
 * aggregated up front (an aggregator would answer {@code Expect: 100-continue} itself and read the load's body):
 * {@link FeHttpHandler} decides per request.
 */
public final class FeHttpServer implements AutoCloseable
{
    /** A handler answers a request with status + JSON body. */
    public record Response(int status, String body)
    {
    }

    /** Largest request body accepted by {@link #route} handlers (they serve small REST calls). */
    static final int MAX_ROUTE_BODY = 1 << 20;

    private final Map<String, Function<FullHttpRequest, Response>> routes = new ConcurrentHashMap<>();
    private final StreamLoadManager loads;
    private final int beHttpPort;
    private EventLoopGroup group;
    private Channel channel;

    /** A server without Stream Load (REST routes only). */
    public FeHttpServer()
    {
        this(null, -1);
    }

    /**
     * @param loads      the FE's Stream Load service (auth, targets, load state), or null
     * @param beHttpPort the BE HTTP port loads are redirected to
     */
    public FeHttpServer(StreamLoadManager loads, int beHttpPort)
    {
        this.loads = loads;
        this.beHttpPort = beHttpPort;
        route("/api/health", req -> new Response(200, "{\"status\":\"OK\",\"msg\":\"Success\"}"));
    }

    /** Registers a handler for an exact path. */
    public void route(String path, Function<FullHttpRequest, Response> handler)
    {
        routes.put(path, handler);
    }

    /** Binds and returns the bound port (pass 0 for an ephemeral port). */
    public int start(String host, int port) throws InterruptedException
    {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>()
                {
                    @Override
                    protected void initChannel(SocketChannel ch)
                    {
                        ch.pipeline().addLast(new HttpServerCodec(), new FeHttpHandler(routes, loads, beHttpPort));
                    }
                });
        channel = b.bind(host, port).sync().channel();
        return ((InetSocketAddress) channel.localAddress()).getPort();
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
    }
}
