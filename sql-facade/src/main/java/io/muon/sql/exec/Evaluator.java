package io.muon.sql.exec;

import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.Vector;

/**
 * A compiled expression: computes one vector of {@code input.rows()} values per batch. The returned vector may be an
 * input column or scratch owned by the evaluator; it is valid until the next call. Owned by one query thread.
 */
@FunctionalInterface
public interface Evaluator
{
    Vector evaluate(Batch input);
}
