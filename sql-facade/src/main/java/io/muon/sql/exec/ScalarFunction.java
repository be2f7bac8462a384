package io.muon.sql.exec;

import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Vector;

/**
 * The vectorized body of a scalar function: given the argument vectors (each of {@code rows} values) returns the
 * result vector of type {@code result}. {@code nullRows} (may be null) marks rows where an argument is NULL for
 * functions that do not handle NULLs themselves: the caller sets those results to NULL, so the body must not fail
 * on them (their argument slots hold default values).
 */
@FunctionalInterface
public interface ScalarFunction
{
    Vector apply(Vector[] arguments, int rows, DataType result, boolean[] nullRows);
}
