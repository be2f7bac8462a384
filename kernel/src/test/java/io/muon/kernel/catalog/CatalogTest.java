package io.muon.kernel.catalog;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.log.LogException;
import io.muon.kernel.testing.LeakCheck;
import io.muon.kernel.type.TypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

@ExtendWith(LeakCheck.class)
class CatalogTest
{
    @TempDir
    Path dir;

    static CatalogObject richStream(final String database, final String name)
    {
        return new CatalogObject(ObjectKind.STREAM, database, name, 0, 1, List.of(
            new ColumnEntry("id", TypeParser.parse("uint64"), null, null, "the key"),
            new ColumnEntry("tags", TypeParser.parse("map(string, array(nullable(int32)))"), "map()", "ZSTD(1)", null),
            new ColumnEntry("ts", TypeParser.parse("datetime64(3, 'UTC')"), "now64(3)", null, null),
            new ColumnEntry("s", TypeParser.parse("enum8('a''b' = 1, 'c' = -2)"), null, null, "quote\" and\nnewline")),
            StreamMode.VERSIONED_KV, "id", "to_YYYYMM(ts)", "id", "ts + INTERVAL 1 DAY",
            Map.of("logstore_codec", "lz4", "event_time_column", "ts"), null, null, "a stream");
    }

    @Test
    void ddlPersistsAndSurvivesReopen()
    {
        final Catalog catalog = Catalog.open(dir, FilesFacade.DEFAULT);
        assertEquals(List.of("default"), catalog.snapshot().databases());
        assertTrue(catalog.createDatabase("sales", false));
        assertFalse(catalog.createDatabase("sales", true));
        final CatalogObject created = catalog.create(richStream("sales", "orders"), false, false);
        assertTrue(created.id() > 0);
        final CatalogObject view = catalog.create(new CatalogObject(ObjectKind.MATERIALIZED_VIEW, "sales", "mv", 0, 1,
            List.of(), null, null, null, null, null, Map.of("pause_on_start", "true"),
            "SELECT count() FROM sales.orders", "sales.orders_count", null), false, false);
        assertNotEquals(created.id(), view.id());
        final CatalogObject renamed = catalog.rename("sales", "orders", "default", "orders2");
        assertEquals(created.id(), renamed.id());
        final CatalogObject altered = catalog.alter(new CatalogObject(ObjectKind.STREAM, "default", "orders2", 0, 0,
            List.of(ColumnEntry.of("id", TypeParser.parse("uint64"))), StreamMode.APPEND, null, null, null, null,
            Map.of(), null, null, null));
        assertEquals(2, altered.schemaVersion());
        assertEquals(created.id(), altered.id());
        assertTrue(catalog.createUser(new UserEntry("alice", "ab12", true, "readonly"), false));

        final CatalogSnapshot before = catalog.snapshot();
        final Catalog reopened = Catalog.open(dir, FilesFacade.DEFAULT);
        assertEquals(before, reopened.snapshot());
        assertEquals(view, reopened.snapshot().find("sales", "mv"));
        assertEquals(altered, reopened.snapshot().find("default", "orders2"));
        assertEquals(new UserEntry("alice", "ab12", true, "readonly"), reopened.snapshot().users().get("alice"));

        final CatalogObject rich = reopened.create(richStream("default", "rich"), false, false);
        assertEquals(rich, Catalog.open(dir, FilesFacade.DEFAULT).snapshot().find("default", "rich"),
            "types, defaults, codecs, settings and odd characters round-trip");
    }

    @Test
    void errorsHaveClickHouseCodesAndHints()
    {
        final Catalog catalog = Catalog.open(dir, FilesFacade.DEFAULT);
        catalog.create(richStream("default", "orders"), false, false);
        expect(ErrorCodes.TABLE_ALREADY_EXISTS, "Stream default.orders already exists.",
            () -> catalog.create(richStream("default", "orders"), false, false));
        assertEquals(catalog.snapshot().find("default", "orders"), catalog.create(richStream("default", "orders"), true, false));
        expect(ErrorCodes.UNKNOWN_TABLE, "Stream default.order doesn't exist. Maybe you meant default.orders",
            () -> catalog.drop("default", "order", Set.of(ObjectKind.STREAM), false));
        assertNull(catalog.drop("default", "order", Set.of(ObjectKind.STREAM), true));
        expect(ErrorCodes.UNKNOWN_DATABASE, "Database nowhere doesn't exist",
            () -> catalog.create(richStream("nowhere", "x"), false, false));
        expect(ErrorCodes.DATABASE_ALREADY_EXISTS, "Database default already exists.",
            () -> catalog.createDatabase("default", false));
        expect(ErrorCodes.BAD_ARGUMENTS, "default.orders is a stream, not a view",
            () -> catalog.drop("default", "orders", Set.of(ObjectKind.VIEW), false));
        expect(ErrorCodes.BAD_ARGUMENTS, "Empty stream name", () -> catalog.create(
            new CatalogObject(ObjectKind.STREAM, "default", "x", 0, 1, null, null, null, null, null, null, null, null,
                null, null).withName("default", ""), false, false));
        expect(ErrorCodes.BAD_ARGUMENTS, "Cannot drop database system", () -> catalog.dropDatabase("system", false));
        catalog.createUser(new UserEntry("bob", null, false, null), false);
        expect(ErrorCodes.ACCESS_ENTITY_ALREADY_EXISTS, "user `bob`: cannot insert because user `bob` already exists",
            () -> catalog.createUser(new UserEntry("bob", null, false, null), false));
        expect(ErrorCodes.ACCESS_ENTITY_NOT_FOUND, "There is no user `carol`", () -> catalog.dropUser("carol", false));

        final List<CatalogObject> dropped = catalog.dropDatabase("default", false);
        assertEquals(1, dropped.size());
        assertEquals(List.of(), catalog.snapshot().databases());
    }

    private static void expect(final int code, final String message, final Runnable action)
    {
        final MuonException error = assertThrows(MuonException.class, action::run);
        assertEquals(code, error.code(), error.getMessage());
        assertEquals(message, error.getMessage());
    }

    @Test
    void aFailureAtAnyStepOfADdlLeavesTheOldOrTheNewCatalog() throws IOException
    {
        final FailingFilesFacade files = new FailingFilesFacade();
        int step = 0;
        while (true)
        {
            final Path catalogDir = dir.resolve("c" + step);
            final Catalog catalog = Catalog.open(catalogDir, files);
            catalog.create(richStream("default", "kept"), false, false);
            final CatalogSnapshot before = catalog.snapshot();
            files.failAt(step);
            boolean failed = false;
            try
            {
                catalog.create(richStream("default", "added"), false, false);
            }
            catch (final MuonException e)
            {
                failed = true;
                assertEquals(ErrorCodes.CANNOT_WRITE_TO_FILE_DESCRIPTOR, e.code());
                assertTrue(e.getMessage().contains("injected failure at step " + step), e.getMessage());
                assertSame(before, catalog.snapshot(), "a failed DDL changes nothing in memory");
            }
            files.failAt(-1);
            final CatalogSnapshot recovered = Catalog.open(catalogDir, FilesFacade.DEFAULT).snapshot();
            assertNotNull(recovered.find("default", "kept"), "step " + step);
            if (!failed)
            {
                assertNotNull(recovered.find("default", "added"));
                break;
            }
            // either version is consistent; the next DDL works on it
            final Catalog again = Catalog.open(catalogDir, FilesFacade.DEFAULT);
            again.create(richStream("default", "later"), false, false);
            assertNotNull(Catalog.open(catalogDir, FilesFacade.DEFAULT).snapshot().find("default", "later"));
            step++;
        }
        assertTrue(step >= 6, "every step of a commit was failed once: " + step);
    }

    @Test
    void damagedCurrentFileFallsBackToThePreviousVersion() throws IOException
    {
        final Catalog catalog = Catalog.open(dir, FilesFacade.DEFAULT);
        catalog.create(richStream("default", "one"), false, false);
        catalog.create(richStream("default", "two"), false, false);
        final Path file = dir.resolve(Catalog.FILE);
        final byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        final CatalogSnapshot recovered = Catalog.open(dir, FilesFacade.DEFAULT).snapshot();
        assertNotNull(recovered.find("default", "one"));
        assertNull(recovered.find("default", "two"), "the damaged newest version is not trusted");

        Files.write(dir.resolve(Catalog.FILE), "garbage".getBytes());
        Files.write(dir.resolve(Catalog.PREVIOUS), new byte[0]);
        final LogException error = assertThrows(LogException.class, () -> Catalog.open(dir, FilesFacade.DEFAULT));
        assertTrue(error.getMessage().contains("has no readable version"), error.getMessage());
        assertTrue(error.getMessage().contains("catalog.json: no checksum line"), error.getMessage());
    }

    @Test
    void closestNameHint()
    {
        assertEquals("orders", Catalog.closest(List.of("orders", "users"), "order"));
        assertEquals("clicks", Catalog.closest(List.of("clicks"), "clikcs"));
        assertNull(Catalog.closest(List.of("orders"), "zebra"));
    }
}
