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

/**
 * Vectorized bodies of ClickHouse's JSON functions over String documents: the arguments after the document move
 * into it (a string is an object key, an integer a 1-based index into an array or object, negative from the end),
 * and a missing value, a wrong type or an invalid document give the result type's default, never an error.
 * json_extract / json_extract_keys_and_values / json_value / json_query / json_merge_patch live in {@link JsonTyped}.
 */
final class JsonScalars
{
    private JsonScalars()
    {
    }

    /** What a function does with the value the moves reached (or -1 when there is none). */
    interface Extractor
    {
        void extract(JsonScanner json, int value, Vector out, ByteArrayOutputStream buffer);
    }

    /** Runs the moves given by arguments {@code 1 .. moveCount} for each row and lets {@code extractor} append. */
    static Vector navigate(final Vector[] a, final int rows, final DataType result, final int moveCount,
        final Extractor extractor)
    {
        final BytesVector documents = (BytesVector)a[0];
        for (int m = 1; m <= moveCount; m++)
        {
            final TypeId id = a[m].type().unwrapped().id();
            if (!(a[m] instanceof BytesVector && (id == TypeId.STRING || id == TypeId.FIXED_STRING)) &&
                !(a[m] instanceof LongVector && id.isInteger()))
            {
                throw new MuonException(ErrorCodes.ILLEGAL_TYPE_OF_ARGUMENT, "The argument " + (m + 1) +
                    " of a JSON function should be a string specifying key or an integer specifying index, " +
                    "illegal type: " + a[m].type().clickHouseName());
            }
        }
        final Vector out = Vector.create(result, rows);
        final JsonScanner json = new JsonScanner();
        final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        for (int r = 0; r < rows; r++)
        {
            int value = json.document(documents.data(), documents.start(r), documents.start(r + 1));
            for (int m = 1; m <= moveCount && value >= 0; m++)
            {
                if (a[m] instanceof BytesVector key)
                {
                    value = json.member(value, key.data(), key.start(r), key.length(r));
                }
                else
                {
                    value = json.index(value, ((LongVector)a[m]).get(r));
                }
            }
            extractor.extract(json, value, out, buffer);
        }
        return out;
    }

    static Vector navigate(final Vector[] a, final int rows, final DataType result, final Extractor extractor)
    {
        return navigate(a, rows, result, a.length - 1, extractor);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // numbers as ClickHouse converts JSON elements to them

    static final int TO_INT64 = 0;
    static final int TO_UINT64 = 1;
    static final int TO_FLOAT = 2;

    /**
     * Reads the value at {@code v} as a number of the given kind into {@code json.longValue} /
     * {@code json.doubleValue}: numbers convert only when exact (floats always), strings are parsed,
     * booleans only when {@code bools}. Returns false when there is no such number.
     */
    static boolean number(final JsonScanner json, final int v, final int kind, final boolean bools)
    {
        final int type = json.type(v);
        switch (type)
        {
            case JsonScanner.INT64:
                return kind != TO_UINT64 || json.longValue >= 0;
            case JsonScanner.UINT64:
                json.doubleValue = unsignedToDouble(json.longValue);
                return kind != TO_INT64;
            case JsonScanner.DOUBLE:
                return kind == TO_FLOAT || exact(json, json.doubleValue, kind);
            case JsonScanner.BOOL:
                if (bools && kind != TO_FLOAT)
                {
                    json.longValue = json.boolValue(v) ? 1 : 0;
                    json.doubleValue = json.longValue;
                    return true;
                }
                return false;
            case JsonScanner.STRING:
                return parse(json, new String(json.decode(v), java.nio.charset.StandardCharsets.UTF_8), kind);
            default:
                return false;
        }
    }

    static double unsignedToDouble(final long v)
    {
        return v >= 0 ? v : ((v >>> 1) | (v & 1)) * 2.0;
    }

    private static boolean exact(final JsonScanner json, final double d, final int kind)
    {
        if (kind == TO_INT64)
        {
            if (d >= -9.223372036854775808E18 && d < 9.223372036854775808E18 && d == Math.rint(d))
            {
                json.longValue = (long)d;
                return true;
            }
            return false;
        }
        if (d >= 0 && d < 1.8446744073709551616E19 && d == Math.rint(d))
        {
            json.longValue = d < 9.223372036854775808E18 ? (long)d : (long)(d - 9.223372036854775808E18) ^ Long.MIN_VALUE;
            return true;
        }
        return false;
    }

    private static final java.util.regex.Pattern FLOAT_TEXT = java.util.regex.Pattern.compile(
        "[+-]?(\\d+\\.?\\d*([eE][+-]?\\d+)?|\\.\\d+([eE][+-]?\\d+)?|(?i:inf|infinity|nan))");

    private static boolean parse(final JsonScanner json, final String s, final int kind)
    {
        if (kind != TO_FLOAT && s.matches("[+-]?\\d+"))
        {
            try
            {
                final java.math.BigInteger big = new java.math.BigInteger(s.startsWith("+") ? s.substring(1) : s);
                if (kind == TO_INT64 ? big.bitLength() < 64 : big.signum() >= 0 && big.bitLength() <= 64)
                {
                    json.longValue = big.longValue();
                    json.doubleValue = big.doubleValue();
                    return true;
                }
                return false;
            }
            catch (final NumberFormatException e)
            {
                return false;
            }
        }
        if (!FLOAT_TEXT.matcher(s).matches())
        {
            return false;
        }
        final String t = s.toLowerCase(java.util.Locale.ROOT);
        final double d = t.contains("nan") ? Double.NaN : t.contains("inf") ? (t.startsWith("-") ?
            Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY) : Double.parseDouble(s);
        json.doubleValue = d;
        return kind == TO_FLOAT || exact(json, d, kind);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // the simple extractors

    private static final String[] TYPE_NAMES = new String[128];

    static
    {
        TYPE_NAMES[JsonScanner.OBJECT] = "Object";
        TYPE_NAMES[JsonScanner.ARRAY] = "Array";
        TYPE_NAMES[JsonScanner.STRING] = "String";
        TYPE_NAMES[JsonScanner.INT64] = "Int64";
        TYPE_NAMES[JsonScanner.UINT64] = "UInt64";
        TYPE_NAMES[JsonScanner.DOUBLE] = "Double";
        TYPE_NAMES[JsonScanner.BOOL] = "Bool";
        TYPE_NAMES[JsonScanner.NULL] = "Null";
    }

    private static void appendBuffer(final BytesVector out, final ByteArrayOutputStream buffer)
    {
        out.append(buffer.toByteArray());
    }

    /** JSONExtractString: a string's text, another value's raw JSON, nothing for null or a missing value. */
    static void stringOrRaw(final JsonScanner json, final int v, final BytesVector out,
        final ByteArrayOutputStream buffer)
    {
        buffer.reset();
        if (v >= 0 && json.type(v) != JsonScanner.NULL)
        {
            if (json.data[v] == '"')
            {
                json.decodeInto(v, buffer);
            }
            else
            {
                json.raw(v, buffer);
            }
        }
        appendBuffer(out, buffer);
    }

    private static void register(final ScalarFunction body, final String... names)
    {
        Scalars.register(body, names);
    }

    static void register()
    {
        register((a, rows, result, nulls) -> navigate(a, rows, result,
            (json, v, out, b) -> ((LongVector)out).append(v >= 0 ? 1 : 0)), "json_has");
        register((a, rows, result, nulls) -> navigate(a, rows, result, 0,
            (json, v, out, b) -> ((LongVector)out).append(v >= 0 ? 1 : 0)), "is_valid_json");
        register((a, rows, result, nulls) -> navigate(a, rows, result, (json, v, out, b) ->
        {
            final int type = v < 0 ? JsonScanner.NULL : json.type(v);
            ((LongVector)out).append(type == JsonScanner.ARRAY || type == JsonScanner.OBJECT ? json.length(v) : 0);
        }), "json_length");
        register((a, rows, result, nulls) -> navigate(a, rows, result,
            (json, v, out, b) -> ((BytesVector)out).append(TYPE_NAMES[v < 0 ? JsonScanner.NULL : json.type(v)])),
            "json_type");
        register((a, rows, result, nulls) -> navigate(a, rows, result, (json, v, out, b) ->
            ((LongVector)out).append(v >= 0 && number(json, v, TO_INT64, false) ? json.longValue : 0)),
            "json_extract_int");
        register((a, rows, result, nulls) -> navigate(a, rows, result, (json, v, out, b) ->
            ((LongVector)out).append(v >= 0 && number(json, v, TO_UINT64, false) ? json.longValue : 0)),
            "json_extract_uint");
        register((a, rows, result, nulls) -> navigate(a, rows, result, (json, v, out, b) ->
            ((DoubleVector)out).append(v >= 0 && number(json, v, TO_FLOAT, false) ? json.doubleValue : 0)),
            "json_extract_float");
        register((a, rows, result, nulls) -> navigate(a, rows, result, (json, v, out, b) ->
        {
            final int type = v < 0 ? JsonScanner.NULL : json.type(v);
            ((LongVector)out).append(type == JsonScanner.BOOL ? (json.boolValue(v) ? 1 : 0) :
                (type == JsonScanner.INT64 || type == JsonScanner.UINT64) && json.longValue != 0 ? 1 : 0);
        }), "json_extract_bool");
        register((a, rows, result, nulls) -> navigate(a, rows, result,
            (json, v, out, b) -> stringOrRaw(json, v, (BytesVector)out, b)), "json_extract_string");
        register((a, rows, result, nulls) -> navigate(a, rows, result, (json, v, out, b) ->
        {
            b.reset();
            if (v >= 0)
            {
                json.raw(v, b);
            }
            appendBuffer((BytesVector)out, b);
        }), "json_extract_raw");
        register((a, rows, result, nulls) -> navigate(a, rows, result, (json, v, out, b) ->
        {
            final ArrayVector array = (ArrayVector)out;
            if (v >= 0 && json.type(v) == JsonScanner.OBJECT)
            {
                for (int e = json.first(v); e >= 0; e = json.following(e, true))
                {
                    ((BytesVector)array.elements()).append(json.decode(json.lastKey));
                }
            }
            array.endRow();
        }), "json_extract_keys");
        register((a, rows, result, nulls) -> navigate(a, rows, result, (json, v, out, b) ->
        {
            final ArrayVector array = (ArrayVector)out;
            if (v >= 0 && json.type(v) == JsonScanner.ARRAY)
            {
                for (int e = json.first(v); e >= 0; e = json.following(e, false))
                {
                    b.reset();
                    json.raw(e, b);
                    appendBuffer((BytesVector)array.elements(), b);
                }
            }
            array.endRow();
        }), "json_extract_array_raw");
        register((a, rows, result, nulls) -> navigate(a, rows, result, (json, v, out, b) ->
        {
            final ArrayVector array = (ArrayVector)out;
            if (v >= 0 && json.type(v) == JsonScanner.ARRAY)
            {
                for (int e = json.first(v); e >= 0; e = json.following(e, false))
                {
                    b.reset();
                    if (json.data[e] == '"')
                    {
                        json.decodeInto(e, b);
                    }
                    else
                    {
                        json.raw(e, b);
                    }
                    appendBuffer((BytesVector)array.elements(), b);
                }
            }
            array.endRow();
        }), "json_extract_array");
        register((a, rows, result, nulls) -> navigate(a, rows, result, (json, v, out, b) ->
        {
            final ArrayVector array = (ArrayVector)out;
            if (v >= 0 && json.type(v) == JsonScanner.OBJECT)
            {
                final TupleVector pairs = (TupleVector)array.elements();
                for (int e = json.first(v); e >= 0; e = json.following(e, true))
                {
                    ((BytesVector)pairs.field(0)).append(json.decode(json.lastKey));
                    final int key = json.lastKey;
                    b.reset();
                    json.raw(e, b);
                    json.lastKey = key;
                    appendBuffer((BytesVector)pairs.field(1), b);
                    pairs.endRow();
                }
            }
            array.endRow();
        }), "json_extract_keys_and_values_raw");
        register((a, rows, result, nulls) -> navigate(a, rows, result, 0, (json, v, out, b) ->
        {
            if (v >= 0 && json.type(v) == JsonScanner.ARRAY)
            {
                ((LongVector)out).append(json.length(v));
            }
            else
            {
                out.appendNull();
            }
        }), "json_array_length");
        JsonTyped.register();
    }
}
