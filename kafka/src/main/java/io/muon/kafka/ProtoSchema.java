package io.muon.kafka;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The messages and enums of a {@code .proto} file (proto2 or proto3), parsed from its text: what ProtobufSingle needs
 * to read and write messages. Fields keep their declared type name; {@link #message} resolves message and enum
 * references (nested scopes first, then the file's top level, with or without the package). Imports, options,
 * services, reserved ranges and extensions are read and ignored. Immutable once parsed.
 */
final class ProtoSchema
{
    static final Set<String> SCALARS = Set.of("double", "float", "int32", "int64", "uint32", "uint64", "sint32",
        "sint64", "fixed32", "fixed64", "sfixed32", "sfixed64", "bool", "string", "bytes");

    /** A field; {@code type} a scalar name or a message or enum name; map fields have {@code keyType}. */
    record Field(String name, int number, String type, boolean repeated, String keyType, String scope)
    {
        boolean isMap()
        {
            return keyType != null;
        }
    }

    /** A message type by its full name (package and enclosing messages, dotted). */
    record Message(String fullName, List<Field> fields)
    {
    }

    private final boolean proto3;
    private final String packageName;
    private final Map<String, Message> messages = new LinkedHashMap<>();
    /** Message full names in declaration order: the file's top level under "", each message's nested ones under it. */
    private final Map<String, List<String>> declared = new HashMap<>();
    /** Enum full name to its values (number to name). */
    private final Map<String, Map<Integer, String>> enums = new HashMap<>();

    private final List<String> tokens;
    private int at;

    private ProtoSchema(final String text)
    {
        this.tokens = tokenize(text);
        String pkg = "";
        boolean three = false;
        while (at < tokens.size())
        {
            final String token = next();
            switch (token)
            {
                case "syntax", "edition" ->
                {
                    expect("=");
                    three = unquote(next()).equals("proto3");
                    expect(";");
                }
                case "package" ->
                {
                    pkg = next();
                    expect(";");
                }
                case "import", "option" -> skipStatement();
                case "message" -> parseMessage(pkg);
                case "enum" -> enumeration(pkg);
                case "service", "extend" -> skipBlock();
                case ";" ->
                {
                    // an empty statement
                }
                default -> throw error("unexpected '" + token + "'");
            }
        }
        this.proto3 = three;
        this.packageName = pkg;
    }

    /** Parses a {@code .proto} file's text; Code 434 (CANNOT_PARSE_PROTOBUF_SCHEMA) when it is not one. */
    static ProtoSchema parse(final String text)
    {
        try
        {
            return new ProtoSchema(text);
        }
        catch (final IndexOutOfBoundsException | NumberFormatException e)
        {
            throw new MuonException(ErrorCodes.CANNOT_PARSE_PROTOBUF_SCHEMA, "Cannot parse the Protobuf schema: " +
                "it ends early or has a bad number (" + e.getMessage() + ")");
        }
    }

    boolean proto3()
    {
        return proto3;
    }

    /** The message named {@code name} (simple or full name); Code 434 when there is none. */
    Message message(final String name)
    {
        final Message found = findMessage(name, "");
        if (found == null)
        {
            throw new MuonException(ErrorCodes.CANNOT_PARSE_PROTOBUF_SCHEMA, "The Protobuf schema has no message " +
                name + " (it has " + String.join(", ", messages.keySet()) + ")");
        }
        return found;
    }

    /**
     * The message a schema registry's message indexes name: the top-level message at the first index, then its
     * nested message at the next, and so on; Code 434 when there is none.
     */
    Message messageAt(final int[] indexes)
    {
        String scope = "";
        for (final int index : indexes)
        {
            final List<String> children = declared.getOrDefault(scope, List.of());
            if (index < 0 || index >= children.size())
            {
                throw new MuonException(ErrorCodes.CANNOT_PARSE_PROTOBUF_SCHEMA, "The Protobuf schema has no " +
                    "message at index " + index + (scope.isEmpty() ? "" : " in " + scope));
            }
            scope = children.get(index);
        }
        return messages.get(scope);
    }

    /** The message indexes of {@code message} (the inverse of {@link #messageAt}). */
    int[] indexesOf(final Message message)
    {
        final List<Integer> path = new ArrayList<>();
        String full = message.fullName();
        while (true)
        {
            final String parent = full.contains(".") && messages.containsKey(full.substring(0, full.lastIndexOf('.')))
                ? full.substring(0, full.lastIndexOf('.')) : "";
            path.add(0, declared.getOrDefault(parent, List.of()).indexOf(full));
            if (parent.isEmpty())
            {
                return path.stream().mapToInt(Integer::intValue).toArray();
            }
            full = parent;
        }
    }

    /** The message a field of {@code field.scope()} names, or null when it names an enum or nothing. */
    Message messageOf(final Field field)
    {
        return findMessage(field.type(), field.scope());
    }

    /** The values of the enum a field names (number to name), or null. */
    Map<Integer, String> enumOf(final Field field)
    {
        String scope = field.scope();
        while (true)
        {
            final Map<Integer, String> found = enums.get(scope.isEmpty() ? field.type() : scope + "." + field.type());
            if (found != null)
            {
                return found;
            }
            if (scope.isEmpty())
            {
                return byLastName(enums, field.type());
            }
            scope = scope.contains(".") ? scope.substring(0, scope.lastIndexOf('.')) : "";
        }
    }

    private Message findMessage(final String name, final String fromScope)
    {
        final String bare = name.startsWith(".") ? name.substring(1) : name;
        String scope = fromScope;
        while (true)
        {
            final Message found = messages.get(scope.isEmpty() ? bare : scope + "." + bare);
            if (found != null)
            {
                return found;
            }
            if (scope.isEmpty())
            {
                final Message inPackage = messages.get(packageName.isEmpty() ? bare : packageName + "." + bare);
                return inPackage != null ? inPackage : byLastName(messages, bare);
            }
            scope = scope.contains(".") ? scope.substring(0, scope.lastIndexOf('.')) : "";
        }
    }

    private static <T> T byLastName(final Map<String, T> map, final String name)
    {
        for (final Map.Entry<String, T> entry : map.entrySet())
        {
            if (entry.getKey().equals(name) || entry.getKey().endsWith("." + name))
            {
                return entry.getValue();
            }
        }
        return null;
    }

    private void parseMessage(final String scope)
    {
        final String name = next();
        final String full = scope.isEmpty() ? name : scope + "." + name;
        declared.computeIfAbsent(messages.containsKey(scope) ? scope : "", k -> new ArrayList<>()).add(full);
        final List<Field> fields = new ArrayList<>();
        // registered before its body: a field may name its own message (recursion is refused when mapped)
        messages.put(full, new Message(full, fields));
        expect("{");
        while (!peek().equals("}"))
        {
            final String token = next();
            switch (token)
            {
                case "message" -> parseMessage(full);
                case "enum" -> enumeration(full);
                case "option", "reserved", "extensions" -> skipStatement();
                case "extend" -> skipBlock();
                case "oneof" ->
                {
                    next();
                    expect("{");
                    while (!peek().equals("}"))
                    {
                        if (peek().equals("option"))
                        {
                            skipStatement();
                            continue;
                        }
                        fields.add(field(next(), false, full));
                    }
                    expect("}");
                }
                case ";" ->
                {
                    // an empty statement
                }
                case "repeated" -> fields.add(field(next(), true, full));
                case "optional", "required" -> fields.add(field(next(), false, full));
                default -> fields.add(field(token, false, full));
            }
        }
        expect("}");
        messages.put(full, new Message(full, List.copyOf(fields)));
    }

    private Field field(final String type, final boolean repeated, final String scope)
    {
        if (type.equals("map"))
        {
            expect("<");
            final String key = next();
            expect(",");
            final String value = next();
            expect(">");
            final String name = next();
            expect("=");
            final int number = Integer.parseInt(next());
            options();
            expect(";");
            return new Field(name, number, value, true, key, scope);
        }
        if (type.equals("group"))
        {
            throw error("groups are not supported");
        }
        final String name = next();
        expect("=");
        final int number = Integer.parseInt(next());
        if (number <= 0 || number > (1 << 29) - 1)
        {
            throw error("field " + name + " has number " + number + ", out of range");
        }
        options();
        expect(";");
        return new Field(name, number, type, repeated, null, scope);
    }

    /** Skips a field's {@code [packed = true, …]}. */
    private void options()
    {
        if (peek().equals("["))
        {
            while (!next().equals("]"))
            {
                // skipped
            }
        }
    }

    private void enumeration(final String scope)
    {
        final String name = next();
        final Map<Integer, String> values = new HashMap<>();
        expect("{");
        while (!peek().equals("}"))
        {
            final String token = next();
            if (token.equals("option") || token.equals("reserved"))
            {
                skipStatement();
                continue;
            }
            if (token.equals(";"))
            {
                continue;
            }
            expect("=");
            final int number = Integer.parseInt(next());
            options();
            expect(";");
            values.putIfAbsent(number, token);
        }
        expect("}");
        enums.put(scope.isEmpty() ? name : scope + "." + name, Map.copyOf(values));
    }

    private void skipStatement()
    {
        int depth = 0;
        while (true)
        {
            final String token = next();
            if (token.equals("{"))
            {
                depth++;
            }
            else if (token.equals("}"))
            {
                depth--;
            }
            else if (token.equals(";") && depth == 0)
            {
                return;
            }
        }
    }

    private void skipBlock()
    {
        while (!next().equals("{"))
        {
            // the block's header
        }
        int depth = 1;
        while (depth > 0)
        {
            final String token = next();
            depth += token.equals("{") ? 1 : token.equals("}") ? -1 : 0;
        }
    }

    private String next()
    {
        return tokens.get(at++);
    }

    private String peek()
    {
        return tokens.get(at);
    }

    private void expect(final String token)
    {
        final String found = next();
        if (!found.equals(token))
        {
            throw error("expected '" + token + "' but found '" + found + "'");
        }
    }

    private MuonException error(final String problem)
    {
        return new MuonException(ErrorCodes.CANNOT_PARSE_PROTOBUF_SCHEMA, "Cannot parse the Protobuf schema: " +
            problem + " (token " + at + ")");
    }

    private static String unquote(final String token)
    {
        return token.length() >= 2 && (token.charAt(0) == '"' || token.charAt(0) == '\'') ?
            token.substring(1, token.length() - 1) : token;
    }

    private static List<String> tokenize(final String text)
    {
        final List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length())
        {
            final char c = text.charAt(i);
            if (Character.isWhitespace(c))
            {
                i++;
            }
            else if (text.startsWith("//", i))
            {
                while (i < text.length() && text.charAt(i) != '\n')
                {
                    i++;
                }
            }
            else if (text.startsWith("/*", i))
            {
                final int end = text.indexOf("*/", i + 2);
                i = end < 0 ? text.length() : end + 2;
            }
            else if (c == '"' || c == '\'')
            {
                int end = i + 1;
                while (end < text.length() && text.charAt(end) != c)
                {
                    end += text.charAt(end) == '\\' ? 2 : 1;
                }
                tokens.add(text.substring(i, Math.min(end + 1, text.length())));
                i = end + 1;
            }
            else if (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '+')
            {
                int end = i;
                while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) ||
                    text.charAt(end) == '_' || text.charAt(end) == '.' || text.charAt(end) == '-' ||
                    text.charAt(end) == '+'))
                {
                    end++;
                }
                tokens.add(text.substring(i, end));
                i = end;
            }
            else
            {
                tokens.add(String.valueOf(c));
                i++;
            }
        }
        return tokens;
    }
}
