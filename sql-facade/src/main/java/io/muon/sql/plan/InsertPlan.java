package io.muon.sql.plan;

import io.muon.kernel.catalog.CatalogObject;

import java.util.List;
import java.util.Map;

/**
 * An analyzed INSERT: what to append to which stream. The rows come from exactly one source: {@code rows} (VALUES,
 * each value a typed expression without columns), {@code select} (INSERT … SELECT, matched to {@code inserted} by
 * position) or {@code format} with its inline {@code data}. The executor first converts the source's columns to the
 * types of {@code inserted} (checking that every value fits), then evaluates {@code columns}: one expression per
 * stored column of {@code target}, in the stream's order, over the converted inserted columns ({@link
 * TypedExpr.ColumnRef} i is {@code inserted.get(i)}); columns the INSERT does not name get their DEFAULT expression
 * (evaluated per row, {@code _tp_time} defaulting to the arrival time) or their type's default value.
 *
 * @param target the stream the rows are appended to (a materialized view's INTO stream when inserting into the view).
 * @param settings the INSERT's SETTINGS, typed.
 */
public record InsertPlan(CatalogObject target, List<LogicalPlan.Column> inserted, List<List<TypedExpr>> rows,
    QueryPlan select, String format, String data, List<TypedExpr> columns, Map<String, Object> settings)
{
    public InsertPlan
    {
        inserted = List.copyOf(inserted);
        rows = rows == null ? null : rows.stream().map(List::copyOf).toList();
        columns = List.copyOf(columns);
        settings = Map.copyOf(settings);
    }
}
