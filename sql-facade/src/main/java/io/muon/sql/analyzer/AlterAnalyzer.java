package io.muon.sql.analyzer;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.catalog.CatalogObject;
import io.muon.kernel.catalog.ColumnEntry;
import io.muon.kernel.catalog.ObjectKind;
import io.muon.sql.ast.Statement;
import io.muon.sql.parser.SqlPrinter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Applies ALTER STREAM actions to a catalog object, checking each as ClickHouse does. */
public final class AlterAnalyzer
{
    /** Settings that cannot change after creation. */
    private static final Set<String> FIXED_SETTINGS = Set.of("mode", "shards", "version_column", "type", "brokers",
        "topic", io.muon.kernel.log.LogSettings.SEGMENT_BYTES);

    private AlterAnalyzer()
    {
    }

    public static CatalogObject apply(final CatalogObject object, final Statement.Alter alter)
    {
        final List<ColumnEntry> columns = new ArrayList<>(object.columns());
        final Map<String, String> settings = new LinkedHashMap<>(object.settings());
        String ttl = object.ttl();
        for (final Statement.AlterAction action : alter.actions())
        {
            if (action instanceof Statement.AddColumn add)
            {
                final ColumnEntry column = DdlAnalyzer.column(add.column(), columns);
                if (indexOf(columns, column.name()) >= 0)
                {
                    if (add.ifNotExists())
                    {
                        continue;
                    }
                    throw new MuonException(ErrorCodes.DUPLICATE_COLUMN, "Cannot add column " + column.name() +
                        ": column with this name already exists");
                }
                checkNotHidden(column.name());
                int at = columns.size();
                if (add.after() != null)
                {
                    at = add.after().isEmpty() ? 0 : indexOf(columns, add.after()) + 1;
                    if (at == 0 && !add.after().isEmpty())
                    {
                        throw noSuchColumn(add.after(), "to insert after");
                    }
                }
                else if (indexOf(columns, DdlAnalyzer.TP_TIME) >= 0)
                {
                    at = indexOf(columns, DdlAnalyzer.TP_TIME); // user columns stay before the hidden ones
                }
                columns.add(at, column);
            }
            else if (action instanceof Statement.DropColumn drop)
            {
                final int at = indexOf(columns, drop.name());
                if (at < 0)
                {
                    if (drop.ifExists())
                    {
                        continue;
                    }
                    throw noSuchColumn(drop.name(), "to drop");
                }
                checkNotHidden(drop.name());
                columns.remove(at);
            }
            else if (action instanceof Statement.ModifyColumn modify)
            {
                final int at = indexOf(columns, modify.column().name());
                if (at < 0)
                {
                    if (modify.ifExists())
                    {
                        continue;
                    }
                    throw noSuchColumn(modify.column().name(), "to modify");
                }
                checkNotHidden(modify.column().name());
                final ColumnEntry old = columns.get(at);
                final ColumnEntry updated = modify.column().type() == null ?
                    new ColumnEntry(old.name(), old.type(), old.defaultExpression(), old.codec(),
                        modify.column().comment() != null ? modify.column().comment() : old.comment()) :
                    DdlAnalyzer.column(modify.column(), columns);
                columns.set(at, updated);
            }
            else if (action instanceof Statement.RenameColumn rename)
            {
                final int at = indexOf(columns, rename.from());
                if (at < 0)
                {
                    if (rename.ifExists())
                    {
                        continue;
                    }
                    throw noSuchColumn(rename.from(), "to rename");
                }
                checkNotHidden(rename.from());
                checkNotHidden(rename.to());
                if (indexOf(columns, rename.to()) >= 0)
                {
                    throw new MuonException(ErrorCodes.DUPLICATE_COLUMN, "Cannot rename column to " + rename.to() +
                        ": column with this name already exists");
                }
                final ColumnEntry old = columns.get(at);
                columns.set(at, new ColumnEntry(rename.to(), old.type(), old.defaultExpression(), old.codec(), old.comment()));
            }
            else if (action instanceof Statement.ModifyTtl modifyTtl)
            {
                ttl = SqlPrinter.print(modifyTtl.ttl());
            }
            else if (action instanceof Statement.RemoveTtl)
            {
                ttl = null;
            }
            else if (action instanceof Statement.ModifySetting modify)
            {
                for (final Statement.Setting setting : modify.settings())
                {
                    if (FIXED_SETTINGS.contains(setting.name()))
                    {
                        throw new MuonException(ErrorCodes.READONLY_SETTING, "Setting " + setting.name() +
                            " cannot be changed after the " + object.kind().noun() + " is created");
                    }
                    if (!(setting.value() instanceof io.muon.sql.ast.Expr.Literal literal))
                    {
                        throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Setting " + setting.name() + " needs a literal value");
                    }
                    settings.put(setting.name(), StreamSettings.check(object.kind(), setting.name(), literal.text()));
                }
            }
            else if (action instanceof Statement.ResetSetting reset)
            {
                for (final String name : reset.names())
                {
                    if (FIXED_SETTINGS.contains(name))
                    {
                        throw new MuonException(ErrorCodes.READONLY_SETTING, "Setting " + name +
                            " cannot be changed after the " + object.kind().noun() + " is created");
                    }
                    settings.remove(name);
                }
            }
        }
        if (object.kind() == ObjectKind.EXTERNAL_STREAM && !columns.equals(object.columns()))
        {
            throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "Columns of an external stream are fixed; re-create it");
        }
        return new CatalogObject(object.kind(), object.database(), object.name(), object.id(), object.schemaVersion(),
            columns, object.mode(), object.orderBy(), object.partitionBy(), object.primaryKey(), ttl, settings,
            object.query(), object.target(), object.comment());
    }

    private static int indexOf(final List<ColumnEntry> columns, final String name)
    {
        for (int i = 0; i < columns.size(); i++)
        {
            if (columns.get(i).name().equals(name))
            {
                return i;
            }
        }
        return -1;
    }

    private static void checkNotHidden(final String name)
    {
        if (name.startsWith("_tp_"))
        {
            throw new MuonException(ErrorCodes.ILLEGAL_COLUMN, "Column " + name + " is a hidden column and cannot be altered");
        }
    }

    private static MuonException noSuchColumn(final String name, final String what)
    {
        return new MuonException(ErrorCodes.NO_SUCH_COLUMN_IN_TABLE, "Wrong column name. Cannot find column " + name +
            " " + what);
    }
}
