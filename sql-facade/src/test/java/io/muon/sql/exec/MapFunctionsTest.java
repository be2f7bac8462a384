package io.muon.sql.exec;

import io.muon.sql.testing.SqlTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * extractKeyValuePairs (which ClickHouse 18.16 lacks) and Proton's grok, with the results of ClickHouse's documentation examples and the
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

    @Test
    void grokCapturesNamedFields()
    {
        // Proton's documentation example
        assertEquals("{'name':'Jack','age':'23'}\t23\n", run("SELECT grok('My name is Jack. I am 23 years old.', " +
            "'My name is %{DATA:name}. I am %{INT:age} years old.') AS m, m['age']"));
        assertEquals("{'client':'55.3.244.1','method':'GET','request':'/index.html?a=1','bytes':'15824','duration':'0.043'}\n",
            run("SELECT grok('55.3.244.1 GET /index.html?a=1 15824 0.043', '%{IP:client} %{WORD:method} " +
                "%{URIPATHPARAM:request} %{NUMBER:bytes} %{NUMBER:duration}')"));
        assertEquals("{'ts':'2024-05-01T12:30:45Z','level':'ERROR','module':'db','message':'connection lost'}\n",
            run("SELECT grok('2024-05-01T12:30:45Z ERROR [db] connection lost', '%{TIMESTAMP_ISO8601:ts} " +
                "%{LOGLEVEL:level} \\\\[%{WORD:module}\\\\] %{GREEDYDATA:message}')"));
        // no match, an unnamed pattern and a type suffix, NULL, one map per row
        assertEquals("{}\t{'v':'1'}\t\\N\n", run("SELECT grok('no match here', '%{IP:ip}'), grok('x=1', " +
            "'%{WORD}=%{INT:v:int}'), grok(NULL, '%{WORD:w}')"));
        assertEquals("{'user':'user0','host':'example.com'}\n{'user':'user1','host':'example.com'}\n", run("SELECT " +
            "grok(concat('user', toString(number), '@example.com'), '%{USERNAME:user}@%{HOSTNAME:host}') FROM numbers(2)"));
        fails("SELECT grok('a', '%{NOPE:x}')", 36, "Unknown grok pattern %{NOPE}");
    }
}
