package io.muon.sql.streaming;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Joins in streaming queries: a stream with a snapshot of a bounded query, and two streams with each other. */
class StreamingJoinTest extends StreamingTestBase
{
    @Test
    void aStreamJoinsASnapshotOfATableTakenWhenTheQueryStarts() throws Exception
    {
        run("CREATE STREAM orders (product string, qty int64)");
        run("CREATE STREAM products (id string, price int64)");
        run("INSERT INTO products (id, price) VALUES ('apple', 3), ('pear', 5)");
        try (Tail inner = new Tail("SELECT product, qty * price FROM orders JOIN table(products) AS p " +
            "ON orders.product = p.id");
             Tail left = new Tail("SELECT product, qty, p.price FROM orders LEFT JOIN table(products) AS p " +
                 "ON orders.product = p.id"))
        {
            // the snapshot was taken at start: a product added later is not seen
            run("INSERT INTO products (id, price) VALUES ('plum', 7)");
            run("INSERT INTO orders (product, qty) VALUES ('apple', 2), ('plum', 1)");
            run("INSERT INTO orders (product, qty) VALUES ('pear', 10)");
            assertEquals(List.of("apple\t6", "pear\t50"), inner.await(2));
            assertEquals(List.of("apple\t2\t3", "plum\t1\t0", "pear\t10\t5"), left.await(3));
        }
        startFails("SELECT * FROM orders FULL JOIN table(products) AS p ON orders.product = p.id", 48,
            "FULL JOIN of a stream with a bounded query");
        startFails("SELECT * FROM table(products) AS p JOIN orders ON orders.product = p.id", 48,
            "stream on the left");
    }
}
