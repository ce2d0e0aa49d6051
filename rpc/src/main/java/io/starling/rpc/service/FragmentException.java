package io.starling.rpc.service;

/**
 * A fragment failed. {@link #kind()} tells the FE which MySQL error to report.
 */
public class FragmentException extends Exception
{
    /** Why a fragment failed. */
    public enum Kind
    {
        /** Cancelled (KILL QUERY, client gone). */
        CANCELLED,
        /** query_timeout reached. */
        TIMEOUT,
        /** A memory limit was exceeded. */
        MEM_LIMIT,
        /** Bad data (strict cast failure, NOT NULL violation past max_filter_ratio, ...). */
        DATA_QUALITY,
        /** Anything else. */
        INTERNAL
    }

    private final Kind kind;

    public FragmentException(Kind kind, String message, Throwable cause)
    {
        super(message, cause);
        this.kind = kind;
    }

    public FragmentException(Kind kind, String message)
    {
        this(kind, message, null);
    }

    public Kind kind()
    {
        return kind;
    }
}
