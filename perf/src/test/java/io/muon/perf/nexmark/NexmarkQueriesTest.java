package io.muon.perf.nexmark;

import io.muon.kernel.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Nexmark join queries as streaming queries give the rows of the same query over the streams' whole history
 * ({@code table(...)}): the streaming joins and windows against the bounded engine, over generated events. For the
 * queries whose rows update earlier ones (q4, q9), the last row of each key is compared.
 */
@ExtendWith(LeakCheck.class)
class NexmarkQueriesTest
{
    private static final long EVENTS = 60_000;

    @Test
    void streamingJoinsGiveTheRowsOfTheBoundedQuery(@TempDir final Path dir) throws Exception
    {
        try (NexmarkMuon muon = new NexmarkMuon(dir))
        {
            // a thousand events a second: a minute of event time, many windows
            final NexmarkGenerator.Config defaults = NexmarkGenerator.Config.defaults();
            muon.load(new NexmarkGenerator(new NexmarkGenerator.Config(1000, defaults.baseTimeMs(),
                defaults.personProportion(), defaults.auctionProportion(), defaults.bidProportion(),
                defaults.avgPersonBytes(), defaults.avgAuctionBytes(), defaults.avgBidBytes(),
                defaults.hotAuctionRatio(), defaults.hotSellersRatio(), defaults.hotBiddersRatio(),
                defaults.numActivePeople(), defaults.numInFlightAuctions())), EVENTS);
            for (final NexmarkQueries query : NexmarkQueries.all())
            {
                if (query.name().compareTo("q3") < 0)
                {
                    continue;
                }
                // the last event of each stream (auction -1) opens windows no later event closes
                final List<String> bounded = new ArrayList<>();
                for (final String line : muon.bounded(overHistory(query.muon())))
                {
                    if (!line.startsWith("-1\t"))
                    {
                        bounded.add(line);
                    }
                }
                Collections.sort(bounded);
                assertTrue(!bounded.isEmpty(), query.name() + " has no rows to compare");
                if (query.updating())
                {
                    // the last row of each key (the first column) is the result over every event
                    final java.util.Map<String, String> last = new java.util.HashMap<>();
                    for (final String line : muon.all(query.muon()))
                    {
                        last.put(line.substring(0, line.indexOf('\t')), line);
                    }
                    last.remove("-1");
                    assertEquals(bounded, sorted(new ArrayList<>(last.values())), query.name());
                }
                else if (query.name().equals("q5"))
                {
                    // the maximum of the last windows needs a later window of counts to close: a few rows short,
                    // so the streaming rows are counted by a run that ends when no row has come for a second
                    final List<String> streaming = sorted(muon.rows(query.muon(), muon.count(query.muon())));
                    assertTrue(bounded.containsAll(streaming) && streaming.size() * 10 > bounded.size() * 8,
                        "q5: " + streaming.size() + " of " + bounded.size());
                }
                else
                {
                    // exactly the bounded query's rows, within a deadline (a missing row would wait forever)
                    final List<String> streaming = assertTimeoutPreemptively(Duration.ofSeconds(60),
                        () -> sorted(muon.rows(query.muon(), bounded.size())), query.name());
                    assertEquals(bounded, streaming, query.name());
                }
            }
        }
    }

    /** The query over {@code table(...)} of each stream. */
    private static String overHistory(final String sql)
    {
        return sql.replace(" EMIT CHANGELOG ON UPDATE", "").replace(" EMIT ON UPDATE", "").replaceAll("\\b(FROM|JOIN|tumble\\(|hop\\() ?(bid|auction|person)\\b", "$1 table($2)")
            .replace("( table(", "(table(");
    }

    private static List<String> sorted(final List<String> lines)
    {
        final List<String> out = new ArrayList<>(lines);
        Collections.sort(out);
        return out;
    }
}
