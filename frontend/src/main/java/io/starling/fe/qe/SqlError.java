package io.starling.fe.qe;

/**
 * An error reported to the client as a MySQL ERR packet: error code, SQLSTATE and message. Never use an
 * 08xxx SQLSTATE for query errors (Connector/J turns those into CommunicationsException and pools evict the
 * connection).
 */
public class SqlError extends Exception
{
    private final int code;
    private final String sqlState;

    public SqlError(int code, String sqlState, String message)
    {
        super(message);
        this.code = code;
        this.sqlState = sqlState;
    }

    public SqlError(ErrorCode ec, Object... args)
    {
        this(ec.code(), ec.sqlState(), args.length == 0 ? ec.template() : String.format(ec.template(), args));
    }

    public SqlError(ErrorCode ec, Throwable cause, Object... args)
    {
        this(ec, args);
        initCause(cause);
    }

    public int code()
    {
        return code;
    }

    public String sqlState()
    {
        return sqlState;
    }
}
