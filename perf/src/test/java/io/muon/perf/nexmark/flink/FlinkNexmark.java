package io.muon.perf.nexmark.flink;

import io.muon.perf.nexmark.CpuTime;
import io.muon.perf.nexmark.NexmarkGenerator;
import io.muon.perf.nexmark.NexmarkQueries;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;

/**
 * Apache Flink's side of the Nexmark comparison: a local Flink (parallelism 1) running nexmark-flink's DDL, views
 * and queries over the same generated events, made before the clock starts in Flink's internal row format and read
 * from memory by the {@code muon-nexmark} table connector (as Muon reads its already written log), into blackhole
 * sinks.
 */
public final class FlinkNexmark
{
    /** nexmark-flink's source table, with the connector swapped for the in-memory one. */
    private static final String SOURCE_DDL = "CREATE TEMPORARY TABLE datagen (" +
        "event_type INT, " +
        "person ROW<id BIGINT, name VARCHAR, emailAddress VARCHAR, creditCard VARCHAR, city VARCHAR, " +
        "state VARCHAR, `dateTime` TIMESTAMP(3), extra VARCHAR>, " +
        "auction ROW<id BIGINT, itemName VARCHAR, description VARCHAR, initialBid BIGINT, reserve BIGINT, " +
        "`dateTime` TIMESTAMP(3), expires TIMESTAMP(3), seller BIGINT, category BIGINT, extra VARCHAR>, " +
        "bid ROW<auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR, " +
        "`dateTime` TIMESTAMP(3), extra VARCHAR>, " +
        "`dateTime` AS CASE WHEN event_type = 0 THEN person.`dateTime` WHEN event_type = 1 THEN " +
        "auction.`dateTime` ELSE bid.`dateTime` END, " +
        "WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND" +
        ") WITH ('connector' = 'muon-nexmark')";

    /** The events, made once; the source's function looks them up by index in this JVM. */
    private static RowData[] events;

    /** Clock and CPU time when the source took the first event and when it took the last. */
    private static volatile long firstNanos;
    private static volatile long firstCpu;
    private static volatile long lastNanos;
    private static volatile long lastCpu;

    /** How one query ran, from its first event to its last (the job's start and end left out). */
    public record Run(long wallNanos, long cpuNanos)
    {
    }

    private FlinkNexmark()
    {
    }

    static long eventCount()
    {
        return events.length;
    }

    /** Makes events {@code [0, count)} as nexmark-flink's source rows: (event_type, person, auction, bid). */
    public static void generate(final NexmarkGenerator generator, final int count)
    {
        final RowData[] rows = new RowData[count];
        final int[] at = {0};
        final NexmarkGenerator.Sink sink = new NexmarkGenerator.Sink()
        {
            @Override
            public void person(final long id, final String name, final String emailAddress,
                final String creditCard, final String city, final String state, final long dateTimeMs,
                final String extra)
            {
                rows[at[0]] = GenericRowData.of(NexmarkGenerator.PERSON, GenericRowData.of(id, text(name),
                    text(emailAddress), text(creditCard), text(city), text(state), time(dateTimeMs), text(extra)),
                    null, null);
            }

            @Override
            public void auction(final long id, final String itemName, final String description,
                final long initialBid, final long reserve, final long dateTimeMs, final long expiresMs,
                final long seller, final long category, final String extra)
            {
                rows[at[0]] = GenericRowData.of(NexmarkGenerator.AUCTION, null, GenericRowData.of(id, text(itemName),
                    text(description), initialBid, reserve, time(dateTimeMs), time(expiresMs), seller, category,
                    text(extra)), null);
            }

            @Override
            public void bid(final long auction, final long bidder, final long price, final String channel,
                final String url, final long dateTimeMs, final String extra)
            {
                rows[at[0]] = GenericRowData.of(NexmarkGenerator.BID, null, null, GenericRowData.of(auction, bidder,
                    price, text(channel), text(url), time(dateTimeMs), text(extra)));
            }
        };
        for (int k = 0; k < count; k++)
        {
            at[0] = k;
            generator.generate(k, sink);
        }
        events = rows;
    }

    private static StringData text(final String value)
    {
        return StringData.fromString(value);
    }

    private static TimestampData time(final long ms)
    {
        return TimestampData.fromEpochMillis(ms);
    }

    /**
     * Looks the events up by index (only the index goes over the wire), noting the times of the first and the last:
     * the source, the query and the sink are chained in one task thread, so the span between them is the query's
     * processing, without the job's start and end.
     */
    static final class Lookup implements GeneratorFunction<Long, RowData>
    {
        @Override
        public RowData map(final Long index)
        {
            final int at = (int)(long)index;
            if (at == 0)
            {
                firstNanos = System.nanoTime();
                firstCpu = CpuTime.process();
            }
            else if (at == events.length - 1)
            {
                lastNanos = System.nanoTime();
                lastCpu = CpuTime.process();
            }
            return events[at];
        }
    }

    /** Runs one query over all the events, to the end of its input. */
    public static Run run(final NexmarkQueries query) throws Exception
    {
        final StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        final StreamTableEnvironment tables = StreamTableEnvironment.create(env);
        tables.executeSql(SOURCE_DDL);
        // nexmark-flink's views over its one source table
        tables.executeSql("CREATE TEMPORARY VIEW person AS SELECT person.id, person.name, person.emailAddress, " +
            "person.creditCard, person.city, person.state, `dateTime`, person.extra FROM datagen " +
            "WHERE event_type = 0");
        tables.executeSql("CREATE TEMPORARY VIEW auction AS SELECT auction.id, auction.itemName, " +
            "auction.description, auction.initialBid, auction.reserve, `dateTime`, auction.expires, " +
            "auction.seller, auction.category, auction.extra FROM datagen WHERE event_type = 1");
        tables.executeSql("CREATE TEMPORARY VIEW bid AS SELECT bid.auction, bid.bidder, bid.price, bid.channel, " +
            "bid.url, `dateTime`, bid.extra FROM datagen WHERE event_type = 2");
        tables.executeSql("CREATE TEMPORARY TABLE sink (" + query.flinkSink() + ") WITH ('connector' = 'blackhole')");
        tables.executeSql(query.flinkSql()).await();
        // the last event was taken before the job ended; processing it is the tail the span leaves out, one event
        return new Run(lastNanos - firstNanos, lastCpu - firstCpu);
    }
}
