package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.ArrayVector;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.Vector;
import io.muon.sql.plan.TypedExpr;

/**
 * The streaming functions that look back across batches: {@code lag(x[, offset[, default]])}, the value of x
 * {@code offset} rows earlier (1 by default), and {@code lags(x, from, to[, default])}, the array of
 * {@code [lag(x, from), …, lag(x, to)]}. Before enough rows have passed the default is used (the type's default
 * value when none is given: 0, '', or NULL for Nullable). The evaluator keeps the last values it saw, so it must
 * live as long as its query and see every batch in order (a streaming pipeline's stateless stage does that).
 */
final class LagEvaluator implements Evaluator, LookBack
{
    /** The largest offset allowed, as in Proton. */
    static final int MAX_OFFSET = 1 << 30;

    private final Evaluator argument;
    private final DataType valueType;
    private final DataType resultType;
    private final int from;
    private final int to;
    private final boolean array;
    private final Vector fallback;
    /** The last values seen, oldest first: at least {@code max(from, to)} of them once that many were seen. */
    private Vector history;

    private LagEvaluator(final Evaluator argument, final DataType valueType, final DataType resultType, final int from,
        final int to, final boolean array, final Vector fallback)
    {
        this.argument = argument;
        this.valueType = valueType;
        this.resultType = resultType;
        this.from = from;
        this.to = to;
        this.array = array;
        this.fallback = fallback;
        this.history = Vector.create(valueType, 0);
    }

    static Evaluator of(final ExpressionCompiler compiler, final TypedExpr.Call call)
    {
        final boolean array = call.function().equals("lags");
        final java.util.List<TypedExpr> args = call.arguments();
        final DataType valueType = args.get(0).type();
        final int from;
        final int to;
        int defaultAt;
        if (array)
        {
            from = offset(args.get(1), call.function());
            to = offset(args.get(2), call.function());
            defaultAt = 3;
        }
        else
        {
            from = args.size() > 1 ? offset(args.get(1), call.function()) : 1;
            to = from;
            defaultAt = 2;
        }
        Vector fallback = Vector.create(valueType, 1);
        if (args.size() > defaultAt)
        {
            if (!(args.get(defaultAt) instanceof TypedExpr.Constant constant))
            {
                throw new MuonException(ErrorCodes.ILLEGAL_COLUMN, "The default of " + call.function() +
                    " must be a constant");
            }
            fallback = new ExpressionCompiler.ConstantEvaluator(constant.value(), valueType).value();
        }
        else
        {
            fallback.appendNull();
        }
        return new LagEvaluator(compiler.compile(args.get(0)), valueType, call.type(), from, to, array, fallback);
    }

    private static int offset(final TypedExpr expr, final String function)
    {
        if (!(expr instanceof TypedExpr.Constant constant) || !(constant.value() instanceof Number number) ||
            number.longValue() < 1 || number.longValue() > MAX_OFFSET)
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "The offsets of " + function + " must be constant " +
                "integers from 1 to " + MAX_OFFSET);
        }
        return number.intValue();
    }

    @Override
    public void write(final StateOutput out)
    {
        out.writeVector(history, history.size());
    }

    @Override
    public void read(final StateInput in)
    {
        final Vector stored = in.readVector();
        if (stored == null || !stored.type().equals(valueType))
        {
            throw StateInput.corrupted("lag values of " + (stored == null ? "no type" : stored.type()) + " for " +
                valueType);
        }
        history = stored;
    }

    @Override
    public Vector evaluate(final Batch input)
    {
        final Vector values = argument.evaluate(input);
        final int rows = input.rows();
        final int seen = history.size();
        final Vector out = Vector.create(resultType, rows);
        final int step = from <= to ? 1 : -1;
        for (int r = 0; r < rows; r++)
        {
            if (array)
            {
                final ArrayVector lags = (ArrayVector)out;
                for (int offset = from; ; offset += step)
                {
                    appendAt(lags.elements(), values, seen + r - offset);
                    if (offset == to)
                    {
                        break;
                    }
                }
                lags.endRow();
            }
            else
            {
                appendAt(out, values, seen + r - from);
            }
        }
        keepLast(values, rows);
        return out;
    }

    /** Appends the value at {@code position} of the history followed by this batch's values, or the default. */
    private void appendAt(final Vector out, final Vector values, final int position)
    {
        if (position < 0)
        {
            out.appendFrom(fallback, 0);
        }
        else if (position < history.size())
        {
            out.appendFrom(history, position);
        }
        else
        {
            out.appendFrom(values, values.isConstant() ? 0 : position - history.size());
        }
    }

    /**
     * Appends this batch's values to the history; when it holds more than twice what can be looked back at, keeps
     * only that much (so each value is copied a bounded number of times, whatever the offset).
     */
    private void keepLast(final Vector values, final int rows)
    {
        final int keep = Math.max(from, to);
        history.ensureCapacity(history.size() + rows);
        for (int r = 0; r < rows; r++)
        {
            history.appendFrom(values, values.isConstant() ? 0 : r);
        }
        final int size = history.size();
        if (size > Math.max(2L * keep, 4096))
        {
            final Vector next = Vector.create(valueType, keep);
            for (int position = size - keep; position < size; position++)
            {
                next.appendFrom(history, position);
            }
            history = next;
        }
    }
}
