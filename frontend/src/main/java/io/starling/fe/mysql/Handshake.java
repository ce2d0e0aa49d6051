package io.starling.fe.mysql;

import io.netty.buffer.ByteBuf;
import io.starling.fe.qe.SessionVariables;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The connection phase packets: Initial Handshake v10 (server), HandshakeResponse41 (client) and
 * AuthSwitchRequest (server). Layouts in notes/mysql-clients-and-stream-load.md §1.2-1.5.
 */
final class Handshake
{
    static final int PROTOCOL_VERSION = 10;
    static final String NATIVE_PASSWORD = "mysql_native_password";
    /** Length byte of the auth data in the handshake: 20 scramble bytes + the trailing NUL. */
    private static final int AUTH_DATA_LENGTH = 21;
    /** First 8 scramble bytes go in the fixed part of the handshake, the other 12 after the reserved bytes. */
    private static final int SCRAMBLE_PART1 = 8;
    private static final int RESERVED_BYTES = 10;
    private static final int RESPONSE_FILLER = 23;
    /** An SSLRequest is the 32-byte prefix of a HandshakeResponse41. */
    static final int SSL_REQUEST_LENGTH = 32;

    /** A parsed HandshakeResponse41. */
    record Response(int capabilities, long maxPacket, int collation, String user, byte[] authResponse,
            String database, String authPlugin, Map<String, String> attributes)
    {
    }

    private Handshake()
    {
    }

    static void write(ByteBuf b, long connectionId, byte[] scramble, int status)
    {
        int caps = Capabilities.SERVER;
        b.writeByte(PROTOCOL_VERSION);
        MysqlBuffers.writeNulString(b, SessionVariables.SERVER_VERSION);
        b.writeIntLE((int) connectionId);
        b.writeBytes(scramble, 0, SCRAMBLE_PART1);
        b.writeByte(0);
        b.writeShortLE(caps & 0xFFFF);
        b.writeByte(MysqlTypes.CHARSET_UTF8MB4);
        b.writeShortLE(status);
        b.writeShortLE(caps >>> 16);
        b.writeByte(AUTH_DATA_LENGTH);
        b.writeZero(RESERVED_BYTES);
        b.writeBytes(scramble, SCRAMBLE_PART1, scramble.length - SCRAMBLE_PART1);
        b.writeByte(0);
        MysqlBuffers.writeNulString(b, NATIVE_PASSWORD);
    }

    /** AuthSwitchRequest: {@code 0xFE plugin<NUL> scramble20 0x00}. */
    static void writeAuthSwitch(ByteBuf b, byte[] scramble)
    {
        b.writeByte(0xFE);
        MysqlBuffers.writeNulString(b, NATIVE_PASSWORD);
        b.writeBytes(scramble);
        b.writeByte(0);
    }

    /**
     * Parses a HandshakeResponse41, honouring the client's own flags (PyMySQL sends them unmasked).
     *
     * @throws MalformedPacketException if truncated or not protocol 41
     */
    static Response parse(ByteBuf in)
    {
        try {
            int caps = in.readIntLE();
            if ((caps & Capabilities.PROTOCOL_41) == 0) {
                throw new MalformedPacketException("client does not speak protocol 4.1");
            }
            long maxPacket = in.readUnsignedIntLE();
            int collation = in.readUnsignedByte();
            in.skipBytes(RESPONSE_FILLER);
            String user = MysqlBuffers.readNulString(in);
            byte[] auth;
            if ((caps & Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA) != 0) {
                auth = MysqlBuffers.readLenencBytes(in);
            }
            else if ((caps & Capabilities.SECURE_CONNECTION) != 0) {
                auth = new byte[in.readUnsignedByte()];
                in.readBytes(auth);
            }
            else {
                auth = MysqlBuffers.readNulString(in).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            }
            String db = "";
            if ((caps & Capabilities.CONNECT_WITH_DB) != 0 && in.isReadable()) {
                db = MysqlBuffers.readNulString(in);
            }
            String plugin = "";
            if ((caps & Capabilities.PLUGIN_AUTH) != 0 && in.isReadable()) {
                plugin = MysqlBuffers.readNulString(in);
            }
            Map<String, String> attrs = new LinkedHashMap<>();
            if ((caps & Capabilities.CONNECT_ATTRS) != 0 && in.isReadable()) {
                long total = MysqlBuffers.readLenencInt(in);
                if (total > in.readableBytes()) {
                    throw new MalformedPacketException("connection attributes exceed the packet");
                }
                ByteBuf a = in.readSlice((int) total);
                while (a.isReadable()) {
                    attrs.put(MysqlBuffers.readLenencString(a), MysqlBuffers.readLenencString(a));
                }
            }
            return new Response(caps, maxPacket, collation, user, auth, db, plugin, attrs);
        }
        catch (IndexOutOfBoundsException e) {
            throw new MalformedPacketException("truncated handshake response");
        }
    }
}
