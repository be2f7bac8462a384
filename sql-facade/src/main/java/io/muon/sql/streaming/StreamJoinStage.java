package io.muon.sql.streaming;

import io.muon.kernel.vector.Batch;
import io.muon.sql.exec.StateInput;
import io.muon.sql.exec.StateOutput;
import io.muon.sql.exec.StreamingJoin;

import java.util.function.Consumer;

/**
 * A join of two streams in a pipeline: both sides' stages feed it through a port each ({@link #side}), it joins
 * what comes from either side with what the other sent before ({@link StreamingJoin}) and passes the joined rows on.
 * Its watermark is the smaller of its two sides' (a side that sends none holds it back). Owned by the pipeline's
 * thread, as its state is.
 */
final class StreamJoinStage implements StreamingStage
{
    private final StreamingJoin join;
    private final StreamingStage next;
    private final Consumer<Batch> joined;
    private final long[] watermarks = {Long.MIN_VALUE, Long.MIN_VALUE};
    private long watermark = Long.MIN_VALUE;
    private final StreamingStage[] ports = new StreamingStage[2];

    StreamJoinStage(final StreamingJoin join, final StreamingStage next)
    {
        this.join = join;
        this.next = next;
        this.joined = next::onBatch;
        ports[StreamingJoin.LEFT] = new Port(StreamingJoin.LEFT);
        ports[StreamingJoin.RIGHT] = new Port(StreamingJoin.RIGHT);
    }

    /** Where the stages of side {@link StreamingJoin#LEFT} or {@link StreamingJoin#RIGHT} send their rows. */
    StreamingStage side(final int side)
    {
        return ports[side];
    }

    private final class Port implements StreamingStage
    {
        private final int side;

        Port(final int side)
        {
            this.side = side;
        }

        @Override
        public void onBatch(final Batch batch)
        {
            join.add(side, batch, joined);
        }

        @Override
        public void onWatermark(final long sideWatermark)
        {
            watermarks[side] = Math.max(watermarks[side], sideWatermark);
            final long both = Math.min(watermarks[StreamingJoin.LEFT], watermarks[StreamingJoin.RIGHT]);
            if (both > watermark)
            {
                watermark = both;
                next.onWatermark(both);
            }
        }

        @Override
        public void onBarrier(final long checkpoint)
        {
            // each source's barrier passes on: what it read has been joined with everything kept before it
            next.onBarrier(checkpoint);
        }
    }

    @Override
    public void onBatch(final Batch batch)
    {
        throw new IllegalStateException("A join's rows come through its sides");
    }

    @Override
    public void onWatermark(final long watermark)
    {
        throw new IllegalStateException("A join's watermarks come through its sides");
    }

    @Override
    public void onBarrier(final long checkpoint)
    {
        throw new IllegalStateException("A join's barriers come through its sides");
    }

    @Override
    public void onTick(final long nowMs)
    {
        join.tick(nowMs, joined);
    }

    @Override
    public void close()
    {
        join.close();
    }

    @Override
    public void snapshot(final StateOutput out)
    {
        out.writeLong(watermarks[StreamingJoin.LEFT]).writeLong(watermarks[StreamingJoin.RIGHT]).writeLong(watermark);
        join.write(out);
    }

    @Override
    public void restore(final StateInput in)
    {
        watermarks[StreamingJoin.LEFT] = in.readLong();
        watermarks[StreamingJoin.RIGHT] = in.readLong();
        watermark = in.readLong();
        join.read(in);
    }
}
