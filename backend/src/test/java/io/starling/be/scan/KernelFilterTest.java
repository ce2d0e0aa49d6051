package io.starling.be.scan;

import io.starling.be.expr.ProtoTypes;
import io.starling.rpc.proto.Call;
import io.starling.rpc.proto.ColumnRef;
import io.starling.rpc.proto.Expr;
import io.starling.rpc.proto.Literal;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link KernelFilter} against an independent row-by-row evaluation in Java: random batches (nulls, NaN, -0.0, values
 * from a small domain so that comparisons hit) and random conjunctions of kernel terms in both operand orders, mixed
 * with conjuncts that must fall back to expression evaluation. The seed is printed; rerun with {@code -Dseed=...}.
 */
class KernelFilterTest
{
    private static final List<DataType> TYPES = List.of(DataType.INT, DataType.BIGINT, DataType.DOUBLE, DataType.DATE,
            DataType.decimal(12, 2), DataType.varchar(10));
    private static final String[] OPS = {"eq", "ne", "lt", "le", "gt", "ge"};

    private final MemoryContext memory = MemoryContext.process().newChild("kernel-filter-test");

    @AfterEach
    void tearDown()
    {
        assertThat(memory.used()).isZero();
        memory.close();
    }

    /** One generated conjunct and its reference semantics. */
    private record Conjunct(Expr expr, int column, String op, double constant, boolean literalFirst, boolean kernel)
    {
    }

    @Test
    void kernelTermsMatchRowByRowEvaluation()
    {
        long seed = Long.getLong("seed", System.nanoTime());
        System.out.println("KernelFilterTest seed = " + seed);
        Random random = new Random(seed);
        KernelFilter.Scratch scratch = new KernelFilter.Scratch();
        for (int iteration = 0; iteration < 300; iteration++) {
            int rows = random.nextInt(8) == 0 ? ColumnBatch.MAX_ROWS : 1 + random.nextInt(700);
            try (ColumnBatch batch = randomBatch(random, rows)) {
                List<Conjunct> conjuncts = new ArrayList<>();
                int n = 1 + random.nextInt(3);
                for (int i = 0; i < n; i++) {
                    conjuncts.add(random.nextInt(5) == 0 ? stringConjunct(random) : numericConjunct(random));
                }
                KernelFilter filter = KernelFilter.of(conjuncts.stream().map(Conjunct::expr).toList(), TYPES);
                assertThat(filter.kernelTerms()).as("seed %d", seed).isEqualTo((int) conjuncts.stream().filter(Conjunct::kernel).count());
                filter.apply(batch, scratch, memory);
                List<Integer> expected = new ArrayList<>();
                for (int p = 0; p < rows; p++) {
                    if (passesAll(batch, p, conjuncts)) {
                        expected.add(p);
                    }
                }
                List<Integer> actual = new ArrayList<>();
                for (int i = 0; i < batch.size(); i++) {
                    actual.add(batch.position(i));
                }
                assertThat(actual).as("seed %d iteration %d conjuncts %s", seed, iteration, conjuncts).isEqualTo(expected);
            }
        }
    }

    @Test
    void constantsOutsideTheColumnDomainFallBackToExpressions()
    {
        // INT column against a constant beyond int range; decimal of another scale; DOUBLE column against an INT literal
        Expr big = call("lt", ref(0, DataType.INT), lit(DataType.BIGINT, 3_000_000_000L));
        Expr scale = call("eq", ref(4, DataType.decimal(12, 2)), lit(DataType.decimal(12, 3), 1500));
        Expr mixed = call("gt", ref(2, DataType.DOUBLE), lit(DataType.INT, 1));
        KernelFilter f = KernelFilter.of(List.of(call("and", big, scale), mixed), TYPES);
        assertThat(f.kernelTerms()).isZero();
        assertThat(f.hasResidual()).isTrue();
        assertThat(KernelFilter.of(List.of(), TYPES)).isNull();
    }

    private ColumnBatch randomBatch(Random random, int rows)
    {
        ColumnBatch batch = ColumnBatch.allocate(TYPES, rows, memory);
        ColumnVector[] c = batch.columns();
        for (int p = 0; p < rows; p++) {
            c[0].setInt(p, random.nextInt(11) - 5);
            c[1].setLong(p, random.nextInt(11) - 5);
            double d = switch (random.nextInt(12)) {
                case 0 -> Double.NaN;
                case 1 -> -0.0;
                default -> (random.nextInt(11) - 5) / 2.0;
            };
            c[2].setDouble(p, d);
            c[3].setInt(p, random.nextInt(11) - 5);
            c[4].setLong(p, (random.nextInt(11) - 5) * 50L);
            c[5].setString(p, "s" + random.nextInt(3));
            for (ColumnVector v : c) {
                if (random.nextInt(10) == 0) {
                    v.setNull(p, true);
                }
            }
        }
        batch.setRowCount(rows);
        return batch;
    }

    private static Conjunct numericConjunct(Random random)
    {
        int column = random.nextInt(5);
        String op = OPS[random.nextInt(OPS.length)];
        DataType type = TYPES.get(column);
        boolean literalFirst = random.nextBoolean();
        double constant;
        Literal.Builder lit = Literal.newBuilder();
        DataType litType = type;
        switch (column) {
            case 2 -> {
                constant = random.nextInt(5) == 0 ? 0.0 : (random.nextInt(13) - 6) / 2.0;
                lit.setDoubleValue(constant);
            }
            case 4 -> {
                long unscaled = (random.nextInt(13) - 6) * 50L;
                constant = unscaled;
                lit.setLongValue(unscaled);
            }
            default -> {
                long v = random.nextInt(13) - 6;
                constant = v;
                lit.setLongValue(v);
                if (column == 1 && random.nextBoolean()) {
                    litType = DataType.INT; // an INT constant against a BIGINT column is the same domain
                }
            }
        }
        Expr l = Expr.newBuilder().setType(ProtoTypes.toProto(litType)).setLiteral(lit).build();
        Expr r = ref(column, type);
        Expr e = literalFirst ? call(op, l, r) : call(op, r, l);
        return new Conjunct(e, column, op, constant, literalFirst, true);
    }

    private static Conjunct stringConjunct(Random random)
    {
        String value = "s" + random.nextInt(3);
        Expr l = Expr.newBuilder().setType(ProtoTypes.toProto(DataType.varchar(10)))
                .setLiteral(Literal.newBuilder().setBytesValue(com.google.protobuf.ByteString.copyFromUtf8(value))).build();
        return new Conjunct(call("ne", ref(5, DataType.varchar(10)), l), 5, value, 0, false, false);
    }

    private static boolean passesAll(ColumnBatch batch, int p, List<Conjunct> conjuncts)
    {
        for (Conjunct c : conjuncts) {
            ColumnVector v = batch.column(c.column());
            if (v.isNull(p)) {
                return false;
            }
            if (!c.kernel()) {
                if (v.getString(p).equals(c.op())) {
                    return false;
                }
                continue;
            }
            double x = switch (c.column()) {
                case 0, 3 -> v.getInt(p);
                case 1, 4 -> v.getLong(p);
                default -> v.getDouble(p);
            };
            double a = c.literalFirst() ? c.constant() : x;
            double b = c.literalFirst() ? x : c.constant();
            boolean pass = switch (c.op()) {
                case "eq" -> a == b;
                case "ne" -> a != b;
                case "lt" -> a < b;
                case "le" -> a <= b;
                case "gt" -> a > b;
                default -> a >= b;
            };
            if (!pass) {
                return false;
            }
        }
        return true;
    }

    private static Expr ref(int i, DataType t)
    {
        return Expr.newBuilder().setType(ProtoTypes.toProto(t)).setColumnRef(ColumnRef.newBuilder().setIndex(i)).build();
    }

    private static Expr lit(DataType t, long v)
    {
        return Expr.newBuilder().setType(ProtoTypes.toProto(t)).setLiteral(Literal.newBuilder().setLongValue(v)).build();
    }

    private static Expr call(String name, Expr... args)
    {
        return Expr.newBuilder().setType(ProtoTypes.toProto(DataType.BOOLEAN)).setCall(Call.newBuilder().setName(name).addAllArgs(List.of(args))).build();
    }
}
