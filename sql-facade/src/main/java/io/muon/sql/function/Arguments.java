package io.muon.sql.function;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.sql.plan.TypedExpr;

import java.math.BigInteger;
import java.util.List;

/**
 * The arguments of one call as a return-type rule sees them: their types (without Nullable and LowCardinality
 * unless the function handles NULLs itself) and, for constant arguments, their values.
 */
public final class Arguments
{
    private final String function;
    private final List<DataType> types;
    private final List<TypedExpr> expressions;
    private final List<Object> parameters;

    public Arguments(final String function, final List<DataType> types, final List<TypedExpr> expressions,
        final List<Object> parameters)
    {
        this.function = function;
        this.types = types;
        this.expressions = expressions;
        this.parameters = parameters;
    }

    public String function()
    {
        return function;
    }

    public int size()
    {
        return types.size();
    }

    public DataType type(final int index)
    {
        return types.get(index);
    }

    public List<DataType> types()
    {
        return types;
    }

    /** The parameters of a parametric aggregate ({@code quantile(0.9)(x)}), possibly empty. */
    public List<Object> parameters()
    {
        return parameters;
    }

    public boolean isLambda(final int index)
    {
        return expressions.get(index) instanceof TypedExpr.Lambda;
    }

    public boolean isConstant(final int index)
    {
        return expressions.get(index) instanceof TypedExpr.Constant;
    }

    /** The value of a constant argument; Code 43 if the argument is not a constant. */
    public Object constant(final int index)
    {
        if (expressions.get(index) instanceof TypedExpr.Constant constant)
        {
            return constant.value();
        }
        throw new MuonException(ErrorCodes.ILLEGAL_COLUMN, "Argument " + (index + 1) + " of function " + function +
            " must be constant");
    }

    public long constantInteger(final int index)
    {
        final Object value = constant(index);
        if (value instanceof Long l)
        {
            return l;
        }
        if (value instanceof BigInteger b)
        {
            return b.longValue();
        }
        throw illegal(index, "an integer constant");
    }

    public String constantString(final int index)
    {
        final Object value = constant(index);
        if (value instanceof String s)
        {
            return s;
        }
        throw illegal(index, "a string constant");
    }

    public MuonException illegal(final int index, final String expected)
    {
        return new MuonException(ErrorCodes.ILLEGAL_TYPE_OF_ARGUMENT, "Illegal type " +
            types.get(index).clickHouseName() + " of argument " + (index + 1) + " of function " + function +
            (expected == null ? "" : ", expected " + expected));
    }
}
