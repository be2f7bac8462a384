package io.muon.sql.exec;

import io.muon.sql.testing.SqlTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The conversions that fall back instead of failing and that ClickHouse 18.16 lacks (-OrDefault, wide integers,
 * Decimals; the others are in the differential corpus), with the results of ClickHouse's documentation and tests.
 */
class ConversionFunctionsTest extends SqlTestBase
{
    @Test
    void orDefaultIsAnAccurateCastWithAFallback()
    {
        assertEquals("-32\t-1\t0\t7\t9\t5\t2.5\t0.25\n", run("SELECT toInt32OrDefault('-32', CAST('-1', 'Int32')), " +
            "toInt32OrDefault('abc', CAST('-1', 'Int32')), toInt32OrDefault('abc'), toInt8OrDefault('300', toInt8(7)), " +
            "toUInt8OrDefault('-1', toUInt8(9)), toInt64OrDefault(NULL, toInt64(5)), toFloat64OrDefault('1.5x', 2.5), " +
            "toFloat32OrDefault('0.25')"));
        assertEquals("123456789012345678901234567890\t0\t1\t-2\t-1\n", run("SELECT toUInt128OrDefault('upyachka', " +
            "toUInt128('123456789012345678901234567890')), toUInt128OrDefault('upyachka'), " +
            "toUInt128OrDefault('1', toUInt128(2)), toInt256OrDefault('-1xx', toInt256(-2)), " +
            "toInt128OrDefault('-1', toInt128(-2))"));
        // per row, a NULL argument gives the default too, and numbers out of range are no values of the type
        assertEquals("7\t7\t7\n-1\t0\t0\n-1\t70000\t-1\n-5\t0\t-5\n-1\t0\t-1\n", run("SELECT toInt16OrDefault(x, " +
            "toInt16(-1)), toUInt32OrDefault(x), toInt8OrDefault(toInt64OrZero(x), toInt8(-1)) FROM " +
            "(SELECT arrayJoin(['7', 'x', '70000', '-5', NULL]) AS x)"));
        assertEquals("3\t-7\n", run("SELECT to_int32_or_default(number + 3, to_int32(-7)), " +
            "to_int32_or_default(to_string(number) || 'x', to_int32(-7)) FROM numbers(1)"));
        fails("SELECT toInt32OrDefault('1', 5)", 36, "Default value type should be same as cast type. Expected Int32. " +
            "Actual UInt8");
    }

    @Test
    void wideIntegersOrZeroAndOrNull()
    {
        assertEquals("170141183460469231731687303715884105727\t\\N\t0\t\\N\t-57896044618658097711785492504343953926634992" +
            "332820282019728792003956564819968\t115792089237316195423570985008687907853269984665640564039457584007913129639935\n",
            run("SELECT toInt128OrZero('170141183460469231731687303715884105727'), toInt128OrNull('x'), " +
                "toUInt128OrZero('-1'), toUInt256OrNull('1e3'), toInt256OrZero('-5789604461865809771178549250434395392663" +
                "4992332820282019728792003956564819968'), toUInt256OrNull('1157920892373161954235709850086879078532699846" +
                "65640564039457584007913129639935')"));
        assertEquals("Nullable(Int128)\tUInt256\tNullable(Decimal(9, 5))\tDecimal(38, 20)\tInt32\n",
            run("SELECT toTypeName(toInt128OrNull('1')), toTypeName(toUInt256OrZero('1')), " +
                "toTypeName(toDecimal32OrNull('1', 5)), toTypeName(toDecimal128OrZero('1', 20)), " +
                "toTypeName(toInt32OrDefault('1'))"));
    }

    @Test
    void decimalsCutTheFractionAndFallBackOnOverflow()
    {
        // ClickHouse's documentation examples (18.16 prints the trailing zeros of the scale)
        assertEquals("-1.11100\t\\N\t-1.11100\t0.00000\t0.000100000000000000\t0.00\n", run("SELECT " +
            "toDecimal32OrNull(toString(-1.111), 5), toDecimal32OrNull('Inf', 5), toDecimal32OrZero(toString(-1.111), 5), " +
            "toDecimal32OrZero('Inf', 5), toDecimal64OrNull(toString(0.0001), 18), toDecimal64OrZero('abc', 2)"));
        assertEquals("1.23\t-1.23\t\\N\t\\N\t9999999.99\t123456789012345678901234567890.12300000\t\\N\t" +
            "3.141590000000000000000000000000000000000000000000000000000000\t\\N\t1.50\n", run("SELECT " +
            "toDecimal32OrNull('1.239', 2), toDecimal32OrNull('-1.239', 2), toDecimal32OrNull('10000000', 2), " +
            "toDecimal32OrNull('1000000', 3), toDecimal32OrZero('9999999.999', 2), " +
            "toDecimal128OrNull('123456789012345678901234567890.123', 8), toDecimal128OrNull('1e40', 2), " +
            "toDecimal256OrZero('3.14159', 60), toDecimal256OrNull(' 1', 2), toDecimal32OrNull(1.5, 2)"));
        // -OrZero gives zero for a value that does not parse even when a NULL argument makes the result Nullable
        assertEquals("1.50\t1.500\n\\N\t0.000\n\\N\t0.000\n0.00\t-0.001\n\\N\t\\N\n", run("SELECT " +
            "toDecimal64OrNull(x, 2), toDecimal128OrZero(x, 3) FROM (SELECT arrayJoin(['1.5', '', 'x', '-0.001', NULL]) AS x)"));
    }
}
