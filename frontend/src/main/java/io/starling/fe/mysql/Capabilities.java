package io.starling.fe.mysql;

/**
 * Client/server capability flags of protocol 41 and the set Starling advertises. The negotiated set is
 * {@code SERVER & client}. Not advertised on purpose (notes/mysql-clients-and-stream-load.md §1.3): SSL and
 * COMPRESS (not implemented), SESSION_TRACK (MariaDB C/J would then send session_track_system_variables),
 * QUERY_ATTRIBUTES (changes the COM_QUERY/EXECUTE layout), LOCAL_FILES, OPTIONAL_RESULTSET_METADATA.
 */
final class Capabilities
{
    static final int LONG_PASSWORD = 0x1;
    static final int FOUND_ROWS = 0x2;
    static final int LONG_FLAG = 0x4;
    static final int CONNECT_WITH_DB = 0x8;
    static final int PROTOCOL_41 = 0x200;
    static final int INTERACTIVE = 0x400;
    static final int SSL = 0x800;
    static final int TRANSACTIONS = 0x2000;
    static final int SECURE_CONNECTION = 0x8000;
    static final int MULTI_STATEMENTS = 0x10000;
    static final int MULTI_RESULTS = 0x20000;
    static final int PS_MULTI_RESULTS = 0x40000;
    static final int PLUGIN_AUTH = 0x80000;
    static final int CONNECT_ATTRS = 0x100000;
    static final int PLUGIN_AUTH_LENENC_CLIENT_DATA = 0x200000;
    static final int DEPRECATE_EOF = 0x1000000;

    /**
     * What the server offers. LONG_PASSWORD is set because MariaDB clients read extended capabilities only when
     * it is clear in their own flags (the server side bit is what StarRocks and MySQL send anyway).
     */
    static final int SERVER = LONG_PASSWORD | FOUND_ROWS | LONG_FLAG | CONNECT_WITH_DB | PROTOCOL_41 | INTERACTIVE
            | TRANSACTIONS | SECURE_CONNECTION | MULTI_STATEMENTS | MULTI_RESULTS | PS_MULTI_RESULTS | PLUGIN_AUTH
            | CONNECT_ATTRS | PLUGIN_AUTH_LENENC_CLIENT_DATA | DEPRECATE_EOF;

    private Capabilities()
    {
    }
}
