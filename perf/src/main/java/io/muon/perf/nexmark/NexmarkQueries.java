package io.muon.perf.nexmark;

import java.util.List;

/**
 * The Nexmark queries of the comparison, in Muon's dialect beside the Flink SQL of nexmark-flink: q0–q2 (projection
 * and filter), q3 (an unbounded join of two streams), q4 (the average closing price per category: a join, the
 * maximum per auction and its average per category over the maxima's changelog), q5 (hop windows, joined with their
 * maximum per window), q7 (bids joined with a window's maximum within its time range), q8 (two tumble windows joined
 * on key and window) and q9 (the winning bid of each auction, updated as bids come).
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
                "auction BIGINT, price BIGINT"),
            new NexmarkQueries("q3",
                "SELECT P.name, P.city, P.state, A.id FROM auction AS A INNER JOIN person AS P ON A.seller = P.id " +
                    "WHERE A.category = 10 AND (P.state = 'OR' OR P.state = 'ID' OR P.state = 'CA')",
                "INSERT INTO sink SELECT P.name, P.city, P.state, A.id FROM auction AS A INNER JOIN person AS P " +
                    "ON A.seller = P.id WHERE A.category = 10 AND (P.state = 'OR' OR P.state = 'ID' OR " +
                    "P.state = 'CA')",
                "name VARCHAR, city VARCHAR, state VARCHAR, id BIGINT"),
            new NexmarkQueries("q4",
                // the inner maxima change as bids come: a changelog, which the outer average takes back and adds
                "SELECT Q.category, avg(Q.final) FROM (SELECT max(B.price) AS final, A.category AS category " +
                    "FROM auction AS A JOIN bid AS B ON A.id = B.auction " +
                    "WHERE B.date_time BETWEEN A.date_time AND A.expires " +
                    "GROUP BY A.id, A.category EMIT CHANGELOG ON UPDATE) AS Q GROUP BY Q.category EMIT ON UPDATE",
                "INSERT INTO sink SELECT Q.category, AVG(Q.final) FROM (SELECT MAX(B.price) AS final, A.category " +
                    "FROM auction A, bid B WHERE A.id = B.auction AND B.`dateTime` BETWEEN A.`dateTime` AND " +
                    "A.expires GROUP BY A.id, A.category) Q GROUP BY Q.category",
                "id BIGINT, final BIGINT"),
            new NexmarkQueries("q5",
                // the maximum per window is a window (of the slide) over the counts' window starts
                "WITH CountBids AS (SELECT auction, count() AS num, window_start AS starttime, " +
                    "window_end AS endtime FROM hop(bid, date_time, 2s, 10s) GROUP BY auction, window_start, " +
                    "window_end) " +
                    "SELECT AuctionBids.auction, AuctionBids.num FROM CountBids AS AuctionBids JOIN " +
                    "(SELECT max(num) AS maxn, window_start AS starttime FROM tumble(CountBids, starttime, 2s) " +
                    "GROUP BY window_start) AS MaxBids " +
                    "ON AuctionBids.starttime = MaxBids.starttime AND AuctionBids.num >= MaxBids.maxn",
                "INSERT INTO sink SELECT AuctionBids.auction, AuctionBids.num FROM (SELECT auction, count(*) AS num, " +
                    "window_start AS starttime, window_end AS endtime FROM TABLE(HOP(TABLE bid, " +
                    "DESCRIPTOR(`dateTime`), INTERVAL '2' SECOND, INTERVAL '10' SECOND)) GROUP BY auction, " +
                    "window_start, window_end) AS AuctionBids JOIN (SELECT max(CountBids.num) AS maxn, " +
                    "CountBids.starttime, CountBids.endtime FROM (SELECT count(*) AS num, window_start AS starttime, " +
                    "window_end AS endtime FROM TABLE(HOP(TABLE bid, DESCRIPTOR(`dateTime`), INTERVAL '2' SECOND, " +
                    "INTERVAL '10' SECOND)) GROUP BY auction, window_start, window_end) AS CountBids GROUP BY " +
                    "CountBids.starttime, CountBids.endtime) AS MaxBids ON AuctionBids.starttime = " +
                    "MaxBids.starttime AND AuctionBids.endtime = MaxBids.endtime AND AuctionBids.num >= MaxBids.maxn",
                "auction BIGINT, num BIGINT"),
            new NexmarkQueries("q7",
                "SELECT B.auction, B.bidder, B.price, B.date_time, B.extra FROM bid AS B JOIN (SELECT max(price) " +
                    "AS maxprice, window_end AS date_time FROM tumble(bid, date_time, 10s) GROUP BY window_start, " +
                    "window_end) AS B1 ON B.price = B1.maxprice " +
                    "WHERE B.date_time BETWEEN B1.date_time - INTERVAL 10 SECOND AND B1.date_time",
                "INSERT INTO sink SELECT B.auction, B.bidder, B.price, B.`dateTime`, B.extra FROM bid B JOIN " +
                    "(SELECT MAX(price) AS maxprice, window_end AS `dateTime` FROM TABLE(TUMBLE(TABLE bid, " +
                    "DESCRIPTOR(`dateTime`), INTERVAL '10' SECOND)) GROUP BY window_start, window_end) B1 " +
                    "ON B.price = B1.maxprice WHERE B.`dateTime` BETWEEN B1.`dateTime` - INTERVAL '10' SECOND AND " +
                    "B1.`dateTime`",
                "auction BIGINT, bidder BIGINT, price BIGINT, `dateTime` TIMESTAMP(3), extra VARCHAR"),
            new NexmarkQueries("q8",
                "SELECT P.id, P.name, P.starttime FROM (SELECT id, name, window_start AS starttime, " +
                    "window_end AS endtime FROM tumble(person, date_time, 10s) GROUP BY id, name, window_start, " +
                    "window_end) AS P JOIN (SELECT seller, window_start AS starttime, window_end AS endtime " +
                    "FROM tumble(auction, date_time, 10s) GROUP BY seller, window_start, window_end) AS A " +
                    "ON P.id = A.seller AND P.starttime = A.starttime AND P.endtime = A.endtime",
                "INSERT INTO sink SELECT P.id, P.name, P.starttime FROM (SELECT id, name, window_start AS starttime, " +
                    "window_end AS endtime FROM TABLE(TUMBLE(TABLE person, DESCRIPTOR(`dateTime`), " +
                    "INTERVAL '10' SECOND)) GROUP BY id, name, window_start, window_end) P JOIN (SELECT seller, " +
                    "window_start AS starttime, window_end AS endtime FROM TABLE(TUMBLE(TABLE auction, " +
                    "DESCRIPTOR(`dateTime`), INTERVAL '10' SECOND)) GROUP BY seller, window_start, window_end) A " +
                    "ON P.id = A.seller AND P.starttime = A.starttime AND P.endtime = A.endtime",
                "id BIGINT, name VARCHAR, stime TIMESTAMP(3)"),
            new NexmarkQueries("q9",
                // the winning bid of each auction: the highest price, the earliest of equal ones (the first seen)
                "SELECT A.id, any(A.item_name), any(A.description), any(A.initial_bid), any(A.reserve), " +
                    "any(A.date_time), any(A.expires), any(A.seller), any(A.category), any(A.extra), " +
                    "arg_max(B.auction, B.price), arg_max(B.bidder, B.price), max(B.price), " +
                    "arg_max(B.date_time, B.price), arg_max(B.extra, B.price) " +
                    "FROM auction AS A JOIN bid AS B ON A.id = B.auction " +
                    "WHERE B.date_time BETWEEN A.date_time AND A.expires GROUP BY A.id EMIT ON UPDATE",
                "INSERT INTO sink SELECT id, itemName, description, initialBid, reserve, `dateTime`, expires, " +
                    "seller, category, extra, auction, bidder, price, bid_dateTime, bid_extra FROM (SELECT A.*, " +
                    "B.auction, B.bidder, B.price, B.`dateTime` AS bid_dateTime, B.extra AS bid_extra, " +
                    "ROW_NUMBER() OVER (PARTITION BY A.id ORDER BY B.price DESC, B.`dateTime` ASC) AS rownum " +
                    "FROM auction A, bid B WHERE A.id = B.auction AND B.`dateTime` BETWEEN A.`dateTime` AND " +
                    "A.expires) WHERE rownum <= 1",
                "id BIGINT, itemName VARCHAR, description VARCHAR, initialBid BIGINT, reserve BIGINT, " +
                    "`dateTime` TIMESTAMP(3), expires TIMESTAMP(3), seller BIGINT, category BIGINT, extra VARCHAR, " +
                    "auction BIGINT, bidder BIGINT, price BIGINT, bid_dateTime TIMESTAMP(3), bid_extra VARCHAR"));
    }

    /** Whether the query's rows update earlier ones (global aggregations): its result is the last row per key. */
    public boolean updating()
    {
        return name.equals("q4") || name.equals("q9");
    }

    /**
     * Rows the query produces over the generated events (its LIMIT for Muon's timed runs), counted while generating;
     * -1 for the joins, whose rows a first run counts (windows still open when the events end are not emitted).
     */
    public long expectedRows(final EventCounts counts)
    {
        return switch (name)
        {
            case "q0", "q1" -> counts.bids();
            case "q2" -> counts.bidsOfAuctionMultipleOf123();
            default -> -1;
        };
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
