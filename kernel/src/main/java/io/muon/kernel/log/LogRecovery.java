package io.muon.kernel.log;

import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.io.MappedRegion;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.muon.kernel.log.RecordDescriptor.*;

/**
 * Opens the segments of an existing log and makes them consistent: drops a last segment that was being created
 * when the process died, checks every record of each segment that was not sealed (CRC, bounds, sequence order),
 * cuts the log at the first record that fails (zeroing the bytes after it, so no stale frame can ever look
 * published), and rebuilds missing or damaged indexes. Sealed segments, forced to disk before they were sealed,
 * are trusted. Runs once, on the opening thread, before anyone else sees the log.
 */
final class LogRecovery
{
    private static final System.Logger LOG = System.getLogger(LogRecovery.class.getName());

    static final class Result
    {
        final List<Segment> segments = new ArrayList<>();
        int segmentLength;
        long nextSequence;
        int tailOffset;
        long tailMaxEventTime = Long.MIN_VALUE;
        int tailNextIndexOffset;
    }

    private static final class Candidate
    {
        final Path file;
        final long index;
        long baseSequence;
        int length;
        String problem;

        Candidate(final Path file, final long index)
        {
            this.file = file;
            this.index = index;
        }
    }

    private final LogSettings settings;
    private final FilesFacade files;
    private final Path directory;

    LogRecovery(final LogSettings settings)
    {
        this.settings = settings;
        this.files = settings.files();
        this.directory = settings.directory();
    }

    Result recover() throws IOException
    {
        final List<Candidate> candidates = readHeaders();
        while (!candidates.isEmpty())
        {
            final Candidate last = candidates.get(candidates.size() - 1);
            if (last.problem == null && last.baseSequence != SegmentDescriptor.UNUSED_BASE_SEQUENCE)
            {
                break;
            }
            LOG.log(System.Logger.Level.INFO, "log {0}: removing unused last segment {1} ({2})", directory,
                last.index, last.problem == null ? "preallocated, never used" : last.problem);
            files.delete(last.file);
            files.delete(directory.resolve(SegmentDescriptor.indexFileName(last.index)));
            candidates.remove(candidates.size() - 1);
        }

        final Result result = new Result();
        for (int i = 0; i < candidates.size(); i++)
        {
            final Candidate candidate = candidates.get(i);
            if (candidate.problem != null)
            {
                throw new LogException("log " + directory + ": segment " + candidate.file.getFileName() + ": " +
                    candidate.problem);
            }
            if (candidate.baseSequence == SegmentDescriptor.UNUSED_BASE_SEQUENCE)
            {
                throw new LogException("log " + directory + ": segment " + candidate.file.getFileName() +
                    " was never activated but later segments exist");
            }
            if (i > 0 && candidate.index != candidates.get(i - 1).index + 1)
            {
                throw new LogException("log " + directory + ": segment " + (candidates.get(i - 1).index + 1) +
                    " is missing between " + candidates.get(i - 1).file.getFileName() + " and " +
                    candidate.file.getFileName());
            }
            if (i > 0 && candidate.length != candidates.get(0).length)
            {
                throw new LogException("log " + directory + ": segment " + candidate.file.getFileName() + " is " +
                    candidate.length + " bytes long, others are " + candidates.get(0).length);
            }
        }

        try
        {
            for (int i = 0; i < candidates.size(); i++)
            {
                final Candidate candidate = candidates.get(i);
                final boolean last = i == candidates.size() - 1;
                final Segment segment = open(candidate);
                result.segments.add(segment);
                if (i == 0)
                {
                    result.segmentLength = candidate.length;
                    result.nextSequence = segment.baseSequence;
                }
                if (segment.baseSequence < result.nextSequence)
                {
                    throw new LogException("log " + directory + ": segment " + candidate.file.getFileName() +
                        " starts at sequence " + segment.baseSequence + " but the previous segment ends at " +
                        result.nextSequence);
                }
                if (segment.segmentIndex.isSoundAndSealed(segment.index, segment.length))
                {
                    result.nextSequence = Math.max(segment.baseSequence, segment.segmentIndex.nextSequence());
                    continue;
                }
                scan(segment, last, result);
            }
        }
        catch (final IOException | RuntimeException e)
        {
            for (final Segment segment : result.segments)
            {
                segment.release();
            }
            throw e;
        }
        return result;
    }

    private List<Candidate> readHeaders() throws IOException
    {
        final List<Candidate> candidates = new ArrayList<>();
        final ByteBuffer header = ByteBuffer.allocateDirect(SegmentDescriptor.HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        final UnsafeBuffer view = new UnsafeBuffer(header);
        for (final Path file : files.list(directory, SegmentDescriptor.SEGMENT_SUFFIX))
        {
            final long index = SegmentDescriptor.parseIndex(file.getFileName().toString());
            if (index < 0)
            {
                throw new LogException("log " + directory + ": unexpected file " + file.getFileName());
            }
            final Candidate candidate = new Candidate(file, index);
            final long fileLength = files.length(file);
            header.clear();
            view.setMemory(0, SegmentDescriptor.HEADER_LENGTH, (byte)0);
            final FileChannel channel = files.openRead(file);
            try
            {
                while (header.hasRemaining() && channel.read(header, header.position()) > 0)
                {
                    // read the whole header
                }
            }
            finally
            {
                files.close(channel);
            }
            candidate.problem = SegmentDescriptor.validateHeader(view, index, (int)Math.min(fileLength, Integer.MAX_VALUE));
            if (candidate.problem == null)
            {
                candidate.baseSequence = SegmentDescriptor.baseSequence(view);
                candidate.length = SegmentDescriptor.segmentLength(view);
                if (fileLength > candidate.length)
                {
                    candidate.problem = "file is " + fileLength + " bytes, header says " + candidate.length;
                }
            }
            candidates.add(candidate);
        }
        return candidates;
    }

    private Segment open(final Candidate candidate) throws IOException
    {
        final MappedRegion region = NativeLog.mapExisting(files, candidate.file, candidate.length);
        final SegmentIndex index;
        try
        {
            index = SegmentIndex.map(files, directory.resolve(SegmentDescriptor.indexFileName(candidate.index)),
                candidate.length, settings.indexIntervalBytes());
        }
        catch (final IOException | RuntimeException e)
        {
            region.close();
            throw e;
        }
        return new Segment(files, candidate.index, candidate.length, candidate.file,
            directory.resolve(SegmentDescriptor.indexFileName(candidate.index)), region, index);
    }

    /** Checks every record of an unsealed segment, rebuilding its index, and cuts it at the first bad one. */
    private void scan(final Segment segment, final boolean last, final Result result)
    {
        final UnsafeBuffer buffer = segment.buffer;
        final int length = segment.length;
        final int maxBody = (length - SegmentDescriptor.HEADER_LENGTH) / 4 - HEADER_LENGTH;
        final int interval = settings.indexIntervalBytes();
        final SegmentIndex index = segment.segmentIndex;
        index.reset(segment.index);
        int offset = SegmentDescriptor.HEADER_LENGTH;
        int nextIndexOffset = offset;
        long nextSequence = segment.baseSequence;
        long maxEventTime = Long.MIN_VALUE;
        String problem = null;
        while (offset + HEADER_LENGTH <= length)
        {
            final int frameLength = buffer.getInt(offset + FRAME_LENGTH_OFFSET);
            if (frameLength == 0)
            {
                break;
            }
            problem = FrameValidator.validate(buffer, offset, frameLength, length, maxBody);
            if (problem == null && baseSequence(buffer, offset) < nextSequence)
            {
                problem = "sequence " + baseSequence(buffer, offset) + " goes back (expected at least " + nextSequence + ")";
            }
            if (problem != null)
            {
                break;
            }
            if (offset >= nextIndexOffset)
            {
                index.addEntry(baseSequence(buffer, offset), maxEventTime, offset);
                nextIndexOffset = (offset / interval + 1) * interval;
            }
            if (type(buffer, offset) == TYPE_DATA)
            {
                maxEventTime = Math.max(maxEventTime, maxEventTime(buffer, offset));
            }
            nextSequence = Math.max(nextSequence, baseSequence(buffer, offset) + rowCount(buffer, offset));
            offset += alignedLength(frameLength);
        }

        if (offset < length && !allZero(buffer, offset, length))
        {
            LOG.log(System.Logger.Level.WARNING, "log {0}: cutting {1} at offset {2}: {3}", directory, segment,
                offset, problem == null ? "bytes after the last published record" : problem);
            buffer.setMemory(offset, length - offset, (byte)0);
            files.force(segment.region, offset, length - offset);
        }
        if (last)
        {
            index.progress(offset, nextSequence, maxEventTime);
            index.force();
            result.tailOffset = offset;
            result.tailMaxEventTime = maxEventTime;
            result.tailNextIndexOffset = nextIndexOffset;
        }
        else
        {
            if (length - offset >= HEADER_LENGTH)
            {
                NativeLog.writePadding(segment, offset, length - offset, nextSequence, 0);
                files.force(segment.region, offset, HEADER_LENGTH);
            }
            index.seal(length, nextSequence, maxEventTime, settings.clock().time());
        }
        result.nextSequence = nextSequence;
    }

    private static boolean allZero(final UnsafeBuffer buffer, final int from, final int to)
    {
        int i = from;
        for (; i + 8 <= to; i += 8)
        {
            if (buffer.getLong(i) != 0)
            {
                return false;
            }
        }
        for (; i < to; i++)
        {
            if (buffer.getByte(i) != 0)
            {
                return false;
            }
        }
        return true;
    }
}
