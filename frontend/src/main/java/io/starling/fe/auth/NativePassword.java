package io.starling.fe.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/**
 * The {@code mysql_native_password} scheme.
 *
 * <p>The server stores {@code stage2 = SHA1(SHA1(password))}, written like MySQL's {@code mysql.user} column as
 * {@code "*"} plus 40 upper-case hex digits ({@code ""} for an empty password). The client answers a 20-byte
 * scramble with {@code token = SHA1(password) XOR SHA1(scramble || stage2)}; the server recovers
 * {@code stage1 = token XOR SHA1(scramble || stage2)} and accepts when {@code SHA1(stage1) == stage2}. The
 * password itself is never stored or sent. An empty password is answered with an empty token.
 */
public final class NativePassword
{
    /** Scramble length of mysql_native_password (the handshake sends 8 + 12 bytes). */
    public static final int SCRAMBLE_LENGTH = 20;
    /** SHA-1 output length. */
    public static final int STAGE2_LENGTH = 20;

    private NativePassword()
    {
    }

    /**
     * A fresh scramble: bytes in 1..127, excluding '$' (0x24), because some clients treat the scramble as a
     * NUL-terminated C string and older ones choke on '$' (the caching_sha2 salt separator).
     */
    public static byte[] newScramble(Random random)
    {
        byte[] s = new byte[SCRAMBLE_LENGTH];
        for (int i = 0; i < s.length; i++) {
            int b;
            do {
                b = 1 + random.nextInt(127);
            }
            while (b == '$');
            s[i] = (byte) b;
        }
        return s;
    }

    /** SHA1(SHA1(password)); empty array for an empty password (meaning "no password"). */
    public static byte[] stage2(String password)
    {
        if (password == null || password.isEmpty()) {
            return new byte[0];
        }
        return sha1(sha1(password.getBytes(StandardCharsets.UTF_8)));
    }

    /** The mysql.user-style authentication string: "*" + 40 hex digits, or "" for no password. */
    public static String authString(String password)
    {
        return encode(stage2(password));
    }

    /** Formats a stage2 hash as an authentication string. */
    public static String encode(byte[] stage2)
    {
        return stage2.length == 0 ? "" : "*" + HexFormat.of().withUpperCase().formatHex(stage2);
    }

    /** Parses an authentication string written by {@link #encode(byte[])}. */
    public static byte[] decode(String authString)
    {
        if (authString == null || authString.isEmpty()) {
            return new byte[0];
        }
        if (authString.length() != 41 || authString.charAt(0) != '*') {
            throw new IllegalArgumentException("not a mysql_native_password hash: " + authString);
        }
        return HexFormat.of().parseHex(authString, 1, 41);
    }

    /**
     * Checks a client's token against the stored stage2 hash.
     *
     * @param scramble the 20 bytes sent in the handshake (or AuthSwitchRequest)
     * @param token    the client's answer (empty when the client has no password)
     * @param stage2   stored SHA1(SHA1(password)), empty for "no password"
     */
    public static boolean check(byte[] scramble, byte[] token, byte[] stage2)
    {
        if (stage2.length == 0) {
            return token.length == 0;
        }
        if (token.length != STAGE2_LENGTH) {
            return false;
        }
        byte[] mask = sha1(scramble, stage2);
        byte[] stage1 = new byte[STAGE2_LENGTH];
        for (int i = 0; i < STAGE2_LENGTH; i++) {
            stage1[i] = (byte) (token[i] ^ mask[i]);
        }
        return MessageDigest.isEqual(sha1(stage1), stage2);
    }

    /** The client side: the token a client sends for {@code password} (used by tests and tools). */
    public static byte[] clientToken(byte[] scramble, String password)
    {
        if (password == null || password.isEmpty()) {
            return new byte[0];
        }
        byte[] stage1 = sha1(password.getBytes(StandardCharsets.UTF_8));
        byte[] mask = sha1(scramble, sha1(stage1));
        byte[] token = new byte[STAGE2_LENGTH];
        for (int i = 0; i < STAGE2_LENGTH; i++) {
            token[i] = (byte) (stage1[i] ^ mask[i]);
        }
        return token;
    }

    private static byte[] sha1(byte[]... parts)
    {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            for (byte[] p : parts) {
                md.update(p);
            }
            return md.digest();
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java runtime", e);
        }
    }
}
