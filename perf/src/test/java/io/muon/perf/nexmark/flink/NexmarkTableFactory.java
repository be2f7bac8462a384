package io.muon.perf.nexmark.flink;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.SourceProvider;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;

import java.util.Set;

/**
 * The table connector {@code 'connector' = 'muon-nexmark'}: nexmark-flink's source table over the events
 * {@link FlinkNexmark} made in memory, already in Flink's internal row format, as nexmark-flink's own connector
 * produces them.
 */
public final class NexmarkTableFactory implements DynamicTableSourceFactory
{
    @Override
    public String factoryIdentifier()
    {
        return "muon-nexmark";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions()
    {
        return Set.of();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions()
    {
        return Set.of();
    }

    @Override
    public DynamicTableSource createDynamicTableSource(final Context context)
    {
        return new Source((RowType)context.getPhysicalRowDataType().getLogicalType());
    }

    private static final class Source implements ScanTableSource
    {
        private final RowType type;

        Source(final RowType type)
        {
            this.type = type;
        }

        @Override
        public ChangelogMode getChangelogMode()
        {
            return ChangelogMode.insertOnly();
        }

        @Override
        public ScanRuntimeProvider getScanRuntimeProvider(final ScanContext context)
        {
            return SourceProvider.of(new DataGeneratorSource<RowData>(new FlinkNexmark.Lookup(),
                FlinkNexmark.eventCount(), InternalTypeInfo.of(type)));
        }

        @Override
        public DynamicTableSource copy()
        {
            return new Source(type);
        }

        @Override
        public String asSummaryString()
        {
            return "muon-nexmark";
        }
    }
}
