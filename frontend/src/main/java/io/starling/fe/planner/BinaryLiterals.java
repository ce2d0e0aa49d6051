package io.starling.fe.planner;

import io.starling.fe.qe.ErrorCode;
import io.starling.fe.qe.SqlError;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Decodes binary string literals: {@code X'4142'} and {@code 0x4142} (hex digits, two per byte) and
 * {@code B'01000001'} (bits, eight per byte, left-padded to whole bytes as MySQL does). StarRocks types these as
 * VARBINARY; Starling has no binary type yet, so the bytes become a VARCHAR decoded as UTF-8 (what a MySQL client
 * prints for ASCII bytes; invalid UTF-8 sequences turn into U+FFFD).
 */
final class BinaryLiterals
{
    private static final int BITS_PER_BYTE = 8;
    private static final int HEX_DIGITS_PER_BYTE = 2;
    private static final int HEX_RADIX = 16;

    private BinaryLiterals()
    {
    }

    /** The literal's token text (any case) as a string of its bytes. */
    static String decode(String token) throws SqlError
    {
        String t = token.toUpperCase(Locale.ROOT);
        if (t.startsWith("0X")) {
            return utf8(hex(t.substring(2), token));
        }
        String body = t.substring(2, t.length() - 1);
        return utf8(t.charAt(0) == 'X' ? hex(body, token) : bits(body));
    }

    private static byte[] hex(String digits, String token) throws SqlError
    {
        if (digits.length() % HEX_DIGITS_PER_BYTE != 0) {
            if (token.startsWith("0")) {
                // 0x hex numbers may have an odd digit count (MySQL pads a leading zero); X'..' may not
                digits = "0" + digits;
            }
            else {
                throw new SqlError(ErrorCode.PARSE_ERROR, "Invalid hex literal " + token + ": odd number of digits");
            }
        }
        byte[] out = new byte[digits.length() / HEX_DIGITS_PER_BYTE];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(digits, 2 * i, 2 * i + 2, HEX_RADIX);
        }
        return out;
    }

    private static byte[] bits(String bits)
    {
        int n = (bits.length() + BITS_PER_BYTE - 1) / BITS_PER_BYTE;
        byte[] out = new byte[n];
        int pad = n * BITS_PER_BYTE - bits.length();
        for (int i = 0; i < bits.length(); i++) {
            if (bits.charAt(i) == '1') {
                int bit = pad + i;
                out[bit / BITS_PER_BYTE] |= (byte) (1 << (BITS_PER_BYTE - 1 - bit % BITS_PER_BYTE));
            }
        }
        return out;
    }

    private static String utf8(byte[] bytes)
    {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
