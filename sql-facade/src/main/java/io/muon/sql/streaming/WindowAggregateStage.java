package io.muon.sql.streaming;

import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.Vector;
import io.muon.sql.exec.AggregateStates;
import io.muon.sql.plan.EmitSpec;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Aggregation over tumble and hop windows by slicing: rows arrive with their slice in the window columns (for
 * tumble the slice is the window), go into that slice's group state, and a window's result is its slices' states
 * merged when it fires; a hop window thus shares its slices with its neighbours instead of keeping a state of its
 * own. Windows start at multiples of the slide and last {@code size}. What fires when follows the emit policy:
 * <ul>
 * <li>AFTER WINDOW CLOSE: each window once, when the watermark reaches its end, in order of ends; a row arriving
 * for a window that already fired is late: dropped and counted. {@code AND TIMEOUT t}: after t of processing time
 * without input, every open window fires.</li>
 * <li>PERIODIC n: every n of processing time, if rows arrived since the last emit (always with REPEAT), the whole
 * current result of every window not closed yet; windows the watermark passed close on that tick.</li>
 * <li>ON UPDATE: after every batch, the groups whose results it changed, in the windows not closed yet (WITH
 * BATCH n: every n of processing time, when rows arrived).</li>
 * </ul>
 * The output is the aggregation's: its keys (with the window columns where they stand), its aggregates, then
 * {@code _tp_delta} (EMIT CHANGELOG) or {@code emit_version()} when asked for.
 */
final class WindowAggregateStage implements StreamingStage
{
    private final AggregateStates states;
    private final int sliceColumn;
    private final long size;
    private final long slide;
    private final long sliceLength;
    private final EmitSpec emit;
    private final WindowColumns windowColumns;
    private final StreamingStage next;
    private final StreamingQuery.Counters counters;
    private final EmitShaper shaper;
    private final NavigableMap<Long, Slice> slices = new TreeMap<>();
    /** What each open window emitted last, by window start, when emits are changes. */
    private final NavigableMap<Long, EmitShaper.Scope> scopes = new TreeMap<>();
    /** For tumble windows with emits of changes: what each open window last sent per group, by window start. */
    private final NavigableMap<Long, EmitShaper.Sent> sent = new TreeMap<>();
    /** Every window ending at or before this has fired (or had no rows). */
    private long fired = Long.MIN_VALUE;
    private long lastInputMs = -1;
    private long nextPeriodicMs = -1;
    /** Rows arrived since the last periodic emit. */
    private boolean newRows;
    /** PERIODIC: the watermark reached, applied at the next tick (windows close only on ticks). */
    private long pendingWatermark = Long.MIN_VALUE;

    private static final class Slice
    {
        final AggregateStates.State state;
        boolean changed;

        Slice(final AggregateStates.State state)
        {
            this.state = state;
        }
    }

    /** {@code sliceColumn}: the input column holding each row's slice start. */
    WindowAggregateStage(final AggregateStates states, final int sliceColumn, final long size, final long slide,
        final EmitSpec emit, final EmitShaper shaper, final WindowColumns windowColumns, final StreamingStage next,
        final StreamingQuery.Counters counters)
    {
        this.shaper = shaper;
        this.states = states;
        this.sliceColumn = sliceColumn;
        this.size = size;
        this.slide = slide;
        this.sliceLength = gcd(size, slide);
        this.emit = emit;
        this.windowColumns = windowColumns;
        this.next = next;
        this.counters = counters;
    }

    static long gcd(final long a, final long b)
    {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** The start of the first window holding the slice at {@code sliceStart}. */
    private long firstWindowStart(final long sliceStart)
    {
        return Math.floorDiv(sliceStart - size, slide) * slide + slide;
    }

    /** The end of the last window holding the slice at {@code sliceStart}. */
    private long lastWindowEnd(final long sliceStart)
    {
        return Math.floorDiv(sliceStart, slide) * slide + size;
    }

    @Override
    public void onBatch(final Batch batch)
    {
        final Vector column = batch.column(sliceColumn);
        final int rows = batch.rows();
        final long[] slice = new long[rows];
        boolean single = true;
        for (int r = 0; r < rows; r++)
        {
            slice[r] = EventTime.at(column, r);
            single &= slice[r] == slice[0];
        }
        if (single)
        {
            add(slice[0], batch);
        }
        else
        {
            // rows by slice: the distinct slices sorted, each row's slice found by binary search, then a counting sort
            final long[] distinct = slice.clone();
            java.util.Arrays.sort(distinct);
            int count = 0;
            for (int i = 0; i < rows; i++)
            {
                if (i == 0 || distinct[i] != distinct[i - 1])
                {
                    distinct[count++] = distinct[i];
                }
            }
            final int[] group = new int[rows];
            final int[] starts = new int[count + 1];
            for (int r = 0; r < rows; r++)
            {
                group[r] = java.util.Arrays.binarySearch(distinct, 0, count, slice[r]);
                starts[group[r] + 1]++;
            }
            for (int g = 0; g < count; g++)
            {
                starts[g + 1] += starts[g];
            }
            final int[] order = new int[rows];
            final int[] fill = starts.clone();
            for (int r = 0; r < rows; r++)
            {
                order[fill[group[r]]++] = r;
            }
            for (int g = 0; g < count; g++)
            {
                final int from = starts[g];
                final int length = starts[g + 1] - from;
                add(distinct[g], StreamingStage.gathered(batch,
                    java.util.Arrays.copyOfRange(order, from, from + length),
                    length));
            }
        }
        if (emit.policy() == EmitSpec.Policy.ON_UPDATE && emit.batchMs() == 0)
        {
            emitOpen(false);
        }
    }

    private void add(final long slice, final Batch rows)
    {
        // as Proton: a row before the end of the last window that closed is late, even if a later window still
        // open holds it (the first rows are never late)
        if (fired != Long.MIN_VALUE && slice < Math.floorDiv(fired - size, slide) * slide + size)
        {
            counters.lateRows += rows.rows();
            return;
        }
        Slice state = slices.get(slice);
        if (state == null)
        {
            state = new Slice(states.create(tracksGroups()));
            slices.put(slice, state);
        }
        state.state.add(rows);
        state.changed = true;
        lastInputMs = -2;
        newRows = true;
    }

    @Override
    public void onBarrier(final long checkpoint)
    {
        next.onBarrier(checkpoint);
    }

    @Override
    public void onWatermark(final long watermark)
    {
        if (emit.policy() == EmitSpec.Policy.PERIODIC)
        {
            pendingWatermark = Math.max(pendingWatermark, watermark);
            return;
        }
        fire(watermark);
    }

    @Override
    public void onTick(final long nowMs)
    {
        if (lastInputMs == -2)
        {
            lastInputMs = nowMs;
        }
        if (emit.policy() == EmitSpec.Policy.ON_UPDATE && emit.batchMs() > 0)
        {
            if (nextPeriodicMs < 0 || nowMs >= nextPeriodicMs)
            {
                nextPeriodicMs = nowMs + emit.batchMs();
                if (newRows)
                {
                    emitOpen(false);
                    newRows = false;
                }
            }
        }
        if (emit.policy() == EmitSpec.Policy.PERIODIC)
        {
            if (nextPeriodicMs < 0)
            {
                nextPeriodicMs = nowMs + emit.periodicMs();
            }
            else if (nowMs >= nextPeriodicMs)
            {
                nextPeriodicMs = nowMs + emit.periodicMs();
                if (newRows || emit.repeat())
                {
                    // every window not yet closed, with its whole current result; then those the watermark passed
                    // leave without a second emit
                    emitOpen(true);
                    newRows = false;
                }
                if (pendingWatermark > fired)
                {
                    closeSilently(pendingWatermark);
                }
            }
        }
        if (emit.timeoutMs() > 0 && lastInputMs >= 0 && nowMs - lastInputMs >= emit.timeoutMs() && !slices.isEmpty())
        {
            fire(lastWindowEnd(slices.lastKey()));
        }
    }

    /** Fires, in order, every window that ends by {@code watermark} and has rows; frees slices no window needs. */
    private void fire(final long watermark)
    {
        if (watermark <= fired)
        {
            return;
        }
        if (!slices.isEmpty())
        {
            long start = firstWindowStart(slices.firstKey());
            if (fired != Long.MIN_VALUE)
            {
                start = Math.max(start, Math.floorDiv(fired - size, slide) * slide + slide);
            }
            while (start + size <= watermark && !slices.isEmpty())
            {
                final NavigableMap<Long, Slice> members = slices.subMap(start, true, start + size, false);
                if (members.isEmpty())
                {
                    final Long later = slices.ceilingKey(start + size);
                    if (later == null)
                    {
                        break;
                    }
                    start = Math.max(start + slide, firstWindowStart(later));
                    continue;
                }
                emitWindow(start, members);
                scopes.remove(start);
                sent.remove(start);
                start += slide;
                // slices before the next window's start belong to no window still to fire
                final NavigableMap<Long, Slice> done = slices.headMap(start, false);
                done.values().forEach(s -> s.state.close());
                done.clear();
            }
        }
        fired = watermark;
    }

    /** PERIODIC: drops the windows that end by {@code watermark}; the tick's emit already showed them. */
    private void closeSilently(final long watermark)
    {
        final long nextStart = Math.floorDiv(watermark - size, slide) * slide + slide;
        final NavigableMap<Long, Slice> done = slices.headMap(nextStart, false);
        done.values().forEach(s -> s.state.close());
        done.clear();
        scopes.headMap(nextStart, false).clear();
        sent.headMap(nextStart, false).clear();
        fired = watermark;
    }

    /** The current results of the open windows: those with a changed slice, or all with {@code all}. */
    private void emitOpen(final boolean all)
    {
        if (slices.isEmpty())
        {
            return;
        }
        long start = firstWindowStart(slices.firstKey());
        if (fired != Long.MIN_VALUE)
        {
            start = Math.max(start, Math.floorDiv(fired - size, slide) * slide + slide);
        }
        final long lastStart = Math.floorDiv(slices.lastKey(), slide) * slide;
        for (; start <= lastStart; start += slide)
        {
            final NavigableMap<Long, Slice> members = slices.subMap(start, true, start + size, false);
            boolean changed = all && !members.isEmpty();
            for (final Slice slice : members.values())
            {
                changed |= slice.changed;
            }
            if (changed)
            {
                emitWindow(start, members);
            }
        }
        slices.values().forEach(s -> s.changed = false);
    }

    /**
     * Whether emits of changes follow the groups rows reached: a tumble window is one slice, one long-lived state,
     * so its state can track them (a hop window's result is merged afresh at each emit and is diffed instead).
     */
    private boolean tracksGroups()
    {
        return shaper.changesOnly() && sliceLength == size;
    }

    private void emitWindow(final long start, final Map<Long, Slice> members)
    {
        if (tracksGroups())
        {
            final Slice slice = members.values().iterator().next();
            final Batch result = shaper.shapeChanges(sent.computeIfAbsent(start, s -> new EmitShaper.Sent()),
                slice.state.changes());
            if (result != null)
            {
                next.onBatch(windowColumns.apply(result, start, start + size));
            }
            return;
        }
        final AggregateStates.State merged;
        final boolean single = members.size() == 1 && sliceLength == size;
        if (single)
        {
            merged = members.values().iterator().next().state;
        }
        else
        {
            merged = states.create();
            for (final Slice slice : members.values())
            {
                merged.merge(slice.state);
            }
        }
        try
        {
            EmitShaper.Scope scope = scopes.get(start);
            if (scope == null)
            {
                scope = shaper.scope();
                if (scope != null)
                {
                    scopes.put(start, scope);
                }
            }
            final Batch result = shaper.shape(scope, merged.result());
            if (result != null)
            {
                next.onBatch(windowColumns.apply(result, start, start + size));
            }
        }
        finally
        {
            if (!single)
            {
                merged.close();
            }
        }
    }

    @Override
    public void close()
    {
        slices.values().forEach(s -> s.state.close());
        slices.clear();
        scopes.clear();
        sent.clear();
    }

    /** Open slices (for tests and system tables). */
    int openSlices()
    {
        return slices.size();
    }

    @Override
    public void snapshot(final io.muon.sql.exec.StateOutput out)
    {
        out.writeLong(fired).writeLong(pendingWatermark).writeBoolean(newRows);
        shaper.write(out);
        out.writeInt(slices.size());
        for (final Map.Entry<Long, Slice> slice : slices.entrySet())
        {
            out.writeLong(slice.getKey()).writeBoolean(slice.getValue().changed);
            slice.getValue().state.write(out);
        }
        out.writeInt(scopes.size());
        for (final Map.Entry<Long, EmitShaper.Scope> scope : scopes.entrySet())
        {
            out.writeLong(scope.getKey());
            scope.getValue().write(out);
        }
        out.writeInt(sent.size());
        for (final Map.Entry<Long, EmitShaper.Sent> window : sent.entrySet())
        {
            out.writeLong(window.getKey());
            window.getValue().write(out);
        }
    }

    @Override
    public void restore(final io.muon.sql.exec.StateInput in)
    {
        fired = in.readLong();
        pendingWatermark = in.readLong();
        newRows = in.readBoolean();
        shaper.read(in);
        final int sliceCount = in.readCount(9);
        for (int i = 0; i < sliceCount; i++)
        {
            final long start = in.readLong();
            final Slice slice = new Slice(states.create(tracksGroups()));
            // owned by the map from here, so a failure below still frees it at close
            slices.put(start, slice);
            slice.changed = in.readBoolean();
            slice.state.read(in);
        }
        final int scopeCount = in.readCount(8);
        for (int i = 0; i < scopeCount; i++)
        {
            final long start = in.readLong();
            final EmitShaper.Scope scope = shaper.scope();
            if (scope == null)
            {
                throw io.muon.sql.exec.StateInput.corrupted("emit scopes for emits of whole results");
            }
            scope.read(in);
            scopes.put(start, scope);
        }
        final int sentCount = in.readCount(8);
        for (int i = 0; i < sentCount; i++)
        {
            final long start = in.readLong();
            final EmitShaper.Sent window = new EmitShaper.Sent();
            window.read(in);
            sent.put(start, window);
        }
    }
}
