package io.muon.kernel.memory;

/**
 * What an off-heap allocation is for. Every byte Muon allocates outside the heap carries one tag, so the per-tag
 * counters of {@link NativeMemory} say where native memory goes and tests can prove that each owner frees its own.
 */
public enum MemoryTag
{
    /** NativeLog scratch: codec buffers of appenders and tailers. */
    LOG,
    /** Operator and aggregate state of running queries. */
    STATE,
    /** Column vectors and hash tables of queries. */
    QUERY,
    /** Network buffers of the front ends. */
    NETWORK,
    /** The historical store: part writers, readers and merges. */
    STORE,
    /** Anything else. */
    OTHER;

    private static final MemoryTag[] VALUES = values();

    /** @return all tags, without allocating a new array. */
    public static MemoryTag[] all()
    {
        return VALUES;
    }
}
