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

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Vectorized bodies of the hash functions. The variadic ones hash each argument as ClickHouse does (strings and
 * FixedStrings by their bytes; numbers by their little-endian bytes, except cityHash64 and farmHash64 which
 * take intHash64 of the zero-extended value; arrays as the hash of their length combined with each element's hash;
 * tuples and maps flattened) and fold the per-argument hashes with the function's own combiner.
 */
final class HashScalars
{
    /** ClickHouse's hash of a NULL nested in an array or tuple (the low half of its 128-bit NULL_HASH). */
    private static final long NULL_HASH_LOW = 0xc58ad2da03d9a871L;
    private static final long NULL_HASH_HIGH = 0x5715f196cbea7a40L;
    /** What a hash of no arguments (or an empty tuple) gives. */
    private static final long FILLER = 0xe28dbde7fe22e41cL;

    private HashScalars()
    {
    }

    /** One hash family: how it hashes bytes and how it folds two hashes; {@code high} carries 128-bit halves. */
    private abstract static class Hasher
    {
        final byte[] scratch = new byte[32];
        long high;

        abstract long bytes(byte[] data, int off, int len);

        abstract long combine(long h1, long h1High, long h2, long h2High);

        boolean intHashForPods()
        {
            return false;
        }

        boolean is32()
        {
            return false;
        }

        boolean is128()
        {
            return false;
        }

        /** The hash of an array length, which starts an array's hash. */
        long lengthHash(final long length)
        {
            high = 0;
            return is32() || is128() ? HashAlgorithms.intHash32(length) : HashAlgorithms.intHash64(length);
        }
    }

    private static Hasher hasher(final String name)
    {
        return switch (name)
        {
            case "city_hash64" -> new Hasher()
            {
                long bytes(final byte[] d, final int o, final int l)
                {
                    return HashAlgorithms.cityHash64(d, o, l);
                }

                long combine(final long a, final long ah, final long b, final long bh)
                {
                    return HashAlgorithms.hash128to64(a, b);
                }

                @Override
                boolean intHashForPods()
                {
                    return true;
                }
            };
            case "farm_hash64" -> new Hasher()
            {
                long bytes(final byte[] d, final int o, final int l)
                {
                    return FarmHash.hash64(d, o, l);
                }

                long combine(final long a, final long ah, final long b, final long bh)
                {
                    return HashAlgorithms.hash128to64(a, b);
                }

                @Override
                boolean intHashForPods()
                {
                    return true;
                }
            };
            case "wy_hash64" -> new Hasher()
            {
                long bytes(final byte[] d, final int o, final int l)
                {
                    return WyHash.hash64(d, o, l);
                }

                long combine(final long a, final long ah, final long b, final long bh)
                {
                    putLong(scratch, 0, a);
                    putLong(scratch, 8, b);
                    return WyHash.hash64(scratch, 0, 16);
                }
            };
            case "sip_hash64" -> new Hasher()
            {
                long bytes(final byte[] d, final int o, final int l)
                {
                    return HashAlgorithms.sipHash(d, o, l, null);
                }

                long combine(final long a, final long ah, final long b, final long bh)
                {
                    putLong(scratch, 0, a);
                    putLong(scratch, 8, b);
                    return HashAlgorithms.sipHash(scratch, 0, 16, null);
                }
            };
            case "sip_hash128" -> new Hasher()
            {
                private final long[] out = new long[2];

                long bytes(final byte[] d, final int o, final int l)
                {
                    HashAlgorithms.sipHash(d, o, l, out);
                    high = out[1];
                    return out[0];
                }

                long combine(final long a, final long ah, final long b, final long bh)
                {
                    putLong(scratch, 0, a);
                    putLong(scratch, 8, ah);
                    putLong(scratch, 16, b);
                    putLong(scratch, 24, bh);
                    return bytes(scratch, 0, 32);
                }

                @Override
                boolean is128()
                {
                    return true;
                }
            };
            case "xx_hash64" -> new Hasher()
            {
                long bytes(final byte[] d, final int o, final int l)
                {
                    return HashAlgorithms.xxHash64(d, o, l);
                }

                long combine(final long a, final long ah, final long b, final long bh)
                {
                    return HashAlgorithms.hash128to64(a, b);
                }
            };
            case "murmur_hash2_64", "murmur_hash3_64" -> new Hasher()
            {
                private final boolean v3 = name.equals("murmur_hash3_64");

                long bytes(final byte[] d, final int o, final int l)
                {
                    return v3 ? HashAlgorithms.murmur3x64(d, o, l) : HashAlgorithms.murmur2x64(d, o, l);
                }

                long combine(final long a, final long ah, final long b, final long bh)
                {
                    return HashAlgorithms.intHash64(a) ^ b;
                }
            };
            case "xx_hash32", "murmur_hash2_32", "murmur_hash3_32" -> new Hasher()
            {
                long bytes(final byte[] d, final int o, final int l)
                {
                    final int h = switch (name)
                    {
                        case "xx_hash32" -> HashAlgorithms.xxHash32(d, o, l);
                        case "murmur_hash2_32" -> HashAlgorithms.murmur2x32(d, o, l);
                        default -> HashAlgorithms.murmur3x32(d, o, l);
                    };
                    return h & 0xFFFFFFFFL;
                }

                long combine(final long a, final long ah, final long b, final long bh)
                {
                    return (HashAlgorithms.intHash32(a) ^ b) & 0xFFFFFFFFL;
                }

                @Override
                boolean is32()
                {
                    return true;
                }
            };
            default -> throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "Function " + name + " is not implemented");
        };
    }

    static void putLong(final byte[] b, final int at, final long v)
    {
        for (int i = 0; i < 8; i++)
        {
            b[at + i] = (byte)(v >>> (8 * i));
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // the variadic hashes

    private static Vector anyHash(final String name, final Vector[] a, final int rows, final DataType result)
    {
        final Hasher h = hasher(name);
        final long[] lo = new long[rows];
        final long[] hi = h.is128() ? new long[rows] : null;
        if (a.length == 0)
        {
            java.util.Arrays.fill(lo, h.is32() ? FILLER & 0xFFFFFFFFL : FILLER);
        }
        boolean first = true;
        for (final Vector v : a)
        {
            first = hashInto(h, v, rows, lo, hi, first);
        }
        if (h.is128())
        {
            final BytesVector out = (BytesVector)Vector.create(result, rows);
            final byte[] sixteen = new byte[16];
            for (int r = 0; r < rows; r++)
            {
                putLong(sixteen, 0, lo[r]);
                putLong(sixteen, 8, hi[r]);
                out.append(sixteen);
            }
            return out;
        }
        final LongVector out = (LongVector)Vector.create(result, rows);
        System.arraycopy(lo, 0, out.values(), 0, rows);
        out.setSize(rows);
        return out;
    }

    /** Hashes {@code rows} values of {@code v} into (or, when not first, onto) the accumulators; returns false. */
    private static boolean hashInto(final Hasher h, final Vector v, final int rows, final long[] lo, final long[] hi,
        final boolean first)
    {
        final DataType type = v.type().unwrapped();
        if (v instanceof TupleVector tuple)
        {
            boolean isFirst = first;
            if (tuple.width() == 0 && first)
            {
                java.util.Arrays.fill(lo, 0, rows, h.is32() ? FILLER & 0xFFFFFFFFL : FILLER);
                if (hi != null)
                {
                    java.util.Arrays.fill(hi, 0, rows, 0);
                }
            }
            for (int i = 0; i < tuple.width(); i++)
            {
                isFirst = hashInto(h, tuple.field(i), rows, lo, hi, isFirst);
            }
            if (v.hasNulls())
            {
                applyNulls(h, v, rows, lo, hi);
            }
            return false;
        }
        if (v instanceof ArrayVector array)
        {
            final Vector elements = array.elements();
            final int n = elements.size();
            final long[] elo = new long[n];
            final long[] ehi = hi == null ? null : new long[n];
            hashInto(h, elements, n, elo, ehi, true);
            for (int r = 0; r < rows; r++)
            {
                long l = h.lengthHash(array.length(r));
                long hh = 0;
                if (!first)
                {
                    l = h.combine(lo[r], hi == null ? 0 : hi[r], l, 0);
                    hh = h.high;
                }
                for (int j = array.start(r); j < array.start(r + 1); j++)
                {
                    l = h.combine(l, hh, elo[j], ehi == null ? 0 : ehi[j]);
                    hh = h.high;
                }
                lo[r] = l;
                if (hi != null)
                {
                    hi[r] = hh;
                }
            }
            if (v.hasNulls())
            {
                applyNulls(h, v, rows, lo, hi);
            }
            return false;
        }
        for (int r = 0; r < rows; r++)
        {
            long value;
            long valueHigh = 0;
            if (v.isNull(r))
            {
                value = h.is32() ? NULL_HASH_LOW & 0xFFFFFFFFL : NULL_HASH_LOW;
                valueHigh = NULL_HASH_HIGH;
            }
            else
            {
                value = scalarHash(h, v, type, r);
                valueHigh = h.high;
            }
            if (first)
            {
                lo[r] = value;
                if (hi != null)
                {
                    hi[r] = valueHigh;
                }
            }
            else
            {
                lo[r] = h.combine(lo[r], hi == null ? 0 : hi[r], value, valueHigh);
                if (hi != null)
                {
                    hi[r] = h.high;
                }
            }
        }
        return false;
    }

    /** A NULL array or tuple (inside a composite) hashes as NULL_HASH; only rows that are NULL are rewritten. */
    private static void applyNulls(final Hasher h, final Vector v, final int rows, final long[] lo, final long[] hi)
    {
        for (int r = 0; r < rows; r++)
        {
            if (v.isNull(r))
            {
                lo[r] = h.is32() ? NULL_HASH_LOW & 0xFFFFFFFFL : NULL_HASH_LOW;
                if (hi != null)
                {
                    hi[r] = NULL_HASH_HIGH;
                }
            }
        }
    }

    private static long scalarHash(final Hasher h, final Vector v, final DataType type, final int r)
    {
        h.high = 0;
        if (v instanceof BytesVector b)
        {
            return h.bytes(b.data(), b.start(r), b.length(r));
        }
        final TypeId id = type.id();
        final int width;
        final long bits;
        if (v instanceof DoubleVector d)
        {
            if (id == TypeId.FLOAT32)
            {
                width = 4;
                bits = Float.floatToRawIntBits((float)d.get(r)) & 0xFFFFFFFFL;
            }
            else
            {
                width = 8;
                bits = Double.doubleToRawLongBits(d.get(r));
            }
        }
        else
        {
            width = Math.max(1, Math.min(8, type.fixedWidth()));
            final long value = ((LongVector)v).get(r);
            bits = width == 8 ? value : value & ((1L << (8 * width)) - 1);
        }
        // ClickHouse hashes Decimal32/64 and DateTime64 by their bytes even where it mixes other numbers
        if (h.intHashForPods() && id != TypeId.DECIMAL && id != TypeId.DATETIME64)
        {
            return HashAlgorithms.intHash64(bits);
        }
        for (int i = 0; i < width; i++)
        {
            h.scratch[i] = (byte)(bits >>> (8 * i));
        }
        return h.bytes(h.scratch, 0, width);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // single-argument hashes

    private static Vector intHash(final Vector[] a, final int rows, final DataType result, final boolean wide)
    {
        final DataType type = a[0].type().unwrapped();
        if (!(a[0] instanceof LongVector in) || !type.id().isInteger() && !type.id().isDateOrTime() &&
            type.id() != TypeId.DECIMAL && type.id() != TypeId.IPV4 && type.id() != TypeId.BOOL)
        {
            throw new MuonException(ErrorCodes.ILLEGAL_TYPE_OF_ARGUMENT, "Illegal type " + type.clickHouseName() +
                " of argument of function " + (wide ? "intHash64" : "intHash32"));
        }
        final LongVector out = (LongVector)Vector.create(result, rows);
        final long[] values = out.values();
        final long[] from = in.values();
        for (int r = 0; r < rows; r++)
        {
            values[r] = wide ? HashAlgorithms.intHash64(from[r]) : HashAlgorithms.intHash32(from[r]);
        }
        out.setSize(rows);
        return out;
    }

    private static Vector javaHash(final Vector[] a, final int rows, final DataType result)
    {
        if (a.length != 1)
        {
            throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "Java hash is not combineable for multiple arguments");
        }
        final LongVector out = (LongVector)Vector.create(result, rows);
        final DataType type = a[0].type().unwrapped();
        if (a[0] instanceof BytesVector b && (type.id() == TypeId.STRING || type.id() == TypeId.FIXED_STRING))
        {
            for (int r = 0; r < rows; r++)
            {
                out.append(HashAlgorithms.javaHash(b.data(), b.start(r), b.length(r)));
            }
            return out;
        }
        if (a[0] instanceof LongVector l && type.id().isSignedInteger())
        {
            for (int r = 0; r < rows; r++)
            {
                final long x = l.get(r);
                out.append(type.id() == TypeId.INT64 ? (int)(x ^ (x >>> 32)) : (int)x);
            }
            return out;
        }
        throw new MuonException(type.id().isUnsignedInteger() ? ErrorCodes.NOT_IMPLEMENTED :
            ErrorCodes.ILLEGAL_TYPE_OF_ARGUMENT, type.id().isUnsignedInteger() ? "Unsigned types are not supported" :
            "Illegal type " + type.clickHouseName() + " of argument of function javaHash");
    }

    private static Vector crc32(final Vector[] a, final int rows, final DataType result)
    {
        final BytesVector s = stringArgument(a, "CRC32");
        final LongVector out = (LongVector)Vector.create(result, rows);
        final java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        for (int r = 0; r < rows; r++)
        {
            crc.reset();
            crc.update(s.data(), s.start(r), s.length(r));
            out.append(crc.getValue());
        }
        return out;
    }

    private static Vector digest(final Vector[] a, final int rows, final DataType result, final String algorithm,
        final String name)
    {
        final BytesVector s = stringArgument(a, name);
        final MessageDigest md;
        try
        {
            md = MessageDigest.getInstance(algorithm);
        }
        catch (final NoSuchAlgorithmException e)
        {
            throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "Hash algorithm " + algorithm + " is not available");
        }
        final BytesVector out = (BytesVector)Vector.create(result, rows);
        for (int r = 0; r < rows; r++)
        {
            md.update(s.data(), s.start(r), s.length(r));
            out.append(md.digest());
        }
        return out;
    }

    private static BytesVector stringArgument(final Vector[] a, final String name)
    {
        final TypeId id = a[0].type().unwrapped().id();
        if (!(a[0] instanceof BytesVector b) || id != TypeId.STRING && id != TypeId.FIXED_STRING)
        {
            throw new MuonException(ErrorCodes.ILLEGAL_TYPE_OF_ARGUMENT, "Illegal type " +
                a[0].type().clickHouseName() + " of argument of function " + name);
        }
        return b;
    }

    private static void register(final ScalarFunction body, final String... names)
    {
        Scalars.register(body, names);
    }

    static void register()
    {
        for (final String name : java.util.List.of("city_hash64", "farm_hash64", "wy_hash64", "sip_hash64", "sip_hash128", "xx_hash64",
            "xx_hash32", "murmur_hash2_32", "murmur_hash2_64", "murmur_hash3_32", "murmur_hash3_64"))
        {
            register((a, rows, result, nulls) -> anyHash(name, a, rows, result), name);
        }
        register((a, rows, result, nulls) -> intHash(a, rows, result, false), "int_hash32");
        register((a, rows, result, nulls) -> intHash(a, rows, result, true), "int_hash64");
        register((a, rows, result, nulls) -> javaHash(a, rows, result), "java_hash");
        register((a, rows, result, nulls) -> crc32(a, rows, result), "crc32");
        register((a, rows, result, nulls) -> digest(a, rows, result, "MD5", "MD5"), "md5");
        register((a, rows, result, nulls) -> digest(a, rows, result, "SHA-1", "SHA1"), "sha1");
        register((a, rows, result, nulls) -> digest(a, rows, result, "SHA-224", "SHA224"), "sha224");
        register((a, rows, result, nulls) -> digest(a, rows, result, "SHA-256", "SHA256"), "sha256");
        register((a, rows, result, nulls) -> digest(a, rows, result, "SHA-512", "SHA512"), "sha512");
        register((a, rows, result, nulls) -> anyHash3(a, rows, result), "xxh3");
    }

    private static Vector anyHash3(final Vector[] a, final int rows, final DataType result)
    {
        final Hasher h = new Hasher()
        {
            long bytes(final byte[] d, final int o, final int l)
            {
                return Xxh3.hash64(d, o, l);
            }

            long combine(final long x, final long xh, final long y, final long yh)
            {
                return HashAlgorithms.hash128to64(x, y);
            }
        };
        final long[] lo = new long[rows];
        if (a.length == 0)
        {
            java.util.Arrays.fill(lo, FILLER);
        }
        boolean first = true;
        for (final Vector v : a)
        {
            first = hashInto(h, v, rows, lo, null, first);
        }
        final LongVector out = (LongVector)Vector.create(result, rows);
        System.arraycopy(lo, 0, out.values(), 0, rows);
        out.setSize(rows);
        return out;
    }
}
