package io.muon.sql.plan;

/**
 * When a streaming aggregation emits, resolved from the EMIT clause and the query's shape. Durations are in
 * milliseconds, 0 when not given.
 *
 * @param policy           AFTER_WINDOW_CLOSE (windows: when the watermark passes the window end), PERIODIC (every
 *                         {@code periodicMs}), or ON_UPDATE (the groups each batch changed)
 * @param changelog        results carry {@code _tp_delta} and retract previous ones
 * @param delayMs          allowed lateness: the watermark trails the largest event time by this much
 * @param timeoutMs        close windows after this much processing time without new events
 * @param repeat           PERIODIC … REPEAT: emit unchanged groups again
 * @param batchMs          ON UPDATE WITH BATCH n: check for changed groups every n of processing time instead of
 *                         after every batch (0: after every batch)
 * @param lastMs           Proton 1.6 {@code AND LAST d}: only the last d of event (or processing) time
 * @param onProcessingTime {@code ON PROCTIME}
 */
public record EmitSpec(Policy policy, boolean changelog, long delayMs, long timeoutMs, long periodicMs, boolean repeat,
    long batchMs, long lastMs, boolean onProcessingTime)
{
    public enum Policy
    {
        AFTER_WINDOW_CLOSE, PERIODIC, ON_UPDATE
    }

    /** Global aggregation's default: every 2 seconds. */
    public static final long DEFAULT_PERIODIC_MS = 2000;

    @Override
    public String toString()
    {
        final StringBuilder text = new StringBuilder(policy.name());
        if (policy == Policy.PERIODIC)
        {
            text.append(' ').append(periodicMs).append("ms");
            if (repeat)
            {
                text.append(" REPEAT");
            }
        }
        if (delayMs > 0)
        {
            text.append(" delay=").append(delayMs).append("ms");
        }
        if (timeoutMs > 0)
        {
            text.append(" timeout=").append(timeoutMs).append("ms");
        }
        if (batchMs > 0)
        {
            text.append(" batch=").append(batchMs).append("ms");
        }
        if (lastMs > 0)
        {
            text.append(" last=").append(lastMs).append("ms").append(onProcessingTime ? " proctime" : "");
        }
        if (changelog)
        {
            text.append(" CHANGELOG");
        }
        return text.toString();
    }
}
