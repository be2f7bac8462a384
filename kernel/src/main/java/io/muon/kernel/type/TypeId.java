package io.muon.kernel.type;

/**
 * The type families Muon stores and computes with, with their ClickHouse and Proton names and fixed widths in
 * bytes (0 where the width depends on parameters or the type is composite or variable).
 */
public enum TypeId
{
    NOTHING("Nothing", "nothing", 1),
    BOOL("Bool", "bool", 1),
    INT8("Int8", "int8", 1),
    INT16("Int16", "int16", 2),
    INT32("Int32", "int32", 4),
    INT64("Int64", "int64", 8),
    INT128("Int128", "int128", 16),
    INT256("Int256", "int256", 32),
    UINT8("UInt8", "uint8", 1),
    UINT16("UInt16", "uint16", 2),
    UINT32("UInt32", "uint32", 4),
    UINT64("UInt64", "uint64", 8),
    UINT128("UInt128", "uint128", 16),
    UINT256("UInt256", "uint256", 32),
    FLOAT32("Float32", "float32", 4),
    FLOAT64("Float64", "float64", 8),
    /** Decimal(P, S): 4, 8, 16 or 32 bytes by precision. */
    DECIMAL("Decimal", "decimal", 0),
    STRING("String", "string", 0),
    FIXED_STRING("FixedString", "fixed_string", 0),
    UUID("UUID", "uuid", 16),
    IPV4("IPv4", "ipv4", 4),
    IPV6("IPv6", "ipv6", 16),
    ENUM8("Enum8", "enum8", 1),
    ENUM16("Enum16", "enum16", 2),
    /** Days since 1970-01-01 as UInt16. */
    DATE("Date", "date", 2),
    /** Days since 1970-01-01 as Int32. */
    DATE32("Date32", "date32", 4),
    /** Seconds since the epoch as UInt32, with an optional time zone. */
    DATETIME("DateTime", "datetime", 4),
    /** Ticks of 10^-precision seconds since the epoch as Int64, with an optional time zone. */
    DATETIME64("DateTime64", "datetime64", 8),
    ARRAY("Array", "array", 0),
    MAP("Map", "map", 0),
    TUPLE("Tuple", "tuple", 0),
    NULLABLE("Nullable", "nullable", 0),
    LOW_CARDINALITY("LowCardinality", "low_cardinality", 0),
    /** A time interval of one {@link IntervalUnit}, as Int64 units; a type of expressions, not of stored columns. */
    INTERVAL("Interval", "interval", 8);

    private final String clickHouseName;
    private final String protonName;
    private final int width;

    TypeId(final String clickHouseName, final String protonName, final int width)
    {
        this.clickHouseName = clickHouseName;
        this.protonName = protonName;
        this.width = width;
    }

    public String clickHouseName()
    {
        return clickHouseName;
    }

    public String protonName()
    {
        return protonName;
    }

    /** Bytes per value for parameterless fixed-width families, else 0. */
    public int width()
    {
        return width;
    }

    public boolean isInteger()
    {
        return ordinal() >= INT8.ordinal() && ordinal() <= UINT256.ordinal();
    }

    public boolean isSignedInteger()
    {
        return ordinal() >= INT8.ordinal() && ordinal() <= INT256.ordinal();
    }

    public boolean isUnsignedInteger()
    {
        return ordinal() >= UINT8.ordinal() && ordinal() <= UINT256.ordinal();
    }

    public boolean isFloat()
    {
        return this == FLOAT32 || this == FLOAT64;
    }

    /** Integers, floats and decimals. */
    public boolean isNumber()
    {
        return isInteger() || isFloat() || this == DECIMAL;
    }

    public boolean isDateOrTime()
    {
        return this == DATE || this == DATE32 || this == DATETIME || this == DATETIME64;
    }

    public boolean isEnum()
    {
        return this == ENUM8 || this == ENUM16;
    }
}
