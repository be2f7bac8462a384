package io.muon.sql.exec;

import io.muon.sql.testing.SqlTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** String search, regular expressions and string manipulation: SQL in, ClickHouse's TSV out. */
class StringSearchFunctionsTest extends SqlTestBase
{
    @Test
    void positionAndAffixes()
    {
        assertEquals("5\t9\t1\t0\t4\t3\t3\t8\t14\t0\n", run("SELECT position('Hello, world!', 'o'), " +
            "position('Hello, world!', 'o', 6), position('abc', ''), position('abc', '', 5), position('abc', '', 4), " +
            "locate('abc', 'c'), position_case_insensitive('Hello', 'LL'), position_utf8('Привет мир', 'мир'), " +
            "position('Привет мир', 'мир'), position('', 'a')"));
        assertEquals("1\t1\t1\t0\t1\t0\t\\N\n", run("SELECT starts_with('abc', 'ab'), starts_with('abc', ''), " +
            "ends_with('abc', 'bc'), ends_with('a', 'abc'), multi_search_any('Hello', ['x', 'll']), " +
            "multi_search_any('Hello', ['x']), position(NULL, 'a')"));
    }

    @Test
    void replacingAndSplitting()
    {
        assertEquals("baa\tbbbbbb\thell0 w0rld\t\n", run("SELECT replace_one('aaa', 'a', 'b'), " +
            "replace_all('aaa', 'a', 'bb'), replace('hello world', 'o', '0'), replace_all('', 'a', 'b')"));
        fails("SELECT replace_all('abc', '', 'x')", 69, "must be greater than 0");
        assertEquals("['a','b','','c']\t['']\t['a','b']\t['a','b','c']\t['a','b','c']\t['a','b','c']\ta-b-c\t123\n",
            run("SELECT split_by_char(',', 'a,b,,c'), split_by_char(',', ''), split_by_char(',', 'a,b,c', 2), " +
                "split_by_string(', ', 'a, b, c'), split_by_string('', 'abc'), split_by_whitespace('  a b\\tc  '), " +
                "array_string_concat(['a', 'b', 'c'], '-'), array_string_concat([1, 2, 3])"));
        fails("SELECT split_by_char('ab', 'a')", 36, "Must be exactly one byte");
    }

    @Test
    void regularExpressions()
    {
        assertEquals("1\t0\t123\t1\t\t['1','22','333']\t[['a','1'],['b','2']]\t[['a','b'],['1','2']]\n",
            run("SELECT match('Hello', 'l+'), match('Hello', '^l'), extract('foo123bar', '\\\\d+'), " +
                "extract('foo=1', 'foo=(\\\\d)'), extract('abc', 'x'), extract_all('a1b22c333', '\\\\d+'), " +
                "extract_all_groups('a=1, b=2', '(\\\\w)=(\\\\d)'), " +
                "extract_all_groups_horizontal('a=1, b=2', '(\\\\w)=(\\\\d)')"));
        assertEquals("Hell0, World!\tHell0, W0rld!\there: Hello, World!\t-a-b-c\t31/01/2024\ta[b]c\n",
            run("SELECT replace_regexp_one('Hello, World!', 'o', '0'), replace_regexp_all('Hello, World!', 'o', '0'), " +
                "replace_regexp_all('Hello, World!', '^', 'here: '), replace_regexp_all('abc', '', '-'), " +
                "replace_regexp_one('2024-01-31', '(\\\\d+)-(\\\\d+)-(\\\\d+)', '\\\\3/\\\\2/\\\\1'), " +
                "replace_regexp_all('abc', 'b', '[\\\\0]')"));
        assertEquals("['a','bc','de','f']\t['a','b','c']\t['a','']\t1\t0\n",
            run("SELECT split_by_regexp('\\\\d+', 'a12bc23de345f'), split_by_regexp('', 'abc'), " +
                "split_by_regexp(',', 'a,'), multi_match_any('hello', ['^h', 'z']), multi_match_any('hello', ['z'])"));
        assertEquals("1\n", run("SELECT match('a\\nb', 'a.b')"));
        fails("SELECT match('a', '(')", 427, "Cannot compile regular expression");
        fails("SELECT extract_all_groups('a', 'a')", 36, "There are no groups in regexp");
    }

    @Test
    void paddingTrimmingAndSlicing()
    {
        assertEquals("xyxyabc\tabcxyxy\tab\t  abc\tabc  \tababab\t\t[   ]\n", run("SELECT lpad('abc', 7, 'xy'), " +
            "rpad('abc', 7, 'xy'), lpad('abc', 2), left_pad('abc', 5), rpad('abc', 5, ''), repeat('ab', 3), " +
            "repeat('ab', 0), concat('[', space(3), ']')"));
        assertEquals("[a  ]\t[  a]\tHel\tHe\tllo\tlo\tHi\n", run("SELECT concat('[', ltrim('  a  '), ']'), " +
            "concat('[', rtrim('  a  '), ']'), left('Hello', 3), left('Hello', -3), right('Hello', 3), " +
            "right('Hello', -3), left('Hi', 10)"));
        assertEquals("мир\tПривет\tве\tтевирП\tHello World, It\\'S Me\tA240\t0000\tR163\tT522\n",
            run("SELECT substring_utf8('Привет мир', 8), substring_utf8('Привет мир', 1, 6), " +
                "substring_utf8('Привет', -3, 2), reverse_utf8('Привет'), initcap('hello wORLD, it''s me'), " +
                "soundex('aksel'), soundex(''), soundex('Robert'), soundex('Tymczak')"));
        fails("SELECT lpad('a', 2000000)", 131, "is too big");
    }

    @Test
    void encodings()
    {
        assertEquals("616263\tFF\t0100\t00\tFF\t000000000000F03F\t0000803F\tabc\t0FFF\n", run("SELECT hex('abc'), " +
            "hex(255), hex(256), hex(0), hex(to_int8(-1)), hex(1.0), hex(to_float32(1)), unhex('616263'), " +
            "hex(unhex('fff'))"));
        assertEquals("SGVsbG8=\tHello\t\tJxF12TrwUP45BMd\tHello World\t61EFBFBD62\tабв\n",
            run("SELECT base64_encode('Hello'), base64_decode('SGVsbG8='), try_base64_decode('!!!'), " +
                "base58_encode('Hello World'), base58_decode('JxF12TrwUP45BMd'), " +
                "hex(to_valid_utf8(unhex('61F080808062'))), to_valid_utf8('абв')"));
        fails("SELECT base64_decode('!!!')", 117, "Failed to decode base64");
        fails("SELECT base58_decode('0OIl')", 36, "Invalid Base58");
    }

    @Test
    void formatting()
    {
        assertEquals("Hello World\tb a b\t{} 1\t1.00 B\t1.00 KiB\t183.92 MiB\t100.00\t1.23 million\n",
            run("SELECT format('{} {}', 'Hello', 'World'), format('{1} {0} {1}', 'a', 'b'), format('{{}} {}', 1), " +
                "format_readable_size(1), format_readable_size(1024), format_readable_size(192851925), " +
                "format_readable_quantity(100), format_readable_quantity(1234000)"));
        assertEquals("1 hour, 1 minute and 1 second\t0 seconds\t13 years, 8 months, 17 days, 7 hours, 48 minutes " +
            "and 54 seconds\t7209108 minutes and 54 seconds\n", run("SELECT format_readable_time_delta(3661), " +
            "format_readable_time_delta(0), format_readable_time_delta(432546534), " +
            "format_readable_time_delta(432546534, 'minutes')"));
    }

    @Test
    void functionsOverAStream()
    {
        run("CREATE STREAM s (id uint32, s string, p string, n nullable(string))");
        run("INSERT INTO s (id, s, p, n) VALUES (1, 'Hello, world', 'o', NULL), (2, 'abc', 'x', 'b'), " +
            "(3, '', '', 'zz')");
        assertEquals("1\t5\t1\tHeLLo, worLd\t['Hello',' world']\tELLO\tHello\t48656C6C6F2C20776F726C64\t1\n" +
                "2\t0\t0\tabc\t['abc']\tABC\t**abc\t616263\t0\n" +
                "3\t1\t0\t\t['']\t\t*****\t\t0\n",
            run("SELECT id, position(s, p), starts_with(s, 'He'), replace_all(s, 'l', 'L'), split_by_char(',', s), " +
                "upper(extract(s, '[a-z]+')), lpad(s, 5, '*'), hex(s), match(s, 'o.') FROM table(s) ORDER BY id"));
        assertEquals("1\t\\N\t\\N\t1\n2\t2\ta[b]c\t1\n3\t0\t\t0\n",
            run("SELECT id, position(s, n), replace_regexp_all(s, n, '[\\\\0]'), " +
                "multi_search_any(s, ['wor', 'b']) FROM table(s) ORDER BY id"));
    }
}
