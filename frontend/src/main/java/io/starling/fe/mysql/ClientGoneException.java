package io.starling.fe.mysql;

/** The client's channel closed while the server was writing to it; unwinds the connection thread. */
final class ClientGoneException extends RuntimeException
{
    ClientGoneException()
    {
        super("client connection closed", null, false, false);
    }
}
