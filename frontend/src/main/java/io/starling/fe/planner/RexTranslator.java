package io.starling.fe.planner;

import com.google.protobuf.ByteString;
import io.starling.fe.qe.ErrorCode;
import io.starling.fe.qe.SqlError;
import io.starling.rpc.proto.Call;
import io.starling.rpc.proto.ColumnRef;
import io.starling.rpc.proto.Expr;
import io.starling.rpc.proto.Literal;
import io.starling.rpc.proto.TypeDesc;
import io.starling.rpc.proto.TypeKindPb;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlLikeOperator;
import org.apache.calcite.sql.fun.SqlTrimFunction;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.Sarg;
import org.apache.calcite.util.TimestampString;

/**
 * Translates Calcite row expressions into plan IR expressions, every node carrying its result type. Input refs
 * become {@link ColumnRef}s by position in the evaluating node's input; operators get the names plan.proto lists;
 * other functions keep their StarRocks name in lower case.
 */
final class RexTranslator
{
    private static final long MICROS_PER_MILLI = 1000;

    private final RexBuilder rexBuilder;
    private final List<String> inputNames;

    RexTranslator(RexBuilder rexBuilder, List<String> inputNames)
    {
        this.rexBuilder = rexBuilder;
        this.inputNames = inputNames;
    }

    Expr translate(RexNode node) throws SqlError
    {
        if (node instanceof RexInputRef ref) {
            String name = ref.getIndex() < inputNames.size() ? inputNames.get(ref.getIndex()) : "$" + ref.getIndex();
            return Expr.newBuilder().setType(TypeMapping.toDesc(ref.getType()))
                    .setColumnRef(ColumnRef.newBuilder().setIndex(ref.getIndex()).setName(name)).build();
        }
        if (node instanceof RexLiteral lit) {
            return literal(lit);
        }
        if (node instanceof RexCall call) {
            return call(call);
        }
        throw new SqlError(ErrorCode.NOT_SUPPORTED, "Expression " + node + " is not supported");
    }

    private Expr call(RexCall call) throws SqlError
    {
        TypeDesc type = TypeMapping.toDesc(call.getType());
        List<RexNode> ops = call.getOperands();
        switch (call.getKind()) {
            case SEARCH:
                return searchCall(call);
            case IS_TRUE:
                return make("coalesce", type, translate(ops.get(0)), bool(false));
            case IS_NOT_TRUE:
                return make("not", type, make("coalesce", type, translate(ops.get(0)), bool(false)));
            case IS_FALSE:
                return make("coalesce", type, make("not", type, translate(ops.get(0))), bool(false));
            case IS_NOT_FALSE:
                return make("coalesce", type, translate(ops.get(0)), bool(true));
            case IS_DISTINCT_FROM:
                return make("not", type, make("eq_for_null", type, translate(ops.get(0)), translate(ops.get(1))));
            case CAST:
            case SAFE_CAST:
                return Expr.newBuilder().setType(type).setCall(Call.newBuilder().setName("cast")
                        .addArgs(translate(ops.get(0)))).build();
            case CASE: {
                Call.Builder b = Call.newBuilder().setName("case");
                for (RexNode o : ops) {
                    b.addArgs(translate(o));
                }
                return Expr.newBuilder().setType(type).setCall(b).build();
            }
            case EXTRACT: {
                TimeUnitRange unit = ((RexLiteral) ops.get(0)).getValueAs(TimeUnitRange.class);
                String fn = switch (unit) {
                    case YEAR -> "year";
                    case QUARTER -> "quarter";
                    case MONTH -> "month";
                    case WEEK -> "week";
                    case DAY -> "day";
                    case HOUR -> "hour";
                    case MINUTE -> "minute";
                    case SECOND -> "second";
                    case DOW -> "dayofweek";
                    case DOY -> "dayofyear";
                    default -> throw new SqlError(ErrorCode.NOT_SUPPORTED, "EXTRACT(" + unit + ") is not supported");
                };
                return make(fn, type, translate(ops.get(1)));
            }
            case TRIM: {
                SqlTrimFunction.Flag flag = ((RexLiteral) ops.get(0)).getValueAs(SqlTrimFunction.Flag.class);
                String fn = switch (flag) {
                    case BOTH -> "trim";
                    case LEADING -> "ltrim";
                    case TRAILING -> "rtrim";
                };
                if (" ".equals(stringOf(ops.get(1)))) {
                    return make(fn, type, translate(ops.get(2)));
                }
                // StarRocks trim(s, chars): strips any of the characters in chars from the end(s)
                return make(fn, type, translate(ops.get(2)), translate(ops.get(1)));
            }
            case LIKE: {
                boolean negated = call.getOperator() instanceof SqlLikeOperator like && like.isNegated();
                return make(negated ? "not_like" : "like", type, args(ops));
            }
            case MINUS:
            case PLUS:
                if (ops.size() == 2 && isInterval(ops.get(1).getType())) {
                    return intervalArithmetic(call, type);
                }
                break;
            default:
                break;
        }
        String name = operatorName(call);
        if (name.equals("substr")) {
            // Calcite's SUBSTRING convertlet does position arithmetic that widens to LARGEINT (DECIMAL(38, 0));
            // positions fit BIGINT, the type the backend's substr takes
            List<RexNode> narrowed = new java.util.ArrayList<>(ops);
            for (int i = 1; i < narrowed.size(); i++) {
                RelDataType t = narrowed.get(i).getType();
                if (t.getSqlTypeName() == org.apache.calcite.sql.type.SqlTypeName.DECIMAL && t.getScale() == 0) {
                    narrowed.set(i, rexBuilder.makeCast(rexBuilder.getTypeFactory().createTypeWithNullability(
                            rexBuilder.getTypeFactory().createSqlType(org.apache.calcite.sql.type.SqlTypeName.BIGINT),
                            t.isNullable()), narrowed.get(i)));
                }
            }
            return make(name, type, args(narrowed));
        }
        return make(name, type, args(ops));
    }

    private static boolean isInterval(RelDataType t)
    {
        return t.getSqlTypeName().getFamily() != null && t.getSqlTypeName().getName().startsWith("INTERVAL");
    }

    /** Calcite datetime +/- interval (from simplification) as date_add/date_sub(x, n, 'UNIT'). */
    private Expr intervalArithmetic(RexCall call, TypeDesc type) throws SqlError
    {
        RexNode interval = call.getOperands().get(1);
        if (!(interval instanceof RexLiteral lit)) {
            throw new SqlError(ErrorCode.NOT_SUPPORTED, "Non-literal INTERVAL arithmetic is not supported");
        }
        BigDecimal v = lit.getValueAs(BigDecimal.class);
        String name = lit.getType().getSqlTypeName().getName();
        long n;
        String unit;
        if (name.contains("YEAR") || name.contains("MONTH")) {
            n = v.longValueExact();
            unit = "MONTH";
        }
        else {
            n = v.longValueExact();
            unit = "MILLISECOND";
            if (n % 86_400_000L == 0) {
                n /= 86_400_000L;
                unit = "DAY";
            }
            else if (n % 1000 == 0) {
                n /= 1000;
                unit = "SECOND";
            }
        }
        String fn = call.getKind() == SqlKind.MINUS ? "date_sub" : "date_add";
        Expr amount = Expr.newBuilder().setType(TypeMapping.toDesc(io.starling.storage.types.DataType.BIGINT))
                .setLiteral(Literal.newBuilder().setLongValue(n)).build();
        return make(fn, type, translate(call.getOperands().get(0)), amount, string(unit));
    }

    private Expr searchCall(RexCall call) throws SqlError
    {
        RexNode ref = call.getOperands().get(0);
        RexLiteral sargLit = (RexLiteral) call.getOperands().get(1);
        Sarg<?> sarg = sargLit.getValueAs(Sarg.class);
        if (sarg != null && sarg.isPoints() && sarg.nullAs == org.apache.calcite.rex.RexUnknownAs.UNKNOWN
                && sarg.pointCount > 1) {
            List<Expr> args = new ArrayList<>();
            args.add(translate(ref));
            RelDataType t = sargLit.getType();
            for (Object range : sarg.rangeSet.asRanges()) {
                Comparable<?> value = ((com.google.common.collect.Range<?>) range).lowerEndpoint();
                args.add(translate(rexBuilder.makeLiteral(value, t, true, true)));
            }
            return make("in", TypeMapping.toDesc(call.getType()), args.toArray(new Expr[0]));
        }
        return translate(RexUtil.expandSearch(rexBuilder, null, call));
    }

    private String operatorName(RexCall call) throws SqlError
    {
        return switch (call.getKind()) {
            case PLUS -> "add";
            case MINUS -> "subtract";
            case TIMES -> "multiply";
            case DIVIDE -> call.getOperator().getName().equals("/INT") ? "int_divide" : "divide";
            case MOD -> "mod";
            case MINUS_PREFIX -> "negate";
            case PLUS_PREFIX -> "add";
            case EQUALS -> "eq";
            case NOT_EQUALS -> "ne";
            case LESS_THAN -> "lt";
            case LESS_THAN_OR_EQUAL -> "le";
            case GREATER_THAN -> "gt";
            case GREATER_THAN_OR_EQUAL -> "ge";
            case IS_NOT_DISTINCT_FROM -> "eq_for_null";
            case AND -> "and";
            case OR -> "or";
            case NOT -> "not";
            case IS_NULL -> "is_null";
            case IS_NOT_NULL -> "is_not_null";
            case COALESCE -> "coalesce";
            case NULLIF -> "nullif";
            default -> {
                if (call.getOperator() instanceof org.apache.calcite.sql.SqlFunction) {
                    String n = call.getOperator().getName().toLowerCase(Locale.ROOT);
                    yield switch (n) {
                        case "character_length" -> "char_length";
                        case "substring" -> "substr";
                        case "power" -> "pow";
                        case "ceiling" -> "ceil";
                        case "nvl" -> "ifnull";
                        default -> StarRocksOperatorTable.originalName(n);
                    };
                }
                throw new SqlError(ErrorCode.NOT_SUPPORTED, "Operator " + call.getOperator().getName()
                        + " is not supported");
            }
        };
    }

    private Expr[] args(List<RexNode> ops) throws SqlError
    {
        Expr[] out = new Expr[ops.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = translate(ops.get(i));
        }
        return out;
    }

    static Expr make(String name, TypeDesc type, Expr... args)
    {
        Call.Builder b = Call.newBuilder().setName(name);
        for (Expr a : args) {
            b.addArgs(a);
        }
        return Expr.newBuilder().setType(type).setCall(b).build();
    }

    static Expr bool(boolean v)
    {
        return Expr.newBuilder().setType(TypeDesc.newBuilder().setKind(TypeKindPb.TYPE_BOOLEAN))
                .setLiteral(Literal.newBuilder().setBoolValue(v)).build();
    }

    static Expr string(String s)
    {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        return Expr.newBuilder().setType(TypeDesc.newBuilder().setKind(TypeKindPb.TYPE_VARCHAR).setLength(bytes.length))
                .setLiteral(Literal.newBuilder().setBytesValue(ByteString.copyFrom(bytes))).build();
    }

    private static String stringOf(RexNode n)
    {
        if (n instanceof RexLiteral l) {
            NlsString s = l.getValueAs(NlsString.class);
            return s == null ? null : s.getValue();
        }
        return null;
    }

    private Expr literal(RexLiteral lit) throws SqlError
    {
        TypeDesc type = TypeMapping.toDesc(lit.getType());
        Literal.Builder b = Literal.newBuilder();
        if (lit.isNull()) {
            return Expr.newBuilder().setType(type).setLiteral(b.setIsNull(true)).build();
        }
        switch (type.getKind()) {
            case TYPE_BOOLEAN -> b.setBoolValue(lit.getValueAs(Boolean.class));
            case TYPE_TINYINT, TYPE_SMALLINT, TYPE_INT, TYPE_BIGINT ->
                    b.setLongValue(lit.getValueAs(BigDecimal.class).longValueExact());
            case TYPE_FLOAT, TYPE_DOUBLE -> b.setDoubleValue(lit.getValueAs(Double.class));
            case TYPE_DECIMAL -> {
                BigInteger unscaled = lit.getValueAs(BigDecimal.class).setScale(type.getScale(),
                        java.math.RoundingMode.HALF_UP).unscaledValue();
                if (type.getPrecision() <= io.starling.storage.types.DataType.MAX_DECIMAL64_PRECISION) {
                    b.setLongValue(unscaled.longValueExact());
                }
                else {
                    b.setBytesValue(ByteString.copyFrom(int128LittleEndian(unscaled)));
                }
            }
            case TYPE_LARGEINT -> b.setBytesValue(ByteString.copyFrom(
                    int128LittleEndian(lit.getValueAs(BigDecimal.class).toBigIntegerExact())));
            case TYPE_DATE -> b.setLongValue(lit.getValueAs(DateString.class).getDaysSinceEpoch());
            case TYPE_DATETIME -> b.setLongValue(lit.getValueAs(TimestampString.class).getMillisSinceEpoch()
                    * MICROS_PER_MILLI);
            case TYPE_CHAR, TYPE_VARCHAR -> {
                byte[] bytes = lit.getValueAs(NlsString.class).getValue().getBytes(StandardCharsets.UTF_8);
                b.setBytesValue(ByteString.copyFrom(bytes));
            }
            default -> throw new SqlError(ErrorCode.NOT_SUPPORTED, "Literal " + lit + " is not supported");
        }
        return Expr.newBuilder().setType(type).setLiteral(b).build();
    }

    /** 16 bytes, two's complement, little-endian (plan.proto's LARGEINT / DECIMAL128 literal encoding). */
    static byte[] int128LittleEndian(BigInteger v)
    {
        byte[] be = v.toByteArray();
        byte[] le = new byte[16];
        byte fill = (byte) (v.signum() < 0 ? 0xFF : 0);
        java.util.Arrays.fill(le, fill);
        for (int i = 0; i < be.length && i < 16; i++) {
            le[i] = be[be.length - 1 - i];
        }
        return le;
    }
}
