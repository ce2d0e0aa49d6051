package io.starling.fe.meta;

import io.starling.fe.catalog.Column;
import io.starling.fe.catalog.View;
import io.starling.storage.types.PhysicalType;

import java.util.ArrayList;
import java.util.List;

import static io.starling.fe.meta.InformationSchema.row;

/**
 * Metadata rows of views: SHOW CREATE VIEW (StarRocks' four columns), DESC / SHOW [FULL] COLUMNS, and the
 * character set values MySQL and StarRocks report for a view ({@code utf8} / {@code utf8_general_ci}).
 */
public final class ViewMeta
{
    /** SHOW CREATE VIEW / SHOW CREATE TABLE of a view: StarRocks' (and MySQL's) header. */
    public static final List<String> SHOW_CREATE_COLUMNS = List.of("View", "Create View", "character_set_client",
            "collation_connection");
    static final String CHARSET_CLIENT = "utf8";
    static final String COLLATION_CONNECTION = "utf8_general_ci";

    private ViewMeta()
    {
    }

    /**
     * {@code CREATE VIEW `v` (`c1` COMMENT "..", `c2`) COMMENT ".." AS <query>}: the column list always (as
     * StarRocks prints it), the query as written; running the text again recreates the same view.
     */
    public static String createStatement(View v)
    {
        StringBuilder sb = new StringBuilder("CREATE VIEW `").append(v.name()).append("` (");
        for (int i = 0; i < v.columns().size(); i++) {
            Column c = v.columns().get(i);
            if (i > 0) {
                sb.append(", ");
            }
            sb.append('`').append(c.name()).append('`');
            if (c.comment() != null && !c.comment().isEmpty()) {
                sb.append(" COMMENT \"").append(CreateTableFormatter.escape(c.comment())).append('"');
            }
        }
        sb.append(')');
        if (v.comment() != null && !v.comment().isEmpty()) {
            sb.append(" COMMENT \"").append(CreateTableFormatter.escape(v.comment())).append('"');
        }
        return sb.append(" AS ").append(v.definition()).toString();
    }

    public static List<List<Object>> showCreate(View v)
    {
        return List.of(row(v.name(), createStatement(v), CHARSET_CLIENT, COLLATION_CONNECTION));
    }

    /** DESC v: Field, Type, Null, Key (always false), Default (none), Extra. */
    public static List<List<Object>> describe(View v)
    {
        List<List<Object>> out = new ArrayList<>();
        for (Column c : v.columns()) {
            out.add(row(c.name(), c.type().toSql(), c.nullable() ? "YES" : "NO", "false", null, ""));
        }
        return out;
    }

    /** SHOW [FULL] COLUMNS of a view (no keys, no defaults). */
    public static List<List<Object>> columns(View v, boolean full)
    {
        List<List<Object>> out = new ArrayList<>();
        for (Column c : v.columns()) {
            boolean text = c.type().physical() == PhysicalType.VARLEN;
            if (full) {
                out.add(row(c.name(), c.type().toSql(), text ? "utf8mb4_general_ci" : null, c.nullable() ? "YES" : "NO",
                        "", null, "", "select,insert,update,references", c.comment() == null ? "" : c.comment()));
            }
            else {
                out.add(row(c.name(), c.type().toSql(), c.nullable() ? "YES" : "NO", "", null, ""));
            }
        }
        return out;
    }
}
