package io.muon.sql.parser;

import io.muon.kernel.MuonException;
import io.muon.sql.ast.Expr;
import io.muon.sql.ast.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class SqlParserTest
{
    static List<String> corpus(final String name) throws IOException
    {
        try (InputStream in = SqlParserTest.class.getResourceAsStream("/corpus/" + name))
        {
            final String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            final List<String> statements = new ArrayList<>();
            final StringBuilder current = new StringBuilder();
            for (final String line : text.split("\n", -1))
            {
                current.append(line).append('\n');
                if (line.endsWith(";"))
                {
                    statements.add(current.toString().trim());
                    current.setLength(0);
                }
            }
            return statements;
        }
    }

    @Test
    void everyCorpusStatementParsesPrintsAndReparsesToTheSameTree() throws IOException
    {
        final List<String> statements = corpus("valid.sql");
        assertTrue(statements.size() >= 200, "corpus size " + statements.size());
        final List<String> failures = roundTrips(statements);
        assertTrue(failures.isEmpty(), failures.size() + " failures:\n" + String.join("\n\n", failures));
    }

    /**
     * Every example statement of Proton's documentation pages that FEATURES.md names (collected verbatim, typos
     * included), parsed, printed and re-parsed.
     */
    @Test
    void everyProtonDocsExampleParsesPrintsAndReparses() throws IOException
    {
        final List<String> statements = corpus("proton-docs.sql");
        assertTrue(statements.size() >= 370, "corpus size " + statements.size());
        final List<String> failures = roundTrips(statements);
        assertTrue(failures.isEmpty(), failures.size() + " failures:\n" + String.join("\n\n", failures));
    }

    /** Docs examples outside the dialect (each with its reason in the file) fail cleanly, with a syntax error. */
    @Test
    void protonDocsExamplesOutsideTheDialectGetCleanSyntaxErrors() throws IOException
    {
        final List<String> statements = corpus("proton-docs-outside-dialect.sql");
        assertFalse(statements.isEmpty());
        for (final String sql : statements)
        {
            final MuonException error = assertThrows(MuonException.class, () -> SqlParser.parse(sql),
                "now parses, move it to proton-docs.sql: " + sql);
            assertEquals(62, error.code(), sql);
            assertTrue(error.getMessage().startsWith("Syntax error: failed at position "), error.getMessage());
        }
    }

    static List<String> roundTrips(final List<String> statements)
    {
        final List<String> failures = new ArrayList<>();
        for (final String sql : statements)
        {
            final Statement parsed;
            try
            {
                parsed = SqlParser.parse(sql);
            }
            catch (final MuonException e)
            {
                failures.add("cannot parse: " + sql + "\n" + e.toClickHouseText());
                continue;
            }
            final String printed = SqlPrinter.print(parsed);
            final Statement reparsed;
            try
            {
                reparsed = SqlParser.parse(printed);
            }
            catch (final MuonException e)
            {
                failures.add("cannot reparse the printed form of: " + sql + "\nprinted: " + printed + "\n" +
                    e.toClickHouseText());
                continue;
            }
            if (!parsed.equals(reparsed))
            {
                failures.add("round trip changed the tree of: " + sql + "\nprinted: " + printed);
            }
            else if (!printed.equals(SqlPrinter.print(reparsed)))
            {
                failures.add("printing is not stable: " + sql);
            }
        }
        return failures;
    }

    @Test
    void precedenceFollowsClickHouse()
    {
        assertEquals("(a OR (b AND (NOT c)))", wrap("a OR b AND NOT c"));
        assertEquals("((a + (b * c)) - d)", wrap("a + b * c - d"));
        assertEquals("((a || b) = c)", wrap("a || b = c"));
        assertEquals("((a = 1) AND (b BETWEEN 1 AND 2))", wrap("a = 1 AND b BETWEEN 1 AND 2"));
        assertEquals("((x > 1) ? a : b)", wrap("x > 1 ? a : b"));
        assertEquals("(-(a[1]))", wrap("-a[1]"));
        assertEquals("((a - (-1)) * 2)", wrap("(a - -1) * 2"));
    }

    private static String wrap(final String expression)
    {
        return "(" + SqlPrinter.print(SqlParser.parseExpression(expression)) + ")";
    }

    @Test
    void literalsAndNamesKeepTheirValues()
    {
        final Statement.Select select = (Statement.Select)SqlParser.parse(
            "SELECT 'it''s', 'a\\tb', `x``y`, \"q\", 5s, INTERVAL 3 MINUTES, 0x1F, -7");
        assertEquals(Expr.Literal.string("it's"), select.projection().get(0));
        assertEquals(Expr.Literal.string("a\tb"), select.projection().get(1));
        assertEquals(Expr.Identifier.of("x`y"), select.projection().get(2));
        assertEquals(Expr.Identifier.of("q"), select.projection().get(3));
        assertEquals(new Expr.Interval(Expr.Literal.integer(5), "SECOND"), select.projection().get(4));
        assertEquals(new Expr.Interval(Expr.Literal.integer(3), "MINUTE"), select.projection().get(5));
        assertEquals(new Expr.Literal(Expr.LiteralKind.INTEGER, "0x1F"), select.projection().get(6));
        assertEquals(new Expr.Literal(Expr.LiteralKind.INTEGER, "-7"), select.projection().get(7));
    }

    @Test
    void insertFormatKeepsTheRawData()
    {
        final Statement.Insert insert = (Statement.Insert)SqlParser.parse(
            "INSERT INTO s (a, b) FORMAT TabSeparated\n1\tx\n2\ty\n");
        assertEquals("TabSeparated", insert.format());
        assertEquals("1\tx\n2\ty\n", insert.data());
        final Statement.Insert json = (Statement.Insert)SqlParser.parse("INSERT INTO s FORMAT JSONEachRow {\"a\": 1}");
        assertEquals("{\"a\": 1}", json.data());
        assertEquals(insert, SqlParser.parse(SqlPrinter.print(insert)));
    }

    @Test
    void emitSynonymsOfProtonOneSixMeanTheSame()
    {
        final Statement.Select old = (Statement.Select)SqlParser.parse(
            "SELECT count() FROM tumble(s, 5s) GROUP BY window_start EMIT STREAM AFTER WATERMARK WITH DELAY 2s");
        final Statement.Select current = (Statement.Select)SqlParser.parse(
            "SELECT count() FROM tumble(s, 5s) GROUP BY window_start EMIT AFTER WINDOW CLOSE WITH DELAY 2s");
        assertEquals(current.emit(), old.emit());
    }

    @Test
    void scriptsSplitOnSemicolons()
    {
        final List<Statement> statements = SqlParser.parseAll("CREATE STREAM s (a int);; INSERT INTO s VALUES (1);\nSELECT * FROM s;");
        assertEquals(3, statements.size());
        assertTrue(SqlParser.parseAll("  ;  ").isEmpty());
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> syntaxErrors()
    {
        return java.util.stream.Stream.of(
            // like ClickHouse, FORM is read as an alias of a, so the error is at t
            org.junit.jupiter.params.provider.Arguments.of("SELECT a FORM t", 15, "'t'"),
            org.junit.jupiter.params.provider.Arguments.of("SELECT", 7, "end of query"),
            org.junit.jupiter.params.provider.Arguments.of("SELEC 1", 1, "'SELEC'"),
            org.junit.jupiter.params.provider.Arguments.of("SELECT (1, 2", 13, "end of query"),
            org.junit.jupiter.params.provider.Arguments.of("SELECT * FROM t WHERE", 22, "end of query"),
            org.junit.jupiter.params.provider.Arguments.of("CREATE STREAM s (a int,)", 24, "')'"),
            org.junit.jupiter.params.provider.Arguments.of("INSERT INTO s VALUES (1,", 25, "end of query"),
            org.junit.jupiter.params.provider.Arguments.of("SELECT 'unclosed", 8, "''unclosed'"),
            org.junit.jupiter.params.provider.Arguments.of("SELECT a FROM `t", 15, "'`t'"),
            org.junit.jupiter.params.provider.Arguments.of("SELECT a $ b", 10, "'$ b'"),
            org.junit.jupiter.params.provider.Arguments.of("DROP STREAM", 12, "end of query"),
            org.junit.jupiter.params.provider.Arguments.of("SELECT a FROM t LIMIT", 22, "end of query"));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("syntaxErrors")
    void syntaxErrorsNamePositionAndToken(final String sql, final int position, final String token)
    {
        final MuonException error = assertThrows(MuonException.class, () -> SqlParser.parse(sql));
        assertEquals(62, error.code());
        final String text = error.toClickHouseText();
        assertTrue(text.startsWith("Code: 62. DB::Exception: Syntax error: failed at position " + position + " (" +
            token + ")"), text);
    }

    @Test
    void positionsCountAcrossLines()
    {
        final MuonException error = assertThrows(MuonException.class, () -> SqlParser.parse("SELECT 1\nFROM t\nWHERE ,"));
        assertTrue(error.getMessage().startsWith("Syntax error: failed at position 23 (',') (line 3, col 7): ,"),
            error.getMessage());
    }

    @Test
    void jsonShortcutNeedsNoSpacesAndTernaryKeepsThem()
    {
        assertEquals(new Expr.Function("json_value", java.util.List.of(),
            java.util.List.of(Expr.Identifier.of("raw"), Expr.Literal.string("$.a.b")), false),
            SqlParser.parseExpression("raw:a.b"));
        assertEquals(new Expr.Ternary(Expr.Identifier.of("c"), Expr.Identifier.of("a"), Expr.Identifier.of("b")),
            SqlParser.parseExpression("c ? a : b"));
    }

    @Test
    void expectedTokensAreListed()
    {
        final MuonException error = assertThrows(MuonException.class, () -> SqlParser.parse("SELECT a FROM t WERE a = 1"));
        assertTrue(error.getMessage().contains("Expected one of: "), error.getMessage());
        assertTrue(error.getMessage().contains("WHERE"), error.getMessage());
        assertTrue(error.getMessage().contains("('a') (line 1, col 22): a = 1"), error.getMessage());
    }

    @Test
    void deepNestingIsACleanError()
    {
        final String deep = "SELECT " + "(".repeat(20_000) + "1" + ")".repeat(20_000);
        final MuonException error = assertThrows(MuonException.class, () -> SqlParser.parse(deep));
        assertTrue(error.code() == 62 || error.code() == 167, error.toClickHouseText());
    }

    @Test
    void fuzzedStatementsOnlyParseOrFailCleanly() throws IOException
    {
        final List<String> seeds = corpus("valid.sql");
        final String alphabet = "()[],.;:'\"`*+-/%=<>!?|# \n\tabcdefSELECTFROMWHERE0123456789_";
        final Random random = new Random(2026);
        for (int i = 0; i < 30_000; i++)
        {
            final StringBuilder text;
            if (i % 10 == 0)
            {
                text = new StringBuilder();
                for (int n = random.nextInt(60); n > 0; n--)
                {
                    text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            else
            {
                text = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
                for (int m = 0; m < 1 + random.nextInt(4) && text.length() > 0; m++)
                {
                    final int at = random.nextInt(text.length());
                    switch (random.nextInt(4))
                    {
                        case 0: text.deleteCharAt(at); break;
                        case 1: text.insert(at, alphabet.charAt(random.nextInt(alphabet.length()))); break;
                        case 2:
                        {
                            final int end = Math.min(text.length(), at + random.nextInt(10));
                            text.delete(at, end);
                            break;
                        }
                        default: text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                }
            }
            try
            {
                final List<Statement> parsed = SqlParser.parseAll(text.toString());
                for (final Statement statement : parsed)
                {
                    final String printed = SqlPrinter.print(statement);
                    assertEquals(statement, SqlParser.parse(printed), "round trip of fuzzed: " + text + "\nprinted: " + printed);
                }
            }
            catch (final MuonException expected)
            {
                assertTrue(expected.code() == 62 || expected.code() == 167, expected.toClickHouseText());
            }
        }
    }
}
