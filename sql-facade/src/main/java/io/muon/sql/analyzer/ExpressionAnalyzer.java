package io.muon.sql.analyzer;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.type.IntervalUnit;
import io.muon.kernel.type.TypeId;
import io.muon.kernel.type.TypeParser;
import io.muon.sql.ast.Expr;
import io.muon.sql.function.Arguments;
import io.muon.sql.function.FunctionRegistry;
import io.muon.sql.function.FunctionSignature;
import io.muon.sql.function.TypeRules;
import io.muon.sql.plan.LogicalPlan;
import io.muon.sql.plan.QueryPlan;
import io.muon.sql.plan.TypedExpr;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * Resolves and types the expressions of one clause against a {@link Scope}: identifiers become column references
 * (or the expressions of their aliases), operators become calls of their ClickHouse functions, literals get
 * ClickHouse's literal types, and every call is checked against the {@link FunctionRegistry}. Aggregate calls are
 * allowed only where the caller says so. Owned by one analysis.
 */
final class ExpressionAnalyzer
{
    private static final FunctionRegistry FUNCTIONS = FunctionRegistry.instance();

    private final QueryAnalyzer queries;
    private final Scope scope;
    private final String scopeText;
    private final boolean streaming;
    private final Deque<List<String>> lambdaNames = new ArrayDeque<>();
    private final Deque<List<DataType>> lambdaTypes = new ArrayDeque<>();
    private String clause = "SELECT";
    private boolean aggregatesAllowed;
    private boolean insideAggregate;

    ExpressionAnalyzer(final QueryAnalyzer queries, final Scope scope, final String scopeText, final boolean streaming)
    {
        this.queries = queries;
        this.scope = scope;
        this.scopeText = scopeText;
        this.streaming = streaming;
    }

    /** Types {@code expr} as part of {@code clause}; aggregate calls are allowed only when {@code aggregates}. */
    TypedExpr analyze(final Expr expr, final String clauseName, final boolean aggregates)
    {
        clause = clauseName;
        aggregatesAllowed = aggregates;
        return analyze(expr);
    }

    private TypedExpr analyze(final Expr expr)
    {
        if (expr instanceof Expr.Literal literal)
        {
            return literal(literal);
        }
        if (expr instanceof Expr.Identifier identifier)
        {
            return identifier(identifier);
        }
        if (expr instanceof Expr.Aliased aliased)
        {
            return analyze(aliased.expr());
        }
        if (expr instanceof Expr.Function function)
        {
            return function(function);
        }
        if (expr instanceof Expr.Binary binary)
        {
            return call(ColumnNamer.binaryFunction(binary.operator()), List.of(binary.left(), binary.right()));
        }
        if (expr instanceof Expr.Unary unary)
        {
            if (unary.operator().equals("-") && unary.operand() instanceof Expr.Interval interval &&
                analyze(interval) instanceof TypedExpr.Constant constant &&
                constant.value() instanceof TypedExpr.IntervalValue value)
            {
                return new TypedExpr.Constant(new TypedExpr.IntervalValue(-value.amount(), value.unit()), constant.type());
            }
            return call(unary.operator().equals("NOT") ? "not" : "negate", List.of(unary.operand()));
        }
        if (expr instanceof Expr.Cast cast)
        {
            final TypedExpr operand = analyze(cast.operand());
            final DataType type = TypeParser.parse(cast.type());
            return new TypedExpr.Call("cast", List.of(operand,
                new TypedExpr.Constant(type.clickHouseName(), DataType.STRING)), type);
        }
        if (expr instanceof Expr.Interval interval)
        {
            return interval(interval);
        }
        if (expr instanceof Expr.ArrayLiteral array)
        {
            return collection("array", array.elements());
        }
        if (expr instanceof Expr.TupleLiteral tuple)
        {
            return collection("tuple", tuple.elements());
        }
        if (expr instanceof Expr.Case caseExpr)
        {
            final List<Expr> arguments = new ArrayList<>();
            for (int i = 0; i < caseExpr.whens().size(); i++)
            {
                arguments.add(caseExpr.operand() == null ? caseExpr.whens().get(i) :
                    new Expr.Binary("=", caseExpr.operand(), caseExpr.whens().get(i)));
                arguments.add(caseExpr.thens().get(i));
            }
            arguments.add(caseExpr.otherwise() == null ? new Expr.Literal(Expr.LiteralKind.NULL, "NULL") :
                caseExpr.otherwise());
            return arguments.size() == 3 ? call("if", arguments) : call("multi_if", arguments);
        }
        if (expr instanceof Expr.Ternary ternary)
        {
            return call("if", List.of(ternary.condition(), ternary.then(), ternary.otherwise()));
        }
        if (expr instanceof Expr.Between between)
        {
            final Expr low = new Expr.Binary(between.not() ? "<" : ">=", between.operand(), between.low());
            final Expr high = new Expr.Binary(between.not() ? ">" : "<=", between.operand(), between.high());
            return analyze(new Expr.Binary(between.not() ? "OR" : "AND", low, high));
        }
        if (expr instanceof Expr.IsNull isNull)
        {
            return call(isNull.not() ? "is_not_null" : "is_null", List.of(isNull.operand()));
        }
        if (expr instanceof Expr.In in)
        {
            final TypedExpr operand = analyze(in.operand());
            final TypedExpr set = in.set() instanceof Expr.Subquery subquery ? subquery(subquery.query()) :
                in.set() instanceof Expr.Identifier name ? columnOrTable(name) : analyze(in.set());
            final String name = (in.global() ? "global_" : "") + (in.not() ? "not_in" : "in");
            return new TypedExpr.Call(name, List.of(operand, set),
                TypeRules.propagateNullable(DataType.UINT8, List.of(operand.type())));
        }
        if (expr instanceof Expr.Subquery subquery)
        {
            return subquery(subquery.query());
        }
        if (expr instanceof Expr.Exists exists)
        {
            return new TypedExpr.Call("exists", List.of(subquery(exists.query())), DataType.UINT8);
        }
        if (expr instanceof Expr.Index index)
        {
            return call("array_element", List.of(index.operand(), index.index()));
        }
        if (expr instanceof Expr.TupleElement element)
        {
            return call("tuple_element", List.of(element.operand(), Expr.Literal.integer(element.element())));
        }
        if (expr instanceof Expr.Lambda)
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS,
                "A lambda is only allowed as an argument of a higher-order function such as array_map");
        }
        if (expr instanceof Expr.Asterisk)
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "* is only allowed in the SELECT list and in count(*)");
        }
        throw new MuonException(ErrorCodes.LOGICAL_ERROR, "Unexpected expression " + expr);
    }

    /** The type of a column's DEFAULT expression, typed against the stream's other columns. */
    static DataType typeOfDefault(final Expr expr, final List<io.muon.kernel.catalog.ColumnEntry> columns)
    {
        final Scope scope = new Scope();
        final List<LogicalPlan.Column> known = new ArrayList<>();
        for (final io.muon.kernel.catalog.ColumnEntry column : columns)
        {
            known.add(new LogicalPlan.Column(column.name(), column.type()));
        }
        scope.addRelation(null, null, null, known);
        return new ExpressionAnalyzer(null, scope, "DEFAULT " + io.muon.sql.parser.SqlPrinter.print(expr), false)
            .analyze(expr, "DEFAULT", false).type();
    }

    static TypedExpr.Constant literal(final Expr.Literal literal)
    {
        switch (literal.kind())
        {
            case STRING:
                return new TypedExpr.Constant(literal.text(), DataType.STRING);
            case NULL:
                return new TypedExpr.Constant(null, DataType.nullable(DataType.NOTHING));
            case TRUE:
                return new TypedExpr.Constant(Boolean.TRUE, DataType.BOOL);
            case FALSE:
                return new TypedExpr.Constant(Boolean.FALSE, DataType.BOOL);
            case INTEGER:
            {
                final BigInteger value = parseInteger(literal.text());
                final DataType type = TypeRules.integerLiteral(value);
                if (type.id() == TypeId.FLOAT64)
                {
                    return new TypedExpr.Constant(value.doubleValue(), type);
                }
                return new TypedExpr.Constant(value.bitLength() < 64 || type.id() == TypeId.UINT64 ?
                    (Object)value.longValue() : value, type);
            }
            default:
                return new TypedExpr.Constant(parseFloat(literal.text()), DataType.FLOAT64);
        }
    }

    static BigInteger parseInteger(final String text)
    {
        String digits = text.replace("_", "");
        final boolean negative = digits.startsWith("-");
        if (negative)
        {
            digits = digits.substring(1);
        }
        final String lower = digits.toLowerCase(Locale.ROOT);
        final BigInteger value;
        if (lower.startsWith("0x"))
        {
            value = new BigInteger(digits.substring(2), 16);
        }
        else if (lower.startsWith("0b"))
        {
            value = new BigInteger(digits.substring(2), 2);
        }
        else
        {
            value = new BigInteger(digits);
        }
        return negative ? value.negate() : value;
    }

    private static double parseFloat(final String text)
    {
        final String lower = text.toLowerCase(Locale.ROOT).replace("_", "");
        return switch (lower)
        {
            case "inf", "+inf", "infinity" -> Double.POSITIVE_INFINITY;
            case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
            case "nan", "-nan", "+nan" -> Double.NaN;
            default -> Double.parseDouble(lower);
        };
    }

    private TypedExpr identifier(final Expr.Identifier identifier)
    {
        final List<String> parts = identifier.parts();
        if (parts.size() == 1)
        {
            final List<List<String>> names = new ArrayList<>(lambdaNames);
            final List<List<DataType>> types = new ArrayList<>(lambdaTypes);
            for (int depth = 0; depth < names.size(); depth++)
            {
                final int index = names.get(depth).indexOf(parts.get(0));
                if (index >= 0)
                {
                    return new TypedExpr.LambdaParameter(depth, index, parts.get(0), types.get(depth).get(index));
                }
            }
            final Expr aliased = scope.alias(parts.get(0));
            if (aliased != null && scope.beginExpanding(parts.get(0)))
            {
                try
                {
                    return analyze(aliased);
                }
                finally
                {
                    scope.endExpanding(parts.get(0));
                }
            }
        }
        final int index = scope.resolve(parts);
        if (index >= 0)
        {
            final LogicalPlan.Column column = scope.columns().get(index);
            return new TypedExpr.ColumnRef(index, column.name(), column.type());
        }
        if (parts.size() >= 2)
        {
            // t.name where t is a column of a named tuple
            final TypedExpr base = tryIdentifier(parts.subList(0, parts.size() - 1));
            if (base != null && base.type().unwrapped().id() == TypeId.TUPLE && base.type().unwrapped().names() != null)
            {
                final String element = parts.get(parts.size() - 1);
                final int position = base.type().unwrapped().names().indexOf(element);
                if (position >= 0)
                {
                    return new TypedExpr.Call("tuple_element", List.of(base,
                        new TypedExpr.Constant(element, DataType.STRING)), base.type().unwrapped().element(position));
                }
            }
        }
        throw unknownIdentifier(String.join(".", parts));
    }

    private TypedExpr tryIdentifier(final List<String> parts)
    {
        final int index = scope.resolve(parts);
        if (index < 0)
        {
            return null;
        }
        final LogicalPlan.Column column = scope.columns().get(index);
        return new TypedExpr.ColumnRef(index, column.name(), column.type());
    }

    private MuonException unknownIdentifier(final String name)
    {
        final List<String> hints = new ArrayList<>();
        final String last = name.substring(name.lastIndexOf('.') + 1);
        for (final String candidate : scope.candidateNames())
        {
            if (io.muon.kernel.util.EditDistance.of(candidate.toLowerCase(Locale.ROOT), last.toLowerCase(Locale.ROOT)) <=
                Math.max(1, Math.min(3, last.length() / 3)) && !hints.contains(candidate))
            {
                hints.add(candidate);
            }
        }
        return new MuonException(ErrorCodes.UNKNOWN_IDENTIFIER, "Unknown expression identifier '" + name +
            "' in scope " + scopeText + (hints.isEmpty() ? "" :
            ". Maybe you meant: " + FunctionRegistry.quoted(hints.subList(0, Math.min(3, hints.size())))));
    }

    private TypedExpr interval(final Expr.Interval interval)
    {
        final IntervalUnit unit = IntervalUnit.of(interval.unit());
        final TypedExpr value = analyze(interval.value());
        final DataType type = DataType.interval(unit);
        if (value instanceof TypedExpr.Constant constant && constant.value() instanceof Long amount)
        {
            return new TypedExpr.Constant(new TypedExpr.IntervalValue(amount, unit), type);
        }
        if (!value.type().unwrapped().id().isNumber() && value.type().unwrapped().id() != TypeId.NOTHING)
        {
            throw new MuonException(ErrorCodes.ILLEGAL_TYPE_OF_ARGUMENT, "Illegal type " +
                value.type().clickHouseName() + " of an INTERVAL value, expected a number");
        }
        return new TypedExpr.Call("to_interval_" + unit.name().toLowerCase(Locale.ROOT), List.of(value), type);
    }

    private TypedExpr collection(final String function, final List<Expr> elements)
    {
        final List<TypedExpr> typed = new ArrayList<>();
        boolean constant = true;
        for (final Expr element : elements)
        {
            final TypedExpr e = analyze(element);
            typed.add(e);
            constant &= e instanceof TypedExpr.Constant;
        }
        final TypedExpr.Call call = typedCall(FUNCTIONS.require(function), typed);
        if (constant)
        {
            final List<Object> values = new ArrayList<>();
            for (final TypedExpr e : typed)
            {
                values.add(((TypedExpr.Constant)e).value());
            }
            return new TypedExpr.Constant(java.util.Collections.unmodifiableList(values), call.type());
        }
        return call;
    }

    /**
     * The right side of {@code x IN name}: the column {@code name} when there is one, else, as in ClickHouse, the rows
     * of the table (stream, or external table the client sent) of that name.
     */
    private TypedExpr columnOrTable(final Expr.Identifier name)
    {
        try
        {
            return analyze(name);
        }
        catch (final MuonException e)
        {
            if (e.code() != ErrorCodes.UNKNOWN_IDENTIFIER || queries == null)
            {
                throw e;
            }
        }
        return subquery(new io.muon.sql.ast.Statement.Select(List.of(), false, List.of(new Expr.Asterisk(List.of(),
            List.of())), new io.muon.sql.ast.Statement.TableRef(name, null, false), null, List.of(), false, null,
            List.of(), null, null, null, null, List.of(), null));
    }

    private TypedExpr subquery(final io.muon.sql.ast.Statement.Query query)
    {
        if (queries == null)
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "A subquery is not allowed in " + clause);
        }
        final QueryPlan plan = queries.subquery(query);
        final List<LogicalPlan.Column> output = plan.output();
        final DataType type;
        if (output.size() == 1)
        {
            type = output.get(0).type();
        }
        else
        {
            final List<DataType> types = new ArrayList<>();
            for (final LogicalPlan.Column column : output)
            {
                types.add(column.type());
            }
            type = DataType.tuple(types, null);
        }
        return new TypedExpr.Subquery(plan, type);
    }

    private TypedExpr function(final Expr.Function function)
    {
        final FunctionSignature signature = FUNCTIONS.find(function.name());
        if (signature != null && signature.isAggregate())
        {
            return aggregate(function, signature, false);
        }
        if (signature == null)
        {
            final FunctionSignature base = FUNCTIONS.findIfCombinator(function.name());
            if (base != null)
            {
                return aggregate(function, base, true);
            }
            throw FUNCTIONS.unknown(function.name());
        }
        if (function.distinct() || !function.parameters().isEmpty())
        {
            throw new MuonException(ErrorCodes.FUNCTION_NOT_ALLOWED, "Function " + function.name() +
                " is not an aggregate function and takes neither DISTINCT nor parameters");
        }
        return call(signature, unitArgument(signature, function.arguments()));
    }

    /**
     * {@code date_add(HOUR, 2, t)}: for a function whose first argument is a time unit, a bare unit word that is not
     * a column is the unit's name as a string.
     */
    private List<Expr> unitArgument(final FunctionSignature signature, final List<Expr> arguments)
    {
        if (signature.isUnitFirst() && !arguments.isEmpty() && arguments.get(0) instanceof Expr.Identifier unit &&
            unit.parts().size() == 1 && IntervalUnit.of(unit.last()) != null && scope.resolve(unit.parts()) < 0)
        {
            final List<Expr> rewritten = new ArrayList<>(arguments);
            rewritten.set(0, Expr.Literal.string(unit.last().toLowerCase(Locale.ROOT)));
            return rewritten;
        }
        return arguments;
    }

    private TypedExpr call(final String name, final List<Expr> arguments)
    {
        return call(FUNCTIONS.require(name), arguments);
    }

    private TypedExpr call(final FunctionSignature signature, final List<Expr> arguments)
    {
        if (signature.isStreamingOnly() && !streaming)
        {
            throw new MuonException(ErrorCodes.FUNCTION_NOT_ALLOWED, "Function " + signature.name() +
                " is only available in streaming queries");
        }
        signature.checkCount(arguments.size());
        final List<TypedExpr> typed = new ArrayList<>();
        for (final Expr argument : arguments)
        {
            typed.add(argument instanceof Expr.Lambda ? null : analyze(argument));
        }
        for (int i = 0; i < arguments.size(); i++)
        {
            if (arguments.get(i) instanceof Expr.Lambda lambda)
            {
                typed.set(i, lambda(signature, lambda, typed, i));
            }
        }
        if (signature.name().equals("get_setting"))
        {
            return setting(signature, typed);
        }
        return typedCall(signature, typed);
    }

    /**
     * {@code getSetting('name')}: the setting's value for this query, a constant of the setting's kind (an integer,
     * a Bool, a Float64 or a String), as ClickHouse gives it.
     */
    private TypedExpr setting(final FunctionSignature signature, final List<TypedExpr> typed)
    {
        final String name = new Arguments(signature.name(), List.of(typed.get(0).type()), typed, List.of())
            .constantString(0);
        final Object value = queries == null ? QueryAnalyzer.defaultSetting(name) : queries.setting(name);
        final QuerySettings.Definition definition = QuerySettings.all().get(name);
        if (value instanceof Boolean)
        {
            return new TypedExpr.Constant(value, DataType.BOOL);
        }
        if (value instanceof Long)
        {
            return new TypedExpr.Constant(value, definition != null && definition.type().equals("Int64") ?
                DataType.INT64 : DataType.UINT64);
        }
        if (value instanceof Double)
        {
            return new TypedExpr.Constant(value, DataType.FLOAT64);
        }
        return new TypedExpr.Constant(String.valueOf(value), DataType.STRING);
    }

    private TypedExpr lambda(final FunctionSignature signature, final Expr.Lambda lambda, final List<TypedExpr> arguments,
        final int position)
    {
        final List<DataType> types = new ArrayList<>();
        if (signature.lambdaParameter() != null)
        {
            if (lambda.parameters().size() != 1)
            {
                throw new MuonException(ErrorCodes.NUMBER_OF_ARGUMENTS_DOESNT_MATCH, "The lambda of " +
                    signature.name() + " takes one parameter");
            }
            return lambdaBody(lambda, List.of(signature.lambdaParameter()));
        }
        for (int i = position + 1; i < arguments.size() && types.size() < lambda.parameters().size(); i++)
        {
            final DataType array = arguments.get(i).type().unwrapped();
            if (array.id() != TypeId.ARRAY)
            {
                throw new MuonException(ErrorCodes.ILLEGAL_TYPE_OF_ARGUMENT, "Illegal type " + array.clickHouseName() +
                    " of argument " + (i + 1) + " of function " + signature.name() + ", expected an array");
            }
            types.add(array.element(0));
        }
        if (types.size() != lambda.parameters().size() || arguments.size() - position - 1 != types.size())
        {
            throw new MuonException(ErrorCodes.NUMBER_OF_ARGUMENTS_DOESNT_MATCH, "Lambda of function " +
                signature.name() + " has " + lambda.parameters().size() + " parameters but the function gets " +
                (arguments.size() - position - 1) + " arrays");
        }
        return lambdaBody(lambda, types);
    }

    private TypedExpr lambdaBody(final Expr.Lambda lambda, final List<DataType> types)
    {
        lambdaNames.push(lambda.parameters());
        lambdaTypes.push(types);
        try
        {
            return new TypedExpr.Lambda(lambda.parameters(), types, analyze(lambda.body()));
        }
        finally
        {
            lambdaNames.pop();
            lambdaTypes.pop();
        }
    }

    private TypedExpr.Call typedCall(final FunctionSignature signature, final List<TypedExpr> typed)
    {
        signature.checkCount(typed.size());
        final List<DataType> original = new ArrayList<>();
        final List<DataType> stripped = new ArrayList<>();
        for (final TypedExpr argument : typed)
        {
            original.add(argument.type());
            stripped.add(strip(argument.type()));
        }
        final boolean nullAware = signature.isHandlingNulls();
        if (!nullAware && isNullConstant(original))
        {
            return new TypedExpr.Call(signature.name(), typed, DataType.nullable(DataType.NOTHING));
        }
        final DataType result = signature.returnType(new Arguments(signature.name(), nullAware ? original : stripped,
            typed, List.of()));
        return new TypedExpr.Call(signature.name(), typed, nullAware ? result :
            TypeRules.propagateNullable(result, original));
    }

    private static boolean isNullConstant(final List<DataType> types)
    {
        for (final DataType type : types)
        {
            if (type.isNullable() && type.element(0).id() == TypeId.NOTHING)
            {
                return true;
            }
        }
        return false;
    }

    private static DataType strip(final DataType type)
    {
        DataType t = type;
        if (t.id() == TypeId.LOW_CARDINALITY)
        {
            t = t.element(0);
        }
        if (t.isNullable() && t.element(0).id() != TypeId.NOTHING)
        {
            t = t.element(0);
        }
        return t;
    }

    private TypedExpr aggregate(final Expr.Function function, final FunctionSignature signature, final boolean ifForm)
    {
        if (insideAggregate)
        {
            throw new MuonException(ErrorCodes.ILLEGAL_AGGREGATION, "Aggregate function " +
                ColumnNamer.name(function) + " is found inside another aggregate function in query");
        }
        if (!aggregatesAllowed)
        {
            throw new MuonException(ErrorCodes.ILLEGAL_AGGREGATION, "Aggregate function " +
                ColumnNamer.name(function) + " is found in " + clause + " in query");
        }
        final List<Object> parameters = new ArrayList<>();
        for (final Expr parameter : function.parameters())
        {
            final TypedExpr typed = analyze(parameter);
            if (!(typed instanceof TypedExpr.Constant constant))
            {
                throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Parameters of aggregate function " +
                    function.name() + " must be constants");
            }
            parameters.add(constant.value());
        }
        if (parameters.size() > signature.maxParameters())
        {
            throw new MuonException(ErrorCodes.NUMBER_OF_ARGUMENTS_DOESNT_MATCH, "Aggregate function " +
                function.name() + " takes " + (signature.maxParameters() == 0 ? "no" : "at most " +
                signature.maxParameters()) + " parameters");
        }
        final List<Expr> argumentExprs = new ArrayList<>();
        for (final Expr argument : function.arguments())
        {
            if (!(argument instanceof Expr.Asterisk))
            {
                argumentExprs.add(argument);
            }
            else if (!signature.name().equals("count"))
            {
                throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "* is only allowed in count(*)");
            }
        }
        insideAggregate = true;
        final List<TypedExpr> typed = new ArrayList<>();
        try
        {
            for (final Expr argument : argumentExprs)
            {
                typed.add(analyze(argument));
            }
        }
        finally
        {
            insideAggregate = false;
        }
        TypedExpr condition = null;
        if (ifForm)
        {
            if (typed.isEmpty())
            {
                throw new MuonException(ErrorCodes.NUMBER_OF_ARGUMENTS_DOESNT_MATCH, "Aggregate function " +
                    function.name() + " needs a condition as its last argument");
            }
            condition = typed.remove(typed.size() - 1);
            if (!(condition.type().unwrapped().id().isNumber() || condition.type().unwrapped().id() == TypeId.BOOL ||
                condition.type().unwrapped().id() == TypeId.NOTHING))
            {
                throw new MuonException(ErrorCodes.ILLEGAL_TYPE_OF_ARGUMENT, "Illegal type " +
                    condition.type().clickHouseName() + " of the condition of " + function.name());
            }
        }
        signature.checkCount(typed.size());
        final List<DataType> original = new ArrayList<>();
        final List<DataType> stripped = new ArrayList<>();
        for (final TypedExpr argument : typed)
        {
            original.add(argument.type());
            stripped.add(strip(argument.type()));
        }
        final DataType result = signature.returnType(new Arguments(signature.name(), stripped, typed, parameters));
        final boolean countLike = signature.isHandlingNulls() || signature.name().equals("count");
        return new TypedExpr.AggregateCall(signature.name(), parameters, typed, function.distinct(), condition,
            countLike ? result : TypeRules.propagateNullable(result, original));
    }
}
