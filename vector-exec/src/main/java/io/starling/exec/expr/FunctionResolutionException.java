package io.starling.exec.expr;

/** No function of the given name accepts the given argument types (raised while building the expression tree). */
public final class FunctionResolutionException extends ExpressionException
{
    public FunctionResolutionException(String message)
    {
        super(message);
    }
}
