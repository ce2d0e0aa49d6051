package io.starling.fe.mysql;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty side of a connection: starts the {@link MysqlConnection} thread when the channel becomes active and
 * forwards decoded packets and channel state to it. Never blocks the event loop.
 */
final class MysqlChannelHandler extends ChannelInboundHandlerAdapter
{
    private static final Logger LOG = LoggerFactory.getLogger(MysqlChannelHandler.class);

    private final MysqlServer server;
    private MysqlConnection connection;

    MysqlChannelHandler(MysqlServer server)
    {
        this.server = server;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx)
    {
        long id = server.registry().nextConnectionId();
        connection = new MysqlConnection(server, ctx.channel(), id);
        server.startConnectionThread(connection, id);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg)
    {
        if (msg instanceof InboundPacket p && connection != null) {
            connection.onPacket(p);
        }
        else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx)
    {
        if (connection != null) {
            connection.onInactive();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx)
    {
        if (connection != null) {
            connection.onWritabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause)
    {
        LOG.debug("connection error, closing {}", ctx.channel(), cause);
        ctx.close();
    }
}
