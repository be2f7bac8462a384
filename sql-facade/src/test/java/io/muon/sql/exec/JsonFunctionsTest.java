package io.muon.sql.exec;

import io.muon.sql.testing.SqlTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** ClickHouse's JSON functions: moves by key and index, typed extraction, SQL/JSON paths. */
class JsonFunctionsTest extends SqlTestBase
{
    private static final String DOC = "'{\"a\": \"hello\", \"b\": [-100, 200.0, 300]}'";

    @Test
    void movesByKeyAndIndex()
    {
        // JSONHas / JSONLength / JSONType docs
        assertEquals("1\t0\t0\t1\t1\t1\t1\t0\n", run("SELECT json_has(" + DOC + ", 'b'), json_has(" + DOC + ", 'b', 4), " +
            "json_has(" + DOC + ", 0), json_has(" + DOC + ", 1), json_has(" + DOC + ", 2), json_has(" + DOC + ", -1), " +
            "json_has(" + DOC + ", -2), json_has(" + DOC + ", 3)"));
        assertEquals("3\t2\t0\t0\n", run("SELECT json_length(" + DOC + ", 'b'), json_length(" + DOC + "), " +
            "json_length(" + DOC + ", 'a'), json_length('nope')"));
        assertEquals("Object\tString\tArray\tInt64\tDouble\tNull\tBool\tUInt64\n", run("SELECT json_type(" + DOC + "), " +
            "json_type(" + DOC + ", 'a'), json_type(" + DOC + ", 'b'), json_type(" + DOC + ", 'b', 1), " +
            "json_type(" + DOC + ", 'b', 2), json_type(" + DOC + ", 'c'), json_type('{\"x\":true}', 'x'), " +
            "json_type('[18446744073709551615]', 1)"));
        assertEquals("1\t0\t0\n", run("SELECT is_valid_json(" + DOC + "), is_valid_json('not JSON'), is_valid_json('')"));
    }

    @Test
    void scalarExtraction()
    {
        assertEquals("-100\t300\t200\t1\n", run("SELECT json_extract_int(" + DOC + ", 'b', 1), " +
            "json_extract_uint(" + DOC + ", 'b', -1), json_extract_float(" + DOC + ", 'b', 2), " +
            "json_extract_bool('{\"passed\": true}', 'passed')"));
        // doubles convert to integers only when exact; strings are parsed; bools are not numbers
        assertEquals("200\t0\t12\t0\t0\t0\n", run("SELECT json_extract_int(" + DOC + ", 'b', 2), " +
            "json_extract_int('{\"x\": 1.5}', 'x'), json_extract_int('{\"x\": \"12\"}', 'x'), " +
            "json_extract_int('{\"x\": true}', 'x'), json_extract_uint(" + DOC + ", 'b', 1), json_extract_int('bad', 'x')"));
        assertEquals("hello\t[-100,200,300]\t\t\n", run("SELECT json_extract_string(" + DOC + ", 'a'), " +
            "json_extract_string(" + DOC + ", 'b'), json_extract_string('{\"x\": null}', 'x'), " +
            "json_extract_string(" + DOC + ", 'zz')"));
        assertEquals("[-100,200,300]\t\"hello\"\t\t{\"a\":\"x\\\\ny\"}\n", run("SELECT json_extract_raw(" + DOC + ", 'b'), " +
            "json_extract_raw(" + DOC + ", 'a'), json_extract_raw(" + DOC + ", 'c'), json_extract_raw('{ \"a\" : \"x\\\\u000ay\" }')"));
        assertEquals("A☺\n", run("SELECT json_extract_string('{\"s\": \"\\\\u0041\\\\u263a\"}', 's')"));
    }

    @Test
    void arraysKeysAndTypedExtraction()
    {
        assertEquals("['a','b']\t['-100','200','300']\t[]\n", run("SELECT json_extract_keys(" + DOC + "), " +
            "json_extract_array_raw(" + DOC + ", 'b'), json_extract_array_raw(" + DOC + ", 'a')"));
        assertEquals("[('a','[-100,200]'),('b','{\"c\":{\"d\":\"hello\",\"f\":\"world\"}}')]\n",
            run("SELECT json_extract_keys_and_values_raw('{\"a\": [-100, 200.0], \"b\": {\"c\": {\"d\": \"hello\", " +
                "\"f\": \"world\"}}}')"));
        assertEquals("('hello',[-100,200,300])\t[-100,NULL,NULL]\t[('a',5),('b',7),('c',11)]\n",
            run("SELECT json_extract(" + DOC + ", 'Tuple(String, Array(Float64))'), " +
                "json_extract(" + DOC + ", 'b', 'Array(Nullable(Int8))'), " +
                "json_extract_keys_and_values('{\"x\": {\"a\": 5, \"b\": 7, \"c\": 11}}', 'x', 'Int8')"));
        assertEquals("\\N\t0\t['hello','-100']\t3\t\\N\n", run("SELECT json_extract('{\"a\": null}', 'a', " +
            "'Nullable(Int64)'), json_extract('{\"a\": \"x\"}', 'a', 'UInt8'), json_extract_array('[\"hello\", -100]'), " +
            "json_array_length('[1, 2, [3]]'), json_array_length('{}')"));
    }

    @Test
    void sqlJsonPaths()
    {
        // tests/queries/0_stateless/01889_sql_json_functions.reference
        assertEquals("\t1\t1.2\ttrue\tworld\tnull\t\t\t\tbar\n", run("SELECT json_value('{\"hello\":1}', '$'), " +
            "json_value('{\"hello\":1}', '$.hello'), json_value('{\"hello\":1.2}', '$.hello'), " +
            "json_value('{\"hello\":true}', '$.hello'), json_value('{\"hello\":\"world\"}', '$.hello'), " +
            "json_value('{\"hello\":null}', '$.hello'), json_value('{\"hello\":[\"world\",\"world2\"]}', '$.hello'), " +
            "json_value('{hello:world}', '$.hello'), json_value('', '$.hello'), " +
            "json_value('{\"foo foo\":\"bar\"}', '$.\"foo foo\"')"));
        assertEquals("[{\"hello\":1}]\t[1]\t[\"world\"]\t[[\"world\",\"world2\"]]\t[{\"world\":\"!\"}]\t\t[0, 1, 4, 0, -1, -4]\n",
            run("SELECT json_query('{\"hello\":1}', '$'), json_query('{\"hello\":1}', '$.hello'), " +
                "json_query('{\"hello\":\"world\"}', '$.hello'), json_query('{\"hello\":[\"world\",\"world2\"]}', '$.hello'), " +
                "json_query('{\"hello\":{\"world\":\"!\"}}', '$.hello'), json_query('', '$.hello'), " +
                "json_query('{\"array\":[[0, 1, 2, 3, 4, 5], [0, -1, -2, -3, -4, -5]]}', '$.array[*][0 to 2, 4]')"));
        assertEquals("1\t1\t1\n", run("SELECT json_value('{\"1key\":1}', '$.1key'), json_value('{\"hello\":1}', " +
            "'$[\"hello\"]'), json_value('{\"hello 1\":1}', '$[\"hello 1\"]')"));
        fails("SELECT json_value('{\"1key\":1}', '$..1key')", 36, "JSONPath");
        fails("SELECT json_query('{\"1key\":1}', '$key')", 36, "JSONPath");
        assertEquals("{\"a\":1,\"name\":\"zoey\"}\n", run("SELECT json_merge_patch('{\"a\":1}', '{\"name\": \"joey\"}', " +
            "'{\"name\": \"tom\"}', '{\"name\": \"zoey\"}')"));
    }

    @Test
    void jsonOverAStream()
    {
        run("CREATE STREAM j (id uint32, json string)");
        run("INSERT INTO j (id, json) VALUES " +
            "(0, '{\"name\":\"Ivan\",\"surname\":\"Ivanov\",\"friends\":[\"Vasily\",\"Kostya\",\"Artyom\"]}'), " +
            "(1, '{\"name\":\"Katya\",\"surname\":\"Baltica\",\"friends\":[\"Tihon\",\"Ernest\",\"Innokentiy\"]}'), " +
            "(2, '{\"name\":\"Vitali\",\"surname\":\"Brown\",\"friends\":[\"Katya\",\"Anatoliy\",\"Ivan\",\"Oleg\"]}')");
        assertEquals("0\t[\"Vasily\", \"Kostya\"]\tIvan\t3\n1\t[\"Tihon\", \"Ernest\"]\tKatya\t3\n" +
            "2\t[\"Katya\", \"Anatoliy\"]\tVitali\t4\n", run("SELECT id, json_query(json, '$.friends[0 to 2]'), " +
            "json_extract_string(json, 'name'), json_length(json, 'friends') FROM table(j) ORDER BY id"));
        assertEquals("\\N\n", run("SELECT json_extract_int(NULL, 'a')"));
    }
}
