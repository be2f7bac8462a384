package io.muon.perf.nexmark;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generator against Nexmark's formulas: kinds and ids by event number, event times, sizes and determinism. */
class NexmarkGeneratorTest
{
    private final NexmarkGenerator generator = new NexmarkGenerator(NexmarkGenerator.Config.defaults());

    /** Every event as text, one line per event. */
    private final class Recorder implements NexmarkGenerator.Sink
    {
        final List<String> lines = new ArrayList<>();

        @Override
        public void person(final long id, final String name, final String emailAddress, final String creditCard,
            final String city, final String state, final long dateTimeMs, final String extra)
        {
            lines.add(String.join("|", "person", Long.toString(id), name, emailAddress, creditCard, city, state,
                Long.toString(dateTimeMs), extra));
        }

        @Override
        public void auction(final long id, final String itemName, final String description, final long initialBid,
            final long reserve, final long dateTimeMs, final long expiresMs, final long seller, final long category,
            final String extra)
        {
            lines.add(String.join("|", "auction", Long.toString(id), itemName, description,
                Long.toString(initialBid), Long.toString(reserve), Long.toString(dateTimeMs),
                Long.toString(expiresMs), Long.toString(seller), Long.toString(category), extra));
        }

        @Override
        public void bid(final long auction, final long bidder, final long price, final String channel,
            final String url, final long dateTimeMs, final String extra)
        {
            lines.add(String.join("|", "bid", Long.toString(auction), Long.toString(bidder), Long.toString(price),
                channel, url, Long.toString(dateTimeMs), extra));
        }
    }

    private List<String> events(final long from, final long to)
    {
        final Recorder recorder = new Recorder();
        for (long k = from; k < to; k++)
        {
            generator.generate(k, recorder);
        }
        return recorder.lines;
    }

    @Test
    void kindsAndIdsFollowTheEventNumber()
    {
        // event k has id k + 2: ids 2 and 3 are auctions, 4..49 bids, 50 a person, 51 an auction
        final List<String> first = events(0, 50);
        assertTrue(first.get(0).startsWith("auction|1001|"), first.get(0));
        assertTrue(first.get(1).startsWith("auction|1002|"), first.get(1));
        for (int k = 2; k < 48; k++)
        {
            assertTrue(first.get(k).startsWith("bid|"), first.get(k));
        }
        assertTrue(first.get(48).startsWith("person|1001|"), first.get(48));
        assertTrue(first.get(49).startsWith("auction|1003|"), first.get(49));
        long persons = 0;
        long auctions = 0;
        long bids = 0;
        for (long k = 0; k < 5000; k++)
        {
            switch (generator.kind(k))
            {
                case NexmarkGenerator.PERSON -> persons++;
                case NexmarkGenerator.AUCTION -> auctions++;
                default -> bids++;
            }
        }
        assertEquals(List.of(100L, 300L, 4600L), List.of(persons, auctions, bids));
    }

    @Test
    void eventTimesAreATenthOfAMillisecondApart()
    {
        final long base = NexmarkGenerator.Config.defaults().baseTimeMs();
        assertEquals(base, generator.dateTime(0));
        assertEquals(base, generator.dateTime(8));
        assertEquals(base + 1, generator.dateTime(9));
        assertEquals(base + 100_000, generator.dateTime(999_999));
    }

    @Test
    void fieldsStayInNexmarksRangesAndEveryEventIsRepeatable()
    {
        final List<String> once = events(0, 20_000);
        assertEquals(once, events(0, 20_000));
        long extraTotal = 0;
        long bids = 0;
        for (final String line : once)
        {
            final String[] f = line.split("\\|", -1);
            switch (f[0])
            {
                case "bid" ->
                {
                    final long price = Long.parseLong(f[3]);
                    assertTrue(price >= 100 && price <= 100_000_000, line);
                    assertTrue(f[5].startsWith("https://www.nexmark.com/") && f[5].contains("/item.htm?auction=" +
                        f[1]), line);
                    // padding to 100 bytes from 32: 68 missing, ±20% (54 to 81 characters)
                    assertTrue(f[7].length() >= 54 && f[7].length() < 82, line);
                    extraTotal += f[7].length();
                    bids++;
                }
                case "person" ->
                {
                    assertTrue(f[4].matches("\\d{4} \\d{4} \\d{4} \\d{4}"), line);
                    assertTrue(List.of("AZ", "CA", "ID", "OR", "WA", "WY").contains(f[6]), line);
                    assertTrue(f[3].endsWith(".com") && f[3].contains("@"), line);
                }
                default ->
                {
                    final long category = Long.parseLong(f[9]);
                    assertTrue(category >= 10 && category <= 14, line);
                    assertTrue(Long.parseLong(f[5]) >= Long.parseLong(f[4]), "reserve at least the initial bid");
                    assertTrue(Long.parseLong(f[7]) > Long.parseLong(f[6]), "expires after it starts");
                }
            }
        }
        final double average = (double)extraTotal / bids;
        assertTrue(average > 64 && average < 72, "average bid padding " + average);
    }
}
