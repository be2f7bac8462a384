package io.muon.perf.nexmark;

import java.util.List;

/**
 * The Nexmark queries Muon runs today, in Muon's dialect beside the Flink SQL of nexmark-flink. q3, q5, q7 and q8
 * join streams (q5 joins two aggregations), which waits for Muon's streaming joins.
 *
 * @param name     q0, q1, …
 * @param muon     over the streams {@code bid}, {@code auction}, {@code person} (the runner adds LIMIT and SETTINGS)
 * @param flinkSql an INSERT into the blackhole sink {@code sink}, over nexmark-flink's views
 * @param flinkSink the sink's columns
 */
public record NexmarkQueries(String name, String muon, String flinkSql, String flinkSink)
{
    public static List<NexmarkQueries> all()
    {
        return List.of(
            new NexmarkQueries("q0",
                "SELECT auction, bidder, price, date_time, extra FROM bid",
                "INSERT INTO sink SELECT auction, bidder, price, `dateTime`, extra FROM bid",
                "auction BIGINT, bidder BIGINT, price BIGINT, `dateTime` TIMESTAMP(3), extra VARCHAR"),
            new NexmarkQueries("q1",
                "SELECT auction, bidder, 0.908 * price AS price, date_time, extra FROM bid",
                "INSERT INTO sink SELECT auction, bidder, 0.908 * price AS price, `dateTime`, extra FROM bid",
                "auction BIGINT, bidder BIGINT, price DECIMAL(23, 3), `dateTime` TIMESTAMP(3), extra VARCHAR"),
            new NexmarkQueries("q2",
                "SELECT auction, price FROM bid WHERE auction % 123 = 0",
                "INSERT INTO sink SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0",
                "auction BIGINT, price BIGINT"));
    }

    /** Rows the query produces over the generated events (its LIMIT for Muon's run), counted while generating. */
    public long expectedRows(final EventCounts counts)
    {
        return name.equals("q2") ? counts.bidsOfAuctionMultipleOf123() : counts.bids();
    }

    /** What the generator made. */
    public record EventCounts(long persons, long auctions, long bids, long bidsOfAuctionMultipleOf123)
    {
        public long events()
        {
            return persons + auctions + bids;
        }
    }
}
