package io.muon.kernel.catalog;

import io.muon.kernel.io.FilesFacade;

import java.nio.file.Paths;

/** Child JVM of {@link CatalogKillTest}: creates streams in a loop, printing "ACK name" after each, until killed. */
public final class KilledCatalogWriter
{
    private KilledCatalogWriter()
    {
    }

    public static void main(final String[] args)
    {
        final Catalog catalog = Catalog.open(Paths.get(args[0]), FilesFacade.DEFAULT);
        for (int i = 0; ; i++)
        {
            final String name = args[1] + "_" + i;
            catalog.create(CatalogTest.richStream("default", name), false, false);
            if (i % 3 == 2)
            {
                catalog.drop("default", args[1] + "_" + (i - 1), java.util.Set.of(ObjectKind.STREAM), false);
            }
            System.out.println("ACK " + name + (i % 3 == 2 ? " DROPPED " + args[1] + "_" + (i - 1) : ""));
            System.out.flush();
        }
    }
}
