package io.muon.sql.streaming;

import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;
import io.muon.sql.exec.Evaluator;
import io.muon.sql.exec.GroupNumbering;
import io.muon.sql.exec.StateInput;
import io.muon.sql.exec.StateOutput;

import java.util.Arrays;
import java.util.List;

/**
 * {@code changelog(s, keys…[, version][, drop_late_rows])} in a streaming query: remembers the latest row of every
 * key and turns each new row into a changelog: the key's previous row with {@code _tp_delta} -1 (when there was one),
 * then the new row with +1. With {@code drop_late_rows}, a row whose version is below its key's latest is dropped.
 * The latest rows live in append-only column vectors with a position per key, compacted when most of them are
 * stale. Owned by its pipeline's agent.
 */
final class ChangelogStage implements StreamingStage
{
    private final GroupNumbering keys;
    private final Evaluator version;
    private final boolean dropLateRows;
    private final List<DataType> types;
    private final StreamingStage next;
    /** The latest rows (and their versions, last), some of them stale. */
    private Vector[] store;
    private int[] latest = new int[0];
    private int live;
    private int[] ids = new int[Batch.DEFAULT_ROWS];

    /** {@code types}: the input's columns; {@code version} and its type null without a version column. */
    ChangelogStage(final GroupNumbering keys, final Evaluator version, final DataType versionType,
        final boolean dropLateRows, final List<DataType> types, final StreamingStage next)
    {
        this.keys = keys;
        this.version = version;
        this.dropLateRows = dropLateRows && version != null;
        this.types = types;
        this.next = next;
        this.store = emptyStore(types, versionType, 64);
    }

    private Vector[] emptyStore(final List<DataType> columns, final DataType versionType, final int capacity)
    {
        final Vector[] vectors = new Vector[columns.size() + 1];
        for (int c = 0; c < columns.size(); c++)
        {
            vectors[c] = Vector.create(columns.get(c), capacity);
        }
        vectors[columns.size()] = versionType == null ? null : Vector.create(versionType, capacity);
        return vectors;
    }

    @Override
    public void onBatch(final Batch batch)
    {
        final int rows = batch.rows();
        if (ids.length < rows)
        {
            ids = new int[rows];
        }
        keys.of(batch, ids);
        final Vector versions = version == null ? null : version.evaluate(batch);
        final int width = types.size();
        final Vector[] out = new Vector[width + 1];
        for (int c = 0; c < width; c++)
        {
            out[c] = Vector.create(types.get(c), rows * 2);
        }
        final LongVector delta = (LongVector)Vector.create(DataType.INT8, rows * 2);
        out[width] = delta;
        int count = 0;
        for (int r = 0; r < rows; r++)
        {
            final int key = ids[r];
            if (key >= latest.length)
            {
                final int old = latest.length;
                latest = Arrays.copyOf(latest, Math.max(key + 1, old * 2));
                Arrays.fill(latest, old, latest.length, -1);
            }
            final int previous = latest[key];
            final int versionRow = versions == null ? 0 : versions.isConstant() ? 0 : r;
            if (previous >= 0 && dropLateRows && versions.compareAt(versionRow, store[width], previous) < 0)
            {
                continue;
            }
            if (previous >= 0)
            {
                for (int c = 0; c < width; c++)
                {
                    out[c].appendFrom(store[c], previous);
                }
                delta.append(-1);
                count++;
            }
            else
            {
                live++;
            }
            for (int c = 0; c < width; c++)
            {
                out[c].appendFrom(batch.column(c), r);
                store[c].appendFrom(batch.column(c), r);
            }
            if (versions != null)
            {
                store[width].appendFrom(versions, versionRow);
            }
            delta.append(1);
            count++;
            latest[key] = store[0].size() - 1;
        }
        compactIfStale();
        if (count > 0)
        {
            next.onBatch(new Batch(out, count));
        }
    }

    /** Rewrites the store with only the latest rows once most of it is stale. */
    private void compactIfStale()
    {
        final int size = store[0].size();
        if (size < 4096 || size < live * 2)
        {
            return;
        }
        final int width = types.size();
        final Vector[] compacted = emptyStore(types, store[width] == null ? null : store[width].type(), live * 2);
        for (int key = 0; key < latest.length; key++)
        {
            if (latest[key] >= 0)
            {
                for (int c = 0; c <= width; c++)
                {
                    if (compacted[c] != null)
                    {
                        compacted[c].appendFrom(store[c], latest[key]);
                    }
                }
                latest[key] = compacted[0].size() - 1;
            }
        }
        store = compacted;
    }

    @Override
    public void onBarrier(final long checkpoint)
    {
        next.onBarrier(checkpoint);
    }

    @Override
    public void onWatermark(final long watermark)
    {
        next.onWatermark(watermark);
    }

    @Override
    public void close()
    {
        keys.close();
    }

    @Override
    public void snapshot(final StateOutput out)
    {
        final int width = types.size();
        keys.write(out);
        out.writeBatch(new Batch(Arrays.copyOf(store, width), store[0].size()), types);
        out.writeVector(store[width], store[0].size());
        out.writeInt(live);
        out.writeInts(latest, latest.length);
    }

    @Override
    public void restore(final StateInput in)
    {
        final int width = types.size();
        keys.read(in);
        final Batch rows = in.readBatch(types);
        final Vector versions = in.readVector();
        if ((versions != null) != (store[width] != null) || versions != null && versions.size() != rows.rows())
        {
            throw StateInput.corrupted("a changelog of " + rows.rows() + " latest rows without their versions");
        }
        store = Arrays.copyOf(rows.columns(), width + 1);
        store[width] = versions;
        live = in.readInt();
        latest = in.readIndexes(rows.rows());
    }
}
