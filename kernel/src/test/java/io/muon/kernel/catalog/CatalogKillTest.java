package io.muon.kernel.catalog;

import io.muon.kernel.JvmFlags;
import io.muon.kernel.io.FilesFacade;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** A process doing DDL is killed with SIGKILL; every acknowledged change is in the catalog afterwards. */
class CatalogKillTest
{
    @TempDir
    Path dir;

    @Test
    void acknowledgedDdlSurvivesSigkill() throws Exception
    {
        final Set<String> created = new HashSet<>();
        final Set<String> dropped = new HashSet<>();
        for (int round = 0; round < 3; round++)
        {
            final List<String> command = new ArrayList<>();
            command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(JvmFlags.list());
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(KilledCatalogWriter.class.getName());
            command.add(dir.toString());
            command.add("r" + round);
            final Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)))
            {
                int acks = 0;
                String line;
                while (acks < 40 + round * 17 && (line = out.readLine()) != null)
                {
                    final String[] parts = line.split(" ");
                    created.add(parts[1]);
                    if (parts.length == 4)
                    {
                        dropped.add(parts[3]);
                    }
                    acks++;
                }
                assertEquals(40 + round * 17, acks, "child stopped early");
                child.destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            }
            finally
            {
                child.destroyForcibly();
            }
            final CatalogSnapshot snapshot = Catalog.open(dir, FilesFacade.DEFAULT).snapshot();
            for (final String name : created)
            {
                assertEquals(!dropped.contains(name), snapshot.find("default", name) != null, "round " + round + ": " + name);
            }
        }
    }
}
