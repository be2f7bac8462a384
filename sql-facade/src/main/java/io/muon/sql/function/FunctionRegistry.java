package io.muon.sql.function;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.util.EditDistance;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every scalar and aggregate function the analyzer knows. A name is looked up case-insensitively with underscores
 * ignored, so Proton's {@code to_start_of_minute} and ClickHouse's {@code toStartOfMinute} find the same entry;
 * explicit aliases cover the names that differ ({@code uniq} for {@code unique}). Aggregates also take ClickHouse's
 * {@code -If} combinator ({@code sum_if}, {@code sumIf}). Immutable after construction; shared by all threads.
 */
public final class FunctionRegistry
{
    private static final FunctionRegistry INSTANCE = new FunctionRegistry();

    private final Map<String, FunctionSignature> byKey = new LinkedHashMap<>();
    private final Map<String, String> aliases = new TreeMap<>();

    private FunctionRegistry()
    {
        ScalarFunctions.register(this);
        AggregateFunctions.register(this);
    }

    public static FunctionRegistry instance()
    {
        return INSTANCE;
    }

    /** The lookup key of a function name: lower case without underscores. */
    static String key(final String name)
    {
        return name.replace("_", "").toLowerCase(Locale.ROOT);
    }

    FunctionSignature scalar(final String name, final String pattern, final FunctionSignature.ReturnType type)
    {
        return add(new FunctionSignature(name, FunctionSignature.Kind.SCALAR, pattern, type));
    }

    FunctionSignature aggregate(final String name, final String pattern, final FunctionSignature.ReturnType type)
    {
        return add(new FunctionSignature(name, FunctionSignature.Kind.AGGREGATE, pattern, type));
    }

    private FunctionSignature add(final FunctionSignature signature)
    {
        if (byKey.put(key(signature.name()), signature) != null)
        {
            throw new IllegalStateException("function registered twice: " + signature.name());
        }
        return signature;
    }

    /** Makes {@code alias} another name of the registered {@code name}. */
    void alias(final String alias, final String name)
    {
        if (!byKey.containsKey(key(name)))
        {
            throw new IllegalStateException("alias of an unknown function: " + name);
        }
        aliases.put(key(alias), name);
    }

    /** The function of a name (or alias), or null. */
    public FunctionSignature find(final String name)
    {
        final String key = key(name);
        final FunctionSignature direct = byKey.get(key);
        if (direct != null)
        {
            return direct;
        }
        final String target = aliases.get(key);
        return target == null ? null : byKey.get(key(target));
    }

    /**
     * The aggregate behind an {@code -If} form such as {@code sum_if} or {@code uniqExactIf}, or null when
     * {@code name} is not one.
     */
    public FunctionSignature findIfCombinator(final String name)
    {
        final String key = key(name);
        if (key.length() > 2 && key.endsWith("if"))
        {
            final FunctionSignature base = find(key.substring(0, key.length() - 2));
            if (base != null && base.isAggregate())
            {
                return base;
            }
        }
        return null;
    }

    /** The function, or Code 46 with the closest known names. */
    public FunctionSignature require(final String name)
    {
        final FunctionSignature signature = find(name);
        if (signature == null)
        {
            throw unknown(name);
        }
        return signature;
    }

    public MuonException unknown(final String name)
    {
        final List<String> hints = closest(name);
        return new MuonException(ErrorCodes.UNKNOWN_FUNCTION, "Unknown function " + name +
            (hints.isEmpty() ? "" : ". Maybe you meant: " + quoted(hints)));
    }

    /** Up to three registered names within a small edit distance of {@code name}, closest first. */
    public List<String> closest(final String name)
    {
        final String key = key(name);
        final int limit = Math.max(1, Math.min(3, key.length() / 3));
        final List<Map.Entry<Integer, String>> found = new ArrayList<>();
        for (final FunctionSignature signature : byKey.values())
        {
            final int distance = EditDistance.of(key, key(signature.name()));
            if (distance <= limit)
            {
                found.add(Map.entry(distance, signature.name()));
            }
        }
        found.sort(Map.Entry.comparingByKey());
        final List<String> names = new ArrayList<>();
        for (int i = 0; i < Math.min(3, found.size()); i++)
        {
            names.add(found.get(i).getValue());
        }
        return names;
    }

    /** {@code ['a','b']}, as ClickHouse prints hint lists. */
    public static String quoted(final List<String> names)
    {
        final StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < names.size(); i++)
        {
            text.append(i > 0 ? "," : "").append('\'').append(names.get(i)).append('\'');
        }
        return text.append(']').toString();
    }

    /** Every registered function, for {@code system.functions}. */
    public Collection<FunctionSignature> all()
    {
        return Collections.unmodifiableCollection(byKey.values());
    }

    /** Alias names (lookup keys) to canonical names. */
    public Map<String, String> aliases()
    {
        return Collections.unmodifiableMap(aliases);
    }
}
