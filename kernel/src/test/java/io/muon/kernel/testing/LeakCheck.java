package io.muon.kernel.testing;

import io.muon.kernel.io.ResourceCounters;
import io.muon.kernel.memory.MemoryTag;
import io.muon.kernel.memory.NativeMemory;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Fails a test that leaves behind native memory (per {@link MemoryTag}), open files or memory mappings. It compares
 * Muon's own counters ({@link NativeMemory}, {@link ResourceCounters}) before and after each test, and also asks the
 * operating system: any file descriptor or mapping that the test opened under the temporary directory and did not
 * release is reported by path. Use with {@code @ExtendWith(LeakCheck.class)}.
 */
public final class LeakCheck implements BeforeEachCallback, AfterEachCallback
{
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LeakCheck.class);
    private static final String TEMP_ROOT = Paths.get(System.getProperty("java.io.tmpdir")).toAbsolutePath().toString();

    /** What was live at one moment. */
    public static final class Snapshot
    {
        final long[] bytes = new long[MemoryTag.all().length];
        final long[] allocations = new long[MemoryTag.all().length];
        final long openFiles;
        final long mappings;
        final Set<String> osFiles;
        final Set<String> osMappings;

        Snapshot()
        {
            for (final MemoryTag tag : MemoryTag.all())
            {
                bytes[tag.ordinal()] = NativeMemory.liveBytes(tag);
                allocations[tag.ordinal()] = NativeMemory.liveAllocations(tag);
            }
            openFiles = ResourceCounters.openFiles();
            mappings = ResourceCounters.mappings();
            osFiles = openFilesUnder(TEMP_ROOT);
            osMappings = mappingsUnder(TEMP_ROOT);
        }
    }

    /** Takes a snapshot now, for tests that check a region narrower than the whole test. */
    public static Snapshot snapshot()
    {
        return new Snapshot();
    }

    /** @return an empty list if nothing leaked since {@code before}, else one line per leak. */
    public static List<String> leaksSince(final Snapshot before)
    {
        final Snapshot after = new Snapshot();
        final List<String> leaks = new ArrayList<>();
        for (final MemoryTag tag : MemoryTag.all())
        {
            final int i = tag.ordinal();
            if (after.bytes[i] != before.bytes[i] || after.allocations[i] != before.allocations[i])
            {
                leaks.add("native memory " + tag + ": " + (after.bytes[i] - before.bytes[i]) + " bytes in " +
                    (after.allocations[i] - before.allocations[i]) + " allocations");
            }
        }
        if (after.openFiles != before.openFiles)
        {
            leaks.add("open files (Muon's count): " + (after.openFiles - before.openFiles));
        }
        if (after.mappings != before.mappings)
        {
            leaks.add("mappings (Muon's count): " + (after.mappings - before.mappings));
        }
        for (final String file : after.osFiles)
        {
            if (!before.osFiles.contains(file))
            {
                leaks.add("file descriptor still open: " + file);
            }
        }
        for (final String mapping : after.osMappings)
        {
            if (!before.osMappings.contains(mapping))
            {
                leaks.add("file still mapped: " + mapping);
            }
        }
        return leaks;
    }

    @Override
    public void beforeEach(final ExtensionContext context)
    {
        context.getStore(NAMESPACE).put("before", new Snapshot());
    }

    @Override
    public void afterEach(final ExtensionContext context)
    {
        final Snapshot before = context.getStore(NAMESPACE).get("before", Snapshot.class);
        final List<String> leaks = leaksSince(before);
        if (!leaks.isEmpty())
        {
            throw new AssertionError("test leaked:\n  " + String.join("\n  ", leaks));
        }
    }

    static Set<String> openFilesUnder(final String root)
    {
        final Set<String> result = new TreeSet<>();
        final Path fds = Paths.get("/proc/self/fd");
        if (!Files.isDirectory(fds))
        {
            return result;
        }
        try (Stream<Path> entries = Files.list(fds))
        {
            entries.forEach(fd ->
            {
                try
                {
                    final String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith(root))
                    {
                        result.add(target);
                    }
                }
                catch (final IOException ignored)
                {
                    // the descriptor closed while we listed
                }
            });
        }
        catch (final IOException e)
        {
            throw new IllegalStateException("cannot list /proc/self/fd", e);
        }
        return result;
    }

    static Set<String> mappingsUnder(final String root)
    {
        final Set<String> result = new TreeSet<>();
        final Path maps = Paths.get("/proc/self/maps");
        if (!Files.exists(maps))
        {
            return result;
        }
        try
        {
            for (final String line : Files.readAllLines(maps))
            {
                final int slash = line.indexOf('/');
                // shared libraries that codecs unpack into the temp directory stay loaded by design
                if (slash > 0 && line.startsWith(root, slash) && !line.contains(".so"))
                {
                    result.add(line.substring(slash));
                }
            }
        }
        catch (final IOException e)
        {
            throw new IllegalStateException("cannot read /proc/self/maps", e);
        }
        return result;
    }
}
