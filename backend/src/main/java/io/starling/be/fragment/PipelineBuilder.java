package io.starling.be.fragment;

import io.starling.sched.driver.PipelineOperator;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A pipeline while the fragment is being planned into pipelines: operator factories (one operator instance per
 * driver) and the degree of parallelism. A pipeline is complete when its last factory makes a sink.
 */
final class PipelineBuilder
{
    final String name;
    final List<Supplier<PipelineOperator>> factories = new ArrayList<>();
    final int dop;

    PipelineBuilder(String name, int dop)
    {
        this.name = name;
        this.dop = dop;
    }

    PipelineBuilder add(Supplier<PipelineOperator> factory)
    {
        factories.add(factory);
        return this;
    }
}
