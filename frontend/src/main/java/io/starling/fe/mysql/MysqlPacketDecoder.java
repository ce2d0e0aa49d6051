package io.starling.fe.mysql;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Splits the client byte stream into packets ({@code int<3> length | int<1> sequence id | payload}) and
 * reassembles payloads of 16 MiB and more: a chunk of exactly {@link #MAX_CHUNK} bytes means "more follows";
 * the last chunk is shorter (possibly empty). Emits {@link InboundPacket}s.
 *
 * <p>A payload growing beyond {@code maxPacketBytes} (max_allowed_packet) is not buffered: the decoder emits
 * {@link InboundPacket#tooLarge(int)} once and discards everything after it (the connection is closed by the
 * receiver), so a client cannot make the server hold more than max_allowed_packet per connection.
 */
final class MysqlPacketDecoder extends ByteToMessageDecoder
{
    /** Largest chunk payload: the 3-byte length field's maximum, 2^24 - 1. */
    static final int MAX_CHUNK = 0xFFFFFF;
    /** Header size: 3-byte length + 1-byte sequence id. */
    static final int HEADER = 4;
    /** Components of a reassembled payload: 64 MiB / 16 MiB + 1 needed; some headroom for bigger limits. */
    private static final int MAX_COMPONENTS = 64;

    private final long maxPacketBytes;
    private CompositeByteBuf pending;
    private boolean discarding;

    MysqlPacketDecoder(long maxPacketBytes)
    {
        this.maxPacketBytes = maxPacketBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out)
    {
        while (!discarding && in.readableBytes() >= HEADER) {
            int start = in.readerIndex();
            int length = in.getUnsignedMediumLE(start);
            int seq = in.getUnsignedByte(start + 3);
            long total = (pending == null ? 0 : pending.readableBytes()) + (long) length;
            if (total > maxPacketBytes) {
                discarding = true;
                releasePending();
                out.add(InboundPacket.tooLarge(seq));
                break;
            }
            if (in.readableBytes() < HEADER + length) {
                return;
            }
            in.skipBytes(HEADER);
            ByteBuf chunk = in.readRetainedSlice(length);
            if (length == MAX_CHUNK) {
                if (pending == null) {
                    pending = ctx.alloc().compositeBuffer(MAX_COMPONENTS);
                }
                pending.addComponent(true, chunk);
                continue;
            }
            ByteBuf payload;
            if (pending == null) {
                payload = chunk;
            }
            else {
                pending.addComponent(true, chunk);
                payload = pending;
                pending = null;
            }
            out.add(InboundPacket.of(seq, payload));
        }
        if (discarding) {
            in.skipBytes(in.readableBytes());
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx)
    {
        releasePending();
    }

    private void releasePending()
    {
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }
}
