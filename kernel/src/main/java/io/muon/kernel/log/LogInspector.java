package io.muon.kernel.log;

import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.io.MappedRegion;
import io.muon.kernel.memory.MemoryTag;
import io.muon.kernel.memory.NativeBuffer;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.muon.kernel.log.RecordDescriptor.*;

/**
 * Reads a NativeLog directory without a server and without changing a byte of it: checks every segment header,
 * every record's bounds, CRC, codec and column directory, sequence order, and every sealed index; optionally prints
 * each record. Backs {@code muon log dump} and {@code muon log verify}. Problems are reported as lines naming the
 * file, the offset and what is wrong, never as stack traces.
 */
public final class LogInspector
{
    private static final int VALUES_SHOWN = 4;

    private final FilesFacade files;
    private final PrintStream out;
    private final boolean dump;
    private int problems;
    private long records;
    private long rows;

    public LogInspector(final FilesFacade files, final PrintStream out, final boolean dump)
    {
        this.files = files;
        this.out = out;
        this.dump = dump;
    }

    /** @return the number of problems found (0: the log is sound). */
    public int inspect(final Path directory) throws IOException
    {
        if (!Files.isDirectory(directory))
        {
            throw new IOException(directory + " is not a directory");
        }
        final List<Path> segments = files.list(directory, SegmentDescriptor.SEGMENT_SUFFIX);
        if (segments.isEmpty())
        {
            problem(directory.toString(), -1, "no segment files (*" + SegmentDescriptor.SEGMENT_SUFFIX + ")");
            return problems;
        }
        long expectedIndex = -1;
        long nextSequence = Long.MIN_VALUE;
        try (NativeBuffer scratch = new NativeBuffer(64 * 1024, MemoryTag.LOG))
        {
            for (final Path file : segments)
            {
                final long index = SegmentDescriptor.parseIndex(file.getFileName().toString());
                if (expectedIndex >= 0 && index != expectedIndex)
                {
                    problem(file.getFileName().toString(), -1, "segment " + expectedIndex + " is missing");
                }
                expectedIndex = index + 1;
                nextSequence = inspectSegment(directory, file, index, nextSequence, scratch);
            }
        }
        out.printf("%d segments, %d records, %d rows, %d problems%n", segments.size(), records, rows, problems);
        return problems;
    }

    private long inspectSegment(final Path directory, final Path file, final long index, final long expectedSequence,
        final NativeBuffer scratch) throws IOException
    {
        final String name = file.getFileName().toString();
        final long fileLength = files.length(file);
        if (fileLength < SegmentDescriptor.HEADER_LENGTH || fileLength > SegmentDescriptor.MAX_SEGMENT_LENGTH)
        {
            problem(name, -1, "file length " + fileLength + " is not a segment's");
            return expectedSequence;
        }
        final MappedRegion region = mapReadOnly(file, fileLength);
        try
        {
            final UnsafeBuffer buffer = region.buffer();
            final String headerProblem = SegmentDescriptor.validateHeader(buffer, index, (int)fileLength);
            if (headerProblem != null)
            {
                problem(name, 0, headerProblem);
                return expectedSequence;
            }
            final int length = SegmentDescriptor.segmentLength(buffer);
            final long base = SegmentDescriptor.baseSequence(buffer);
            if (length != fileLength)
            {
                problem(name, -1, "file is " + fileLength + " bytes, header says " + length);
                return expectedSequence;
            }
            out.printf("segment %s: index %d, base sequence %d, %d bytes%n", name, index, base, length);
            if (base == SegmentDescriptor.UNUSED_BASE_SEQUENCE)
            {
                out.printf("  preallocated, never used%n");
                return expectedSequence;
            }
            if (expectedSequence != Long.MIN_VALUE && base < expectedSequence)
            {
                problem(name, 0, "base sequence " + base + " is before the previous segment's end " + expectedSequence);
            }
            final int maxBody = (length - SegmentDescriptor.HEADER_LENGTH) / 4 - HEADER_LENGTH;
            long nextSequence = base;
            int offset = SegmentDescriptor.HEADER_LENGTH;
            while (offset + HEADER_LENGTH <= length)
            {
                final int frameLength = buffer.getInt(offset);
                if (frameLength == 0)
                {
                    if (!zeroFrom(buffer, offset, length))
                    {
                        problem(name, offset, "bytes after the last record (an unrecovered torn write)");
                    }
                    break;
                }
                final String frameProblem = FrameValidator.validate(buffer, offset, frameLength, length, maxBody);
                if (frameProblem != null)
                {
                    problem(name, offset, frameProblem);
                    break;
                }
                final long sequence = baseSequence(buffer, offset);
                if (sequence < nextSequence)
                {
                    problem(name, offset, "sequence " + sequence + " goes back (expected at least " + nextSequence + ")");
                }
                nextSequence = Math.max(nextSequence, sequence + rowCount(buffer, offset));
                if (type(buffer, offset) == TYPE_DATA)
                {
                    inspectRecord(name, region, offset, frameLength, scratch);
                }
                else if (dump)
                {
                    out.printf("  @%d padding %d bytes%s%n", offset, frameLength,
                        rowCount(buffer, offset) > 0 ? " (aborted claim of " + rowCount(buffer, offset) + " rows)" : "");
                }
                offset += alignedLength(frameLength);
            }
            inspectIndex(directory, index, length);
            return nextSequence;
        }
        finally
        {
            region.close();
        }
    }

    private void inspectRecord(final String name, final MappedRegion region, final int offset, final int frameLength,
        final NativeBuffer scratch)
    {
        final UnsafeBuffer buffer = region.buffer();
        final LogCodec codec = LogCodec.fromId(codec(buffer, offset));
        final int bodyLength = bodyLength(buffer, offset);
        final int rowCount = rowCount(buffer, offset);
        DirectBuffer body = buffer;
        final int bodyStart = bodyStart(buffer, offset);
        int bodyOffset = offset + bodyStart;
        if (codec != LogCodec.NONE)
        {
            scratch.ensureCapacity(bodyLength);
            final String problem = BodyCodec.decompress(codec, region.mappedBuffer(), offset + bodyStart,
                frameLength - bodyStart, scratch.byteBuffer(), 0, bodyLength);
            if (problem != null)
            {
                problem(name, offset, "cannot decompress body: " + problem);
                return;
            }
            body = scratch.buffer();
            bodyOffset = 0;
        }
        final String batchProblem = ColumnBatchDescriptor.validate(body, bodyOffset, bodyLength, rowCount);
        if (batchProblem != null)
        {
            problem(name, offset, "bad column batch: " + batchProblem);
            return;
        }
        records++;
        rows += rowCount;
        if (dump)
        {
            out.printf("  @%d sequence %d rows %d schema %d codec %s body %d bytes event time [%d, %d] crc 0x%08x%s%n",
                offset, baseSequence(buffer, offset), rowCount, schemaVersion(buffer, offset),
                codec.name().toLowerCase(java.util.Locale.ROOT), bodyLength, minEventTime(buffer, offset),
                maxEventTime(buffer, offset), crc(buffer, offset), hasProducer(buffer, offset) ?
                    " producer " + producerId(buffer, offset) + " #" + producerSequence(buffer, offset) : "");
            final int columns = ColumnBatchDescriptor.columnCount(body, bodyOffset);
            for (int c = 0; c < columns; c++)
            {
                out.printf("    column %d: %s%n", c, describeColumn(body, bodyOffset, c, rowCount));
            }
        }
    }

    private static String describeColumn(final DirectBuffer body, final int bodyOffset, final int column, final int rows)
    {
        final StringBuilder text = new StringBuilder();
        final boolean nullable = ColumnBatchDescriptor.nullable(body, bodyOffset, column);
        final int data = bodyOffset + ColumnBatchDescriptor.dataOffset(body, bodyOffset, column);
        final int nulls = bodyOffset + ColumnBatchDescriptor.nullsOffset(body, bodyOffset, column);
        final boolean fixed = ColumnBatchDescriptor.kind(body, bodyOffset, column) == ColumnBatchDescriptor.KIND_FIXED;
        final int width = ColumnBatchDescriptor.width(body, bodyOffset, column);
        text.append(fixed ? "fixed " + width + " bytes" : "variable").append(nullable ? ", nullable" : "").append(": ");
        final int shown = Math.min(rows, VALUES_SHOWN);
        for (int row = 0; row < shown; row++)
        {
            if (row > 0)
            {
                text.append(", ");
            }
            if (nullable && (body.getByte(nulls + (row >>> 3)) & (1 << (row & 7))) != 0)
            {
                text.append("NULL");
            }
            else if (fixed)
            {
                switch (width)
                {
                    case 1: text.append(body.getByte(data + row)); break;
                    case 2: text.append(body.getShort(data + row * 2)); break;
                    case 4: text.append(body.getInt(data + row * 4)); break;
                    case 8: text.append(body.getLong(data + row * 8)); break;
                    default: text.append(hex(body, data + row * width, Math.min(width, 16)));
                }
            }
            else
            {
                final int offsets = bodyOffset + ColumnBatchDescriptor.offsetsOffset(body, bodyOffset, column);
                final int start = body.getInt(offsets + row * 4);
                final int end = body.getInt(offsets + row * 4 + 4);
                final byte[] bytes = new byte[Math.min(end - start, 40)];
                body.getBytes(data + start, bytes);
                text.append('\'').append(new String(bytes, StandardCharsets.UTF_8)).append(end - start > 40 ? "…'" : "'");
            }
        }
        if (rows > shown)
        {
            text.append(", … (").append(rows).append(" rows)");
        }
        return text.toString();
    }

    private static String hex(final DirectBuffer buffer, final int offset, final int length)
    {
        final StringBuilder text = new StringBuilder("0x");
        for (int i = 0; i < length; i++)
        {
            text.append(String.format("%02x", buffer.getByte(offset + i)));
        }
        return text.toString();
    }

    private void inspectIndex(final Path directory, final long index, final int segmentLength) throws IOException
    {
        final Path file = directory.resolve(SegmentDescriptor.indexFileName(index));
        final String name = file.getFileName().toString();
        if (!files.exists(file))
        {
            out.printf("  index %s missing (rebuilt when the log is opened)%n", name);
            return;
        }
        final long length = files.length(file);
        if (length < LogIndexDescriptor.HEADER_LENGTH)
        {
            problem(name, -1, "index file of " + length + " bytes is shorter than its header");
            return;
        }
        final MappedRegion region = mapReadOnly(file, length);
        try
        {
            final UnsafeBuffer buffer = region.buffer();
            final int entries = LogIndexDescriptor.entryCountVolatile(buffer);
            if (buffer.getLong(LogIndexDescriptor.MAGIC_OFFSET) != LogIndexDescriptor.MAGIC ||
                entries < 0 || LogIndexDescriptor.entryOffset(entries) > length)
            {
                problem(name, 0, "not a sound index header");
                return;
            }
            if (LogIndexDescriptor.isSealed(buffer))
            {
                final int stored = buffer.getInt(LogIndexDescriptor.HEADER_CRC_OFFSET);
                final int actual = LogIndexDescriptor.sealedCrc(buffer, entries);
                if (stored != actual)
                {
                    problem(name, 0, String.format("sealed index CRC mismatch: stored 0x%08x, computed 0x%08x", stored, actual));
                    return;
                }
            }
            out.printf("  index %s: %d entries, %s%n", name, entries,
                LogIndexDescriptor.isSealed(buffer) ? "sealed" : "open");
        }
        finally
        {
            region.close();
        }
    }

    private MappedRegion mapReadOnly(final Path file, final long length) throws IOException
    {
        final FileChannel channel = files.openRead(file);
        try
        {
            return files.map(channel, length, false);
        }
        finally
        {
            files.close(channel);
        }
    }

    private static boolean zeroFrom(final UnsafeBuffer buffer, final int from, final int to)
    {
        for (int i = from; i < to; i++)
        {
            if (buffer.getByte(i) != 0)
            {
                return false;
            }
        }
        return true;
    }

    private void problem(final String file, final long offset, final String what)
    {
        problems++;
        if (offset >= 0)
        {
            out.printf("PROBLEM %s offset %d: %s%n", file, offset, what);
        }
        else
        {
            out.printf("PROBLEM %s: %s%n", file, what);
        }
    }
}
