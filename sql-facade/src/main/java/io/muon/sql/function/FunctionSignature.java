package io.muon.sql.function;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeId;

import java.util.List;

/**
 * What the analyzer knows of one function: its canonical (Proton, snake_case) name, whether it aggregates, the
 * arguments it takes and how its result type follows from theirs.
 *
 * <p>Arguments are described by a compact pattern, one letter per argument separated by commas: {@code *} any,
 * {@code N} number (or Bool), {@code I} integer, {@code S} string, {@code T} date or time, {@code A} array, {@code M}
 * map, {@code U} tuple, {@code V} interval, {@code L} lambda; a leading {@code ?} makes an argument (and all after it)
 * optional and a trailing {@code ...} repeats the last one. NULL and Nullable arguments match any letter.
 */
public final class FunctionSignature
{
    public enum Kind
    {
        SCALAR, AGGREGATE
    }

    /** Computes a call's result type from its arguments. */
    @FunctionalInterface
    public interface ReturnType
    {
        DataType of(Arguments arguments);
    }

    private final String name;
    private final Kind kind;
    private final char[] categories;
    private final int minArguments;
    private final int maxArguments;
    private final ReturnType returnType;
    private boolean handlesNulls;
    private boolean streamingOnly;
    private int maxParameters;
    private boolean unitFirst;
    private DataType lambdaParameter;

    FunctionSignature(final String name, final Kind kind, final String pattern, final ReturnType returnType)
    {
        this.name = name;
        this.kind = kind;
        this.returnType = returnType;
        final String trimmed = pattern.replace(" ", "");
        final boolean variadic = trimmed.endsWith("...");
        final String body = variadic ? trimmed.substring(0, trimmed.length() - 3) : trimmed;
        final String[] parts = body.isEmpty() ? new String[0] : body.split(",");
        categories = new char[parts.length];
        int required = -1;
        for (int i = 0; i < parts.length; i++)
        {
            String part = parts[i];
            if (part.startsWith("?"))
            {
                if (required < 0)
                {
                    required = i;
                }
                part = part.substring(1);
            }
            categories[i] = part.charAt(0);
        }
        minArguments = required < 0 ? parts.length : required;
        maxArguments = variadic ? Integer.MAX_VALUE : parts.length;
    }

    /** The function takes NULL arguments itself: no automatic Nullable wrapping of its result. */
    FunctionSignature handlesNulls()
    {
        handlesNulls = true;
        return this;
    }

    /** The function only has a meaning in streaming queries ({@code lag}, {@code emit_version}…). */
    FunctionSignature streamingOnly()
    {
        streamingOnly = true;
        return this;
    }

    /** The aggregate takes up to {@code count} parameters: {@code quantile(0.9)(x)}. */
    FunctionSignature parameters(final int count)
    {
        maxParameters = count;
        return this;
    }

    /** The first argument is a time unit, which may be written as a bare word: {@code date_add(HOUR, 2, t)}. */
    FunctionSignature unitFirst()
    {
        unitFirst = true;
        return this;
    }

    /**
     * The function's lambda takes one parameter of this type (e.g. a row number) instead of the elements of the
     * array arguments that follow it.
     */
    FunctionSignature lambdaParameter(final DataType type)
    {
        lambdaParameter = type;
        return this;
    }

    public boolean isUnitFirst()
    {
        return unitFirst;
    }

    /** The type of the single lambda parameter, or null when lambda parameters are array elements. */
    public DataType lambdaParameter()
    {
        return lambdaParameter;
    }

    public String name()
    {
        return name;
    }

    public Kind kind()
    {
        return kind;
    }

    public boolean isAggregate()
    {
        return kind == Kind.AGGREGATE;
    }

    public boolean isHandlingNulls()
    {
        return handlesNulls;
    }

    public boolean isStreamingOnly()
    {
        return streamingOnly;
    }

    public int maxParameters()
    {
        return maxParameters;
    }

    private char category(final int index)
    {
        if (categories.length == 0)
        {
            return '*';
        }
        return categories[Math.min(index, categories.length - 1)];
    }

    /** Checks the number of arguments: Code 42 when it does not match. */
    public void checkCount(final int count)
    {
        if (count < minArguments || count > maxArguments)
        {
            final String expected = minArguments == maxArguments ? Integer.toString(minArguments) :
                maxArguments == Integer.MAX_VALUE ? minArguments + " or more" : minArguments + " to " + maxArguments;
            throw new MuonException(ErrorCodes.NUMBER_OF_ARGUMENTS_DOESNT_MATCH, "Number of arguments for function " +
                name + " doesn't match: passed " + count + ", should be " + expected);
        }
    }

    /** Checks argument types against the pattern (Code 43) and computes the result type. */
    public DataType returnType(final Arguments arguments)
    {
        for (int i = 0; i < arguments.size(); i++)
        {
            if (!matches(category(i), arguments.type(i)))
            {
                throw arguments.illegal(i, describe(category(i)));
            }
        }
        return returnType.of(arguments);
    }

    private static boolean matches(final char category, final DataType type)
    {
        final DataType t = type.unwrapped();
        final TypeId id = t.id();
        if (id == TypeId.NOTHING)
        {
            return true;
        }
        return switch (category)
        {
            case 'N' -> id.isNumber() || id == TypeId.BOOL;
            case 'I' -> id.isInteger() || id == TypeId.BOOL;
            case 'S' -> id == TypeId.STRING || id == TypeId.FIXED_STRING;
            case 'T' -> id.isDateOrTime();
            case 'A' -> id == TypeId.ARRAY;
            case 'M' -> id == TypeId.MAP;
            case 'U' -> id == TypeId.TUPLE;
            case 'V' -> id == TypeId.INTERVAL;
            case 'L' -> true;
            default -> id != TypeId.INTERVAL || category == '*';
        };
    }

    private static String describe(final char category)
    {
        return switch (category)
        {
            case 'N' -> "a number";
            case 'I' -> "an integer";
            case 'S' -> "a string";
            case 'T' -> "a date or date with time";
            case 'A' -> "an array";
            case 'M' -> "a map";
            case 'U' -> "a tuple";
            case 'V' -> "an interval";
            case 'L' -> "a lambda";
            default -> null;
        };
    }

    @Override
    public String toString()
    {
        return name;
    }

}
