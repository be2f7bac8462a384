package io.muon.sql.exec;

import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.BytesVector;
import io.muon.kernel.vector.Vector;

/**
 * {@code normalizeQuery(text)}: a query with its literals replaced by {@code ?}, a comma-separated run of literals by
 * {@code ?..}, whitespace and comments by one space, and "complex" names (36 bytes or longer, or with a space or more
 * than two digits: generated aliases, UUIDs) by {@code `?`}, as ClickHouse does. The text is split into tokens as
 * ClickHouse's lexer does for what matters here (whitespace, comments, numbers, strings, here-docs, quoted and bare
 * names, commas and signs); every other token is copied as it is, and a character the lexer rejects (or a quote
 * never closed) ends the result there. Works on the bytes in place; stateless.
 */
final class QueryNormalization
{
    private QueryNormalization()
    {
    }

    static void register()
    {
        Scalars.register(QueryNormalization::normalize, "normalize_query");
    }

    /** What a token is, for the normalization. */
    private enum Kind
    {
        SPACE,
        LITERAL,
        NAME,
        QUOTED_NAME,
        COMMA,
        SIGN,
        OTHER,
        ERROR
    }

    /** The scanner over one query: the current token's kind and end; the start is where the previous one ended. */
    private static final class Lexer
    {
        private byte[] s;
        private int end;
        int position;
        int tokenStart;
        Kind kind;
        /** Whether the last significant token ends an operand (so that a '.' after it is a member access). */
        private boolean afterOperand;

        /** Starts over on {@code s[from, end)}. */
        void reset(final byte[] s, final int from, final int end)
        {
            this.s = s;
            this.position = from;
            this.end = end;
            this.afterOperand = false;
        }

        /** Reads the next token; false at the end of the text. */
        boolean next()
        {
            tokenStart = position;
            if (position >= end)
            {
                return false;
            }
            final boolean number = isDigit(s[position]) || s[position] == '.';
            kind = scan();
            if (kind != Kind.SPACE)
            {
                // after a name, a number or a closing bracket, ".5" is a member access, not a number
                afterOperand = kind == Kind.LITERAL && number || kind == Kind.NAME || kind == Kind.QUOTED_NAME ||
                    kind == Kind.OTHER && (s[position - 1] == ')' || s[position - 1] == ']');
            }
            return true;
        }

        private Kind scan()
        {
            final int c = s[position] & 0xFF;
            if (isSpace(c))
            {
                while (position < end && isSpace(s[position] & 0xFF))
                {
                    position++;
                }
                return Kind.SPACE;
            }
            if (c >= '0' && c <= '9' || c == '.' && !afterOperand && position + 1 < end && isDigit(s[position + 1]))
            {
                return number();
            }
            if (isWordStart(c))
            {
                while (position < end && isWordPart(s[position] & 0xFF))
                {
                    position++;
                }
                return Kind.NAME;
            }
            switch (c)
            {
                case '\'':
                    return quoted((byte)'\'', Kind.LITERAL);
                case '"':
                case '`':
                    return quoted((byte)c, Kind.QUOTED_NAME);
                case ',':
                    position++;
                    return Kind.COMMA;
                case '+':
                    position++;
                    return Kind.SIGN;
                case '-':
                    if (at(1) == '-')
                    {
                        return lineComment();
                    }
                    position += at(1) == '>' ? 2 : 1;
                    return s[position - 1] == '>' ? Kind.OTHER : Kind.SIGN;
                case '/':
                    if (at(1) == '*')
                    {
                        return blockComment();
                    }
                    position++;
                    return Kind.OTHER;
                case '#':
                    if (at(1) == ' ' || at(1) == '!')
                    {
                        return lineComment();
                    }
                    return error();
                case '$':
                    return hereDoc();
                case '!':
                    return at(1) == '=' ? other(2) : error();
                case '|':
                    return at(1) == '|' ? other(2) : error();
                case '<':
                    return at(1) == '=' && at(2) == '>' ? other(3) : at(1) == '=' || at(1) == '>' ? other(2) : other(1);
                case '>':
                case '=':
                    return at(1) == '=' ? other(2) : other(1);
                case ':':
                    return at(1) == ':' ? other(2) : other(1);
                case '(':
                case ')':
                case '[':
                case ']':
                case '{':
                case '}':
                case ';':
                case '.':
                case '*':
                case '%':
                case '?':
                case '^':
                case '@':
                    return other(1);
                default:
                    return error();
            }
        }

        private int at(final int offset)
        {
            return position + offset < end ? s[position + offset] & 0xFF : -1;
        }

        private Kind other(final int length)
        {
            position += length;
            return Kind.OTHER;
        }

        private Kind error()
        {
            position = end;
            return Kind.ERROR;
        }

        private Kind number()
        {
            if (s[position] == '0' && (at(1) == 'x' || at(1) == 'X' || at(1) == 'b' || at(1) == 'B'))
            {
                position += 2;
                while (position < end && (Character.digit(s[position], 16) >= 0 || s[position] == '.' ||
                    s[position] == 'p' || s[position] == 'P' || (s[position] == '+' || s[position] == '-') &&
                    (s[position - 1] == 'p' || s[position - 1] == 'P')))
                {
                    position++;
                }
            }
            else
            {
                while (position < end && (isDigit(s[position]) || s[position] == '.'))
                {
                    position++;
                }
                if (position < end && (s[position] == 'e' || s[position] == 'E'))
                {
                    position++;
                    if (position < end && (s[position] == '+' || s[position] == '-'))
                    {
                        position++;
                    }
                    while (position < end && isDigit(s[position]))
                    {
                        position++;
                    }
                }
            }
            // a number glued to letters is no token ClickHouse accepts
            return position < end && isWordPart(s[position] & 0xFF) ? error() : Kind.LITERAL;
        }

        /** A quoted string or name: backslash escapes and a doubled quote stay inside; unclosed is an error. */
        private Kind quoted(final byte quote, final Kind what)
        {
            position++;
            while (position < end)
            {
                final byte b = s[position++];
                if (b == '\\')
                {
                    position++;
                }
                else if (b == quote)
                {
                    if (position < end && s[position] == quote)
                    {
                        position++;
                        continue;
                    }
                    return what;
                }
            }
            return error();
        }

        private Kind lineComment()
        {
            while (position < end && s[position] != '\n')
            {
                position++;
            }
            return Kind.SPACE;
        }

        /** A block comment, which may nest; an unclosed one is an error. */
        private Kind blockComment()
        {
            int depth = 0;
            while (position + 1 < end)
            {
                if (s[position] == '/' && s[position + 1] == '*')
                {
                    depth++;
                    position += 2;
                }
                else if (s[position] == '*' && s[position + 1] == '/')
                {
                    position += 2;
                    if (--depth == 0)
                    {
                        return Kind.SPACE;
                    }
                }
                else
                {
                    position++;
                }
            }
            return error();
        }

        /** {@code $tag$ … $tag$}, a string literal; anything else starting with '$' is an error. */
        private Kind hereDoc()
        {
            int tagEnd = position + 1;
            while (tagEnd < end && (isWordPart(s[tagEnd] & 0xFF) && s[tagEnd] != '$'))
            {
                tagEnd++;
            }
            if (tagEnd >= end || s[tagEnd] != '$')
            {
                return error();
            }
            final int tagLength = tagEnd + 1 - position;
            for (int i = tagEnd + 1; i + tagLength <= end; i++)
            {
                if (java.util.Arrays.equals(s, i, i + tagLength, s, position, position + tagLength))
                {
                    position = i + tagLength;
                    return Kind.LITERAL;
                }
            }
            return error();
        }

        private static boolean isSpace(final int c)
        {
            return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
        }

        private static boolean isDigit(final byte b)
        {
            return b >= '0' && b <= '9';
        }

        private static boolean isWordStart(final int c)
        {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80;
        }

        private static boolean isWordPart(final int c)
        {
            return isWordStart(c) || c >= '0' && c <= '9' || c == '$';
        }
    }

    /** A growable byte buffer whose bytes can be read in place. */
    private static final class Bytes extends java.io.ByteArrayOutputStream
    {
        byte[] array()
        {
            return buf;
        }
    }

    private static Vector normalize(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final BytesVector in = (BytesVector)a[0];
        final BytesVector out = (BytesVector)Vector.create(result, rows);
        final Lexer lexer = new Lexer();
        final Bytes text = new Bytes();
        final Bytes signs = new Bytes();
        for (int r = 0; r < rows; r++)
        {
            text.reset();
            if (nulls == null || !nulls[r])
            {
                normalize(in.data(), in.start(r), in.start(r) + in.length(r), lexer, text, signs);
            }
            out.append(text.array(), 0, text.size());
        }
        return out;
    }

    /** Writes the normalized text of {@code s[from, to)} to {@code out}; {@code signs} is scratch space. */
    private static void normalize(final byte[] s, final int from, final int to, final Lexer lexer, final Bytes out,
        final Bytes signs)
    {
        lexer.reset(s, from, to);
        signs.reset();
        boolean previousSpace = false;
        // a run of comma-separated literals: how many, and what is held back until it is known whether it goes on
        int literals = 0;
        boolean comma = false;
        boolean space = false;
        while (true)
        {
            // the end of the text, like a token the lexer rejects, closes a pending run of literals and stops
            final Kind kind = lexer.next() ? lexer.kind : Kind.ERROR;
            if (kind == Kind.SPACE)
            {
                // a run of whitespace and comments: one space, none at the start, held back inside a run of literals
                if (!previousSpace)
                {
                    if (literals == 0)
                    {
                        if (lexer.tokenStart != from)
                        {
                            out.write(' ');
                        }
                    }
                    else if (signs.size() > 0)
                    {
                        signs.write(' ');
                    }
                    else
                    {
                        space = true;
                    }
                }
                previousSpace = true;
                continue;
            }
            previousSpace = false;
            if (kind == Kind.LITERAL)
            {
                if (literals++ == 0)
                {
                    out.write('?');
                }
                // a sign before a literal of the run belongs to it
                signs.reset();
                space = false;
                comma = false;
                continue;
            }
            if (kind == Kind.COMMA && literals > 0)
            {
                comma = true;
                continue;
            }
            if (kind == Kind.SIGN && comma)
            {
                signs.write(s, lexer.tokenStart, lexer.position - lexer.tokenStart);
                continue;
            }
            if (kind != Kind.COMMA)
            {
                if (literals > 1)
                {
                    out.write('.');
                    out.write('.');
                }
                if (comma)
                {
                    out.write(',');
                }
                if (space)
                {
                    out.write(' ');
                }
                // signs after the run's last comma belong to what follows
                out.write(signs.array(), 0, signs.size());
                signs.reset();
                literals = 0;
                comma = false;
                space = false;
            }
            if (kind == Kind.ERROR)
            {
                return;
            }
            if (kind == Kind.QUOTED_NAME || kind == Kind.NAME && (lexer.position == to || s[lexer.position] != '('))
            {
                if (isComplexName(s, lexer.tokenStart, lexer.position))
                {
                    out.write('`');
                    out.write('?');
                    out.write('`');
                }
                else
                {
                    out.write(s, lexer.tokenStart, lexer.position - lexer.tokenStart);
                }
                continue;
            }
            out.write(s, lexer.tokenStart, lexer.position - lexer.tokenStart);
        }
    }

    /** A generated-looking name: 36 bytes or longer, or with whitespace or more than two digits. */
    private static boolean isComplexName(final byte[] s, final int from, final int to)
    {
        if (to - from >= 36)
        {
            return true;
        }
        int digits = 0;
        for (int i = from; i < to; i++)
        {
            if (Lexer.isSpace(s[i] & 0xFF) || s[i] >= '0' && s[i] <= '9' && ++digits > 2)
            {
                return true;
            }
        }
        return false;
    }
}
