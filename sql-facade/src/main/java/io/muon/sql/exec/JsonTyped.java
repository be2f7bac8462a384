package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeId;
import io.muon.kernel.vector.ArrayVector;
import io.muon.kernel.vector.BytesVector;
import io.muon.kernel.vector.DoubleVector;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.TupleVector;
import io.muon.kernel.vector.Vector;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON functions that need more than a move and a scalar read: json_extract and json_extract_keys_and_values
 * into a requested type (as ClickHouse's JSONExtract inserts elements: invalid elements of arrays, tuples and maps
 * become defaults), and json_merge_patch; json_value and json_query live in {@link JsonPaths}.
 */
final class JsonTyped
{
    private JsonTyped()
    {
    }

    // ---------------------------------------------------------------------------------------------------------------
    // typed extraction

    /** Appends the value at {@code v} converted to {@code type}; appends nothing and returns false if it cannot. */
    static boolean insert(final JsonScanner json, final int v, final DataType type, final Vector out,
        final ByteArrayOutputStream buffer)
    {
        final int kind = json.type(v);
        if (type.id() == TypeId.NULLABLE)
        {
            if (kind == JsonScanner.NULL)
            {
                out.appendNull();
                return true;
            }
            return insert(json, v, type.elements().get(0), out, buffer);
        }
        final DataType plain = type.unwrapped();
        final TypeId id = plain.id();
        if (kind == JsonScanner.NULL)
        {
            return false;
        }
        if (id.isInteger() && out instanceof LongVector l || id == TypeId.BOOL)
        {
            final boolean unsigned = id.isUnsignedInteger() || id == TypeId.BOOL;
            if (!JsonScalars.number(json, v, unsigned ? JsonScalars.TO_UINT64 : JsonScalars.TO_INT64, true))
            {
                return false;
            }
            long value = json.longValue;
            if (id == TypeId.BOOL)
            {
                value = value != 0 ? 1 : 0;
            }
            else if (plain.fixedWidth() < 8)
            {
                final int bits = 8 * plain.fixedWidth();
                final boolean fits = unsigned ? value >>> bits == 0 : value >> (bits - 1) == 0 || value >> (bits - 1) == -1;
                if (!fits)
                {
                    return false;
                }
            }
            ((LongVector)out).append(value);
            return true;
        }
        if (id == TypeId.FLOAT32 || id == TypeId.FLOAT64)
        {
            if (!JsonScalars.number(json, v, JsonScalars.TO_FLOAT, false))
            {
                return false;
            }
            ((DoubleVector)out).append(id == TypeId.FLOAT32 ? (float)json.doubleValue : json.doubleValue);
            return true;
        }
        if (id == TypeId.STRING || id == TypeId.FIXED_STRING)
        {
            buffer.reset();
            if (kind == JsonScanner.STRING)
            {
                json.decodeInto(v, buffer);
            }
            else
            {
                json.raw(v, buffer);
            }
            if (id == TypeId.FIXED_STRING)
            {
                if (buffer.size() > plain.fixedWidth())
                {
                    return false;
                }
                while (buffer.size() < plain.fixedWidth())
                {
                    buffer.write(0);
                }
            }
            ((BytesVector)out).append(buffer.toByteArray());
            return true;
        }
        if (id == TypeId.ARRAY)
        {
            if (kind != JsonScanner.ARRAY)
            {
                return false;
            }
            final ArrayVector array = (ArrayVector)out;
            for (int e = json.first(v); e >= 0; e = json.following(e, false))
            {
                if (!insert(json, e, plain.element(0), array.elements(), buffer))
                {
                    array.elements().appendNull();
                }
            }
            array.endRow();
            return true;
        }
        if (id == TypeId.MAP)
        {
            if (kind != JsonScanner.OBJECT)
            {
                return false;
            }
            final ArrayVector map = (ArrayVector)out;
            final TupleVector pairs = (TupleVector)map.elements();
            for (int e = json.first(v); e >= 0; e = json.following(e, true))
            {
                final int key = json.lastKey;
                appendKey(json, key, pairs.field(0));
                if (!insert(json, e, plain.element(1), pairs.field(1), buffer))
                {
                    pairs.field(1).appendNull();
                }
                json.lastKey = key;
                pairs.endRow();
            }
            map.endRow();
            return true;
        }
        if (id == TypeId.TUPLE)
        {
            return insertTuple(json, v, kind, plain, (TupleVector)out, buffer);
        }
        return insertByText(json, v, kind, type, out, buffer);
    }

    private static void appendKey(final JsonScanner json, final int key, final Vector out)
    {
        final byte[] text = json.decode(key);
        if (out instanceof BytesVector b)
        {
            b.append(text);
        }
        else
        {
            final BytesVector one = (BytesVector)Vector.create(DataType.STRING, 1);
            one.append(text);
            out.appendFrom(Conversions.convert(one, 1, out.type(), Conversions.Mode.CAST), 0);
        }
    }

    private static boolean insertTuple(final JsonScanner json, final int v, final int kind, final DataType plain,
        final TupleVector out, final ByteArrayOutputStream buffer)
    {
        final List<DataType> fields = plain.elements();
        final List<String> names = plain.names();
        if (kind == JsonScanner.ARRAY || kind == JsonScanner.OBJECT && names == null)
        {
            if (json.length(v) != fields.size())
            {
                return false;
            }
            int e = json.first(v);
            for (int i = 0; i < fields.size(); i++, e = json.following(e, kind == JsonScanner.OBJECT))
            {
                final int key = json.lastKey;
                if (!insert(json, e, fields.get(i), out.field(i), buffer))
                {
                    out.field(i).appendNull();
                }
                json.lastKey = key;
            }
            out.endRow();
            return true;
        }
        if (kind != JsonScanner.OBJECT)
        {
            return false;
        }
        for (int i = 0; i < fields.size(); i++)
        {
            final byte[] name = names.get(i).getBytes(StandardCharsets.UTF_8);
            final int e = json.member(v, name, 0, name.length);
            if (e < 0 || !insert(json, e, fields.get(i), out.field(i), buffer))
            {
                out.field(i).appendNull();
            }
        }
        out.endRow();
        return true;
    }

    /** Types without a JSON-specific reading (dates, UUIDs, decimals, enums, IPs) parse the text of the value. */
    private static boolean insertByText(final JsonScanner json, final int v, final int kind, final DataType type,
        final Vector out, final ByteArrayOutputStream buffer)
    {
        if (kind == JsonScanner.ARRAY || kind == JsonScanner.OBJECT)
        {
            return false;
        }
        buffer.reset();
        if (kind == JsonScanner.STRING)
        {
            json.decodeInto(v, buffer);
        }
        else
        {
            json.raw(v, buffer);
        }
        final BytesVector one = (BytesVector)Vector.create(DataType.STRING, 1);
        one.append(buffer.toByteArray());
        final Vector converted;
        try
        {
            converted = Conversions.convert(one, 1, type, Conversions.Mode.CHECKED);
        }
        catch (final MuonException e)
        {
            return false;
        }
        out.appendFrom(converted, 0);
        return true;
    }

    private static Vector extract(final Vector[] a, final int rows, final DataType result)
    {
        return JsonScalars.navigate(a, rows, result, a.length - 2, (json, v, out, buffer) ->
        {
            if (v < 0 || !insert(json, v, result, out, buffer))
            {
                out.appendNull();
            }
        });
    }

    private static Vector keysAndValues(final Vector[] a, final int rows, final DataType result)
    {
        final DataType valueType = result.unwrapped().element(0).element(1);
        return JsonScalars.navigate(a, rows, result, a.length - 2, (json, v, out, buffer) ->
        {
            final ArrayVector array = (ArrayVector)out;
            if (v >= 0 && json.type(v) == JsonScanner.OBJECT)
            {
                final TupleVector pairs = (TupleVector)array.elements();
                for (int e = json.first(v); e >= 0; e = json.following(e, true))
                {
                    final int key = json.lastKey;
                    if (insert(json, e, valueType, pairs.field(1), buffer))
                    {
                        json.lastKey = key;
                        ((BytesVector)pairs.field(0)).append(json.decode(key));
                        pairs.endRow();
                    }
                    json.lastKey = key;
                }
            }
            array.endRow();
        });
    }

    // ---------------------------------------------------------------------------------------------------------------
    // json_merge_patch

    private static Object tree(final JsonScanner json, final int v, final ByteArrayOutputStream buffer)
    {
        if (json.type(v) != JsonScanner.OBJECT)
        {
            final ByteArrayOutputStream raw = new ByteArrayOutputStream();
            json.raw(v, raw);
            return raw.toByteArray();
        }
        final Map<String, Object> members = new LinkedHashMap<>();
        for (int e = json.first(v); e >= 0; e = json.following(e, true))
        {
            final int key = json.lastKey;
            members.put(new String(json.decode(key), StandardCharsets.UTF_8), tree(json, e, buffer));
            json.lastKey = key;
        }
        return members;
    }

    @SuppressWarnings("unchecked")
    private static void merge(final Map<String, Object> target, final Map<String, Object> patch)
    {
        for (final Map.Entry<String, Object> e : patch.entrySet())
        {
            final Object old = target.get(e.getKey());
            if (old instanceof Map && e.getValue() instanceof Map)
            {
                merge((Map<String, Object>)old, (Map<String, Object>)e.getValue());
            }
            else
            {
                target.put(e.getKey(), e.getValue());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void write(final Object node, final ByteArrayOutputStream out)
    {
        if (node instanceof byte[] raw)
        {
            out.writeBytes(raw);
            return;
        }
        out.write('{');
        boolean comma = false;
        for (final Map.Entry<String, Object> e : ((Map<String, Object>)node).entrySet())
        {
            if (comma)
            {
                out.write(',');
            }
            comma = true;
            JsonScanner.writeJsonString(e.getKey().getBytes(StandardCharsets.UTF_8), out);
            out.write(':');
            write(e.getValue(), out);
        }
        out.write('}');
    }

    @SuppressWarnings("unchecked")
    private static Vector mergePatch(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final BytesVector out = (BytesVector)Vector.create(result, rows);
        final JsonScanner json = new JsonScanner();
        final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        for (int r = 0; r < rows; r++)
        {
            if (nulls != null && nulls[r])
            {
                out.append(new byte[0]);
                continue;
            }
            Map<String, Object> merged = null;
            for (final Vector arg : a)
            {
                final BytesVector doc = (BytesVector)arg;
                final int root = json.document(doc.data(), doc.start(r), doc.start(r + 1));
                if (root < 0 || json.type(root) != JsonScanner.OBJECT)
                {
                    throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Wrong JSON string to merge. Expected JSON " +
                        "object: " + doc.getString(r));
                }
                final Map<String, Object> patch = (Map<String, Object>)tree(json, root, buffer);
                if (merged == null)
                {
                    merged = patch;
                }
                else
                {
                    merge(merged, patch);
                }
            }
            buffer.reset();
            write(merged, buffer);
            out.append(buffer.toByteArray());
        }
        return out;
    }

    private static void register(final ScalarFunction body, final String... names)
    {
        Scalars.register(body, names);
    }

    static void register()
    {
        register((a, rows, result, nulls) -> extract(a, rows, result), "json_extract");
        register((a, rows, result, nulls) -> keysAndValues(a, rows, result), "json_extract_keys_and_values");
        register((a, rows, result, nulls) -> JsonPaths.sqlJson(a, rows, result, false), "json_value");
        register((a, rows, result, nulls) -> JsonPaths.sqlJson(a, rows, result, true), "json_query");
        register(JsonTyped::mergePatch, "json_merge_patch");
    }
}
