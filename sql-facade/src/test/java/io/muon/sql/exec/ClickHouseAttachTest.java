package io.muon.sql.exec;

import io.muon.kernel.catalog.CatalogObject;
import io.muon.sql.testing.ClickHouseServer;
import io.muon.sql.testing.SqlTestBase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parts written by Muon's compaction, copied into a real ClickHouse 18.16 table's {@code detached/} folder and
 * attached with {@code ALTER TABLE … ATTACH PART}: every row ClickHouse reads back equals what Muon returns for
 * {@code table(s)}, for every column type 18.16 knows (several partitions and granules, NULLs, arrays, empty strings,
 * columns over many compressed blocks).
 */
class ClickHouseAttachTest extends SqlTestBase
{
    private static ClickHouseServer clickhouse;

    /** Column definitions in Muon's spelling and ClickHouse 18.16's, and the value each row gets from {@code number}. */
    private static final String[][] COLUMNS = {
        {"d date", "d Date", "to_date('2026-09-20') + intDiv(number, 700)"},
        {"ts datetime", "ts DateTime", "to_datetime('2026-10-01 00:00:00') + number * 37"},
        {"id uint64", "id UInt64", "number"},
        {"u8 uint8", "u8 UInt8", "number % 256"},
        {"i16 int16", "i16 Int16", "to_int16(number % 65536)"},
        {"u32 uint32", "u32 UInt32", "number * 100003"},
        {"i64 int64", "i64 Int64", "-number * 1000000007"},
        {"f32 float32", "f32 Float32", "number / 8"},
        {"f64 float64", "f64 Float64", "number / 3"},
        {"s string", "s String", "if(number % 7 = 0, '', concat('row-', to_string(number), repeat('x', number % 50)))"},
        {"fs fixed_string(4)", "fs FixedString(4)", "to_fixed_string(to_string(number % 1000), 4)"},
        {"e enum8('a' = 1, 'b' = 2)", "e Enum8('a' = 1, 'b' = 2)", "if(number % 3 = 0, 'a', 'b')"},
        {"dec decimal(9, 2)", "dec Decimal(9, 2)", "to_decimal32(number / 7, 2)"},
        {"dec18 decimal(18, 4)", "dec18 Decimal(18, 4)", "to_decimal64(number * 1.5, 4)"},
        {"ns nullable(string)", "ns Nullable(String)", "if(number % 5 = 0, NULL, to_string(number))"},
        {"ni nullable(int32)", "ni Nullable(Int32)", "if(number % 4 = 1, NULL, to_int32(number))"},
        {"a array(int32)", "a Array(Int32)", "range(number % 5)"},
        {"sa array(string)", "sa Array(String)", "array_map(x -> to_string(x), range(number % 3))"},
        {"na array(nullable(int64))", "na Array(Nullable(Int64))", "[NULL, to_int64(number)]"},
        {"aa array(array(uint8))", "aa Array(Array(UInt8))", "[[1, 2], [], [to_uint8(number % 200)]]"},
        {"lc low_cardinality(string)", "lc LowCardinality(String)", "concat('k', to_string(number % 10))"},
        {"i8 int8", "i8 Int8", "to_int8(number % 256 - 128)"},
        {"u16 uint16", "u16 UInt16", "to_uint16(number % 65536)"},
        {"i32 int32", "i32 Int32", "to_int32(number) * -3"},
        {"e16 enum16('x' = -1000, 'y' = 1000)", "e16 Enum16('x' = -1000, 'y' = 1000)", "if(number % 2 = 0, 'x', 'y')"},
        {"uid uuid", "uid UUID", "generate_uuidv4()"},
        {"dec38 decimal(38, 10)", "dec38 Decimal(38, 10)", "to_decimal128(number / 3, 10)"},
        {"nd nullable(date)", "nd Nullable(Date)", "if(number % 6 = 0, NULL, to_date('2020-01-01') + number % 1000)"},
        {"nf nullable(float64)", "nf Nullable(Float64)", "if(number % 9 = 0, NULL, number / 7)"},
        {"ans array(nullable(string))", "ans Array(Nullable(String))", "[to_string(number), NULL, '']"},
        {"afs array(fixed_string(2))", "afs Array(FixedString(2))", "[to_fixed_string('ab', 2), to_fixed_string('', 2)]"},
        {"tz datetime('Asia/Tokyo')", "tz DateTime('Asia/Tokyo')", "to_datetime('2026-01-01 00:00:00') + number"},
    };

    @BeforeAll
    static void startClickHouse() throws IOException, InterruptedException
    {
        clickhouse = ClickHouseServer.start();
    }

    @AfterAll
    static void stopClickHouse()
    {
        if (clickhouse != null)
        {
            clickhouse.close();
        }
    }

    @Test
    void clickHouseReadsMuonsPartsToTheSameRows() throws IOException, InterruptedException
    {
        final StringBuilder muonColumns = new StringBuilder();
        final StringBuilder clickHouseColumns = new StringBuilder();
        final StringBuilder values = new StringBuilder();
        final StringBuilder names = new StringBuilder();
        for (final String[] column : COLUMNS)
        {
            muonColumns.append(muonColumns.isEmpty() ? "" : ", ").append(column[0]);
            clickHouseColumns.append(", ").append(column[1]);
            values.append(values.isEmpty() ? "" : ", ").append(column[2]);
            names.append(names.isEmpty() ? "" : ", ").append(column[0].substring(0, column[0].indexOf(' ')));
        }
        // ZSTD blocks, and two inserts whose October parts OPTIMIZE merges into one of level 1
        run("CREATE STREAM t (" + muonColumns + ") PARTITION BY to_YYYYMM(d) ORDER BY id " +
            "SETTINGS compaction_max_age_ms = 3600000, part_codec = 'zstd'");
        final CatalogObject stream = engine.catalog().snapshot().find("default", "t");
        run("INSERT INTO t (" + names + ") SELECT " + values + " FROM numbers(15000)");
        store.compactNow(stream);
        run("INSERT INTO t (" + names + ") SELECT " + values + " FROM numbers(15000, 15000)");
        store.compactNow(stream);
        run("OPTIMIZE STREAM t");
        final Path parts = dir.resolve("streams").resolve(Long.toString(stream.id())).resolve("store");
        final List<Path> written;
        try (Stream<Path> list = Files.list(parts))
        {
            written = list.filter(p -> p.getFileName().toString().matches(".*_\\d+_\\d+_\\d+")).sorted().toList();
        }
        assertEquals(List.of("202609_0_14999_0", "202610_0_29999_1", "202611_15000_29999_0"),
            written.stream().map(p -> p.getFileName().toString()).toList());

        // ClickHouse 18.16 has no DateTime64: the part's _tp_time (milliseconds) reads as Int64
        clickhouse.query("CREATE TABLE t (_tp_time Int64" + clickHouseColumns + ", _tp_sn Int64) " +
            "ENGINE = MergeTree PARTITION BY toYYYYMM(d) ORDER BY id SETTINGS index_granularity = 8192");
        final Path detached = clickhouse.tableDataDirectory().resolve("default").resolve("t").resolve("detached");
        Files.createDirectories(detached);
        for (final Path part : written)
        {
            final Path target = detached.resolve(part.getFileName());
            Files.createDirectories(target);
            try (Stream<Path> files = Files.list(part))
            {
                for (final Path file : files.toList())
                {
                    Files.copy(file, target.resolve(file.getFileName()));
                }
            }
            clickhouse.query("ALTER TABLE t ATTACH PART '" + part.getFileName() + "'");
        }
        assertEquals("30000\n", clickhouse.query("SELECT count() FROM t"));

        // the same rows, compared as ClickHouse 18.16 and Muon print them; floats and decimals through toString
        // of the same value in both, as their default text formats differ in places
        final String select = "SELECT _tp_sn, d, ts, id, u8, i16, u32, i64, toString(f32), toString(f64), s, fs, e, " +
            "toString(dec), toString(dec18), ns, ni, a, sa, na, aa, lc, i8, u16, i32, e16, uid, toString(dec38), nd, " +
            "toString(nf), ans, afs, tz FROM %s ORDER BY _tp_sn";
        final String fromClickHouse = clickhouse.query(String.format(select, "t") + " FORMAT TabSeparated");
        final String fromMuon = run(String.format(select, "table(t)").replace("toString", "to_string"));
        assertEquals(30000, fromMuon.split("\n").length);
        final String[] expected = fromMuon.split("\n");
        final String[] actual = fromClickHouse.split("\n");
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++)
        {
            assertEquals(expected[i], actual[i], "row " + i);
        }
        assertTrue(clickhouse.query("SELECT _tp_time FROM t LIMIT 1").trim().matches("\\d{13}"));
        assertEquals("30000\t449985000\n", clickhouse.query("SELECT count(), sum(id) FROM t WHERE id >= 0"));
    }

    @Test
    void clickHouseAgreesWithTheHashedIdsOfStringPartitions() throws IOException, InterruptedException
    {
        // a String partition key has no readable ID: ClickHouse recomputes the SipHash-128 one from partition.dat on
        // ATTACH and refuses a part whose name disagrees
        run("CREATE STREAM h (region string, id uint32) PARTITION BY region ORDER BY id " +
            "SETTINGS compaction_max_age_ms = 3600000");
        run("INSERT INTO h (region, id) SELECT array_element(['eu', 'us', '', 'ap-south'], number % 4 + 1), number " +
            "FROM numbers(1000)");
        final CatalogObject stream = engine.catalog().snapshot().find("default", "h");
        store.compactNow(stream);
        final Path parts = dir.resolve("streams").resolve(Long.toString(stream.id())).resolve("store");
        final List<Path> written;
        try (Stream<Path> list = Files.list(parts))
        {
            written = list.filter(p -> p.getFileName().toString().matches("[0-9a-f]{32}_\\d+_\\d+_\\d+")).sorted()
                .toList();
        }
        assertEquals(4, written.size(), written.toString());
        clickhouse.query("CREATE TABLE h (_tp_time Int64, region String, id UInt32, _tp_sn Int64) " +
            "ENGINE = MergeTree PARTITION BY region ORDER BY id");
        final Path detached = clickhouse.tableDataDirectory().resolve("default").resolve("h").resolve("detached");
        Files.createDirectories(detached);
        for (final Path part : written)
        {
            final Path target = detached.resolve(part.getFileName());
            Files.createDirectories(target);
            try (Stream<Path> files = Files.list(part))
            {
                for (final Path file : files.toList())
                {
                    Files.copy(file, target.resolve(file.getFileName()));
                }
            }
            clickhouse.query("ALTER TABLE h ATTACH PART '" + part.getFileName() + "'");
        }
        final String byPartition = "SELECT region, count(), sum(id) FROM %s GROUP BY region ORDER BY region";
        assertEquals(run(String.format(byPartition, "table(h)")), clickhouse.query(String.format(byPartition, "h")));
        // the partition IDs ClickHouse gives the attached parts are the ones Muon named them by
        final String ids = clickhouse.query("SELECT DISTINCT partition_id FROM system.parts WHERE table = 'h' " +
            "AND active ORDER BY partition_id");
        assertEquals(written.stream().map(p -> p.getFileName().toString().substring(0, 32)).sorted()
            .reduce("", (a, b) -> a + b + "\n"), ids);
    }
}
