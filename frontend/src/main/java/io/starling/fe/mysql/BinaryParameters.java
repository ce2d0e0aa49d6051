package io.starling.fe.mysql;

import io.netty.buffer.ByteBuf;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Turns the parameter block of COM_STMT_EXECUTE into SQL literals that replace the statement's placeholders.
 *
 * <p>Layout after {@code stmt_id4 flags1 iterations4}: {@code null_bitmap[(n + 7) / 8]},
 * {@code new_params_bound1}, if 1 then n × {@code type1 unsigned_flag1}, then the value of every non-null parameter
 * that did not receive COM_STMT_SEND_LONG_DATA. Literals: integers and decimals bare, floats in Java's
 * shortest notation, strings quoted with MySQL escaping (backslash and single quote doubled by backslash),
 * invalid UTF-8 as {@code X'..'}, DATE {@code 'YYYY-MM-DD'}, DATETIME/TIMESTAMP
 * {@code 'YYYY-MM-DD HH:MM:SS[.ffffff]'}, TIME {@code '[-]HH:MM:SS[.ffffff]'}, NULL.
 */
final class BinaryParameters
{
    private static final Pattern DECIMAL_TEXT = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final int UNSIGNED = 0x80;

    private BinaryParameters()
    {
    }

    /**
     * Reads the parameters of one execution.
     *
     * @param in the packet positioned after the iteration count
     * @throws MalformedPacketException if the block is truncated or a parameter was never typed
     */
    static String[] read(ByteBuf in, ServerPreparedStatement stmt)
    {
        int n = stmt.parameterCount();
        String[] literals = new String[n];
        if (n == 0) {
            return literals;
        }
        int bitmapBytes = (n + 7) / 8;
        byte[] nulls = new byte[bitmapBytes];
        in.readBytes(nulls);
        int[] types = stmt.parameterTypes();
        if (in.readByte() == 1) {
            for (int i = 0; i < n; i++) {
                int type = in.readUnsignedByte();
                int flags = in.readUnsignedByte();
                types[i] = type | (flags << 8);
            }
        }
        for (int i = 0; i < n; i++) {
            boolean isNull = (nulls[i / 8] & (1 << (i % 8))) != 0;
            byte[] longData = stmt.longData(i);
            if (longData != null) {
                literals[i] = stringLiteral(longData);
                continue;
            }
            if (isNull) {
                literals[i] = "NULL";
                continue;
            }
            if (types[i] < 0) {
                throw new MalformedPacketException("parameter " + (i + 1) + " has no type");
            }
            literals[i] = readValue(in, types[i] & 0xFF, (types[i] >> 8 & UNSIGNED) != 0);
        }
        return literals;
    }

    private static String readValue(ByteBuf in, int type, boolean unsigned)
    {
        return switch (type) {
            case MysqlTypes.TYPE_NULL -> "NULL";
            case MysqlTypes.TYPE_TINY -> Integer.toString(unsigned ? in.readUnsignedByte() : in.readByte());
            case MysqlTypes.TYPE_SHORT, MysqlTypes.TYPE_YEAR ->
                    Integer.toString(unsigned ? in.readUnsignedShortLE() : in.readShortLE());
            case MysqlTypes.TYPE_LONG, MysqlTypes.TYPE_INT24 ->
                    unsigned ? Long.toString(in.readUnsignedIntLE()) : Integer.toString(in.readIntLE());
            case MysqlTypes.TYPE_LONGLONG -> unsigned ? Long.toUnsignedString(in.readLongLE()) : Long.toString(in.readLongLE());
            case MysqlTypes.TYPE_FLOAT -> floatLiteral(in.readFloatLE());
            case MysqlTypes.TYPE_DOUBLE -> doubleLiteral(in.readDoubleLE());
            case MysqlTypes.TYPE_DATE, MysqlTypes.TYPE_DATETIME, MysqlTypes.TYPE_TIMESTAMP -> dateLiteral(in, type);
            case MysqlTypes.TYPE_TIME -> timeLiteral(in);
            case MysqlTypes.TYPE_DECIMAL, MysqlTypes.TYPE_NEWDECIMAL -> {
                String s = new String(MysqlBuffers.readLenencBytes(in), StandardCharsets.US_ASCII).trim();
                yield DECIMAL_TEXT.matcher(s).matches() ? s : quote(s);
            }
            default -> stringLiteral(MysqlBuffers.readLenencBytes(in));
        };
    }

    private static String floatLiteral(float v)
    {
        return Float.isFinite(v) ? new BigDecimal(Float.toString(v)).toString() : quote(Float.toString(v));
    }

    private static String doubleLiteral(double v)
    {
        return Double.isFinite(v) ? new BigDecimal(Double.toString(v)).toString() : quote(Double.toString(v));
    }

    /** DATE/DATETIME: {@code len1} (0, 4, 7 or 11) then year2 month1 day1 [hour1 minute1 second1 [micros4]]. */
    private static String dateLiteral(ByteBuf in, int type)
    {
        int len = in.readUnsignedByte();
        int year = 0;
        int month = 0;
        int day = 0;
        int hour = 0;
        int minute = 0;
        int second = 0;
        long micros = 0;
        if (len >= 4) {
            year = in.readUnsignedShortLE();
            month = in.readUnsignedByte();
            day = in.readUnsignedByte();
        }
        if (len >= 7) {
            hour = in.readUnsignedByte();
            minute = in.readUnsignedByte();
            second = in.readUnsignedByte();
        }
        if (len >= 11) {
            micros = in.readUnsignedIntLE();
        }
        if (len != 0 && len != 4 && len != 7 && len != 11) {
            throw new MalformedPacketException("bad date length " + len);
        }
        StringBuilder sb = new StringBuilder(28).append('\'');
        sb.append(String.format("%04d-%02d-%02d", year, month, day));
        if (type != MysqlTypes.TYPE_DATE) {
            sb.append(String.format(" %02d:%02d:%02d", hour, minute, second));
            if (micros != 0) {
                sb.append(String.format(".%06d", micros));
            }
        }
        return sb.append('\'').toString();
    }

    /** TIME: {@code len1} (0, 8 or 12) then negative1 days4 hour1 minute1 second1 [micros4]. */
    private static String timeLiteral(ByteBuf in)
    {
        int len = in.readUnsignedByte();
        if (len == 0) {
            return "'00:00:00'";
        }
        if (len != 8 && len != 12) {
            throw new MalformedPacketException("bad time length " + len);
        }
        boolean negative = in.readByte() == 1;
        long days = in.readUnsignedIntLE();
        int hour = in.readUnsignedByte();
        int minute = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long micros = len == 12 ? in.readUnsignedIntLE() : 0;
        StringBuilder sb = new StringBuilder("'");
        if (negative) {
            sb.append('-');
        }
        sb.append(String.format("%02d:%02d:%02d", days * 24 + hour, minute, second));
        if (micros != 0) {
            sb.append(String.format(".%06d", micros));
        }
        return sb.append('\'').toString();
    }

    /** A string literal; bytes that are not valid UTF-8 become a hex literal so nothing is lost. */
    static String stringLiteral(byte[] bytes)
    {
        var decoder = StandardCharsets.UTF_8.newDecoder();
        try {
            return quote(decoder.decode(java.nio.ByteBuffer.wrap(bytes)).toString());
        }
        catch (java.nio.charset.CharacterCodingException e) {
            return "X'" + HexFormat.of().formatHex(bytes) + "'";
        }
    }

    /** Quotes with MySQL escaping: {@code \} and {@code '} get a backslash, NUL becomes {@code \0}. */
    static String quote(String s)
    {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('\'');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\'' -> sb.append("\\'");
                case '\0' -> sb.append("\\0");
                default -> sb.append(c);
            }
        }
        return sb.append('\'').toString();
    }
}
