package io.muon.kafka;

import io.muon.kernel.catalog.CatalogObject;
import io.muon.kernel.type.DataType;
import io.muon.sql.external.ExternalReadOptions;
import io.muon.sql.external.ExternalReader;
import io.muon.sql.external.ExternalStreamType;
import io.muon.sql.external.ExternalWriter;
import io.muon.sql.plan.LogicalPlan;

import java.util.List;
import java.util.Map;

/**
 * {@code CREATE EXTERNAL STREAM … SETTINGS type='kafka'}: a Kafka (or Redpanda) topic read and written in place, as
 * Proton does it. Found by the engine through {@link java.util.ServiceLoader}. Stateless.
 */
public final class KafkaStreamType implements ExternalStreamType
{
    /** What a query may read of each message besides the declared columns, as Proton names and types them. */
    private static final List<LogicalPlan.Column> VIRTUAL = List.of(
        new LogicalPlan.Column("_tp_time", DataType.TP_TIME),
        new LogicalPlan.Column(KafkaSettings.MESSAGE_KEY, DataType.STRING),
        new LogicalPlan.Column(KafkaSettings.MESSAGE_HEADERS, DataType.map(DataType.STRING, DataType.STRING)),
        new LogicalPlan.Column("_tp_shard", DataType.INT32),
        new LogicalPlan.Column("_tp_sn", DataType.INT64));

    @Override
    public String type()
    {
        return "kafka";
    }

    @Override
    public List<LogicalPlan.Column> virtualColumns()
    {
        return VIRTUAL;
    }

    @Override
    public void validate(final CatalogObject stream)
    {
        MessageFormat.of(KafkaSettings.of(stream), Map.of());
    }

    @Override
    public ExternalReader reader(final CatalogObject stream, final List<LogicalPlan.Column> columns,
        final ExternalReadOptions options)
    {
        final KafkaSettings settings = KafkaSettings.of(stream);
        return new KafkaReader(settings, columns, options, MessageFormat.of(settings, options.settings()));
    }

    @Override
    public ExternalWriter writer(final CatalogObject stream)
    {
        final KafkaSettings settings = KafkaSettings.of(stream);
        return new KafkaWriter(settings, MessageFormat.of(settings, Map.of()), stream.columns().size());
    }
}
