package io.muon.sql.streaming;

import io.muon.kernel.catalog.Catalog;
import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.stream.StreamStore;
import io.muon.sql.engine.Session;
import io.muon.sql.engine.SqlEngine;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The process {@link MaterializedViewKillTest} kills: opens the engine over a data directory (its materialized views
 * resume), then inserts numbered rows into {@code s} for ever, 200 per INSERT, printing {@code ACK <rows>} after
 * each one is acknowledged.
 */
public final class MaterializedViewChild
{
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
        .withZone(ZoneOffset.UTC);

    private MaterializedViewChild()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path dir = Path.of(args[0]);
        final StreamStore store = new StreamStore(dir, FilesFacade.DEFAULT);
        final SqlEngine engine = new SqlEngine(Catalog.open(dir.resolve("catalog"), FilesFacade.DEFAULT), store);
        final Session session = new Session(false);
        long next = Long.parseLong(engine.execute("SELECT count() FROM table(s)", session).toTsv().trim());
        final long base = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
        while (true)
        {
            final StringBuilder sql = new StringBuilder("INSERT INTO s (id, v, t) VALUES ");
            for (int i = 0; i < 200; i++, next++)
            {
                sql.append(i == 0 ? "" : ", ").append('(').append(next).append(", ").append(next % 7).append(", '")
                    .append(TIME.format(Instant.ofEpochMilli(base + next * 2))).append("')");
            }
            engine.execute(sql.toString(), session);
            System.out.println("ACK " + next);
            System.out.flush();
        }
    }
}
