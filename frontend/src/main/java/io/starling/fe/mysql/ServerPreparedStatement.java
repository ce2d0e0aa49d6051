package io.starling.fe.mysql;

import java.io.ByteArrayOutputStream;

/**
 * A statement prepared with COM_STMT_PREPARE: its text, where its {@code ?} placeholders are, the parameter
 * types last bound by COM_STMT_EXECUTE (clients send them only when they change) and data streamed with
 * COM_STMT_SEND_LONG_DATA. Belongs to one connection and is used only by its thread.
 */
final class ServerPreparedStatement
{
    private final int id;
    private final String sql;
    private final int[] placeholders;
    /** Per parameter: type code in the low byte, 0x80 in the high byte when unsigned; -1 = never bound. */
    private final int[] parameterTypes;
    private final ByteArrayOutputStream[] longData;

    ServerPreparedStatement(int id, String sql, int[] placeholders)
    {
        this.id = id;
        this.sql = sql;
        this.placeholders = placeholders;
        this.parameterTypes = new int[placeholders.length];
        java.util.Arrays.fill(parameterTypes, -1);
        this.longData = new ByteArrayOutputStream[placeholders.length];
    }

    int id()
    {
        return id;
    }

    String sql()
    {
        return sql;
    }

    int parameterCount()
    {
        return placeholders.length;
    }

    int[] placeholders()
    {
        return placeholders;
    }

    int[] parameterTypes()
    {
        return parameterTypes;
    }

    /** Appends COM_STMT_SEND_LONG_DATA bytes to parameter {@code index}. */
    void appendLongData(int index, byte[] data)
    {
        if (index < 0 || index >= longData.length) {
            return;
        }
        if (longData[index] == null) {
            longData[index] = new ByteArrayOutputStream();
        }
        longData[index].writeBytes(data);
    }

    /** Long data of a parameter, or null if none was sent since the last execute/reset. */
    byte[] longData(int index)
    {
        return longData[index] == null ? null : longData[index].toByteArray();
    }

    /** COM_STMT_RESET and the end of each execute: forget long data. */
    void resetLongData()
    {
        java.util.Arrays.fill(longData, null);
    }
}
