package io.muon.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The JVM flags every Muon JVM needs (Agrona, Aeron, Chronicle Map), as the build wrote them from the root pom's
 * {@code muon.jvm.flags} into the resource {@code io/muon/kernel/jvm.options}. JMH forks, child JVMs started by tests
 * and the launcher all read them from here, so they are kept in one place.
 */
public final class JvmFlags
{
    public static final String RESOURCE = "/io/muon/kernel/jvm.options";

    private static final List<String> FLAGS = load();

    private JvmFlags()
    {
    }

    /** The flags, one per element. */
    public static List<String> list()
    {
        return FLAGS;
    }

    /** The flags as one space-separated string. */
    public static String joined()
    {
        return String.join(" ", FLAGS);
    }

    private static List<String> load()
    {
        try (InputStream in = JvmFlags.class.getResourceAsStream(RESOURCE))
        {
            if (in == null)
            {
                throw new IllegalStateException(RESOURCE + " is missing from the class path: build the kernel with Maven");
            }
            final String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            if (text.contains("${"))
            {
                throw new IllegalStateException(RESOURCE + " was not filtered by the build: " + text);
            }
            final List<String> flags = new ArrayList<>();
            for (final String flag : text.split("\\s+"))
            {
                if (!flag.isEmpty())
                {
                    flags.add(flag);
                }
            }
            return Collections.unmodifiableList(flags);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }
}
