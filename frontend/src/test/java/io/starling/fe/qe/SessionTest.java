package io.starling.fe.qe;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Session state that other connections touch: KILL QUERY's stickiness and user variables. */
class SessionTest
{
    private static Session session()
    {
        return new Session(7, "root", "127.0.0.1", new SessionVariables());
    }

    @Test
    void killQueryBeforeTheCancellerIsRegisteredStillCancels()
    {
        Session s = session();
        s.beginCommand("Query", "SELECT 1");
        // KILL QUERY lands while the statement is still planning: nothing to cancel yet
        s.cancelRunning();
        assertThat(s.isCancelRequested()).isTrue();
        AtomicInteger cancels = new AtomicInteger();
        s.setRunningCanceller(cancels::incrementAndGet);
        assertThat(cancels).hasValue(1);
        s.setRunningCanceller(null);
        s.endCommand();
        // the next statement starts clean
        s.beginCommand("Query", "SELECT 2");
        assertThat(s.isCancelRequested()).isFalse();
        s.setRunningCanceller(cancels::incrementAndGet);
        assertThat(cancels).hasValue(1);
        s.cancelRunning();
        assertThat(cancels).hasValue(2);
    }

    @Test
    void killQueryOfAnIdleSessionDoesNotLeakIntoItsNextStatement()
    {
        Session s = session();
        s.cancelRunning();
        s.beginCommand("Query", "SELECT 1");
        assertThat(s.isCancelRequested()).isFalse();
    }

    @Test
    void concurrentKillIsNeverLost() throws Exception
    {
        // KILL racing the registration: the canceller must run at least once in every round
        for (int round = 0; round < 2000; round++) {
            Session s = session();
            s.beginCommand("Query", "SELECT 1");
            AtomicInteger cancels = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            Thread killer = Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                s.cancelRunning();
            });
            go.countDown();
            s.setRunningCanceller(cancels::incrementAndGet);
            killer.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(cancels.get()).as("round %d", round).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void userVariablesAreCaseInsensitiveAndResetWithTheConnection()
    {
        Session s = session();
        s.setUserVariable("Total", new BigDecimal("2.50"));
        s.setUserVariable("n", 5L);
        assertThat(s.userVariable("TOTAL")).isEqualTo(new BigDecimal("2.50"));
        assertThat(s.userVariable("never")).isNull();
        s.setUserVariable("n", null);
        assertThat(s.userVariable("n")).isNull();
        s.setUserVariable("x", "text");
        s.resetState();
        assertThat(s.userVariable("x")).isNull();
        assertThat(s.userVariable("total")).isNull();
    }
}
