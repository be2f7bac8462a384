package io.muon.kernel.type;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.util.SqlText;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses type names in ClickHouse's spelling ({@code Nullable(String)}, {@code DateTime64(3, 'UTC')}), Proton's
 * ({@code nullable(string)}, {@code fixed_string(8)}, {@code low_cardinality(string)}) and the SQL aliases both accept
 * ({@code int}, {@code bigint}, {@code varchar}, {@code double}, {@code boolean}…). Family names are case-insensitive
 * and underscores in them are ignored. Errors are {@link MuonException}s with ClickHouse's codes: 50 for an unknown
 * family, 62 for broken syntax, 42 for wrong argument counts. Stateless; thread-safe.
 */
public final class TypeParser
{
    private static final Map<String, DataType> SIMPLE = new LinkedHashMap<>();

    static
    {
        alias(DataType.NOTHING, "nothing");
        alias(DataType.BOOL, "bool", "boolean");
        alias(DataType.INT8, "int8", "tinyint", "int1", "byte");
        alias(DataType.INT16, "int16", "smallint");
        alias(DataType.INT32, "int32", "int", "integer", "mediumint");
        alias(DataType.INT64, "int64", "bigint");
        alias(DataType.INT128, "int128");
        alias(DataType.INT256, "int256");
        alias(DataType.UINT8, "uint8");
        alias(DataType.UINT16, "uint16");
        alias(DataType.UINT32, "uint32", "uint");
        alias(DataType.UINT64, "uint64");
        alias(DataType.UINT128, "uint128");
        alias(DataType.UINT256, "uint256");
        alias(DataType.FLOAT32, "float32", "float", "real", "single");
        alias(DataType.FLOAT64, "float64", "double", "doubleprecision");
        alias(DataType.STRING, "string", "varchar", "text", "char", "character", "nchar", "nvarchar", "clob", "blob",
            "tinytext", "mediumtext", "longtext", "tinyblob", "mediumblob", "longblob", "bytea", "binary", "varbinary",
            "json");
        alias(DataType.UUID, "uuid");
        alias(DataType.IPV4, "ipv4");
        alias(DataType.IPV6, "ipv6");
        alias(DataType.DATE, "date");
        alias(DataType.DATE32, "date32");
    }

    private static void alias(final DataType type, final String... names)
    {
        for (final String name : names)
        {
            SIMPLE.put(name, type);
        }
    }

    private final String text;
    private int position;

    private TypeParser(final String text)
    {
        this.text = text;
    }

    /** Parses one complete type name. */
    public static DataType parse(final String text)
    {
        final TypeParser parser = new TypeParser(text);
        parser.skipSpace();
        final DataType type = parser.type();
        parser.skipSpace();
        if (parser.position != text.length())
        {
            throw parser.syntaxError("end of type name");
        }
        return type;
    }

    /** @return true if {@code name} (any case, underscores ignored) names a type family or alias. */
    public static boolean isTypeName(final String name)
    {
        final String family = normalize(name);
        return SIMPLE.containsKey(family) || parameterized(family);
    }

    private static boolean parameterized(final String family)
    {
        switch (family)
        {
            case "decimal": case "dec": case "numeric": case "decimal32": case "decimal64": case "decimal128":
            case "decimal256": case "fixedstring": case "datetime": case "timestamp": case "datetime64": case "array":
            case "map": case "tuple": case "nullable": case "lowcardinality": case "enum": case "enum8": case "enum16":
                return true;
            default:
                return false;
        }
    }

    private static String normalize(final String name)
    {
        return name.replace("_", "").toLowerCase(Locale.ROOT);
    }

    private DataType type()
    {
        final int start = position;
        String word = word();
        if (word.isEmpty())
        {
            throw syntaxError("type name");
        }
        String family = normalize(word);
        if (family.equals("double"))
        {
            final int save = position;
            skipSpace();
            final String next = word();
            if (normalize(next).equals("precision"))
            {
                family = "doubleprecision";
            }
            else
            {
                position = save;
            }
        }
        skipSpace();
        final boolean hasArguments = peek('(');
        final DataType simple = SIMPLE.get(family);
        if (simple != null)
        {
            if (hasArguments)
            {
                // SQL's display widths and lengths: INT(11), VARCHAR(255), FLOAT(24) mean nothing to us
                if (!(simple.id().isNumber() || simple.id() == TypeId.STRING))
                {
                    throw new MuonException(ErrorCodes.DATA_TYPE_CANNOT_HAVE_ARGUMENTS,
                        "Data type " + simple.clickHouseName() + " cannot have arguments");
                }
                skipBalanced();
            }
            return simple;
        }
        switch (family)
        {
            case "decimal": case "dec": case "numeric":
            {
                final List<Integer> args = hasArguments ? integers() : List.of(10, 0);
                argumentCount(word, args, 1, 2);
                return DataType.decimal(args.get(0), args.size() > 1 ? args.get(1) : 0);
            }
            case "decimal32": return decimalOf(word, 9);
            case "decimal64": return decimalOf(word, 18);
            case "decimal128": return decimalOf(word, 38);
            case "decimal256": return decimalOf(word, 76);
            case "fixedstring":
            {
                final List<Integer> args = integersRequired(word);
                argumentCount(word, args, 1, 1);
                return DataType.fixedString(args.get(0));
            }
            case "datetime": case "timestamp":
            {
                if (!hasArguments)
                {
                    return DataType.DATETIME;
                }
                expect('(');
                skipSpace();
                final String zone = peek(')') ? null : stringLiteral();
                skipSpace();
                expect(')');
                return DataType.dateTime(zone);
            }
            case "datetime64":
            {
                if (!hasArguments)
                {
                    return DataType.dateTime64(3, null);
                }
                expect('(');
                skipSpace();
                final int precision = integer();
                skipSpace();
                String zone = null;
                if (peek(','))
                {
                    position++;
                    skipSpace();
                    zone = stringLiteral();
                    skipSpace();
                }
                expect(')');
                return DataType.dateTime64(precision, zone);
            }
            case "array":
            {
                final List<DataType> args = typeArguments(word, null);
                argumentCount(word, args, 1, 1);
                return DataType.array(args.get(0));
            }
            case "map":
            {
                final List<DataType> args = typeArguments(word, null);
                argumentCount(word, args, 2, 2);
                return DataType.map(args.get(0), args.get(1));
            }
            case "nullable":
            {
                final List<DataType> args = typeArguments(word, null);
                argumentCount(word, args, 1, 1);
                return DataType.nullable(args.get(0));
            }
            case "lowcardinality":
            {
                final List<DataType> args = typeArguments(word, null);
                argumentCount(word, args, 1, 1);
                return DataType.lowCardinality(args.get(0));
            }
            case "tuple":
            {
                final List<String> names = new ArrayList<>();
                final List<DataType> args = typeArguments(word, names);
                final boolean named = names.stream().anyMatch(n -> n != null);
                if (named && names.stream().anyMatch(n -> n == null))
                {
                    throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Tuple elements must be all named or all unnamed");
                }
                return DataType.tuple(args, named ? names : null);
            }
            case "enum": case "enum8": case "enum16":
                return enumType(word, family);
            default:
                position = start;
                throw new MuonException(ErrorCodes.UNKNOWN_TYPE, "Unknown data type family: " + word);
        }
    }

    private DataType decimalOf(final String word, final int precision)
    {
        final List<Integer> args = integersRequired(word);
        argumentCount(word, args, 1, 1);
        return DataType.decimal(precision, args.get(0));
    }

    private DataType enumType(final String word, final String family)
    {
        if (!peek('('))
        {
            throw new MuonException(ErrorCodes.NUMBER_OF_ARGUMENTS_DOESNT_MATCH,
                "Enum data type cannot be empty");
        }
        expect('(');
        final Map<String, Integer> values = new LinkedHashMap<>();
        boolean explicit = false;
        int next = 1;
        while (true)
        {
            skipSpace();
            final String name = stringLiteral();
            skipSpace();
            int value;
            if (peek('='))
            {
                position++;
                skipSpace();
                value = integer();
                explicit = true;
                skipSpace();
            }
            else
            {
                if (explicit)
                {
                    throw syntaxError("'=' and a value for enum element '" + name + "'");
                }
                value = next;
            }
            next = value + 1;
            if (values.put(name, value) != null)
            {
                throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Duplicate name '" + name + "' in " + word);
            }
            if (peek(','))
            {
                position++;
                continue;
            }
            expect(')');
            break;
        }
        TypeId id;
        if (family.equals("enum8"))
        {
            id = TypeId.ENUM8;
        }
        else if (family.equals("enum16"))
        {
            id = TypeId.ENUM16;
        }
        else
        {
            final boolean fits8 = values.values().stream().allMatch(v -> v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE);
            id = fits8 ? TypeId.ENUM8 : TypeId.ENUM16;
        }
        return DataType.enumOf(id, values);
    }

    /** Type arguments; with {@code names} non-null, each may be preceded by an element name (tuples). */
    private List<DataType> typeArguments(final String word, final List<String> names)
    {
        if (!peek('('))
        {
            throw new MuonException(ErrorCodes.NUMBER_OF_ARGUMENTS_DOESNT_MATCH,
                "Data type " + word + " requires arguments");
        }
        expect('(');
        final List<DataType> types = new ArrayList<>();
        while (true)
        {
            skipSpace();
            String name = null;
            if (names != null)
            {
                name = elementName();
            }
            types.add(type());
            if (names != null)
            {
                names.add(name);
            }
            skipSpace();
            if (peek(','))
            {
                position++;
                continue;
            }
            expect(')');
            return types;
        }
    }

    /** A tuple element name if one stands before a type here, else null (position unchanged). */
    private String elementName()
    {
        final int save = position;
        String name;
        if (peek('`') || peek('"'))
        {
            name = quotedIdentifier();
        }
        else
        {
            name = word();
            if (name.isEmpty())
            {
                return null;
            }
        }
        final int afterName = position;
        skipSpace();
        if (position > afterName && Character.isLetter(current()) &&
            !(normalize(name).equals("double") && normalize(text.substring(position)).startsWith("precision")))
        {
            // "name Type": a word follows the name after a space
            return name;
        }
        position = save;
        return null;
    }

    private static void argumentCount(final String word, final List<?> args, final int min, final int max)
    {
        if (args.size() < min || args.size() > max)
        {
            throw new MuonException(ErrorCodes.NUMBER_OF_ARGUMENTS_DOESNT_MATCH, "Data type " + word + " takes " +
                (min == max ? Integer.toString(min) : min + " to " + max) + " arguments, got " + args.size());
        }
    }

    private List<Integer> integersRequired(final String word)
    {
        if (!peek('('))
        {
            throw new MuonException(ErrorCodes.NUMBER_OF_ARGUMENTS_DOESNT_MATCH, "Data type " + word + " requires arguments");
        }
        return integers();
    }

    private List<Integer> integers()
    {
        expect('(');
        final List<Integer> values = new ArrayList<>();
        while (true)
        {
            skipSpace();
            values.add(integer());
            skipSpace();
            if (peek(','))
            {
                position++;
                continue;
            }
            expect(')');
            return values;
        }
    }

    private int integer()
    {
        final int start = position;
        if (peek('-') || peek('+'))
        {
            position++;
        }
        while (position < text.length() && Character.isDigit(text.charAt(position)))
        {
            position++;
        }
        if (position == start || !Character.isDigit(text.charAt(position - 1)))
        {
            position = start;
            throw syntaxError("number");
        }
        try
        {
            return Integer.parseInt(text.substring(start, position));
        }
        catch (final NumberFormatException e)
        {
            throw new MuonException(ErrorCodes.ARGUMENT_OUT_OF_BOUND, "Number " + text.substring(start, position) +
                " is too large");
        }
    }

    private String stringLiteral()
    {
        if (!peek('\''))
        {
            throw syntaxError("string literal");
        }
        position++;
        final StringBuilder value = new StringBuilder();
        while (position < text.length())
        {
            final char c = text.charAt(position++);
            if (c == '\\' && position < text.length())
            {
                final char escaped = text.charAt(position++);
                switch (escaped)
                {
                    case 'n': value.append('\n'); break;
                    case 't': value.append('\t'); break;
                    case 'r': value.append('\r'); break;
                    case '0': value.append('\0'); break;
                    default: value.append(escaped);
                }
            }
            else if (c == '\'')
            {
                if (peek('\''))
                {
                    value.append('\'');
                    position++;
                }
                else
                {
                    return value.toString();
                }
            }
            else
            {
                value.append(c);
            }
        }
        throw syntaxError("closing quote");
    }

    private String quotedIdentifier()
    {
        final char quote = text.charAt(position++);
        final StringBuilder value = new StringBuilder();
        while (position < text.length())
        {
            final char c = text.charAt(position++);
            if (c == '\\' && position < text.length())
            {
                value.append(text.charAt(position++));
            }
            else if (c == quote)
            {
                if (peek(quote))
                {
                    value.append(quote);
                    position++;
                }
                else
                {
                    return value.toString();
                }
            }
            else
            {
                value.append(c);
            }
        }
        throw syntaxError("closing " + quote);
    }

    private String word()
    {
        final int start = position;
        while (position < text.length() &&
            (Character.isLetterOrDigit(text.charAt(position)) || text.charAt(position) == '_'))
        {
            position++;
        }
        return text.substring(start, position);
    }

    private void skipBalanced()
    {
        int depth = 0;
        do
        {
            if (position >= text.length())
            {
                throw syntaxError("')'");
            }
            final char c = text.charAt(position++);
            if (c == '(')
            {
                depth++;
            }
            else if (c == ')')
            {
                depth--;
            }
        }
        while (depth > 0);
    }

    private void skipSpace()
    {
        while (position < text.length() && Character.isWhitespace(text.charAt(position)))
        {
            position++;
        }
    }

    private boolean peek(final char c)
    {
        return position < text.length() && text.charAt(position) == c;
    }

    private char current()
    {
        return position < text.length() ? text.charAt(position) : '\0';
    }

    private void expect(final char c)
    {
        skipSpace();
        if (!peek(c))
        {
            throw syntaxError("'" + c + "'");
        }
        position++;
    }

    private MuonException syntaxError(final String expected)
    {
        final String token = position < text.length() ?
            text.substring(position, Math.min(text.length(), position + 20)) : "end of query";
        return new MuonException(ErrorCodes.SYNTAX_ERROR, "Syntax error: failed at position " + (position + 1) +
            " ('" + token + "'): " + text + ". Expected " + expected);
    }

    /** Appends a string literal in single quotes with ClickHouse's escaping. */
    static void quote(final StringBuilder out, final String value)
    {
        SqlText.appendString(out, value);
    }

    /** Appends an identifier, back-quoted unless it is a plain word. */
    static void identifier(final StringBuilder out, final String name)
    {
        SqlText.appendName(out, name, word -> false);
    }
}
