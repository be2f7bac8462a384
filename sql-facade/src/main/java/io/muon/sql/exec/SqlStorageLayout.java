package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.part.StorageLayout;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;
import io.muon.sql.analyzer.StorageKeyAnalyzer;
import io.muon.sql.plan.TypedExpr;

import java.util.List;
import java.util.Map;

/**
 * A stream's ORDER BY, PARTITION BY and TTL compiled to evaluators over batches of its parts' columns: the
 * {@link StorageLayout} the compaction thread uses (and only it).
 */
public final class SqlStorageLayout implements StorageLayout
{
    private final List<DataType> sortTypes;
    private final Evaluator[] sortKey;
    private final List<DataType> partitionTypes;
    private final Evaluator[] partitionKey;
    private final List<Integer> partitionColumns;
    private final Evaluator ttl;
    private final List<Integer> ttlColumns;
    private final int sortKeyColumn;

    public SqlStorageLayout(final StorageKeyAnalyzer.Keys keys)
    {
        final ExpressionCompiler compiler = new ExpressionCompiler(plan ->
        {
            throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "Subqueries are not allowed in a stream's keys");
        }, new QueryContext(Map.of()).environment());
        this.sortTypes = keys.sortKey().stream().map(TypedExpr::type).toList();
        this.sortKey = keys.sortKey().stream().map(compiler::compile).toArray(Evaluator[]::new);
        this.partitionTypes = keys.partitionKey().stream().map(TypedExpr::type).toList();
        this.partitionKey = keys.partitionKey().stream().map(compiler::compile).toArray(Evaluator[]::new);
        this.partitionColumns = keys.partitionColumns();
        this.ttl = keys.ttl() == null ? null : compiler.compile(keys.ttl());
        this.ttlColumns = keys.ttlColumns();
        this.sortKeyColumn = !keys.sortKey().isEmpty() && keys.sortKey().get(0) instanceof TypedExpr.ColumnRef ref ?
            ref.index() : -1;
    }

    @Override
    public List<DataType> sortKeyTypes()
    {
        return sortTypes;
    }

    @Override
    public Vector[] sortKey(final Batch rows)
    {
        return evaluate(sortKey, rows);
    }

    @Override
    public List<DataType> partitionKeyTypes()
    {
        return partitionTypes;
    }

    @Override
    public Vector[] partitionKey(final Batch rows)
    {
        return evaluate(partitionKey, rows);
    }

    @Override
    public List<Integer> partitionColumns()
    {
        return partitionColumns;
    }

    @Override
    public int sortKeyColumn()
    {
        return sortKeyColumn;
    }

    @Override
    public List<Integer> ttlColumns()
    {
        return ttlColumns;
    }

    @Override
    public boolean hasTtl()
    {
        return ttl != null;
    }

    @Override
    public LongVector ttl(final Batch rows)
    {
        return (LongVector)full(ttl.evaluate(rows), rows.rows());
    }

    private static Vector[] evaluate(final Evaluator[] evaluators, final Batch rows)
    {
        final Vector[] out = new Vector[evaluators.length];
        for (int k = 0; k < out.length; k++)
        {
            out[k] = full(evaluators[k].evaluate(rows), rows.rows());
        }
        return out;
    }

    /** A constant's single row repeated to {@code rows}, so every row can be compared and written. */
    private static Vector full(final Vector vector, final int rows)
    {
        if (vector.size() >= rows)
        {
            return vector;
        }
        final Vector out = Vector.create(vector.type(), rows);
        for (int r = 0; r < rows; r++)
        {
            out.appendFrom(vector, 0);
        }
        return out;
    }
}
