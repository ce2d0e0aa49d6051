package io.starling.fe.meta;

import java.util.List;

/**
 * Character sets and collations reported by SHOW CHARSET / SHOW COLLATION and information_schema. Starling stores
 * UTF-8 only and compares bytewise; these rows exist so that clients (DBeaver, Connector/J, SQLAlchemy) that read
 * them find the MySQL ids they expect.
 */
public final class Charsets
{
    /** One collation: name, charset, MySQL id, default for its charset. */
    public record Collation(String name, String charset, long id, boolean isDefault, long sortLen, String pad)
    {
    }

    /** One character set: name, default collation, description, max bytes per character. */
    public record Charset(String name, String defaultCollation, String description, long maxLen)
    {
    }

    public static final List<Collation> COLLATIONS = List.of(
            new Collation("binary", "binary", 63, true, 1, "NO PAD"),
            new Collation("latin1_swedish_ci", "latin1", 8, true, 1, "PAD SPACE"),
            new Collation("utf8_bin", "utf8", 83, false, 1, "PAD SPACE"),
            new Collation("utf8_general_ci", "utf8", 33, true, 1, "PAD SPACE"),
            new Collation("utf8mb4_0900_ai_ci", "utf8mb4", 255, false, 0, "NO PAD"),
            new Collation("utf8mb4_bin", "utf8mb4", 46, false, 1, "PAD SPACE"),
            new Collation("utf8mb4_general_ci", "utf8mb4", 45, true, 1, "PAD SPACE"),
            new Collation("utf8mb4_unicode_ci", "utf8mb4", 224, false, 8, "PAD SPACE"));

    public static final List<Charset> CHARSETS = List.of(
            new Charset("binary", "binary", "Binary pseudo charset", 1),
            new Charset("latin1", "latin1_swedish_ci", "cp1252 West European", 1),
            new Charset("utf8", "utf8_general_ci", "UTF-8 Unicode", 3),
            new Charset("utf8mb4", "utf8mb4_general_ci", "UTF-8 Unicode", 4));

    private Charsets()
    {
    }
}
