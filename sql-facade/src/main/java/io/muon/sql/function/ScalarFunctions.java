package io.muon.sql.function;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.type.IntervalUnit;
import io.muon.kernel.type.TypeId;
import io.muon.kernel.type.TypeParser;

import java.util.ArrayList;
import java.util.List;

/** Registers the scalar functions: operators, math, strings, dates, conversions, arrays, maps, JSON, hashes, URLs. */
final class ScalarFunctions
{
    private static final FunctionSignature.ReturnType BOOL = a -> DataType.UINT8;
    private static final FunctionSignature.ReturnType STRING = a -> DataType.STRING;
    private static final FunctionSignature.ReturnType FLOAT64 = a -> DataType.FLOAT64;
    private static final FunctionSignature.ReturnType UINT64 = a -> DataType.UINT64;
    private static final FunctionSignature.ReturnType FIRST = a -> a.type(0);
    private static final FunctionSignature.ReturnType SUPERTYPE = a -> TypeRules.leastSupertype(a.types());

    private ScalarFunctions()
    {
    }

    static void register(final FunctionRegistry r)
    {
        operators(r);
        conditional(r);
        math(r);
        strings(r);
        conversions(r);
        dates(r);
        arrays(r);
        mapsTuplesJson(r);
        hashesUrlsAndOthers(r);
        streaming(r);
    }

    /** AND/OR: UInt8, Nullable when an argument may be NULL (a NULL literal included). */
    private static DataType threeValued(final Arguments a)
    {
        for (final DataType type : a.types())
        {
            if (type.isNullable() || type.unwrapped().id() == TypeId.NOTHING)
            {
                return TypeRules.nullable(DataType.UINT8);
            }
        }
        return DataType.UINT8;
    }

    private static void operators(final FunctionRegistry r)
    {
        r.scalar("plus", "*,*", a -> arithmetic("plus", a));
        r.scalar("minus", "*,*", a -> arithmetic("minus", a));
        r.scalar("multiply", "N,N", a -> TypeRules.additive("multiply", a.type(0), a.type(1)));
        r.scalar("divide", "N,N", a -> a.type(0).id() == TypeId.DECIMAL && !a.type(1).id().isFloat() ?
            TypeRules.additive("divide", a.type(0), a.type(1)) : DataType.FLOAT64);
        r.scalar("int_div", "N,N", a -> TypeRules.integerDivision(a.type(0), a.type(1)));
        r.scalar("int_div_or_zero", "N,N", a -> TypeRules.integerDivision(a.type(0), a.type(1)));
        r.scalar("modulo", "N,N", a -> TypeRules.modulo(a.type(0), a.type(1)));
        r.alias("mod", "modulo");
        r.scalar("negate", "*", a ->
        {
            if (a.type(0).id() == TypeId.INTERVAL)
            {
                return a.type(0);
            }
            if (!TypeRules.isNumeric(a.type(0)))
            {
                throw a.illegal(0, "a number or an interval");
            }
            return TypeRules.negate(a.type(0));
        });
        r.scalar("abs", "N", a -> a.type(0).id().isSignedInteger() ?
            TypeRules.integer(false, TypeRules.size(a.type(0))) : a.type(0));
        r.scalar("gcd", "I,I", a -> TypeRules.additive("plus", a.type(0), a.type(1)));
        r.scalar("lcm", "I,I", a -> TypeRules.additive("plus", a.type(0), a.type(1)));
        for (final String name : List.of("bit_and", "bit_or", "bit_xor"))
        {
            r.scalar(name, "I,I", a -> TypeRules.integer(a.type(0).id().isSignedInteger() || a.type(1).id().isSignedInteger(),
                Math.max(TypeRules.size(a.type(0)), TypeRules.size(a.type(1)))));
        }
        r.scalar("bit_not", "I", FIRST);
        r.scalar("bit_shift_left", "I,I", FIRST);
        r.scalar("bit_shift_right", "I,I", FIRST);
        for (final String name : List.of("equals", "not_equals", "less", "greater", "less_or_equals",
            "greater_or_equals"))
        {
            r.scalar(name, "*,*", a -> comparison(name, a));
        }
        // three-valued logic: the bodies see NULLs (NULL OR 1 is 1), the result is Nullable when an argument is
        r.scalar("and", "*,*...", ScalarFunctions::threeValued).handlesNulls();
        r.scalar("or", "*,*...", ScalarFunctions::threeValued).handlesNulls();
        r.scalar("xor", "*,*...", BOOL);
        r.scalar("not", "*", BOOL);
        for (final String name : List.of("like", "not_like", "ilike", "not_ilike", "match"))
        {
            r.scalar(name, "S,S", BOOL);
        }
        r.scalar("in", "*,*", BOOL);
        r.scalar("not_in", "*,*", BOOL);
        r.scalar("global_in", "*,*", BOOL);
        r.scalar("global_not_in", "*,*", BOOL);
        r.scalar("exists", "*", BOOL);
    }

    private static DataType arithmetic(final String name, final Arguments a)
    {
        final DataType left = a.type(0);
        final DataType right = a.type(1);
        if (left.id() == TypeId.INTERVAL && right.id() == TypeId.INTERVAL && left.equals(right))
        {
            return left;
        }
        if (left.id().isDateOrTime() || right.id().isDateOrTime())
        {
            final DataType time = left.id().isDateOrTime() ? left : right;
            final DataType other = left.id().isDateOrTime() ? right : left;
            if (other.id() == TypeId.INTERVAL)
            {
                if (name.equals("minus") && right.id().isDateOrTime())
                {
                    throw a.illegal(1, "an interval or a number after a date");
                }
                return TypeRules.dateTimePlusInterval(time, other.intervalUnit());
            }
            if (TypeRules.isIntegerLike(other))
            {
                return time;
            }
            if (name.equals("minus") && other.id().isDateOrTime())
            {
                return time.id() == TypeId.DATE || time.id() == TypeId.DATE32 ? DataType.INT32 : DataType.INT64;
            }
            throw a.illegal(left.id().isDateOrTime() ? 1 : 0, "an interval or an integer with a date");
        }
        for (int i = 0; i < 2; i++)
        {
            if (!TypeRules.isNumeric(a.type(i)))
            {
                throw a.illegal(i, "a number");
            }
        }
        return name.equals("minus") ? TypeRules.subtraction(left, right) : TypeRules.additive(name, left, right);
    }

    private static DataType comparison(final String name, final Arguments a)
    {
        final DataType left = a.type(0);
        final DataType right = a.type(1);
        final boolean comparable = TypeRules.isNumeric(left) && TypeRules.isNumeric(right) ||
            isStringLike(left) && isStringLike(right) ||
            left.id() == right.id() ||
            left.id().isDateOrTime() && (right.id().isDateOrTime() || isStringLike(right) || right.id().isInteger()) ||
            right.id().isDateOrTime() && (isStringLike(left) || left.id().isInteger()) ||
            (left.id().isEnum() || left.id() == TypeId.UUID || left.id() == TypeId.IPV4 || left.id() == TypeId.IPV6) &&
                (isStringLike(right) || right.id().isInteger()) ||
            (right.id().isEnum() || right.id() == TypeId.UUID || right.id() == TypeId.IPV4 || right.id() == TypeId.IPV6) &&
                (isStringLike(left) || left.id().isInteger()) ||
            left.id() == TypeId.NOTHING || right.id() == TypeId.NOTHING;
        if (!comparable)
        {
            throw new MuonException(ErrorCodes.NO_COMMON_TYPE, "Illegal types of arguments (" + left.clickHouseName() +
                ", " + right.clickHouseName() + ") of function " + name);
        }
        return DataType.UINT8;
    }

    static boolean isStringLike(final DataType type)
    {
        return type.id() == TypeId.STRING || type.id() == TypeId.FIXED_STRING;
    }

    private static void conditional(final FunctionRegistry r)
    {
        r.scalar("if", "*,*,*", a -> TypeRules.leastSupertype(List.of(a.type(1), a.type(2)))).handlesNulls();
        r.scalar("multi_if", "*,*,*...", a ->
        {
            if (a.size() % 2 == 0)
            {
                throw new MuonException(ErrorCodes.NUMBER_OF_ARGUMENTS_DOESNT_MATCH,
                    "Invalid number of arguments for function multi_if: " + a.size() + ", should be odd");
            }
            final List<DataType> branches = new ArrayList<>();
            for (int i = 1; i < a.size(); i += 2)
            {
                branches.add(a.type(i));
            }
            branches.add(a.type(a.size() - 1));
            return TypeRules.leastSupertype(branches);
        }).handlesNulls();
        r.scalar("if_null", "*,*", a -> TypeRules.leastSupertype(List.of(notNull(a.type(0)), a.type(1)))).handlesNulls();
        r.alias("nvl", "if_null");
        r.scalar("null_if", "*,*", a -> TypeRules.nullable(a.type(0))).handlesNulls();
        r.scalar("coalesce", "*...", a ->
        {
            final List<DataType> types = new ArrayList<>();
            boolean anyNotNull = false;
            for (final DataType type : a.types())
            {
                types.add(notNull(type));
                anyNotNull |= !type.isNullable();
            }
            final DataType common = TypeRules.leastSupertype(types);
            return anyNotNull ? common : TypeRules.nullable(common);
        }).handlesNulls();
        r.scalar("is_null", "*", BOOL).handlesNulls();
        r.scalar("is_not_null", "*", BOOL).handlesNulls();
        r.scalar("assume_not_null", "*", a -> notNull(a.type(0))).handlesNulls();
        r.scalar("to_nullable", "*", a -> TypeRules.nullable(a.type(0))).handlesNulls();
        r.scalar("greatest", "N,N...", SUPERTYPE);
        r.scalar("least", "N,N...", SUPERTYPE);
    }

    static DataType notNull(final DataType type)
    {
        return type.isNullable() ? type.element(0) : type;
    }

    private static void math(final FunctionRegistry r)
    {
        for (final String name : List.of("exp", "log", "log2", "log10", "exp2", "exp10", "sqrt", "cbrt", "sin", "cos",
            "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "erf", "erfc", "lgamma", "tgamma", "degrees",
            "radians"))
        {
            r.scalar(name, "N", FLOAT64);
        }
        r.alias("ln", "log");
        r.scalar("pow", "N,N", FLOAT64);
        r.alias("power", "pow");
        r.scalar("atan2", "N,N", FLOAT64);
        r.scalar("hypot", "N,N", FLOAT64);
        r.scalar("pi", "", FLOAT64);
        r.scalar("e", "", FLOAT64);
        for (final String name : List.of("floor", "ceil", "round", "trunc", "round_bankers"))
        {
            r.scalar(name, "N,?I", FIRST);
        }
        r.alias("ceiling", "ceil");
        r.alias("truncate", "trunc");
        r.scalar("sign", "N", a -> DataType.INT8);
        r.scalar("rand", "?*", a -> DataType.UINT32);
        r.alias("rand32", "rand");
        r.scalar("rand64", "?*", UINT64);
        r.scalar("rand_uniform", "N,N", FLOAT64);
        r.scalar("rand_normal", "N,N", FLOAT64);
        r.scalar("rand_log_normal", "N,N", FLOAT64);
        r.scalar("rand_exponential", "N", FLOAT64);
        r.scalar("rand_poisson", "N", UINT64);
        r.scalar("rand_bernoulli", "N", UINT64);
        r.scalar("random_printable_ascii", "I", STRING);
        r.scalar("random_string", "I", STRING);
        r.scalar("random_fixed_string", "I", a -> DataType.fixedString((int)a.constantInteger(0)));
        r.scalar("random_in_type", "S,?*,?*", a -> a.isLambda(a.size() - 1) ? a.type(a.size() - 1) :
            TypeParser.parse(a.constantString(0))).lambdaParameter(DataType.UINT64);
    }

    private static void strings(final FunctionRegistry r)
    {
        r.scalar("length", "*", a ->
        {
            final TypeId id = a.type(0).id();
            if (!(isStringLike(a.type(0)) || id == TypeId.ARRAY || id == TypeId.MAP || id == TypeId.NOTHING))
            {
                throw a.illegal(0, "a string, an array or a map");
            }
            return DataType.UINT64;
        });
        r.scalar("length_utf8", "S", UINT64);
        r.alias("char_length", "length_utf8");
        r.scalar("empty", "*", BOOL);
        r.scalar("not_empty", "*", BOOL);
        for (final String name : List.of("lower", "upper", "lower_utf8", "upper_utf8", "reverse", "reverse_utf8",
            "trim", "ltrim", "rtrim", "base64_encode", "base64_decode", "try_base64_decode", "hex", "unhex",
            "normalize_query", "initcap", "to_valid_utf8", "soundex"))
        {
            r.scalar(name, "*", a ->
            {
                if (name.equals("reverse") && a.type(0).id() == TypeId.ARRAY)
                {
                    return a.type(0);
                }
                if (!name.equals("hex") && !isStringLike(a.type(0)) && a.type(0).id() != TypeId.NOTHING)
                {
                    throw a.illegal(0, "a string");
                }
                return DataType.STRING;
            });
        }
        r.alias("lcase", "lower");
        r.alias("ucase", "upper");
        r.alias("trim_both", "trim");
        r.alias("trim_left", "ltrim");
        r.alias("trim_right", "rtrim");
        r.scalar("concat", "*...", STRING);
        r.scalar("substring", "S,I,?I", STRING);
        r.alias("substr", "substring");
        r.alias("mid", "substring");
        r.scalar("substring_utf8", "S,I,?I", STRING);
        r.scalar("left", "S,I", STRING);
        r.scalar("right", "S,I", STRING);
        r.scalar("lpad", "S,I,?S", STRING);
        r.alias("left_pad", "lpad");
        r.scalar("rpad", "S,I,?S", STRING);
        r.alias("right_pad", "rpad");
        r.scalar("repeat", "S,I", STRING);
        r.scalar("space", "I", STRING);
        for (final String name : List.of("replace_one", "replace_all", "replace_regexp_one", "replace_regexp_all"))
        {
            r.scalar(name, "S,S,S", STRING);
        }
        r.alias("replace", "replace_all");
        r.scalar("position", "S,S,?I", UINT64);
        r.alias("locate", "position");
        r.scalar("position_case_insensitive", "S,S,?I", UINT64);
        r.scalar("position_utf8", "S,S,?I", UINT64);
        r.scalar("starts_with", "S,S", BOOL);
        r.scalar("ends_with", "S,S", BOOL);
        r.scalar("extract", "S,S", STRING);
        r.scalar("extract_all", "S,S", a -> DataType.array(DataType.STRING));
        r.scalar("extract_all_groups", "S,S", a -> DataType.array(DataType.array(DataType.STRING)));
        r.scalar("split_by_char", "S,S,?I", a -> DataType.array(DataType.STRING));
        r.scalar("split_by_string", "S,S,?I", a -> DataType.array(DataType.STRING));
        r.scalar("split_by_regexp", "S,S,?I", a -> DataType.array(DataType.STRING));
        r.scalar("split_by_whitespace", "S,?I", a -> DataType.array(DataType.STRING));
        r.scalar("array_string_concat", "A,?S", STRING);
        r.scalar("format", "S,*...", STRING);
        r.scalar("format_readable_size", "N", STRING);
        r.scalar("format_readable_quantity", "N", STRING);
        r.scalar("format_readable_time_delta", "N,?S", STRING);
        r.scalar("multi_search_any", "S,A", BOOL);
        r.scalar("multi_match_any", "S,A", BOOL);
        r.scalar("grok", "S,S", a -> DataType.map(DataType.STRING, DataType.STRING));
        r.scalar("extract_key_value_pairs", "S,?S,?S,?S", a -> DataType.map(DataType.STRING, DataType.STRING));
        r.scalar("extract_all_groups_horizontal", "S,S", a -> DataType.array(DataType.array(DataType.STRING)));
        r.scalar("extract_all_groups_vertical", "S,S", a -> DataType.array(DataType.array(DataType.STRING)));
        r.scalar("base58_encode", "S", STRING);
        r.scalar("base58_decode", "S", STRING);
        r.alias("replace_regex", "replace_regexp_all");
    }

    private static void conversions(final FunctionRegistry r)
    {
        final String[] names = {"int8", "int16", "int32", "int64", "int128", "int256", "uint8", "uint16", "uint32",
            "uint64", "uint128", "uint256", "float32", "float64"};
        for (final String name : names)
        {
            final DataType type = TypeParser.parse(name);
            r.scalar("to_" + name, "*", a -> type);
            r.scalar("to_" + name + "_or_zero", "*", a -> type);
            r.scalar("to_" + name + "_or_default", "*,?*", a -> orDefault(a, type)).handlesNulls();
            r.scalar("to_" + name + "_or_null", "*", a -> TypeRules.nullable(type)).handlesNulls();
        }
        r.scalar("to_string", "*,?S", STRING);
        r.alias("to_int", "to_int32");
        r.alias("to_float", "to_float64");
        r.scalar("to_fixed_string", "S,I", a -> DataType.fixedString((int)a.constantInteger(1)));
        r.scalar("to_bool", "*", a -> DataType.BOOL);
        r.scalar("to_uuid", "*", a -> DataType.UUID);
        r.scalar("to_uuid_or_zero", "*", a -> DataType.UUID);
        r.scalar("to_uuid_or_null", "*", a -> TypeRules.nullable(DataType.UUID)).handlesNulls();
        r.scalar("to_ipv4", "*", a -> DataType.IPV4);
        r.scalar("to_ipv6", "*", a -> DataType.IPV6);
        for (final int bits : new int[] {32, 64, 128, 256})
        {
            final int precision = bits == 32 ? 9 : bits == 64 ? 18 : bits == 128 ? 38 : 76;
            r.scalar("to_decimal" + bits, "*,I", a -> DataType.decimal(precision, (int)a.constantInteger(1)));
            r.scalar("to_decimal" + bits + "_or_null", "*,I",
                a -> TypeRules.nullable(DataType.decimal(precision, (int)a.constantInteger(1)))).handlesNulls();
            r.scalar("to_decimal" + bits + "_or_zero", "*,I", a -> DataType.decimal(precision, (int)a.constantInteger(1)));
        }
        r.scalar("to_type_name", "*", STRING).handlesNulls();
        r.scalar("default_value_of_type_name", "S", a -> TypeParser.parse(a.constantString(0)));
        r.scalar("default_value_of_argument_type", "*", a -> a.type(0)).handlesNulls();
        r.scalar("to_column_type_name", "*", STRING).handlesNulls();
        r.scalar("reinterpret_as_string", "*", STRING);
        r.scalar("cast", "*,S", a -> TypeParser.parse(a.constantString(1))).handlesNulls();
        r.scalar("accurate_cast", "*,S", a -> TypeParser.parse(a.constantString(1))).handlesNulls();
        r.scalar("accurate_cast_or_null", "*,S", a -> TypeRules.nullable(TypeParser.parse(a.constantString(1))))
            .handlesNulls();
    }

    /** to_*_or_default(x[, default]): as in ClickHouse, the default must be of the target type itself. */
    private static DataType orDefault(final Arguments a, final DataType type)
    {
        if (a.size() > 1 && !a.type(1).equals(type))
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Default value type should be same as cast type. " +
                "Expected " + type.clickHouseName() + ". Actual " + a.type(1).clickHouseName());
        }
        return type;
    }

    /** DateTime of a time zone argument at {@code index}, if given. */
    private static DataType dateTime(final Arguments a, final int zoneIndex)
    {
        return a.size() > zoneIndex ? DataType.dateTime(a.constantString(zoneIndex)) : DataType.DATETIME;
    }

    /** to_start_of_* at or above a second: DateTime, keeping the zone; DateTime64 stays DateTime64 below a day. */
    private static DataType startOf(final Arguments a, final boolean keepSubSecond)
    {
        final DataType time = a.type(0);
        final String zone = a.size() > 1 && isStringLike(a.type(a.size() - 1)) ? a.constantString(a.size() - 1) :
            time.timeZone();
        if (keepSubSecond && time.id() == TypeId.DATETIME64)
        {
            return DataType.dateTime64(time.precision(), zone);
        }
        return DataType.dateTime(zone);
    }

    private static void dates(final FunctionRegistry r)
    {
        r.scalar("now", "?S", a -> dateTime(a, 0));
        r.scalar("now64", "?I,?S", a -> DataType.dateTime64(a.size() > 0 ? (int)a.constantInteger(0) : 3,
            a.size() > 1 ? a.constantString(1) : null));
        r.scalar("today", "", a -> DataType.DATE);
        r.scalar("yesterday", "", a -> DataType.DATE);
        r.scalar("timezone", "", STRING);
        r.alias("time_zone", "timezone");
        r.scalar("timezone_of", "T", STRING);
        r.scalar("to_timezone", "T,S", a -> a.type(0).id() == TypeId.DATETIME64 ?
            DataType.dateTime64(a.type(0).precision(), a.constantString(1)) : DataType.dateTime(a.constantString(1)));
        r.scalar("to_year", "T,?S", a -> DataType.UINT16);
        r.scalar("to_quarter", "T,?S", a -> DataType.UINT8);
        r.scalar("to_month", "T,?S", a -> DataType.UINT8);
        r.scalar("to_day_of_year", "T,?S", a -> DataType.UINT16);
        for (final String name : List.of("to_day_of_month", "to_day_of_week", "to_hour", "to_minute", "to_second",
            "to_iso_week", "to_week"))
        {
            r.scalar(name, "T,?*", a -> DataType.UINT8);
        }
        r.alias("to_day", "to_day_of_month");
        r.alias("year", "to_year");
        r.alias("quarter", "to_quarter");
        r.alias("month", "to_month");
        r.alias("day_of_month", "to_day_of_month");
        r.alias("day_of_year", "to_day_of_year");
        r.alias("day_of_week", "to_day_of_week");
        r.alias("hour", "to_hour");
        r.alias("minute", "to_minute");
        r.alias("second", "to_second");
        r.scalar("to_time", "*,?S", a -> DataType.dateTime64(3, a.size() > 1 ? a.constantString(1) : null));
        r.scalar("to_yyyymm", "T,?S", a -> DataType.UINT32);
        r.scalar("to_yyyymmdd", "T,?S", a -> DataType.UINT32);
        r.scalar("to_yyyymmddhhmmss", "T,?S", UINT64);
        r.scalar("to_unix_timestamp", "*,?S", a -> DataType.UINT32);
        for (final String unit : List.of("milli", "micro", "nano"))
        {
            final int digits = unit.equals("milli") ? 3 : unit.equals("micro") ? 6 : 9;
            r.scalar("to_unix_timestamp64_" + unit, "T", a -> DataType.INT64);
            r.scalar("from_unix_timestamp64_" + unit, "I,?S",
                a -> DataType.dateTime64(digits, a.size() > 1 ? a.constantString(1) : null));
        }
        r.scalar("from_unix_timestamp", "I,?S", a -> dateTime(a, 1));
        for (final String name : List.of("to_start_of_year", "to_start_of_quarter", "to_start_of_month",
            "to_start_of_week", "to_monday", "to_last_day_of_month", "to_date", "to_start_of_iso_year"))
        {
            r.scalar(name, name.equals("to_date") ? "*,?S" : "T,?*", a -> DataType.DATE);
        }
        r.scalar("to_date32", "*,?S", a -> DataType.DATE32);
        r.scalar("to_date_or_null", "*", a -> TypeRules.nullable(DataType.DATE)).handlesNulls();
        r.scalar("to_date_or_zero", "*", a -> DataType.DATE);
        r.scalar("to_start_of_day", "T,?S", a -> startOf(a, false));
        for (final String name : List.of("to_start_of_hour", "to_start_of_minute", "to_start_of_five_minutes",
            "to_start_of_ten_minutes", "to_start_of_fifteen_minutes", "to_start_of_second",
            "to_start_of_millisecond", "to_start_of_microsecond"))
        {
            r.scalar(name, "T,?S", a -> startOf(a, !name.endsWith("minutes") && !name.endsWith("minute") &&
                !name.endsWith("hour")));
        }
        r.alias("to_start_of_five_minute", "to_start_of_five_minutes");
        // ClickHouse: whole days and longer units of a Date stay a Date; weeks and longer of a DateTime become a Date
        r.scalar("to_start_of_interval", "T,V,?S", a ->
        {
            final IntervalUnit unit = a.type(1).intervalUnit();
            final boolean calendar = unit.nanos() == 0 || unit == IntervalUnit.WEEK;
            if (a.type(0).id() == TypeId.DATE && (calendar || unit == IntervalUnit.DAY) ||
                a.type(0).id() != TypeId.DATETIME64 && calendar)
            {
                return DataType.DATE;
            }
            return startOf(a, unit.subSecondDigits() > 0);
        });
        r.scalar("date_trunc", "S,T,?S", a ->
        {
            final String unit = a.constantString(0).toLowerCase();
            final DataType time = a.type(1);
            if (unit.equals("year") || unit.equals("quarter") || unit.equals("month") || unit.equals("week") ||
                unit.equals("day"))
            {
                return time.id() == TypeId.DATE ? DataType.DATE : DataType.dateTime(time.timeZone());
            }
            return time.id() == TypeId.DATETIME64 ? time : DataType.dateTime(time.timeZone());
        }).unitFirst();
        r.scalar("to_datetime", "*,?S", a -> a.size() > 1 ? DataType.dateTime(a.constantString(1)) :
            a.type(0).id() == TypeId.DATETIME ? a.type(0) : DataType.DATETIME);
        r.scalar("to_datetime_or_null", "*,?S", a -> TypeRules.nullable(dateTime(a, 1))).handlesNulls();
        r.scalar("to_datetime_or_zero", "*,?S", a -> dateTime(a, 1));
        r.scalar("to_datetime64", "*,I,?S", a -> DataType.dateTime64((int)a.constantInteger(1),
            a.size() > 2 ? a.constantString(2) : a.type(0).timeZone()));
        r.scalar("to_datetime64_or_null", "*,I,?S", a -> TypeRules.nullable(DataType.dateTime64(
            (int)a.constantInteger(1), a.size() > 2 ? a.constantString(2) : null))).handlesNulls();
        r.scalar("parse_datetime_best_effort", "S,?S", a -> dateTime(a, 1));
        r.scalar("parse_datetime_best_effort_or_null", "S,?S", a -> TypeRules.nullable(dateTime(a, 1))).handlesNulls();
        r.scalar("parse_datetime64_best_effort", "S,?I,?S", a -> DataType.dateTime64(
            a.size() > 1 ? (int)a.constantInteger(1) : 3, a.size() > 2 ? a.constantString(2) : null));
        r.scalar("parse_datetime", "S,S,?S", a -> dateTime(a, 2));
        r.scalar("parse_datetime_in_joda_syntax", "S,S,?S", a -> dateTime(a, 2));
        r.scalar("date_diff", "S,T,T,?S", a -> DataType.INT64).unitFirst();
        r.alias("datediff", "date_diff");
        r.alias("timestamp_diff", "date_diff");
        r.scalar("age", "S,T,T,?S", a -> DataType.INT32).unitFirst();
        for (final String name : List.of("date_add", "date_sub"))
        {
            r.scalar(name, "*,*,?*", a ->
            {
                if (a.size() == 3)
                {
                    return a.type(2);
                }
                final DataType time = a.type(0).id().isDateOrTime() ? a.type(0) : a.type(1);
                final DataType interval = a.type(0).id() == TypeId.INTERVAL ? a.type(0) : a.type(1);
                if (!time.id().isDateOrTime() || interval.id() != TypeId.INTERVAL)
                {
                    throw a.illegal(0, "a date and an interval");
                }
                return TypeRules.dateTimePlusInterval(time, interval.intervalUnit());
            }).unitFirst();
        }
        for (final String unit : List.of("nanoseconds", "microseconds", "milliseconds", "seconds", "minutes", "hours",
            "days", "weeks", "months", "quarters", "years"))
        {
            r.scalar("add_" + unit, "T,I", FIRST);
            r.scalar("subtract_" + unit, "T,I", FIRST);
            r.scalar("to_interval_" + unit.substring(0, unit.length() - 1), "N", a -> DataType.interval(
                io.muon.kernel.type.IntervalUnit.of(unit.substring(0, unit.length() - 1))));
        }
        r.scalar("format_datetime", "T,S,?S", STRING);
        r.alias("date_format", "format_datetime");
        r.scalar("to_relative_second_num", "T,?S", a -> DataType.UINT32);
        r.scalar("to_relative_minute_num", "T,?S", a -> DataType.UINT32);
        r.scalar("to_relative_hour_num", "T,?S", a -> DataType.UINT32);
        r.scalar("to_relative_day_num", "T,?S", a -> DataType.UINT32);
        r.scalar("to_relative_week_num", "T,?S", a -> DataType.UINT32);
        r.scalar("to_relative_month_num", "T,?S", a -> DataType.UINT32);
        r.scalar("to_relative_quarter_num", "T,?S", a -> DataType.UINT32);
        r.scalar("to_relative_year_num", "T,?S", a -> DataType.UINT16);
        r.scalar("time_slot", "T", a -> DataType.dateTime(a.type(0).timeZone()));
    }

    private static DataType element(final Arguments a, final int index)
    {
        final DataType type = a.type(index);
        if (type.id() == TypeId.NOTHING)
        {
            return DataType.NOTHING;
        }
        if (type.id() != TypeId.ARRAY)
        {
            throw a.illegal(index, "an array");
        }
        return type.element(0);
    }

    private static void arrays(final FunctionRegistry r)
    {
        r.scalar("array", "?*...", a -> DataType.array(TypeRules.leastSupertype(a.types()))).handlesNulls();
        r.alias("array_cast", "array");
        r.scalar("array_difference", "A", a -> DataType.array(TypeRules.subtraction(element(a, 0), element(a, 0))));
        r.scalar("range", "I,?I,?I", a -> DataType.array(a.size() == 1 ? DataType.UINT64 :
            TypeRules.leastSupertype(a.types())));
        r.scalar("array_element", "*,*", a ->
        {
            if (a.type(0).id() == TypeId.MAP)
            {
                return a.type(0).element(1);
            }
            return element(a, 0);
        });
        r.scalar("has", "A,*", BOOL).handlesNulls();
        r.scalar("has_all", "A,A", BOOL);
        r.scalar("has_any", "A,A", BOOL);
        r.scalar("index_of", "A,*", UINT64).handlesNulls();
        r.scalar("count_equal", "A,*", UINT64).handlesNulls();
        r.scalar("array_concat", "A...", SUPERTYPE);
        r.scalar("array_slice", "A,I,?I", FIRST);
        r.scalar("array_push_back", "A,*", a -> DataType.array(TypeRules.leastSupertype(List.of(element(a, 0), a.type(1)))));
        r.scalar("array_push_front", "A,*", a -> DataType.array(TypeRules.leastSupertype(List.of(element(a, 0), a.type(1)))));
        for (final String name : List.of("array_pop_back", "array_pop_front", "array_reverse", "array_distinct",
            "array_compact", "array_shuffle"))
        {
            r.scalar(name, "A", FIRST);
        }
        r.scalar("array_uniq", "A...", UINT64);
        r.scalar("array_join", "A", a -> element(a, 0));
        r.scalar("array_flatten", "A", a ->
        {
            DataType type = a.type(0);
            while (type.id() == TypeId.ARRAY && type.element(0).id() == TypeId.ARRAY)
            {
                type = type.element(0);
            }
            return type;
        });
        r.alias("flatten", "array_flatten");
        r.scalar("array_zip", "A...", a ->
        {
            final List<DataType> elements = new ArrayList<>();
            for (int i = 0; i < a.size(); i++)
            {
                elements.add(element(a, i));
            }
            return DataType.array(DataType.tuple(elements, null));
        });
        r.scalar("array_enumerate", "A", a -> DataType.array(DataType.UINT32));
        r.scalar("array_enumerate_uniq", "A...", a -> DataType.array(DataType.UINT32));
        r.scalar("empty_array_string", "", a -> DataType.array(DataType.STRING));
        r.scalar("array_resize", "A,I,?*", FIRST);
        r.scalar("array_with_constant", "I,*", a -> DataType.array(a.type(1)));
        // higher-order functions: the first argument may be a lambda whose type is the type of its body
        for (final String name : List.of("array_map", "array_filter", "array_exists", "array_all", "array_count",
            "array_first", "array_last", "array_first_index", "array_last_index", "array_sort", "array_reverse_sort",
            "array_sum", "array_avg", "array_min", "array_max", "array_product", "array_cum_sum", "array_fill",
            "array_reverse_fill", "array_split", "array_reverse_split", "array_first_or_null", "array_last_or_null"))
        {
            r.scalar(name, "*...", a -> higherOrder(name, a));
        }
    }

    /** The higher-order functions that mean nothing without a lambda. */
    private static final java.util.Set<String> LAMBDA_REQUIRED = java.util.Set.of("array_map", "array_fill",
        "array_reverse_fill", "array_split", "array_reverse_split", "array_first", "array_last",
        "array_first_or_null", "array_last_or_null", "array_first_index", "array_last_index");

    private static DataType higherOrder(final String name, final Arguments a)
    {
        final boolean lambda = a.isLambda(0);
        final int firstArray = lambda ? 1 : 0;
        for (int i = firstArray; i < a.size(); i++)
        {
            element(a, i);
        }
        final DataType body = lambda ? a.type(0) : element(a, 0);
        final DataType array = a.type(firstArray);
        if (!lambda && LAMBDA_REQUIRED.contains(name))
        {
            throw a.illegal(0, "a lambda");
        }
        switch (name)
        {
            case "array_map":
                return DataType.array(body);
            case "array_filter":
            case "array_sort":
            case "array_reverse_sort":
            case "array_fill":
            case "array_reverse_fill":
                return array;
            case "array_split":
            case "array_reverse_split":
                return DataType.array(array);
            case "array_exists":
            case "array_all":
                if (!lambda && element(a, 0).id() != TypeId.UINT8 && element(a, 0).id() != TypeId.BOOL)
                {
                    throw new MuonException(ErrorCodes.ILLEGAL_TYPE_OF_ARGUMENT, "The only argument for function " +
                        name + " must be array of UInt8. Found " + a.type(0).clickHouseName() + " instead.");
                }
                return DataType.UINT8;
            case "array_count":
                return DataType.UINT32;
            case "array_first_index":
            case "array_last_index":
                return DataType.UINT32;
            case "array_first":
            case "array_last":
                return element(a, firstArray);
            case "array_first_or_null":
            case "array_last_or_null":
                return TypeRules.nullable(element(a, firstArray));
            case "array_sum":
            case "array_cum_sum":
            {
                final DataType value = lambda ? body : element(a, 0);
                final DataType sum = AggregateFunctions.sumType(value);
                return name.equals("array_sum") ? sum : DataType.array(sum);
            }
            case "array_avg":
            case "array_product":
                return DataType.FLOAT64;
            default: // array_min, array_max
                return lambda ? body : element(a, 0);
        }
    }

    private static void mapsTuplesJson(final FunctionRegistry r)
    {
        r.scalar("map", "?*...", a ->
        {
            if (a.size() % 2 != 0)
            {
                throw new MuonException(ErrorCodes.NUMBER_OF_ARGUMENTS_DOESNT_MATCH,
                    "Function map requires an even number of arguments, got " + a.size());
            }
            if (a.size() == 0)
            {
                return DataType.map(DataType.NOTHING, DataType.NOTHING);
            }
            final List<DataType> keys = new ArrayList<>();
            final List<DataType> values = new ArrayList<>();
            for (int i = 0; i < a.size(); i += 2)
            {
                keys.add(a.type(i));
                values.add(a.type(i + 1));
            }
            return DataType.map(TypeRules.leastSupertype(keys), TypeRules.leastSupertype(values));
        }).handlesNulls();
        r.scalar("map_keys", "M", a -> DataType.array(a.type(0).element(0)));
        r.scalar("map_values", "M", a -> DataType.array(a.type(0).element(1)));
        r.scalar("map_contains", "M,*", BOOL);
        r.scalar("map_from_arrays", "A,A", a -> DataType.map(element(a, 0), element(a, 1)));
        r.alias("map_cast", "map_from_arrays");
        r.scalar("tuple", "*...", a -> DataType.tuple(a.types(), null)).handlesNulls();
        r.scalar("tuple_element", "U,*", a ->
        {
            final DataType tuple = a.type(0);
            final Object selector = a.constant(1);
            if (selector instanceof Long index)
            {
                if (index < 1 || index > tuple.elements().size())
                {
                    throw new MuonException(ErrorCodes.ARGUMENT_OUT_OF_BOUND, "Index " + index +
                        " is out of bounds for " + tuple.clickHouseName());
                }
                return tuple.element((int)(index - 1));
            }
            final int position = tuple.names() == null ? -1 : tuple.names().indexOf(String.valueOf(selector));
            if (position < 0)
            {
                throw new MuonException(ErrorCodes.NOT_FOUND_COLUMN_IN_BLOCK, "Tuple " + tuple.clickHouseName() +
                    " has no element named " + selector);
            }
            return tuple.element(position);
        }).handlesNulls();
        r.scalar("json_extract_int", "S,?*...", a -> DataType.INT64);
        r.scalar("json_extract_uint", "S,?*...", UINT64);
        r.scalar("json_extract_float", "S,?*...", FLOAT64);
        r.scalar("json_extract_bool", "S,?*...", BOOL);
        r.scalar("json_extract_string", "S,?*...", STRING);
        r.scalar("json_extract_raw", "S,?*...", STRING);
        r.scalar("json_extract_keys", "S,?*...", a -> DataType.array(DataType.STRING));
        r.scalar("json_extract_array_raw", "S,?*...", a -> DataType.array(DataType.STRING));
        r.scalar("json_extract_keys_and_values_raw", "S,?*...",
            a -> DataType.array(DataType.tuple(List.of(DataType.STRING, DataType.STRING), null)));
        r.scalar("json_extract", "S,*...", a -> TypeParser.parse(a.constantString(a.size() - 1)));
        r.scalar("json_has", "S,?*...", BOOL);
        r.scalar("json_length", "S,?*...", UINT64);
        r.scalar("json_type", "S,?*...", STRING);
        r.scalar("json_value", "S,S", STRING);
        r.scalar("json_query", "S,S", STRING);
        r.scalar("is_valid_json", "S", BOOL);
        r.scalar("json_extract_array", "S,?*...", a -> DataType.array(DataType.STRING));
        r.scalar("json_array_length", "S", a -> TypeRules.nullable(DataType.UINT64));
        r.scalar("json_merge_patch", "S,S...", STRING);
        r.scalar("json_extract_keys_and_values", "S,*...", a -> DataType.array(DataType.tuple(
            List.of(DataType.STRING, TypeParser.parse(a.constantString(a.size() - 1))), null)));
    }

    private static void hashesUrlsAndOthers(final FunctionRegistry r)
    {
        for (final String name : List.of("city_hash64", "sip_hash64", "xx_hash64", "murmur_hash3_64",
            "murmur_hash2_64", "farm_hash64", "int_hash64", "java_hash", "xxh3", "wy_hash64"))
        {
            r.scalar(name, "*...", UINT64);
        }
        for (final String name : List.of("xx_hash32", "murmur_hash2_32", "murmur_hash3_32", "int_hash32", "crc32"))
        {
            r.scalar(name, "*...", a -> DataType.UINT32);
        }
        r.scalar("md5", "S", a -> DataType.fixedString(16));
        r.scalar("sip_hash128", "*...", a -> DataType.fixedString(16));
        r.scalar("sha1", "S", a -> DataType.fixedString(20));
        r.scalar("sha224", "S", a -> DataType.fixedString(28));
        r.scalar("sha256", "S", a -> DataType.fixedString(32));
        r.scalar("sha512", "S", a -> DataType.fixedString(64));
        for (final String name : List.of("protocol", "domain", "domain_without_www", "top_level_domain",
            "first_significant_subdomain", "path", "path_full", "query_string", "fragment", "query_string_and_fragment",
            "cut_www", "cut_query_string", "cut_fragment", "cut_query_string_and_fragment", "decode_url_component",
            "encode_url_component", "cut_to_first_significant_subdomain"))
        {
            r.scalar(name, "S", STRING);
        }
        r.scalar("port", "S,?I", a -> DataType.UINT16);
        r.scalar("extract_url_parameter", "S,S", STRING);
        r.scalar("extract_url_parameters", "S", a -> DataType.array(DataType.STRING));
        r.scalar("extract_url_parameter_names", "S", a -> DataType.array(DataType.STRING));
        r.scalar("url_hierarchy", "S", a -> DataType.array(DataType.STRING));
        r.scalar("cut_url_parameter", "S,S", STRING);
        r.scalar("ipv4_num_to_string", "I", STRING);
        r.scalar("ipv4_num_to_string_class_c", "I", STRING);
        r.scalar("ipv4_to_ipv6", "*", a -> DataType.IPV6);
        r.scalar("ipv4_cidr_to_range", "*,I", a -> DataType.tuple(List.of(DataType.IPV4, DataType.IPV4), null));
        r.scalar("ipv6_cidr_to_range", "*,I", a -> DataType.tuple(List.of(DataType.IPV6, DataType.IPV6), null));
        r.scalar("is_ip_address_in_range", "S,S", BOOL);
        r.scalar("ipv4_string_to_num", "S", a -> DataType.UINT32);
        r.scalar("ipv6_num_to_string", "*", STRING);
        r.scalar("ipv6_string_to_num", "S", a -> DataType.fixedString(16));
        r.scalar("is_ipv4_string", "S", BOOL);
        r.scalar("is_ipv6_string", "S", BOOL);
        r.scalar("generate_uuidv4", "?*", a -> DataType.UUID);
        r.alias("uuid", "generate_uuidv4");
        r.scalar("version", "", STRING);
        r.scalar("current_database", "", STRING);
        r.alias("database", "current_database");
        r.scalar("current_user", "", STRING);
        r.alias("user", "current_user");
        r.scalar("host_name", "", STRING);
        r.alias("hostname", "host_name");
        r.scalar("uptime", "", a -> DataType.UINT32);
        r.scalar("ignore", "?*...", BOOL).handlesNulls();
        r.scalar("materialize", "*", FIRST).handlesNulls();
        r.scalar("identity", "*", FIRST).handlesNulls();
        r.scalar("block_size", "", UINT64);
        r.scalar("row_number_in_block", "", UINT64);
        r.scalar("sleep", "N", BOOL);
        r.scalar("throw_if", "N,?S", BOOL);
        r.scalar("get_setting", "S", STRING);
        r.scalar("bar", "N,N,N,?N", ScalarFunctions::bar);
        r.scalar("visible_width", "*", UINT64).handlesNulls();
    }

    /** bar(x, min, max[, width]): the bounds and the width are constants, the width from 1 to 1000 (80 if absent). */
    private static DataType bar(final Arguments a)
    {
        a.constant(1);
        a.constant(2);
        if (a.size() > 3)
        {
            final double width = ((Number)a.constant(3)).doubleValue();
            if (!(width >= 1))
            {
                throw new MuonException(ErrorCodes.ARGUMENT_OUT_OF_BOUND, "Max_width argument must be >= 1.");
            }
            if (width > 1000)
            {
                throw new MuonException(ErrorCodes.ARGUMENT_OUT_OF_BOUND, "Too large max_width.");
            }
        }
        return DataType.STRING;
    }

    private static void streaming(final FunctionRegistry r)
    {
        r.scalar("lag", "*,?I,?*", FIRST).handlesNulls().streamingOnly();
        r.scalar("lags", "*,I,I,?*", a -> DataType.array(a.type(0))).streamingOnly();
        r.scalar("emit_version", "", a -> DataType.INT64).streamingOnly();
        r.scalar("date_diff_within", "L,?L,?L", BOOL);
        r.scalar("earliest_timestamp", "", a -> DataType.TP_TIME);
        r.alias("earliest_ts", "earliest_timestamp");
        r.scalar("lag_behind", "L,?L,?L", BOOL);
    }
}
