package io.muon.kernel.compress;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A compressed HTTP answer from a real ClickHouse server (Debian's 18.16.1), saved as it came off the wire:
 * {@code POST /?compress=1} with the query
 * {@code SELECT toUInt8(number % 3) AS x, toUInt8(number % 7) AS y FROM system.numbers LIMIT 600000 FORMAT RowBinary}.
 * The body is two LZ4 frames whose contents are easy to regenerate.
 */
class ClickHouseAnswerTest
{
    private static final String ANSWER = "clickhouse-18.16-http-answer.bin";
    private static final int ROWS = 600_000;

    @Test
    void aRealCompressedAnswerDecodesToTheRowsAsked() throws IOException
    {
        final byte[] answer;
        try (InputStream in = ClickHouseAnswerTest.class.getResourceAsStream(ANSWER))
        {
            assertNotNull(in, ANSWER + " is on the test classpath");
            answer = in.readAllBytes();
        }
        assertEquals(4859, answer.length);

        final UnsafeBuffer wire = new UnsafeBuffer(answer);
        final ExpandableArrayBuffer rows = new ExpandableArrayBuffer(64);
        int position = 0;
        int decoded = 0;
        int frames = 0;
        while (position < answer.length)
        {
            final int frameLength = CompressedBlock.requiredLength(wire, position, answer.length - position);
            assertEquals(CompressedBlockDescriptor.METHOD_LZ4, CompressedBlockDescriptor.method(wire, position));
            decoded += CompressedBlock.decompress(wire, position, answer.length - position, rows, decoded);
            position += frameLength;
            frames++;
        }
        assertEquals(answer.length, position);
        assertEquals(2, frames, "one frame per 1 MiB block ClickHouse buffered");

        final byte[] expected = new byte[2 * ROWS];
        for (int row = 0; row < ROWS; row++)
        {
            expected[2 * row] = (byte)(row % 3);
            expected[2 * row + 1] = (byte)(row % 7);
        }
        assertEquals(expected.length, decoded);
        final byte[] actual = new byte[decoded];
        rows.getBytes(0, actual);
        assertArrayEquals(expected, actual);
    }
}
