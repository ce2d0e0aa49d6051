package io.starling.fe.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
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
import io.starling.fe.load.StreamLoadManager;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One connection of the FE HTTP port. Stream Load requests are answered as soon as their headers arrive (401 for
 * bad credentials, a Fail JSON for an unknown database or table, otherwise 307 to the BE), never with
 * {@code 100 Continue}: a client that sent {@code Expect: 100-continue} then sends its body only to the BE. The
 * connection closes after the answer; if the client sends the body anyway it is dropped unread until its end (so
 * closing does not reset the connection before the client read the redirect). Other paths are aggregated up to
 * {@link FeHttpServer#MAX_ROUTE_BODY} and dispatched to the registered routes.
 */
final class FeHttpHandler extends ChannelInboundHandlerAdapter
{
    private static final Pattern STREAM_LOAD = Pattern.compile("^/api/([^/]+)/([^/]+)/_stream_load/?$");
    private static final Pattern LOAD_STATE = Pattern.compile("^/api/([^/]+)/get_load_state/?$");

    private final Map<String, Function<FullHttpRequest, FeHttpServer.Response>> routes;
    private final StreamLoadManager loads;
    private final int beHttpPort;
    /** After a stream-load answer: drop body bytes until the request ends, then close. */
    private boolean dropping;
    private HttpRequest pending;
    private CompositeByteBuf body;

    FeHttpHandler(Map<String, Function<FullHttpRequest, FeHttpServer.Response>> routes, StreamLoadManager loads,
            int beHttpPort)
    {
        this.routes = routes;
        this.loads = loads;
        this.beHttpPort = beHttpPort;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg)
    {
        try {
            if (msg instanceof HttpRequest req) {
                request(ctx, req);
            }
            if (msg instanceof HttpContent c) {
                content(ctx, c);
            }
        }
        finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void request(ChannelHandlerContext ctx, HttpRequest req)
    {
        String path = new QueryStringDecoder(req.uri()).path();
        Matcher m = STREAM_LOAD.matcher(path);
        if (loads != null && m.matches()) {
            streamLoad(ctx, req, QueryStringDecoder.decodeComponent(m.group(1)),
                    QueryStringDecoder.decodeComponent(m.group(2)));
            return;
        }
        pending = req;
        body = ctx.alloc().compositeBuffer();
    }

    private void content(ChannelHandlerContext ctx, HttpContent c)
    {
        boolean last = c instanceof LastHttpContent;
        if (dropping) {
            if (last) {
                dropping = false;
                ctx.close();
            }
            return;
        }
        if (pending == null) {
            return;
        }
        if (body.readableBytes() + c.content().readableBytes() > FeHttpServer.MAX_ROUTE_BODY) {
            body.release();
            pending = null;
            send(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "{\"status\":\"FAILED\",\"msg\":\"request body too large\"}",
                    true);
            return;
        }
        body.addComponent(true, c.content().retain());
        if (last) {
            HttpRequest req = pending;
            pending = null;
            FullHttpRequest full = new DefaultFullHttpRequest(req.protocolVersion(), req.method(), req.uri(), body,
                    req.headers(), ((LastHttpContent) c).trailingHeaders());
            body = null;
            try {
                route(ctx, full);
            }
            finally {
                full.release();
            }
        }
    }

    private void route(ChannelHandlerContext ctx, FullHttpRequest req)
    {
        QueryStringDecoder qs = new QueryStringDecoder(req.uri());
        boolean close = !HttpUtil.isKeepAlive(req);
        Matcher state = LOAD_STATE.matcher(qs.path());
        if (loads != null && state.matches() && req.method() == HttpMethod.GET) {
            String[] cred = credentials(req);
            if (!loads.authenticate(cred[0], cred[1])) {
                send(ctx, HttpResponseStatus.UNAUTHORIZED, unauthorized(cred[0]), close);
                return;
            }
            List<String> label = qs.parameters().get("label");
            String db = QueryStringDecoder.decodeComponent(state.group(1));
            if (label == null || label.isEmpty() || label.getFirst().isEmpty()) {
                send(ctx, HttpResponseStatus.OK, "{\"Status\":\"Fail\",\"Message\":\"No label specified\",\"State\":\"UNKNOWN\"}",
                        close);
                return;
            }
            String s = loads.loadState(db, label.getFirst());
            send(ctx, HttpResponseStatus.OK, "{\"Status\":\"OK\",\"Message\":\"\",\"State\":\"" + s + "\"}", close);
            return;
        }
        Function<FullHttpRequest, FeHttpServer.Response> h = routes.get(qs.path());
        FeHttpServer.Response r;
        try {
            r = h == null ? new FeHttpServer.Response(404, "{\"status\":\"FAILED\",\"msg\":\"Not found: "
                    + escape(qs.path()) + "\"}") : h.apply(req);
        }
        catch (RuntimeException e) {
            r = new FeHttpServer.Response(500, "{\"status\":\"FAILED\",\"msg\":\"" + escape(String.valueOf(e.getMessage()))
                    + "\"}");
        }
        send(ctx, HttpResponseStatus.valueOf(r.status()), r.body(), close);
    }

    /** Answers a Stream Load request from its headers alone (see the class comment). */
    private void streamLoad(ChannelHandlerContext ctx, HttpRequest req, String db, String table)
    {
        boolean expectsBody = HttpUtil.is100ContinueExpected(req) ? false
                : HttpUtil.isTransferEncodingChunked(req) || HttpUtil.getContentLength(req, 0L) > 0;
        dropping = expectsBody;
        boolean closeNow = !expectsBody;
        String[] cred = credentials(req);
        if (req.method() != HttpMethod.PUT && req.method() != HttpMethod.POST) {
            answer(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "{\"Status\":\"Fail\",\"Message\":\"Stream Load needs PUT\"}", closeNow);
            return;
        }
        if (!loads.authenticate(cred[0], cred[1])) {
            answer(ctx, HttpResponseStatus.UNAUTHORIZED, unauthorized(cred[0]), closeNow);
            return;
        }
        if (loads.database(db) == null) {
            answer(ctx, HttpResponseStatus.OK, fail("Database[" + db + "] does not exist"), closeNow);
            return;
        }
        if (loads.table(db, table) == null) {
            answer(ctx, HttpResponseStatus.OK, fail("Table[" + table + "] does not exist in database[" + db + "]"),
                    closeNow);
            return;
        }
        String location = "http://" + beHost(ctx.channel(), req) + ":" + beHttpPort + req.uri();
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.TEMPORARY_REDIRECT,
                Unpooled.EMPTY_BUFFER);
        r.headers().set(HttpHeaderNames.LOCATION, location);
        r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        write(ctx, r, closeNow);
    }

    /** A Stream Load answer: always {@code Connection: close}; closed now or once the dropped body ended. */
    private static void answer(ChannelHandlerContext ctx, HttpResponseStatus status, String json, boolean closeNow)
    {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(json.getBytes(StandardCharsets.UTF_8)));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        write(ctx, r, closeNow);
    }

    /** All-in-one: the BE is this host, as the client addressed it (Host header), else the local address. */
    private static String beHost(Channel ch, HttpRequest req)
    {
        String host = req.headers().get(HttpHeaderNames.HOST);
        if (host != null && !host.isBlank()) {
            if (host.startsWith("[")) {
                int end = host.indexOf(']');
                return end > 0 ? host.substring(0, end + 1) : host;
            }
            int colon = host.lastIndexOf(':');
            return colon > 0 ? host.substring(0, colon) : host;
        }
        return ch.localAddress() instanceof InetSocketAddress a ? a.getHostString() : "127.0.0.1";
    }

    /** {user, password} from Basic auth; nulls when absent. */
    private static String[] credentials(HttpRequest req)
    {
        String h = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (h == null || !h.regionMatches(true, 0, "Basic ", 0, 6)) {
            return new String[] {null, null};
        }
        try {
            String s = new String(Base64.getDecoder().decode(h.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = s.indexOf(':');
            return colon < 0 ? new String[] {s, ""} : new String[] {s.substring(0, colon), s.substring(colon + 1)};
        }
        catch (IllegalArgumentException e) {
            return new String[] {null, null};
        }
    }

    private static String unauthorized(String user)
    {
        return fail(user == null ? "Authentication required: use HTTP Basic auth (curl -u user:password)"
                : "Access denied for user '" + user + "'. Please check the user name and password");
    }

    private static String fail(String message)
    {
        return "{\"Status\":\"Fail\",\"Message\":\"" + escape(message) + "\"}";
    }

    private static String escape(String s)
    {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static void send(ChannelHandlerContext ctx, HttpResponseStatus status, String json, boolean close)
    {
        ByteBuf b = Unpooled.wrappedBuffer(json.getBytes(StandardCharsets.UTF_8));
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, b);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        write(ctx, r, close);
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

    @Override
    public void channelInactive(ChannelHandlerContext ctx)
    {
        if (body != null) {
            body.release();
            body = null;
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause)
    {
        ctx.close();
    }
}
