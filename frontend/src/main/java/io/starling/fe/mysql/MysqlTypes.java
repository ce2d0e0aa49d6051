package io.starling.fe.mysql;

import io.starling.storage.types.DataType;
import io.starling.storage.types.TypeKind;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How Starling types appear in a ColumnDefinition41 (notes/mysql-clients-and-stream-load.md §1.7): type code,
 * display length, decimals, character set and flags.
 *
 * <table>
 *   <tr><th>type</th><th>code</th><th>length</th><th>decimals</th><th>charset</th></tr>
 *   <tr><td>BOOLEAN</td><td>0x01 TINY</td><td>1 (Connector/J: tinyInt1isBit ⇒ Boolean)</td><td>0</td><td>63</td></tr>
 *   <tr><td>TINYINT</td><td>0x01 TINY</td><td>4</td><td>0</td><td>63</td></tr>
 *   <tr><td>SMALLINT</td><td>0x02 SHORT</td><td>6</td><td>0</td><td>63</td></tr>
 *   <tr><td>INT</td><td>0x03 LONG</td><td>11</td><td>0</td><td>63</td></tr>
 *   <tr><td>BIGINT</td><td>0x08 LONGLONG</td><td>20</td><td>0</td><td>63</td></tr>
 *   <tr><td>LARGEINT</td><td>0xF6 NEWDECIMAL</td><td>40 (39 digits + sign)</td><td>0</td><td>63</td></tr>
 *   <tr><td>FLOAT / DOUBLE</td><td>0x04 / 0x05</td><td>12 / 22</td><td>31 (not fixed)</td><td>63</td></tr>
 *   <tr><td>DECIMAL(p,s)</td><td>0xF6 NEWDECIMAL</td><td>p + (s &gt; 0 ? 1 : 0) + 1</td><td>s</td><td>63</td></tr>
 *   <tr><td>DATE</td><td>0x0A</td><td>10</td><td>0</td><td>63</td></tr>
 *   <tr><td>DATETIME</td><td>0x0C</td><td>19</td><td>0</td><td>63</td></tr>
 *   <tr><td>CHAR(n)</td><td>0xFE STRING</td><td>4n</td><td>0</td><td>45 utf8mb4_general_ci</td></tr>
 *   <tr><td>VARCHAR(n)</td><td>0xFD VAR_STRING</td><td>4n</td><td>0</td><td>45</td></tr>
 *   <tr><td>NULL</td><td>0x06 NULL</td><td>0</td><td>0</td><td>63</td></tr>
 * </table>
 * Numerics carry BINARY_FLAG and NUM_FLAG (BOOLEAN only NUM_FLAG, see {@link #of}); temporals BINARY_FLAG.
 */
final class MysqlTypes
{
    static final int TYPE_DECIMAL = 0x00;
    static final int TYPE_TINY = 0x01;
    static final int TYPE_SHORT = 0x02;
    static final int TYPE_LONG = 0x03;
    static final int TYPE_FLOAT = 0x04;
    static final int TYPE_DOUBLE = 0x05;
    static final int TYPE_NULL = 0x06;
    static final int TYPE_TIMESTAMP = 0x07;
    static final int TYPE_LONGLONG = 0x08;
    static final int TYPE_INT24 = 0x09;
    static final int TYPE_DATE = 0x0A;
    static final int TYPE_TIME = 0x0B;
    static final int TYPE_DATETIME = 0x0C;
    static final int TYPE_YEAR = 0x0D;
    static final int TYPE_VARCHAR = 0x0F;
    static final int TYPE_BIT = 0x10;
    static final int TYPE_JSON = 0xF5;
    static final int TYPE_NEWDECIMAL = 0xF6;
    static final int TYPE_ENUM = 0xF7;
    static final int TYPE_SET = 0xF8;
    static final int TYPE_TINY_BLOB = 0xF9;
    static final int TYPE_MEDIUM_BLOB = 0xFA;
    static final int TYPE_LONG_BLOB = 0xFB;
    static final int TYPE_BLOB = 0xFC;
    static final int TYPE_VAR_STRING = 0xFD;
    static final int TYPE_STRING = 0xFE;

    static final int FLAG_NOT_NULL = 0x1;
    static final int FLAG_PRI_KEY = 0x2;
    static final int FLAG_UNSIGNED = 0x20;
    static final int FLAG_BINARY = 0x80;
    static final int FLAG_NUM = 0x8000;

    /** utf8mb4_general_ci: the handshake collation and the charset of every text column. */
    static final int CHARSET_UTF8MB4 = 45;
    /** "binary": numbers and temporals. */
    static final int CHARSET_BINARY = 63;
    /** FLOAT/DOUBLE decimals: 31 means "not a fixed number of decimals". */
    static final int NOT_FIXED_DECIMALS = 31;
    /** Bytes per character of utf8mb4, for display lengths of CHAR/VARCHAR. */
    private static final int UTF8MB4_MAX_BYTES = 4;

    /** Wire description of one column type. */
    record WireType(int code, long length, int decimals, int charset, int flags)
    {
    }

    private MysqlTypes()
    {
    }

    static WireType of(DataType t)
    {
        int num = FLAG_BINARY | FLAG_NUM;
        return switch (t.kind()) {
            case NULL -> new WireType(TYPE_NULL, 0, 0, CHARSET_BINARY, FLAG_BINARY);
            // No BINARY_FLAG: Connector/J returns byte[] instead of Boolean for a binary TINY(1) ("BIT").
            case BOOLEAN -> new WireType(TYPE_TINY, 1, 0, CHARSET_BINARY, FLAG_NUM);
            case TINYINT -> new WireType(TYPE_TINY, 4, 0, CHARSET_BINARY, num);
            case SMALLINT -> new WireType(TYPE_SHORT, 6, 0, CHARSET_BINARY, num);
            case INT -> new WireType(TYPE_LONG, 11, 0, CHARSET_BINARY, num);
            case BIGINT -> new WireType(TYPE_LONGLONG, 20, 0, CHARSET_BINARY, num);
            case LARGEINT -> new WireType(TYPE_NEWDECIMAL, 40, 0, CHARSET_BINARY, num);
            case FLOAT -> new WireType(TYPE_FLOAT, 12, NOT_FIXED_DECIMALS, CHARSET_BINARY, num);
            case DOUBLE -> new WireType(TYPE_DOUBLE, 22, NOT_FIXED_DECIMALS, CHARSET_BINARY, num);
            case DECIMAL -> new WireType(TYPE_NEWDECIMAL, t.precision() + (t.scale() > 0 ? 1 : 0) + 1, t.scale(),
                    CHARSET_BINARY, num);
            case DATE -> new WireType(TYPE_DATE, 10, 0, CHARSET_BINARY, FLAG_BINARY);
            case DATETIME -> new WireType(TYPE_DATETIME, 19, 0, CHARSET_BINARY, FLAG_BINARY);
            case CHAR -> new WireType(TYPE_STRING, (long) Math.max(t.length(), 1) * UTF8MB4_MAX_BYTES, 0, CHARSET_UTF8MB4, 0);
            case VARCHAR -> new WireType(TYPE_VAR_STRING, (long) Math.max(t.length(), 1) * UTF8MB4_MAX_BYTES, 0,
                    CHARSET_UTF8MB4, 0);
            // StarRocks sends HLL/BITMAP columns as strings whose every value is NULL (see RowEncoder)
            case HLL, BITMAP -> new WireType(TYPE_VAR_STRING, (long) DataType.STRING_LENGTH * UTF8MB4_MAX_BYTES, 0,
                    CHARSET_UTF8MB4, 0);
        };
    }

    private static final Pattern SQL_TYPE = Pattern.compile(
            "\\s*([a-z]+)\\s*(?:\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\))?.*", Pattern.CASE_INSENSITIVE);

    /**
     * Parses a type as DESC / SHOW FULL COLUMNS print it ({@code int(11)}, {@code decimal(15, 2)},
     * {@code varchar(65533)}, {@code datetime}) back into a DataType. Unknown names become VARCHAR, which every
     * client can display.
     */
    static DataType parseSqlType(String text)
    {
        Matcher m = SQL_TYPE.matcher(text == null ? "" : text);
        if (!m.matches()) {
            return DataType.STRING;
        }
        String name = m.group(1).toLowerCase(Locale.ROOT);
        int a = m.group(2) == null ? -1 : Integer.parseInt(m.group(2));
        int b = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        return switch (name) {
            case "boolean", "bool" -> DataType.BOOLEAN;
            case "tinyint" -> DataType.TINYINT;
            case "smallint" -> DataType.SMALLINT;
            case "int", "integer" -> DataType.INT;
            case "bigint" -> DataType.BIGINT;
            case "largeint" -> DataType.LARGEINT;
            case "float" -> DataType.FLOAT;
            case "double" -> DataType.DOUBLE;
            case "decimal", "decimalv2", "decimal32", "decimal64", "decimal128", "numeric" ->
                    DataType.decimal(a < 1 ? 10 : Math.min(a, DataType.MAX_DECIMAL_PRECISION), Math.min(b, a < 1 ? 0 : a));
            case "date" -> DataType.DATE;
            case "datetime", "timestamp" -> DataType.DATETIME;
            case "char" -> DataType.chr(a < 1 ? 1 : a);
            case "varchar" -> DataType.varchar(a < 1 ? DataType.STRING_LENGTH : a);
            default -> DataType.of(TypeKind.VARCHAR);
        };
    }
}
