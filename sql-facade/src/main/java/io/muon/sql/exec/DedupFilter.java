package io.muon.sql.exec;

import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.Vector;
import org.agrona.collections.Long2LongHashMap;

/**
 * Proton's {@code dedup(s, keys…[, timeout[, limit]])}: keeps the first row of every key and drops the rows that
 * repeat it. A key is forgotten {@code timeout} of processing time after it was first seen, and the oldest keys are
 * forgotten first when more than {@code limit} are remembered. Keys are remembered by a 128-bit hash of their
 * values. Owned by one thread (the query's, or its pipeline's agent).
 */
public final class DedupFilter
{
    /** How many keys are remembered when the query does not say (Proton's documented default). */
    public static final long DEFAULT_LIMIT = 100_000;
    private static final long ABSENT = Long.MIN_VALUE;

    private final Evaluator[] keys;
    private final long timeoutMs;
    private final long limit;
    /** The first half of each remembered key's hash, mapped to its place in the queue (for the second half). */
    private final Long2LongHashMap remembered = new Long2LongHashMap(ABSENT);
    // the remembered keys in order of first sight: a ring of (hash, second hash, first seen)
    private long[] ringHash = new long[64];
    private long[] ringCheck = new long[64];
    private long[] ringSeen = new long[64];
    private long head;
    private long tail;
    private final Vector[] keyVectors;

    /** {@code timeoutMs} 0: keys never expire by time; {@code limit} ≤ 0: the default. */
    DedupFilter(final Evaluator[] keys, final long timeoutMs, final long limit)
    {
        this.keys = keys;
        this.timeoutMs = timeoutMs;
        this.limit = limit > 0 ? limit : DEFAULT_LIMIT;
        this.keyVectors = new Vector[keys.length];
    }

    /**
     * Fills {@code positions} with the rows of {@code batch} to keep, in order, and returns how many; {@code nowMs}
     * is the processing time, for the timeout.
     */
    public int keep(final Batch batch, final long nowMs, final int[] positions)
    {
        expire(nowMs);
        for (int k = 0; k < keys.length; k++)
        {
            keyVectors[k] = keys[k].evaluate(batch);
        }
        int kept = 0;
        final int rows = batch.rows();
        for (int r = 0; r < rows; r++)
        {
            long hash = 0x9E3779B97F4A7C15L;
            long check = 0xC2B2AE3D27D4EB4FL;
            for (final Vector key : keyVectors)
            {
                final long h = key.hash(key.isConstant() ? 0 : r);
                hash = Vector.mix(hash ^ h) * 31;
                check = Long.rotateLeft(check + h * 0x9E3779B97F4A7C15L, 27) * 0x165667B19E3779F9L;
            }
            final long place = remembered.get(hash);
            if (place != ABSENT && ringCheck[index(place)] == check)
            {
                continue;
            }
            if (place == ABSENT)
            {
                remember(hash, check, nowMs);
            }
            positions[kept++] = r;
        }
        return kept;
    }

    /** Keys remembered now. */
    public int size()
    {
        return remembered.size();
    }

    private int index(final long place)
    {
        return (int)(place & (ringHash.length - 1));
    }

    private void remember(final long hash, final long check, final long nowMs)
    {
        if (tail - head == ringHash.length)
        {
            grow();
        }
        final int at = index(tail);
        ringHash[at] = hash;
        ringCheck[at] = check;
        ringSeen[at] = nowMs;
        remembered.put(hash, tail);
        tail++;
        while (tail - head > limit)
        {
            forgetOldest();
        }
    }

    private void expire(final long nowMs)
    {
        if (timeoutMs <= 0)
        {
            return;
        }
        while (head < tail && nowMs - ringSeen[index(head)] >= timeoutMs)
        {
            forgetOldest();
        }
    }

    private void forgetOldest()
    {
        final int at = index(head);
        if (remembered.get(ringHash[at]) == head)
        {
            remembered.remove(ringHash[at]);
        }
        head++;
    }

    private void grow()
    {
        final int capacity = ringHash.length * 2;
        final long[] hashes = new long[capacity];
        final long[] checks = new long[capacity];
        final long[] seen = new long[capacity];
        for (long place = head; place < tail; place++)
        {
            final int from = index(place);
            final int to = (int)(place & (capacity - 1));
            hashes[to] = ringHash[from];
            checks[to] = ringCheck[from];
            seen[to] = ringSeen[from];
        }
        ringHash = hashes;
        ringCheck = checks;
        ringSeen = seen;
    }

    /** Writes the remembered keys, oldest first, with when they were seen (a checkpoint). */
    public void write(final StateOutput out)
    {
        out.writeInt((int)(tail - head));
        for (long place = head; place < tail; place++)
        {
            final int at = index(place);
            out.writeLong(ringHash[at]).writeLong(ringCheck[at]).writeLong(ringSeen[at]);
        }
    }

    /** Restores into this empty filter what {@link #write} wrote. */
    public void read(final StateInput in)
    {
        final int count = in.readCount(24);
        for (int i = 0; i < count; i++)
        {
            remember(in.readLong(), in.readLong(), in.readLong());
        }
    }
}
