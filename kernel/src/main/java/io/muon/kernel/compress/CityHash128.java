package io.muon.kernel.compress;

import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;

import java.nio.ByteOrder;

/**
 * CityHash v1.0.2's 128-bit hash, the version ClickHouse froze (contrib/cityhash102) and uses for the checksum of
 * every compressed block, on disk and on the wire ({@link CompressedBlock}), and, chained over 2048-byte blocks
 * ({@link #hashBlockwise}), for the file hashes in a part's checksums.txt. Later CityHash releases changed the
 * algorithm and give different values, so this must not be swapped for a newer library. Owned by the kernel's
 * compression package; anything that needs ClickHouse's hash uses this class.
 * <p>
 * A result is two unsigned 64-bit halves, {@code low} and {@code high}, written into a caller's {@code long[2]}
 * ({@code [0]} = low, {@code [1]} = high), so hashing allocates nothing. ClickHouse stores a hash as the low half
 * little-endian followed by the high half little-endian ({@link #hashBytes}).
 * <p>
 * Input is read with unaligned 8- and 4-byte little-endian loads; the same code serves heap arrays and off-heap
 * memory. Stateless and thread-safe.
 */
public final class CityHash128
{
    /** Bytes of a stored hash: low half then high half, both little-endian. */
    public static final int HASH_LENGTH = 16;

    /** Block size of {@link #hashBlockwise}: ClickHouse's DBMS_DEFAULT_HASHING_BLOCK_SIZE. */
    public static final int HASHING_BLOCK_SIZE = 2048;

    private static final long K0 = 0xc3a5c85c97cb3127L;
    private static final long K1 = 0xb492b66fbe98f273L;
    private static final long K2 = 0x9ae16a3b2f90404fL;
    private static final long K3 = 0xc949d7c7509e6557L;
    private static final long MULTIPLIER = 0x9ddfea08eb382d69L;

    private static final boolean NATIVE_LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private CityHash128()
    {
    }

    /** CityHash128 of {@code data[offset, offset + length)} into {@code out[0]} (low) and {@code out[1]} (high). */
    public static void hash(final byte[] data, final int offset, final int length, final long[] out)
    {
        checkRange(data.length, offset, length);
        hashMemory(data, BufferUtil.ARRAY_BASE_OFFSET + offset, length, out);
    }

    /** CityHash128 of {@code length} bytes of off-heap memory at {@code address}. */
    public static void hash(final long address, final int length, final long[] out)
    {
        checkLength(length);
        hashMemory(null, address, length, out);
    }

    /** CityHash128 of {@code buffer[offset, offset + length)}; the buffer may be on or off the heap. */
    public static void hash(final DirectBuffer buffer, final int offset, final int length, final long[] out)
    {
        checkRange(buffer.capacity(), offset, length);
        hashMemory(buffer.byteArray(), buffer.addressOffset() + offset, length, out);
    }

    /** CityHash128WithSeed of {@code data[offset, offset + length)}, the seed given as its two halves. */
    public static void hashWithSeed(
        final byte[] data, final int offset, final int length,
        final long seedLow, final long seedHigh, final long[] out)
    {
        checkRange(data.length, offset, length);
        hashMemoryWithSeed(data, BufferUtil.ARRAY_BASE_OFFSET + offset, length, seedLow, seedHigh, out);
    }

    /** CityHash128WithSeed of {@code buffer[offset, offset + length)}. */
    public static void hashWithSeed(
        final DirectBuffer buffer, final int offset, final int length,
        final long seedLow, final long seedHigh, final long[] out)
    {
        checkRange(buffer.capacity(), offset, length);
        hashMemoryWithSeed(buffer.byteArray(), buffer.addressOffset() + offset, length, seedLow, seedHigh, out);
    }

    /**
     * The hash ClickHouse's HashingWriteBuffer computes, which is what a part's checksums.txt records for each file
     * (and for the uncompressed contents of a compressed file): starting from the seed (0, 0), each whole
     * {@link #HASHING_BLOCK_SIZE}-byte block replaces the seed with CityHash128WithSeed of the block; a final partial
     * block is hashed the same way, and without one the last seed is the result. So an empty input hashes to (0, 0),
     * and the value differs from {@link #hash} of the same bytes.
     */
    public static void hashBlockwise(final byte[] data, final int offset, final int length, final long[] out)
    {
        checkRange(data.length, offset, length);
        hashMemoryBlockwise(data, BufferUtil.ARRAY_BASE_OFFSET + offset, length, out);
    }

    /** {@link #hashBlockwise(byte[], int, int, long[])} of {@code buffer[offset, offset + length)}. */
    public static void hashBlockwise(final DirectBuffer buffer, final int offset, final int length, final long[] out)
    {
        checkRange(buffer.capacity(), offset, length);
        hashMemoryBlockwise(buffer.byteArray(), buffer.addressOffset() + offset, length, out);
    }

    /** The 16 bytes ClickHouse stores for the hash of {@code data[offset, offset + length)}. Allocates the result. */
    public static byte[] hashBytes(final byte[] data, final int offset, final int length)
    {
        final long[] halves = new long[2];
        hash(data, offset, length, halves);
        final byte[] bytes = new byte[HASH_LENGTH];
        for (int i = 0; i < 8; i++)
        {
            bytes[i] = (byte)(halves[0] >>> (8 * i));
            bytes[8 + i] = (byte)(halves[1] >>> (8 * i));
        }
        return bytes;
    }

    /**
     * The hash as ClickHouse prints it in "Checksum doesn't match" messages: the low half then the high half, each as
     * 16 lowercase hex digits.
     */
    public static String toHex(final long low, final long high)
    {
        return hex16(low) + hex16(high);
    }

    private static String hex16(final long value)
    {
        final String digits = Long.toHexString(value);
        return "0000000000000000".substring(digits.length()) + digits;
    }

    /** CityHash128: {@code base} is the array for heap memory (address includes the array base offset) or null. */
    static void hashMemory(final Object base, final long address, final int length, final long[] out)
    {
        if (length >= 16)
        {
            hashMemoryWithSeed(
                base, address + 16, length - 16,
                fetch64(base, address) ^ K3, fetch64(base, address + 8), out);
        }
        else if (length >= 8)
        {
            hashMemoryWithSeed(
                null, 0L, 0,
                fetch64(base, address) ^ (length * K0), fetch64(base, address + length - 8) ^ K1, out);
        }
        else
        {
            hashMemoryWithSeed(base, address, length, K0, K1, out);
        }
    }

    static void hashMemoryWithSeed(
        final Object base, final long address, final int length, final long seedLow, final long seedHigh,
        final long[] out)
    {
        if (length < 128)
        {
            cityMurmur(base, address, length, seedLow, seedHigh, out);
            return;
        }

        // 56 bytes of state: v (first, second), w (first, second), x, y, z.
        long x = seedLow;
        long y = seedHigh;
        long z = length * K1;
        long vFirst = Long.rotateRight(y ^ K1, 49) * K1 + fetch64(base, address);
        long vSecond = Long.rotateRight(vFirst, 42) * K1 + fetch64(base, address + 8);
        long wFirst = Long.rotateRight(y + z, 35) * K1 + x;
        long wSecond = Long.rotateRight(x + fetch64(base, address + 88), 53) * K1;

        long position = address;
        long remaining = length;
        do
        {
            for (int half = 0; half < 2; half++)
            {
                x = Long.rotateRight(x + y + vFirst + fetch64(base, position + 16), 37) * K1;
                y = Long.rotateRight(y + vSecond + fetch64(base, position + 48), 42) * K1;
                x ^= wSecond;
                y ^= vFirst;
                z = Long.rotateRight(z ^ wFirst, 33);

                // v = weak hash of the 32 bytes at position, seeded with (vSecond * K1, x + wFirst)
                long a = vSecond * K1 + fetch64(base, position);
                long b = x + wFirst;
                long last = fetch64(base, position + 24);
                b = Long.rotateRight(b + a + last, 21);
                long c = a;
                a += fetch64(base, position + 8);
                a += fetch64(base, position + 16);
                b += Long.rotateRight(a, 44);
                vFirst = a + last;
                vSecond = b + c;

                // w = weak hash of the 32 bytes at position + 32, seeded with (z + wSecond, y)
                a = z + wSecond + fetch64(base, position + 32);
                b = y;
                last = fetch64(base, position + 56);
                b = Long.rotateRight(b + a + last, 21);
                c = a;
                a += fetch64(base, position + 40);
                a += fetch64(base, position + 48);
                b += Long.rotateRight(a, 44);
                wFirst = a + last;
                wSecond = b + c;

                final long swap = z;
                z = x;
                x = swap;
                position += 64;
            }
            remaining -= 128;
        }
        while (remaining >= 128);

        y += Long.rotateRight(wFirst, 37) * K0 + z;
        x += Long.rotateRight(vFirst + z, 49) * K0;

        // Up to four 32-byte chunks counted back from the end of the input (they may overlap hashed bytes).
        final long end = position + remaining;
        for (long tailDone = 0; tailDone < remaining; )
        {
            tailDone += 32;
            final long chunk = end - tailDone;
            y = Long.rotateRight(y - x, 42) * K0 + vSecond;
            wFirst += fetch64(base, chunk + 16);
            x = Long.rotateRight(x, 49) * K0 + wFirst;
            wFirst += vFirst;

            // v = weak hash of the 32 bytes at chunk, seeded with (vFirst, vSecond)
            long a = vFirst + fetch64(base, chunk);
            final long last = fetch64(base, chunk + 24);
            long b = Long.rotateRight(vSecond + a + last, 21);
            final long c = a;
            a += fetch64(base, chunk + 8);
            a += fetch64(base, chunk + 16);
            b += Long.rotateRight(a, 44);
            vFirst = a + last;
            vSecond = b + c;
        }

        x = hash16(x, vFirst);
        y = hash16(y, wFirst);
        out[0] = hash16(x + vSecond, wSecond) + y;
        out[1] = hash16(x + wSecond, y + vSecond);
    }

    private static void hashMemoryBlockwise(final Object base, final long address, final int length, final long[] out)
    {
        long low = 0;
        long high = 0;
        int position = 0;
        for (; length - position >= HASHING_BLOCK_SIZE; position += HASHING_BLOCK_SIZE)
        {
            hashMemoryWithSeed(base, address + position, HASHING_BLOCK_SIZE, low, high, out);
            low = out[0];
            high = out[1];
        }
        if (position < length)
        {
            hashMemoryWithSeed(base, address + position, length - position, low, high, out);
        }
        else
        {
            out[0] = low;
            out[1] = high;
        }
    }

    /** CityHash128's routine for inputs under 128 bytes. */
    private static void cityMurmur(
        final Object base, final long address, final int length, final long seedLow, final long seedHigh,
        final long[] out)
    {
        long a = seedLow;
        long b = seedHigh;
        long c;
        long d;
        if (length <= 16)
        {
            a = shiftMix(a * K1) * K1;
            c = b * K1 + hash0To16(base, address, length);
            d = shiftMix(a + (length >= 8 ? fetch64(base, address) : c));
        }
        else
        {
            c = hash16(fetch64(base, address + length - 8) + K1, a);
            d = hash16(b + length, c + fetch64(base, address + length - 16));
            a += d;
            long position = address;
            long left = length - 16;
            do
            {
                a ^= shiftMix(fetch64(base, position) * K1) * K1;
                a *= K1;
                b ^= a;
                c ^= shiftMix(fetch64(base, position + 8) * K1) * K1;
                c *= K1;
                d ^= c;
                position += 16;
                left -= 16;
            }
            while (left > 0);
        }
        a = hash16(a, c);
        b = hash16(d, b);
        out[0] = a ^ b;
        out[1] = hash16(b, a);
    }

    private static long hash0To16(final Object base, final long address, final int length)
    {
        if (length > 8)
        {
            final long a = fetch64(base, address);
            final long b = fetch64(base, address + length - 8);
            return hash16(a, Long.rotateRight(b + length, length)) ^ b;
        }
        if (length >= 4)
        {
            final long a = fetch32(base, address);
            return hash16(length + (a << 3), fetch32(base, address + length - 4));
        }
        if (length > 0)
        {
            final int a = UnsafeApi.getByte(base, address) & 0xFF;
            final int b = UnsafeApi.getByte(base, address + (length >> 1)) & 0xFF;
            final int c = UnsafeApi.getByte(base, address + length - 1) & 0xFF;
            final long y = a + (b << 8);
            final long z = length + (c << 2);
            return shiftMix(y * K2 ^ z * K3) * K2;
        }
        return K2;
    }

    /** CityHash's Hash128to64: folds two 64-bit values into one. */
    private static long hash16(final long low, final long high)
    {
        long a = (low ^ high) * MULTIPLIER;
        a ^= a >>> 47;
        long b = (high ^ a) * MULTIPLIER;
        b ^= b >>> 47;
        return b * MULTIPLIER;
    }

    private static long shiftMix(final long value)
    {
        return value ^ (value >>> 47);
    }

    private static long fetch64(final Object base, final long address)
    {
        final long value = UnsafeApi.getLong(base, address);
        return NATIVE_LITTLE_ENDIAN ? value : Long.reverseBytes(value);
    }

    /** An unsigned little-endian 32-bit load. */
    private static long fetch32(final Object base, final long address)
    {
        final int value = UnsafeApi.getInt(base, address);
        return (NATIVE_LITTLE_ENDIAN ? value : Integer.reverseBytes(value)) & 0xFFFF_FFFFL;
    }

    private static void checkRange(final int capacity, final int offset, final int length)
    {
        if (offset < 0 || length < 0 || offset > capacity - length)
        {
            throw new IndexOutOfBoundsException(
                "range [" + offset + ", " + offset + " + " + length + ") outside capacity " + capacity);
        }
    }

    private static void checkLength(final int length)
    {
        if (length < 0)
        {
            throw new IndexOutOfBoundsException("negative length " + length);
        }
    }
}
