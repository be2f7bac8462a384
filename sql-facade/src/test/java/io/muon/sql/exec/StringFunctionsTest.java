package io.muon.sql.exec;

import io.muon.sql.testing.SqlTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * normalizeQuery, which ClickHouse 18.16 lacks, with the results of ClickHouse's documentation and tests: literals and
 * runs of them, signs inside and after runs, complex names, comments, here-docs and text the lexer rejects.
 */
class StringFunctionsTest extends SqlTestBase
{
    @Test
    void normalizeQueryAsDocumented()
    {
        assertEquals("[?.., x]\n", run("SELECT normalizeQuery('[1, 2, 3, x]')"));
        assertEquals("SELECT ? AS `?`\tSELECT * FROM table WHERE id = ?\n", run("SELECT " +
            "normalizeQuery('SELECT 1 AS `aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee`'), " +
            "normalize_query('SELECT * FROM table WHERE id = 123')"));
        // a sign before a literal of a run belongs to it; before anything else it stays
        assertEquals("?, -col\t?, +col\t?, -x, ?\t?, -CAST(? AS UInt8)\tx IN (?, -col, ?)\t?..\n", run("SELECT " +
            "normalizeQuery('1, -col'), normalizeQuery('1, +col'), normalizeQuery('1, -x, 3'), " +
            "normalizeQuery('1, -CAST(2 AS UInt8)'), normalizeQuery('x IN (1, -col, 2)'), normalizeQuery('1, -2, 3')"));
    }

    @Test
    void normalizeQueryTokens()
    {
        // leading space dropped, comments (nested too) one space, names with 3 digits hidden, function names kept
        assertEquals("SELECT x1, `?`, sha224(x), f(?..) FROM t LIMIT ?\n", run("SELECT normalizeQuery('  SELECT  x1, " +
            "x123, sha224(x), f(1.5e3, \\'a\\'\\'b\\', 0x1F)  -- c\\n/* b /* nested */ */ FROM t LIMIT 10')"));
        assertEquals("SELECT `?` AS `?`, `x`\ta.?.. .? x.y\tSELECT ? || ?..\n", run("SELECT " +
            "normalizeQuery('SELECT \"with space\" AS `ab 1`, `x`'), normalizeQuery('a.1 1.5 .5 x.y'), " +
            "normalizeQuery('SELECT $$here$$ || $t$doc$t$, 1')"));
        // what the lexer rejects ends the text
        assertEquals("SELECT \tSELECT a \t\t\\N\n", run("SELECT normalizeQuery('SELECT \\'unclosed'), " +
            "normalizeQuery('SELECT a ! b'), normalizeQuery(''), normalizeQuery(NULL)"));
    }
}
