package io.starling.fe.mysql;

import io.starling.fe.auth.NativePassword;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A minimal hand-rolled MySQL client for protocol edge cases that drivers never produce. */
final class RawClient implements AutoCloseable
{
    final Socket socket;
    final DataInputStream in;
    final OutputStream out;
    int lastSeq;

    RawClient(int port) throws IOException
    {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Reads one packet payload (without reassembly). */
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

    void write(int seq, byte[] payload) throws IOException
    {
        byte[] h = {(byte) payload.length, (byte) (payload.length >> 8), (byte) (payload.length >> 16), (byte) seq};
        out.write(h);
        out.write(payload);
        out.flush();
    }

    /** Handshake + login as root with an empty password and DEPRECATE_EOF off unless asked. */
    void login(boolean deprecateEof) throws IOException
    {
        byte[] hs = read();
        if (hs[0] != 10) {
            throw new IOException("not a v10 handshake");
        }
        int caps = Capabilities.PROTOCOL_41 | Capabilities.SECURE_CONNECTION | Capabilities.PLUGIN_AUTH
                | Capabilities.LONG_PASSWORD | (deprecateEof ? Capabilities.DEPRECATE_EOF : 0);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        le(b, caps, 4);
        le(b, 1 << 24, 4);
        b.write(45);
        b.write(new byte[23], 0, 23);
        b.writeBytes("root".getBytes(StandardCharsets.UTF_8));
        b.write(0);
        b.write(0);   // empty auth response (1-byte length)
        b.writeBytes(Handshake.NATIVE_PASSWORD.getBytes(StandardCharsets.UTF_8));
        b.write(0);
        write(lastSeq + 1, b.toByteArray());
        byte[] ok = read();
        if ((ok[0] & 0xFF) != 0) {
            throw new IOException("login failed: " + new String(ok, StandardCharsets.UTF_8));
        }
    }

    /** Sends a command with sequence id 0 and returns the first reply packet. */
    byte[] command(byte[] payload) throws IOException
    {
        write(0, payload);
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

    static byte[] cmd(int command, byte... args)
    {
        byte[] p = Arrays.copyOf(new byte[] {(byte) command}, 1 + args.length);
        System.arraycopy(args, 0, p, 1, args.length);
        return p;
    }

    static int errorCode(byte[] p)
    {
        return (p[0] & 0xFF) == 0xFF ? (p[1] & 0xFF) | (p[2] & 0xFF) << 8 : -1;
    }

    static void le(ByteArrayOutputStream b, long v, int bytes)
    {
        for (int i = 0; i < bytes; i++) {
            b.write((int) (v >> (8 * i)));
        }
    }

    static byte[] nativeToken(byte[] scramble, String password)
    {
        return NativePassword.clientToken(scramble, password);
    }

    @Override
    public void close() throws IOException
    {
        socket.close();
    }
}
