package io.muon.kernel.type;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable column type: a {@link TypeId} with its parameters (decimal precision and scale, fixed string length,
 * time zone and sub-second precision, enum values, element types, tuple element names). Prints itself in
 * ClickHouse's spelling ({@code Nullable(DateTime64(3, 'UTC'))}, what ClickHouse clients parse) and in Proton's
 * ({@code nullable(datetime64(3, 'UTC'))}); {@link TypeParser} reads either. Instances are compared by value.
 */
public final class DataType
{
    public static final DataType NOTHING = simple(TypeId.NOTHING);
    public static final DataType BOOL = simple(TypeId.BOOL);
    public static final DataType INT8 = simple(TypeId.INT8);
    public static final DataType INT16 = simple(TypeId.INT16);
    public static final DataType INT32 = simple(TypeId.INT32);
    public static final DataType INT64 = simple(TypeId.INT64);
    public static final DataType INT128 = simple(TypeId.INT128);
    public static final DataType INT256 = simple(TypeId.INT256);
    public static final DataType UINT8 = simple(TypeId.UINT8);
    public static final DataType UINT16 = simple(TypeId.UINT16);
    public static final DataType UINT32 = simple(TypeId.UINT32);
    public static final DataType UINT64 = simple(TypeId.UINT64);
    public static final DataType UINT128 = simple(TypeId.UINT128);
    public static final DataType UINT256 = simple(TypeId.UINT256);
    public static final DataType FLOAT32 = simple(TypeId.FLOAT32);
    public static final DataType FLOAT64 = simple(TypeId.FLOAT64);
    public static final DataType STRING = simple(TypeId.STRING);
    public static final DataType UUID = simple(TypeId.UUID);
    public static final DataType IPV4 = simple(TypeId.IPV4);
    public static final DataType IPV6 = simple(TypeId.IPV6);
    public static final DataType DATE = simple(TypeId.DATE);
    public static final DataType DATE32 = simple(TypeId.DATE32);
    public static final DataType DATETIME = simple(TypeId.DATETIME);
    /** The type of the hidden event-time column {@code _tp_time}. */
    public static final DataType TP_TIME = dateTime64(3, "UTC");

    public static final int MAX_DECIMAL_PRECISION = 76;
    public static final int MAX_DATETIME64_PRECISION = 9;

    private final TypeId id;
    private final int precision;
    private final int scale;
    private final String timeZone;
    private final List<DataType> elements;
    private final List<String> names;
    private final Map<String, Integer> enumValues;

    private DataType(final TypeId id, final int precision, final int scale, final String timeZone,
        final List<DataType> elements, final List<String> names, final Map<String, Integer> enumValues)
    {
        this.id = id;
        this.precision = precision;
        this.scale = scale;
        this.timeZone = timeZone;
        this.elements = elements;
        this.names = names;
        this.enumValues = enumValues;
    }

    private static DataType simple(final TypeId id)
    {
        return new DataType(id, 0, 0, null, List.of(), null, null);
    }

    /** Decimal(P, S), 1 ≤ P ≤ 76, 0 ≤ S ≤ P. */
    public static DataType decimal(final int precision, final int scale)
    {
        if (precision < 1 || precision > MAX_DECIMAL_PRECISION)
        {
            throw new MuonException(ErrorCodes.ARGUMENT_OUT_OF_BOUND,
                "Precision " + precision + " is out of bounds (precision range: [1, " + MAX_DECIMAL_PRECISION + "])");
        }
        if (scale < 0 || scale > precision)
        {
            throw new MuonException(ErrorCodes.ARGUMENT_OUT_OF_BOUND,
                "Scale " + scale + " is out of bounds (max scale: " + precision + ")");
        }
        return new DataType(TypeId.DECIMAL, precision, scale, null, List.of(), null, null);
    }

    /** FixedString(N), N ≥ 1 bytes. */
    public static DataType fixedString(final int length)
    {
        if (length < 1 || length > 0xFFFF)
        {
            throw new MuonException(ErrorCodes.ARGUMENT_OUT_OF_BOUND,
                "FixedString size must be in [1, 65535], got " + length);
        }
        return new DataType(TypeId.FIXED_STRING, length, 0, null, List.of(), null, null);
    }

    /** DateTime with a time zone, or without one (the server's) when {@code timeZone} is null. */
    public static DataType dateTime(final String timeZone)
    {
        return new DataType(TypeId.DATETIME, 0, 0, checkZone(timeZone), List.of(), null, null);
    }

    /** DateTime64(P[, tz]) with 0 ≤ P ≤ 9. */
    public static DataType dateTime64(final int precision, final String timeZone)
    {
        if (precision < 0 || precision > MAX_DATETIME64_PRECISION)
        {
            throw new MuonException(ErrorCodes.ARGUMENT_OUT_OF_BOUND,
                "Scale " + precision + " is out of bounds (max scale: " + MAX_DATETIME64_PRECISION + ")");
        }
        return new DataType(TypeId.DATETIME64, precision, 0, checkZone(timeZone), List.of(), null, null);
    }

    /** The interval type of one unit ({@code IntervalSecond}); the unit's ordinal is kept as the precision. */
    public static DataType interval(final IntervalUnit unit)
    {
        return new DataType(TypeId.INTERVAL, unit.ordinal(), 0, null, List.of(), null, null);
    }

    /** The unit of an interval type. */
    public IntervalUnit intervalUnit()
    {
        if (id != TypeId.INTERVAL)
        {
            throw new IllegalStateException(this + " is not an interval type");
        }
        return IntervalUnit.values()[precision];
    }

    public static DataType array(final DataType element)
    {
        return new DataType(TypeId.ARRAY, 0, 0, null, List.of(element), null, null);
    }

    public static DataType map(final DataType key, final DataType value)
    {
        if (key.id == TypeId.NULLABLE || key.id == TypeId.ARRAY || key.id == TypeId.MAP || key.id == TypeId.TUPLE)
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Map cannot have a key of type " + key.clickHouseName());
        }
        return new DataType(TypeId.MAP, 0, 0, null, List.of(key, value), null, null);
    }

    /** Tuple of the elements; {@code names} is null for an unnamed tuple, else one distinct name per element. */
    public static DataType tuple(final List<DataType> elements, final List<String> names)
    {
        if (elements.isEmpty())
        {
            throw new MuonException(ErrorCodes.NUMBER_OF_ARGUMENTS_DOESNT_MATCH, "Tuple cannot be empty");
        }
        if (names != null)
        {
            if (names.size() != elements.size())
            {
                throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Tuple names do not match its elements");
            }
            final Set<String> seen = new HashSet<>();
            for (final String name : names)
            {
                if (name.isEmpty() || !seen.add(name))
                {
                    throw new MuonException(ErrorCodes.DUPLICATE_COLUMN, "Duplicate or empty tuple element name '" + name + "'");
                }
            }
        }
        return new DataType(TypeId.TUPLE, 0, 0, null, List.copyOf(elements),
            names == null ? null : List.copyOf(names), null);
    }

    /** Nullable(T); T may not be Nullable, Array, Map, Tuple or LowCardinality, as in ClickHouse. */
    public static DataType nullable(final DataType nested)
    {
        switch (nested.id)
        {
            case NULLABLE: case ARRAY: case MAP: case TUPLE: case LOW_CARDINALITY:
                throw new MuonException(ErrorCodes.ILLEGAL_TYPE_OF_ARGUMENT,
                    "Nested type " + nested.clickHouseName() + " cannot be inside Nullable type");
            default:
                return new DataType(TypeId.NULLABLE, 0, 0, null, List.of(nested), null, null);
        }
    }

    /** LowCardinality(T) for strings, numbers, dates and their Nullable forms. */
    public static DataType lowCardinality(final DataType nested)
    {
        final DataType inner = nested.id == TypeId.NULLABLE ? nested.elements.get(0) : nested;
        final TypeId id = inner.id;
        if (!(id == TypeId.STRING || id == TypeId.FIXED_STRING || id.isInteger() || id.isFloat() ||
            id == TypeId.DATE || id == TypeId.DATE32 || id == TypeId.DATETIME || id == TypeId.UUID ||
            id == TypeId.IPV4 || id == TypeId.IPV6))
        {
            throw new MuonException(ErrorCodes.ILLEGAL_TYPE_OF_ARGUMENT,
                "LowCardinality(" + nested.clickHouseName() + ") is not supported");
        }
        return new DataType(TypeId.LOW_CARDINALITY, 0, 0, null, List.of(nested), null, null);
    }

    /** Enum8 or Enum16 of the given names and values, in declaration order. */
    public static DataType enumOf(final TypeId id, final Map<String, Integer> values)
    {
        if (!id.isEnum())
        {
            throw new IllegalArgumentException(id + " is not an enum family");
        }
        if (values.isEmpty())
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, id.clickHouseName() + " cannot be empty");
        }
        final int min = id == TypeId.ENUM8 ? Byte.MIN_VALUE : Short.MIN_VALUE;
        final int max = id == TypeId.ENUM8 ? Byte.MAX_VALUE : Short.MAX_VALUE;
        final Set<Integer> seen = new HashSet<>();
        for (final Map.Entry<String, Integer> entry : values.entrySet())
        {
            if (entry.getValue() < min || entry.getValue() > max)
            {
                throw new MuonException(ErrorCodes.ARGUMENT_OUT_OF_BOUND, "Value " + entry.getValue() + " for element '" +
                    entry.getKey() + "' exceeds range of " + id.clickHouseName());
            }
            if (!seen.add(entry.getValue()))
            {
                throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Duplicate value " + entry.getValue() + " in " +
                    id.clickHouseName());
            }
        }
        return new DataType(id, 0, 0, null, List.of(), null, Collections.unmodifiableMap(new LinkedHashMap<>(values)));
    }

    private static String checkZone(final String timeZone)
    {
        if (timeZone == null)
        {
            return null;
        }
        try
        {
            ZoneId.of(timeZone);
            return timeZone;
        }
        catch (final DateTimeException e)
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Cannot load time zone " + timeZone);
        }
    }

    public TypeId id()
    {
        return id;
    }

    /** Decimal precision, DateTime64 precision or FixedString length. */
    public int precision()
    {
        return precision;
    }

    /** Decimal scale. */
    public int scale()
    {
        return scale;
    }

    /** DateTime/DateTime64 time zone, or null for the server's. */
    public String timeZone()
    {
        return timeZone;
    }

    /** Element types: Array (1), Map (key, value), Tuple (n), Nullable and LowCardinality (the nested type). */
    public List<DataType> elements()
    {
        return elements;
    }

    public DataType element(final int index)
    {
        return elements.get(index);
    }

    /** Tuple element names, or null for an unnamed tuple. */
    public List<String> names()
    {
        return names;
    }

    /** Enum names to values in declaration order, or null for non-enums. */
    public Map<String, Integer> enumValues()
    {
        return enumValues;
    }

    public boolean isNullable()
    {
        return id == TypeId.NULLABLE;
    }

    /**
     * Whether a value of this type may be NULL: Nullable(T), and LowCardinality(Nullable(T)), which is not Nullable
     * itself (as in ClickHouse) but keeps NULLs. Vectors, stored records and row formats carry a null mark for these.
     */
    public boolean holdsNull()
    {
        return id == TypeId.NULLABLE || id == TypeId.LOW_CARDINALITY && elements.get(0).id == TypeId.NULLABLE;
    }

    /** The type without Nullable and LowCardinality wrappers. */
    public DataType unwrapped()
    {
        DataType type = this;
        while (type.id == TypeId.NULLABLE || type.id == TypeId.LOW_CARDINALITY)
        {
            type = type.elements.get(0);
        }
        return type;
    }

    /**
     * Bytes per value of this type's own values column when it is fixed width, else 0 (String, Array, Map, Tuple).
     * Nullable and LowCardinality have the width of what they wrap.
     */
    public int fixedWidth()
    {
        switch (id)
        {
            case DECIMAL:
                return precision <= 9 ? 4 : precision <= 18 ? 8 : precision <= 38 ? 16 : 32;
            case FIXED_STRING:
                return precision;
            case NULLABLE:
            case LOW_CARDINALITY:
                return elements.get(0).fixedWidth();
            default:
                return id.width();
        }
    }

    /**
     * The physical columns values of this type occupy in a column batch (and, by the same names, the streams of a
     * MergeTree part): {@code name.null} null maps are folded into the column as a null bitmap; an Array adds
     * {@code name.size0} cumulative UInt64 offsets before its elements; a Map is {@code Array(Tuple(key, value))};
     * a Tuple contributes each element as {@code name.1}, {@code name.2} (or its element names); LowCardinality is
     * stored as the type it wraps.
     */
    public List<PhysicalColumn> physicalColumns(final String name)
    {
        final List<PhysicalColumn> out = new ArrayList<>();
        addPhysical(name, false, 0, out);
        return out;
    }

    private void addPhysical(final String name, final boolean nullable, final int arrayDepth, final List<PhysicalColumn> out)
    {
        switch (id)
        {
            case NULLABLE:
                elements.get(0).addPhysical(name, true, arrayDepth, out);
                return;
            case LOW_CARDINALITY:
                elements.get(0).addPhysical(name, nullable, arrayDepth, out);
                return;
            case ARRAY:
                out.add(new PhysicalColumn(name + ".size" + arrayDepth, 8, false, true));
                elements.get(0).addPhysical(name, false, arrayDepth + 1, out);
                return;
            case MAP:
                out.add(new PhysicalColumn(name + ".size" + arrayDepth, 8, false, true));
                elements.get(0).addPhysical(name + ".keys", false, arrayDepth + 1, out);
                elements.get(1).addPhysical(name + ".values", false, arrayDepth + 1, out);
                return;
            case TUPLE:
                for (int i = 0; i < elements.size(); i++)
                {
                    final String element = names == null ? Integer.toString(i + 1) : names.get(i);
                    elements.get(i).addPhysical(name + "." + element, false, arrayDepth, out);
                }
                return;
            case STRING:
                out.add(new PhysicalColumn(name, 0, nullable, false));
                return;
            default:
                out.add(new PhysicalColumn(name, fixedWidth(), nullable, false));
        }
    }

    /** ClickHouse's spelling, e.g. {@code Nullable(DateTime64(3, 'UTC'))}. */
    public String clickHouseName()
    {
        final StringBuilder text = new StringBuilder();
        print(text, true);
        return text.toString();
    }

    /** Proton's spelling, e.g. {@code nullable(datetime64(3, 'UTC'))}. */
    public String protonName()
    {
        final StringBuilder text = new StringBuilder();
        print(text, false);
        return text.toString();
    }

    private void print(final StringBuilder text, final boolean clickHouse)
    {
        text.append(clickHouse ? id.clickHouseName() : id.protonName());
        switch (id)
        {
            case INTERVAL:
                text.append(clickHouse ? intervalUnit().title() : "_" + intervalUnit().name().toLowerCase());
                break;
            case DECIMAL:
                text.append('(').append(precision).append(", ").append(scale).append(')');
                break;
            case FIXED_STRING:
                text.append('(').append(precision).append(')');
                break;
            case DATETIME:
                if (timeZone != null)
                {
                    text.append("('").append(timeZone).append("')");
                }
                break;
            case DATETIME64:
                text.append('(').append(precision);
                if (timeZone != null)
                {
                    text.append(", '").append(timeZone).append('\'');
                }
                text.append(')');
                break;
            case ENUM8:
            case ENUM16:
            {
                text.append('(');
                boolean first = true;
                for (final Map.Entry<String, Integer> entry : enumValues.entrySet())
                {
                    if (!first)
                    {
                        text.append(", ");
                    }
                    first = false;
                    TypeParser.quote(text, entry.getKey());
                    text.append(" = ").append(entry.getValue());
                }
                text.append(')');
                break;
            }
            case ARRAY:
            case MAP:
            case TUPLE:
            case NULLABLE:
            case LOW_CARDINALITY:
                text.append('(');
                for (int i = 0; i < elements.size(); i++)
                {
                    if (i > 0)
                    {
                        text.append(", ");
                    }
                    if (names != null)
                    {
                        TypeParser.identifier(text, names.get(i));
                        text.append(' ');
                    }
                    elements.get(i).print(text, clickHouse);
                }
                text.append(')');
                break;
            default:
                break;
        }
    }

    @Override
    public boolean equals(final Object other)
    {
        if (this == other)
        {
            return true;
        }
        if (!(other instanceof DataType))
        {
            return false;
        }
        final DataType that = (DataType)other;
        return id == that.id && precision == that.precision && scale == that.scale &&
            Objects.equals(timeZone, that.timeZone) && elements.equals(that.elements) &&
            Objects.equals(names, that.names) && Objects.equals(enumValues == null ? null : List.copyOf(enumValues.entrySet()),
            that.enumValues == null ? null : List.copyOf(that.enumValues.entrySet()));
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(id, precision, scale, timeZone, elements, names, enumValues);
    }

    @Override
    public String toString()
    {
        return clickHouseName();
    }
}
