package io.muon.sql.ast;

import java.util.List;

/**
 * Expressions of Muon's SQL dialect. Every node is an immutable record, so trees compare by value: the parser tests
 * rely on {@code parse(print(parse(sql))) == parse(sql)}.
 */
public sealed interface Expr permits Expr.Literal, Expr.Identifier, Expr.Asterisk, Expr.Function, Expr.Lambda,
    Expr.Cast, Expr.Interval, Expr.ArrayLiteral, Expr.TupleLiteral, Expr.Case, Expr.Binary, Expr.Unary,
    Expr.Between, Expr.In, Expr.IsNull, Expr.Subquery, Expr.Aliased, Expr.Index, Expr.TupleElement, Expr.Ternary,
    Expr.Exists
{
    /** The kinds of literal; numbers keep their text so nothing is lost before typing. */
    enum LiteralKind
    {
        INTEGER, FLOAT, STRING, NULL, TRUE, FALSE
    }

    record Literal(LiteralKind kind, String text) implements Expr
    {
        public static Literal string(final String value)
        {
            return new Literal(LiteralKind.STRING, value);
        }

        public static Literal integer(final long value)
        {
            return new Literal(LiteralKind.INTEGER, Long.toString(value));
        }
    }

    /** A possibly qualified name: {@code col}, {@code t.col}, {@code db.t.col}. */
    record Identifier(List<String> parts) implements Expr
    {
        public Identifier
        {
            parts = List.copyOf(parts);
        }

        public static Identifier of(final String... parts)
        {
            return new Identifier(List.of(parts));
        }

        public String last()
        {
            return parts.get(parts.size() - 1);
        }
    }

    /** {@code *} or {@code t.*}; {@code qualifier} is empty for a bare star. */
    /** {@code *} or {@code t.*}, optionally {@code EXCEPT (columns…)}. */
    record Asterisk(List<String> qualifier, List<String> except) implements Expr
    {
        public Asterisk
        {
            qualifier = List.copyOf(qualifier);
            except = List.copyOf(except);
        }

        public Asterisk(final List<String> qualifier)
        {
            this(qualifier, List.of());
        }
    }

    /**
     * A function or aggregate call. {@code parameters} are the first parenthesised list of a parametric aggregate
     * ({@code quantile(0.9)(x)}), empty otherwise.
     */
    record Function(String name, List<Expr> parameters, List<Expr> arguments, boolean distinct) implements Expr
    {
        public Function
        {
            parameters = List.copyOf(parameters);
            arguments = List.copyOf(arguments);
        }

        public static Function of(final String name, final Expr... arguments)
        {
            return new Function(name, List.of(), List.of(arguments), false);
        }
    }

    /** {@code x -> body} or {@code (x, y) -> body}. */
    record Lambda(List<String> parameters, Expr body) implements Expr
    {
        public Lambda
        {
            parameters = List.copyOf(parameters);
        }
    }

    /** {@code CAST(x AS T)} or {@code x::T}; the type is kept as written, parsed by the analyzer. */
    record Cast(Expr operand, String type) implements Expr
    {
    }

    /** {@code INTERVAL 5 SECOND} and the short forms {@code 5s}, {@code 1m}; unit is the canonical upper-case name. */
    record Interval(Expr value, String unit) implements Expr
    {
    }

    record ArrayLiteral(List<Expr> elements) implements Expr
    {
        public ArrayLiteral
        {
            elements = List.copyOf(elements);
        }
    }

    record TupleLiteral(List<Expr> elements) implements Expr
    {
        public TupleLiteral
        {
            elements = List.copyOf(elements);
        }
    }

    /** {@code CASE [operand] WHEN … THEN … [ELSE …] END}; operand and otherwise may be null. */
    record Case(Expr operand, List<Expr> whens, List<Expr> thens, Expr otherwise) implements Expr
    {
        public Case
        {
            whens = List.copyOf(whens);
            thens = List.copyOf(thens);
        }
    }

    /** A binary operator by its canonical spelling: OR AND = != < <= > >= LIKE NOT LIKE ILIKE NOT ILIKE || + - * / % DIV MOD. */
    record Binary(String operator, Expr left, Expr right) implements Expr
    {
    }

    /** NOT or unary minus. */
    record Unary(String operator, Expr operand) implements Expr
    {
    }

    record Between(Expr operand, Expr low, Expr high, boolean not) implements Expr
    {
    }

    /** {@code x [NOT] IN (list)} or {@code x [NOT] IN (SELECT …)} or {@code x IN tuple_or_table_name}. */
    record In(Expr operand, Expr set, boolean not, boolean global) implements Expr
    {
    }

    record IsNull(Expr operand, boolean not) implements Expr
    {
    }

    record Subquery(Statement.Query query) implements Expr
    {
    }

    record Exists(Statement.Query query) implements Expr
    {
    }

    /** {@code expr AS alias}. */
    record Aliased(Expr expr, String alias) implements Expr
    {
    }

    /** {@code arr[i]}, {@code map['key']}. */
    record Index(Expr operand, Expr index) implements Expr
    {
    }

    /** {@code tuple.1}. */
    record TupleElement(Expr operand, int element) implements Expr
    {
    }

    /** {@code cond ? then : otherwise}. */
    record Ternary(Expr condition, Expr then, Expr otherwise) implements Expr
    {
    }
}
