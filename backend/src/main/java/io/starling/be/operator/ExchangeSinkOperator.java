package io.starling.be.operator;

import io.starling.sched.driver.PipelineOperator;
import io.starling.storage.batch.ColumnBatch;

import java.util.concurrent.CompletableFuture;

/** Last operator of a producer pipeline of a {@link LocalExchange}. */
public final class ExchangeSinkOperator implements PipelineOperator
{
    private final String name;
    private final LocalExchange exchange;
    private boolean finished;

    public ExchangeSinkOperator(String name, LocalExchange exchange)
    {
        this.name = name;
        this.exchange = exchange;
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public boolean needsInput()
    {
        return !finished && exchange.hasRoom();
    }

    @Override
    public CompletableFuture<?> blockedOn()
    {
        return finished ? null : exchange.notFull();
    }

    @Override
    public void push(ColumnBatch batch)
    {
        exchange.offer(batch);
    }

    @Override
    public ColumnBatch pull()
    {
        return null;
    }

    @Override
    public void finish()
    {
        if (!finished) {
            finished = true;
            exchange.producerDone();
        }
    }

    @Override
    public boolean isFinished()
    {
        return finished;
    }

    @Override
    public void close()
    {
        // a cancelled producer still counts down so the consumer is not left waiting
        finish();
    }
}
