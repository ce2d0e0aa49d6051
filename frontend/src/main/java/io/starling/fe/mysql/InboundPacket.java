package io.starling.fe.mysql;

import io.netty.buffer.ByteBuf;

/**
 * One reassembled client packet: the sequence id of its last chunk and the payload (owned by the receiver,
 * which releases it). {@code payload == null} with {@code tooLarge} means the client sent more than
 * max_allowed_packet; the connection answers ERR 1153 and closes.
 */
record InboundPacket(int sequenceId, ByteBuf payload, boolean tooLarge)
{
    static InboundPacket of(int sequenceId, ByteBuf payload)
    {
        return new InboundPacket(sequenceId, payload, false);
    }

    static InboundPacket tooLarge(int sequenceId)
    {
        return new InboundPacket(sequenceId, null, true);
    }

    void release()
    {
        if (payload != null) {
            payload.release();
        }
    }
}
