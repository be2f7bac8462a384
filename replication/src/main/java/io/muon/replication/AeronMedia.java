package io.muon.replication;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;

import java.util.concurrent.TimeUnit;

/**
 * This node's Aeron: a media driver embedded in the server (shared threading mode, one thread that backs off when
 * idle, as a 2-core machine wants) or an external driver already running in {@code directory}, and the client
 * connected to it. Publishers on the same machine reach the ingest endpoint over IPC through the same directory.
 */
public final class AeronMedia implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(AeronMedia.class.getName());

    private final MediaDriver driver;
    private final Aeron aeron;
    private final String directory;

    private AeronMedia(final MediaDriver driver, final Aeron aeron, final String directory)
    {
        this.driver = driver;
        this.aeron = aeron;
        this.directory = directory;
    }

    /** Starts an embedded media driver in {@code directory} (replacing a stale one left there) and connects to it. */
    public static AeronMedia embedded(final String directory)
    {
        final MediaDriver.Context context = new MediaDriver.Context()
            .aeronDirectoryName(directory)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(idle())
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .termBufferSparseFile(true)
            .errorHandler(e -> LOG.log(System.Logger.Level.WARNING, "Aeron media driver: " + e, e));
        final MediaDriver driver = MediaDriver.launch(context);
        try
        {
            return new AeronMedia(driver, connect(driver.aeronDirectoryName()), driver.aeronDirectoryName());
        }
        catch (final RuntimeException e)
        {
            driver.close();
            throw e;
        }
    }

    /** Connects to a media driver that runs outside this process, in {@code directory}. */
    public static AeronMedia external(final String directory)
    {
        return new AeronMedia(null, connect(directory), directory);
    }

    private static Aeron connect(final String directory)
    {
        return Aeron.connect(new Aeron.Context()
            .aeronDirectoryName(directory)
            .driverTimeoutMs(TimeUnit.SECONDS.toMillis(10))
            .errorHandler(e -> LOG.log(System.Logger.Level.WARNING, "Aeron client: " + e, e)));
    }

    /** The idle strategy of every Muon loop that waits on Aeron: spin a little, yield, then park up to 1 ms. */
    public static BackoffIdleStrategy idle()
    {
        return new BackoffIdleStrategy(16, 16, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1));
    }

    public Aeron aeron()
    {
        return aeron;
    }

    /** The Aeron directory: what local publishers pass to {@code Aeron.Context.aeronDirectoryName}. */
    public String directory()
    {
        return directory;
    }

    public boolean isEmbedded()
    {
        return driver != null;
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(aeron, driver);
    }
}
