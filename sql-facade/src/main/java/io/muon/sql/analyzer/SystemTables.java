package io.muon.sql.analyzer;

import io.muon.kernel.type.TypeParser;
import io.muon.sql.plan.LogicalPlan.Column;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The schemas of the {@code system.*} tables clients query ({@code system.one}, {@code system.tables},
 * {@code system.columns}, {@code system.settings}…), with ClickHouse's column names and types so that drivers and
 * GUI tools that read them find what they expect. Their rows come from the engine.
 */
public final class SystemTables
{
    private static final Map<String, List<Column>> TABLES = new LinkedHashMap<>();

    static
    {
        table("one", "dummy UInt8");
        table("numbers", "number UInt64");
        table("databases", "name String, engine String, data_path String, metadata_path String, uuid UUID, " +
            "comment String");
        table("tables", "database String, name String, uuid UUID, engine String, is_temporary UInt8, " +
            "data_paths Array(String), metadata_path String, metadata_modification_time DateTime, " +
            "create_table_query String, engine_full String, partition_key String, sorting_key String, " +
            "primary_key String, sampling_key String, storage_policy String, total_rows Nullable(UInt64), " +
            "total_bytes Nullable(UInt64), comment String");
        table("columns", "database String, table String, name String, type String, position UInt64, " +
            "default_kind String, default_expression String, data_compressed_bytes UInt64, " +
            "data_uncompressed_bytes UInt64, marks_bytes UInt64, comment String, is_in_partition_key UInt8, " +
            "is_in_sorting_key UInt8, is_in_primary_key UInt8, is_in_sampling_key UInt8, compression_codec String");
        table("functions", "name String, is_aggregate UInt8, case_insensitive UInt8, alias_to String");
        table("settings", "name String, value String, changed UInt8, description String, min Nullable(String), " +
            "max Nullable(String), readonly UInt8, type String");
        table("processes", "is_initial_query UInt8, user String, query_id String, address IPv6, port UInt16, " +
            "initial_user String, initial_query_id String, elapsed Float64, is_cancelled UInt8, read_rows UInt64, " +
            "read_bytes UInt64, total_rows_approx UInt64, written_rows UInt64, written_bytes UInt64, " +
            "memory_usage Int64, peak_memory_usage Int64, query String, is_streaming UInt8, late_rows UInt64, " +
            "skipped_messages UInt64");
        table("users", "name String, id UUID, storage String, auth_type String, readonly UInt8");
        table("metrics", "metric String, value Int64, description String");
        table("build_options", "name String, value String");
        table("cluster", "member_id UInt32, address String, is_self UInt8, role String, applied_position Int64, " +
            "commit_position Int64, lag Int64, leader_id Int32");
        table("contributors", "name String");
        table("data_type_families", "name String, case_insensitive UInt8, alias_to String");
        table("formats", "name String, is_input UInt8, is_output UInt8");
        table("table_engines", "name String");
        table("time_zones", "time_zone String");
    }

    private SystemTables()
    {
    }

    private static void table(final String name, final String columns)
    {
        final List<Column> list = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= columns.length(); i++)
        {
            final char c = i < columns.length() ? columns.charAt(i) : ',';
            if (c == '(')
            {
                depth++;
            }
            else if (c == ')')
            {
                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                final String definition = columns.substring(start, i).trim();
                final int space = definition.indexOf(' ');
                list.add(new Column(definition.substring(0, space), TypeParser.parse(definition.substring(space + 1))));
                start = i + 1;
            }
        }
        TABLES.put(name, List.copyOf(list));
    }

    /** The columns of {@code system.name}, or null if there is no such table. */
    public static List<Column> columns(final String name)
    {
        return TABLES.get(name);
    }

    public static Iterable<String> names()
    {
        return TABLES.keySet();
    }

}
