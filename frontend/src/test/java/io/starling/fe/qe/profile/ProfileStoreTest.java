package io.starling.fe.qe.profile;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProfileStoreTest
{
    private static final String PLAN = """
            3:AggregateNode mode=AGG_SINGLE group by=[] aggs=[count(*)]
              2:HashJoinNode type=JOIN_INNER left keys=[id] right keys=[id]
                build runtime filters:
                - filter_id = 0, build_expr = (id), target = j.a.id
                0:OlapScanNode table=j.a columns=[id] tablets=1
                1:OlapScanNode table=j.b columns=[id, flag] tablets=1
            """;
    private static final String OPERATORS = """
            Fragment q#0: total 171 ms, peak memory 226224 bytes
              OLAP_SCAN (id=1): instances=1, rows in=0, rows out=300
              HASH_JOIN_BUILD (id=2): instances=1, rows in=300, rows out=0
              OLAP_SCAN (id=0): instances=1, rows in=0, rows out=100
              HASH_JOIN_PROBE (id=2): instances=1, rows in=100, rows out=100
              AGGREGATE (id=3): instances=1, rows in=100, rows out=1
              RESULT_SINK: instances=1, rows in=1, rows out=0
            """;

    private static ProfileStore.QueryProfile profile(String id)
    {
        return new ProfileStore.QueryProfile(id, 0, 12, "Finished", "SELECT\n1", "root", "j", PLAN, OPERATORS, null);
    }

    @Test
    void keepsTheNewestUpToItsCapacity()
    {
        ProfileStore store = new ProfileStore(3);
        for (int i = 0; i < 5; i++) {
            store.add(profile("q" + i));
        }
        assertThat(store.recent(-1)).extracting(ProfileStore.QueryProfile::queryId).containsExactly("q4", "q3", "q2");
        assertThat(store.recent(1)).extracting(ProfileStore.QueryProfile::queryId).containsExactly("q4");
        assertThat(store.get("q0")).isNull();
        assertThat(store.get("q3")).isNotNull();
        List<Object> row = store.listRows(1).getFirst();
        assertThat(row.get(0)).isEqualTo("q4");
        assertThat(row.get(2)).isEqualTo("12ms");
        assertThat(row.get(3)).isEqualTo("Finished");
        assertThat(row.get(4)).isEqualTo("SELECT\\n1");
        assertThat(ProfileStore.shorten("x".repeat(200))).hasSize(ProfileStore.STATEMENT_CHARS + 4).endsWith(" ...");
    }

    @Test
    void rendersOperatorsUnderTheirPlanNodes()
    {
        List<String> all = ProfileStore.render(profile("q"), List.of());
        int join = all.indexOf("    2:HashJoinNode type=JOIN_INNER left keys=[id] right keys=[id]");
        assertThat(join).isPositive();
        assertThat(all.get(join + 1)).isEqualTo("      | HASH_JOIN_BUILD (id=2): instances=1, rows in=300, rows out=0");
        assertThat(all.get(join + 2)).isEqualTo("      | HASH_JOIN_PROBE (id=2): instances=1, rows in=100, rows out=100");
        assertThat(all).contains("        | OLAP_SCAN (id=1): instances=1, rows in=0, rows out=300",
                "  RESULT_SINK: instances=1, rows in=1, rows out=0", "  Fragment q#0: total 171 ms, peak memory 226224 bytes");

        List<String> one = ProfileStore.render(profile("q"), List.of(0));
        assertThat(one).contains("      0:OlapScanNode table=j.a columns=[id] tablets=1",
                "        | OLAP_SCAN (id=0): instances=1, rows in=0, rows out=100");
        assertThat(one).noneMatch(l -> l.contains("HashJoinNode") || l.contains("build runtime filters")
                || l.contains("RESULT_SINK") || l.contains("(id=1)"));
    }
}
