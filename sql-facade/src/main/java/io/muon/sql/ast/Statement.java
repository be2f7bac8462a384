package io.muon.sql.ast;

import java.util.List;

/** Statements of Muon's SQL dialect, as immutable records. */
public sealed interface Statement permits Statement.Query, Statement.Insert, Statement.CreateDatabase,
    Statement.CreateStream, Statement.CreateView, Statement.Drop, Statement.Rename, Statement.Truncate,
    Statement.Optimize, Statement.Show, Statement.Describe, Statement.Use, Statement.Explain, Statement.Set, Statement.SystemCommand,
    Statement.KillQuery, Statement.Alter, Statement.CreateUser, Statement.DropUser
{
    /** {@code name = value} in SETTINGS clauses and SET. */
    record Setting(String name, Expr value)
    {
    }

    /** A SELECT or a UNION of them. */
    sealed interface Query extends Statement permits Select, Union
    {
    }

    /** {@code WITH name AS (SELECT …)} or ClickHouse's {@code WITH expr AS name}: exactly one of query or expr is set. */
    record Cte(String name, Query query, Expr expr)
    {
    }

    record OrderItem(Expr expr, boolean descending, Boolean nullsFirst)
    {
    }

    record LimitBy(Expr limit, Expr offset, List<Expr> by)
    {
        public LimitBy
        {
            by = List.copyOf(by);
        }
    }

    /** How a streaming query emits; {@code policy} is null when only CHANGELOG is given. */
    enum EmitPolicy
    {
        AFTER_WINDOW_CLOSE, PERIODIC, ON_UPDATE
    }

    /**
     * EMIT clause. Proton 1.6's {@code AFTER WATERMARK} is read as {@code AFTER WINDOW CLOSE}; {@code EMIT STREAM}
     * as the default (no changelog).
     */
    record Emit(boolean changelog, EmitPolicy policy, Expr delay, Expr timeout, Expr periodic, boolean repeat,
        Expr batch, Expr last, boolean onProcessingTime)
    {
    }

    record Select(
        List<Cte> with,
        boolean distinct,
        List<Expr> projection,
        TableExpr from,
        Expr where,
        List<Expr> groupBy,
        boolean withTotals,
        Expr having,
        List<OrderItem> orderBy,
        LimitBy limitBy,
        Expr limit,
        Expr offset,
        Emit emit,
        List<Setting> settings,
        String format) implements Query
    {
        public Select
        {
            with = List.copyOf(with);
            projection = List.copyOf(projection);
            groupBy = List.copyOf(groupBy);
            orderBy = List.copyOf(orderBy);
            settings = List.copyOf(settings);
        }
    }

    /** {@code left UNION ALL|DISTINCT right}; trailing SETTINGS/FORMAT belong to the last SELECT. */
    record Union(Query left, Query right, boolean all) implements Query
    {
    }

    /** FROM-clause items. */
    sealed interface TableExpr permits TableRef, TableFunction, SubqueryTable, Join
    {
    }

    record TableRef(Expr.Identifier name, String alias, boolean isFinal) implements TableExpr
    {
    }

    /** {@code table(s)}, {@code tumble(s, 5s)}, {@code numbers(10)}… */
    record TableFunction(Expr.Function call, String alias) implements TableExpr
    {
    }

    record SubqueryTable(Query query, String alias) implements TableExpr
    {
    }

    /**
     * A join. {@code kind}: INNER, LEFT, RIGHT, FULL, CROSS or COMMA; {@code strictness}: ALL, ANY, ASOF, LATEST, SEMI,
     * ANTI or null; exactly one of {@code on} and {@code using} is set unless the kind is CROSS or COMMA.
     */
    record Join(TableExpr left, TableExpr right, String kind, String strictness, boolean global, Expr on,
        List<String> using) implements TableExpr
    {
        public Join
        {
            using = List.copyOf(using);
        }
    }

    /** INSERT INTO t [(cols)] VALUES … | SELECT … | FORMAT name data. */
    record Insert(Expr.Identifier table, List<String> columns, List<List<Expr>> rows, Query select, String format,
        String data, List<Setting> settings) implements Statement
    {
        public Insert
        {
            columns = List.copyOf(columns);
            rows = rows == null ? null : rows.stream().map(List::copyOf).toList();
            settings = List.copyOf(settings);
        }
    }

    record CreateDatabase(boolean ifNotExists, String name, String comment) implements Statement
    {
    }

    /** {@code DEFAULT expr}, {@code MATERIALIZED expr} or {@code ALIAS expr}. */
    record ColumnDefinition(String name, String type, String defaultKind, Expr defaultExpr, List<Expr.Function> codecs,
        String comment)
    {
        public ColumnDefinition
        {
            codecs = List.copyOf(codecs);
        }
    }

    /** What kind of stream a CREATE makes. */
    enum StreamKind
    {
        STREAM, RANDOM_STREAM, EXTERNAL_STREAM, TABLE
    }

    record CreateStream(StreamKind kind, boolean orReplace, boolean ifNotExists, Expr.Identifier name,
        List<ColumnDefinition> columns, List<Expr> orderBy, Expr partitionBy, List<Expr> primaryKey, Expr ttl,
        List<Setting> settings, String comment) implements Statement
    {
        public CreateStream
        {
            columns = List.copyOf(columns);
            orderBy = List.copyOf(orderBy);
            primaryKey = List.copyOf(primaryKey);
            settings = List.copyOf(settings);
        }
    }

    record CreateView(boolean materialized, boolean orReplace, boolean ifNotExists, Expr.Identifier name,
        Expr.Identifier into, List<ColumnDefinition> columns, Query query, List<Setting> settings) implements Statement
    {
        public CreateView
        {
            columns = List.copyOf(columns);
            settings = List.copyOf(settings);
        }
    }

    /** DROP STREAM|TABLE|VIEW|DATABASE|… {@code what} in upper case as written, e.g. "MATERIALIZED VIEW". */
    record Drop(String what, boolean ifExists, Expr.Identifier name) implements Statement
    {
    }

    record Rename(String what, List<Expr.Identifier> from, List<Expr.Identifier> to) implements Statement
    {
        public Rename
        {
            from = List.copyOf(from);
            to = List.copyOf(to);
        }
    }

    record Truncate(String what, boolean ifExists, Expr.Identifier name) implements Statement
    {
    }

    /**
     * OPTIMIZE STREAM name [PARTITION expr | PARTITION ID 'id'] [FINAL]: compacts the log and merges parts now (of
     * one partition, named by its key's value or its ID).
     */
    record Optimize(Expr.Identifier name, Expr partition, String partitionId, boolean isFinal) implements Statement
    {
    }

    /**
     * SHOW … {@code what}: STREAMS, TABLES, DATABASES, VIEWS, CREATE, PROCESSLIST, SETTINGS, FUNCTIONS;
     * {@code target} for SHOW CREATE, {@code from} database, {@code like} pattern.
     */
    record Show(String what, Expr.Identifier target, String from, String like, String format) implements Statement
    {
    }

    record Describe(TableExpr target, String format) implements Statement
    {
    }

    record Use(String database) implements Statement
    {
    }

    /** EXPLAIN [AST|SYNTAX|PLAN|PIPELINE] statement. */
    record Explain(String kind, Statement statement) implements Statement
    {
    }

    record Set(List<Setting> settings) implements Statement
    {
        public Set
        {
            settings = List.copyOf(settings);
        }
    }

    /** SYSTEM PAUSE|RESUME MATERIALIZED VIEW name, and other SYSTEM commands as their words. */
    record SystemCommand(String command, Expr.Identifier target) implements Statement
    {
    }

    record KillQuery(Expr where, boolean sync) implements Statement
    {
    }

    /** One change of an ALTER STREAM. */
    sealed interface AlterAction permits AddColumn, DropColumn, ModifyColumn, RenameColumn, ModifyTtl, RemoveTtl,
        ModifySetting, ResetSetting
    {
    }

    /** ADD COLUMN [IF NOT EXISTS] definition [FIRST | AFTER column]; {@code after} "" means FIRST, null means last. */
    record AddColumn(ColumnDefinition column, boolean ifNotExists, String after) implements AlterAction
    {
    }

    record DropColumn(String name, boolean ifExists) implements AlterAction
    {
    }

    record ModifyColumn(ColumnDefinition column, boolean ifExists) implements AlterAction
    {
    }

    record RenameColumn(String from, String to, boolean ifExists) implements AlterAction
    {
    }

    record ModifyTtl(Expr ttl) implements AlterAction
    {
    }

    record RemoveTtl() implements AlterAction
    {
    }

    record ModifySetting(List<Setting> settings) implements AlterAction
    {
        public ModifySetting
        {
            settings = List.copyOf(settings);
        }
    }

    record ResetSetting(List<String> names) implements AlterAction
    {
        public ResetSetting
        {
            names = List.copyOf(names);
        }
    }

    record Alter(String what, Expr.Identifier name, List<AlterAction> actions) implements Statement
    {
        public Alter
        {
            actions = List.copyOf(actions);
        }
    }

    /** CREATE USER; {@code password} null for no password; {@code readonly} 0 writable, 1 read-only. */
    record CreateUser(boolean ifNotExists, String name, String authentication, String password, int readonly)
        implements Statement
    {
    }

    record DropUser(boolean ifExists, String name) implements Statement
    {
    }
}
