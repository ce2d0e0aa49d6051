package io.starling.storage.types;

/**
 * Logical SQL type families of StarRocks, with the physical representation used in batches and segment files.
 *
 * <table>
 *   <tr><th>kind</th><th>physical</th><th>value encoding</th></tr>
 *   <tr><td>BOOLEAN, TINYINT</td><td>BYTE</td><td>0/1 for BOOLEAN</td></tr>
 *   <tr><td>SMALLINT</td><td>SHORT</td><td></td></tr>
 *   <tr><td>INT</td><td>INT</td><td></td></tr>
 *   <tr><td>BIGINT</td><td>LONG</td><td></td></tr>
 *   <tr><td>LARGEINT</td><td>INT128</td><td>two little-endian longs: low word then high word (two's complement)</td></tr>
 *   <tr><td>FLOAT / DOUBLE</td><td>FLOAT / DOUBLE</td><td>IEEE 754</td></tr>
 *   <tr><td>DECIMAL, precision &le; 18</td><td>LONG</td><td>unscaled value</td></tr>
 *   <tr><td>DECIMAL, precision 19..38</td><td>INT128</td><td>unscaled value, low word then high word</td></tr>
 *   <tr><td>DATE</td><td>INT</td><td>days since 1970-01-01 (proleptic Gregorian)</td></tr>
 *   <tr><td>DATETIME</td><td>LONG</td><td>microseconds since 1970-01-01 00:00:00 (no time zone)</td></tr>
 *   <tr><td>CHAR, VARCHAR</td><td>VARLEN</td><td>UTF-8 bytes; offsets + bytes in batches</td></tr>
 *   <tr><td>NULL</td><td>BYTE</td><td>type of a bare NULL literal; every value is null</td></tr>
 *   <tr><td>HLL</td><td>VARLEN</td><td>serialized HyperLogLog ({@code io.starling.storage.sketch.HllSketch})</td></tr>
 *   <tr><td>BITMAP</td><td>VARLEN</td><td>serialized 64-bit Roaring bitmap ({@code io.starling.storage.sketch.BitmapSketch})</td></tr>
 * </table>
 */
public enum TypeKind
{
    NULL,
    BOOLEAN,
    TINYINT,
    SMALLINT,
    INT,
    BIGINT,
    LARGEINT,
    FLOAT,
    DOUBLE,
    DECIMAL,
    DATE,
    DATETIME,
    CHAR,
    VARCHAR,
    /** StarRocks' HLL: an approximate distinct-count sketch; not comparable, not a group or sort key. */
    HLL,
    /** StarRocks' BITMAP: a set of unsigned 64-bit integers; not comparable, not a group or sort key. */
    BITMAP;

    public boolean isInteger()
    {
        return this == TINYINT || this == SMALLINT || this == INT || this == BIGINT || this == LARGEINT;
    }

    public boolean isNumeric()
    {
        return isInteger() || this == FLOAT || this == DOUBLE || this == DECIMAL;
    }

    public boolean isString()
    {
        return this == CHAR || this == VARCHAR;
    }

    /** HLL and BITMAP: opaque sketch values that only their own functions read (StarRocks refuses to compare them). */
    public boolean isSketch()
    {
        return this == HLL || this == BITMAP;
    }

    public boolean isTemporal()
    {
        return this == DATE || this == DATETIME;
    }
}
