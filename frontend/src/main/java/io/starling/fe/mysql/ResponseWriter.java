package io.starling.fe.mysql;

import io.netty.buffer.ByteBuf;
import io.starling.fe.qe.ResultColumn;
import io.starling.fe.qe.RowSource;
import io.starling.fe.qe.SqlError;
import io.starling.storage.batch.ColumnBatch;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes server responses of one connection: OK, ERR, EOF, column definitions and whole result sets in the text
 * or binary row format. Knows whether DEPRECATE_EOF was negotiated: then the EOF after the column definitions is
 * left out and a result set ends with an OK packet whose header byte is 0xFE instead of an EOF packet.
 */
final class ResponseWriter
{
    private static final int OK_HEADER = 0x00;
    private static final int EOF_HEADER = 0xFE;
    private static final int ERR_HEADER = 0xFF;
    /** An ERR message longer than this is cut: clients print it on one line, and MySQL caps it at 512 too. */
    private static final int MAX_ERROR_MESSAGE_CHARS = 512;

    private final PacketOutput out;
    private boolean deprecateEof;

    ResponseWriter(PacketOutput out)
    {
        this.out = out;
    }

    void setDeprecateEof(boolean deprecateEof)
    {
        this.deprecateEof = deprecateEof;
    }

    PacketOutput output()
    {
        return out;
    }

    void writeOk(long affectedRows, long lastInsertId, int status, int warnings, String info)
    {
        ByteBuf b = out.begin();
        b.writeByte(OK_HEADER);
        MysqlBuffers.writeLenencInt(b, affectedRows);
        MysqlBuffers.writeLenencInt(b, lastInsertId);
        b.writeShortLE(status);
        b.writeShortLE(warnings);
        if (info != null && !info.isEmpty()) {
            // length-encoded, as StarRocks writes it and as Connector/J 9 reads it (a string<EOF> here makes
            // Connector/J fail with "Buffer length is less than expected payload length")
            MysqlBuffers.writeLenencString(b, info);
        }
        out.end();
    }

    void writeError(int code, String sqlState, String message)
    {
        out.abandon();
        String msg = message == null ? "" : message;
        if (msg.length() > MAX_ERROR_MESSAGE_CHARS) {
            msg = msg.substring(0, MAX_ERROR_MESSAGE_CHARS);
        }
        String state = sqlState == null || sqlState.length() != 5 ? "HY000" : sqlState;
        ByteBuf b = out.begin();
        b.writeByte(ERR_HEADER);
        b.writeShortLE(code);
        b.writeByte('#');
        b.writeCharSequence(state, StandardCharsets.US_ASCII);
        b.writeBytes(msg.getBytes(StandardCharsets.UTF_8));
        out.end();
    }

    void writeError(SqlError e)
    {
        writeError(e.code(), e.sqlState(), e.getMessage());
    }

    /** A classic EOF packet ({@code 0xFE warnings2 status2}), regardless of DEPRECATE_EOF. */
    void writeClassicEof(int status)
    {
        ByteBuf b = out.begin();
        b.writeByte(EOF_HEADER);
        b.writeShortLE(0);
        b.writeShortLE(status);
        out.end();
    }

    /** The packet that ends a row stream (or a COM_FIELD_LIST / COM_SET_OPTION reply): EOF or OK-with-0xFE. */
    void writeEnd(int status)
    {
        if (!deprecateEof) {
            writeClassicEof(status);
            return;
        }
        ByteBuf b = out.begin();
        b.writeByte(EOF_HEADER);
        MysqlBuffers.writeLenencInt(b, 0);
        MysqlBuffers.writeLenencInt(b, 0);
        b.writeShortLE(status);
        b.writeShortLE(0);
        out.end();
    }

    /** The EOF after column definitions; left out under DEPRECATE_EOF. */
    void writeColumnsEnd(int status)
    {
        if (!deprecateEof) {
            writeClassicEof(status);
        }
    }

    void writeColumnCount(int count)
    {
        MysqlBuffers.writeLenencInt(out.begin(), count);
        out.end();
    }

    /** ColumnDefinition41 of a result column. */
    void writeColumnDefinition(ResultColumn c)
    {
        writeColumnDefinition(c, false, null);
    }

    /**
     * ColumnDefinition41; a COM_FIELD_LIST reply ({@code fieldList}) appends the column's default value
     * (null = NULL).
     */
    void writeColumnDefinition(ResultColumn c, boolean fieldList, String defaultValue)
    {
        MysqlTypes.WireType t = MysqlTypes.of(c.type());
        int flags = t.flags();
        if (!c.nullable()) {
            flags |= MysqlTypes.FLAG_NOT_NULL;
        }
        if (c.primaryKey()) {
            flags |= MysqlTypes.FLAG_PRI_KEY;
        }
        ByteBuf b = out.begin();
        MysqlBuffers.writeLenencString(b, "def");
        MysqlBuffers.writeLenencString(b, nz(c.schema()));
        MysqlBuffers.writeLenencString(b, nz(c.table()));
        MysqlBuffers.writeLenencString(b, nz(c.orgTable()));
        MysqlBuffers.writeLenencString(b, nz(c.name()));
        MysqlBuffers.writeLenencString(b, nz(c.orgName()));
        MysqlBuffers.writeLenencInt(b, 0x0c);
        b.writeShortLE(t.charset());
        b.writeIntLE((int) Math.min(t.length(), 0xFFFFFFFFL));
        b.writeByte(t.code());
        b.writeShortLE(flags);
        b.writeByte(t.decimals());
        b.writeShortLE(0);
        if (fieldList) {
            if (defaultValue == null) {
                b.writeByte(MysqlBuffers.NULL_MARKER);
            }
            else {
                MysqlBuffers.writeLenencString(b, defaultValue);
            }
        }
        out.end();
    }

    /**
     * Streams a result set: column count, definitions, rows as they come from {@code rows}, end packet. If the
     * source fails mid-stream the end packet is replaced by an ERR. Each batch is closed after it is encoded;
     * the source is closed by the caller.
     *
     * @return true if the result ended normally, false if an ERR was sent
     * @throws ClientGoneException if the client disconnected (the caller closes the source, cancelling the query)
     */
    boolean writeResultSet(List<ResultColumn> columns, RowSource rows, boolean binary, int endStatus)
    {
        writeColumnCount(columns.size());
        for (ResultColumn c : columns) {
            writeColumnDefinition(c);
        }
        writeColumnsEnd(endStatus);
        while (true) {
            ColumnBatch batch;
            try {
                // The engine may block here; send what we have so the client sees the header early.
                out.flush();
                batch = rows.next();
            }
            catch (SqlError e) {
                writeError(e);
                return false;
            }
            catch (RuntimeException e) {
                if (e instanceof ClientGoneException) {
                    throw e;
                }
                writeError(1105, "HY000", messageOf(e));
                return false;
            }
            if (batch == null) {
                break;
            }
            try {
                if (batch.columnCount() != columns.size()) {
                    writeError(1105, "HY000", "internal error: batch has " + batch.columnCount()
                            + " columns, result declares " + columns.size());
                    return false;
                }
                int n = batch.size();
                for (int i = 0; i < n; i++) {
                    int row = batch.position(i);
                    ByteBuf b = out.begin();
                    if (binary) {
                        RowEncoder.writeBinaryRow(b, batch, row);
                    }
                    else {
                        RowEncoder.writeTextRow(b, batch, row);
                    }
                    out.end();
                }
            }
            finally {
                batch.close();
            }
        }
        writeEnd(endStatus);
        return true;
    }

    static String messageOf(Throwable e)
    {
        String m = e.getMessage();
        return m == null || m.isEmpty() ? e.getClass().getSimpleName() : m;
    }

    private static String nz(String s)
    {
        return s == null ? "" : s;
    }
}
