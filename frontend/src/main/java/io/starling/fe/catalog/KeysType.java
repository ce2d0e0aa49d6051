package io.starling.fe.catalog;

/** StarRocks table models. */
public enum KeysType
{
    DUP_KEYS("DUPLICATE KEY"),
    AGG_KEYS("AGGREGATE KEY"),
    UNIQUE_KEYS("UNIQUE KEY"),
    PRIMARY_KEYS("PRIMARY KEY");

    private final String sql;

    KeysType(String sql)
    {
        this.sql = sql;
    }

    /** As written in DDL, e.g. {@code DUPLICATE KEY}. */
    public String sql()
    {
        return sql;
    }
}
