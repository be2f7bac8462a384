package io.muon.kernel.catalog;

import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeParser;
import io.muon.kernel.util.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The catalog file format: JSON of the snapshot, then a line {@code #crc32c <hex> <length>} over the JSON bytes, so
 * a torn or damaged file is recognised rather than half-read. Types are stored by their ClickHouse names.
 */
final class CatalogCodec
{
    static final int FORMAT_VERSION = 1;

    private CatalogCodec()
    {
    }

    static String encode(final CatalogSnapshot snapshot)
    {
        final Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", (long)FORMAT_VERSION);
        root.put("version", snapshot.version());
        root.put("next_id", snapshot.nextId());
        final Map<String, Object> databases = new LinkedHashMap<>();
        snapshot.databaseMap().forEach((name, objects) ->
        {
            final List<Object> list = new ArrayList<>();
            objects.values().forEach(o -> list.add(encodeObject(o)));
            databases.put(name, list);
        });
        root.put("databases", databases);
        final List<Object> users = new ArrayList<>();
        for (final UserEntry user : snapshot.users().values())
        {
            final Map<String, Object> u = new LinkedHashMap<>();
            u.put("name", user.name());
            u.put("password_sha256", user.passwordSha256());
            u.put("readonly", user.readonly());
            u.put("profile", user.profile());
            users.add(u);
        }
        root.put("users", users);
        return Json.write(root);
    }

    private static Map<String, Object> encodeObject(final CatalogObject o)
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", o.kind().name());
        m.put("name", o.name());
        m.put("id", o.id());
        m.put("schema_version", (long)o.schemaVersion());
        final List<Object> columns = new ArrayList<>();
        for (final ColumnEntry column : o.columns())
        {
            final Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", column.name());
            c.put("type", column.type().clickHouseName());
            c.put("default", column.defaultExpression());
            c.put("codec", column.codec());
            c.put("comment", column.comment());
            columns.add(c);
        }
        m.put("columns", columns);
        m.put("mode", o.mode().setting());
        m.put("order_by", o.orderBy());
        m.put("partition_by", o.partitionBy());
        m.put("primary_key", o.primaryKey());
        m.put("ttl", o.ttl());
        m.put("settings", new TreeMap<String, Object>(o.settings()));
        m.put("query", o.query());
        m.put("target", o.target());
        m.put("comment", o.comment());
        return m;
    }

    @SuppressWarnings("unchecked")
    static CatalogSnapshot decode(final String text)
    {
        final Map<String, Object> root = (Map<String, Object>)Json.parse(text);
        final long format = (Long)root.get("format");
        if (format != FORMAT_VERSION)
        {
            throw new IllegalArgumentException("unsupported catalog format " + format);
        }
        final SortedMap<String, SortedMap<String, CatalogObject>> databases = new TreeMap<>();
        final Map<String, Object> dbs = (Map<String, Object>)root.get("databases");
        for (final Map.Entry<String, Object> db : dbs.entrySet())
        {
            final SortedMap<String, CatalogObject> objects = new TreeMap<>();
            for (final Object item : (List<Object>)db.getValue())
            {
                final CatalogObject o = decodeObject(db.getKey(), (Map<String, Object>)item);
                objects.put(o.name(), o);
            }
            databases.put(db.getKey(), objects);
        }
        final SortedMap<String, UserEntry> users = new TreeMap<>();
        for (final Object item : (List<Object>)root.get("users"))
        {
            final Map<String, Object> u = (Map<String, Object>)item;
            final UserEntry user = new UserEntry((String)u.get("name"), (String)u.get("password_sha256"),
                (Boolean)u.get("readonly"), (String)u.get("profile"));
            users.put(user.name(), user);
        }
        return new CatalogSnapshot((Long)root.get("version"), (Long)root.get("next_id"), databases, users);
    }

    @SuppressWarnings("unchecked")
    private static CatalogObject decodeObject(final String database, final Map<String, Object> m)
    {
        final List<ColumnEntry> columns = new ArrayList<>();
        for (final Object item : (List<Object>)m.get("columns"))
        {
            final Map<String, Object> c = (Map<String, Object>)item;
            final DataType type = TypeParser.parse((String)c.get("type"));
            columns.add(new ColumnEntry((String)c.get("name"), type, (String)c.get("default"), (String)c.get("codec"),
                (String)c.get("comment")));
        }
        final Map<String, String> settings = new TreeMap<>();
        ((Map<String, Object>)m.get("settings")).forEach((k, v) -> settings.put(k, (String)v));
        return new CatalogObject(ObjectKind.valueOf((String)m.get("kind")), database, (String)m.get("name"),
            (Long)m.get("id"), ((Long)m.get("schema_version")).intValue(), columns,
            StreamMode.parse((String)m.get("mode")), (String)m.get("order_by"), (String)m.get("partition_by"),
            (String)m.get("primary_key"), (String)m.get("ttl"), settings, (String)m.get("query"),
            (String)m.get("target"), (String)m.get("comment"));
    }
}
