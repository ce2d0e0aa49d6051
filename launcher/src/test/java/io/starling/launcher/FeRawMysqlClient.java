package io.starling.launcher;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal MySQL client over a raw socket for what drivers never send: COM_FIELD_LIST, truncated packets, a
 * client that vanishes mid-result. Logs in as root with an empty password (mysql_native_password, no
 * DEPRECATE_EOF, so every result set ends with a classic EOF packet).
 */
final class FeRawMysqlClient implements AutoCloseable
{
    /** Capability bits (MySQL protocol constants). */
    static final int LONG_PASSWORD = 0x1;
    static final int CONNECT_WITH_DB = 0x8;
    static final int PROTOCOL_41 = 0x200;
    static final int SECURE_CONNECTION = 0x8000;
    static final int PLUGIN_AUTH = 0x80000;

    static final int COM_QUIT = 0x01;
    static final int COM_QUERY = 0x03;
    static final int COM_FIELD_LIST = 0x04;
    static final int COM_PING = 0x0e;

    final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int lastSeq;

    FeRawMysqlClient(int port) throws IOException
    {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Reads one packet payload (no reassembly: tests never read 16 MiB packets). */
    byte[] read() throws IOException
    {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        int b2 = in.readUnsignedByte();
        lastSeq = in.readUnsignedByte();
        byte[] p = new byte[b0 | b1 << 8 | b2 << 16];
        in.readFully(p);
        return p;
    }

    /** Writes one packet with the given header length (which may lie, for malformed-packet tests). */
    void writeRaw(int declaredLength, int seq, byte[] payload) throws IOException
    {
        out.write(new byte[] {(byte) declaredLength, (byte) (declaredLength >> 8), (byte) (declaredLength >> 16), (byte) seq});
        out.write(payload);
        out.flush();
    }

    void write(int seq, byte[] payload) throws IOException
    {
        writeRaw(payload.length, seq, payload);
    }

    /** Handshake and login as root (empty password), optionally selecting a database. */
    FeRawMysqlClient login(String db) throws IOException
    {
        byte[] hs = read();
        if (hs[0] != 10) {
            throw new IOException("not a v10 handshake");
        }
        int caps = PROTOCOL_41 | SECURE_CONNECTION | PLUGIN_AUTH | LONG_PASSWORD | (db == null ? 0 : CONNECT_WITH_DB);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        le(b, caps, 4);
        le(b, 1 << 24, 4);
        b.write(45);
        b.write(new byte[23], 0, 23);
        b.writeBytes("root".getBytes(StandardCharsets.UTF_8));
        b.write(0);
        b.write(0);   // empty auth response
        if (db != null) {
            b.writeBytes(db.getBytes(StandardCharsets.UTF_8));
            b.write(0);
        }
        b.writeBytes("mysql_native_password".getBytes(StandardCharsets.UTF_8));
        b.write(0);
        write(lastSeq + 1, b.toByteArray());
        byte[] ok = read();
        if ((ok[0] & 0xFF) != 0) {
            throw new IOException("login failed: " + new String(ok, StandardCharsets.UTF_8));
        }
        return this;
    }

    /** Sends a command with sequence id 0 and returns the first reply packet. */
    byte[] command(int command, String arg) throws IOException
    {
        write(0, cmd(command, arg));
        return read();
    }

    static byte[] cmd(int command, String arg)
    {
        byte[] a = arg.getBytes(StandardCharsets.UTF_8);
        byte[] p = new byte[a.length + 1];
        p[0] = (byte) command;
        System.arraycopy(a, 0, p, 1, a.length);
        return p;
    }

    /**
     * Runs a text query and returns its rows as strings (null for SQL NULL); throws on ERR. Only for small
     * results.
     */
    List<List<String>> query(String sql) throws IOException
    {
        byte[] first = command(COM_QUERY, sql);
        if (isError(first)) {
            throw new IOException("ERR " + errorCode(first) + ": " + errorMessage(first));
        }
        List<List<String>> rows = new ArrayList<>();
        if (first[0] == 0) {
            return rows;
        }
        int[] pos = {0};
        int columns = (int) lenenc(first, pos);
        for (int i = 0; i < columns; i++) {
            read();
        }
        read();   // EOF after the column definitions
        while (true) {
            byte[] p = read();
            if (isEof(p)) {
                return rows;
            }
            if (isError(p)) {
                throw new IOException("ERR " + errorCode(p) + ": " + errorMessage(p));
            }
            pos[0] = 0;
            List<String> row = new ArrayList<>();
            for (int i = 0; i < columns; i++) {
                if ((p[pos[0]] & 0xFF) == 0xFB) {
                    pos[0]++;
                    row.add(null);
                }
                else {
                    int len = (int) lenenc(p, pos);
                    row.add(new String(p, pos[0], len, StandardCharsets.UTF_8));
                    pos[0] += len;
                }
            }
            rows.add(row);
        }
    }

    /** One ColumnDefinition41, decoded far enough for assertions. */
    record ColumnDef(String schema, String table, String name, int charset, long length, int type, int flags,
            String defaultValue)
    {
    }

    /** Parses a ColumnDefinition41 packet; {@code withDefault} for COM_FIELD_LIST's trailing default value. */
    static ColumnDef columnDef(byte[] p, boolean withDefault)
    {
        int[] pos = {0};
        lenencString(p, pos);                    // catalog "def"
        String schema = lenencString(p, pos);
        String table = lenencString(p, pos);
        lenencString(p, pos);                    // org_table
        String name = lenencString(p, pos);
        lenencString(p, pos);                    // org_name
        lenenc(p, pos);                          // 0x0c
        int charset = (p[pos[0]] & 0xFF) | (p[pos[0] + 1] & 0xFF) << 8;
        long length = (p[pos[0] + 2] & 0xFFL) | (p[pos[0] + 3] & 0xFFL) << 8 | (p[pos[0] + 4] & 0xFFL) << 16
                | (p[pos[0] + 5] & 0xFFL) << 24;
        int type = p[pos[0] + 6] & 0xFF;
        int flags = (p[pos[0] + 7] & 0xFF) | (p[pos[0] + 8] & 0xFF) << 8;
        pos[0] += 12;
        String dflt = null;
        if (withDefault && pos[0] < p.length) {
            if ((p[pos[0]] & 0xFF) == 0xFB) {
                pos[0]++;
            }
            else {
                dflt = lenencString(p, pos);
            }
        }
        return new ColumnDef(schema, table, name, charset, length, type, flags, dflt);
    }

    static boolean isEof(byte[] p)
    {
        return (p[0] & 0xFF) == 0xFE && p.length < 9;
    }

    static boolean isError(byte[] p)
    {
        return (p[0] & 0xFF) == 0xFF;
    }

    static int errorCode(byte[] p)
    {
        return isError(p) ? (p[1] & 0xFF) | (p[2] & 0xFF) << 8 : -1;
    }

    static String errorMessage(byte[] p)
    {
        // 0xFF, code(2), '#', sqlstate(5), message
        return new String(p, 9, p.length - 9, StandardCharsets.UTF_8);
    }

    static long lenenc(byte[] p, int[] pos)
    {
        int first = p[pos[0]++] & 0xFF;
        return switch (first) {
            case 0xFC -> {
                long v = (p[pos[0]] & 0xFF) | (p[pos[0] + 1] & 0xFF) << 8;
                pos[0] += 2;
                yield v;
            }
            case 0xFD -> {
                long v = (p[pos[0]] & 0xFF) | (p[pos[0] + 1] & 0xFF) << 8 | (p[pos[0] + 2] & 0xFF) << 16;
                pos[0] += 3;
                yield v;
            }
            case 0xFE -> {
                long v = 0;
                for (int i = 0; i < 8; i++) {
                    v |= (p[pos[0] + i] & 0xFFL) << (8 * i);
                }
                pos[0] += 8;
                yield v;
            }
            default -> first;
        };
    }

    static String lenencString(byte[] p, int[] pos)
    {
        int len = (int) lenenc(p, pos);
        String s = new String(p, pos[0], len, StandardCharsets.UTF_8);
        pos[0] += len;
        return s;
    }

    private static void le(ByteArrayOutputStream b, long v, int bytes)
    {
        for (int i = 0; i < bytes; i++) {
            b.write((int) (v >> (8 * i)));
        }
    }

    @Override
    public void close() throws IOException
    {
        socket.close();
    }
}
