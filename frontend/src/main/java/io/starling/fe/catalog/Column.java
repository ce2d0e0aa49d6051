package io.starling.fe.catalog;

import io.starling.storage.types.DataType;

/**
 * A table column as declared in CREATE TABLE.
 *
 * @param defaultValue   the DEFAULT clause as SQL text of a literal (e.g. {@code "0"}, {@code "abc"}), or null;
 *                       {@code CURRENT_TIMESTAMP} is kept verbatim
 * @param aggregation    aggregate type of a value column in an Aggregate Key table (SUM, MAX, MIN, REPLACE, ...),
 *                       or null
 */
public record Column(String name, DataType type, boolean nullable, boolean isKey, String defaultValue, String comment,
        String aggregation)
{
    public Column withKey(boolean key)
    {
        return new Column(name, type, nullable, key, defaultValue, comment, aggregation);
    }
}
