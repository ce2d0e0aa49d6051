package io.starling.fe.qe;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Session variables (MySQL names, StarRocks defaults). Names are case-insensitive. Values are kept as strings
 * and typed on read. {@link #defaults()} lists every variable SHOW VARIABLES prints. The protocol helper owns
 * the list of defaults.
 */
public class SessionVariables
{
    private static final Map<String, String> DEFAULTS = new TreeMap<>();

    static {
        DEFAULTS.put("autocommit", "1");
        DEFAULTS.put("query_mem_limit", "0");
        DEFAULTS.put("query_timeout", "300");
    }

    private final Map<String, String> values = new ConcurrentHashMap<>();

    public static Map<String, String> defaults()
    {
        return DEFAULTS;
    }

    public static boolean isKnown(String name)
    {
        return DEFAULTS.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** Value of a variable, or null if unknown. */
    public String get(String name)
    {
        String key = name.toLowerCase(Locale.ROOT);
        String v = values.get(key);
        return v != null ? v : DEFAULTS.get(key);
    }

    public void set(String name, String value)
    {
        values.put(name.toLowerCase(Locale.ROOT), value);
    }

    public long getLong(String name, long defaultValue)
    {
        String v = get(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(v.trim());
        }
        catch (NumberFormatException e) {
            return defaultValue;
        }
    }

    /** All variables with their current values (defaults overridden by session values), sorted by name. */
    public Map<String, String> snapshot()
    {
        Map<String, String> m = new TreeMap<>(DEFAULTS);
        m.putAll(values);
        return m;
    }

    /** COM_RESET_CONNECTION: back to defaults. */
    public void reset()
    {
        values.clear();
    }
}
