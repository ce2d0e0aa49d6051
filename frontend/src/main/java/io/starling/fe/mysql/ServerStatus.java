package io.starling.fe.mysql;

/** SERVER_STATUS flags carried by OK and EOF packets. */
final class ServerStatus
{
    static final int IN_TRANS = 0x1;
    static final int AUTOCOMMIT = 0x2;
    static final int MORE_RESULTS_EXISTS = 0x8;

    private ServerStatus()
    {
    }
}
