package io.muon.sql.exec;

import io.muon.kernel.catalog.Catalog;
import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.stream.StreamStore;
import io.muon.sql.engine.Session;
import io.muon.sql.engine.SqlEngine;

import java.nio.file.Path;

/**
 * The process {@link PartStoreKillTest} kills: opens the engine over a data directory, then inserts numbered rows
 * into {@code k} for ever, 500 per INSERT, printing {@code ACK <rows>} after each is acknowledged, while its
 * compaction writes parts every few milliseconds and merges them; every third INSERT is followed by an OPTIMIZE, so
 * a kill often lands in the middle of a part write or a merge.
 */
public final class PartStoreChild
{
    private PartStoreChild()
    {
    }

    public static void main(final String[] args)
    {
        final Path dir = Path.of(args[0]);
        final StreamStore store = new StreamStore(dir, FilesFacade.DEFAULT);
        final SqlEngine engine = new SqlEngine(Catalog.open(dir.resolve("catalog"), FilesFacade.DEFAULT), store);
        final Session session = new Session(false);
        long next = Long.parseLong(engine.execute("SELECT count() FROM table(k)", session).toTsv().trim());
        for (int round = 0; ; round++)
        {
            engine.execute("INSERT INTO k (id, d, s) SELECT number, to_date('2026-01-01') + number % 3, " +
                "repeat('x', number % 13) FROM numbers(" + next + ", 500)", session);
            next += 500;
            System.out.println("ACK " + next);
            System.out.flush();
            if (round % 3 == 2)
            {
                engine.execute("OPTIMIZE STREAM k", session);
            }
        }
    }
}
