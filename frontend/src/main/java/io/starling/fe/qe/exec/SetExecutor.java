package io.starling.fe.qe.exec;

import io.starling.fe.analysis.ConstantEvaluator;
import io.starling.fe.auth.UserStore;
import io.starling.fe.parser.ParseTrees;
import io.starling.fe.parser.StarRocksParser;
import io.starling.fe.qe.ErrorCode;
import io.starling.fe.qe.Session;
import io.starling.fe.qe.SessionVariables;
import io.starling.fe.qe.SqlError;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * SET: user variables ({@code @v}, kept in the {@link Session}), session variables (values evaluated with
 * {@link ConstantEvaluator}: literals, {@code @@var}, {@code CONCAT(@@sql_mode, ',X')}, bare words, DEFAULT),
 * NAMES / CHARACTER SET (recorded in the character_set_* variables), SET TRANSACTION (recorded in
 * transaction_isolation), SET PASSWORD. GLOBAL is treated like SESSION (all-in-one has one FE and no persisted
 * global variables yet). Unknown variables: 1193, except {@link StarlingStatementExecutor#ACCEPTED_UNKNOWN_VARIABLES}.
 */
final class SetExecutor
{
    private SetExecutor()
    {
    }

    /** Evaluates an expression the {@link ConstantEvaluator} cannot (sub-queries, functions) with the query engine. */
    interface ExpressionEngine
    {
        /** The single value of {@code SELECT <expression>}: Long, BigDecimal, Double, String or null. */
        Object evaluate(Session session, StarRocksParser.ExpressionContext expression) throws SqlError;
    }

    static void execute(Session session, StarRocksParser.SetStatementContext set, UserStore users,
            ExpressionEngine engine) throws SqlError
    {
        for (StarRocksParser.SetVariableContext v : set.setVariable()) {
            switch (v) {
                case StarRocksParser.SetNamesContext n -> {
                    String cs = n.charset == null ? "utf8mb4" : ParseTrees.identifierOrString(n.charset);
                    session.variables().set("character_set_client", cs);
                    session.variables().set("character_set_connection", cs);
                    session.variables().set("character_set_results", cs);
                    if (n.collate != null) {
                        session.variables().set("collation_connection", ParseTrees.identifierOrString(n.collate));
                    }
                }
                case StarRocksParser.SetCharsetContext c -> {
                    String cs = c.charset == null ? "utf8mb4" : ParseTrees.identifierOrString(c.charset);
                    session.variables().set("character_set_client", cs);
                    session.variables().set("character_set_results", cs);
                }
                case StarRocksParser.SetTransactionContext t -> {
                    for (StarRocksParser.TransactionCharacteristicContext tc : t.transactionCharacteristic()) {
                        if (tc.isolationLevel() != null) {
                            String level = ParseTrees.originalText(tc.isolationLevel()).toUpperCase(Locale.ROOT)
                                    .replaceAll("\\s+", "-");
                            session.variables().set("transaction_isolation", level);
                        }
                        else {
                            session.variables().set("transaction_read_only", tc.ONLY() != null ? "1" : "0");
                        }
                    }
                }
                case StarRocksParser.SetPasswordContext p -> {
                    String user = p.userIdentity() == null ? session.user()
                            : ParseTrees.identifierOrString(p.userIdentity().user);
                    users.setPassword(user, ParseTrees.string(p.password));
                }
                case StarRocksParser.SetUserVariableContext u -> session.setUserVariable(
                        ParseTrees.identifierOrString(u.name), userValue(session, u.expression(), engine));
                case StarRocksParser.SetSystemVariableContext s -> setSystem(session, s);
                default -> throw new SqlError(ErrorCode.NOT_SUPPORTED, "Unsupported SET: " + v.getText());
            }
        }
    }

    private static void setSystem(Session session, StarRocksParser.SetSystemVariableContext s) throws SqlError
    {
        String name = ParseTrees.identifier(s.name).toLowerCase(Locale.ROOT);
        if (!StarlingStatementExecutor.knownOrAccepted(name)) {
            throw new SqlError(ErrorCode.UNKNOWN_SYSTEM_VARIABLE, name);
        }
        StarRocksParser.SetValueContext val = s.setValue();
        String value;
        if (val.DEFAULT() != null) {
            value = SessionVariables.defaults().get(name);
            if (value == null) {
                value = "";
            }
        }
        else if (val.ON() != null) {
            value = "1";
        }
        else if (val.ALL() != null) {
            value = "ALL";
        }
        else {
            Object o = evaluator(session).evaluate(val.expression());
            value = o == null ? null : normalize(name, o);
        }
        if (value == null) {
            session.variables().set(name, "NULL");
        }
        else {
            session.variables().set(name, value);
        }
        if (name.equals("autocommit")) {
            session.setAutocommit(!value.equals("0") && !value.equalsIgnoreCase("off") && !value.equalsIgnoreCase("false"));
        }
    }

    /**
     * The value of {@code SET @v = expr}: constants and {@code @@}/{@code @} references are folded here (no query is
     * started for the common {@code SET @v = 1}); anything else runs as {@code SELECT expr}. Values are kept with
     * MySQL's user-variable types: integer (Long), decimal (BigDecimal), real (Double) or string.
     */
    private static Object userValue(Session session, StarRocksParser.ExpressionContext e, ExpressionEngine engine)
            throws SqlError
    {
        Object o;
        try {
            o = evaluator(session).evaluate(e);
        }
        catch (SqlError unsupported) {
            if (!ConstantEvaluator.isUnsupported(unsupported)) {
                throw unsupported;
            }
            o = engine.evaluate(session, e);
        }
        return switch (o) {
            case null -> null;
            case Boolean b -> b ? 1L : 0L;
            case Integer i -> (long) i;
            case Short sh -> (long) sh;
            case Byte by -> (long) by;
            case Float f -> (double) f;
            case java.math.BigInteger bi -> new BigDecimal(bi);
            case Long l -> l;
            case BigDecimal d -> d;
            case Double d -> d;
            default -> o.toString();
        };
    }

    /** An evaluator over this session's system and user variables; bare words evaluate to their own text. */
    static ConstantEvaluator evaluator(Session session)
    {
        return new ConstantEvaluator(v -> variable(session, v), n -> n, session::userVariable);
    }

    /** {@code @@name} for expressions: the session value; unknown names are error 1193. */
    static Object variable(Session session, String name)
    {
        String v = session.variables().get(name);
        if (v == null) {
            if (!StarlingStatementExecutor.knownOrAccepted(name)) {
                throw ConstantEvaluator.unknownVariable(name);
            }
            return null;
        }
        return v;
    }

    private static String normalize(String name, Object o)
    {
        String v = ConstantEvaluator.text(o);
        if (name.equals("sql_mode")) {
            // MySQL removes empty items and duplicates ("CONCAT(@@sql_mode, ',X')" on an empty mode gives ",X").
            java.util.LinkedHashSet<String> modes = new java.util.LinkedHashSet<>();
            for (String m : v.split(",")) {
                if (!m.isBlank()) {
                    modes.add(m.trim().toUpperCase(Locale.ROOT));
                }
            }
            return String.join(",", modes);
        }
        if (o instanceof Boolean b) {
            return b ? "1" : "0";
        }
        if (o instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return v;
    }
}
