package io.muon.kernel.part;

import io.muon.kernel.compress.SharedTestData;
import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.testing.LeakCheck;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.ArrayVector;
import io.muon.kernel.vector.BytesVector;
import io.muon.kernel.vector.DoubleVector;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parts written by a real ClickHouse 18.16 ({@code testdata/clickhouse-18.16-parts}) read back by Muon's part reader to
 * exactly the rows ClickHouse reported, and verified against their own checksums.
 */
@ExtendWith(LeakCheck.class)
class GoldenPartTest
{
    private static final Path PARTS = SharedTestData.directory("clickhouse-18.16-parts");

    @Test
    void typesPartReadsBackToTypesTsv() throws IOException
    {
        final DataPart part = DataPart.load(FilesFacade.DEFAULT, PARTS.resolve("types_202611_1_1_0"));
        assertEquals(2, part.rows());
        assertEquals(List.of("d", "ts", "id", "i", "f", "s", "ns", "a"),
            part.columns().stream().map(DataPart.Column::name).toList());
        final Vector[] columns = readAll(part);
        final List<String> lines = Files.readAllLines(PARTS.resolve("types.tsv"), StandardCharsets.UTF_8);
        for (int r = 0; r < 2; r++)
        {
            final String[] expected = lines.get(r).split("\t", -1);
            assertEquals(LocalDate.parse(expected[0]).toEpochDay(), ((LongVector)columns[0]).get(r));
            // the server ran in UTC: DateTime is seconds since the epoch
            assertEquals(java.time.LocalDateTime.parse(expected[1].replace(' ', 'T'))
                .toEpochSecond(java.time.ZoneOffset.UTC), ((LongVector)columns[1]).get(r));
            assertEquals(Long.parseLong(expected[2]), ((LongVector)columns[2]).get(r));
            assertEquals(Long.parseLong(expected[3]), ((LongVector)columns[3]).get(r));
            assertEquals(Double.parseDouble(expected[4]), ((DoubleVector)columns[4]).get(r));
            assertEquals(expected[5], ((BytesVector)columns[5]).getString(r));
            if (expected[6].equals("\\N"))
            {
                assertTrue(columns[6].isNull(r));
            }
            else
            {
                assertEquals(expected[6], ((BytesVector)columns[6]).getString(r));
            }
            final ArrayVector array = (ArrayVector)columns[7];
            final List<Long> elements = new ArrayList<>();
            for (int i = array.start(r); i < array.start(r + 1); i++)
            {
                elements.add(((LongVector)array.elements()).get(i));
            }
            assertEquals(expected[7], elements.toString().replace(" ", ""));
        }
        // primary.idx holds the first id of the only granule; partition.dat and the minmax index hold 202611, d's range
        assertEquals(1L, ((LongVector)part.primaryIndex(List.of(DataType.UINT64))[0]).get(0));
        assertEquals(202611L, ((LongVector)part.partitionValue(List.of(DataType.UINT32))[0]).get(0));
        final LongVector days = (LongVector)part.minmax("d", DataType.DATE);
        assertEquals(LocalDate.parse("2026-11-01").toEpochDay(), days.get(0));
        assertEquals(LocalDate.parse("2026-11-02").toEpochDay(), days.get(1));
        assertEquals("202611", PartitionId.of(List.of(DataType.UINT32), part.partitionValue(List.of(DataType.UINT32)),
            0));
    }

    @Test
    void bigPartReadsBackToItsSummary() throws IOException
    {
        final DataPart part = DataPart.load(FilesFacade.DEFAULT, PARTS.resolve("big_202611_1_1_0"));
        assertEquals(3, part.granules());
        final Vector[] columns = readAll(part);
        long sumId = 0;
        double sumV = 0;
        final Set<String> strings = new HashSet<>();
        for (int r = 0; r < part.rows(); r++)
        {
            sumId += ((LongVector)columns[1]).get(r);
            sumV += ((DoubleVector)columns[2]).get(r);
            strings.add(((BytesVector)columns[3]).getString(r));
        }
        final String[] summary = Files.readString(PARTS.resolve("big.summary.tsv")).trim().split("\t");
        assertEquals(Long.parseLong(summary[0]), part.rows());
        assertEquals(Long.parseLong(summary[1]), sumId);
        assertEquals(Double.parseDouble(summary[2]), sumV);
        assertEquals(Integer.parseInt(summary[3]), strings.size());
        // granules read out of order and one at a time agree with the whole read
        try (PartReader reader = new PartReader(part, List.of("id", "s")))
        {
            for (final int granule : new int[] {2, 0, 1, 2})
            {
                final Vector[] out = {Vector.create(DataType.UINT64, 8192), Vector.create(DataType.STRING, 8192)};
                final int rows = reader.read(granule, granule + 1, out);
                assertEquals(part.granuleRows(granule), rows);
                for (int r = 0; r < rows; r++)
                {
                    final int row = granule * PartFiles.GRANULE_ROWS + r;
                    assertEquals(((LongVector)columns[1]).get(row), ((LongVector)out[0]).get(r));
                    assertEquals(((BytesVector)columns[3]).getString(row), ((BytesVector)out[1]).getString(r));
                }
            }
        }
        final Vector primary = part.primaryIndex(List.of(DataType.UINT64))[0];
        for (int g = 0; g < 3; g++)
        {
            assertEquals(((LongVector)columns[1]).get(g * 8192), ((LongVector)primary).get(g));
        }
    }

    @Test
    void clickHousePartsPassVerification()
    {
        assertEquals(List.of(), PartVerifier.verify(FilesFacade.DEFAULT, PARTS.resolve("types_202611_1_1_0")));
        assertEquals(List.of(), PartVerifier.verify(FilesFacade.DEFAULT, PARTS.resolve("big_202611_1_1_0")));
        final PartChecksums checksums = DataPart.load(FilesFacade.DEFAULT, PARTS.resolve("big_202611_1_1_0"))
            .checksums();
        assertEquals(Set.of("count.txt", "id.bin", "id.mrk", "minmax_ts.idx", "partition.dat", "primary.idx", "s.bin",
            "s.mrk", "ts.bin", "ts.mrk", "v.bin", "v.mrk"), checksums.entries().keySet());
        // what we encode decodes to the same entries
        assertEquals(checksums.entries(), PartChecksums.decode(checksums.encode(), "re-encoded").entries());
    }

    @Test
    void aCorruptedCopyFailsVerificationAndReading(@TempDir final Path temp) throws IOException
    {
        final Path copy = temp.resolve("big_202611_1_1_0");
        Files.createDirectories(copy);
        try (java.util.stream.Stream<Path> files = Files.list(PARTS.resolve("big_202611_1_1_0")))
        {
            for (final Path file : files.toList())
            {
                Files.copy(file, copy.resolve(file.getFileName()));
                copy.resolve(file.getFileName()).toFile().setWritable(true);
            }
        }
        final byte[] bin = Files.readAllBytes(copy.resolve("v.bin"));
        bin[40_000] ^= 0x20;
        Files.write(copy.resolve("v.bin"), bin);
        final List<String> problems = PartVerifier.verify(FilesFacade.DEFAULT, copy);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("Checksum doesn't match"), problems.get(0));
        final DataPart part = DataPart.load(FilesFacade.DEFAULT, copy);
        final io.muon.kernel.MuonException failure = org.junit.jupiter.api.Assertions.assertThrows(
            io.muon.kernel.MuonException.class, () -> readAll(part));
        assertEquals(40, failure.code(), failure.getMessage());
    }

    static Vector[] readAll(final DataPart part)
    {
        final List<String> names = part.columns().stream().map(DataPart.Column::name).toList();
        final Vector[] out = new Vector[names.size()];
        for (int c = 0; c < out.length; c++)
        {
            out[c] = Vector.create(part.columns().get(c).type(), (int)part.rows());
        }
        try (PartReader reader = new PartReader(part, names))
        {
            reader.read(0, part.granules(), out);
        }
        return out;
    }
}
