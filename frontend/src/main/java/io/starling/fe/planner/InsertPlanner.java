package io.starling.fe.planner;

import com.google.protobuf.ByteString;
import io.starling.fe.catalog.Column;
import io.starling.fe.catalog.OlapTable;
import io.starling.fe.parser.ParseTrees;
import io.starling.fe.parser.StarRocksParser.ExpressionOrDefaultContext;
import io.starling.fe.parser.StarRocksParser.IdentifierContext;
import io.starling.fe.parser.StarRocksParser.InsertStatementContext;
import io.starling.fe.parser.StarRocksParser.ValuesRowContext;
import io.starling.fe.qe.ErrorCode;
import io.starling.fe.qe.SqlError;
import io.starling.rpc.proto.Call;
import io.starling.rpc.proto.ColumnRef;
import io.starling.rpc.proto.Expr;
import io.starling.rpc.proto.Literal;
import io.starling.rpc.proto.PlanNode;
import io.starling.rpc.proto.ProjectNode;
import io.starling.rpc.proto.TypeDesc;
import io.starling.rpc.proto.TypeKindPb;
import io.starling.rpc.proto.ValuesNode;
import io.starling.rpc.proto.ValuesRow;
import io.starling.storage.types.DataType;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDateLiteral;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlTimestampLiteral;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.TimestampString;

/**
 * Plans the source of INSERT INTO t [(cols)] VALUES ... | SELECT ...: a ValuesNode (VALUES) or the query plan with a
 * ProjectNode on top, producing the target's columns in schema order. Every value is cast to its column type with
 * {@code strict} set, so a bad value fails the statement instead of becoming NULL. Plain literals in VALUES are
 * converted directly (large multi-row INSERTs never go through Calcite); other expressions are planned as a
 * constant SELECT.
 */
final class InsertPlanner
{
    private static final String CURRENT_TIMESTAMP = "CURRENT_TIMESTAMP";

    private final QueryPlanner planner;
    private final PlannerContext ctx;

    InsertPlanner(QueryPlanner planner, PlannerContext ctx)
    {
        this.planner = planner;
        this.ctx = ctx;
    }

    PlanNode plan(InsertStatementContext ins, OlapTable target) throws SqlError
    {
        List<Column> columns = target.columns();
        // position of each target column in the statement's column list, -1 if omitted
        int[] sourceIndex = new int[columns.size()];
        int listed;
        if (ins.columnAliases() == null) {
            for (int i = 0; i < sourceIndex.length; i++) {
                sourceIndex[i] = i;
            }
            listed = columns.size();
        }
        else {
            Arrays.fill(sourceIndex, -1);
            List<IdentifierContext> ids = ins.columnAliases().identifier();
            for (int i = 0; i < ids.size(); i++) {
                String name = ParseTrees.identifier(ids.get(i));
                int c = target.columnIndex(name);
                if (c < 0) {
                    throw new SqlError(ErrorCode.BAD_FIELD, name, "field list");
                }
                if (sourceIndex[c] >= 0) {
                    throw new SqlError(1110, "42000", "Column '" + name + "' specified twice");
                }
                sourceIndex[c] = i;
            }
            listed = ids.size();
            for (int c = 0; c < columns.size(); c++) {
                if (sourceIndex[c] < 0) {
                    defaultValue(columns.get(c));
                }
            }
        }
        if (ins.queryStatement() != null) {
            PlannedQuery q = planner.plan(ins.queryStatement(), ctx);
            if (q.columns().size() != listed) {
                throw new SqlError(ErrorCode.WRONG_VALUE_COUNT, 1);
            }
            PlanNode input = q.root();
            ProjectNode.Builder pb = ProjectNode.newBuilder().setInput(input);
            PlanNode.Builder nb = PlanNode.newBuilder().setId(maxId(input) + 1);
            for (int c = 0; c < columns.size(); c++) {
                Column col = columns.get(c);
                Expr e;
                if (sourceIndex[c] >= 0) {
                    int i = sourceIndex[c];
                    Expr ref = Expr.newBuilder().setType(input.getOutputTypes(i)).setColumnRef(ColumnRef.newBuilder()
                            .setIndex(i).setName(input.getOutputNames(i))).build();
                    e = castStrict(ref, col.type());
                }
                else {
                    e = defaultValue(col);
                }
                pb.addExprs(e);
                nb.addOutputTypes(TypeMapping.toDesc(col.type())).addOutputNames(col.name());
            }
            return nb.setProject(pb).build();
        }
        ValuesNode.Builder vb = ValuesNode.newBuilder();
        SqlNodeBuilder builder = new SqlNodeBuilder(ctx);
        List<ValuesRowContext> rows = ins.valuesRow();
        for (int r = 0; r < rows.size(); r++) {
            List<ExpressionOrDefaultContext> values = rows.get(r).expressionOrDefault();
            if (values.size() != listed) {
                throw new SqlError(ErrorCode.WRONG_VALUE_COUNT, r + 1);
            }
            Expr[] converted = convertRow(builder, values);
            ValuesRow.Builder rb = ValuesRow.newBuilder();
            for (int c = 0; c < columns.size(); c++) {
                Column col = columns.get(c);
                int i = sourceIndex[c];
                rb.addValues(i < 0 || converted[i] == null ? defaultValue(col) : castStrict(converted[i], col.type()));
            }
            vb.addRows(rb);
        }
        PlanNode.Builder nb = PlanNode.newBuilder().setId(0);
        for (Column col : columns) {
            nb.addOutputTypes(TypeMapping.toDesc(col.type())).addOutputNames(col.name());
        }
        return nb.setValues(vb).build();
    }

    /** Values of one VALUES row; null entries stand for DEFAULT. */
    private Expr[] convertRow(SqlNodeBuilder builder, List<ExpressionOrDefaultContext> values) throws SqlError
    {
        Expr[] out = new Expr[values.size()];
        List<Integer> complex = new ArrayList<>();
        List<SqlNode> complexNodes = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            ExpressionOrDefaultContext v = values.get(i);
            if (v.DEFAULT() != null) {
                continue;
            }
            SqlNode n = builder.expr(v.expression());
            Expr lit = literal(n);
            if (lit != null) {
                out[i] = lit;
            }
            else {
                complex.add(i);
                complexNodes.add(n);
            }
        }
        if (!complex.isEmpty()) {
            SqlSelect select = new SqlSelect(SqlParserPos.ZERO, SqlNodeList.EMPTY,
                    new SqlNodeList(complexNodes, SqlParserPos.ZERO), null, null, null, null, null, null, null, null,
                    null, null);
            List<Expr> exprs = constantExprs(planner.planConstantSelect(select, ctx));
            for (int k = 0; k < complex.size(); k++) {
                out[complex.get(k)] = exprs.get(k);
            }
        }
        return out;
    }

    private static List<Expr> constantExprs(PlanNode n) throws SqlError
    {
        if (n.hasValues() && n.getValues().getRowsCount() == 1) {
            return n.getValues().getRows(0).getValuesList();
        }
        if (n.hasProject() && n.getProject().getInput().hasValues()) {
            return n.getProject().getExprsList();
        }
        throw new SqlError(ErrorCode.NOT_SUPPORTED, "Only constant expressions are supported in INSERT ... VALUES");
    }

    /** A plain literal converted without Calcite, or null if {@code n} is not one. */
    private static Expr literal(SqlNode n)
    {
        if (!(n instanceof SqlLiteral lit)) {
            return null;
        }
        Literal.Builder b = Literal.newBuilder();
        DataType type;
        if (lit.getTypeName() == SqlTypeName.NULL) {
            return Expr.newBuilder().setType(TypeDesc.newBuilder().setKind(TypeKindPb.TYPE_NULL))
                    .setLiteral(b.setIsNull(true)).build();
        }
        if (lit instanceof SqlNumericLiteral num) {
            if (!num.isExact()) {
                type = DataType.DOUBLE;
                b.setDoubleValue(num.bigDecimalValue().doubleValue());
            }
            else {
                BigDecimal v = num.bigDecimalValue();
                if (v.scale() <= 0 && v.toBigInteger().bitLength() < Long.SIZE) {
                    type = DataType.BIGINT;
                    b.setLongValue(v.longValueExact());
                }
                else {
                    int scale = Math.max(0, v.scale());
                    int precision = Math.max(v.precision(), scale);
                    if (precision > DataType.MAX_DECIMAL_PRECISION) {
                        return null;
                    }
                    type = DataType.decimal(precision, scale);
                    if (precision <= DataType.MAX_DECIMAL64_PRECISION) {
                        b.setLongValue(v.setScale(scale).unscaledValue().longValueExact());
                    }
                    else {
                        b.setBytesValue(ByteString.copyFrom(RexTranslator.int128LittleEndian(
                                v.setScale(scale).unscaledValue())));
                    }
                }
            }
        }
        else if (lit instanceof SqlCharStringLiteral s) {
            byte[] bytes = s.getValueAs(NlsString.class).getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            type = DataType.varchar(Math.max(1, bytes.length));
            b.setBytesValue(ByteString.copyFrom(bytes));
        }
        else if (lit instanceof SqlDateLiteral d) {
            type = DataType.DATE;
            b.setLongValue(d.getValueAs(DateString.class).getDaysSinceEpoch());
        }
        else if (lit instanceof SqlTimestampLiteral t) {
            type = DataType.DATETIME;
            b.setLongValue(t.getValueAs(TimestampString.class).getMillisSinceEpoch() * 1000);
        }
        else if (lit.getTypeName() == SqlTypeName.BOOLEAN) {
            type = DataType.BOOLEAN;
            b.setBoolValue(lit.booleanValue());
        }
        else {
            return null;
        }
        return Expr.newBuilder().setType(TypeMapping.toDesc(type)).setLiteral(b).build();
    }

    /** The value of an omitted column: its DEFAULT, NULL if nullable, else MySQL error 1364. */
    private Expr defaultValue(Column col) throws SqlError
    {
        TypeDesc type = TypeMapping.toDesc(col.type());
        String def = col.defaultValue();
        if (def == null) {
            if (!col.nullable()) {
                throw new SqlError(1364, "HY000", "Field '" + col.name() + "' doesn't have a default value");
            }
            return Expr.newBuilder().setType(type).setLiteral(Literal.newBuilder().setIsNull(true)).build();
        }
        if (def.equalsIgnoreCase(CURRENT_TIMESTAMP) || def.equalsIgnoreCase("CURRENT_TIMESTAMP()")
                || def.equalsIgnoreCase("now()")) {
            LocalDateTime t = ctx.queryStart();
            Expr ts = Expr.newBuilder().setType(TypeMapping.toDesc(DataType.DATETIME)).setLiteral(Literal.newBuilder()
                    .setLongValue(t.toEpochSecond(ZoneOffset.UTC) * 1_000_000L)).build();
            return castStrict(ts, col.type());
        }
        return castStrict(RexTranslator.string(def), col.type());
    }

    private static Expr castStrict(Expr value, DataType target)
    {
        TypeDesc t = TypeMapping.toDesc(target);
        if (value.getType().equals(t)) {
            return value;
        }
        if (value.hasLiteral() && value.getLiteral().getIsNull()) {
            return value.toBuilder().setType(t).build();
        }
        return Expr.newBuilder().setType(t).setCall(Call.newBuilder().setName("cast").setStrict(true).addArgs(value))
                .build();
    }

    /** Largest node id in a plan, so the node added on top gets a fresh one. */
    private static int maxId(com.google.protobuf.Message m)
    {
        int max = m instanceof PlanNode p ? p.getId() : 0;
        for (Object v : m.getAllFields().values()) {
            if (v instanceof com.google.protobuf.Message child) {
                max = Math.max(max, maxId(child));
            }
            else if (v instanceof List<?> list) {
                for (Object o : list) {
                    if (o instanceof com.google.protobuf.Message child) {
                        max = Math.max(max, maxId(child));
                    }
                }
            }
        }
        return max;
    }
}
