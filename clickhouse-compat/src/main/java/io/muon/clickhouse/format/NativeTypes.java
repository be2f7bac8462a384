package io.muon.clickhouse.format;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeId;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.Vector;
import io.muon.sql.exec.Conversions;
import io.muon.sql.plan.LogicalPlan;

import java.util.ArrayList;
import java.util.List;

/**
 * The types of Native blocks as peers see them: which type a client of a given protocol revision and version is
 * sent for a column ({@link #wireType}), which pairs of types hold the same bytes ({@link #needsConversion},
 * {@link #relabel}), and how a received block is matched to an INSERT's columns ({@link #toInsertBatch}). Stateless.
 */
public final class NativeTypes
{
    public static final int REVISION_WITH_TIME_ZONE_IN_DATETIME = 54337;
    public static final int REVISION_WITH_LOW_CARDINALITY = 54405;
    /**
     * ClickHouse's own programs (clickhouse-client and its kin announce themselves as "ClickHouse client" and so on,
     * with ClickHouse's version, 18.x and up) older than 20.1 know no DateTime64, IPv4/IPv6 or wide integers, and
     * older than 22.1 no Map, Bool or Date32: those are sent to them as types they know. Versions are {@code major *
     * 100 + minor}. Drivers announce versions of their own (clickhouse-driver for Python says "ClickHouse
     * python-driver" 20.10 and knows every type), so only the names of ClickHouse's programs count.
     */
    public static final int FIRST_CLICKHOUSE_CLIENT_VERSION = 1800;
    public static final int CLIENT_VERSION_WITH_MODERN_TYPES = 2001;
    public static final int CLIENT_VERSION_WITH_MAP_BOOL_DATE32 = 2201;

    private NativeTypes()
    {
    }

    /** ClickHouse's programs, as their Hello names them: only their version says which types they know. */
    private static final java.util.Set<String> CLICKHOUSE_PROGRAMS = java.util.Set.of("ClickHouse client",
        "ClickHouse benchmark", "ClickHouse server", "ClickHouse local");

    /**
     * The version ({@code major * 100 + minor}) to give {@link #wireType} for a client whose Hello says {@code name},
     * {@code major} and {@code minor}: its version when it is one of ClickHouse's own programs, else 0 (types by
     * revision only).
     */
    public static int clientVersion(final String name, final long major, final long minor)
    {
        return CLICKHOUSE_PROGRAMS.contains(name) ? (int)Math.min(Integer.MAX_VALUE, major * 100 + Math.min(99, minor)) :
            0;
    }

    /**
     * The type a peer of {@code revision} and {@code clientVersion} (see {@link #FIRST_CLICKHOUSE_CLIENT_VERSION}; 0
     * when unknown) is sent for a column of {@code type}: the type itself, or for older clients the nearest type they
     * know with the same bytes (Map as Array(Tuple), Bool as UInt8, IPv4 as UInt32, IPv6 as FixedString(16), Date32
     * as Int32, no LowCardinality before revision 54405, DateTime without a time zone before 54337) or, for
     * DateTime64 and wide integers, String text.
     */
    public static DataType wireType(final DataType type, final int revision, final int clientVersion)
    {
        final boolean clickHouseClient = clientVersion >= FIRST_CLICKHOUSE_CLIENT_VERSION;
        final boolean legacyTypes = clickHouseClient && clientVersion < CLIENT_VERSION_WITH_MODERN_TYPES;
        final boolean legacyMap = clickHouseClient && clientVersion < CLIENT_VERSION_WITH_MAP_BOOL_DATE32;
        if (revision == NativeBlockCodec.HTTP_REVISION)
        {
            return type;
        }
        switch (type.id())
        {
            case LOW_CARDINALITY:
            {
                final DataType inner = wireType(type.elements().get(0), revision, clientVersion);
                return revision < REVISION_WITH_LOW_CARDINALITY ? inner : DataType.lowCardinality(inner);
            }
            case NULLABLE:
            {
                final DataType inner = wireType(type.elements().get(0), revision, clientVersion);
                return inner.isNullable() ? inner : DataType.nullable(inner);
            }
            case ARRAY:
                return DataType.array(wireType(type.elements().get(0), revision, clientVersion));
            case MAP:
                if (legacyMap)
                {
                    return DataType.array(DataType.tuple(List.of(wireType(type.elements().get(0), revision,
                        clientVersion), wireType(type.elements().get(1), revision, clientVersion)), null));
                }
                return DataType.map(wireType(type.elements().get(0), revision, clientVersion),
                    wireType(type.elements().get(1), revision, clientVersion));
            case TUPLE:
            {
                final List<DataType> elements = new ArrayList<>();
                for (final DataType element : type.elements())
                {
                    elements.add(wireType(element, revision, clientVersion));
                }
                return DataType.tuple(elements, type.names());
            }
            case BOOL:
                return legacyMap ? DataType.UINT8 : type;
            case DATE32:
                return legacyMap ? DataType.INT32 : type;
            case IPV4:
                return legacyTypes ? DataType.UINT32 : type;
            case IPV6:
                return legacyTypes ? DataType.fixedString(16) : type;
            case DATETIME64:
            case INT128:
            case INT256:
            case UINT128:
            case UINT256:
                return legacyTypes ? DataType.STRING : type;
            case DATETIME:
                return revision < REVISION_WITH_TIME_ZONE_IN_DATETIME ? DataType.DATETIME : type;
            default:
                return type;
        }
    }

    /**
     * Whether values of {@code type} must be converted (not just relabelled) to be held as {@code other}: false for
     * equal types, a DateTime in another time zone, and the same-bytes pairs older clients get (Bool/UInt8,
     * Date32/Int32, IPv4/UInt32, IPv6/FixedString(16), Map/Array(Tuple)), also nested.
     */
    public static boolean needsConversion(final DataType type, final DataType other)
    {
        DataType a = stripLowCardinality(type);
        DataType b = stripLowCardinality(other);
        if (a.isNullable() != b.isNullable())
        {
            return true;
        }
        if (a.isNullable())
        {
            a = a.elements().get(0);
            b = b.elements().get(0);
        }
        final TypeId from = a.id();
        final TypeId to = b.id();
        if (from == to)
        {
            final List<DataType> x = a.elements();
            final List<DataType> y = b.elements();
            if (x != null && !x.isEmpty())
            {
                if (y == null || x.size() != y.size())
                {
                    return true;
                }
                for (int i = 0; i < x.size(); i++)
                {
                    if (needsConversion(x.get(i), y.get(i)))
                    {
                        return true;
                    }
                }
                return false;
            }
            return from != TypeId.DATETIME && !a.equals(b);
        }
        if (from == TypeId.MAP && to == TypeId.ARRAY || from == TypeId.ARRAY && to == TypeId.MAP)
        {
            final DataType map = from == TypeId.MAP ? a : b;
            final DataType pair = (from == TypeId.MAP ? b : a).elements().get(0);
            return pair.id() != TypeId.TUPLE || pair.elements().size() != 2 ||
                needsConversion(map.elements().get(0), pair.elements().get(0)) ||
                needsConversion(map.elements().get(1), pair.elements().get(1));
        }
        return !(sameBytes(from, to) || sameBytes(to, from)) || from == TypeId.IPV6 && b.fixedWidth() != 16 ||
            to == TypeId.IPV6 && a.fixedWidth() != 16;
    }

    private static boolean sameBytes(final TypeId a, final TypeId b)
    {
        return a == TypeId.BOOL && b == TypeId.UINT8 || a == TypeId.DATE32 && b == TypeId.INT32 ||
            a == TypeId.IPV4 && b == TypeId.UINT32 || a == TypeId.IPV6 && b == TypeId.FIXED_STRING;
    }

    /** A vector of {@code type} holding the rows of {@code vector}, whose type has the same bytes (see above). */
    public static Vector relabel(final Vector vector, final int rows, final DataType type)
    {
        final Vector out = Vector.create(type, Math.max(1, rows));
        for (int r = 0; r < rows; r++)
        {
            out.appendFrom(vector, r);
        }
        return out;
    }

    /** The type without LowCardinality anywhere in it: how vectors hold its values. */
    public static DataType stripLowCardinality(final DataType type)
    {
        return switch (type.id())
        {
            case LOW_CARDINALITY -> stripLowCardinality(type.elements().get(0));
            case ARRAY -> DataType.array(stripLowCardinality(type.elements().get(0)));
            case MAP -> DataType.map(stripLowCardinality(type.elements().get(0)),
                stripLowCardinality(type.elements().get(1)));
            case TUPLE ->
            {
                final List<DataType> elements = new ArrayList<>();
                for (final DataType element : type.elements())
                {
                    elements.add(stripLowCardinality(element));
                }
                yield DataType.tuple(elements, type.names());
            }
            default -> type;
        };
    }

    /**
     * Matches a block's columns to an INSERT's by name, converting those whose type differs and filling the columns
     * the block lacks with their defaults. Code 16 for a column the INSERT does not have.
     */
    public static Batch toInsertBatch(final NativeBlockCodec.Block block, final List<LogicalPlan.Column> columns)
    {
        final int rows = block.rows();
        final Vector[] vectors = new Vector[columns.size()];
        for (int i = 0; i < block.width(); i++)
        {
            final String name = block.names().get(i);
            int column = -1;
            for (int c = 0; c < columns.size(); c++)
            {
                if (columns.get(c).name().equals(name))
                {
                    column = c;
                }
            }
            if (column < 0)
            {
                throw new MuonException(ErrorCodes.NO_SUCH_COLUMN_IN_TABLE, "No such column " + name + " in the " +
                    "INSERT's columns");
            }
            final DataType target = columns.get(column).type();
            final DataType type = stripLowCardinality(block.types().get(i));
            try
            {
                final DataType plainTarget = stripLowCardinality(target);
                vectors[column] = type.equals(plainTarget) ? block.vectors()[i] :
                    !needsConversion(type, plainTarget) ? relabel(block.vectors()[i], rows, plainTarget) :
                    Conversions.convert(block.vectors()[i], rows, target, Conversions.Mode.CHECKED);
            }
            catch (final MuonException e)
            {
                throw new MuonException(e.code(), e.getMessage() + " (column '" + name + "' of type " +
                    block.types().get(i).clickHouseName() + " into " + target.clickHouseName() + ")");
            }
        }
        for (int c = 0; c < vectors.length; c++)
        {
            if (vectors[c] == null)
            {
                final DataType type = columns.get(c).type();
                vectors[c] = Vector.create(type, rows);
                for (int r = 0; r < rows; r++)
                {
                    vectors[c].appendNull();
                    if (!type.holdsNull() && vectors[c].type().holdsNull())
                    {
                        vectors[c].setNull(r, false);
                    }
                }
            }
        }
        return new Batch(vectors, rows);
    }
}
