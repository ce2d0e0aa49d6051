package io.starling.fe.qe;

import java.time.ZoneId;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Session variables (MySQL names, StarRocks defaults). Names are case-insensitive. Values are kept as strings
 * and typed on read. {@link #defaults()} lists every variable SHOW VARIABLES prints. The protocol helper owns
 * the list of defaults.
 *
 * <p>The defaults cover what real clients read at connect time (notes/mysql-clients-and-stream-load.md §2.1,
 * §2.7): Connector/J's 19-variable {@code SELECT @@...}, MariaDB Connector/J's {@code sql_mode=CONCAT(..)}, the
 * CLI banner's {@code @@version_comment}, SQLAlchemy's {@code @@transaction_isolation}. sql_mode contains
 * STRICT_TRANS_TABLES so Connector/J does not send a SET sql_mode at every connect.
 *
 * <p>SQL NULL: a variable whose value is SQL NULL (character_set_results by default, as in MySQL 8) holds the
 * string {@link #NULL_VALUE}; {@link #isNull(String)} tells the statement layer to render {@code @@name} as NULL.
 * {@code set(name, null)} stores that marker too.
 */
public class SessionVariables
{
    /** Marker value of a variable that is SQL NULL. */
    public static final String NULL_VALUE = "NULL";
    /** Reported as @@version; drivers parse the leading x.y.z, so it must look like MySQL 8, never MariaDB. */
    public static final String SERVER_VERSION = "8.0.33";
    public static final String VERSION_COMMENT = "Starling version 0.1.0 (StarRocks-compatible)";
    /** 64 MiB, StarRocks' and MySQL 8's default max_allowed_packet. */
    public static final long DEFAULT_MAX_ALLOWED_PACKET = 64L << 20;

    private static final Map<String, String> DEFAULTS = new TreeMap<>();

    static {
        String systemZone = ZoneId.systemDefault().getId();
        // identity and versions
        DEFAULTS.put("version", SERVER_VERSION);
        DEFAULTS.put("version_comment", VERSION_COMMENT);
        DEFAULTS.put("version_compile_os", "Linux");
        DEFAULTS.put("version_compile_machine", "x86_64");
        DEFAULTS.put("license", "Apache License 2.0");
        DEFAULTS.put("protocol_version", "10");
        // character sets: everything utf8mb4, results NULL = "send in the column's own charset"
        DEFAULTS.put("character_set_client", "utf8mb4");
        DEFAULTS.put("character_set_connection", "utf8mb4");
        DEFAULTS.put("character_set_database", "utf8mb4");
        DEFAULTS.put("character_set_filesystem", "binary");
        DEFAULTS.put("character_set_results", NULL_VALUE);
        DEFAULTS.put("character_set_server", "utf8mb4");
        DEFAULTS.put("character_set_system", "utf8mb4");
        DEFAULTS.put("collation_connection", "utf8mb4_general_ci");
        DEFAULTS.put("collation_database", "utf8mb4_general_ci");
        DEFAULTS.put("collation_server", "utf8mb4_general_ci");
        DEFAULTS.put("default_collation_for_utf8mb4", "utf8mb4_general_ci");
        // connection handling
        DEFAULTS.put("auto_increment_increment", "1");
        DEFAULTS.put("auto_increment_offset", "1");
        DEFAULTS.put("autocommit", "1");
        DEFAULTS.put("init_connect", "");
        DEFAULTS.put("interactive_timeout", "28800");
        DEFAULTS.put("wait_timeout", "28800");
        DEFAULTS.put("connect_timeout", "10");
        DEFAULTS.put("net_read_timeout", "60");
        DEFAULTS.put("net_write_timeout", "60");
        DEFAULTS.put("net_buffer_length", "16384");
        DEFAULTS.put("max_allowed_packet", Long.toString(DEFAULT_MAX_ALLOWED_PACKET));
        DEFAULTS.put("lower_case_table_names", "0");
        DEFAULTS.put("performance_schema", "0");
        DEFAULTS.put("sql_mode", "STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION");
        DEFAULTS.put("system_time_zone", systemZone);
        DEFAULTS.put("time_zone", "SYSTEM");
        DEFAULTS.put("transaction_isolation", "REPEATABLE-READ");
        DEFAULTS.put("tx_isolation", "REPEATABLE-READ");
        DEFAULTS.put("transaction_read_only", "0");
        DEFAULTS.put("tx_read_only", "0");
        DEFAULTS.put("sql_select_limit", "18446744073709551615");
        DEFAULTS.put("sql_safe_updates", "0");
        DEFAULTS.put("sql_auto_is_null", "0");
        DEFAULTS.put("sql_quote_show_create", "1");
        DEFAULTS.put("div_precision_increment", "4");
        DEFAULTS.put("language", "/starling/share/english/");
        DEFAULTS.put("lc_time_names", "en_US");
        DEFAULTS.put("event_scheduler", "OFF");
        DEFAULTS.put("default_storage_engine", "OLAP");
        DEFAULTS.put("storage_engine", "OLAP");
        DEFAULTS.put("have_query_cache", "NO");
        DEFAULTS.put("query_cache_size", "0");
        DEFAULTS.put("query_cache_type", "OFF");
        DEFAULTS.put("explicit_defaults_for_timestamp", "1");
        DEFAULTS.put("max_execution_time", "0");
        DEFAULTS.put("group_concat_max_len", "65535");
        DEFAULTS.put("foreign_key_checks", "1");
        DEFAULTS.put("unique_checks", "1");
        DEFAULTS.put("sql_notes", "1");
        DEFAULTS.put("sql_warnings", "0");
        DEFAULTS.put("warning_count", "0");
        DEFAULTS.put("error_count", "0");
        DEFAULTS.put("innodb_lock_wait_timeout", "50");
        DEFAULTS.put("session_track_system_variables", "");
        DEFAULTS.put("session_track_schema", "OFF");
        DEFAULTS.put("session_track_state_change", "OFF");
        DEFAULTS.put("session_track_transaction_info", "OFF");
        DEFAULTS.put("ssl_cipher", "");
        DEFAULTS.put("default_authentication_plugin", "mysql_native_password");
        DEFAULTS.put("hostname", "localhost");
        DEFAULTS.put("port", "9030");
        // StarRocks session variables
        DEFAULTS.put("query_timeout", "300");
        DEFAULTS.put("query_mem_limit", "0");
        DEFAULTS.put("pipeline_dop", "0");
        DEFAULTS.put("enable_pipeline_engine", "true");
        DEFAULTS.put("parallel_fragment_exec_instance_num", "1");
        DEFAULTS.put("enable_profile", "false");
        DEFAULTS.put("insert_timeout", "14400");
        DEFAULTS.put("load_mem_limit", "0");
        DEFAULTS.put("batch_size", "4096");
        DEFAULTS.put("chunk_size", "4096");
        DEFAULTS.put("enable_spill", "false");
        DEFAULTS.put("new_planner_optimize_timeout", "3000");
        DEFAULTS.put("cbo_enable_low_cardinality_optimize", "true");
        DEFAULTS.put("enable_materialized_view_rewrite", "true");
        DEFAULTS.put("sql_dialect", "StarRocks");
        DEFAULTS.put("default_catalog", "default_catalog");
        DEFAULTS.put("resource_group", "");
        // runtime filters (planner/RuntimeFilterPlanner): on/off, and the build row count above which a join
        // publishes only min/max (no IN set, no bloom filter)
        DEFAULTS.put("enable_global_runtime_filter", "true");
        DEFAULTS.put("runtime_join_filter_push_down_limit", "1024000");
        // INSERT OVERWRITE of an expression-partitioned table: true = replace only the partitions the new rows touch
        DEFAULTS.put("dynamic_overwrite", "false");
    }

    private final Map<String, String> values = new ConcurrentHashMap<>();

    /** Every known variable with its default value, sorted by name. Unmodifiable. */
    public static Map<String, String> defaults()
    {
        return Collections.unmodifiableMap(DEFAULTS);
    }

    public static boolean isKnown(String name)
    {
        return DEFAULTS.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** Default value of a variable, or null if unknown. */
    public static String defaultValue(String name)
    {
        return DEFAULTS.get(name.toLowerCase(Locale.ROOT));
    }

    /** Value of a variable, or null if unknown. SQL NULL is returned as {@link #NULL_VALUE}. */
    public String get(String name)
    {
        String key = name.toLowerCase(Locale.ROOT);
        String v = values.get(key);
        return v != null ? v : DEFAULTS.get(key);
    }

    /** Sets a session value; null stores SQL NULL ({@link #NULL_VALUE}). */
    public void set(String name, String value)
    {
        values.put(name.toLowerCase(Locale.ROOT), value == null ? NULL_VALUE : value);
    }

    /** SET var = DEFAULT: drops the session value. */
    public void resetToDefault(String name)
    {
        values.remove(name.toLowerCase(Locale.ROOT));
    }

    /** True if the variable's value is SQL NULL. */
    public boolean isNull(String name)
    {
        return NULL_VALUE.equals(get(name));
    }

    public String getString(String name, String defaultValue)
    {
        String v = get(name);
        return v == null ? defaultValue : v;
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

    public int getInt(String name, int defaultValue)
    {
        long v = getLong(name, defaultValue);
        return v > Integer.MAX_VALUE || v < Integer.MIN_VALUE ? defaultValue : (int) v;
    }

    /** Booleans as MySQL writes them: 1/0, ON/OFF, true/false (case-insensitive). */
    public boolean getBoolean(String name, boolean defaultValue)
    {
        String v = get(name);
        if (v == null) {
            return defaultValue;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "1", "on", "true", "yes" -> true;
            case "0", "off", "false", "no" -> false;
            default -> defaultValue;
        };
    }

    /** query_timeout in seconds (StarRocks); 0 or less means no limit. */
    public long queryTimeoutSeconds()
    {
        return getLong("query_timeout", 300);
    }

    /** query_mem_limit in bytes; 0 means no session limit. */
    public long queryMemLimit()
    {
        return getLong("query_mem_limit", 0);
    }

    /** pipeline_dop; 0 means "chosen from the core count". */
    public int pipelineDop()
    {
        return getInt("pipeline_dop", 0);
    }

    /** max_allowed_packet in bytes. */
    public long maxAllowedPacket()
    {
        return getLong("max_allowed_packet", DEFAULT_MAX_ALLOWED_PACKET);
    }

    /**
     * sql_select_limit as a row count; MySQL's "no limit" value 2^64-1 (and anything unparsable) is
     * {@link Long#MAX_VALUE}.
     */
    public long sqlSelectLimit()
    {
        String v = get("sql_select_limit");
        try {
            return v == null ? Long.MAX_VALUE : Long.parseLong(v.trim());
        }
        catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    public String sqlMode()
    {
        return getString("sql_mode", "");
    }

    public String timeZone()
    {
        return getString("time_zone", "SYSTEM");
    }

    public boolean autocommit()
    {
        return getBoolean("autocommit", true);
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
