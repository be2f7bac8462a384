package io.muon.kernel.state;

/**
 * One checkpoint of a materialized view: the query's state at a barrier, the rows it emitted before that barrier and
 * had not appended yet ({@code output}, appended after the file is durable), and where they go: numbered from
 * {@code outputStart} in the view's own producer sequence, into a target whose log was at {@code targetFrom}.
 */
public record Checkpoint(long id, long outputStart, long targetFrom, long writtenAtMs, byte[] state, byte[] output)
{
}
