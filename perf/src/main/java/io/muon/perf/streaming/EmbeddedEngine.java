package io.muon.perf.streaming;

import io.muon.kernel.catalog.Catalog;
import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.stream.StreamStore;
import io.muon.sql.engine.SqlEngine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** An engine over a fresh temporary data directory, for an in-process harness; closing it deletes the directory. */
public final class EmbeddedEngine implements AutoCloseable
{
    public final Path dir;
    public final StreamStore store;
    public final SqlEngine engine;

    public EmbeddedEngine(final String prefix) throws IOException
    {
        this.dir = Files.createTempDirectory(prefix);
        this.store = new StreamStore(dir, FilesFacade.DEFAULT);
        this.engine = new SqlEngine(Catalog.open(dir.resolve("catalog"), FilesFacade.DEFAULT), store);
    }

    @Override
    public void close() throws IOException
    {
        engine.close();
        store.close();
        try (var paths = Files.walk(dir))
        {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
