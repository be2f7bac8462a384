package io.muon.sql.exec;

import io.muon.sql.testing.SqlTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * extractKeyValuePairs, which ClickHouse 18.16 lacks, with the results of ClickHouse's documentation examples and the
 * corners of its state machine (quoted keys and values, quotes inside unquoted ones, unclosed quotes, empty values).
 */
class MapFunctionsTest extends SqlTestBase
{
    @Test
    void extractKeyValuePairsAsDocumented()
    {
        assertEquals("{'name':'neymar','age':'31','team':'psg','nationality':'brazil'}\n",
            run("SELECT extractKeyValuePairs('name:neymar, age:31 team:psg,nationality:brazil')"));
        assertEquals("{'name':'neymar','age':'31','team':'psg','nationality':'brazil','last_key':'last_value'}\n",
            run("SELECT extractKeyValuePairs('name:\\'neymar\\';\\'age\\':31;team:psg;nationality:brazil," +
                "last_key:last_value', ':', ';,', '\\'')"));
        // a quote inside an unquoted key starts a quoted key (ClickHouse's default strategy, "promote")
        assertEquals("{}\t{'abc':'5'}\n", run("SELECT extractKeyValuePairs('name\"abc:5'), " +
            "extractKeyValuePairs('name\"abc\":5')"));
        // no escape sequences: backslashes stay (the map text and then TSV each double them)
        assertEquals("{'age':'a\\\\\\\\x0A\\\\\\\\n\\\\\\\\0'}\n", run("SELECT extractKeyValuePairs('age:a\\\\x0A\\\\n\\\\0')"));
        assertEquals("{'John':'33','Paula':'31'}\n", run("SELECT extractKeyValuePairs(toString(map('John', '33', " +
            "'Paula', '31')), ':', ',', '\\'')"));
    }

    @Test
    void extractKeyValuePairsCorners()
    {
        assertEquals("{}\t{'k':''}\t{'q':'v'}\t{'a':'1','b':'2'}\t{'a':'1','a':'2'}\t\\N\tMap(String, String)\n",
            run("SELECT extract_key_value_pairs(''), extractKeyValuePairs('k:'), " +
                "extractKeyValuePairs('\"\":1 \"k\" :2 \"q\":\"v\" x:\"unclosed'), extractKeyValuePairs('a=1&b=2', '=', '&'), " +
                "extractKeyValuePairs('a:1, a:2'), extractKeyValuePairs(NULL), toTypeName(extractKeyValuePairs('a:1'))"));
        assertEquals("{'id':'0','n':'x0'}\n{'id':'1','n':'x1'}\n{'id':'2','n':'x2'}\n", run("SELECT " +
            "extractKeyValuePairs(concat('id:', toString(number), ' n:x', toString(number))) FROM numbers(3)"));
        fails("SELECT extractKeyValuePairs('a:1', '::')", 36, "must be one character");
        fails("SELECT extractKeyValuePairs('a:1', ':', ':')", 36, "must all differ");
    }
}
