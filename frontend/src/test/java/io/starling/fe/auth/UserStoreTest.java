package io.starling.fe.auth;

import io.starling.fe.qe.SqlError;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UserStoreTest
{
    private static final byte[] SCRAMBLE = "abcdefghijklmnopqrst".getBytes();

    @Test
    void rootWithEmptyPasswordByDefault()
    {
        UserStore store = new UserStore();
        assertThat(store.exists("root")).isTrue();
        assertThat(store.check("root", SCRAMBLE, new byte[0])).isTrue();
        assertThat(store.check("root", SCRAMBLE, NativePassword.clientToken(SCRAMBLE, "x"))).isFalse();
    }

    @Test
    void createDropAndPasswordsAreJournaled() throws SqlError
    {
        UserStore store = new UserStore();
        List<UserChange> journal = new ArrayList<>();
        store.setJournal(journal::add);
        store.create("bob", "10.0.%", "pw");
        assertThat(store.exists("bob")).isTrue();
        assertThat(store.check("bob", "10.0.3.4", SCRAMBLE, NativePassword.clientToken(SCRAMBLE, "pw"))).isTrue();
        assertThat(store.check("bob", "192.168.0.1", SCRAMBLE, NativePassword.clientToken(SCRAMBLE, "pw"))).isFalse();
        assertThatThrownBy(() -> store.create("bob", "%", "x"))
                .isInstanceOfSatisfying(SqlError.class, e -> assertThat(e.code()).isEqualTo(1396));
        store.setPassword("bob", "new");
        assertThat(store.check("bob", SCRAMBLE, NativePassword.clientToken(SCRAMBLE, "new"))).isTrue();
        store.drop("bob");
        assertThat(store.exists("bob")).isFalse();
        assertThatThrownBy(() -> store.drop("bob")).isInstanceOf(SqlError.class);
        assertThatThrownBy(() -> store.drop("root")).isInstanceOf(SqlError.class);
        assertThat(journal).extracting(UserChange::kind)
                .containsExactly(UserChange.Kind.CREATE, UserChange.Kind.SET_PASSWORD, UserChange.Kind.DROP);
        assertThat(journal.get(0).authString()).isEqualTo(NativePassword.authString("pw"));

        // replay onto a fresh store gives the same state
        UserStore replica = new UserStore();
        journal.forEach(replica::apply);
        assertThat(replica.snapshot()).isEqualTo(store.snapshot());
    }

    @Test
    void failingJournalLeavesStoreUnchanged()
    {
        UserStore store = new UserStore();
        store.setJournal(c -> {
            throw new IllegalStateException("journal down");
        });
        assertThatThrownBy(() -> store.create("carol", "%", "pw")).isInstanceOf(IllegalStateException.class);
        assertThat(store.exists("carol")).isFalse();
    }

    @Test
    void snapshotRestoreRoundTrip() throws SqlError
    {
        UserStore store = new UserStore();
        store.create("dave", "localhost", "pw");
        Map<String, String> snap = store.snapshot();
        assertThat(snap).containsEntry("root", "@%").containsEntry("dave", NativePassword.authString("pw") + "@localhost");
        UserStore restored = new UserStore();
        restored.restore(snap);
        assertThat(restored.snapshot()).isEqualTo(snap);
        assertThat(restored.check("dave", "127.0.0.1", SCRAMBLE, NativePassword.clientToken(SCRAMBLE, "pw"))).isTrue();
    }

    @Test
    void hostPatterns()
    {
        assertThat(UserStore.hostMatches("%", "1.2.3.4")).isTrue();
        assertThat(UserStore.hostMatches("192.168.%", "192.168.1.9")).isTrue();
        assertThat(UserStore.hostMatches("192.168.%", "10.0.0.1")).isFalse();
        assertThat(UserStore.hostMatches("10.0.0._", "10.0.0.7")).isTrue();
        assertThat(UserStore.hostMatches("localhost", "127.0.0.1")).isTrue();
    }
}
