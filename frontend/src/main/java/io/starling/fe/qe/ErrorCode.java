package io.starling.fe.qe;

/** MySQL error codes Starling reports, with SQLSTATE and message template (String.format). */
public enum ErrorCode
{
    ACCESS_DENIED(1045, "28000", "Access denied for user '%s'@'%s' (using password: %s)"),
    DB_ACCESS_DENIED(1044, "42000", "Access denied for user '%s'@'%s' to database '%s'"),
    BAD_DB(1049, "42000", "Unknown database '%s'"),
    NO_DB_SELECTED(1046, "3D000", "No database selected"),
    DB_EXISTS(1007, "HY000", "Can't create database '%s'; database exists"),
    DB_DROP_NOT_EXISTS(1008, "HY000", "Can't drop database '%s'; database doesn't exist"),
    PARSE_ERROR(1064, "42000", "%s"),
    /** A statement reads or changes a table that does not exist (argument: {@code db.table}). */
    NO_SUCH_TABLE(1146, "42S02", "Table '%s' doesn't exist"),
    /** DROP TABLE of a missing table keeps MySQL's different code and wording. */
    BAD_TABLE(1051, "42S02", "Unknown table '%s'"),
    TABLE_EXISTS(1050, "42S01", "Table '%s' already exists"),
    BAD_FIELD(1054, "42S22", "Unknown column '%s' in '%s'"),
    DUP_FIELD(1060, "42S21", "Duplicate column name '%s'"),
    NON_UNIQ(1052, "23000", "Column '%s' in %s is ambiguous"),
    BAD_NULL(1048, "23000", "Column '%s' cannot be null"),
    NO_DEFAULT_FOR_FIELD(1364, "HY000", "Field '%s' doesn't have a default value"),
    SP_DOES_NOT_EXIST(1305, "42000", "FUNCTION %s does not exist"),
    SUBQUERY_NO_1_ROW(1242, "21000", "Subquery returns more than 1 row"),
    OPERAND_COLUMNS(1241, "21000", "Operand should contain %d column(s)"),
    WRONG_VALUE_COUNT(1136, "21S01", "Column count doesn't match value count at row %d"),
    TRUNCATED_WRONG_VALUE(1292, "22007", "%s"),
    DATA_TOO_LONG(1406, "22001", "%s"),
    OUT_OF_RANGE(1264, "22003", "%s"),
    WRONG_ARGUMENTS(1210, "HY000", "%s"),
    UNKNOWN_SYSTEM_VARIABLE(1193, "HY000", "Unknown system variable '%s'"),
    UNKNOWN_COM(1047, "08S01", "Unknown command"),
    NOT_SUPPORTED(1235, "42000", "%s"),
    QUERY_INTERRUPTED(1317, "70100", "Query execution was interrupted"),
    QUERY_TIMEOUT(3024, "HY000", "Query exceeded timeout (%d seconds)"),
    NO_SUCH_THREAD(1094, "HY000", "Unknown thread id: %d"),
    MEM_LIMIT_EXCEEDED(1105, "HY000", "%s"),
    PACKET_TOO_LARGE(1153, "08S01", "Got a packet bigger than 'max_allowed_packet' bytes"),
    CANNOT_USER(1396, "HY000", "Operation %s failed for %s"),
    SPECIFIC_ACCESS_DENIED(1227, "42000", "Access denied; you need (at least one of) the %s privilege(s) for this operation"),
    INTERNAL(1105, "HY000", "%s");

    private final int code;
    private final String sqlState;
    private final String template;

    ErrorCode(int code, String sqlState, String template)
    {
        this.code = code;
        this.sqlState = sqlState;
        this.template = template;
    }

    public int code()
    {
        return code;
    }

    public String sqlState()
    {
        return sqlState;
    }

    public String template()
    {
        return template;
    }
}
