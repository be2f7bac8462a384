package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.TupleVector;
import io.muon.kernel.vector.Vector;
import io.muon.sql.function.TypeRules;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code x [NOT] IN (SELECT …)} and {@code (x, y) [NOT] IN (SELECT a, b …)}: the subquery's rows, converted to the
 * common type of each operand and column, become the keys of a {@link GroupTable} once; each row is then one probe.
 * Rows of the set with a NULL are never matched, and a NULL operand gives NULL (0 when the result is not Nullable).
 */
final class InSetEvaluator implements Evaluator
{
    private final Evaluator operand;
    private final boolean negate;
    private final DataType result;
    private final DataType[] keyTypes;
    private final GroupTable set;

    InSetEvaluator(final Evaluator operand, final DataType operandType, final Batch rows, final boolean negate,
        final DataType result)
    {
        this.operand = operand;
        this.negate = negate;
        this.result = result;
        final int width = rows.width();
        final List<DataType> operandTypes = new ArrayList<>();
        if (width == 1)
        {
            operandTypes.add(operandType);
        }
        else if (operandType.unwrapped().id() == io.muon.kernel.type.TypeId.TUPLE &&
            operandType.unwrapped().elements().size() == width)
        {
            operandTypes.addAll(operandType.unwrapped().elements());
        }
        else
        {
            throw new MuonException(ErrorCodes.NUMBER_OF_COLUMNS_DOESNT_MATCH, "Number of columns in section IN " +
                "doesn't match: the subquery returns " + width + " columns, the left side has " +
                (operandType.unwrapped().id() == io.muon.kernel.type.TypeId.TUPLE ?
                operandType.unwrapped().elements().size() : 1));
        }
        keyTypes = new DataType[width];
        final Vector[] keys = new Vector[width];
        for (int k = 0; k < width; k++)
        {
            keyTypes[k] = TypeRules.leastSupertype(List.of(operandTypes.get(k), rows.column(k).type()));
            keys[k] = Conversions.convert(rows.column(k), rows.rows(), keyTypes[k], Conversions.Mode.CAST);
        }
        set = new GroupTable(List.of(keyTypes));
        final int[] ids = new int[rows.rows()];
        set.groupIds(keys, rows.rows(), ids);
    }

    /** The set's table, which the compiler frees when the query ends. */
    GroupTable set()
    {
        return set;
    }

    @Override
    public Vector evaluate(final Batch input)
    {
        final int rows = input.rows();
        final Vector value = operand.evaluate(input);
        final Vector[] keys = new Vector[keyTypes.length];
        if (keyTypes.length == 1)
        {
            keys[0] = Conversions.convert(value, rows, keyTypes[0], Conversions.Mode.CAST);
        }
        else
        {
            final TupleVector tuple = (TupleVector)value;
            for (int k = 0; k < keys.length; k++)
            {
                keys[k] = Conversions.convert(tuple.field(k), rows, keyTypes[k], Conversions.Mode.CAST);
            }
        }
        final LongVector out = (LongVector)Vector.create(result, rows);
        final boolean nullable = result.isNullable();
        for (int r = 0; r < rows; r++)
        {
            boolean isNull = value.isNull(r);
            for (int k = 0; k < keys.length && !isNull; k++)
            {
                isNull = keys[k].isNull(r);
            }
            if (isNull)
            {
                if (nullable)
                {
                    out.appendNull();
                }
                else
                {
                    out.append(0);
                }
                continue;
            }
            out.append((set.find(keys, r) >= 0) != negate ? 1 : 0);
        }
        return out;
    }
}
