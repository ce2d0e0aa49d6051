package io.starling.be.load;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * The parsing options of a Stream Load, from its HTTP headers (names lower-cased). Separators accept StarRocks'
 * hex form ({@code \x01}, {@code \x0D0A}) and the escapes {@code \t}, {@code \n}, {@code \r}; at most 50 bytes.
 *
 * @param format           csv or json
 * @param columnSeparator  CSV field separator bytes (default {@code \t})
 * @param rowDelimiter     CSV row delimiter bytes (default {@code \n})
 * @param enclose          CSV quote byte, 0 = none
 * @param escape           CSV escape byte, 0 = none
 * @param skipHeader       CSV leading rows to skip
 * @param trimSpace        CSV: strip spaces around fields
 * @param stripOuterArray  JSON: the top-level array holds the rows
 * @param jsonRoot         JSON: path of the element that holds the rows (empty = the root)
 */
public record LoadOptions(String format, byte[] columnSeparator, byte[] rowDelimiter, byte enclose, byte escape,
        int skipHeader, boolean trimSpace, boolean stripOuterArray, String jsonRoot)
{
    /** StarRocks limits column_separator and row_delimiter to 50 bytes. */
    public static final int MAX_SEPARATOR_BYTES = 50;

    /**
     * Reads the options from lower-cased headers.
     *
     * @throws IllegalArgumentException naming the bad header
     */
    public static LoadOptions fromHeaders(Map<String, String> h)
    {
        String format = h.getOrDefault("format", "csv").strip().toLowerCase(Locale.ROOT);
        if (format.isEmpty()) {
            format = "csv";
        }
        byte[] sep = separator("column_separator", h.get("column_separator"), new byte[] {'\t'});
        byte[] row = separator("row_delimiter", h.get("row_delimiter"), new byte[] {'\n'});
        byte enclose = oneByte("enclose", h.get("enclose"));
        byte escape = oneByte("escape", h.get("escape"));
        int skip = 0;
        String s = h.get("skip_header");
        if (s != null && !s.isBlank()) {
            try {
                skip = Integer.parseInt(s.strip());
            }
            catch (NumberFormatException e) {
                throw new IllegalArgumentException("Invalid skip_header: " + s);
            }
            if (skip < 0) {
                throw new IllegalArgumentException("skip_header must not be negative: " + s);
            }
        }
        boolean trim = "true".equalsIgnoreCase(strip(h.get("trim_space")));
        boolean strip = "true".equalsIgnoreCase(strip(h.get("strip_outer_array")));
        String root = strip(h.get("json_root"));
        return new LoadOptions(format, sep, row, enclose, escape, skip, trim, strip, root == null ? "" : root);
    }

    private static String strip(String s)
    {
        return s == null ? null : s.strip();
    }

    /** Decodes a separator header: hex {@code \xHH..}, escapes \t \n \r \\, or the literal UTF-8 bytes. */
    static byte[] separator(String name, String value, byte[] dflt)
    {
        if (value == null || value.isEmpty()) {
            return dflt;
        }
        byte[] out;
        if ((value.startsWith("\\x") || value.startsWith("\\X")) && value.length() > 2) {
            String hex = value.substring(2);
            if (hex.length() % 2 != 0) {
                throw new IllegalArgumentException("Invalid " + name + ": odd number of hex digits in " + value);
            }
            out = new byte[hex.length() / 2];
            for (int i = 0; i < out.length; i++) {
                int hi = Character.digit(hex.charAt(2 * i), 16);
                int lo = Character.digit(hex.charAt(2 * i + 1), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("Invalid " + name + ": bad hex digit in " + value);
                }
                out[i] = (byte) (hi << 4 | lo);
            }
        }
        else {
            String v = value.replace("\\t", "\t").replace("\\n", "\n").replace("\\r", "\r");
            out = v.getBytes(StandardCharsets.UTF_8);
        }
        if (out.length == 0 || out.length > MAX_SEPARATOR_BYTES) {
            throw new IllegalArgumentException(name + " must be 1 to " + MAX_SEPARATOR_BYTES + " bytes, got '"
                    + value + "'");
        }
        return out;
    }

    private static byte oneByte(String name, String value)
    {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        byte[] b = separator(name, value, null);
        if (b.length != 1) {
            throw new IllegalArgumentException(name + " must be a single byte, got '" + value + "'");
        }
        return b[0];
    }
}
