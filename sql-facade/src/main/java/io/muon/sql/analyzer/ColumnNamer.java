package io.muon.sql.analyzer;

import io.muon.sql.ast.Expr;
import io.muon.sql.parser.SqlPrinter;

import java.util.ArrayList;
import java.util.List;

/**
 * The name ClickHouse gives an unaliased result column: operators in their function form ({@code a + 1} is
 * {@code plus(a, 1)}, {@code x = 1 AND y} is {@code and(equals(x, 1), y)}), functions as the user spelled them,
 * literals as written, identifiers by their last part.
 */
final class ColumnNamer
{
    private ColumnNamer()
    {
    }

    static String name(final Expr expr)
    {
        final StringBuilder text = new StringBuilder();
        append(text, expr);
        return text.toString();
    }

    private static void append(final StringBuilder text, final Expr expr)
    {
        if (expr instanceof Expr.Identifier identifier)
        {
            text.append(String.join(".", identifier.parts()));
        }
        else if (expr instanceof Expr.Literal literal)
        {
            switch (literal.kind())
            {
                case STRING -> text.append(SqlPrinter.print(literal));
                case NULL -> text.append("NULL");
                case TRUE -> text.append("true");
                case FALSE -> text.append("false");
                default -> text.append(literal.text());
            }
        }
        else if (expr instanceof Expr.Function function)
        {
            text.append(function.name());
            if (!function.parameters().isEmpty())
            {
                list(text, function.parameters(), false);
            }
            text.append('(');
            if (function.distinct())
            {
                text.append("DISTINCT ");
            }
            list(text, function.arguments(), true);
            text.append(')');
        }
        else if (expr instanceof Expr.Binary binary)
        {
            final String function = binaryFunction(binary.operator());
            final List<Expr> operands = new ArrayList<>();
            if (function.equals("and") || function.equals("or"))
            {
                flatten(binary, binary.operator(), operands);
            }
            else
            {
                operands.add(binary.left());
                operands.add(binary.right());
            }
            call(text, function, operands);
        }
        else if (expr instanceof Expr.Unary unary)
        {
            call(text, unary.operator().equals("NOT") ? "not" : "negate", List.of(unary.operand()));
        }
        else if (expr instanceof Expr.Aliased aliased)
        {
            append(text, aliased.expr());
        }
        else if (expr instanceof Expr.Cast cast)
        {
            text.append("CAST(");
            append(text, cast.operand());
            text.append(", '").append(cast.type().replace("'", "\\'")).append("')");
        }
        else if (expr instanceof Expr.Index index)
        {
            call(text, "arrayElement", List.of(index.operand(), index.index()));
        }
        else if (expr instanceof Expr.TupleElement element)
        {
            call(text, "tupleElement", List.of(element.operand(), Expr.Literal.integer(element.element())));
        }
        else if (expr instanceof Expr.IsNull isNull)
        {
            call(text, isNull.not() ? "isNotNull" : "isNull", List.of(isNull.operand()));
        }
        else if (expr instanceof Expr.In in)
        {
            call(text, (in.global() ? "global" : "") + (in.not() ? (in.global() ? "NotIn" : "notIn") : (in.global() ? "In" : "in")),
                List.of(in.operand(), in.set()));
        }
        else if (expr instanceof Expr.Between between)
        {
            final Expr low = new Expr.Binary(between.not() ? "<" : ">=", between.operand(), between.low());
            final Expr high = new Expr.Binary(between.not() ? ">" : "<=", between.operand(), between.high());
            append(text, new Expr.Binary(between.not() ? "OR" : "AND", low, high));
        }
        else if (expr instanceof Expr.Interval interval)
        {
            final String unit = interval.unit();
            call(text, "toInterval" + unit.charAt(0) + unit.substring(1).toLowerCase(), List.of(interval.value()));
        }
        else if (expr instanceof Expr.ArrayLiteral array)
        {
            text.append('[');
            list(text, array.elements(), true);
            text.append(']');
        }
        else if (expr instanceof Expr.TupleLiteral tuple)
        {
            text.append('(');
            list(text, tuple.elements(), true);
            text.append(tuple.elements().size() == 1 ? ",)" : ")");
        }
        else if (expr instanceof Expr.Lambda lambda)
        {
            text.append("lambda(tuple(").append(String.join(", ", lambda.parameters())).append("), ");
            append(text, lambda.body());
            text.append(')');
        }
        else if (expr instanceof Expr.Ternary ternary)
        {
            call(text, "if", List.of(ternary.condition(), ternary.then(), ternary.otherwise()));
        }
        else
        {
            text.append(SqlPrinter.print(expr));
        }
    }

    private static void flatten(final Expr expr, final String operator, final List<Expr> out)
    {
        if (expr instanceof Expr.Binary binary && binary.operator().equals(operator))
        {
            flatten(binary.left(), operator, out);
            flatten(binary.right(), operator, out);
        }
        else
        {
            out.add(expr);
        }
    }

    private static void call(final StringBuilder text, final String function, final List<Expr> arguments)
    {
        text.append(function).append('(');
        list(text, arguments, true);
        text.append(')');
    }

    private static void list(final StringBuilder text, final List<Expr> items, final boolean bare)
    {
        if (!bare)
        {
            text.append('(');
        }
        for (int i = 0; i < items.size(); i++)
        {
            if (i > 0)
            {
                text.append(", ");
            }
            append(text, items.get(i));
        }
        if (!bare)
        {
            text.append(')');
        }
    }

    /** The ClickHouse function of a binary operator's canonical spelling. */
    static String binaryFunction(final String operator)
    {
        return switch (operator)
        {
            case "OR" -> "or";
            case "AND" -> "and";
            case "=" -> "equals";
            case "!=" -> "notEquals";
            case "<" -> "less";
            case "<=" -> "lessOrEquals";
            case ">" -> "greater";
            case ">=" -> "greaterOrEquals";
            case "LIKE" -> "like";
            case "NOT LIKE" -> "notLike";
            case "ILIKE" -> "ilike";
            case "NOT ILIKE" -> "notILike";
            case "||" -> "concat";
            case "+" -> "plus";
            case "-" -> "minus";
            case "*" -> "multiply";
            case "/" -> "divide";
            case "%", "MOD" -> "modulo";
            case "DIV" -> "intDiv";
            default -> throw new IllegalArgumentException("operator " + operator);
        };
    }
}
