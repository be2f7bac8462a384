package io.muon.sql.external;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.catalog.CatalogObject;
import io.muon.kernel.catalog.ColumnEntry;
import io.muon.kernel.catalog.ObjectKind;
import io.muon.sql.plan.LogicalPlan;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * The kinds of external stream on the class path ({@link ExternalStreamType}s found by {@link ServiceLoader} once),
 * and the columns a query of an external stream sees.
 */
public final class ExternalStreams
{
    private static final Map<String, ExternalStreamType> TYPES = load();

    private ExternalStreams()
    {
    }

    private static Map<String, ExternalStreamType> load()
    {
        final Map<String, ExternalStreamType> types = new TreeMap<>();
        for (final ExternalStreamType type : ServiceLoader.load(ExternalStreamType.class,
            ExternalStreams.class.getClassLoader()))
        {
            types.put(type.type(), type);
        }
        return Map.copyOf(types);
    }

    /** Whether {@code object} is an external stream. */
    public static boolean isExternal(final CatalogObject object)
    {
        return object.kind() == ObjectKind.EXTERNAL_STREAM;
    }

    /** The kind of the external stream {@code stream}; Code 36 when its type is not one Muon has. */
    public static ExternalStreamType of(final CatalogObject stream)
    {
        final String type = stream.settings().get("type");
        if (type == null)
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "External stream " + stream.qualifiedName() +
                " needs the setting type (one of: " + String.join(", ", TYPES.keySet()) + ")");
        }
        final ExternalStreamType found = TYPES.get(type.trim().toLowerCase(Locale.ROOT));
        if (found == null)
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Unknown external stream type '" + type + "' of " +
                stream.qualifiedName() + (TYPES.isEmpty() ? ": this server has no external stream types" :
                "; known types: " + String.join(", ", TYPES.keySet())));
        }
        return found;
    }

    /**
     * What a query of {@code stream} reads: its declared columns, then the virtual columns of its type it does not
     * declare itself (among them {@code _tp_sn}, last).
     */
    public static List<LogicalPlan.Column> scanColumns(final CatalogObject stream)
    {
        final List<LogicalPlan.Column> columns = new ArrayList<>();
        final Set<String> declared = new HashSet<>();
        for (final ColumnEntry column : stream.columns())
        {
            columns.add(new LogicalPlan.Column(column.name(), column.type()));
            declared.add(column.name());
        }
        for (final LogicalPlan.Column virtual : of(stream).virtualColumns())
        {
            if (!declared.contains(virtual.name()))
            {
                columns.add(virtual);
            }
        }
        return columns;
    }
}
