package io.starling.fe.mysql;

/** A client packet that does not parse (truncated or inconsistent); answered with ERR 1047. */
final class MalformedPacketException extends RuntimeException
{
    MalformedPacketException(String message)
    {
        super(message);
    }
}
