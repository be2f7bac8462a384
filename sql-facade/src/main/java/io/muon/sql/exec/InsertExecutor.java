package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.catalog.ColumnEntry;
import io.muon.kernel.stream.StreamStore;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.Vector;
import io.muon.sql.plan.InsertPlan;
import io.muon.sql.plan.LogicalPlan;
import io.muon.sql.plan.TypedExpr;

import java.util.List;

/**
 * Carries out an {@link InsertPlan}: evaluates the VALUES rows (or runs the SELECT), converts every value to its
 * column's type (a value that does not fit fails the whole INSERT with its row and column named, before anything is
 * appended), computes the DEFAULT columns and {@code _tp_time}, and appends the rows to the stream's NativeLog as one
 * batch, returning once they are acknowledged.
 */
public final class InsertExecutor
{
    private final StreamStore store;
    private final QueryContext context;
    private boolean local;

    /**
     * Appends to this node's logs only, never through a cluster: what a materialized view's writer does, since every
     * node runs the view over the same replicated rows.
     */
    public InsertExecutor local()
    {
        this.local = true;
        return this;
    }

    public InsertExecutor(final StreamStore store, final QueryContext context)
    {
        this.store = store;
        this.context = context;
    }

    /** Returns the number of rows appended. */
    public long run(final InsertPlan plan)
    {
        final Batch inserted = plan.rows() != null ? values(plan) : plan.select() != null ? select(plan) : null;
        if (inserted == null)
        {
            throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "INSERT … FORMAT " + plan.format() + " takes its " +
                "rows from the client: send them in the body of an HTTP request or as native Data blocks");
        }
        if (inserted.rows() == 0)
        {
            return 0;
        }
        try (ExpressionCompiler compiler = new ExpressionCompiler(new QueryExecutor(store, context)::materialize,
            context.environment()))
        {
            return append(plan, inserted, compiler);
        }
    }

    /**
     * Appends rows parsed by a front end (each batch holds the plan's inserted columns with their exact types): every
     * batch is converted and completed with defaults before the first is appended, so a failure appends nothing.
     * Returns the number of rows appended.
     */
    public long appendAll(final InsertPlan plan, final List<Batch> inserted)
    {
        try (ExpressionCompiler compiler = new ExpressionCompiler(new QueryExecutor(store, context)::materialize,
            context.environment()))
        {
            final List<Batch> complete = new java.util.ArrayList<>(inserted.size());
            long rows = 0;
            for (final Batch batch : inserted)
            {
                if (batch.rows() > 0)
                {
                    complete.add(complete(plan, batch, compiler));
                    rows += batch.rows();
                }
            }
            if (io.muon.sql.external.ExternalStreams.isExternal(plan.target()))
            {
                write(plan, complete);
                return rows;
            }
            for (final Batch batch : complete)
            {
                appendBatch(plan, batch);
            }
            return rows;
        }
    }

    /**
     * The target's stored columns for {@code inserted} (converted, defaults such as {@code _tp_time} computed), not
     * appended yet: what a materialized view keeps in its checkpoint, so that appending it again after a crash
     * appends the very same rows.
     */
    public Batch complete(final InsertPlan plan, final Batch inserted)
    {
        try (ExpressionCompiler compiler = new ExpressionCompiler(new QueryExecutor(store, context)::materialize,
            context.environment()))
        {
            return complete(plan, inserted, compiler);
        }
    }

    /**
     * Appends rows of the target's stored columns (from {@link #complete}), every record tagged by producer
     * {@code producerId} and numbered from {@code producerSequence}.
     */
    public void appendCompleted(final InsertPlan plan, final Batch batch, final long producerId,
        final long producerSequence)
    {
        store.append(plan.target(), batch, timeColumn(plan), producerId, producerSequence);
    }

    private static int timeColumn(final InsertPlan plan)
    {
        final List<ColumnEntry> columns = plan.target().columns();
        int timeColumn = -1;
        for (int c = 0; c < columns.size(); c++)
        {
            if (columns.get(c).name().equals("_tp_time"))
            {
                timeColumn = c;
            }
        }
        return timeColumn >= 0 &&
            columns.get(timeColumn).type().unwrapped().id() == io.muon.kernel.type.TypeId.DATETIME64 &&
            columns.get(timeColumn).type().unwrapped().precision() == 3 ? timeColumn : -1;
    }

    private long append(final InsertPlan plan, final Batch inserted, final ExpressionCompiler compiler)
    {
        final Batch batch = complete(plan, inserted, compiler);
        appendBatch(plan, batch);
        return batch.rows();
    }

    private void appendBatch(final InsertPlan plan, final Batch batch)
    {
        if (io.muon.sql.external.ExternalStreams.isExternal(plan.target()))
        {
            write(plan, List.of(batch));
            return;
        }
        if (local)
        {
            store.appendLocal(plan.target(), batch, timeColumn(plan));
            return;
        }
        store.append(plan.target(), batch, timeColumn(plan));
    }

    /** Sends rows to an external stream, returning once its system has acknowledged every one. */
    private static void write(final InsertPlan plan, final List<Batch> batches)
    {
        try (io.muon.sql.external.ExternalWriter writer =
            io.muon.sql.external.ExternalStreams.of(plan.target()).writer(plan.target()))
        {
            for (final Batch batch : batches)
            {
                writer.write(batch);
            }
            writer.flush();
        }
    }

    /** The stored columns of the target, in its order, from the inserted ones: converted, defaults computed. */
    private Batch complete(final InsertPlan plan, final Batch inserted, final ExpressionCompiler compiler)
    {
        final List<ColumnEntry> columns = plan.target().columns();
        final Vector[] stored = new Vector[columns.size()];
        for (int c = 0; c < stored.length; c++)
        {
            final DataType type = columns.get(c).type();
            Vector v = compiler.compile(plan.columns().get(c)).evaluate(inserted);
            if (!v.type().equals(type))
            {
                v = convert(v, inserted.rows(), type, columns.get(c).name());
            }
            stored[c] = v;
        }
        return new Batch(stored, inserted.rows());
    }

    private Batch values(final InsertPlan plan)
    {
        final List<LogicalPlan.Column> inserted = plan.inserted();
        final Batch out = Batch.of(QueryExecutor.types(inserted), plan.rows().size());
        try (ExpressionCompiler compiler = new ExpressionCompiler(new QueryExecutor(store, context)::materialize,
            context.environment()))
        {
            return values(plan, inserted, out, compiler);
        }
    }

    private static Batch values(final InsertPlan plan, final List<LogicalPlan.Column> inserted, final Batch out,
        final ExpressionCompiler compiler)
    {
        final Batch one = new Batch(new Vector[0], 1);
        for (int r = 0; r < plan.rows().size(); r++)
        {
            final List<TypedExpr> row = plan.rows().get(r);
            for (int c = 0; c < row.size(); c++)
            {
                final Vector value = compiler.compile(row.get(c)).evaluate(one);
                final DataType type = inserted.get(c).type();
                try
                {
                    out.column(c).appendFrom(value.type().equals(type) ? value :
                        Conversions.convert(value, 1, type, Conversions.Mode.CHECKED), 0);
                }
                catch (final MuonException e)
                {
                    throw new MuonException(e.code(), e.getMessage() + ": row " + (r + 1) + ", column " +
                        inserted.get(c).name() + " of the INSERT; nothing was inserted");
                }
            }
            out.rows(r + 1);
        }
        return out;
    }

    private Batch select(final InsertPlan plan)
    {
        final Batch result = new QueryExecutor(store, context).materialize(plan.select());
        final List<LogicalPlan.Column> inserted = plan.inserted();
        final Vector[] columns = new Vector[inserted.size()];
        for (int c = 0; c < columns.length; c++)
        {
            columns[c] = convert(result.column(c), result.rows(), inserted.get(c).type(), inserted.get(c).name());
        }
        return new Batch(columns, result.rows());
    }

    private static Vector convert(final Vector v, final int rows, final DataType type, final String column)
    {
        try
        {
            return Conversions.convert(v, rows, type, Conversions.Mode.CHECKED);
        }
        catch (final Conversions.ValueException e)
        {
            throw new MuonException(e.code(), e.getMessage() + ": row " + (e.row() + 1) + ", column " + column +
                " of the INSERT; nothing was inserted");
        }
    }
}
