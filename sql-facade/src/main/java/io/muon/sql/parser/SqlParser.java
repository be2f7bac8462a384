package io.muon.sql.parser;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.sql.ast.Expr;
import io.muon.sql.ast.Statement;

import java.io.StringReader;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses Muon's SQL dialect into {@link Statement}s. Every failure is a {@link MuonException} with ClickHouse's code
 * 62 and text, {@code Syntax error: failed at position N ('token') (line L, col C): rest of query. Expected one of: …};
 * no input makes it throw anything else or run without bound. Thread-safe (a new generated parser per call).
 */
public final class SqlParser
{
    /** Deepest expression nesting accepted; deeper input is a clean error rather than a stack overflow. */
    public static final int MAX_DEPTH = 1000;

    private SqlParser()
    {
    }

    /** Parses exactly one statement (an optional trailing semicolon is allowed). */
    public static Statement parse(final String sql)
    {
        return run(sql, SqlGrammar::singleStatement);
    }

    /** Parses a script of statements separated by semicolons. */
    public static List<Statement> parseAll(final String sql)
    {
        return run(sql, SqlGrammar::statements);
    }

    /** Parses a lone expression, as stored in the catalog for DEFAULT or TTL. */
    public static Expr parseExpression(final String sql)
    {
        return run(sql, SqlGrammar::standaloneExpression);
    }

    @FunctionalInterface
    private interface Production<T>
    {
        T apply(SqlGrammar grammar) throws ParseException;
    }

    private static <T> T run(final String sql, final Production<T> production)
    {
        final SqlGrammar grammar = new SqlGrammar(new StringReader(sql));
        grammar.text = sql;
        try
        {
            return production.apply(grammar);
        }
        catch (final ParseException e)
        {
            throw syntaxError(sql, e);
        }
        catch (final TokenMgrError e)
        {
            throw new MuonException(ErrorCodes.SYNTAX_ERROR, "Syntax error: " + lexicalMessage(sql, e));
        }
        catch (final StackOverflowError e)
        {
            throw new MuonException(ErrorCodes.TOO_DEEP_AST, "Syntax error: the query is nested too deeply");
        }
        catch (final MuonException e)
        {
            throw e;
        }
        catch (final RuntimeException e)
        {
            // a parser bug: keep the server up and say so
            throw new MuonException(ErrorCodes.LOGICAL_ERROR, "Parser failed on the query: " + e, e);
        }
    }

    private static MuonException syntaxError(final String sql, final ParseException e)
    {
        if (e.currentToken == null && e.getMessage() != null)
        {
            return new MuonException(ErrorCodes.SYNTAX_ERROR, "Syntax error: " + e.getMessage());
        }
        final Token bad = e.currentToken == null ? null : e.currentToken.next;
        final StringBuilder message = new StringBuilder("Syntax error: failed at position ");
        if (bad == null || bad.kind == SqlGrammarConstants.EOF)
        {
            message.append(sql.length() + 1).append(" (end of query)");
        }
        else
        {
            final int offset = offset(sql, bad.beginLine, bad.beginColumn);
            message.append(offset + 1).append(" ('").append(bad.image).append("') (line ").append(bad.beginLine)
                .append(", col ").append(bad.beginColumn).append("): ");
            final String rest = sql.substring(Math.min(offset, sql.length()));
            message.append(rest.length() > 100 ? rest.substring(0, 100) + "…" : rest);
        }
        final Set<String> expected = new LinkedHashSet<>();
        if (e.expectedTokenSequences != null)
        {
            for (final int[] sequence : e.expectedTokenSequences)
            {
                if (sequence.length > 0)
                {
                    expected.add(describe(sequence[0]));
                }
            }
        }
        if (!expected.isEmpty())
        {
            message.append(". Expected one of: ").append(String.join(", ", expected));
        }
        return new MuonException(ErrorCodes.SYNTAX_ERROR, message.toString());
    }

    private static String describe(final int kind)
    {
        switch (kind)
        {
            case SqlGrammarConstants.EOF: return "end of query";
            case SqlGrammarConstants.IDENTIFIER: return "identifier";
            case SqlGrammarConstants.BACKQUOTED: return "quoted identifier";
            case SqlGrammarConstants.DOUBLE_QUOTED: return "quoted identifier";
            case SqlGrammarConstants.STRING_LITERAL: return "string literal";
            case SqlGrammarConstants.INTEGER_LITERAL: return "number";
            case SqlGrammarConstants.FLOAT_LITERAL: return "number";
            case SqlGrammarConstants.SHORT_INTERVAL: return "interval";
            default:
                final String image = SqlGrammarConstants.tokenImage[kind];
                return image.startsWith("\"") ? image.substring(1, image.length() - 1) : image;
        }
    }

    private static String lexicalMessage(final String sql, final TokenMgrError e)
    {
        final int unclosed = unclosedQuote(sql);
        int offset;
        if (unclosed >= 0)
        {
            offset = unclosed;
        }
        else
        {
            // "Lexical error at line L, column C.  Encountered: …": C is the column of the unknown character
            final java.util.regex.Matcher m = java.util.regex.Pattern.compile("line (\\d+), column (\\d+)")
                .matcher(String.valueOf(e.getMessage()));
            offset = m.find() ? offset(sql, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))) : 0;
        }
        offset = Math.max(0, Math.min(sql.length(), offset));
        final String rest = sql.substring(offset);
        final String token = rest.isEmpty() ? "end of query" : rest.substring(0, Math.min(rest.length(), 20));
        return "failed at position " + (offset + 1) + " ('" + token + "'): " +
            (rest.length() > 100 ? rest.substring(0, 100) + "…" : rest) +
            (unclosed >= 0 ? ". Unclosed quote" : ". Unrecognized token");
    }

    /** Offset of a quote that is never closed (outside comments), or -1. */
    static int unclosedQuote(final String sql)
    {
        int i = 0;
        while (i < sql.length())
        {
            final char c = sql.charAt(i);
            if (c == '-' && sql.startsWith("--", i))
            {
                final int end = sql.indexOf('\n', i);
                i = end < 0 ? sql.length() : end + 1;
            }
            else if (c == '/' && sql.startsWith("/*", i))
            {
                final int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? sql.length() : end + 2;
            }
            else if (c == '\'' || c == '"' || c == '`')
            {
                final int start = i++;
                boolean closed = false;
                while (i < sql.length())
                {
                    final char d = sql.charAt(i++);
                    if (d == '\\')
                    {
                        i++;
                    }
                    else if (d == c)
                    {
                        if (i < sql.length() && sql.charAt(i) == c)
                        {
                            i++;
                        }
                        else
                        {
                            closed = true;
                            break;
                        }
                    }
                }
                if (!closed)
                {
                    return start;
                }
            }
            else
            {
                i++;
            }
        }
        return -1;
    }

    /** 0-based character offset of a 1-based line and column. */
    static int offset(final String sql, final int line, final int column)
    {
        int offset = 0;
        for (int l = 1; l < line && offset >= 0; l++)
        {
            offset = sql.indexOf('\n', offset) + 1;
        }
        return Math.max(0, offset + column - 1);
    }
}
