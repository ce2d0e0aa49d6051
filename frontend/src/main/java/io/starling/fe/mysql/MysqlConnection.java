package io.starling.fe.mysql;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.starling.fe.auth.NativePassword;
import io.starling.fe.qe.ErrorCode;
import io.starling.fe.qe.QueryResult;
import io.starling.fe.qe.ResultColumn;
import io.starling.fe.qe.RowSource;
import io.starling.fe.qe.Session;
import io.starling.fe.qe.SessionVariables;
import io.starling.fe.qe.SqlError;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One client connection: the handshake, authentication and the command loop, run on the connection's own
 * (virtual) thread so that statements may block while queries run. The Netty event loop only decodes packets
 * into {@link #onPacket} and reports channel state; everything else happens here.
 *
 * <p>Lifecycle: {@link #run()} sends the handshake, authenticates, registers the {@link Session}, then serves
 * commands until COM_QUIT, a closed channel, a KILL CONNECTION, or a too-large packet; finally it unregisters
 * the session, releases queued packets and closes the channel.
 *
 * <p>Read back-pressure: when {@link #READ_PAUSE_PACKETS} packets are queued (a client pipelining commands or
 * long data) the event loop stops reading; the connection thread resumes reading when it drains the queue.
 */
final class MysqlConnection implements PacketOutput.WritabilityGate, Runnable
{
    private static final Logger LOG = LoggerFactory.getLogger(MysqlConnection.class);
    /** Queued client packets at which reading pauses; commands are small, so this bounds memory too. */
    private static final int READ_PAUSE_PACKETS = 32;
    /** Prepared statement parameters are counted in 2 bytes by PREPARE_OK. */
    private static final int MAX_PLACEHOLDERS = 65535;
    /** Poll interval while waiting for writability; a safety net in case a wake-up is missed. */
    private static final long WRITABLE_POLL_MILLIS = 100;
    private static final Object CLOSED = new Object();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MysqlServer server;
    private final Channel channel;
    private final long connectionId;
    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final Object writableLock = new Object();
    private final PacketOutput out;
    private final ResponseWriter writer;
    private final Map<Integer, ServerPreparedStatement> statements = new HashMap<>();
    private volatile boolean readPaused;
    private volatile Session session;
    private int capabilities;
    private boolean multiStatements;
    private int nextStatementId = 1;
    private int lastPreparedId;

    MysqlConnection(MysqlServer server, Channel channel, long connectionId)
    {
        this.server = server;
        this.channel = channel;
        this.connectionId = connectionId;
        this.out = new PacketOutput(channel, this);
        this.writer = new ResponseWriter(out);
    }

    // ---- called on the event loop ----

    void onPacket(InboundPacket packet)
    {
        if (inbox.size() + 1 >= READ_PAUSE_PACKETS) {
            // Set before the add: the thread that takes this packet is guaranteed to see the flag.
            readPaused = true;
            channel.config().setAutoRead(false);
        }
        inbox.add(packet);
    }

    void onInactive()
    {
        inbox.add(CLOSED);
        Session s = session;
        if (s != null) {
            // The client went away: stop its running statement; the thread closes the RowSource when it wakes.
            s.cancelRunning();
        }
        wakeWriters();
    }

    void onWritabilityChanged()
    {
        wakeWriters();
    }

    private void wakeWriters()
    {
        synchronized (writableLock) {
            writableLock.notifyAll();
        }
    }

    // ---- connection thread ----

    @Override
    public void awaitWritable()
    {
        long timeoutMillis = TimeUnit.SECONDS.toMillis(session == null ? 60
                : Math.max(1, session.variables().getLong("net_write_timeout", 60)));
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (writableLock) {
            while (channel.isActive() && !channel.isWritable()) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    LOG.info("connection {}: client did not read for {} ms (net_write_timeout), closing", connectionId, timeoutMillis);
                    channel.close();
                    break;
                }
                try {
                    writableLock.wait(Math.min(left, WRITABLE_POLL_MILLIS));
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    channel.close();
                    break;
                }
            }
        }
        if (!channel.isActive()) {
            throw new ClientGoneException();
        }
    }

    @Override
    public void run()
    {
        try {
            if (handshake()) {
                commandLoop();
            }
        }
        catch (ClientGoneException | InterruptedException e) {
            LOG.debug("connection {} ended: {}", connectionId, e.toString());
        }
        catch (Throwable t) {
            LOG.warn("connection {} failed", connectionId, t);
        }
        finally {
            close();
        }
    }

    private void close()
    {
        out.discard();
        Session s = session;
        if (s != null) {
            server.registry().unregister(s);
            s.setKillListener(null);
        }
        statements.clear();
        channel.close();
        Object o;
        while ((o = inbox.poll()) != null) {
            if (o instanceof InboundPacket p) {
                p.release();
            }
        }
    }

    /** Next client packet, or null when the channel closed. */
    private InboundPacket nextPacket() throws InterruptedException
    {
        Object o = inbox.take();
        if (readPaused && inbox.isEmpty()) {
            readPaused = false;
            channel.eventLoop().execute(() -> channel.config().setAutoRead(true));
        }
        if (o == CLOSED) {
            inbox.add(CLOSED);
            return null;
        }
        return (InboundPacket) o;
    }

    private boolean handshake() throws InterruptedException
    {
        byte[] scramble = NativePassword.newScramble(RANDOM);
        out.setSequenceId(0);
        Handshake.write(out.begin(), connectionId, scramble, ServerStatus.AUTOCOMMIT);
        out.end();
        out.flush();

        InboundPacket p = nextPacket();
        if (p == null) {
            return false;
        }
        out.setSequenceId(p.sequenceId() + 1);
        if (p.tooLarge()) {
            writer.writeError(new SqlError(ErrorCode.PACKET_TOO_LARGE));
            out.flush();
            return false;
        }
        Handshake.Response response;
        try {
            ByteBuf payload = p.payload();
            if (payload.readableBytes() == Handshake.SSL_REQUEST_LENGTH
                    && (payload.getIntLE(payload.readerIndex()) & Capabilities.SSL) != 0) {
                writer.writeError(1043, "08S01", "SSL is not supported by this server; connect without TLS");
                out.flush();
                return false;
            }
            response = Handshake.parse(payload);
        }
        catch (MalformedPacketException e) {
            writer.writeError(1043, "08S01", "Bad handshake: " + e.getMessage());
            out.flush();
            return false;
        }
        finally {
            p.release();
        }
        capabilities = response.capabilities() & Capabilities.SERVER;
        writer.setDeprecateEof((capabilities & Capabilities.DEPRECATE_EOF) != 0);
        multiStatements = (capabilities & Capabilities.MULTI_STATEMENTS) != 0;
        LOG.debug("connection {}: user {} attrs {}", connectionId, response.user(), response.attributes());

        byte[] token = response.authResponse();
        String plugin = response.authPlugin();
        if ((response.capabilities() & Capabilities.PLUGIN_AUTH) != 0 && !plugin.isEmpty()
                && !Handshake.NATIVE_PASSWORD.equals(plugin)) {
            // e.g. caching_sha2_password from MySQL 8 client libraries: ask for mysql_native_password instead.
            Handshake.writeAuthSwitch(out.begin(), scramble);
            out.end();
            out.flush();
            p = nextPacket();
            if (p == null) {
                return false;
            }
            try {
                out.setSequenceId(p.sequenceId() + 1);
                if (p.tooLarge()) {
                    return false;
                }
                token = new byte[p.payload().readableBytes()];
                p.payload().readBytes(token);
            }
            finally {
                p.release();
            }
        }
        String host = remoteHost();
        if (!server.authenticator().authenticate(response.user(), host, scramble, token)) {
            writer.writeError(new SqlError(ErrorCode.ACCESS_DENIED, response.user(), host, token.length > 0 ? "YES" : "NO"));
            out.flush();
            return false;
        }
        Session s = new Session(connectionId, response.user(), host, new SessionVariables());
        s.setKillListener(channel::close);
        session = s;
        server.registry().register(s);
        if (!response.database().isEmpty()) {
            try {
                closeResult(server.executor().execute(s, "USE " + quoteIdentifier(response.database())));
            }
            catch (SqlError e) {
                writer.writeError(e);
                out.flush();
                return false;
            }
            catch (RuntimeException e) {
                writer.writeError(1105, "HY000", ResponseWriter.messageOf(e));
                out.flush();
                return false;
            }
        }
        writer.writeOk(0, 0, status(), 0, null);
        out.flush();
        return true;
    }

    private void commandLoop() throws InterruptedException
    {
        while (true) {
            InboundPacket p = nextPacket();
            if (p == null) {
                return;
            }
            out.setSequenceId(p.sequenceId() + 1);
            if (p.tooLarge()) {
                writer.writeError(new SqlError(ErrorCode.PACKET_TOO_LARGE));
                out.flush();
                return;
            }
            try {
                ByteBuf in = p.payload();
                if (!in.isReadable()) {
                    throw new MalformedPacketException("empty packet");
                }
                int command = in.readUnsignedByte();
                if (command == Command.QUIT) {
                    return;
                }
                dispatch(command, in);
            }
            catch (MalformedPacketException | IndexOutOfBoundsException e) {
                LOG.debug("connection {}: malformed packet", connectionId, e);
                writer.writeError(ErrorCode.UNKNOWN_COM.code(), ErrorCode.UNKNOWN_COM.sqlState(),
                        "Malformed packet: " + ResponseWriter.messageOf(e));
            }
            finally {
                p.release();
            }
            out.flush();
            if (session.isKilled()) {
                return;
            }
        }
    }

    private void dispatch(int command, ByteBuf in) throws InterruptedException
    {
        switch (command) {
            case Command.QUERY -> query(MysqlBuffers.readRestString(in));
            case Command.INIT_DB -> execute("USE " + quoteIdentifier(MysqlBuffers.readRestString(in)), "Init DB", 0, false);
            case Command.PING -> writer.writeOk(0, 0, status(), 0, null);
            case Command.FIELD_LIST -> fieldList(in);
            case Command.STATISTICS -> statistics();
            case Command.PROCESS_KILL -> processKill(in.readUnsignedIntLE());
            case Command.SET_OPTION -> setOption(in.readUnsignedShortLE());
            case Command.RESET_CONNECTION -> {
                session.resetState();
                statements.clear();
                writer.writeOk(0, 0, status(), 0, null);
            }
            case Command.STMT_PREPARE -> prepare(MysqlBuffers.readRestString(in));
            case Command.STMT_EXECUTE -> executePrepared(in);
            case Command.STMT_SEND_LONG_DATA -> {
                ServerPreparedStatement stmt = statements.get(statementId(in.readUnsignedIntLE()));
                int param = in.readUnsignedShortLE();
                byte[] data = new byte[in.readableBytes()];
                in.readBytes(data);
                if (stmt != null) {
                    stmt.appendLongData(param, data);
                }
            }
            case Command.STMT_CLOSE -> statements.remove(statementId(in.readUnsignedIntLE()));
            case Command.STMT_RESET -> {
                ServerPreparedStatement stmt = statements.get(statementId(in.readUnsignedIntLE()));
                if (stmt == null) {
                    writer.writeError(unknownStatement("mysqld_stmt_reset"));
                }
                else {
                    stmt.resetLongData();
                    writer.writeOk(0, 0, status(), 0, null);
                }
            }
            default -> writer.writeError(new SqlError(ErrorCode.UNKNOWN_COM));
        }
    }

    // ---- COM_QUERY ----

    private void query(String sql)
    {
        server.countQuestion();
        List<String> parts = SqlScanner.splitStatements(sql);
        if (parts.isEmpty()) {
            writer.writeError(1065, "42000", "Query was empty");
            return;
        }
        if (!multiStatements && parts.size() > 1) {
            // As MySQL: without CLIENT_MULTI_STATEMENTS the whole text is one statement (and a syntax error).
            parts = List.of(sql.strip());
        }
        for (int i = 0; i < parts.size(); i++) {
            int more = i < parts.size() - 1 ? ServerStatus.MORE_RESULTS_EXISTS : 0;
            if (!execute(parts.get(i), "Query", more, false)) {
                return;
            }
            if (more != 0) {
                out.flush();
            }
        }
    }

    /**
     * Runs one statement and writes its OK, result set or ERR.
     *
     * @param moreResults {@link ServerStatus#MORE_RESULTS_EXISTS} if more results of a multi-statement follow
     * @return false if an ERR was written (a multi-statement stops there)
     */
    private boolean execute(String sql, String commandName, int moreResults, boolean binary)
    {
        session.beginCommand(commandName, sql);
        try {
            QueryResult result;
            try {
                result = server.executor().execute(session, sql);
            }
            catch (SqlError e) {
                writer.writeError(e);
                return false;
            }
            catch (RuntimeException e) {
                LOG.debug("connection {}: statement failed: {}", connectionId, sql, e);
                writer.writeError(1105, "HY000", ResponseWriter.messageOf(e));
                return false;
            }
            return switch (result) {
                case QueryResult.Ok ok -> {
                    writer.writeOk(ok.affectedRows(), ok.lastInsertId(), status() | moreResults, ok.warnings(), ok.info());
                    yield true;
                }
                case QueryResult.Rows rows -> {
                    try (RowSource source = rows.rows()) {
                        yield writer.writeResultSet(rows.columns(), source, binary, status() | moreResults);
                    }
                    catch (ClientGoneException e) {
                        throw e;
                    }
                    catch (RuntimeException e) {
                        LOG.debug("connection {}: result encoding failed: {}", connectionId, sql, e);
                        writer.writeError(1105, "HY000", ResponseWriter.messageOf(e));
                        yield false;
                    }
                }
            };
        }
        finally {
            session.endCommand();
        }
    }

    // ---- other commands ----

    /** COM_FIELD_LIST: "SHOW FULL COLUMNS" through the executor, answered as column definitions. */
    private void fieldList(ByteBuf in)
    {
        String table = MysqlBuffers.readNulString(in);
        String wildcard = MysqlBuffers.readRestString(in);
        String sql = "SHOW FULL COLUMNS FROM " + quoteIdentifier(table)
                + (wildcard.isEmpty() || wildcard.equals("%") ? "" : " LIKE " + BinaryParameters.quote(wildcard));
        session.beginCommand("Field List", sql);
        try {
            QueryResult result = server.executor().execute(session, sql);
            if (!(result instanceof QueryResult.Rows rows)) {
                writer.writeEnd(status());
                return;
            }
            List<ResultColumn> defs = new ArrayList<>();
            List<String> defaults = new ArrayList<>();
            try (RowSource source = rows.rows()) {
                int field = indexOf(rows.columns(), "Field");
                int type = indexOf(rows.columns(), "Type");
                int isNull = indexOf(rows.columns(), "Null");
                int key = indexOf(rows.columns(), "Key");
                int dflt = indexOf(rows.columns(), "Default");
                ColumnBatch batch;
                while ((batch = source.next()) != null) {
                    try {
                        for (int i = 0; i < batch.size(); i++) {
                            int r = batch.position(i);
                            String name = text(batch, field, r);
                            defs.add(new ResultColumn(name == null ? "" : name, name == null ? "" : name, table, table,
                                    session.currentDb(), MysqlTypes.parseSqlType(text(batch, type, r)),
                                    !"NO".equalsIgnoreCase(text(batch, isNull, r)), "PRI".equalsIgnoreCase(text(batch, key, r))));
                            defaults.add(text(batch, dflt, r));
                        }
                    }
                    finally {
                        batch.close();
                    }
                }
            }
            for (int i = 0; i < defs.size(); i++) {
                writer.writeColumnDefinition(defs.get(i), true, defaults.get(i));
            }
            writer.writeEnd(status());
        }
        catch (SqlError e) {
            writer.writeError(e);
        }
        catch (RuntimeException e) {
            if (e instanceof ClientGoneException) {
                throw e;
            }
            writer.writeError(1105, "HY000", ResponseWriter.messageOf(e));
        }
        finally {
            session.endCommand();
        }
    }

    private static int indexOf(List<ResultColumn> columns, String name)
    {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    private static String text(ColumnBatch batch, int column, int row)
    {
        if (column < 0) {
            return null;
        }
        ColumnVector v = batch.column(column);
        return v.isNull(row) ? null : TextValueFormatter.format(v, row);
    }

    /** COM_STATISTICS: a bare human-readable string (the CLI's {@code status} prints it). */
    private void statistics()
    {
        long uptime = Math.max(1, (System.currentTimeMillis() - server.startMillis()) / 1000);
        long questions = server.questions();
        String text = String.format(Locale.ROOT,
                "Uptime: %d  Threads: %d  Questions: %d  Slow queries: 0  Opens: 0  Flush tables: 0  Open tables: 0  "
                        + "Queries per second avg: %.3f",
                uptime, server.registry().sessions().size(), questions, (double) questions / uptime);
        out.begin().writeBytes(text.getBytes(StandardCharsets.UTF_8));
        out.end();
    }

    private void processKill(long id)
    {
        Session target = server.registry().get(id);
        if (target == null) {
            writer.writeError(new SqlError(ErrorCode.NO_SUCH_THREAD, id));
            return;
        }
        target.kill();
        writer.writeOk(0, 0, status(), 0, null);
    }

    /** COM_SET_OPTION: 0 = multi-statements on, 1 = off; answered like MySQL with EOF (OK-0xFE under DEPRECATE_EOF). */
    private void setOption(int option)
    {
        switch (option) {
            case 0 -> multiStatements = true;
            case 1 -> multiStatements = false;
            default -> {
                writer.writeError(new SqlError(ErrorCode.UNKNOWN_COM));
                return;
            }
        }
        writer.writeEnd(status());
    }

    // ---- prepared statements ----

    private void prepare(String text)
    {
        List<String> parts = SqlScanner.splitStatements(text);
        String sql = parts.size() == 1 ? parts.get(0) : text.strip();
        int[] placeholders = SqlScanner.placeholders(sql);
        if (placeholders.length > MAX_PLACEHOLDERS) {
            writer.writeError(1390, "HY000", "Prepared statement contains too many placeholders");
            return;
        }
        int id = nextStatementId++;
        statements.put(id, new ServerPreparedStatement(id, sql, placeholders));
        lastPreparedId = id;
        // The result columns are unknown until execution (the executor plans at execute time), so PREPARE_OK
        // declares none; every execute response carries its own column definitions.
        ByteBuf b = out.begin();
        b.writeByte(0x00);
        b.writeIntLE(id);
        b.writeShortLE(0);
        b.writeShortLE(placeholders.length);
        b.writeByte(0);
        b.writeShortLE(0);
        out.end();
        if (placeholders.length > 0) {
            ResultColumn param = ResultColumn.of("?", io.starling.storage.types.DataType.STRING);
            for (int i = 0; i < placeholders.length; i++) {
                writer.writeColumnDefinition(param);
            }
            writer.writeColumnsEnd(status());
        }
    }

    private void executePrepared(ByteBuf in)
    {
        long rawId = in.readUnsignedIntLE();
        ServerPreparedStatement stmt = statements.get(statementId(rawId));
        if (stmt == null) {
            writer.writeError(unknownStatement("mysqld_stmt_execute"));
            return;
        }
        in.readUnsignedByte();   // cursor flags: cursors are not supported, the whole result is sent
        in.readIntLE();          // iteration count, always 1
        String[] literals;
        try {
            literals = BinaryParameters.read(in, stmt);
        }
        finally {
            stmt.resetLongData();
        }
        server.countQuestion();
        execute(SqlScanner.substitute(stmt.sql(), stmt.placeholders(), literals), "Execute", 0, true);
    }

    /** Statement id 0xFFFFFFFF means "the last prepared one" (MariaDB pipelining). */
    private int statementId(long raw)
    {
        return raw == 0xFFFFFFFFL ? lastPreparedId : (int) raw;
    }

    private static SqlError unknownStatement(String where)
    {
        return new SqlError(1243, "HY000", "Unknown prepared statement handler given to " + where);
    }

    // ---- helpers ----

    private int status()
    {
        Session s = session;
        if (s == null) {
            return ServerStatus.AUTOCOMMIT;
        }
        return (s.autocommit() ? ServerStatus.AUTOCOMMIT : 0) | (s.inTransaction() ? ServerStatus.IN_TRANS : 0);
    }

    private String remoteHost()
    {
        if (channel.remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null) {
            return a.getAddress().getHostAddress();
        }
        return "localhost";
    }

    static String quoteIdentifier(String name)
    {
        return "`" + name.replace("`", "``") + "`";
    }

    private static void closeResult(QueryResult r)
    {
        if (r instanceof QueryResult.Rows rows) {
            rows.rows().close();
        }
    }
}
