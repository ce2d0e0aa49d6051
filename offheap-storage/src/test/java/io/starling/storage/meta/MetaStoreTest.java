package io.starling.storage.meta;

import io.starling.storage.memory.MemoryContext;
import io.starling.storage.tablet.KeysModel;
import io.starling.storage.tablet.TabletStore;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetaStoreTest
{
    @TempDir
    Path dir;

    @Test
    void batchesAreAllOrNothingAndDurable() throws IOException
    {
        try (MetaStore store = MetaStore.open(dir)) {
            try (MetaStore.Batch b = store.batch()) {
                b.put("p/1/5", new byte[] {1}).put("p/1/6", new byte[] {2});
                // not committed: closing drops it
            }
            assertThat(store.scan("p/1/")).isEmpty();
            try (MetaStore.Batch b = store.batch()) {
                b.put("p/1/5", new byte[] {1}).put("p/1/6", new byte[] {2}).put("p/10/1", new byte[] {3}).commit();
            }
            try (MetaStore.Batch b = store.batch()) {
                b.deletePrefix("p/1/").put("m/1", new byte[] {9}).commit();
            }
        }
        try (MetaStore store = MetaStore.open(dir)) {
            assertThat(store.scan("p/1/")).isEmpty();
            assertThat(store.scan("p/10/")).extracting(MetaStore.Entry::key).containsExactly("p/10/1");
            assertThat(store.get("m/1")).containsExactly(9);
            store.close();
            assertThatThrownBy(() -> store.get("m/1")).isInstanceOf(IOException.class);
            store.close(); // idempotent
        }
    }

    @Test
    void aStoreAbandonedWithoutCloseCanBeReopened() throws IOException
    {
        MemoryContext ctx = MemoryContext.process().newChild("meta-abandon");
        TabletStore first = new TabletStore(dir, 1000, ctx);
        first.createTablet(1, List.of(DataType.BIGINT), List.of("id"), KeysModel.PRIMARY, 1);
        // "kill -9": no close; the next instance takes over the RocksDB directory
        TabletStore second = new TabletStore(dir, 1000, ctx);
        assertThat(second.keysModel(1)).isEqualTo(KeysModel.PRIMARY);
        assertThatThrownBy(() -> first.createTablet(2, List.of(DataType.BIGINT), List.of("id"))).isInstanceOf(IOException.class);
        second.close();
    }
}
