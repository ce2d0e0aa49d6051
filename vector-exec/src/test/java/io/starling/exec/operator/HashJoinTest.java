package io.starling.exec.operator;

import io.starling.exec.hash.JoinHashTable;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static io.starling.exec.operator.OperatorTestSupport.batch;
import static io.starling.exec.operator.OperatorTestSupport.col;
import static io.starling.exec.operator.OperatorTestSupport.drive;
import static io.starling.exec.operator.OperatorTestSupport.less;
import static io.starling.exec.operator.OperatorTestSupport.row;
import static org.assertj.core.api.Assertions.assertThat;

class HashJoinTest
{
    private static final long SEED = Long.getLong("tests.seed", 7);
    private static final List<DataType> BUILD = List.of(DataType.INT, DataType.STRING);
    private static final List<DataType> PROBE = List.of(DataType.BIGINT, DataType.INT);
    private MemoryContext query;

    @BeforeEach
    void setUp()
    {
        query = MemoryContext.process().newChild("test-query", 512L << 20);
    }

    @AfterEach
    void tearDown()
    {
        assertThat(query.used()).as("all memory returned").isZero();
        query.close();
    }

    /** Builds a table from batches with key column 0 (INT), returns the (already built) table and its build context. */
    private List<List<Object>> join(List<Object[]> buildRows, List<Object[]> probeRows, JoinType type, boolean residual)
    {
        try (OperatorContext bc = new OperatorContext("build", query); OperatorContext pc = new OperatorContext("probe", query)) {
            JoinHashTable table = new JoinHashTable(BUILD, List.of(DataType.INT), bc.memory());
            List<List<Object>> out;
            try (HashJoinBuildOperator build = new HashJoinBuildOperator(bc, table, List.of(col(0, DataType.INT)));
                    HashJoinProbeOperator probe = new HashJoinProbeOperator(pc, table, List.of(col(1, DataType.INT)), PROBE, type,
                            residual ? less(0, 2) : null)) {
                assertThat(probe.blockedOn().isDone()).isFalse();
                assertThat(probe.needsInput()).isFalse();
                drive(build, chunks(BUILD, buildRows));
                assertThat(probe.blockedOn().isDone()).isTrue();
                out = drive(probe, chunks(PROBE, probeRows));
            }
            return out;
        }
    }

    private List<ColumnBatch> chunks(List<DataType> types, List<Object[]> rows)
    {
        List<ColumnBatch> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += 1000) {
            out.add(batch(types, query, rows.subList(i, Math.min(rows.size(), i + 1000))));
        }
        return out;
    }

    private static List<List<Object>> model(List<Object[]> build, List<Object[]> probe, JoinType type, boolean residual)
    {
        List<List<Object>> out = new ArrayList<>();
        for (Object[] p : probe) {
            boolean matched = false;
            for (Object[] b : build) {
                if (p[1] != null && b[0] != null && ((Number) p[1]).longValue() == ((Number) b[0]).longValue()) {
                    if (residual && !(((Number) p[0]).longValue() < ((Number) b[0]).longValue())) {
                        continue;
                    }
                    matched = true;
                    if (type == JoinType.INNER || type == JoinType.LEFT_OUTER) {
                        out.add(Arrays.asList(((Number) p[0]).longValue(), ((Number) p[1]).longValue(), ((Number) b[0]).longValue(), b[1]));
                    }
                    else if (type == JoinType.LEFT_SEMI) {
                        break;
                    }
                }
            }
            List<Object> probeOnly = Arrays.asList(p[0] == null ? null : ((Number) p[0]).longValue(), p[1] == null ? null : ((Number) p[1]).longValue());
            if (type == JoinType.LEFT_SEMI && matched || type == JoinType.LEFT_ANTI && !matched) {
                out.add(probeOnly);
            }
            if (type == JoinType.LEFT_OUTER && !matched) {
                List<Object> r = new ArrayList<>(probeOnly);
                r.add(null);
                r.add(null);
                out.add(r);
            }
        }
        return out;
    }

    private static final Comparator<List<Object>> ROW_ORDER = Comparator.comparing(Object::toString);

    @Test
    void allJoinTypesAgainstANestedLoopModel()
    {
        System.out.println("HashJoinTest seed=" + SEED);
        Random r = new Random(SEED);
        List<Object[]> build = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            build.add(row(r.nextInt(40) == 0 ? null : r.nextInt(2000), "b" + i));
        }
        List<Object[]> probe = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            probe.add(row((long) r.nextInt(3000), r.nextInt(40) == 0 ? null : r.nextInt(2500)));
        }
        for (JoinType type : JoinType.values()) {
            List<List<Object>> actual = new ArrayList<>(join(build, probe, type, false));
            List<List<Object>> expected = model(build, probe, type, false);
            actual.sort(ROW_ORDER);
            expected.sort(ROW_ORDER);
            assertThat(actual).as(type.name()).isEqualTo(expected);
        }
        List<List<Object>> actual = new ArrayList<>(join(build, probe, JoinType.INNER, true));
        List<List<Object>> expected = model(build, probe, JoinType.INNER, true);
        actual.sort(ROW_ORDER);
        expected.sort(ROW_ORDER);
        assertThat(actual).as("inner with residual").isEqualTo(expected);
    }

    @Test
    void oneProbeBatchCanProduceManyOutputBatches()
    {
        List<Object[]> build = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            build.add(row(5, "dup" + i));
        }
        List<Object[]> probe = List.of(row(1L, 5), row(2L, 6), row(3L, 5), row(4L, 5));
        List<List<Object>> out = join(build, probe, JoinType.INNER, false);
        assertThat(out).hasSize(9000);
        // chain order is insertion order, probe order is kept
        assertThat(out.get(0)).isEqualTo(List.of(1L, 5L, 5L, "dup0"));
        assertThat(out.get(3000)).isEqualTo(List.of(3L, 5L, 5L, "dup0"));
        assertThat(out.get(8999)).isEqualTo(List.of(4L, 5L, 5L, "dup2999"));
    }

    @Test
    void emptyBuildSide()
    {
        List<Object[]> probe = List.of(row(1L, 5), row(2L, null));
        assertThat(join(List.of(), probe, JoinType.INNER, false)).isEmpty();
        assertThat(join(List.of(), probe, JoinType.LEFT_ANTI, false)).hasSize(2);
    }

    @Test
    void multiColumnStringKeys()
    {
        List<DataType> types = List.of(DataType.STRING, DataType.INT);
        try (OperatorContext bc = new OperatorContext("build", query); OperatorContext pc = new OperatorContext("probe", query)) {
            JoinHashTable table = new JoinHashTable(types, types, bc.memory());
            assertThat(table.hasLongKey()).isFalse();
            try (HashJoinBuildOperator build = new HashJoinBuildOperator(bc, table, List.of(col(0, DataType.STRING), col(1, DataType.INT)));
                    HashJoinProbeOperator probe = new HashJoinProbeOperator(pc, table, List.of(col(0, DataType.STRING), col(1, DataType.INT)),
                            types, JoinType.INNER, null)) {
                drive(build, List.of(batch(types, query, row("a", 1), row("a", 2), row("b", 1), row(null, 1), row("", 0))));
                List<List<Object>> out = drive(probe, List.of(batch(types, query, row("a", 2), row("b", 2), row(null, 1), row("", 0), row("a", 1))));
                assertThat(out).containsExactly(List.of("a", 2L, "a", 2L), List.of("", 0L, "", 0L), List.of("a", 1L, "a", 1L));
            }
        }
    }
}
