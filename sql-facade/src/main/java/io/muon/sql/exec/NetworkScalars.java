package io.muon.sql.exec;

import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.BytesVector;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.TupleVector;
import io.muon.kernel.vector.Vector;

/**
 * Vectorized bodies of ClickHouse's IP address functions: IPv4 as a UInt32 (most significant byte first in the dotted
 * text), IPv6 as 16 bytes in network order, text as ClickHouse writes it. Text that is no address gives 0 (all zero
 * bytes for IPv6), as in ClickHouse's {@code IPv4StringToNum}/{@code IPv6StringToNum}. Stateless.
 */
final class NetworkScalars
{
    private NetworkScalars()
    {
    }

    static void register()
    {
        Scalars.register((a, rows, result, nulls) -> ipv4Text(a[0], rows, result, false), "ipv4_num_to_string");
        Scalars.register((a, rows, result, nulls) -> ipv4Text(a[0], rows, result, true), "ipv4_num_to_string_class_c");
        Scalars.register((a, rows, result, nulls) -> ipv4Parsed(a[0], rows, result, false), "ipv4_string_to_num");
        Scalars.register((a, rows, result, nulls) -> ipv4Parsed(a[0], rows, result, true), "is_ipv4_string");
        Scalars.register((a, rows, result, nulls) ->
        {
            final BytesVector s = (BytesVector)a[0];
            final LongVector out = (LongVector)Vector.create(result, rows);
            final byte[] bytes = new byte[16];
            for (int r = 0; r < rows; r++)
            {
                out.append(parseIpv6(s.getString(r), bytes, false) ? 1 : 0);
            }
            return out;
        }, "is_ipv6_string");
        Scalars.register((a, rows, result, nulls) ->
        {
            final BytesVector s = (BytesVector)a[0];
            final BytesVector out = (BytesVector)Vector.create(result, rows);
            final byte[] bytes = new byte[16];
            for (int r = 0; r < rows; r++)
            {
                if (!parseIpv6(s.getString(r), bytes, true))
                {
                    java.util.Arrays.fill(bytes, (byte)0);
                }
                out.append(bytes);
            }
            return out;
        }, "ipv6_string_to_num");
        Scalars.register((a, rows, result, nulls) ->
        {
            final BytesVector out = (BytesVector)Vector.create(result, rows);
            final StringBuilder text = new StringBuilder();
            for (int r = 0; r < rows; r++)
            {
                text.setLength(0);
                if (a[0] instanceof BytesVector bytes && bytes.length(r) == 16)
                {
                    ValueFormatter.appendIpv6(bytes.data(), bytes.start(r), text);
                }
                else if (a[0] instanceof BytesVector bytes)
                {
                    throw new Conversions.ValueException(io.muon.kernel.ErrorCodes.ILLEGAL_TYPE_OF_ARGUMENT, "Illegal argument " +
                        "of function IPv6NumToString: " + bytes.length(r) + " bytes instead of 16", r);
                }
                else
                {
                    ValueFormatter.appendIpv6(mapped(((LongVector)a[0]).get(r)), 0, text);
                }
                out.append(text.toString());
            }
            return out;
        }, "ipv6_num_to_string");
        Scalars.register((a, rows, result, nulls) ->
        {
            final LongVector v4 = (LongVector)Conversions.convert(a[0], rows, DataType.UINT32, Conversions.Mode.CAST);
            final BytesVector out = (BytesVector)Vector.create(result, rows);
            for (int r = 0; r < rows; r++)
            {
                out.append(mapped(v4.get(r)));
            }
            return out;
        }, "ipv4_to_ipv6");
        Scalars.register((a, rows, result, nulls) ->
        {
            final LongVector v4 = (LongVector)Conversions.convert(a[0], rows, DataType.UINT32, Conversions.Mode.CAST);
            final LongVector cidr = (LongVector)a[1];
            final TupleVector out = (TupleVector)Vector.create(result, rows);
            for (int r = 0; r < rows; r++)
            {
                final int bits = (int)Math.max(0, Math.min(32, cidr.get(r)));
                final long mask = bits == 0 ? 0 : 0xFFFFFFFFL << (32 - bits) & 0xFFFFFFFFL;
                ((LongVector)out.field(0)).append(v4.get(r) & mask);
                ((LongVector)out.field(1)).append(v4.get(r) | ~mask & 0xFFFFFFFFL);
                out.endRow();
            }
            return out;
        }, "ipv4_cidr_to_range");
        Scalars.register((a, rows, result, nulls) ->
        {
            final BytesVector v6 = (BytesVector)Conversions.convert(a[0], rows, DataType.IPV6, Conversions.Mode.CAST);
            final LongVector cidr = (LongVector)a[1];
            final TupleVector out = (TupleVector)Vector.create(result, rows);
            final byte[] low = new byte[16];
            final byte[] high = new byte[16];
            for (int r = 0; r < rows; r++)
            {
                final int bits = (int)Math.max(0, Math.min(128, cidr.get(r)));
                range(v6.data(), v6.start(r), bits, low, high);
                ((BytesVector)out.field(0)).append(low);
                ((BytesVector)out.field(1)).append(high);
                out.endRow();
            }
            return out;
        }, "ipv6_cidr_to_range");
        Scalars.register((a, rows, result, nulls) ->
        {
            final BytesVector address = (BytesVector)a[0];
            final BytesVector prefix = (BytesVector)a[1];
            final LongVector out = (LongVector)Vector.create(result, rows);
            for (int r = 0; r < rows; r++)
            {
                out.append(inRange(address.getString(r), prefix.getString(r), r) ? 1 : 0);
            }
            return out;
        }, "is_ip_address_in_range");
    }

    private static Vector ipv4Text(final Vector number, final int rows, final DataType result, final boolean classC)
    {
        final LongVector v = (LongVector)number;
        final BytesVector out = (BytesVector)Vector.create(result, rows);
        final StringBuilder text = new StringBuilder(15);
        for (int r = 0; r < rows; r++)
        {
            final long ip = v.get(r) & 0xFFFFFFFFL;
            text.setLength(0);
            text.append(ip >>> 24).append('.').append(ip >>> 16 & 0xFF).append('.').append(ip >>> 8 & 0xFF).append('.');
            if (classC)
            {
                text.append("xxx");
            }
            else
            {
                text.append(ip & 0xFF);
            }
            out.append(text.toString());
        }
        return out;
    }

    /** Each text as an IPv4 number (0 when it is none), or, for {@code flag}, 1 or 0 for whether it is one. */
    private static Vector ipv4Parsed(final Vector text, final int rows, final DataType result, final boolean flag)
    {
        final BytesVector s = (BytesVector)text;
        final LongVector out = (LongVector)Vector.create(result, rows);
        for (int r = 0; r < rows; r++)
        {
            final long ip = parseIpv4(s.data(), s.start(r), s.start(r + 1));
            out.append(flag ? ip >= 0 ? 1 : 0 : Math.max(0, ip));
        }
        return out;
    }

    /** The dotted IPv4 address in {@code d[from, to)} as a number, or -1 when the text is not one. */
    static long parseIpv4(final byte[] d, final int from, final int to)
    {
        long ip = 0;
        int octets = 0;
        int at = from;
        while (octets < 4)
        {
            int digits = 0;
            long octet = 0;
            while (at < to && d[at] >= '0' && d[at] <= '9' && digits < 4)
            {
                octet = octet * 10 + d[at++] - '0';
                digits++;
            }
            if (digits == 0 || digits > 3 || octet > 255)
            {
                return -1;
            }
            ip = ip << 8 | octet;
            if (++octets < 4)
            {
                if (at >= to || d[at] != '.')
                {
                    return -1;
                }
                at++;
            }
        }
        return at == to ? ip : -1;
    }

    /**
     * Parses an IPv6 address literal (or, when {@code acceptIpv4}, a dotted IPv4 one, which becomes {@code
     * ::ffff:a.b.c.d}) into {@code out}; false when the text is not one. No host names, no zone ids.
     */
    static boolean parseIpv6(final String text, final byte[] out, final boolean acceptIpv4)
    {
        final byte[] ascii = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        if (text.indexOf(':') < 0)
        {
            final long v4 = acceptIpv4 ? parseIpv4(ascii, 0, ascii.length) : -1;
            if (v4 < 0)
            {
                return false;
            }
            System.arraycopy(mapped(v4), 0, out, 0, 16);
            return true;
        }
        final int[] words = new int[8];
        int count = 0;
        int gap = -1;
        int at = 0;
        if (text.startsWith("::"))
        {
            gap = 0;
            at = 2;
        }
        else if (text.startsWith(":"))
        {
            return false;
        }
        while (at < text.length())
        {
            final int colon = text.indexOf(':', at);
            final String part = text.substring(at, colon < 0 ? text.length() : colon);
            if (part.indexOf('.') >= 0)
            {
                // an embedded IPv4 address: the last 32 bits
                final byte[] v4 = part.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                final long ip = colon < 0 ? parseIpv4(v4, 0, v4.length) : -1;
                if (ip < 0 || count > 6)
                {
                    return false;
                }
                words[count++] = (int)(ip >>> 16);
                words[count++] = (int)(ip & 0xFFFF);
                at = text.length();
                break;
            }
            if (part.isEmpty() || part.length() > 4 || count == 8)
            {
                return false;
            }
            int word = 0;
            for (int i = 0; i < part.length(); i++)
            {
                final int digit = Character.digit(part.charAt(i), 16);
                if (digit < 0)
                {
                    return false;
                }
                word = word << 4 | digit;
            }
            words[count++] = word;
            if (colon < 0)
            {
                at = text.length();
                break;
            }
            if (colon + 1 < text.length() && text.charAt(colon + 1) == ':')
            {
                if (gap >= 0)
                {
                    return false;
                }
                gap = count;
                at = colon + 2;
            }
            else
            {
                at = colon + 1;
                if (at == text.length())
                {
                    return false;
                }
            }
        }
        if (gap < 0 ? count != 8 : count > 7)
        {
            return false;
        }
        final int[] full = new int[8];
        if (gap < 0)
        {
            System.arraycopy(words, 0, full, 0, 8);
        }
        else
        {
            System.arraycopy(words, 0, full, 0, gap);
            System.arraycopy(words, gap, full, 8 - (count - gap), count - gap);
        }
        for (int w = 0; w < 8; w++)
        {
            out[2 * w] = (byte)(full[w] >>> 8);
            out[2 * w + 1] = (byte)full[w];
        }
        return true;
    }

    /** {@code ::ffff:a.b.c.d} for the IPv4 address {@code ip}. */
    static byte[] mapped(final long ip)
    {
        final byte[] v6 = new byte[16];
        v6[10] = (byte)0xFF;
        v6[11] = (byte)0xFF;
        v6[12] = (byte)(ip >>> 24);
        v6[13] = (byte)(ip >>> 16);
        v6[14] = (byte)(ip >>> 8);
        v6[15] = (byte)ip;
        return v6;
    }

    /** The first and last addresses of the /{@code bits} network holding the address at {@code d[at]}. */
    private static void range(final byte[] d, final int at, final int bits, final byte[] low, final byte[] high)
    {
        for (int i = 0; i < 16; i++)
        {
            final int keep = Math.max(0, Math.min(8, bits - 8 * i));
            final int mask = keep == 0 ? 0 : 0xFF << (8 - keep) & 0xFF;
            low[i] = (byte)(d[at + i] & mask);
            high[i] = (byte)(d[at + i] & mask | ~mask & 0xFF);
        }
    }

    /** Whether {@code address} lies in the network {@code prefix} ({@code a.b.c.d/n} or {@code x::/n}). */
    private static boolean inRange(final String address, final String prefix, final int row)
    {
        final int slash = prefix.indexOf('/');
        final byte[] network = new byte[16];
        final byte[] ip = new byte[16];
        final boolean v4 = address.indexOf(':') < 0;
        if (slash < 0 || !parseIpv6(address, ip, true) || !parseIpv6(prefix.substring(0, slash), network, true))
        {
            throw new Conversions.ValueException(io.muon.kernel.ErrorCodes.CANNOT_PARSE_TEXT, "Invalid IP address or CIDR " +
                "prefix: '" + address + "', '" + prefix + "'", row);
        }
        if (v4 != (prefix.substring(0, slash).indexOf(':') < 0))
        {
            return false;
        }
        final int bits;
        try
        {
            bits = Integer.parseInt(prefix.substring(slash + 1).trim()) + (v4 ? 96 : 0);
        }
        catch (final NumberFormatException e)
        {
            throw new Conversions.ValueException(io.muon.kernel.ErrorCodes.CANNOT_PARSE_TEXT, "Invalid CIDR prefix '" + prefix +
                "'", row);
        }
        final byte[] low = new byte[16];
        final byte[] high = new byte[16];
        range(network, 0, Math.max(0, Math.min(128, bits)), low, high);
        return java.util.Arrays.compareUnsigned(ip, low) >= 0 && java.util.Arrays.compareUnsigned(ip, high) <= 0;
    }
}
