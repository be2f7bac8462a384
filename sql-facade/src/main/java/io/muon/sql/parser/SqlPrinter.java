package io.muon.sql.parser;

import io.muon.kernel.util.SqlText;
import io.muon.sql.ast.Expr;
import io.muon.sql.ast.Statement;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Prints statements and expressions back as canonical SQL: keywords in upper case, every compound operand in
 * parentheses, names back-quoted when they are not plain words or are keywords. Parsing the output gives the same
 * tree; SHOW CREATE and EXPLAIN SYNTAX print with it.
 */
public final class SqlPrinter
{
    private static final Set<String> KEYWORDS = keywords();

    private final StringBuilder out = new StringBuilder();

    private SqlPrinter()
    {
    }

    public static String print(final Statement statement)
    {
        final SqlPrinter printer = new SqlPrinter();
        printer.statement(statement);
        return printer.out.toString();
    }

    public static String print(final Expr expr)
    {
        final SqlPrinter printer = new SqlPrinter();
        printer.expr(expr);
        return printer.out.toString();
    }

    /** Keywords that cannot stand as a name; the others (STREAM, DEFAULT, KEY…) print bare. */
    private static Set<String> keywords()
    {
        final Set<String> reserved = new HashSet<>();
        for (final String image : SqlGrammarConstants.tokenImage)
        {
            if (image.length() > 2 && image.startsWith("\"") && Character.isLetter(image.charAt(1)))
            {
                final String word = image.substring(1, image.length() - 1);
                boolean isName;
                try
                {
                    isName = SqlParser.parseExpression(word).equals(Expr.Identifier.of(word));
                }
                catch (final RuntimeException e)
                {
                    isName = false;
                }
                if (!isName)
                {
                    reserved.add(word.toUpperCase(Locale.ROOT));
                }
            }
        }
        return reserved;
    }

    /** Appends a name, back-quoted unless it is a plain word that is no reserved keyword. */
    static void name(final StringBuilder out, final String name)
    {
        SqlText.appendName(out, name, word -> KEYWORDS.contains(word.toUpperCase(Locale.ROOT)));
    }

    static void string(final StringBuilder out, final String value)
    {
        SqlText.appendString(out, value);
    }

    private SqlPrinter name(final String name)
    {
        name(out, name);
        return this;
    }

    private SqlPrinter text(final String text)
    {
        out.append(text);
        return this;
    }

    private void qualified(final Expr.Identifier identifier)
    {
        for (int i = 0; i < identifier.parts().size(); i++)
        {
            if (i > 0)
            {
                out.append('.');
            }
            name(identifier.parts().get(i));
        }
    }

    private void exprList(final List<? extends Expr> list)
    {
        for (int i = 0; i < list.size(); i++)
        {
            if (i > 0)
            {
                out.append(", ");
            }
            expr(list.get(i));
        }
    }

    private void settings(final List<Statement.Setting> settings)
    {
        for (int i = 0; i < settings.size(); i++)
        {
            if (i > 0)
            {
                out.append(", ");
            }
            name(settings.get(i).name()).text(" = ");
            expr(settings.get(i).value());
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    void expr(final Expr e)
    {
        if (e instanceof Expr.Literal literal)
        {
            switch (literal.kind())
            {
                case STRING: string(out, literal.text()); break;
                case NULL: out.append("NULL"); break;
                case TRUE: out.append("true"); break;
                case FALSE: out.append("false"); break;
                default:
                    if (literal.text().startsWith("-"))
                    {
                        out.append('(').append(literal.text()).append(')');
                    }
                    else
                    {
                        out.append(literal.text());
                    }
            }
        }
        else if (e instanceof Expr.Identifier identifier)
        {
            qualified(identifier);
        }
        else if (e instanceof Expr.Asterisk star)
        {
            for (final String part : star.qualifier())
            {
                name(part).text(".");
            }
            out.append('*');
            if (!star.except().isEmpty())
            {
                out.append(" EXCEPT (");
                for (int i = 0; i < star.except().size(); i++)
                {
                    if (i > 0)
                    {
                        out.append(", ");
                    }
                    name(star.except().get(i));
                }
                out.append(')');
            }
        }
        else if (e instanceof Expr.Function f)
        {
            name(f.name());
            if (!f.parameters().isEmpty())
            {
                out.append('(');
                exprList(f.parameters());
                out.append(')');
            }
            out.append('(');
            if (f.distinct())
            {
                out.append("DISTINCT ");
            }
            exprList(f.arguments());
            out.append(')');
        }
        else if (e instanceof Expr.Lambda lambda)
        {
            out.append('(');
            for (int i = 0; i < lambda.parameters().size(); i++)
            {
                if (i > 0)
                {
                    out.append(", ");
                }
                name(lambda.parameters().get(i));
            }
            out.append(") -> ");
            expr(lambda.body());
        }
        else if (e instanceof Expr.Cast cast)
        {
            out.append("CAST(");
            expr(cast.operand());
            out.append(" AS ").append(cast.type()).append(')');
        }
        else if (e instanceof Expr.Interval interval)
        {
            out.append("INTERVAL ");
            operand(interval.value());
            out.append(' ').append(interval.unit());
        }
        else if (e instanceof Expr.ArrayLiteral array)
        {
            out.append('[');
            exprList(array.elements());
            out.append(']');
        }
        else if (e instanceof Expr.TupleLiteral tuple)
        {
            out.append('(');
            exprList(tuple.elements());
            if (tuple.elements().size() == 1)
            {
                out.append(',');
            }
            out.append(')');
        }
        else if (e instanceof Expr.Case c)
        {
            out.append("CASE");
            if (c.operand() != null)
            {
                out.append(' ');
                expr(c.operand());
            }
            for (int i = 0; i < c.whens().size(); i++)
            {
                out.append(" WHEN ");
                expr(c.whens().get(i));
                out.append(" THEN ");
                expr(c.thens().get(i));
            }
            if (c.otherwise() != null)
            {
                out.append(" ELSE ");
                expr(c.otherwise());
            }
            out.append(" END");
        }
        else if (e instanceof Expr.Binary binary)
        {
            operand(binary.left());
            out.append(' ').append(binary.operator()).append(' ');
            operand(binary.right());
        }
        else if (e instanceof Expr.Unary unary)
        {
            out.append(unary.operator().equals("NOT") ? "NOT " : "-");
            operand(unary.operand());
        }
        else if (e instanceof Expr.Between between)
        {
            operand(between.operand());
            out.append(between.not() ? " NOT BETWEEN " : " BETWEEN ");
            operand(between.low());
            out.append(" AND ");
            operand(between.high());
        }
        else if (e instanceof Expr.In in)
        {
            operand(in.operand());
            out.append(in.global() ? " GLOBAL" : "").append(in.not() ? " NOT IN " : " IN ");
            operand(in.set());
        }
        else if (e instanceof Expr.IsNull isNull)
        {
            operand(isNull.operand());
            out.append(isNull.not() ? " IS NOT NULL" : " IS NULL");
        }
        else if (e instanceof Expr.Subquery subquery)
        {
            out.append('(');
            statement(subquery.query());
            out.append(')');
        }
        else if (e instanceof Expr.Exists exists)
        {
            out.append("EXISTS (");
            statement(exists.query());
            out.append(')');
        }
        else if (e instanceof Expr.Aliased aliased)
        {
            expr(aliased.expr());
            out.append(" AS ");
            name(aliased.alias());
        }
        else if (e instanceof Expr.Index index)
        {
            operand(index.operand());
            out.append('[');
            expr(index.index());
            out.append(']');
        }
        else if (e instanceof Expr.TupleElement element)
        {
            operand(element.operand());
            out.append('.').append(element.element());
        }
        else if (e instanceof Expr.Ternary ternary)
        {
            operand(ternary.condition());
            out.append(" ? ");
            operand(ternary.then());
            out.append(" : ");
            operand(ternary.otherwise());
        }
        else
        {
            throw new IllegalArgumentException("cannot print " + e);
        }
    }

    /** Prints an operand, in parentheses unless it is atomic. */
    private void operand(final Expr e)
    {
        final boolean atomic = e instanceof Expr.Literal || e instanceof Expr.Identifier || e instanceof Expr.Function ||
            e instanceof Expr.ArrayLiteral || e instanceof Expr.TupleLiteral || e instanceof Expr.Cast ||
            e instanceof Expr.Subquery || e instanceof Expr.Asterisk || e instanceof Expr.Case ||
            e instanceof Expr.Exists || e instanceof Expr.Interval;
        if (atomic)
        {
            expr(e);
        }
        else
        {
            out.append('(');
            expr(e);
            out.append(')');
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    void statement(final Statement s)
    {
        if (s instanceof Statement.Select select)
        {
            select(select);
        }
        else if (s instanceof Statement.Union union)
        {
            unionPart(union.left());
            out.append(union.all() ? " UNION ALL " : " UNION DISTINCT ");
            unionPart(union.right());
        }
        else if (s instanceof Statement.Insert insert)
        {
            insert(insert);
        }
        else if (s instanceof Statement.CreateDatabase create)
        {
            out.append("CREATE DATABASE ").append(create.ifNotExists() ? "IF NOT EXISTS " : "");
            name(create.name());
            if (create.comment() != null)
            {
                out.append(" COMMENT ");
                string(out, create.comment());
            }
        }
        else if (s instanceof Statement.CreateStream create)
        {
            createStream(create);
        }
        else if (s instanceof Statement.CreateView view)
        {
            createView(view);
        }
        else if (s instanceof Statement.Drop drop)
        {
            out.append("DROP ").append(drop.what()).append(drop.ifExists() ? " IF EXISTS " : " ");
            qualified(drop.name());
        }
        else if (s instanceof Statement.Rename rename)
        {
            out.append("RENAME ").append(rename.what()).append(' ');
            for (int i = 0; i < rename.from().size(); i++)
            {
                if (i > 0)
                {
                    out.append(", ");
                }
                qualified(rename.from().get(i));
                out.append(" TO ");
                qualified(rename.to().get(i));
            }
        }
        else if (s instanceof Statement.Truncate truncate)
        {
            out.append("TRUNCATE ").append(truncate.what()).append(truncate.ifExists() ? " IF EXISTS " : " ");
            qualified(truncate.name());
        }
        else if (s instanceof Statement.Optimize optimize)
        {
            out.append("OPTIMIZE STREAM ");
            qualified(optimize.name());
            if (optimize.partition() != null)
            {
                out.append(" PARTITION ");
                expr(optimize.partition());
            }
            if (optimize.partitionId() != null)
            {
                out.append(" PARTITION ID ");
                string(out, optimize.partitionId());
            }
            if (optimize.isFinal())
            {
                out.append(" FINAL");
            }
        }
        else if (s instanceof Statement.Show show)
        {
            show(show);
        }
        else if (s instanceof Statement.Describe describe)
        {
            out.append("DESCRIBE ");
            table(describe.target());
            format(describe.format());
        }
        else if (s instanceof Statement.Use use)
        {
            out.append("USE ");
            name(use.database());
        }
        else if (s instanceof Statement.Explain explain)
        {
            out.append("EXPLAIN ").append(explain.kind()).append(' ');
            statement(explain.statement());
        }
        else if (s instanceof Statement.Set set)
        {
            out.append("SET ");
            settings(set.settings());
        }
        else if (s instanceof Statement.SystemCommand command)
        {
            out.append("SYSTEM ").append(command.command());
            if (command.target() != null)
            {
                out.append(' ');
                qualified(command.target());
            }
        }
        else if (s instanceof Statement.Alter alter)
        {
            alter(alter);
        }
        else if (s instanceof Statement.CreateUser user)
        {
            out.append("CREATE USER ").append(user.ifNotExists() ? "IF NOT EXISTS " : "");
            name(user.name());
            if (user.authentication() != null || user.password() != null)
            {
                out.append(" IDENTIFIED");
                if (user.authentication() != null)
                {
                    out.append(" WITH ").append(user.authentication());
                }
                if (user.password() != null)
                {
                    out.append(" BY ");
                    string(out, user.password());
                }
            }
            if (user.readonly() != 0)
            {
                out.append(" SETTINGS readonly = ").append(user.readonly());
            }
        }
        else if (s instanceof Statement.DropUser user)
        {
            out.append("DROP USER ").append(user.ifExists() ? "IF EXISTS " : "");
            name(user.name());
        }
        else if (s instanceof Statement.KillQuery kill)
        {
            out.append("KILL QUERY WHERE ");
            expr(kill.where());
            out.append(kill.sync() ? " SYNC" : "");
        }
        else
        {
            throw new IllegalArgumentException("cannot print " + s);
        }
    }

    private void unionPart(final Statement.Query query)
    {
        if (query instanceof Statement.Union)
        {
            statement(query);
        }
        else
        {
            out.append('(');
            statement(query);
            out.append(')');
        }
    }

    private void format(final String format)
    {
        if (format != null)
        {
            out.append(" FORMAT ");
            name(format);
        }
    }

    private void select(final Statement.Select s)
    {
        if (!s.with().isEmpty())
        {
            out.append("WITH ");
            for (int i = 0; i < s.with().size(); i++)
            {
                if (i > 0)
                {
                    out.append(", ");
                }
                final Statement.Cte cte = s.with().get(i);
                if (cte.query() != null)
                {
                    name(cte.name()).text(" AS (");
                    statement(cte.query());
                    out.append(')');
                }
                else
                {
                    operand(cte.expr());
                    out.append(" AS ");
                    name(cte.name());
                }
            }
            out.append(' ');
        }
        out.append("SELECT ").append(s.distinct() ? "DISTINCT " : "");
        exprList(s.projection());
        if (s.from() != null)
        {
            out.append(" FROM ");
            table(s.from());
        }
        if (s.where() != null)
        {
            out.append(" WHERE ");
            expr(s.where());
        }
        if (!s.groupBy().isEmpty())
        {
            out.append(" GROUP BY ");
            exprList(s.groupBy());
        }
        out.append(s.withTotals() ? " WITH TOTALS" : "");
        if (s.having() != null)
        {
            out.append(" HAVING ");
            expr(s.having());
        }
        if (!s.orderBy().isEmpty())
        {
            out.append(" ORDER BY ");
            for (int i = 0; i < s.orderBy().size(); i++)
            {
                if (i > 0)
                {
                    out.append(", ");
                }
                final Statement.OrderItem item = s.orderBy().get(i);
                expr(item.expr());
                out.append(item.descending() ? " DESC" : " ASC");
                if (item.nullsFirst() != null)
                {
                    out.append(item.nullsFirst() ? " NULLS FIRST" : " NULLS LAST");
                }
            }
        }
        if (s.limitBy() != null)
        {
            out.append(" LIMIT ");
            expr(s.limitBy().limit());
            if (s.limitBy().offset() != null)
            {
                out.append(" OFFSET ");
                expr(s.limitBy().offset());
            }
            out.append(" BY ");
            exprList(s.limitBy().by());
        }
        if (s.limit() != null)
        {
            out.append(" LIMIT ");
            expr(s.limit());
        }
        if (s.offset() != null)
        {
            out.append(" OFFSET ");
            expr(s.offset());
        }
        if (s.emit() != null)
        {
            emit(s.emit());
        }
        if (!s.settings().isEmpty())
        {
            out.append(" SETTINGS ");
            settings(s.settings());
        }
        format(s.format());
    }

    private void emit(final Statement.Emit emit)
    {
        out.append(" EMIT");
        if (emit.changelog())
        {
            out.append(" CHANGELOG");
        }
        boolean modifiers = false;
        if (emit.policy() == Statement.EmitPolicy.AFTER_WINDOW_CLOSE)
        {
            out.append(" AFTER WINDOW CLOSE");
        }
        else if (emit.policy() == Statement.EmitPolicy.ON_UPDATE)
        {
            out.append(" ON UPDATE");
        }
        else if (emit.policy() == Statement.EmitPolicy.PERIODIC && emit.last() == null)
        {
            out.append(" PERIODIC ");
            operand(emit.periodic());
            out.append(emit.repeat() ? " REPEAT" : "");
        }
        else if (emit.last() != null)
        {
            out.append(" LAST ");
            operand(emit.last());
            out.append(emit.onProcessingTime() ? " ON PROCTIME" : "");
            if (emit.periodic() != null)
            {
                out.append(" AND PERIODIC ");
                operand(emit.periodic());
                out.append(emit.repeat() ? " REPEAT" : "");
            }
            modifiers = true;
        }
        else if (emit.timeout() != null)
        {
            out.append(" TIMEOUT ");
            operand(emit.timeout());
            if (emit.delay() != null)
            {
                out.append(" AND DELAY ");
                operand(emit.delay());
            }
            return;
        }
        else if (!emit.changelog())
        {
            out.append(" STREAM");
        }
        if (emit.delay() != null)
        {
            out.append(" WITH DELAY ");
            operand(emit.delay());
        }
        if (emit.timeout() != null)
        {
            out.append(" AND TIMEOUT ");
            operand(emit.timeout());
        }
        if (emit.batch() != null)
        {
            out.append(" WITH BATCH ");
            operand(emit.batch());
        }
        if (emit.last() != null && !modifiers)
        {
            out.append(" AND LAST ");
            operand(emit.last());
            out.append(emit.onProcessingTime() ? " ON PROCTIME" : "");
        }
    }

    private void table(final Statement.TableExpr t)
    {
        if (t instanceof Statement.TableRef ref)
        {
            qualified(ref.name());
            out.append(ref.isFinal() ? " FINAL" : "");
            alias(ref.alias());
        }
        else if (t instanceof Statement.TableFunction function)
        {
            expr(function.call());
            alias(function.alias());
        }
        else if (t instanceof Statement.SubqueryTable subquery)
        {
            out.append('(');
            statement(subquery.query());
            out.append(')');
            alias(subquery.alias());
        }
        else if (t instanceof Statement.Join join)
        {
            table(join.left());
            switch (join.kind())
            {
                case "COMMA":
                    out.append(", ");
                    table(join.right());
                    return;
                case "CROSS":
                    out.append(" CROSS JOIN ");
                    table(join.right());
                    return;
                default:
                    out.append(join.global() ? " GLOBAL " : " ");
                    if (join.strictness() != null)
                    {
                        out.append(join.strictness()).append(' ');
                    }
                    out.append(join.kind()).append(" JOIN ");
                    joinRight(join.right());
                    if (join.on() != null)
                    {
                        out.append(" ON ");
                        expr(join.on());
                    }
                    else
                    {
                        out.append(" USING (");
                        for (int i = 0; i < join.using().size(); i++)
                        {
                            if (i > 0)
                            {
                                out.append(", ");
                            }
                            name(join.using().get(i));
                        }
                        out.append(')');
                    }
            }
        }
    }

    private void joinRight(final Statement.TableExpr right)
    {
        if (right instanceof Statement.Join)
        {
            out.append('(');
            table(right);
            out.append(')');
        }
        else
        {
            table(right);
        }
    }

    private void alias(final String alias)
    {
        if (alias != null)
        {
            out.append(" AS ");
            name(alias);
        }
    }

    private void insert(final Statement.Insert insert)
    {
        out.append("INSERT INTO ");
        qualified(insert.table());
        if (!insert.columns().isEmpty())
        {
            out.append(" (");
            for (int i = 0; i < insert.columns().size(); i++)
            {
                if (i > 0)
                {
                    out.append(", ");
                }
                name(insert.columns().get(i));
            }
            out.append(')');
        }
        if (!insert.settings().isEmpty())
        {
            out.append(" SETTINGS ");
            settings(insert.settings());
        }
        if (insert.rows() != null)
        {
            out.append(" VALUES ");
            for (int r = 0; r < insert.rows().size(); r++)
            {
                if (r > 0)
                {
                    out.append(", ");
                }
                out.append('(');
                exprList(insert.rows().get(r));
                out.append(')');
            }
        }
        else if (insert.select() != null)
        {
            out.append(' ');
            statement(insert.select());
        }
        else
        {
            out.append(" FORMAT ");
            name(insert.format());
            out.append('\n').append(insert.data());
        }
    }

    private void columns(final List<Statement.ColumnDefinition> columns, final List<Expr> primaryKey)
    {
        out.append(" (");
        for (int i = 0; i < columns.size(); i++)
        {
            if (i > 0)
            {
                out.append(", ");
            }
            column(columns.get(i));
        }
        if (primaryKey != null && !primaryKey.isEmpty())
        {
            out.append(", PRIMARY KEY (");
            exprList(primaryKey);
            out.append(')');
        }
        out.append(')');
    }

    private void column(final Statement.ColumnDefinition c)
    {
        name(c.name());
        if (c.type() != null)
        {
            out.append(' ').append(c.type());
        }
        if (c.defaultKind() != null)
        {
            out.append(' ').append(c.defaultKind()).append(' ');
            expr(c.defaultExpr());
        }
        if (!c.codecs().isEmpty())
        {
            out.append(" CODEC(");
            for (int j = 0; j < c.codecs().size(); j++)
            {
                if (j > 0)
                {
                    out.append(", ");
                }
                final Expr.Function codec = c.codecs().get(j);
                name(codec.name());
                if (!codec.arguments().isEmpty())
                {
                    out.append('(');
                    exprList(codec.arguments());
                    out.append(')');
                }
            }
            out.append(')');
        }
        if (c.comment() != null)
        {
            out.append(" COMMENT ");
            string(out, c.comment());
        }
    }

    private void alter(final Statement.Alter alter)
    {
        out.append("ALTER ").append(alter.what()).append(' ');
        qualified(alter.name());
        for (int i = 0; i < alter.actions().size(); i++)
        {
            out.append(i == 0 ? " " : ", ");
            final Statement.AlterAction action = alter.actions().get(i);
            if (action instanceof Statement.AddColumn add)
            {
                out.append("ADD COLUMN ").append(add.ifNotExists() ? "IF NOT EXISTS " : "");
                column(add.column());
                if (add.after() != null)
                {
                    if (add.after().isEmpty())
                    {
                        out.append(" FIRST");
                    }
                    else
                    {
                        out.append(" AFTER ");
                        name(add.after());
                    }
                }
            }
            else if (action instanceof Statement.DropColumn drop)
            {
                out.append("DROP COLUMN ").append(drop.ifExists() ? "IF EXISTS " : "");
                name(drop.name());
            }
            else if (action instanceof Statement.ModifyColumn modify)
            {
                out.append("MODIFY COLUMN ").append(modify.ifExists() ? "IF EXISTS " : "");
                column(modify.column());
            }
            else if (action instanceof Statement.RenameColumn rename)
            {
                out.append("RENAME COLUMN ").append(rename.ifExists() ? "IF EXISTS " : "");
                name(rename.from()).text(" TO ").name(rename.to());
            }
            else if (action instanceof Statement.ModifyTtl ttl)
            {
                out.append("MODIFY TTL ");
                expr(ttl.ttl());
            }
            else if (action instanceof Statement.RemoveTtl)
            {
                out.append("REMOVE TTL");
            }
            else if (action instanceof Statement.ModifySetting modify)
            {
                out.append("MODIFY SETTING ");
                settings(modify.settings());
            }
            else if (action instanceof Statement.ResetSetting reset)
            {
                out.append("RESET SETTING ");
                for (int j = 0; j < reset.names().size(); j++)
                {
                    if (j > 0)
                    {
                        out.append(", ");
                    }
                    name(reset.names().get(j));
                }
            }
        }
    }

    private void createStream(final Statement.CreateStream c)
    {
        out.append("CREATE ").append(c.orReplace() ? "OR REPLACE " : "");
        switch (c.kind())
        {
            case RANDOM_STREAM: out.append("RANDOM STREAM "); break;
            case EXTERNAL_STREAM: out.append("EXTERNAL STREAM "); break;
            case TABLE: out.append("TABLE "); break;
            default: out.append("STREAM ");
        }
        out.append(c.ifNotExists() ? "IF NOT EXISTS " : "");
        qualified(c.name());
        if (!c.columns().isEmpty())
        {
            columns(c.columns(), null);
        }
        if (!c.primaryKey().isEmpty())
        {
            out.append(" PRIMARY KEY (");
            exprList(c.primaryKey());
            out.append(')');
        }
        if (!c.orderBy().isEmpty())
        {
            out.append(" ORDER BY (");
            exprList(c.orderBy());
            out.append(')');
        }
        if (c.partitionBy() != null)
        {
            out.append(" PARTITION BY ");
            expr(c.partitionBy());
        }
        if (c.ttl() != null)
        {
            out.append(" TTL ");
            expr(c.ttl());
        }
        if (!c.settings().isEmpty())
        {
            out.append(" SETTINGS ");
            settings(c.settings());
        }
        if (c.comment() != null)
        {
            out.append(" COMMENT ");
            string(out, c.comment());
        }
    }

    private void createView(final Statement.CreateView v)
    {
        out.append("CREATE ").append(v.orReplace() ? "OR REPLACE " : "").append(v.materialized() ? "MATERIALIZED " : "")
            .append("VIEW ").append(v.ifNotExists() ? "IF NOT EXISTS " : "");
        qualified(v.name());
        if (v.into() != null)
        {
            out.append(" INTO ");
            qualified(v.into());
        }
        if (!v.columns().isEmpty())
        {
            columns(v.columns(), null);
        }
        out.append(" AS ");
        statement(v.query());
        if (!v.settings().isEmpty())
        {
            out.append(" SETTINGS ");
            settings(v.settings());
        }
    }

    private void show(final Statement.Show show)
    {
        out.append("SHOW ");
        switch (show.what())
        {
            case "CREATE":
                out.append("CREATE ");
                qualified(show.target());
                break;
            case "CREATE DATABASE":
                out.append("CREATE DATABASE ");
                qualified(show.target());
                break;
            default:
                out.append(show.what());
                if (show.from() != null)
                {
                    out.append(" FROM ");
                    name(show.from());
                }
                if (show.like() != null)
                {
                    out.append(" LIKE ");
                    string(out, show.like());
                }
        }
        format(show.format());
    }
}
