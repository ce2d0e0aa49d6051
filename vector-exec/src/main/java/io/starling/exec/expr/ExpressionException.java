package io.starling.exec.expr;

/** A query-level evaluation error (bad argument for a function, value out of range in a strict context). */
public class ExpressionException extends RuntimeException
{
    public ExpressionException(String message)
    {
        super(message);
    }
}
