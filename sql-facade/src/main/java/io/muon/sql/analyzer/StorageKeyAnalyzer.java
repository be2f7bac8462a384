package io.muon.sql.analyzer;

import io.muon.kernel.catalog.CatalogObject;
import io.muon.kernel.catalog.CatalogSnapshot;
import io.muon.kernel.catalog.ColumnEntry;
import io.muon.kernel.type.DataType;
import io.muon.sql.ast.Expr;
import io.muon.sql.parser.SqlParser;
import io.muon.sql.plan.LogicalPlan;
import io.muon.sql.plan.TypedExpr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Types a stream's ORDER BY, PARTITION BY and TTL clauses over the columns of its parts (the stream's columns in order,
 * then {@code _tp_sn}), for the compaction's {@link io.muon.kernel.part.StorageLayout}. Without ORDER BY the sort key
 * is {@code _tp_time} when the stream has it. Stateless.
 */
public final class StorageKeyAnalyzer
{
    /**
     * The typed clauses; {@code ttl} is null without a TTL; {@code partitionColumns} and {@code ttlColumns} the
     * columns PARTITION BY and TTL read.
     */
    public record Keys(List<TypedExpr> sortKey, List<TypedExpr> partitionKey, List<Integer> partitionColumns,
        TypedExpr ttl, List<Integer> ttlColumns)
    {
    }

    private StorageKeyAnalyzer()
    {
    }

    public static Keys analyze(final CatalogSnapshot catalog, final CatalogObject stream)
    {
        final List<LogicalPlan.Column> columns = new ArrayList<>();
        for (final ColumnEntry column : stream.columns())
        {
            columns.add(new LogicalPlan.Column(column.name(), column.type()));
        }
        columns.add(new LogicalPlan.Column("_tp_sn", DataType.INT64));
        final Scope scope = new Scope();
        scope.addRelation(null, stream.database(), stream.name(), columns);
        final QueryAnalyzer queries = new QueryAnalyzer(catalog, stream.database(), Map.of(), false);
        final ExpressionAnalyzer analyzer = new ExpressionAnalyzer(queries, scope, stream.qualifiedName(), false);
        final List<TypedExpr> sortKey = new ArrayList<>();
        if (stream.orderBy() != null)
        {
            for (final Expr e : elements(stream.orderBy()))
            {
                sortKey.add(analyzer.analyze(e, "ORDER BY", false));
            }
        }
        else if (stream.column("_tp_time") != null)
        {
            sortKey.add(analyzer.analyze(Expr.Identifier.of("_tp_time"), "ORDER BY", false));
        }
        final List<TypedExpr> partitionKey = new ArrayList<>();
        final TreeSet<Integer> read = new TreeSet<>();
        if (stream.partitionBy() != null)
        {
            for (final Expr e : elements(stream.partitionBy()))
            {
                final TypedExpr typed = analyzer.analyze(e, "PARTITION BY", false);
                partitionKey.add(typed);
                collectColumns(typed, read);
            }
        }
        TypedExpr ttl = null;
        final TreeSet<Integer> ttlRead = new TreeSet<>();
        if (stream.ttl() != null)
        {
            final TypedExpr expiry = analyzer.analyze(SqlParser.parseExpression(stream.ttl()), "TTL", false);
            ttl = new TypedExpr.Call("cast", List.of(expiry, new TypedExpr.Constant("DateTime", DataType.STRING)),
                DataType.DATETIME);
            collectColumns(ttl, ttlRead);
        }
        return new Keys(sortKey, partitionKey, List.copyOf(read), ttl, List.copyOf(ttlRead));
    }

    /** The elements of a key clause: {@code a, b}, {@code (a, b)} and {@code tuple(a, b)} are two; {@code tuple()} none. */
    private static List<Expr> elements(final String clause)
    {
        final Expr parsed = SqlParser.parseExpression("tuple(" + clause + ")");
        List<Expr> elements = ((Expr.Function)parsed).arguments();
        if (elements.size() == 1 && elements.get(0) instanceof Expr.Function inner &&
            inner.name().equalsIgnoreCase("tuple"))
        {
            elements = inner.arguments();
        }
        return elements;
    }

    private static void collectColumns(final TypedExpr expr, final TreeSet<Integer> out)
    {
        if (expr instanceof TypedExpr.ColumnRef ref)
        {
            out.add(ref.index());
        }
        else if (expr instanceof TypedExpr.Call call)
        {
            call.arguments().forEach(argument -> collectColumns(argument, out));
        }
    }
}
