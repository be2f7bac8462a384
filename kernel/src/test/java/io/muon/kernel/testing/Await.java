package io.muon.kernel.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits on a condition with a deadline, instead of sleeping in tests. */
public final class Await
{
    private Await()
    {
    }

    public static void until(final Duration timeout, final BooleanSupplier condition, final Supplier<String> describe)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out after " + timeout + ": " + describe.get());
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
