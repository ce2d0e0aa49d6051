package io.starling.fe.catalog;

import io.starling.fe.qe.ErrorCode;
import io.starling.fe.qe.SqlError;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The table property {@code "enable_persistent_index"} (StarRocks' spelling; CREATE TABLE and ALTER TABLE SET): a
 * PRIMARY KEY table whose tablets keep their primary index in the BE's meta store, so a restart or a memory-pressure
 * release does not rebuild it from the data. Accepted on other models and ignored there, as StarRocks does.
 */
public final class PrimaryIndexProperty
{
    public static final String KEY = "enable_persistent_index";

    private PrimaryIndexProperty()
    {
    }

    /** Whether the table's tablets keep a persistent index. */
    public static boolean enabled(OlapTable t)
    {
        return enabled(t.properties());
    }

    static boolean enabled(Map<String, String> properties)
    {
        for (Map.Entry<String, String> e : properties.entrySet()) {
            if (e.getKey().equalsIgnoreCase(KEY)) {
                return "true".equalsIgnoreCase(e.getValue().trim());
            }
        }
        return false;
    }

    /** Checks a given value: {@code true} or {@code false} (any case), else 1210. Returns it lower-cased. */
    public static String check(String value) throws SqlError
    {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "Invalid value for property " + KEY + ": '" + value
                    + "' (expected true or false)");
        }
        return v;
    }

    /** Ids of all tablets of the table. */
    public static List<Long> tabletIds(OlapTable t)
    {
        List<Long> ids = new ArrayList<>();
        for (Partition p : t.partitions()) {
            for (Tablet tab : p.tablets()) {
                ids.add(tab.id());
            }
        }
        return ids;
    }
}
