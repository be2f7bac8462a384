package io.muon.sql.analyzer;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.catalog.CatalogObject;
import io.muon.kernel.catalog.ColumnEntry;
import io.muon.kernel.catalog.ObjectKind;
import io.muon.kernel.catalog.StreamMode;
import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeParser;
import io.muon.sql.ast.Expr;
import io.muon.sql.ast.Statement;
import io.muon.sql.parser.SqlParser;
import io.muon.sql.parser.SqlPrinter;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns CREATE statements into catalog objects and back: resolves the database, parses and checks column types,
 * adds the hidden columns ({@code _tp_time} on every stored stream, {@code _tp_delta} on changelog_kv streams),
 * checks settings and keys, and keeps expressions as canonical SQL. {@link #createStatement} rebuilds the CREATE of
 * an object for SHOW CREATE.
 */
public final class DdlAnalyzer
{
    public static final String TP_TIME = "_tp_time";
    public static final String TP_SN = "_tp_sn";
    public static final String TP_DELTA = "_tp_delta";
    public static final String TP_TIME_DEFAULT = "now64(3, 'UTC')";
    private static final Set<String> RESERVED = Set.of(TP_SN, TP_DELTA, "_tp_shard", "_tp_message_key",
        "_tp_message_headers", "_tp_append_time", "_tp_process_time");

    private DdlAnalyzer()
    {
    }

    /** The database a name refers to: its first part if qualified, else the session's. */
    public static String database(final Expr.Identifier name, final String currentDatabase)
    {
        if (name.parts().size() > 2)
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Name " + String.join(".", name.parts()) +
                " has more than two parts");
        }
        return name.parts().size() == 2 ? name.parts().get(0) : currentDatabase;
    }

    public static CatalogObject stream(final Statement.CreateStream create, final String currentDatabase)
    {
        final ObjectKind kind = switch (create.kind())
        {
            case RANDOM_STREAM -> ObjectKind.RANDOM_STREAM;
            case EXTERNAL_STREAM -> ObjectKind.EXTERNAL_STREAM;
            default -> ObjectKind.STREAM;
        };
        final String database = database(create.name(), currentDatabase);
        final Map<String, String> settings = settings(kind, create.settings());
        final StreamMode mode = settings.containsKey("mode") ? StreamMode.parse(settings.get("mode")) : StreamMode.APPEND;

        final List<ColumnEntry> columns = new ArrayList<>();
        final Set<String> names = new HashSet<>();
        final List<ColumnEntry> typed = new ArrayList<>();
        for (final Statement.ColumnDefinition definition : create.columns())
        {
            if (definition.type() != null)
            {
                typed.add(ColumnEntry.of(definition.name(), TypeParser.parse(definition.type())));
            }
        }
        for (final Statement.ColumnDefinition definition : create.columns())
        {
            if (!names.add(definition.name()))
            {
                throw new MuonException(ErrorCodes.DUPLICATE_COLUMN,
                    "Column " + definition.name() + " specified more than once");
            }
            // an external stream writes a message's key and headers from the columns of these names
            if (RESERVED.contains(definition.name()) && !(kind == ObjectKind.EXTERNAL_STREAM &&
                definition.name().startsWith("_tp_message_")))
            {
                throw new MuonException(ErrorCodes.ILLEGAL_COLUMN, "Column name " + definition.name() +
                    " is reserved for a hidden column");
            }
            columns.add(column(definition, typed));
        }
        if (columns.isEmpty())
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "A " + kind.noun() + " needs at least one column");
        }
        if (kind != ObjectKind.EXTERNAL_STREAM && !names.contains(TP_TIME))
        {
            columns.add(new ColumnEntry(TP_TIME, DataType.TP_TIME, TP_TIME_DEFAULT, "DoubleDelta, LZ4", null));
        }
        if (mode == StreamMode.CHANGELOG_KV)
        {
            columns.add(new ColumnEntry(TP_DELTA, DataType.INT8, "1", null, null));
        }
        if (mode != StreamMode.APPEND && create.primaryKey().isEmpty())
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "A " + mode.setting() + " stream needs a PRIMARY KEY");
        }
        final String versionColumn = settings.get("version_column");
        if (versionColumn != null && !names.contains(versionColumn))
        {
            throw new MuonException(ErrorCodes.NO_SUCH_COLUMN_IN_TABLE, "version_column " + versionColumn +
                " is not a column of " + database + "." + create.name().last());
        }
        return new CatalogObject(kind, database, create.name().last(), 0, 1, columns, mode, list(create.orderBy()),
            expression(create.partitionBy()), list(create.primaryKey()), expression(create.ttl()), settings, null, null,
            create.comment());
    }

    public static CatalogObject view(final Statement.CreateView create, final String currentDatabase)
    {
        final ObjectKind kind = create.materialized() ? ObjectKind.MATERIALIZED_VIEW : ObjectKind.VIEW;
        final String database = database(create.name(), currentDatabase);
        Statement.Query query = create.query();
        final List<Statement.Setting> viewSettings = new ArrayList<>(create.settings());
        // trailing SETTINGS of the SELECT that are view settings belong to the view
        if (query instanceof Statement.Select select && !select.settings().isEmpty())
        {
            final List<Statement.Setting> kept = new ArrayList<>();
            for (final Statement.Setting setting : select.settings())
            {
                if (isViewSetting(setting.name()))
                {
                    viewSettings.add(setting);
                }
                else
                {
                    kept.add(setting);
                }
            }
            query = new Statement.Select(select.with(), select.distinct(), select.projection(), select.from(),
                select.where(), select.groupBy(), select.withTotals(), select.having(), select.orderBy(),
                select.limitBy(), select.limit(), select.offset(), select.emit(), kept, select.format());
        }
        final List<ColumnEntry> columns = new ArrayList<>();
        for (final Statement.ColumnDefinition definition : create.columns())
        {
            columns.add(column(definition, List.of()));
        }
        String target = null;
        if (create.into() != null)
        {
            if (!create.materialized())
            {
                throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Only a materialized view can have INTO");
            }
            target = database(create.into(), currentDatabase) + "." + create.into().last();
        }
        return new CatalogObject(kind, database, create.name().last(), 0, 1, columns, StreamMode.APPEND, null, null, null,
            null, settings(kind, viewSettings), SqlPrinter.print(query), target, null);
    }

    /**
     * The view with its result columns filled in from its analyzed query: a view or a materialized view without INTO
     * keeps the columns of its query (a materialized view also {@code _tp_time}); a materialized view with INTO must
     * produce only columns its target stream has (Code 16 otherwise).
     */
    public static CatalogObject withQueryColumns(final CatalogObject view, final QueryAnalyzer analyzer,
        final io.muon.kernel.catalog.CatalogSnapshot snapshot)
    {
        final List<ColumnEntry> produced = analyzer.viewColumns(view);
        if (view.target() != null)
        {
            final String[] target = view.target().split("\\.", 2);
            final CatalogObject stream = snapshot.find(target[0], target[1]);
            for (final ColumnEntry column : produced)
            {
                if (stream.column(column.name()) == null && !column.name().equals(TP_TIME))
                {
                    throw new MuonException(ErrorCodes.NO_SUCH_COLUMN_IN_TABLE, "Materialized view " +
                        view.qualifiedName() + " produces column " + column.name() + ", which its target stream " +
                        stream.qualifiedName() + " does not have");
                }
            }
            return view;
        }
        if (!view.columns().isEmpty())
        {
            return view;
        }
        return new CatalogObject(view.kind(), view.database(), view.name(), view.id(), view.schemaVersion(), produced,
            view.mode(), view.orderBy(), view.partitionBy(), view.primaryKey(), view.ttl(), view.settings(),
            view.query(), view.target(), view.comment());
    }

    private static boolean isViewSetting(final String name)
    {
        return name.equals("pause_on_start") || name.equals("checkpoint_interval") ||
            name.equals("enable_idempotent_processing");
    }

    /**
     * A column of a CREATE or ALTER: its type as written, or, for {@code col DEFAULT expr} without one, the type of
     * the expression. A DEFAULT expression is typed against the other columns ({@code known}), so an unknown
     * function or column is reported when the stream is created, not when a row is inserted.
     */
    static ColumnEntry column(final Statement.ColumnDefinition definition, final List<ColumnEntry> known)
    {
        if (definition.type() == null && definition.defaultExpr() == null)
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Column " + definition.name() + " needs a type");
        }
        DataType type = definition.type() == null ? null : TypeParser.parse(definition.type());
        if (definition.defaultExpr() != null)
        {
            final DataType defaultType = ExpressionAnalyzer.typeOfDefault(definition.defaultExpr(), known);
            if (type == null)
            {
                type = defaultType.id() == io.muon.kernel.type.TypeId.NOTHING ? DataType.nullable(DataType.NOTHING) :
                    defaultType;
            }
        }
        String defaultText = null;
        if (definition.defaultExpr() != null)
        {
            if (!"DEFAULT".equals(definition.defaultKind()))
            {
                throw new MuonException(ErrorCodes.BAD_ARGUMENTS, definition.defaultKind() +
                    " columns are not kept by streams; use DEFAULT for column " + definition.name());
            }
            defaultText = SqlPrinter.print(definition.defaultExpr());
        }
        String codec = null;
        if (!definition.codecs().isEmpty())
        {
            final List<String> parts = new ArrayList<>();
            for (final Expr.Function function : definition.codecs())
            {
                parts.add(SqlPrinter.print(function.arguments().isEmpty() ? Expr.Identifier.of(function.name()) : function));
            }
            codec = String.join(", ", parts);
        }
        return new ColumnEntry(definition.name(), type, defaultText, codec, definition.comment());
    }

    private static Map<String, String> settings(final ObjectKind kind, final List<Statement.Setting> settings)
    {
        final Map<String, String> result = new LinkedHashMap<>();
        for (final Statement.Setting setting : settings)
        {
            final String value;
            if (setting.value() instanceof Expr.Literal literal)
            {
                value = literal.text();
            }
            else
            {
                throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Setting " + setting.name() +
                    " needs a literal value, got " + SqlPrinter.print(setting.value()));
            }
            if (result.put(setting.name(), StreamSettings.check(kind, setting.name(), value)) != null)
            {
                throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Setting " + setting.name() + " given twice");
            }
        }
        return result;
    }

    private static String list(final List<Expr> expressions)
    {
        if (expressions.isEmpty())
        {
            return null;
        }
        final List<String> parts = new ArrayList<>();
        for (final Expr e : expressions)
        {
            parts.add(SqlPrinter.print(e));
        }
        return String.join(", ", parts);
    }

    private static String expression(final Expr expr)
    {
        return expr == null ? null : SqlPrinter.print(expr);
    }

    /** The CREATE statement of a catalog object, as SHOW CREATE prints it. */
    public static Statement createStatement(final CatalogObject object)
    {
        final Expr.Identifier name = Expr.Identifier.of(object.database(), object.name());
        final List<Statement.ColumnDefinition> columns = new ArrayList<>();
        for (final ColumnEntry column : object.columns())
        {
            final List<Expr.Function> codecs = new ArrayList<>();
            if (column.codec() != null)
            {
                final Expr parsed = SqlParser.parseExpression("f(" + column.codec() + ")");
                for (final Expr argument : ((Expr.Function)parsed).arguments())
                {
                    codecs.add(argument instanceof Expr.Function f ? f :
                        new Expr.Function(((Expr.Identifier)argument).last(), List.of(), List.of(), false));
                }
            }
            columns.add(new Statement.ColumnDefinition(column.name(), column.type().protonName(),
                column.defaultExpression() == null ? null : "DEFAULT",
                column.defaultExpression() == null ? null : SqlParser.parseExpression(column.defaultExpression()),
                codecs, column.comment()));
        }
        final List<Statement.Setting> settings = new ArrayList<>();
        object.settings().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
            settings.add(new Statement.Setting(e.getKey(), Expr.Literal.string(e.getValue()))));
        switch (object.kind())
        {
            case VIEW:
            case MATERIALIZED_VIEW:
                return new Statement.CreateView(object.kind() == ObjectKind.MATERIALIZED_VIEW, false, false, name,
                    object.target() == null ? null : new Expr.Identifier(List.of(object.target().split("\\.", 2))),
                    columns, (Statement.Query)SqlParser.parse(object.query()), settings);
            default:
                final Statement.StreamKind kind = switch (object.kind())
                {
                    case RANDOM_STREAM -> Statement.StreamKind.RANDOM_STREAM;
                    case EXTERNAL_STREAM -> Statement.StreamKind.EXTERNAL_STREAM;
                    default -> Statement.StreamKind.STREAM;
                };
                return new Statement.CreateStream(kind, false, false, name, columns, exprList(object.orderBy()),
                    object.partitionBy() == null ? null : SqlParser.parseExpression(object.partitionBy()),
                    exprList(object.primaryKey()),
                    object.ttl() == null ? null : SqlParser.parseExpression(object.ttl()), settings, object.comment());
        }
    }

    private static List<Expr> exprList(final String text)
    {
        if (text == null)
        {
            return List.of();
        }
        final Expr parsed = SqlParser.parseExpression("f(" + text + ")");
        return ((Expr.Function)parsed).arguments();
    }
}
