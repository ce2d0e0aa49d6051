package io.starling.be.operator;

import io.starling.sched.driver.SourcePipelineOperator;
import io.starling.storage.batch.ColumnBatch;

import java.util.concurrent.CompletableFuture;

/** First operator of the consumer pipeline of a {@link LocalExchange}. */
public final class ExchangeSourceOperator implements SourcePipelineOperator
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
