package io.muon.kernel.compress;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds the repository's shared test data ({@code shared/testdata}, next to the project checkout): it walks up from
 * the working directory (surefire runs a module's tests in the module directory) and fails with a clear message when
 * the directory is missing, which it never is in a checkout or in CI.
 */
final class SharedTestData
{
    private SharedTestData()
    {
    }

    /** The directory {@code shared/testdata/<name>}. */
    static Path directory(final String name)
    {
        final Path start = Paths.get("").toAbsolutePath();
        for (Path directory = start; directory != null; directory = directory.getParent())
        {
            final Path candidate = directory.resolve("shared").resolve("testdata").resolve(name);
            if (Files.isDirectory(candidate))
            {
                return candidate;
            }
        }
        throw new IllegalStateException(
            "shared/testdata/" + name + " not found in " + start + " or any directory above it; the test data lives " +
            "in ../shared/testdata next to the project checkout");
    }
}
