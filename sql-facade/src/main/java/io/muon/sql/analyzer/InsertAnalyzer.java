package io.muon.sql.analyzer;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.catalog.Catalog;
import io.muon.kernel.catalog.CatalogObject;
import io.muon.kernel.catalog.CatalogSnapshot;
import io.muon.kernel.catalog.ColumnEntry;
import io.muon.kernel.type.DataType;
import io.muon.sql.ast.Expr;
import io.muon.sql.ast.Statement;
import io.muon.sql.function.TypeRules;
import io.muon.sql.parser.SqlParser;
import io.muon.sql.plan.InsertPlan;
import io.muon.sql.plan.LogicalPlan.Column;
import io.muon.sql.plan.QueryPlan;
import io.muon.sql.plan.TypedExpr;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns an INSERT into an {@link InsertPlan}: resolves the target (a stream, or the INTO stream of a materialized
 * view), matches the named columns (or all of the stream's visible columns), types every VALUES expression and
 * checks it converts to its column, analyzes INSERT … SELECT and matches its columns by position, and types the
 * DEFAULT expressions of the columns the INSERT leaves out. Owned by one analysis.
 */
public final class InsertAnalyzer
{
    private final CatalogSnapshot catalog;
    private final QueryAnalyzer queries;
    private final String database;

    public InsertAnalyzer(final CatalogSnapshot catalog, final String database, final Map<String, Object> sessionSettings,
        final boolean streamingByDefault)
    {
        this.catalog = catalog;
        this.database = database;
        this.queries = new QueryAnalyzer(catalog, database, sessionSettings, streamingByDefault);
    }

    /** The tables the client sent with this statement, which the INSERT's SELECT may read. */
    public InsertAnalyzer externalTables(final Map<String, io.muon.sql.plan.LogicalPlan.ExternalTable> tables)
    {
        queries.externalTables(tables);
        return this;
    }

    public InsertPlan analyze(final Statement.Insert insert)
    {
        final CatalogObject target = target(insert.table());
        final List<ColumnEntry> inserted = insertedColumns(target, insert.columns());
        final List<Column> insertedColumns = new ArrayList<>();
        for (final ColumnEntry column : inserted)
        {
            insertedColumns.add(new Column(column.name(), column.type()));
        }
        final Map<String, Object> settings = new LinkedHashMap<>();
        for (final Statement.Setting setting : insert.settings())
        {
            settings.put(setting.name(), QuerySettings.check(setting.name(), QueryAnalyzer.settingValue(setting)));
        }
        List<List<TypedExpr>> rows = null;
        QueryPlan select = null;
        if (insert.rows() != null)
        {
            rows = values(insert.rows(), insertedColumns);
        }
        else if (insert.select() != null)
        {
            select = queries.analyze(insert.select());
            checkSelect(select, insertedColumns);
        }
        return new InsertPlan(target, insertedColumns, rows, select, insert.format(), insert.data(),
            storedColumns(target, insertedColumns), settings);
    }

    /**
     * How a materialized view's results (columns {@code results}) go into its storage: its INTO stream, or its own
     * stream when it has none, the columns matched by name (the others take their DEFAULTs). Code 16 when a result
     * column is not in the storage.
     */
    public InsertPlan viewResults(final CatalogObject view, final List<Column> results)
    {
        CatalogObject storage = view;
        if (view.target() != null)
        {
            final String[] target = view.target().split("\\.", 2);
            storage = catalog.find(target[0], target[1]);
            if (storage == null)
            {
                throw new MuonException(ErrorCodes.UNKNOWN_TABLE, "Target stream " + view.target() +
                    " of materialized view " + view.qualifiedName() + " doesn't exist");
            }
        }
        final List<Column> inserted = new ArrayList<>();
        for (final Column result : results)
        {
            ColumnEntry stored = null;
            for (final ColumnEntry column : storage.columns())
            {
                stored = column.name().equals(result.name()) ? column : stored;
            }
            if (stored == null)
            {
                throw new MuonException(ErrorCodes.NO_SUCH_COLUMN_IN_TABLE, "Column " + result.name() + " of the " +
                    "results of materialized view " + view.qualifiedName() + " is not a column of " +
                    storage.qualifiedName() + "; name the result columns as the stream's (AS name)");
            }
            inserted.add(new Column(stored.name(), stored.type()));
        }
        return new InsertPlan(storage, inserted, null, null, "Native", null, storedColumns(storage, inserted),
            Map.of());
    }

    private CatalogObject target(final Expr.Identifier name)
    {
        final String db = DdlAnalyzer.database(name, database);
        final String object = name.last();
        if (db.equals("system"))
        {
            throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "Method write is not supported by storage system." +
                object);
        }
        if (!catalog.hasDatabase(db))
        {
            throw new MuonException(ErrorCodes.UNKNOWN_DATABASE, "Database " + db + " doesn't exist");
        }
        final CatalogObject found = catalog.find(db, object);
        if (found == null)
        {
            final String closest = Catalog.closest(catalog.objects(db).keySet(), object);
            throw new MuonException(ErrorCodes.UNKNOWN_TABLE, "Stream " + db + "." + object + " doesn't exist" +
                (closest == null ? "" : ". Maybe you meant " + db + "." + closest));
        }
        switch (found.kind())
        {
            case VIEW:
                throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "Method write is not supported by storage View (" +
                    found.qualifiedName() + ")");
            case MATERIALIZED_VIEW:
            {
                if (found.target() == null)
                {
                    throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "Materialized view " + found.qualifiedName() +
                        " writes its own results; it has no INTO stream to insert into");
                }
                final String[] target = found.target().split("\\.", 2);
                final CatalogObject stream = catalog.find(target[0], target[1]);
                if (stream == null)
                {
                    throw new MuonException(ErrorCodes.UNKNOWN_TABLE, "Target stream " + found.target() +
                        " of materialized view " + found.qualifiedName() + " doesn't exist");
                }
                return stream;
            }
            case RANDOM_STREAM:
                throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "Method write is not supported by random stream " +
                    found.qualifiedName() + ": it generates its own rows");
            default:
                return found;
        }
    }

    /** The named columns in the order given, or every column a {@code SELECT *} of the stream shows. */
    private static List<ColumnEntry> insertedColumns(final CatalogObject target, final List<String> names)
    {
        final List<ColumnEntry> inserted = new ArrayList<>();
        if (names.isEmpty())
        {
            for (final ColumnEntry column : target.columns())
            {
                if (!column.name().equals(DdlAnalyzer.TP_TIME) && !column.name().equals(DdlAnalyzer.TP_DELTA))
                {
                    inserted.add(column);
                }
            }
            return inserted;
        }
        final Set<String> seen = new HashSet<>();
        for (final String name : names)
        {
            final ColumnEntry column = target.column(name);
            if (column == null)
            {
                final List<String> known = new ArrayList<>();
                target.columns().forEach(c -> known.add(c.name()));
                final String closest = Catalog.closest(known, name);
                throw new MuonException(ErrorCodes.NO_SUCH_COLUMN_IN_TABLE, "No such column " + name + " in stream " +
                    target.qualifiedName() + (closest == null ? "" : ". Maybe you meant " + closest));
            }
            if (!seen.add(name))
            {
                throw new MuonException(ErrorCodes.DUPLICATE_COLUMN, "Column " + name + " in stream " +
                    target.qualifiedName() + " specified more than once");
            }
            inserted.add(column);
        }
        return inserted;
    }

    private List<List<TypedExpr>> values(final List<List<Expr>> rows, final List<Column> inserted)
    {
        final Scope empty = new Scope();
        final List<List<TypedExpr>> typed = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++)
        {
            final List<Expr> row = rows.get(r);
            if (row.size() != inserted.size())
            {
                throw new MuonException(ErrorCodes.NUMBER_OF_COLUMNS_DOESNT_MATCH, "Row " + (r + 1) + " of VALUES has " +
                    row.size() + " values, but " + inserted.size() + " columns are inserted (" + names(inserted) + ")");
            }
            final List<TypedExpr> values = new ArrayList<>(row.size());
            for (int c = 0; c < row.size(); c++)
            {
                final TypedExpr value = new ExpressionAnalyzer(queries, empty, "VALUES", false)
                    .analyze(row.get(c), "VALUES", false);
                final String why = TypeRules.inconvertible(value.type(), inserted.get(c).type(), true);
                if (why != null)
                {
                    throw new MuonException(ErrorCodes.TYPE_MISMATCH, "Type mismatch in VALUES section: row " + (r + 1) +
                        ", column " + inserted.get(c).name() + ": " + why);
                }
                values.add(value);
            }
            typed.add(values);
        }
        return typed;
    }

    private static void checkSelect(final QueryPlan select, final List<Column> inserted)
    {
        final List<Column> produced = select.output();
        if (produced.size() != inserted.size())
        {
            throw new MuonException(ErrorCodes.NUMBER_OF_COLUMNS_DOESNT_MATCH, "Number of columns doesn't match: the " +
                "SELECT produces " + produced.size() + ", the INSERT writes " + inserted.size() + " (" + names(inserted) +
                ")");
        }
        for (int i = 0; i < produced.size(); i++)
        {
            final String why = TypeRules.inconvertible(produced.get(i).type(), inserted.get(i).type(), false);
            if (why != null)
            {
                throw new MuonException(ErrorCodes.TYPE_MISMATCH, "Cannot insert column " + (i + 1) + " of the SELECT (" +
                    produced.get(i).name() + ") into column " + inserted.get(i).name() + ": " + why);
            }
        }
    }

    /** One expression per stored column over the converted inserted columns: a reference, or the DEFAULT. */
    private List<TypedExpr> storedColumns(final CatalogObject target, final List<Column> inserted)
    {
        return storedColumns(queries, target, inserted);
    }

    /**
     * One expression per stored column of {@code target} over {@code inserted}: a reference to the inserted column
     * of that name, or else the column's DEFAULT (a random stream's rows are all DEFAULTs).
     */
    static List<TypedExpr> storedColumns(final QueryAnalyzer queries, final CatalogObject target,
        final List<Column> inserted)
    {
        final Scope scope = new Scope();
        scope.addRelation(null, null, null, inserted);
        for (final ColumnEntry column : target.columns())
        {
            if (indexOf(inserted, column.name()) < 0)
            {
                scope.addAlias(column.name(), column.defaultExpression() != null ?
                    SqlParser.parseExpression(column.defaultExpression()) : new Expr.Function("default_value_of_type_name",
                    List.of(), List.of(Expr.Literal.string(column.type().clickHouseName())), false));
            }
        }
        final List<TypedExpr> stored = new ArrayList<>();
        for (final ColumnEntry column : target.columns())
        {
            final int index = indexOf(inserted, column.name());
            TypedExpr value;
            if (index >= 0)
            {
                value = new TypedExpr.ColumnRef(index, column.name(), column.type());
            }
            else
            {
                value = new ExpressionAnalyzer(queries, scope, "DEFAULT of " + column.name(), false)
                    .analyze(Expr.Identifier.of(column.name()), "DEFAULT", false);
            }
            if (!value.type().equals(column.type()))
            {
                value = new TypedExpr.Call("cast", List.of(value,
                    new TypedExpr.Constant(column.type().clickHouseName(), DataType.STRING)), column.type());
            }
            stored.add(value);
        }
        return stored;
    }

    private static int indexOf(final List<Column> columns, final String name)
    {
        for (int i = 0; i < columns.size(); i++)
        {
            if (columns.get(i).name().equals(name))
            {
                return i;
            }
        }
        return -1;
    }

    private static String names(final List<Column> columns)
    {
        final List<String> names = new ArrayList<>();
        columns.forEach(c -> names.add(c.name()));
        return String.join(", ", names);
    }
}
