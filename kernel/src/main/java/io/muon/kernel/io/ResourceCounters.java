package io.muon.kernel.io;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Live counts of the operating-system resources Muon opens through {@link FilesFacade}: file channels and memory
 * mappings. The metrics endpoint shows them; the test leak checks compare them before and after each test.
 */
public final class ResourceCounters
{
    private static final AtomicLong OPEN_FILES = new AtomicLong();
    private static final AtomicLong MAPPINGS = new AtomicLong();
    private static final AtomicLong MAPPED_BYTES = new AtomicLong();

    private ResourceCounters()
    {
    }

    public static long openFiles()
    {
        return OPEN_FILES.get();
    }

    public static long mappings()
    {
        return MAPPINGS.get();
    }

    public static long mappedBytes()
    {
        return MAPPED_BYTES.get();
    }

    static void fileOpened()
    {
        OPEN_FILES.incrementAndGet();
    }

    static void fileClosed()
    {
        OPEN_FILES.decrementAndGet();
    }

    static void mapped(final long bytes)
    {
        MAPPINGS.incrementAndGet();
        MAPPED_BYTES.addAndGet(bytes);
    }

    static void unmapped(final long bytes)
    {
        MAPPINGS.decrementAndGet();
        MAPPED_BYTES.addAndGet(-bytes);
    }
}
