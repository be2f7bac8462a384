package io.muon.kernel.compress;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CityHash128Test
{
    /**
     * The text whose prefixes ClickHouse.jl hashed with ClickHouse's own C++ CityHash128 (test/ch/fw_ch128_key.txt);
     * whitespace runs become one space and the ends are trimmed, as that test does.
     */
    private static final String TEXT =
        "riverrun, past Eve and Adam's, from swerve of shore to bend\n" +
        "of bay, brings us by a commodius vicus of recirculation back to\n" +
        "Howth Castle and Environs.\n" +
        "    Sir Tristram, violer d'amores, fr'over the short sea, had passen-\n" +
        "core rearrived from North Armorica on this side the scraggy\n" +
        "isthmus of Europe Minor to wielderfight his penisolate war: nor\n" +
        "had topsawyer's rocks by the stream Oconee exaggerated themselse\n" +
        "to Laurens County's gorgios while they went doublin their mumper\n" +
        "all the time: nor avoice from afire bellowsed mishe mishe to\n" +
        "tauftauf thuartpeatrick: not yet, though venissoon after, had a\n" +
        "kidscad buttended a bland old isaac: not yet, though all's fair in\n" +
        "vanessy, were sosie sesthers wroth with twone nathandjoe. Rot a\n" +
        "peck of pa's malt had Jhem or Shen brewed by arclight and rory\n" +
        "end to the regginbrow was to be seen ringsome on the aquaface.\n";

    /** Prefix length, low and high half (unsigned decimal) from that answer key; they cover every code path. */
    private static final Object[][] PREFIX_HASHES = {
        {0, "4463240938071824939", "4374473821787594281"},
        {1, "7053907627585791678", "5387711300376061230"},
        {2, "17448920336343069622", "8783146992399324990"},
        {3, "855377389729829915", "1254411480194272554"},
        {4, "14596158469467002544", "5106762334925022266"},
        {5, "16369256012973784743", "3502334598754678128"},
        {7, "4602887543637889858", "18224469886079618893"},
        {8, "14964565147054796461", "16936994045072363290"},
        {9, "4463348257335035248", "16752442588187219629"},
        {12, "16334831990901063437", "13117014728749694982"},
        {15, "3889041731939997311", "3487894887444346828"},
        {16, "3266826996716336086", "12705083165671477143"},
        {17, "4410289230173716478", "650185838659020011"},
        {24, "3638051728752914733", "311897013365839352"},
        {31, "15987422632105282656", "3600136419968793779"},
        {32, "9643982283125122549", "6450302067072687170"},
        {33, "16974702583869454020", "10593284782581823296"},
        {48, "18327579702583444338", "5877310430287401726"},
        {63, "8749404258328540693", "7002447372564732959"},
        {64, "17215815863554617619", "2617341189086133067"},
        {65, "3517842320024920113", "6740675236303914492"},
        {100, "14799278099044812669", "11159307889513303284"},
        {127, "14904173199317855398", "2817049287292923874"},
        {128, "4598312868271861925", "16923786991201666875"},
        {129, "10514754682043136230", "13766981215495794951"},
        {143, "10747278071433231531", "8917314713495784827"},
        {144, "5636954128817496544", "2766027281143215584"},
        {145, "10434542924203170879", "4260512984679726908"},
        {159, "17870256797371101324", "6773589755042087040"},
        {160, "14526112768173853102", "407524138430394257"},
        {191, "5139317714757752372", "17625030891837506363"},
        {192, "5191610316539325750", "380052826852285934"},
        {255, "11954809713824878910", "6506278865841176253"},
        {256, "16058147614874018100", "3275529459955634210"},
        {257, "15728905305798474744", "11114653844976877927"},
        {300, "560187148930254500", "1255347281194688348"},
        {383, "10500892257698310411", "6682960568218428254"},
        {384, "13713381259690126690", "604581477064930665"},
        {511, "13249559416938871933", "2797885249165091990"},
        {512, "1612107073384607720", "1469622000625590692"},
        {640, "10594412852009400677", "8482872930067867325"},
        {852, "9171023127826383901", "17902936651870499906"},
    };

    @Test
    void matchesClickHousesCityHash128ForPrefixesOfEveryLengthClass()
    {
        final byte[] text = TEXT.replaceAll("\\s+", " ").strip().getBytes(StandardCharsets.US_ASCII);
        assertEquals(852, text.length);
        final long[] hash = new long[2];
        for (final Object[] row : PREFIX_HASHES)
        {
            final int length = (Integer)row[0];
            CityHash128.hash(text, 0, length, hash);
            assertEquals(Long.parseUnsignedLong((String)row[1]), hash[0], "low half, length " + length);
            assertEquals(Long.parseUnsignedLong((String)row[2]), hash[1], "high half, length " + length);
        }
    }

    @Test
    void matchesThePublishedHashOfMoscow()
    {
        // cityhash-clickhouse-sys (bindings to ClickHouse's city.cc) asserts this value as (high << 64) | low
        final byte[] moscow = "Moscow".getBytes(StandardCharsets.US_ASCII);
        final long[] hash = new long[2];
        CityHash128.hash(moscow, 0, moscow.length, hash);
        final BigInteger combined = new BigInteger(Long.toUnsignedString(hash[1])).shiftLeft(64)
            .or(new BigInteger(Long.toUnsignedString(hash[0])));
        assertEquals(new BigInteger("46102140593102845793298614593550999405"), combined);
    }

    @Test
    void heapArraysDirectBuffersAndAddressesGiveTheSameHash()
    {
        final Random random = new Random(7);
        final int capacity = 5000;
        final byte[] array = new byte[capacity];
        random.nextBytes(array);
        final ByteBuffer direct = ByteBuffer.allocateDirect(capacity);
        direct.put(array).flip();
        final UnsafeBuffer offHeap = new UnsafeBuffer(direct);
        final UnsafeBuffer onHeap = new UnsafeBuffer(array);
        final long[] expected = new long[2];
        final long[] actual = new long[2];
        for (int i = 0; i < 2000; i++)
        {
            final int length = random.nextInt(600);
            final int offset = random.nextInt(capacity - length + 1);
            CityHash128.hash(array, offset, length, expected);
            CityHash128.hash(offHeap, offset, length, actual);
            assertArrayEquals(expected, actual, "off-heap buffer, length " + length);
            CityHash128.hash(offHeap.addressOffset() + offset, length, actual);
            assertArrayEquals(expected, actual, "address, length " + length);
            CityHash128.hash(onHeap, offset, length, actual);
            assertArrayEquals(expected, actual, "heap buffer, length " + length);
        }
    }

    @Test
    void hashBytesAreLowThenHighLittleEndian()
    {
        final byte[] data = "checksum".getBytes(StandardCharsets.US_ASCII);
        final long[] hash = new long[2];
        CityHash128.hash(data, 0, data.length, hash);
        final ByteBuffer expected = ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        expected.putLong(hash[0]).putLong(hash[1]);
        assertArrayEquals(expected.array(), CityHash128.hashBytes(data, 0, data.length));
        assertEquals(String.format("%016x%016x", hash[0], hash[1]), CityHash128.toHex(hash[0], hash[1]));
        assertEquals("00000000000000010000000000000abc", CityHash128.toHex(1, 0xabc));
    }

    @Test
    void blockwiseHashChainsSeededHashesOverWholeBlocks()
    {
        final byte[] data = new byte[3 * CityHash128.HASHING_BLOCK_SIZE + 100];
        new Random(11).nextBytes(data);
        final long[] blockwise = new long[2];
        CityHash128.hashBlockwise(data, 0, 0, blockwise);
        assertArrayEquals(new long[] {0, 0}, blockwise, "empty input keeps the zero seed");

        final long[] chained = new long[2];
        CityHash128.hashWithSeed(data, 0, 10, 0, 0, chained);
        CityHash128.hashBlockwise(data, 0, 10, blockwise);
        assertArrayEquals(chained, blockwise, "a partial block is hashed with the zero seed");

        final int twoBlocks = 2 * CityHash128.HASHING_BLOCK_SIZE;
        CityHash128.hashWithSeed(data, 0, CityHash128.HASHING_BLOCK_SIZE, 0, 0, chained);
        CityHash128.hashWithSeed(
            data, CityHash128.HASHING_BLOCK_SIZE, CityHash128.HASHING_BLOCK_SIZE, chained[0], chained[1], chained);
        CityHash128.hashBlockwise(data, 0, twoBlocks, blockwise);
        assertArrayEquals(chained, blockwise, "whole blocks only: the last seed is the result");

        CityHash128.hashWithSeed(data, twoBlocks, 77, chained[0], chained[1], chained);
        CityHash128.hashBlockwise(new UnsafeBuffer(data), 0, twoBlocks + 77, blockwise);
        assertArrayEquals(chained, blockwise);

        final long[] plain = new long[2];
        CityHash128.hash(data, 0, twoBlocks + 77, plain);
        assertNotEquals(plain[0], blockwise[0], "differs from the plain hash");
    }

    @Test
    void rejectsRangesOutsideTheInput()
    {
        final long[] hash = new long[2];
        final byte[] data = new byte[10];
        assertThrows(IndexOutOfBoundsException.class, () -> CityHash128.hash(data, 5, 6, hash));
        assertThrows(IndexOutOfBoundsException.class, () -> CityHash128.hash(data, -1, 2, hash));
        assertThrows(IndexOutOfBoundsException.class, () -> CityHash128.hash(data, 0, -1, hash));
        assertThrows(IndexOutOfBoundsException.class, () -> CityHash128.hash(new UnsafeBuffer(data), 8, 3, hash));
        assertThrows(IndexOutOfBoundsException.class, () -> CityHash128.hashBlockwise(data, 1, 10, hash));
    }
}
