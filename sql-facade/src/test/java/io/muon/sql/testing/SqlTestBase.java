package io.muon.sql.testing;

import io.muon.kernel.MuonException;
import io.muon.kernel.catalog.Catalog;
import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.stream.StreamStore;
import io.muon.kernel.testing.LeakCheck;
import io.muon.sql.engine.Session;
import io.muon.sql.engine.SqlEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Base of the SQL-in, TSV-out tests: an engine over a fresh catalog and stream store in a temporary directory per
 * test (opened before the subclass's own set-up, closed after it), checked for leaked memory, files and mappings.
 */
@ExtendWith(LeakCheck.class)
public abstract class SqlTestBase
{
    @TempDir
    protected Path dir;

    protected StreamStore store;
    protected SqlEngine engine;
    protected Session session;

    @BeforeEach
    void openEngine()
    {
        store = new StreamStore(dir, FilesFacade.DEFAULT);
        engine = new SqlEngine(Catalog.open(dir.resolve("catalog"), FilesFacade.DEFAULT), store);
        session = new Session(false);
    }

    @AfterEach
    void closeEngine()
    {
        engine.close();
        store.close();
    }

    /** Runs one statement and returns its result as TabSeparated text. */
    protected String run(final String sql)
    {
        return engine.execute(sql, session).toTsv();
    }

    /** Asserts that the statement fails with ClickHouse error {@code code} and a message containing the part. */
    protected void fails(final String sql, final int code, final String messagePart)
    {
        final MuonException error = assertThrows(MuonException.class, () -> run(sql));
        assertEquals(code, error.code(), error.toClickHouseText());
        assertTrue(error.getMessage().contains(messagePart), error.getMessage());
    }
}
