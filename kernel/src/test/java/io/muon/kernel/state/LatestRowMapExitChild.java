package io.muon.kernel.state;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The process {@link LatestRowMapTest} starts: opens a map, puts a row, and exits through {@code System.exit}, its
 * shutdown hook closing the map late, as a server's does.
 */
public final class LatestRowMapExitChild
{
    private LatestRowMapExitChild()
    {
    }

    public static void main(final String[] args)
    {
        final LatestRowMap map = LatestRowMap.open(Path.of(args[0]), "k", 100, 8, 16, System.err::println);
        map.put("k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8));
        map.applied(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            // a server closes its front ends first: every other shutdown hook has run by the time it closes the map
            java.util.concurrent.locks.LockSupport.parkNanos(300_000_000L);
            map.close();
        }));
        System.exit(0);
    }
}
