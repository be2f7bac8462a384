package io.muon.perf.nexmark;

import java.lang.management.ManagementFactory;

/** CPU time of this process, all threads together (garbage collection and background agents included). */
public final class CpuTime
{
    private CpuTime()
    {
    }

    /** Nanoseconds of CPU this process has used, or -1 where the JVM does not tell. */
    public static long process()
    {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ?
            os.getProcessCpuTime() : -1;
    }
}
