package io.muon.sql.analyzer;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.sql.ast.Expr;
import io.muon.sql.plan.LogicalPlan.Column;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The names visible to the expressions of one SELECT: the columns of its FROM relations (each reachable by its
 * alias or table name), expression aliases (from the projection and {@code WITH expr AS name}) and the names of
 * USING columns, which belong to no one side. Owned by one analysis; not thread-safe.
 */
final class Scope
{
    /** One FROM item: its columns occupy {@code [offset, offset + columns.size())} of the combined input. */
    /** {@code shown}: how many of the columns, from the first, {@code SELECT *} shows (the rest are virtual). */
    record Relation(String name, String database, String table, int offset, List<Column> columns, int shown)
    {
    }

    private final List<Relation> relations = new ArrayList<>();
    private final List<Column> columns = new ArrayList<>();
    private final Map<String, Expr> aliases = new HashMap<>();
    private final Set<String> expanding = new HashSet<>();
    private final Set<String> usingColumns = new HashSet<>();
    /** Unqualified names that mean one column even where several relations have one of that name. */
    private final Map<String, Integer> preferred = new HashMap<>();

    void addRelation(final String name, final String database, final String table, final List<Column> relationColumns)
    {
        addRelation(name, database, table, relationColumns, relationColumns.size());
    }

    /** A relation whose columns from {@code shown} on are virtual: readable by name, left out of {@code *}. */
    void addRelation(final String name, final String database, final String table, final List<Column> relationColumns,
        final int shown)
    {
        relations.add(new Relation(name, database, table, columns.size(), List.copyOf(relationColumns), shown));
        columns.addAll(relationColumns);
    }

    List<Relation> relations()
    {
        return relations;
    }

    List<Column> columns()
    {
        return columns;
    }

    /** Makes the unqualified {@code name} mean column {@code index} (a join's own {@code _tp_delta}). */
    void prefer(final String name, final int index)
    {
        preferred.put(name, index);
    }

    void addUsingColumn(final String name)
    {
        usingColumns.add(name);
    }

    /** Registers {@code name} as an alias; Code 179 if another expression has it already. */
    void addAlias(final String name, final Expr expr)
    {
        final Expr previous = aliases.putIfAbsent(name, expr);
        if (previous != null && !previous.equals(expr))
        {
            throw new MuonException(ErrorCodes.MULTIPLE_EXPRESSIONS_FOR_ALIAS,
                "Different expressions with the same alias " + name);
        }
    }

    /** The aliased expression of {@code name} unless it is being expanded now (then the name means a column). */
    Expr alias(final String name)
    {
        return expanding.contains(name) ? null : aliases.get(name);
    }

    boolean beginExpanding(final String name)
    {
        return expanding.add(name);
    }

    void endExpanding(final String name)
    {
        expanding.remove(name);
    }

    /**
     * The position of a column named by {@code parts} ({@code col}, {@code t.col} or {@code db.t.col}) in the combined
     * input, or -1. An unqualified name found in several relations is ambiguous (Code 207) unless it is a USING
     * column, which resolves to the left one.
     */
    int resolve(final List<String> parts)
    {
        if (parts.size() == 1)
        {
            final String name = parts.get(0);
            final Integer chosen = preferred.get(name);
            if (chosen != null)
            {
                return chosen;
            }
            int found = -1;
            for (final Relation relation : relations)
            {
                final int index = indexOf(relation, name);
                if (index >= 0)
                {
                    if (found >= 0 && !usingColumns.contains(name))
                    {
                        throw new MuonException(ErrorCodes.AMBIGUOUS_IDENTIFIER, "Identifier '" + name +
                            "' is ambiguous: it is a column of more than one joined stream; qualify it");
                    }
                    if (found < 0)
                    {
                        found = relation.offset() + index;
                    }
                }
            }
            return found;
        }
        final String column = parts.get(parts.size() - 1);
        for (final Relation relation : relations)
        {
            final boolean matches = parts.size() == 2 ?
                parts.get(0).equals(relation.name()) || parts.get(0).equals(relation.table()) :
                parts.size() == 3 && parts.get(0).equals(relation.database()) && parts.get(1).equals(relation.table());
            if (matches)
            {
                final int index = indexOf(relation, column);
                if (index >= 0)
                {
                    return relation.offset() + index;
                }
            }
        }
        return -1;
    }

    /** The relation of a qualifier ({@code t} in {@code t.*}), or null. */
    Relation relation(final List<String> qualifier)
    {
        for (final Relation relation : relations)
        {
            if (qualifier.size() == 1 && (qualifier.get(0).equals(relation.name()) ||
                qualifier.get(0).equals(relation.table())) ||
                qualifier.size() == 2 && qualifier.get(0).equals(relation.database()) &&
                    qualifier.get(1).equals(relation.table()))
            {
                return relation;
            }
        }
        return null;
    }

    private static int indexOf(final Relation relation, final String name)
    {
        for (int i = 0; i < relation.columns().size(); i++)
        {
            if (relation.columns().get(i).name().equals(name))
            {
                return i;
            }
        }
        return -1;
    }

    /** Every name an identifier could have meant, for hints. */
    Set<String> candidateNames()
    {
        final Set<String> names = new LinkedHashSet<>();
        for (final Column column : columns)
        {
            names.add(column.name());
        }
        names.addAll(aliases.keySet());
        return names;
    }
}
