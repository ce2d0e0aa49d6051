package io.starling.fe.mysql;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

/**
 * Frames server packets for one connection: assigns sequence ids, splits payloads of 16 MiB and more into
 * {@link MysqlPacketDecoder#MAX_CHUNK}-sized chunks (plus an empty final chunk when the size is an exact multiple),
 * and collects packets in one buffer that is written when it passes {@link #FLUSH_BYTES} or the response ends.
 *
 * <p>Back-pressure: after each write the caller's thread waits until the channel is writable again (its
 * outbound buffer fell below the low water mark), so a result of any size streams with bounded memory.
 * Used only by the connection's own thread.
 */
final class PacketOutput
{
    /**
     * Write in 64 KiB units: large enough to amortise the event-loop hand-off per write, small enough to stay far
     * below the channel's high water mark (see {@link MysqlServer}).
     */
    static final int FLUSH_BYTES = 64 * 1024;

    /** Waits until the channel may take more data; throws {@link ClientGoneException} if it closed. */
    interface WritabilityGate
    {
        void awaitWritable();
    }

    private final Channel channel;
    private final WritabilityGate gate;
    private ByteBuf buffer;
    private int packetStart = -1;
    private int sequenceId;

    PacketOutput(Channel channel, WritabilityGate gate)
    {
        this.channel = channel;
        this.gate = gate;
    }

    /** Sets the sequence id of the next packet (client's last id + 1 at the start of each response). */
    void setSequenceId(int sequenceId)
    {
        this.sequenceId = sequenceId & 0xFF;
    }

    int sequenceId()
    {
        return sequenceId;
    }

    /** Starts a packet and returns the buffer to write its payload into; finish with {@link #end()}. */
    ByteBuf begin()
    {
        if (packetStart >= 0) {
            throw new IllegalStateException("packet already open");
        }
        if (buffer == null) {
            buffer = channel.alloc().ioBuffer(FLUSH_BYTES + FLUSH_BYTES / 4);
        }
        packetStart = buffer.writerIndex();
        buffer.writeInt(0);
        return buffer;
    }

    /** Finishes the open packet: writes its header(s). Flushes if the buffer passed {@link #FLUSH_BYTES}. */
    void end()
    {
        int length = buffer.writerIndex() - packetStart - MysqlPacketDecoder.HEADER;
        if (length < MysqlPacketDecoder.MAX_CHUNK) {
            buffer.setMediumLE(packetStart, length);
            buffer.setByte(packetStart + 3, nextSequence());
        }
        else {
            splitOpenPacket(length);
        }
        packetStart = -1;
        if (buffer.readableBytes() >= FLUSH_BYTES) {
            flush();
        }
    }

    /** Drops the open packet (an error occurred while encoding it). */
    void abandon()
    {
        if (packetStart >= 0) {
            buffer.writerIndex(packetStart);
            packetStart = -1;
        }
    }

    /** Writes everything collected so far and waits for writability. */
    void flush()
    {
        if (buffer != null && buffer.isReadable()) {
            ByteBuf b = buffer;
            buffer = null;
            channel.writeAndFlush(b, channel.voidPromise());
            gate.awaitWritable();
        }
    }

    /** Releases a buffered, unsent response (connection closing). */
    void discard()
    {
        if (buffer != null) {
            buffer.release();
            buffer = null;
        }
        packetStart = -1;
    }

    private int nextSequence()
    {
        int s = sequenceId;
        sequenceId = (sequenceId + 1) & 0xFF;
        return s;
    }

    private void splitOpenPacket(int length)
    {
        ByteBuf payload = buffer.copy(packetStart + MysqlPacketDecoder.HEADER, length);
        try {
            buffer.writerIndex(packetStart);
            int offset = 0;
            while (true) {
                int chunk = Math.min(MysqlPacketDecoder.MAX_CHUNK, length - offset);
                buffer.writeMediumLE(chunk);
                buffer.writeByte(nextSequence());
                buffer.writeBytes(payload, offset, chunk);
                offset += chunk;
                if (chunk < MysqlPacketDecoder.MAX_CHUNK) {
                    break;
                }
            }
        }
        finally {
            payload.release();
        }
    }
}
