package io.starling.fe.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The FE's HTTP port (8030 by default): REST endpoints as StarRocks serves them. For now {@code GET /api/health}
 * (used by Kubernetes probes) and whatever handlers are registered with {@link #route}; Stream Load arrives here
 * too (issue: TPC-H/SSB loading).
 */
public final class FeHttpServer implements AutoCloseable
{
    /** A handler answers a request with status + JSON body. */
    public record Response(int status, String body)
    {
    }

    private final Map<String, Function<FullHttpRequest, Response>> routes = new ConcurrentHashMap<>();
    private EventLoopGroup group;
    private Channel channel;

    public FeHttpServer()
    {
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
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20), new Handler());
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
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest>
    {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req)
        {
            String path = new QueryStringDecoder(req.uri()).path();
            Function<FullHttpRequest, Response> h = routes.get(path);
            Response r;
            try {
                r = h == null ? new Response(404, "{\"status\":\"FAILED\",\"msg\":\"Not found: " + path + "\"}") : h.apply(req);
            }
            catch (RuntimeException e) {
                r = new Response(500, "{\"status\":\"FAILED\",\"msg\":\"" + String.valueOf(e.getMessage()).replace("\"", "'") + "\"}");
            }
            byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
            FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()),
                    Unpooled.wrappedBuffer(body));
            resp.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            resp.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            if (keepAlive) {
                ctx.writeAndFlush(resp);
            }
            else {
                ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }
}
