package io.starling.storage.memory;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemoryContextTest
{
    @Test
    void nestedContextsAccountToEveryAncestor()
    {
        try (MemoryContext query = MemoryContext.process().newChild("query", 1000);
                MemoryContext op1 = query.newChild("op1");
                MemoryContext op2 = query.newChild("op2", 300)) {
            op1.reserve(400);
            op2.reserve(300);
            assertThat(query.used()).isEqualTo(700);
            assertThat(op2.path()).isEqualTo("process/query/op2");
            op1.release(100);
            assertThat(query.used()).isEqualTo(600);
            assertThat(query.peak()).isEqualTo(700);
            op1.release(300);
            op2.release(300);
            assertThat(query.used()).isZero();
        }
    }

    @Test
    void failedReservationLeavesNothingReserved()
    {
        try (MemoryContext query = MemoryContext.process().newChild("query", 1000);
                MemoryContext op = query.newChild("op", 5000)) {
            op.reserve(900);
            long processBefore = MemoryContext.process().used();
            assertThatThrownBy(() -> op.reserve(200))
                    .isInstanceOf(MemoryLimitExceededException.class)
                    .hasMessageContaining("process/query")
                    .hasMessageContaining("limit 1000");
            assertThat(op.used()).isEqualTo(900);
            assertThat(query.used()).isEqualTo(900);
            assertThat(MemoryContext.process().used()).isEqualTo(processBefore);
            // the child's own limit
            op.setLimit(950);
            assertThatThrownBy(() -> op.reserve(60)).isInstanceOf(MemoryLimitExceededException.class);
            assertThat(query.used()).isEqualTo(900);
            op.release(900);
        }
    }

    @Test
    void closeReportsAndReturnsLeakedBytes()
    {
        MemoryContext query = MemoryContext.process().newChild("query");
        MemoryContext op = query.newChild("op");
        op.reserve(128);
        assertThat(op.leakedBytesOnClose()).isEqualTo(-1);
        op.close();
        assertThat(op.leakedBytesOnClose()).isEqualTo(128);
        assertThat(query.used()).isZero();
        query.close();
        assertThat(query.leakedBytesOnClose()).isZero();
    }

    @Test
    void allocatorRoundsReusesAndAccounts()
    {
        BufferAllocator alloc = BufferAllocator.shared();
        assertThat(BufferAllocator.roundedSize(1)).isEqualTo(64);
        assertThat(BufferAllocator.roundedSize(65)).isEqualTo(128);
        assertThat(BufferAllocator.roundedSize(4096)).isEqualTo(4096);
        assertThat(BufferAllocator.roundedSize((1 << 20) + 1)).isEqualTo((1 << 20) + 64);
        try (MemoryContext ctx = MemoryContext.process().newChild("alloc")) {
            MemorySegment a = alloc.allocate(ctx, 1000);
            assertThat(a.byteSize()).isEqualTo(1024);
            assertThat(a.address() % BufferAllocator.ALIGNMENT).isZero();
            assertThat(ctx.used()).isEqualTo(1024);
            long address = a.address();
            alloc.free(ctx, a);
            assertThat(ctx.used()).isZero();
            MemorySegment b = alloc.allocate(ctx, 1024);
            assertThat(b.address()).as("freed buffers are reused (LIFO)").isEqualTo(address);
            alloc.free(ctx, b);
        }
    }

    @Test
    void largeAllocationsGetTheirOwnArena()
    {
        try (MemoryContext ctx = MemoryContext.process().newChild("large")) {
            MemorySegment big = BufferAllocator.shared().allocate(ctx, 8L << 20);
            assertThat(big.byteSize()).isEqualTo(8L << 20);
            big.set(java.lang.foreign.ValueLayout.JAVA_LONG, (8L << 20) - 8, 42L);
            assertThat(ctx.used()).isEqualTo(8L << 20);
            BufferAllocator.shared().free(ctx, big);
            assertThat(ctx.used()).isZero();
            assertThat(big.scope().isAlive()).isFalse();
        }
    }

    @Test
    void allocationOverLimitFailsCleanly()
    {
        try (MemoryContext ctx = MemoryContext.process().newChild("small", 10_000)) {
            List<MemorySegment> held = new ArrayList<>();
            held.add(BufferAllocator.shared().allocate(ctx, 8192));
            assertThatThrownBy(() -> BufferAllocator.shared().allocate(ctx, 4096)).isInstanceOf(MemoryLimitExceededException.class);
            assertThat(ctx.used()).isEqualTo(8192);
            held.forEach(s -> BufferAllocator.shared().free(ctx, s));
            assertThat(ctx.used()).isZero();
        }
    }

    @Test
    void concurrentReservationsBalance() throws InterruptedException
    {
        try (MemoryContext ctx = MemoryContext.process().newChild("concurrent")) {
            Thread[] threads = new Thread[2];
            for (int t = 0; t < threads.length; t++) {
                threads[t] = new Thread(() -> {
                    for (int i = 0; i < 100_000; i++) {
                        ctx.reserve(3);
                        ctx.release(3);
                    }
                });
                threads[t].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            assertThat(ctx.used()).isZero();
        }
    }
}
