package io.muon.perf.nexmark;

import io.muon.kernel.catalog.Catalog;
import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.stream.StreamStore;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.BytesVector;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;
import io.muon.sql.engine.Execution;
import io.muon.sql.engine.QueryCursor;
import io.muon.sql.engine.Session;
import io.muon.sql.engine.SqlEngine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Muon's side of the Nexmark comparison, in process: an engine over a data directory, the generated events
 * appended to the streams {@code person}, {@code auction} and {@code bid} (event time {@code date_time}; one last
 * event per stream, a minute later and matching nothing, closes the events' windows), then each
 * query run as a streaming query from the earliest row until it has produced every row it will, timed by wall
 * clock and by the process's CPU time.
 */
public final class NexmarkMuon implements AutoCloseable
{
    private static final int BATCH_ROWS = 65_536;
    private static final String EVENT_TIME = " SETTINGS event_time_column = 'date_time'";

    private final StreamStore store;
    private final SqlEngine engine;
    private final Session session = new Session(true);

    /** How one query ran. */
    public record Run(long rows, long wallNanos, long cpuNanos)
    {
    }

    public NexmarkMuon(final Path dir)
    {
        store = new StreamStore(dir, FilesFacade.DEFAULT);
        engine = new SqlEngine(Catalog.open(dir.resolve("catalog"), FilesFacade.DEFAULT), store);
    }

    /** Creates the three streams and appends events {@code [0, events)}; returns what was made. */
    public NexmarkQueries.EventCounts load(final NexmarkGenerator generator, final long events)
    {
        engine.execute("CREATE STREAM person (id int64, name string, email_address string, credit_card string, " +
            "city string, state string, date_time datetime64(3), extra string)" + EVENT_TIME, session);
        engine.execute("CREATE STREAM auction (id int64, item_name string, description string, initial_bid int64, " +
            "reserve int64, date_time datetime64(3), expires datetime64(3), seller int64, category int64, " +
            "extra string)" + EVENT_TIME, session);
        engine.execute("CREATE STREAM bid (auction int64, bidder int64, price int64, channel string, url string, " +
            "date_time datetime64(3), extra string)" + EVENT_TIME, session);
        final Loader loader = new Loader();
        for (long k = 0; k < events; k++)
        {
            generator.generate(k, loader);
        }
        // one event per stream a minute after the last, matching nothing, so that every window of the events
        // closes (Flink closes them at the end of its bounded input)
        final long after = loader.lastTimeMs + 60_000;
        loader.person(-1, "", "", "", "", "", after, "");
        loader.auction(-1, "", "", 0, 0, after, after, -2, -1, "");
        loader.bid(-1, -1, -1, "", "", after, "");
        loader.flushAll();
        // the compaction agent writes its parts now, so that it does not run beside the queries
        for (final String stream : List.of("person", "auction", "bid"))
        {
            engine.execute("OPTIMIZE STREAM " + stream, session);
        }
        return new NexmarkQueries.EventCounts(loader.persons, loader.auctions, loader.bids, loader.bidsOf123);
    }

    /**
     * Counts the rows {@code sql} produces over every event: runs it from the first row until it has read all the
     * rows of its streams and then produced nothing for a second (windows the events leave open emit nothing).
     */
    public long count(final String sql) throws InterruptedException
    {
        return collect(sql, null);
    }

    /**
     * Every row {@code sql} produces over every event, as TSV lines, in the order they came (until it has read all
     * the rows of its streams and produced nothing for a second).
     */
    public List<String> all(final String sql) throws InterruptedException
    {
        final List<String> lines = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        collect(sql, lines);
        synchronized (lines)
        {
            return new java.util.ArrayList<>(lines);
        }
    }

    private long collect(final String sql, final List<String> lines) throws InterruptedException
    {
        try (Execution execution = engine.start(sql + " SETTINGS seek_to = 'earliest', " +
            "enable_backfill_from_historical_store = 0", session, null, "default"))
        {
            final QueryCursor cursor = execution.cursor();
            final java.util.concurrent.atomic.AtomicLong rows = new java.util.concurrent.atomic.AtomicLong();
            final Thread reader = new Thread(() ->
            {
                try
                {
                    Batch batch;
                    while ((batch = cursor.next()) != null)
                    {
                        if (lines != null && batch.rows() > 0)
                        {
                            lines.addAll(List.of(io.muon.sql.engine.QueryResult.of(cursor.columns(), batch).toTsv()
                                .split("\n")));
                        }
                        rows.addAndGet(batch.rows());
                    }
                }
                catch (final io.muon.kernel.MuonException cancelled)
                {
                    // the count ends by cancelling the query
                }
            }, "nexmark-count");
            reader.setDaemon(true);
            reader.start();
            long lastRows = -1;
            long lastRead = -1;
            long quietSince = System.nanoTime();
            while (System.nanoTime() - quietSince < 1_000_000_000L)
            {
                Thread.sleep(50);
                final long read = cursor.readRows();
                if (rows.get() != lastRows || read != lastRead)
                {
                    lastRows = rows.get();
                    lastRead = read;
                    quietSince = System.nanoTime();
                }
            }
            cursor.cancel();
            reader.join(10_000);
            return rows.get();
        }
    }

    /** The first {@code count} rows {@code sql} produces as a streaming query from the first row, as TSV lines. */
    public List<String> rows(final String sql, final long count)
    {
        final List<String> lines = new java.util.ArrayList<>();
        try (Execution execution = engine.start(limited(sql, count) + " SETTINGS seek_to = 'earliest', " +
            "enable_backfill_from_historical_store = 0", session, null, "default"))
        {
            final QueryCursor cursor = execution.cursor();
            Batch batch;
            while (lines.size() < count && (batch = cursor.next()) != null)
            {
                lines.addAll(List.of(io.muon.sql.engine.QueryResult.of(cursor.columns(), batch).toTsv().split("\n")));
            }
        }
        return lines;
    }

    /** The rows of a bounded query, as TSV lines. */
    public List<String> bounded(final String sql)
    {
        final String tsv = engine.execute(sql, session).toTsv();
        return tsv.isEmpty() ? List.of() : List.of(tsv.split("\n"));
    }

    /** Runs {@code sql} until it produced {@code rows} rows. */
    public Run run(final String sql, final long rows)
    {
        final long cpuBefore = CpuTime.process();
        final long start = System.nanoTime();
        long seen = 0;
        // from the first row, tailing the log (the streaming path, not a bounded backfill scan)
        try (Execution execution = engine.start(limited(sql, rows) + " SETTINGS seek_to = 'earliest', " +
            "enable_backfill_from_historical_store = 0", session, null, "default"))
        {
            final QueryCursor cursor = execution.cursor();
            Batch batch;
            while (seen < rows && (batch = cursor.next()) != null)
            {
                seen += batch.rows();
            }
        }
        return new Run(seen, System.nanoTime() - start, CpuTime.process() - cpuBefore);
    }

    /** {@code sql} with {@code LIMIT rows}, before its outer EMIT clause when it has one (Proton's order). */
    private static String limited(final String sql, final long rows)
    {
        final int emit = sql.lastIndexOf(" EMIT ");
        return emit > sql.lastIndexOf(')') ? sql.substring(0, emit) + " LIMIT " + rows + sql.substring(emit) :
            sql + " LIMIT " + rows;
    }

    @Override
    public void close()
    {
        engine.close();
        store.close();
    }

    /** Columns of one stream being filled, appended a batch at a time. */
    private final class Table
    {
        private final String insert;
        private final List<DataType> types;
        private Batch batch;

        Table(final String insert)
        {
            this.insert = insert;
            // the columns as the INSERT takes them
            try (Execution execution = engine.start(insert, session, null, "default"))
            {
                this.types = execution.insert().columns().stream().map(c -> c.type()).toList();
            }
            this.batch = Batch.of(types, BATCH_ROWS);
        }

        Vector column(final int index)
        {
            return batch.column(index);
        }

        void rowDone()
        {
            batch.rows(batch.rows() + 1);
            if (batch.rows() == BATCH_ROWS)
            {
                flush();
            }
        }

        void flush()
        {
            if (batch.rows() == 0)
            {
                return;
            }
            try (Execution execution = engine.start(insert, session, null, "default"))
            {
                execution.insert().add(batch);
                execution.insert().commit();
            }
            batch = Batch.of(types, BATCH_ROWS);
        }
    }

    private static void text(final Vector column, final String value)
    {
        ((BytesVector)column).append(value.getBytes(StandardCharsets.UTF_8));
    }

    private static void number(final Vector column, final long value)
    {
        ((LongVector)column).append(value);
    }

    /** Appends generated events to their streams' batches. */
    private final class Loader implements NexmarkGenerator.Sink
    {
        final Table person = new Table("INSERT INTO person (id, name, email_address, credit_card, city, state, " +
            "date_time, extra) FORMAT Native");
        final Table auction = new Table("INSERT INTO auction (id, item_name, description, initial_bid, reserve, " +
            "date_time, expires, seller, category, extra) FORMAT Native");
        final Table bid = new Table("INSERT INTO bid (auction, bidder, price, channel, url, date_time, extra) " +
            "FORMAT Native");
        long persons;
        long auctions;
        long bids;
        long bidsOf123;
        long lastTimeMs;

        @Override
        public void person(final long id, final String name, final String emailAddress, final String creditCard,
            final String city, final String state, final long dateTimeMs, final String extra)
        {
            number(person.column(0), id);
            text(person.column(1), name);
            text(person.column(2), emailAddress);
            text(person.column(3), creditCard);
            text(person.column(4), city);
            text(person.column(5), state);
            number(person.column(6), dateTimeMs);
            text(person.column(7), extra);
            lastTimeMs = Math.max(lastTimeMs, dateTimeMs);
            person.rowDone();
            persons++;
        }

        @Override
        public void auction(final long id, final String itemName, final String description, final long initialBid,
            final long reserve, final long dateTimeMs, final long expiresMs, final long seller, final long category,
            final String extra)
        {
            number(auction.column(0), id);
            text(auction.column(1), itemName);
            text(auction.column(2), description);
            number(auction.column(3), initialBid);
            number(auction.column(4), reserve);
            number(auction.column(5), dateTimeMs);
            number(auction.column(6), expiresMs);
            number(auction.column(7), seller);
            number(auction.column(8), category);
            text(auction.column(9), extra);
            lastTimeMs = Math.max(lastTimeMs, dateTimeMs);
            auction.rowDone();
            auctions++;
        }

        @Override
        public void bid(final long auctionId, final long bidder, final long price, final String channel,
            final String url, final long dateTimeMs, final String extra)
        {
            number(bid.column(0), auctionId);
            number(bid.column(1), bidder);
            number(bid.column(2), price);
            text(bid.column(3), channel);
            text(bid.column(4), url);
            number(bid.column(5), dateTimeMs);
            text(bid.column(6), extra);
            lastTimeMs = Math.max(lastTimeMs, dateTimeMs);
            bid.rowDone();
            bids++;
            if (auctionId % 123 == 0)
            {
                bidsOf123++;
            }
        }

        void flushAll()
        {
            person.flush();
            auction.flush();
            bid.flush();
        }
    }
}
