package io.starling.be.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import io.starling.be.load.BodyPipe;
import io.starling.be.load.StreamLoadExecutor;
import io.starling.be.load.StreamLoadResult;
import io.starling.rpc.proto.StreamLoadBeginResult;
import io.starling.rpc.proto.StreamLoadRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One connection of the BE HTTP port. A Stream Load request goes through these steps:
 * <ol>
 *   <li>headers arrive: socket reads stop (autoRead off) and a load thread asks the FE to authenticate, take the
 *       label and plan ({@link StreamLoadExecutor#begin});</li>
 *   <li>refused: the JSON answer is sent at once with {@code Expect: 100-continue} (the client never sends the
 *       body), otherwise after the body was read and discarded; then the connection closes;</li>
 *   <li>accepted: a {@link BodyPipe} is attached, {@code 100 Continue} is sent if the client expects it, reads
 *       resume, and body chunks flow into the pipe (the pipe pauses reads again when the load falls behind) while
 *       the load thread parses and writes;</li>
 *   <li>the load ends: the JSON answer is sent and the connection closes (the body may be unread after a failure).</li>
 * </ol>
 * A connection that closes before the body's end fails the load ("body cut off"), which aborts its transaction.
 * All fields are touched only on the channel's event loop.
 */
final class BeHttpHandler extends ChannelInboundHandlerAdapter
{
    private static final Logger LOG = LoggerFactory.getLogger(BeHttpHandler.class);
    private static final Pattern STREAM_LOAD = Pattern.compile("^/api/([^/]+)/([^/]+)/_stream_load/?$");

    private final StreamLoadExecutor loads;
    private final ExecutorService loadThreads;
    /** Chunks that arrived after the headers but before the load was begun. */
    private final List<HttpContent> early = new ArrayList<>();
    private boolean loadStarting;
    private boolean bodyEnded;
    private boolean discarding;
    private BodyPipe pipe;
    private FullHttpResponse afterBody;

    BeHttpHandler(StreamLoadExecutor loads, ExecutorService loadThreads)
    {
        this.loads = loads;
        this.loadThreads = loadThreads;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg)
    {
        if (msg instanceof HttpRequest req) {
            request(ctx, req);
        }
        if (msg instanceof HttpContent c) {
            content(ctx, c);
        }
        else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void request(ChannelHandlerContext ctx, HttpRequest req)
    {
        bodyEnded = false;
        discarding = false;
        if (req.decoderResult().isFailure()) {
            send(ctx, HttpResponseStatus.BAD_REQUEST, "{\"Status\":\"Fail\",\"Message\":\"Malformed HTTP request\"}",
                    true);
            return;
        }
        QueryStringDecoder qs = new QueryStringDecoder(req.uri());
        String path = qs.path();
        Matcher m = STREAM_LOAD.matcher(path);
        if (m.matches() && (req.method() == HttpMethod.PUT || req.method() == HttpMethod.POST)) {
            startLoad(ctx, req, QueryStringDecoder.decodeComponent(m.group(1)),
                    QueryStringDecoder.decodeComponent(m.group(2)));
            return;
        }
        discarding = true;
        if (path.equals("/api/health")) {
            send(ctx, HttpResponseStatus.OK, "{\"status\":\"OK\",\"msg\":\"Success\"}", !HttpUtil.isKeepAlive(req));
        }
        else if (path.equals("/api/_load_error_log")) {
            List<String> file = qs.parameters().get("file");
            byte[] body = null;
            try {
                body = loads.errorLogs().read(file == null || file.isEmpty() ? null : file.getFirst());
            }
            catch (java.io.IOException e) {
                LOG.warn("reading error log {} failed", file, e);
            }
            if (body == null) {
                send(ctx, HttpResponseStatus.NOT_FOUND, "{\"Status\":\"Fail\",\"Message\":\"no such error log\"}", true);
            }
            else {
                FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                        Unpooled.wrappedBuffer(body));
                r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
                write(ctx, r, !HttpUtil.isKeepAlive(req));
            }
        }
        else {
            send(ctx, HttpResponseStatus.NOT_FOUND, "{\"Status\":\"Fail\",\"Message\":\"Not found: " + json(path)
                    + "\"}", true);
        }
    }

    private void startLoad(ChannelHandlerContext ctx, HttpRequest req, String db, String table)
    {
        Channel ch = ctx.channel();
        ch.config().setAutoRead(false);
        loadStarting = true;
        Map<String, String> headers = new HashMap<>();
        req.headers().forEach(e -> headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
        BasicAuth auth = BasicAuth.parse(req.headers().get(HttpHeaderNames.AUTHORIZATION));
        boolean expect = HttpUtil.is100ContinueExpected(req);
        String remote = ch.remoteAddress() instanceof InetSocketAddress a ? a.getHostString() : "";
        String hostHeader = req.headers().get(HttpHeaderNames.HOST);
        String base = "http://" + (hostHeader != null ? hostHeader : hostOf(ch));
        StreamLoadRequest.Builder r = StreamLoadRequest.newBuilder().setDb(db).setTable(table).setRemoteHost(remote)
                .putAllHeaders(headers);
        if (auth.user() != null) {
            r.setUser(auth.user()).setPassword(auth.password());
        }
        loadThreads.execute(() -> {
            StreamLoadBeginResult begun = loads.begin(r.build());
            if (!"OK".equals(begun.getStatus())) {
                StreamLoadResult refused = StreamLoadExecutor.refused(begun);
                HttpResponseStatus status = "Unauthorized".equals(begun.getStatus()) ? HttpResponseStatus.UNAUTHORIZED
                        : HttpResponseStatus.OK;
                ch.eventLoop().execute(() -> refuse(ctx, status, refused.toJson(), expect));
                return;
            }
            long deadline = System.nanoTime() + begun.getPlan().getTimeoutSeconds() * 1_000_000_000L;
            BodyPipe p = new BodyPipe(() -> ch.config().setAutoRead(false), () -> ch.eventLoop().execute(() -> {
                ch.config().setAutoRead(true);
                ch.read();
            }), deadline);
            ch.eventLoop().execute(() -> attach(ctx, p, expect));
            StreamLoadResult result;
            try {
                result = loads.load(begun, headers, p, p::received,
                        file -> base + "/api/_load_error_log?file=" + file);
            }
            finally {
                p.close();
            }
            String json = result.toJson();
            ch.eventLoop().execute(() -> {
                pipe = null;
                send(ctx, HttpResponseStatus.OK, json, true);
            });
        });
    }

    private void attach(ChannelHandlerContext ctx, BodyPipe p, boolean expect)
    {
        loadStarting = false;
        pipe = p;
        if (!ctx.channel().isActive() && !bodyEnded) {
            p.fail("the connection closed before the request body arrived");
        }
        if (expect) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
                    Unpooled.EMPTY_BUFFER));
        }
        for (HttpContent c : early) {
            p.offer(c.content());
            c.release();
        }
        early.clear();
        if (bodyEnded) {
            p.end();
        }
        ctx.channel().config().setAutoRead(true);
        ctx.read();
    }

    private void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String json, boolean expect)
    {
        loadStarting = false;
        early.forEach(HttpContent::release);
        early.clear();
        if (expect || bodyEnded || !ctx.channel().isActive()) {
            send(ctx, status, json, true);
            return;
        }
        // the client is sending the body anyway: read and drop it, then answer (closing early could reset the
        // connection before the client reads the answer)
        discarding = true;
        afterBody = response(status, json);
        ctx.channel().config().setAutoRead(true);
        ctx.read();
    }

    private void content(ChannelHandlerContext ctx, HttpContent c)
    {
        boolean last = c instanceof LastHttpContent;
        if (c.decoderResult().isFailure()) {
            if (pipe != null) {
                pipe.fail("malformed request body: " + c.decoderResult().cause());
            }
            c.release();
            return;
        }
        if (loadStarting) {
            early.add(c);
            bodyEnded |= last;
            return;
        }
        try {
            if (pipe != null) {
                pipe.offer(c.content());
                if (last) {
                    pipe.end();
                }
            }
        }
        finally {
            c.release();
        }
        if (last) {
            bodyEnded = true;
            if (afterBody != null) {
                FullHttpResponse r = afterBody;
                afterBody = null;
                write(ctx, r, true);
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx)
    {
        if (pipe != null && !bodyEnded) {
            pipe.fail("the request body was cut off: the connection closed after " + pipe.received()
                    + " bytes, before the end of the body");
        }
        early.forEach(HttpContent::release);
        early.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause)
    {
        LOG.debug("BE HTTP connection error", cause);
        if (pipe != null) {
            pipe.fail("connection error: " + cause.getMessage());
        }
        ctx.close();
    }

    private static FullHttpResponse response(HttpResponseStatus status, String json)
    {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(json.getBytes(StandardCharsets.UTF_8)));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        return r;
    }

    private static void send(ChannelHandlerContext ctx, HttpResponseStatus status, String json, boolean close)
    {
        write(ctx, response(status, json), close);
    }

    private static void write(ChannelHandlerContext ctx, FullHttpResponse r, boolean close)
    {
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
        if (close) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        }
        else {
            ctx.writeAndFlush(r);
        }
    }

    private static String hostOf(Channel ch)
    {
        return ch.localAddress() instanceof InetSocketAddress a ? a.getHostString() + ":" + a.getPort() : "localhost";
    }

    private static String json(String s)
    {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
