package io.muon.kernel.streaming;

/**
 * One running streaming query as its event-loop agent sees it: a chain of single-threaded operators fed by its
 * sources. Every method is called on the owning {@link PipelineAgent}'s thread only, so the pipeline's state needs
 * no locks; other threads talk to it through whatever thread-safe door the pipeline offers (a cancel flag, a result
 * queue).
 */
public interface StreamingPipeline
{
    /**
     * Called once when an agent adopts the pipeline, before the first {@link #doWork}: {@code wakeup} makes the
     * agent run a duty cycle soon when it is idle, from any thread (a log that published a record, a client that
     * freed room in the result queue).
     */
    void start(Runnable wakeup);

    /**
     * One duty cycle: poll the sources, push what they give through the operators, fire timers due at
     * {@code nowMs} (the agent reads the clock once per cycle).
     *
     * @return the work done; 0 lets the agent back off.
     */
    int doWork(long nowMs);

    /** Whether the pipeline has ended (LIMIT reached, cancelled, failed): the agent then closes and drops it. */
    boolean isDone();

    /** {@link #doWork} threw {@code cause}: the pipeline reports it to its consumer and ends. */
    void fail(Throwable cause);

    /** Frees everything the pipeline holds; called once, after which the agent forgets it. */
    void close();
}
