package io.muon.sql.exec;

import io.muon.sql.testing.SqlTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The hash functions give ClickHouse's values: golden outputs from its tests and documentation. */
class HashFunctionsTest extends SqlTestBase
{
    @Test
    void variadicHashesMatchClickHouseTests()
    {
        // tests/queries/0_stateless/00746_hashing_tuples.reference
        assertEquals("12940785793559895259\t17926972817233444501\t7456555839952096623\n",
            run("SELECT sip_hash64(1, 2, 3), sip_hash64(1, 3, 2), " +
                "sip_hash64(('a', [1, 2, 3], 4, (4, ['foo', 'bar'], 1, (1, 2))))"));
        assertEquals("2822869866\t1460833561\t222444531\n", run("SELECT murmur_hash2_32(1, 2, 3), " +
            "murmur_hash2_32(1, 3, 2), murmur_hash2_32(('a', [1, 2, 3], 4, (4, ['foo', 'bar'], (1, 2))))"));
        assertEquals("13951512892560982617\t4952008279444388047\t15509665835504406222\n",
            run("SELECT murmur_hash2_64(1, 2, 3), murmur_hash2_64(1, 3, 2), " +
                "murmur_hash2_64(('a', [1, 2, 3], 4, (4, ['foo', 'bar'], 1, (1, 2))))"));
        assertEquals("8163029322371165472\t8788309436660676487\t236561483980029756\n",
            run("SELECT murmur_hash3_64(1, 2, 3), murmur_hash3_64(1, 3, 2), " +
                "murmur_hash3_64(('a', [1, 2, 3], 4, (4, ['foo', 'bar'], 1, (1, 2))))"));
        // tests/queries/0_stateless/00803_xxhash
        assertEquals("17241709254077376921\t3728699739546630719\t16804241149081757544\t9049736899514479480\n",
            run("SELECT xx_hash64(''), xx_hash64('foo'), xx_hash64(0), xx_hash64(123456)"));
        assertEquals("13728743482242651702\t10226792638577471533\t3521288460171939489\n",
            run("SELECT xx_hash64(1, 2, 3), xx_hash64(1, 3, 2), " +
                "xx_hash64(('a', [1, 2, 3], 4, (4, ['foo', 'bar'], 1, (1, 2))))"));
        assertEquals("6662491266811474554\t1162348840373071858\t5234164152756840025\n",
            run("SELECT xx_hash64(CAST(1.2684 AS Float32)), xx_hash64(CAST(-154477 AS Int64)), " +
                "xx_hash64(CAST('bar' AS FixedString(3)))"));
        assertEquals("46947589\t2154901205\t3479547966\t834093149\n",
            run("SELECT xx_hash32(''), xx_hash32('ABC'), xx_hash32(0), xx_hash32('Hello, world!')"));
    }

    @Test
    void cityHashIsVersion102WithClickHouseCombining()
    {
        // hash-functions docs (computed in Europe/Moscow): strings, an array, an integer and a DateTime combined
        assertEquals("12072650598913549138\t2152717\t13726873534472839665\n",
            run("SELECT city_hash64(array('e','x','a'), 'mple', 10, to_datetime('2019-06-15 23:00:00', " +
                "'Europe/Moscow')), murmur_hash3_32(array('e','x','a'), 'mple', 10, " +
                "to_datetime('2019-06-15 23:00:00', 'Europe/Moscow')), sip_hash64(array('e','x','a'), 'mple', 10, " +
                "to_datetime('2019-06-15 23:00:00', 'Europe/Moscow'))"));
        // known cityHash64 values of ClickHouse (1..16, 33..64 byte paths)
        assertEquals("12507901496292878638\t6237945311650045625\t14016960382098508583\t4598645670525206072\n",
            run("SELECT city_hash64('Moscow'), city_hash64('How can you write a big system without C++?  -Paul Glick')," +
                " city_hash64('asdf3'), city_hash64('4994593')"));
        // the empty string hashes to k2; the 17..32 and over-64-byte values are computed from CityHash v1.0.2
        assertEquals("11160318154034397263\n", run("SELECT city_hash64('')"));
        assertEquals("237482408704357350\t9488119657355999865\n", run("SELECT city_hash64('abcdefghijklmnopq'), city_hash64('" +
            "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789')"));
        assertEquals("\\N\n", run("SELECT city_hash64(NULL)"));
    }

    @Test
    void farmHashIsFarmhashXoWithTheDebugTweakAsIn1816()
    {
        // ClickHouse 18.16's values: one prefix length per path of the hash (0, 1..16, 17..32, 33..64, 65..96,
        // 97..256, over 256), numbers through intHash64, arguments combined as cityHash64 does
        final String text = "ClickHouse farmHash64 check 0123456789 ".repeat(16);
        assertEquals("[9398590711596223983,6671683394284717197,14587779326192634207,17410067982607811503," +
            "12835003662686138070,16869484612584619452,9654222402543106596,4611517250539532089,5101056194082476580]\n",
            run("SELECT arrayMap(n -> farmHash64(substring('" + text + "', 1, n)), [0, 3, 10, 20, 40, 80, 200, 300, 600])"));
        assertEquals("15304740903438989290\t10577349846663553072\t8055013221972926055\t7287324520655339053\t" +
            "3194651728625300636\t5171949009262398126\t8867986854468555406\t6817702824740635125\t\\N\t" +
            "15304740903438989290\n", run("SELECT farmHash64('abc'), farm_hash64(1), farmHash64(-1), farmHash64(1.5), " +
            "farmHash64('a', 'b'), farmHash64([1, 2]), farmHash64((1, 'x')), farmHash64(toDate('2020-01-01')), " +
            "farmHash64(NULL), farmHash64(toNullable('abc'))"));
    }

    @Test
    void wyHashIsFinal3WithClickHouseCombining()
    {
        // ClickHouse's documentation example
        assertEquals("12336419557878201794\n", run("SELECT wyHash64('ClickHouse')"));
        // each length path (0, 1..3, 4..16, 17..48, over 48), numbers by their bytes, two arguments as the hash of
        // both hashes: values of a separate model of the published wyhash final 3
        final String text = "ClickHouse wyHash64 check 0123456789 ".repeat(8);
        assertEquals("[4808886099364463827,15839346600601249237,1937622101314584458,5689647512541762554," +
            "3620722572936287696,16074758310572813228,1677852460136487837,10116000311254225541,13016763059988098579," +
            "14232721990642347156,7986658694294202250,8814910925548901773,3891063702944081671]\n", run("SELECT " +
            "arrayMap(n -> wyHash64(substring('" + text + "', 1, n)), [0, 1, 3, 4, 8, 9, 16, 17, 33, 48, 49, 97, 200])"));
        assertEquals("4500148049615854224\t3301629541311996198\t8795215443407910828\t12848606071337434745\t\\N\n",
            run("SELECT wy_hash64(1), wyHash64(toInt64(-1)), wyHash64(1.5), wyHash64('a', 'b'), wyHash64(NULL)"));
    }

    @Test
    void integerAndStringHashes()
    {
        // docs: intHash32(42), intHash64(42), javaHash('Hello, world!') (Int32 -1880044555, shown as UInt64 here)
        assertEquals("1228623923\t11490350930367293593\n", run("SELECT int_hash32(42), int_hash64(42)"));
        assertEquals("18446744071829507061\t123\n", run("SELECT java_hash('Hello, world!'), java_hash(to_int32(123))"));
        assertEquals("5607458076371731292\t3244421341483603138\n", run("SELECT xxh3('Hello', 'world'), xxh3('')"));
        // CRC32 of "The quick brown fox jumps over the lazy dog" is 0x414FA339
        assertEquals("1095738169\t0\n", run("SELECT crc32('The quick brown fox jumps over the lazy dog'), crc32('')"));
        assertEquals("16\t20\t28\t32\t64\n", run("SELECT length(md5('')), length(sha1('abc')), length(sha224('abc')), " +
            "length(sha256('abc')), length(sha512('abc'))"));
        assertEquals("1\t0\n", run("SELECT md5('abc') = md5('abc'), sha256('abc') = sha256('abd')"));
        fails("SELECT java_hash('a', 'b')", 48, "not combineable");
        fails("SELECT java_hash(to_uint32(1))", 48, "Unsigned types are not supported");
        fails("SELECT int_hash64('x')", 43, "Illegal type");
    }

    @Test
    void hashesOverAStream()
    {
        run("CREATE STREAM h (id uint32, s string, n nullable(string))");
        run("INSERT INTO h (id, s, n) VALUES (1, 'foo', 'x'), (2, '', NULL), (3, 'Hello, world!', 'y')");
        assertEquals("1\t3728699739546630719\t0\n2\t17241709254077376921\t1\n3\t17691043854468224118\t0\n",
            run("SELECT id, xx_hash64(s), is_null(city_hash64(n)) FROM table(h) ORDER BY id"));
        assertEquals("1\t12940785793559895259\n2\t12940785793559895259\n3\t12940785793559895259\n",
            run("SELECT id, sip_hash64(1, 2, 3) FROM table(h) ORDER BY id"));
    }
}
