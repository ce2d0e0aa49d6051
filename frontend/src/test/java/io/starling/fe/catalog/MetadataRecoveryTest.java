package io.starling.fe.catalog;

import io.starling.fe.FrontendServer;
import io.starling.fe.qe.Session;
import io.starling.fe.qe.SessionVariables;
import io.starling.fe.qe.SqlError;
import io.starling.fe.qe.exec.QueryPlanning;
import io.starling.fe.testing.FakeBackend;
import io.starling.fe.txn.TransactionState;
import io.starling.fe.txn.TxnStatus;
import io.starling.rpc.proto.SinkResult;
import io.starling.rpc.proto.TabletCommitInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Catalog + transactions through the journal: restart, checkpoint, commit/publish recovery. */
class MetadataRecoveryTest
{
    @TempDir
    Path dir;

    private final FakeBackend be = new FakeBackend();

    private FrontendServer open(int checkpointInterval) throws Exception
    {
        return new FrontendServer(dir, be, null, QueryPlanning.NONE, checkpointInterval);
    }

    private static Session session()
    {
        return new Session(1, "root", "127.0.0.1", new SessionVariables());
    }

    private static SinkResult sink(Partition p, long rows)
    {
        SinkResult.Builder b = SinkResult.newBuilder().setLoadedRows(rows);
        b.addCommitInfos(TabletCommitInfo.newBuilder().setTabletId(p.tablets().get(0).id()).setPartitionId(p.id())
                .setRowsetId(1).setNumRows(rows).setDataBytes(rows * 10));
        return b.build();
    }

    @Test
    void catalogSurvivesRestartWithAndWithoutCheckpoint() throws Exception
    {
        for (int interval : new int[] {1_000, 3}) {
            Path sub = dir.resolve("i" + interval);
            try (FrontendServer fe = new FrontendServer(sub, be, null, QueryPlanning.NONE, interval)) {
                Session s = session();
                fe.executor().execute(s, "CREATE DATABASE d1");
                fe.executor().execute(s, "USE d1");
                fe.executor().execute(s, "CREATE TABLE t (k INT, d DATE, v VARCHAR(20)) DUPLICATE KEY(k) "
                        + "PARTITION BY RANGE(d) (PARTITION p1 VALUES LESS THAN ('2020-01-01'), "
                        + "PARTITION p2 VALUES LESS THAN ('2021-01-01')) DISTRIBUTED BY HASH(k) BUCKETS 3 "
                        + "PROPERTIES ('replication_num' = '1')");
                fe.executor().execute(s, "CREATE TABLE t2 (a BIGINT) DISTRIBUTED BY HASH(a) BUCKETS 2");
                fe.executor().execute(s, "DROP TABLE t2");
                fe.users().create("bob", "%", "pw");
            }
            try (FrontendServer fe = new FrontendServer(sub, be, null, QueryPlanning.NONE, interval)) {
                OlapTable t = fe.catalog().getTable("d1", "t");
                assertThat(t).isNotNull();
                assertThat(t.partitions()).extracting(Partition::name).containsExactly("p1", "p2");
                assertThat(t.partitions().get(0).tablets()).hasSize(3);
                assertThat(t.properties()).containsEntry("replication_num", "1");
                assertThat(fe.catalog().getTable("d1", "t2")).isNull();
                assertThat(fe.users().exists("bob")).isTrue();
                // New ids never collide with ids used before the restart.
                long maxOld = t.partitions().stream().flatMap(p -> p.tablets().stream()).mapToLong(Tablet::id).max().orElseThrow();
                assertThat(fe.catalog().allocateId()).isGreaterThan(maxOld);
            }
        }
    }

    @Test
    void commitPublishesAndSwitchesVersionsAtomically() throws Exception
    {
        try (FrontendServer fe = open(1_000)) {
            Session s = session();
            fe.executor().execute(s, "CREATE DATABASE d");
            fe.executor().execute(s, "CREATE TABLE d.t (k INT) DISTRIBUTED BY HASH(k) BUCKETS 2");
            OlapTable t = fe.catalog().getTable("d", "t");
            Database db = fe.catalog().getDatabase("d");
            long txn = fe.transactions().begin(db, "l1", List.of(t.id()), "INSERT");
            assertThatThrownBy(() -> fe.transactions().begin(db, "l1", List.of(t.id()), "INSERT"))
                    .isInstanceOf(SqlError.class).hasMessageContaining("Label Already Exists");
            TransactionState done = fe.transactions().commit(txn, sink(t.partitions().get(0), 5));
            assertThat(done.status()).isEqualTo(TxnStatus.VISIBLE);
            Partition p = fe.catalog().getTable("d", "t").partitions().get(0);
            assertThat(p.visibleVersion()).isEqualTo(2);
            assertThat(p.rowCount()).isEqualTo(5);
            assertThat(be.published).containsExactly(txn);
            // Every tablet of the partition was published at the new version.
            for (Tablet tab : p.tablets()) {
                assertThat(be.versions.get(tab.id())).isEqualTo(2);
            }
        }
    }

    @Test
    void restartRepublishesCommittedAndAbortsPrepared() throws Exception
    {
        long committed;
        long prepared;
        try (FrontendServer fe = open(1_000)) {
            Session s = session();
            fe.executor().execute(s, "CREATE DATABASE d");
            fe.executor().execute(s, "CREATE TABLE d.t (k INT) DISTRIBUTED BY HASH(k) BUCKETS 1");
            OlapTable t = fe.catalog().getTable("d", "t");
            Database db = fe.catalog().getDatabase("d");
            committed = fe.transactions().begin(db, "c", List.of(t.id()), "INSERT");
            be.failPublish = true;
            assertThatThrownBy(() -> fe.transactions().commit(committed, sink(t.partitions().get(0), 7)))
                    .isInstanceOf(SqlError.class).hasMessageContaining("committed");
            assertThat(fe.transactions().get(committed).status()).isEqualTo(TxnStatus.COMMITTED);
            assertThat(fe.catalog().getTable("d", "t").partitions().get(0).visibleVersion()).isEqualTo(1);
            prepared = fe.transactions().begin(db, "p", List.of(t.id()), "INSERT");
        }
        be.failPublish = false;
        try (FrontendServer fe = open(1_000)) {
            assertThat(be.lastRecoverKeep).containsExactly(committed);
            assertThat(fe.transactions().get(committed).status()).isEqualTo(TxnStatus.VISIBLE);
            assertThat(fe.transactions().get(prepared).status()).isEqualTo(TxnStatus.ABORTED);
            Partition p = fe.catalog().getTable("d", "t").partitions().get(0);
            assertThat(p.visibleVersion()).isEqualTo(2);
            assertThat(p.rowCount()).isEqualTo(7);
            // An aborted label may be reused.
            Database db = fe.catalog().getDatabase("d");
            assertThat(fe.transactions().begin(db, "p", List.of(fe.catalog().getTable("d", "t").id()), "INSERT"))
                    .isGreaterThan(prepared);
        }
    }

    @Test
    void automaticPartitionsAreCreatedOnceAndJournaled() throws Exception
    {
        long tableId;
        try (FrontendServer fe = open(1_000)) {
            Session s = session();
            fe.executor().execute(s, "CREATE DATABASE d");
            fe.executor().execute(s, "CREATE TABLE d.e (dt DATE, v INT) PARTITION BY date_trunc('month', dt) "
                    + "DISTRIBUTED BY HASH(v) BUCKETS 2");
            OlapTable t = fe.catalog().getTable("d", "e");
            tableId = t.id();
            assertThat(t.partitions()).isEmpty();
            long jan5 = java.time.LocalDate.parse("2024-01-05").toEpochDay();
            long jan20 = java.time.LocalDate.parse("2024-01-20").toEpochDay();
            long mar1 = java.time.LocalDate.parse("2024-03-01").toEpochDay();
            var descs = fe.callbacks().createAutomaticPartitions(tableId, 0, List.of(LiteralValues.ofLong(jan5),
                    LiteralValues.ofLong(jan20), LiteralValues.ofLong(mar1)));
            assertThat(descs).extracting(d -> d.getName()).containsExactly("p202401", "p202403");
            assertThat(descs.get(0).getTabletIdsCount()).isEqualTo(2);
            var again = fe.callbacks().createAutomaticPartitions(tableId, 0, List.of(LiteralValues.ofLong(jan20)));
            assertThat(again.get(0).getId()).isEqualTo(descs.get(0).getId());
        }
        try (FrontendServer fe = open(1_000)) {
            assertThat(fe.catalog().tableById(tableId).table().partitions()).extracting(Partition::name)
                    .containsExactly("p202401", "p202403");
        }
    }
}
