package io.starling.be.operator;

import io.starling.sched.driver.PipelineOperator;
import io.starling.storage.batch.ColumnBatch;

import java.util.concurrent.CompletableFuture;

/** First operator of the consumer pipeline of a {@link LocalExchange}. */
public final class ExchangeSourceOperator implements PipelineOperator
{
    private final String name;
    private final LocalExchange exchange;

    public ExchangeSourceOperator(String name, LocalExchange exchange)
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
        return false;
    }

    @Override
    public void push(ColumnBatch batch)
    {
        batch.close();
        throw new IllegalStateException(name + " is a source operator");
    }

    @Override
    public ColumnBatch pull()
    {
        return exchange.poll();
    }

    @Override
    public CompletableFuture<?> blockedOn()
    {
        return exchange.notEmpty();
    }

    @Override
    public void finish()
    {
    }

    @Override
    public boolean isFinished()
    {
        return exchange.isDrained();
    }

    @Override
    public void close()
    {
    }
}
