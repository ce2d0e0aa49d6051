package io.starling.fe.load;

import io.starling.fe.auth.NativePassword;
import io.starling.fe.auth.UserStore;
import io.starling.fe.catalog.Catalog;
import io.starling.fe.catalog.Database;
import io.starling.fe.catalog.KeysType;
import io.starling.fe.catalog.OlapTable;
import io.starling.fe.catalog.SystemTables;
import io.starling.fe.qe.SqlError;
import io.starling.fe.txn.LabelAlreadyExistsException;
import io.starling.fe.txn.TransactionManager;
import io.starling.fe.txn.TransactionState;
import io.starling.fe.txn.TxnStatus;
import io.starling.rpc.proto.SinkResult;
import io.starling.rpc.proto.StreamLoadBeginResult;
import io.starling.rpc.proto.StreamLoadCommitResult;
import io.starling.rpc.proto.StreamLoadPlan;
import io.starling.rpc.proto.StreamLoadRequest;
import io.starling.rpc.service.StreamLoadService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The FE side of Stream Load: authenticates, resolves the target, takes the label (one {@link TransactionManager}
 * transaction of source type STREAM_LOAD, so SHOW LOAD lists it), plans the load ({@link StreamLoadPlanner}),
 * and later commits + publishes or aborts. Also answers {@code get_load_state}.
 */
public final class StreamLoadManager implements StreamLoadService
{
    /** Result status strings StarRocks' clients match on. */
    public static final String STATUS_OK = "OK";
    public static final String STATUS_FAIL = "Fail";
    public static final String STATUS_LABEL_EXISTS = "Label Already Exists";
    public static final String STATUS_UNAUTHORIZED = "Unauthorized";

    /** StarRocks' stream_load_default_timeout_second. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 600;
    /** StarRocks' upper bound for the timeout header (3 days). */
    public static final int MAX_TIMEOUT_SECONDS = 259_200;

    private static final Logger LOG = LoggerFactory.getLogger(StreamLoadManager.class);

    private final Catalog catalog;
    private final TransactionManager txns;
    private final UserStore users;
    private final StreamLoadPlanner planner;

    public StreamLoadManager(Catalog catalog, TransactionManager txns, UserStore users, SystemTables systemTables)
    {
        this.catalog = catalog;
        this.txns = txns;
        this.users = users;
        this.planner = new StreamLoadPlanner(catalog, systemTables);
    }

    /** Whether the user exists and the password matches its stored mysql_native_password hash. */
    public boolean authenticate(String user, String password)
    {
        String stored = user == null ? null : users.authString(user);
        if (stored == null) {
            return false;
        }
        return stored.equals(NativePassword.authString(password == null ? "" : password));
    }

    /** The target database, or null. */
    public Database database(String db)
    {
        return catalog.getDatabase(db);
    }

    /** The target table, or null. */
    public OlapTable table(String db, String table)
    {
        return catalog.getTable(db, table);
    }

    @Override
    public StreamLoadBeginResult begin(StreamLoadRequest req)
    {
        long start = System.nanoTime();
        Map<String, String> h = req.getHeadersMap();
        String label = header(h, "label");
        if (label == null || label.isBlank()) {
            label = "stream_load_" + UUID.randomUUID().toString().replace("-", "");
        }
        StreamLoadBeginResult.Builder r = StreamLoadBeginResult.newBuilder().setLabel(label);
        if (!authenticate(req.getUser(), req.getPassword())) {
            return r.setStatus(STATUS_UNAUTHORIZED).setMessage("Access denied for user '" + req.getUser()
                    + "'. Please check the user name and password (HTTP Basic auth).").build();
        }
        Database db = catalog.getDatabase(req.getDb());
        if (db == null) {
            return fail(r, "Database[" + req.getDb() + "] does not exist");
        }
        OlapTable table = catalog.getTable(req.getDb(), req.getTable());
        if (table == null) {
            return fail(r, "Table[" + req.getTable() + "] does not exist in database[" + req.getDb() + "]");
        }
        StreamLoadPlanner.Options options;
        try {
            options = options(h, table);
        }
        catch (IllegalArgumentException e) {
            return fail(r, e.getMessage());
        }
        long txnId;
        try {
            txnId = txns.begin(db, label, List.of(table.id()), "STREAM_LOAD");
        }
        catch (LabelAlreadyExistsException e) {
            return r.setStatus(STATUS_LABEL_EXISTS).setMessage(e.getMessage()).setTxnId(e.existing().txnId())
                    .setExistingJobStatus(e.existingJobStatus()).build();
        }
        catch (SqlError e) {
            return fail(r, e.getMessage());
        }
        long begun = System.nanoTime();
        r.setTxnId(txnId).setBeginTxnTimeMs((begun - start) / 1_000_000);
        try {
            StreamLoadPlan plan = planner.plan(db, table, txnId, label, options);
            return r.setStatus(STATUS_OK).setPlan(plan).setPlanTimeMs((System.nanoTime() - begun) / 1_000_000).build();
        }
        catch (SqlError | RuntimeException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            abort(txnId, msg);
            LOG.debug("stream load {} planning failed", label, e);
            return fail(r, msg);
        }
    }

    @Override
    public StreamLoadCommitResult commit(long txnId, SinkResult result)
    {
        try {
            TransactionState t = txns.commit(txnId, result);
            return StreamLoadCommitResult.newBuilder().setStatus(t.status().name()).build();
        }
        catch (SqlError e) {
            TransactionState t = txns.get(txnId);
            if (t != null && t.status() == TxnStatus.COMMITTED) {
                return StreamLoadCommitResult.newBuilder().setStatus(TxnStatus.COMMITTED.name())
                        .setMessage(e.getMessage()).build();
            }
            if (t != null && t.status() == TxnStatus.PREPARE) {
                abort(txnId, e.getMessage());
            }
            return StreamLoadCommitResult.newBuilder().setStatus("FAIL").setMessage(e.getMessage()).build();
        }
    }

    @Override
    public void abort(long txnId, String reason)
    {
        try {
            txns.abort(txnId, reason);
        }
        catch (SqlError e) {
            LOG.warn("aborting stream load transaction {} failed: {}", txnId, e.getMessage());
        }
    }

    /**
     * State of the load with this label as {@code get_load_state} reports it: PREPARE, COMMITTED, VISIBLE, ABORTED,
     * or UNKNOWN when the database or label is unknown.
     */
    public String loadState(String db, String label)
    {
        Database d = catalog.getDatabase(db);
        TransactionState t = d == null || label == null ? null : txns.byLabel(d.id(), label);
        return t == null ? "UNKNOWN" : t.status().name();
    }

    private static StreamLoadBeginResult fail(StreamLoadBeginResult.Builder r, String message)
    {
        return r.setStatus(STATUS_FAIL).setMessage(message).build();
    }

    private static String header(Map<String, String> h, String name)
    {
        String v = h.get(name);
        return v == null ? null : v.strip();
    }

    /** Validates the headers the FE interprets. */
    static StreamLoadPlanner.Options options(Map<String, String> h, OlapTable table)
    {
        String format = header(h, "format");
        format = format == null || format.isEmpty() ? "csv" : format.toLowerCase(Locale.ROOT);
        if (!format.equals("csv") && !format.equals("json")) {
            throw new IllegalArgumentException("Unknown data format: " + format + " (supported: csv, json)");
        }
        double ratio = 0;
        String r = header(h, "max_filter_ratio");
        if (r != null && !r.isEmpty()) {
            try {
                ratio = Double.parseDouble(r);
            }
            catch (NumberFormatException e) {
                throw new IllegalArgumentException("Invalid max_filter_ratio: " + r);
            }
            if (ratio < 0 || ratio > 1) {
                throw new IllegalArgumentException("max_filter_ratio must be between 0 and 1, got " + r);
            }
        }
        int timeout = DEFAULT_TIMEOUT_SECONDS;
        String t = header(h, "timeout");
        if (t != null && !t.isEmpty()) {
            try {
                timeout = Integer.parseInt(t);
            }
            catch (NumberFormatException e) {
                throw new IllegalArgumentException("Invalid timeout: " + t);
            }
            if (timeout < 1 || timeout > MAX_TIMEOUT_SECONDS) {
                throw new IllegalArgumentException("timeout must be between 1 and " + MAX_TIMEOUT_SECONDS
                        + " seconds, got " + t);
            }
        }
        boolean strict = "true".equalsIgnoreCase(header(h, "strict_mode"));
        boolean partial = "true".equalsIgnoreCase(header(h, "partial_update"));
        String mergeCondition = header(h, "merge_condition");
        if ((partial || (mergeCondition != null && !mergeCondition.isEmpty()))
                && table.keysType() != KeysType.PRIMARY_KEYS) {
            throw new IllegalArgumentException((partial ? "partial_update" : "merge_condition")
                    + " is only supported by Primary Key tables; " + table.name() + " is a "
                    + table.keysType().name() + " table");
        }
        List<String> jsonPaths = null;
        String jp = header(h, "jsonpaths");
        if (jp != null && !jp.isEmpty()) {
            jsonPaths = jsonPaths(jp);
        }
        List<String> partitions = null;
        String parts = header(h, "partitions");
        if (parts != null && !parts.isEmpty()) {
            partitions = new ArrayList<>();
            for (String p : parts.split(",")) {
                String name = p.strip();
                if (!name.isEmpty()) {
                    if (table.partitions().stream().noneMatch(x -> x.name().equalsIgnoreCase(name))) {
                        throw new IllegalArgumentException("Unknown partition '" + name + "' in table " + table.name());
                    }
                    partitions.add(name);
                }
            }
        }
        return new StreamLoadPlanner.Options(format, header(h, "columns"), header(h, "where"), jsonPaths, partitions,
                ratio, strict, timeout, partial, mergeCondition == null || mergeCondition.isEmpty() ? null : mergeCondition);
    }

    /** Parses {@code ["$.a", "$.b"]}. */
    static List<String> jsonPaths(String text)
    {
        try {
            var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
            if (node == null || !node.isArray()) {
                throw new IllegalArgumentException("jsonpaths must be a JSON array of strings, got: " + text);
            }
            List<String> out = new ArrayList<>();
            for (var e : node) {
                if (!e.isTextual()) {
                    throw new IllegalArgumentException("jsonpaths must be a JSON array of strings, got: " + text);
                }
                out.add(e.asText());
            }
            return out;
        }
        catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("jsonpaths is not valid JSON: " + text);
        }
    }
}
