package io.muon.sql.exec;

/**
 * An evaluator that remembers rows across batches ({@code lag}, {@code lags}): what it remembers goes into a
 * streaming query's checkpoints. Owned by the pipeline thread that evaluates it.
 */
public interface LookBack
{
    /** Writes what it remembers. */
    void write(StateOutput out);

    /** Restores, before its first batch, what {@link #write} wrote. */
    void read(StateInput in);
}
