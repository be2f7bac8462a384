package io.muon.kernel.compress;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds the golden artefacts made by a real ClickHouse: the project's copy in {@code testdata/} at the repository
 * root (so a fresh clone has them), else {@code shared/testdata} next to the checkout. It walks up from the working
 * directory (surefire runs a module's tests in the module directory) and fails with a clear message when neither is
 * there.
 */
public final class SharedTestData
{
    private SharedTestData()
    {
    }

    /** The directory {@code shared/testdata/<name>}. */
    public static Path directory(final String name)
    {
        final Path start = Paths.get("").toAbsolutePath();
        for (Path directory = start; directory != null; directory = directory.getParent())
        {
            for (final Path candidate : new Path[] {directory.resolve("testdata").resolve(name),
                directory.resolve("shared").resolve("testdata").resolve(name)})
            {
                if (Files.isDirectory(candidate))
                {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException(
            "testdata/" + name + " not found in " + start + " or any directory above it (the repository keeps it in " +
            "testdata/ at its root)");
    }
}
