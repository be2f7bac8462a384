package io.muon.sql.streaming;

import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;
import io.muon.sql.exec.AggregateStates;
import io.muon.sql.exec.Evaluator;
import io.muon.sql.exec.StateInput;
import io.muon.sql.exec.StateOutput;
import io.muon.sql.plan.EmitSpec;

import java.util.Arrays;

/**
 * Aggregation over session windows. Each group of the GROUP BY keys (without the window columns) has at most one
 * open session, as in Flink and Proton's session pages; rows are taken in arrival order:
 * <ul>
 * <li>A row older than the latest row of its group is late: dropped and counted.</li>
 * <li>A row closes its group's open session when it comes at or after the session's end: the inactivity timeout
 * after its last row or its maximum length after its first, whichever is earlier ({@code window_end}); it then
 * opens a new session if the start condition holds (always, without conditions).</li>
 * <li>A row for which the end condition holds is the session's last ({@code window_end} = its time + one tick).</li>
 * <li>A row with no open session and a false start condition belongs to no session and is dropped.</li>
 * <li>The event time reached by any group (the watermark) closes every session whose timeout or maximum length it
 * passed, so an idle group's session closes without rows of its own. Fed by several sources (UNION ALL), the
 * watermark is the slowest source's.</li>
 * </ul>
 * Emits: AFTER WINDOW CLOSE sends each session once, when it closes; {@code AND TIMEOUT t} closes every open session
 * after t of processing time without rows (end = last row + one tick). PERIODIC and ON UPDATE send open sessions
 * with end = last row + one tick (PERIODIC: all of them, ON UPDATE: the groups that changed). {@code window_start} is
 * the session's first row. Owned by its pipeline's agent.
 */
final class SessionAggregateStage implements StreamingStage
{
    private final AggregateStates states;
    private final io.muon.sql.exec.GroupNumbering groupIds;
    private final int timeColumn;
    private final long timeout;
    private final long maxLength;
    private final Evaluator startCondition;
    private final Evaluator endCondition;
    private final EmitSpec emit;
    private final EmitShaper shaper;
    private final WindowColumns windowColumns;
    private final StreamingStage next;
    private final StreamingQuery.Counters counters;

    // per group, indexed by its number
    private long[] latest = new long[0];
    private long[] start = new long[0];
    private long[] last = new long[0];
    private boolean[] open = new boolean[0];
    /** Whether the group has its (one) entry in the heap of session ends. */
    private boolean[] inHeap = new boolean[0];
    private boolean[] changed = new boolean[0];
    private AggregateStates.State[] sessions = new AggregateStates.State[0];
    private EmitShaper.Scope[] scopes = new EmitShaper.Scope[0];
    private int[][] pending = new int[0][];
    private int[] pendingCount = new int[0];

    /** Groups with rows pending in the current batch. */
    private int[] touched = new int[16];
    private int touchedCount;
    private int[] ids = new int[Batch.DEFAULT_ROWS];
    private final SessionEnds ends = new SessionEnds();
    private long watermark = Long.MIN_VALUE;
    /** The largest row time per source feeding this stage, from the query's source {@code firstSource} on. */
    private long[] maxBySource = {Long.MIN_VALUE};
    private int firstSource;
    private int openCount;
    /** Groups whose session took rows since the last emit. */
    private int[] changedGroups = new int[16];
    private int changedCount;
    private long lastInputMs = -1;
    private long nextEmitMs = -1;
    /** Rows arrived since the last tick. */
    private boolean input;
    /** Rows arrived since the last emit. */
    private boolean newRows;

    /**
     * {@code timeout}, {@code maxLength}: in ticks of the time column. Conditions may be null (every row may start a
     * session; none ends one early).
     */
    SessionAggregateStage(final AggregateStates states, final int timeColumn, final long timeout,
        final long maxLength, final Evaluator startCondition, final Evaluator endCondition, final EmitSpec emit,
        final EmitShaper shaper, final WindowColumns windowColumns, final StreamingStage next,
        final StreamingQuery.Counters counters)
    {
        this.states = states;
        this.groupIds = states.groupNumbering();
        this.timeColumn = timeColumn;
        this.timeout = timeout;
        this.maxLength = maxLength;
        this.startCondition = startCondition;
        this.endCondition = endCondition;
        this.emit = emit;
        this.shaper = shaper;
        this.windowColumns = windowColumns;
        this.next = next;
        this.counters = counters;
    }

    @Override
    public void onBatch(final Batch batch)
    {
        final int rows = batch.rows();
        if (ids.length < rows)
        {
            ids = new int[rows];
        }
        groupIds.of(batch, ids);
        final Vector time = batch.column(timeColumn);
        final Vector starts = startCondition == null ? null : startCondition.evaluate(batch);
        final Vector endings = endCondition == null ? null : endCondition.evaluate(batch);
        for (int r = 0; r < rows; r++)
        {
            final long t = EventTime.at(time, r);
            if (t == Long.MIN_VALUE)
            {
                continue;
            }
            final int group = ids[r];
            ensureGroup(group);
            advance(t);
            // the event time (this row's or an earlier row's of any group) may have passed the session's end
            if (open[group] && (t >= end(group) || watermark >= end(group)))
            {
                close(batch, group, end(group));
            }
            if (t < latest[group])
            {
                counters.lateRows++;
                continue;
            }
            latest[group] = t;
            if (!open[group])
            {
                if (starts != null && !holds(starts, r))
                {
                    continue;
                }
                open[group] = true;
                openCount++;
                start[group] = t;
            }
            pend(group, r);
            last[group] = t;
            if (endings != null && holds(endings, r))
            {
                close(batch, group, t + 1);
            }
        }
        flushAll(batch);
        closeUpTo(watermark);
        if (emit.policy() == EmitSpec.Policy.ON_UPDATE && emit.batchMs() == 0)
        {
            emitOpen(false);
        }
    }

    /** The query's sources {@code [first, end)} feed this stage; its watermark follows the slowest. */
    void sources(final int first, final int end)
    {
        firstSource = first;
        maxBySource = new long[Math.max(1, end - first)];
        Arrays.fill(maxBySource, Long.MIN_VALUE);
    }

    /** A row of time {@code t} from the source being polled (rows made by timers count for every source). */
    private void advance(final long t)
    {
        final int slot = counters.polling - firstSource;
        if (slot >= 0 && slot < maxBySource.length)
        {
            maxBySource[slot] = Math.max(maxBySource[slot], t);
        }
        else
        {
            for (int i = 0; i < maxBySource.length; i++)
            {
                maxBySource[i] = Math.max(maxBySource[i], t);
            }
        }
        long slowest = Long.MAX_VALUE;
        for (final long max : maxBySource)
        {
            slowest = Math.min(slowest, max);
        }
        watermark = Math.max(watermark, slowest);
    }

    /** Where the group's open session ends unless more rows come: its timeout or its maximum length. */
    private long end(final int group)
    {
        return Math.min(last[group] + timeout, start[group] + maxLength);
    }

    private static boolean holds(final Vector condition, final int row)
    {
        final int at = condition.isConstant() ? 0 : row;
        return !condition.isNull(at) && ((LongVector)condition).get(at) != 0;
    }

    private void ensureGroup(final int group)
    {
        if (group < open.length)
        {
            return;
        }
        final int size = Math.max(group + 1, open.length * 2);
        latest = Arrays.copyOf(latest, size);
        Arrays.fill(latest, open.length, size, Long.MIN_VALUE);
        start = Arrays.copyOf(start, size);
        last = Arrays.copyOf(last, size);
        changed = Arrays.copyOf(changed, size);
        sessions = Arrays.copyOf(sessions, size);
        scopes = Arrays.copyOf(scopes, size);
        pending = Arrays.copyOf(pending, size);
        pendingCount = Arrays.copyOf(pendingCount, size);
        open = Arrays.copyOf(open, size);
        inHeap = Arrays.copyOf(inHeap, size);
    }

    private void pend(final int group, final int row)
    {
        if (pendingCount[group] == 0)
        {
            if (touchedCount == touched.length)
            {
                touched = Arrays.copyOf(touched, touchedCount * 2);
            }
            touched[touchedCount++] = group;
        }
        int[] rows = pending[group];
        if (rows == null)
        {
            rows = new int[8];
            pending[group] = rows;
        }
        else if (pendingCount[group] == rows.length)
        {
            rows = Arrays.copyOf(rows, rows.length * 2);
            pending[group] = rows;
        }
        rows[pendingCount[group]++] = row;
    }

    /** Adds the group's rows pending in {@code batch} to its open session. */
    private void flush(final Batch batch, final int group)
    {
        final int count = pendingCount[group];
        if (count == 0)
        {
            return;
        }
        if (sessions[group] == null)
        {
            sessions[group] = states.create(false, 1);
            scopes[group] = shaper.scope();
        }
        sessions[group].add(count == batch.rows() ? batch :
            StreamingStage.gathered(batch, pending[group], count));
        pendingCount[group] = 0;
        input = true;
        newRows = true;
        if (!changed[group])
        {
            changed[group] = true;
            if (changedCount == changedGroups.length)
            {
                changedGroups = Arrays.copyOf(changedGroups, changedCount * 2);
            }
            changedGroups[changedCount++] = group;
        }
    }

    /** Adds every group's pending rows to its session and notes when each open session would end. */
    private void flushAll(final Batch batch)
    {
        for (int i = 0; i < touchedCount; i++)
        {
            final int group = touched[i];
            if (pendingCount[group] > 0)
            {
                flush(batch, group);
                if (!inHeap[group])
                {
                    inHeap[group] = true;
                    ends.push(end(group), group);
                }
            }
        }
        touchedCount = 0;
    }

    /** Closes the group's open session with {@code end} as its window_end, emitting it when it had rows. */
    private void close(final Batch batch, final int group, final long end)
    {
        if (batch != null)
        {
            flush(batch, group);
        }
        final AggregateStates.State session = sessions[group];
        if (session != null)
        {
            try
            {
                send(group, end);
            }
            finally
            {
                session.close();
                sessions[group] = null;
                scopes[group] = null;
            }
        }
        open[group] = false;
        openCount--;
        // rows before the end just sent are late, however the input was cut into batches
        latest[group] = Math.max(latest[group], end);
    }

    /**
     * Sends the session's current result with its bounds. The bounds travel as values beside the aggregates through
     * the shaper, so a session whose end moved counts as changed and a retracted row carries the bounds it was
     * sent with.
     */
    private void send(final int group, final long end)
    {
        final Batch result = sessions[group].result();
        if (result == null || result.rows() == 0)
        {
            return;
        }
        final Batch shaped = shaper.shape(scopes[group], windowColumns.withBounds(result, start[group], end));
        if (shaped != null)
        {
            next.onBatch(windowColumns.placeBounds(shaped));
        }
    }

    /** Closes, in order of their ends, the sessions whose timeout or maximum length {@code time} reached. */
    private void closeUpTo(final long time)
    {
        while (!ends.isEmpty() && ends.peekEnd() <= time)
        {
            final int group = ends.popGroup();
            inHeap[group] = false;
            if (!open[group])
            {
                continue;
            }
            // one entry per open session: its end may have moved later since it was pushed
            final long end = end(group);
            if (end <= time)
            {
                close(null, group, end);
            }
            else
            {
                inHeap[group] = true;
                ends.push(end, group);
            }
        }
    }

    /** The open sessions' current results, with end = last row + one tick: the changed ones, or all. */
    private void emitOpen(final boolean all)
    {
        if (all)
        {
            for (int group = 0; group < open.length; group++)
            {
                if (open[group] && sessions[group] != null)
                {
                    send(group, last[group] + 1);
                }
            }
        }
        else
        {
            for (int i = 0; i < changedCount; i++)
            {
                final int group = changedGroups[i];
                if (changed[group] && open[group] && sessions[group] != null)
                {
                    send(group, last[group] + 1);
                }
            }
        }
        for (int i = 0; i < changedCount; i++)
        {
            changed[changedGroups[i]] = false;
        }
        changedCount = 0;
    }

    @Override
    public void onBarrier(final long checkpoint)
    {
        next.onBarrier(checkpoint);
    }

    @Override
    public void onWatermark(final long upstream)
    {
        // the assigning stage's watermark: the largest time seen, or the clock's for sessions over processing time
        if (upstream > watermark)
        {
            watermark = upstream;
            closeUpTo(watermark);
        }
    }

    @Override
    public void onTick(final long nowMs)
    {
        if (input)
        {
            input = false;
            lastInputMs = nowMs;
        }
        final long interval = emit.policy() == EmitSpec.Policy.PERIODIC ? emit.periodicMs() :
            emit.policy() == EmitSpec.Policy.ON_UPDATE ? emit.batchMs() : 0;
        if (interval > 0)
        {
            if (nextEmitMs < 0)
            {
                nextEmitMs = nowMs + interval;
            }
            else if (nowMs >= nextEmitMs)
            {
                nextEmitMs = nowMs + interval;
                if (newRows || emit.repeat())
                {
                    emitOpen(emit.policy() == EmitSpec.Policy.PERIODIC);
                }
                newRows = false;
            }
        }
        if (emit.timeoutMs() > 0 && lastInputMs >= 0 && nowMs - lastInputMs >= emit.timeoutMs() && openCount > 0)
        {
            for (int group = 0; group < open.length; group++)
            {
                if (open[group])
                {
                    close(null, group, last[group] + 1);
                }
                inHeap[group] = false;
            }
            ends.clear();
        }
    }

    @Override
    public void close()
    {
        for (int group = 0; group < sessions.length; group++)
        {
            if (sessions[group] != null)
            {
                sessions[group].close();
                sessions[group] = null;
            }
        }
        groupIds.close();
    }

    /** A binary min-heap of (session end, group); entries go stale as sessions extend and are skipped when popped. */
    private static final class SessionEnds
    {
        private long[] endsHeap = new long[16];
        private int[] groupsHeap = new int[16];
        private int size;

        boolean isEmpty()
        {
            return size == 0;
        }

        long peekEnd()
        {
            return endsHeap[0];
        }

        void clear()
        {
            size = 0;
        }

        void write(final StateOutput out)
        {
            out.writeLongs(endsHeap, size).writeInts(groupsHeap, size);
        }

        /** Restores into this empty heap what {@link #write} wrote, its groups among {@code groups}. */
        void read(final StateInput in, final int groups)
        {
            final long[] endsRead = in.readLongs();
            final int[] groupsRead = in.readIndexes(groups);
            if (endsRead.length != groupsRead.length)
            {
                throw StateInput.corrupted(endsRead.length + " session ends for " + groupsRead.length + " groups");
            }
            size = endsRead.length;
            endsHeap = Arrays.copyOf(endsRead, Math.max(16, size));
            groupsHeap = Arrays.copyOf(groupsRead, Math.max(16, size));
        }

        void push(final long end, final int group)
        {
            if (size == endsHeap.length)
            {
                endsHeap = Arrays.copyOf(endsHeap, size * 2);
                groupsHeap = Arrays.copyOf(groupsHeap, size * 2);
            }
            int at = size++;
            while (at > 0)
            {
                final int parent = (at - 1) >>> 1;
                if (endsHeap[parent] <= end)
                {
                    break;
                }
                endsHeap[at] = endsHeap[parent];
                groupsHeap[at] = groupsHeap[parent];
                at = parent;
            }
            endsHeap[at] = end;
            groupsHeap[at] = group;
        }

        int popGroup()
        {
            final int group = groupsHeap[0];
            final long end = endsHeap[--size];
            final int moved = groupsHeap[size];
            int at = 0;
            while (true)
            {
                int child = 2 * at + 1;
                if (child >= size)
                {
                    break;
                }
                if (child + 1 < size && endsHeap[child + 1] < endsHeap[child])
                {
                    child++;
                }
                if (endsHeap[child] >= end)
                {
                    break;
                }
                endsHeap[at] = endsHeap[child];
                groupsHeap[at] = groupsHeap[child];
                at = child;
            }
            endsHeap[at] = end;
            groupsHeap[at] = moved;
            return group;
        }
    }

    @Override
    public void snapshot(final StateOutput out)
    {
        groupIds.write(out);
        shaper.write(out);
        final int groups = open.length;
        out.writeLongs(latest, groups).writeLongs(start, groups).writeLongs(last, groups);
        for (int group = 0; group < groups; group++)
        {
            out.writeBoolean(open[group]).writeBoolean(inHeap[group]).writeBoolean(changed[group]);
            out.writeBoolean(sessions[group] != null);
            if (sessions[group] != null)
            {
                sessions[group].write(out);
            }
            out.writeBoolean(scopes[group] != null);
            if (scopes[group] != null)
            {
                scopes[group].write(out);
            }
        }
        ends.write(out);
        out.writeLong(watermark).writeLongs(maxBySource, maxBySource.length).writeInt(openCount);
        out.writeInts(changedGroups, changedCount);
        // processing time starts again at the restart: only whether rows had come and not been emitted
        out.writeBoolean(lastInputMs >= 0 || input).writeBoolean(newRows);
    }

    @Override
    public void restore(final StateInput in)
    {
        groupIds.read(in);
        shaper.read(in);
        final long[] latestTimes = in.readLongs();
        final int groups = latestTimes.length;
        ensureGroup(groups - 1);
        System.arraycopy(latestTimes, 0, latest, 0, groups);
        final long[] starts = in.readLongs();
        final long[] lasts = in.readLongs();
        if (starts.length != groups || lasts.length != groups || groups < groupIds.size())
        {
            throw StateInput.corrupted("sessions of " + groups + " groups with " + starts.length + " starts, " +
                lasts.length + " ends and " + groupIds.size() + " keys");
        }
        System.arraycopy(starts, 0, start, 0, groups);
        System.arraycopy(lasts, 0, last, 0, groups);
        for (int group = 0; group < groups; group++)
        {
            open[group] = in.readBoolean();
            inHeap[group] = in.readBoolean();
            changed[group] = in.readBoolean();
            if (in.readBoolean())
            {
                // owned by the array from here, so a failure below still frees it at close
                sessions[group] = states.create(false, 1);
                sessions[group].read(in);
            }
            if (in.readBoolean())
            {
                scopes[group] = shaper.scope();
                if (scopes[group] == null)
                {
                    throw StateInput.corrupted("a session's emit scope for emits of whole results");
                }
                scopes[group].read(in);
            }
        }
        ends.read(in, groups);
        watermark = in.readLong();
        final long[] sourceTimes = in.readLongs();
        if (sourceTimes.length != maxBySource.length)
        {
            throw StateInput.corrupted("event times of " + sourceTimes.length + " sources for " +
                maxBySource.length);
        }
        maxBySource = sourceTimes;
        openCount = in.readInt();
        final int[] changedNow = in.readIndexes(groups);
        changedGroups = Arrays.copyOf(changedNow, Math.max(16, changedNow.length));
        changedCount = changedNow.length;
        input = in.readBoolean();
        newRows = in.readBoolean();
    }
}
