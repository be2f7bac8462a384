package io.muon.sql.exec;

import io.muon.sql.testing.SqlTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The IP address functions that ClickHouse 18.16 lacks (the others are in the differential corpus), with the results
 * of ClickHouse's documentation examples, and the text of IPv6 values in every output.
 */
class NetworkFunctionsTest extends SqlTestBase
{
    @Test
    void networksAndRanges()
    {
        assertEquals("('192.168.0.0','192.168.255.255')\t('2001:db8::','2001:db8:ffff:ffff:ffff:ffff:ffff:ffff')\n",
            run("SELECT IPv4CIDRToRange(toIPv4('192.168.5.2'), 16), " +
                "IPv6CIDRToRange(toIPv6('2001:0db8:0000:85a3:0000:0000:ac1f:8001'), 32)"));
        assertEquals("('0.0.0.0','255.255.255.255')\t('1.2.3.4','1.2.3.4')\n",
            run("SELECT ipv4_cidr_to_range(to_ipv4('1.2.3.4'), 0), ipv4_cidr_to_range(to_ipv4('1.2.3.4'), 32)"));
        assertEquals("1\t0\t0\t1\t1\t0\n", run("SELECT isIPAddressInRange('127.0.0.1', '127.0.0.0/8'), " +
            "isIPAddressInRange('128.0.0.1', '127.0.0.0/8'), isIPAddressInRange('::ffff:192.168.0.1', " +
            "'::ffff:192.168.0.4/128'), isIPAddressInRange('::ffff:192.168.0.1', '::ffff:192.168.0.4/120'), " +
            "isIPAddressInRange('2001:db8::1', '2001:db8::/32'), isIPAddressInRange('10.0.0.1', '::/0')"));
        assertEquals("1\t0\t0\t0\t1\t1\t0\t0\t0\n", run("SELECT is_ipv4_string('0.0.0.0'), is_ipv4_string('1.2.3'), " +
            "is_ipv4_string('1.2.3.4 '), is_ipv4_string('::1'), is_ipv6_string('::1'), " +
            "is_ipv6_string('2001:db8:0:0:0:0:0:1'), is_ipv6_string('1.2.3.4'), is_ipv6_string('1:::2'), " +
            "is_ipv6_string('1:2:3:4:5:6:7:8:9')"));
    }

    @Test
    void ipv6TextIsClickHouses()
    {
        assertEquals("2001:db8::1\t::ffff:1.2.3.4\t::\t1:0:0:2::3\tfe80::1:0:0:0\t::1.2.3.4\n",
            run("SELECT toIPv6('2001:0db8::0001'), toIPv6('1.2.3.4'), toIPv6('::'), toIPv6('1:0:0:2:0:0:0:3'), " +
                "toString(toIPv6('fe80::1:0:0:0')), toIPv6('::1.2.3.4')"));
        // a host name is not an address: no DNS lookup, a parse error
        fails("SELECT toIPv6('localhost')", 6, "localhost");
        fails("SELECT toIPv6('ab.cd.ef.ab')", 6, "ab.cd.ef.ab");
    }
}
