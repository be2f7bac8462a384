package io.muon.perf.nexmark;

import java.util.Random;

/**
 * The Nexmark event generator (the benchmark's standard one, as nexmark-flink and Apache Beam define it), written
 * for Muon: every event is a pure function of its number, drawn from a {@link Random} seeded with the event's id, so
 * Muon and its peer see exactly the same events. One person, three auctions and 46 bids in every 50 events; ids,
 * hot sellers, bidders and auctions, string sizes and prices follow the generator's formulas and defaults.
 * <p>
 * Where nexmark-flink's newest bid generator is not reproducible (channel URLs from unseeded randoms) this one
 * follows its earlier, fully seeded variant; its bidder is offset once by the first person id, not twice.
 * Not thread-safe: one generator per thread.
 */
public final class NexmarkGenerator
{
    public static final int PERSON = 0;
    public static final int AUCTION = 1;
    public static final int BID = 2;

    static final long FIRST_PERSON_ID = 1000;
    static final long FIRST_AUCTION_ID = 1000;
    static final long FIRST_CATEGORY_ID = 10;
    private static final int PERSON_ID_LEAD = 10;
    private static final int AUCTION_ID_LEAD = 10;
    private static final int NUM_CATEGORIES = 5;
    private static final int HOT_BATCH = 100;

    private static final String[] FIRST_NAMES = {"Peter", "Paul", "Luke", "John", "Saul", "Vicky", "Kate", "Julie",
        "Sarah", "Deiter", "Walter"};
    private static final String[] LAST_NAMES = {"Shultz", "Abrams", "Spencer", "White", "Bartels", "Walton", "Smith",
        "Jones", "Noris"};
    private static final String[] CITIES = {"Phoenix", "Los Angeles", "San Francisco", "Boise", "Portland", "Bend",
        "Redmond", "Seattle", "Kent", "Cheyenne"};
    private static final String[] STATES = {"AZ", "CA", "ID", "OR", "WA", "WY"};
    private static final String[] HOT_CHANNELS = {"Google", "Facebook", "Baidu", "Apple"};

    /**
     * The generator's settings, with Nexmark's defaults in {@link #defaults()}.
     *
     * @param eventsPerSecond event-time rate: events are {@code 1e6 / rate} microseconds apart
     * @param baseTimeMs      event time of event number 0
     */
    public record Config(long eventsPerSecond, long baseTimeMs, int personProportion, int auctionProportion,
        int bidProportion, int avgPersonBytes, int avgAuctionBytes, int avgBidBytes, int hotAuctionRatio,
        int hotSellersRatio, int hotBiddersRatio, int numActivePeople, int numInFlightAuctions)
    {
        /** Nexmark's defaults, with event time starting at 2024-01-01 00:00:00 UTC. */
        public static Config defaults()
        {
            return new Config(10_000, 1_704_067_200_000L, 1, 3, 46, 200, 500, 100, 2, 4, 4, 1000, 100);
        }

        int total()
        {
            return personProportion + auctionProportion + bidProportion;
        }
    }

    /** Where generated events go, one call per event with its fields in Nexmark's order. */
    public interface Sink
    {
        void person(long id, String name, String emailAddress, String creditCard, String city, String state,
            long dateTimeMs, String extra);

        void auction(long id, String itemName, String description, long initialBid, long reserve, long dateTimeMs,
            long expiresMs, long seller, long category, String extra);

        void bid(long auction, long bidder, long price, String channel, String url, long dateTimeMs, String extra);
    }

    private final Config config;
    private final double interEventDelayUs;
    private final Random random = new Random();
    private final StringBuilder text = new StringBuilder(128);

    public NexmarkGenerator(final Config config)
    {
        this.config = config;
        this.interEventDelayUs = 1_000_000.0 / config.eventsPerSecond();
    }

    public Config config()
    {
        return config;
    }

    /** The kind of event {@code k} (0-based): {@link #PERSON}, {@link #AUCTION} or {@link #BID}. */
    public int kind(final long k)
    {
        final long rem = eventId(k) % config.total();
        return rem < config.personProportion() ? PERSON :
            rem < config.personProportion() + config.auctionProportion() ? AUCTION : BID;
    }

    /** Event time of event {@code k} in epoch milliseconds. */
    public long dateTime(final long k)
    {
        return timestamp(k + 1);
    }

    /** Generates event {@code k} (0-based) into {@code sink}. */
    public void generate(final long k, final Sink sink)
    {
        final long number = k + 1;
        final long eventId = eventId(k);
        final long time = timestamp(number);
        random.setSeed(eventId);
        switch (kind(k))
        {
            case PERSON -> person(eventId, time, sink);
            case AUCTION -> auction(eventId, number, time, sink);
            default -> bid(eventId, time, sink);
        }
    }

    private static long eventId(final long k)
    {
        // event numbers start at 1, ids at 1 + number (no reordering: the adjusted number is the number)
        return 1 + k + 1;
    }

    private long timestamp(final long number)
    {
        return config.baseTimeMs() + ((long)(number * interEventDelayUs)) / 1000L;
    }

    private void person(final long eventId, final long time, final Sink sink)
    {
        final long id = lastBase0PersonId(eventId) + FIRST_PERSON_ID;
        final String name = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)] + " " +
            LAST_NAMES[random.nextInt(LAST_NAMES.length)];
        final String email = nextString(7, ' ') + "@" + nextString(5, ' ') + ".com";
        final String card = String.format("%04d %04d %04d %04d", random.nextInt(10_000), random.nextInt(10_000),
            random.nextInt(10_000), random.nextInt(10_000));
        final String city = CITIES[random.nextInt(CITIES.length)];
        final String state = STATES[random.nextInt(STATES.length)];
        final int size = 8 + name.length() + email.length() + card.length() + city.length() + state.length();
        sink.person(id, name, email, card, city, state, time, nextExtra(size, config.avgPersonBytes()));
    }

    private void auction(final long eventId, final long number, final long time, final Sink sink)
    {
        final long id = lastBase0AuctionId(eventId) + FIRST_AUCTION_ID;
        final long seller = (random.nextInt(config.hotSellersRatio()) > 0 ?
            lastBase0PersonId(eventId) / HOT_BATCH * HOT_BATCH : nextBase0PersonId(eventId)) + FIRST_PERSON_ID;
        final long category = FIRST_CATEGORY_ID + random.nextInt(NUM_CATEGORIES);
        final long initialBid = nextPrice();
        final long expires = time + nextAuctionLengthMs(number, time);
        final String itemName = nextString(20, ' ');
        final String description = nextString(100, ' ');
        final long reserve = initialBid + nextPrice();
        final int size = 8 + itemName.length() + description.length() + 40;
        sink.auction(id, itemName, description, initialBid, reserve, time, expires, seller, category,
            nextExtra(size, config.avgAuctionBytes()));
    }

    private void bid(final long eventId, final long time, final Sink sink)
    {
        final long auction = (random.nextInt(config.hotAuctionRatio()) > 0 ?
            lastBase0AuctionId(eventId) / HOT_BATCH * HOT_BATCH : nextBase0AuctionId(eventId)) + FIRST_AUCTION_ID;
        final long bidder = (random.nextInt(config.hotBiddersRatio()) > 0 ?
            lastBase0PersonId(eventId) / HOT_BATCH * HOT_BATCH + 1 : nextBase0PersonId(eventId)) + FIRST_PERSON_ID;
        final long price = nextPrice();
        String url = "https://www.nexmark.com/" + nextString(5, ' ').replace(' ', '_') + "/" +
            nextString(5, ' ').replace(' ', '_') + "/" + nextString(5, ' ').replace(' ', '_') +
            "/item.htm?auction=" + auction;
        final String channel;
        if (random.nextInt(2) > 0)
        {
            channel = HOT_CHANNELS[random.nextInt(HOT_CHANNELS.length)];
        }
        else
        {
            channel = "channel-" + random.nextInt(10_000);
            if (random.nextInt(10) > 0)
            {
                url = url + "&channel_id=" + Math.abs(channel.hashCode());
            }
        }
        sink.bid(auction, bidder, price, channel, url, time, nextExtra(32, config.avgBidBytes()));
    }

    private long lastBase0PersonId(final long eventId)
    {
        final long epoch = eventId / config.total();
        long offset = eventId % config.total();
        if (offset >= config.personProportion())
        {
            offset = config.personProportion() - 1;
        }
        return epoch * config.personProportion() + offset;
    }

    private long lastBase0AuctionId(final long eventId)
    {
        long epoch = eventId / config.total();
        long offset = eventId % config.total();
        if (offset < config.personProportion())
        {
            epoch--;
            offset = config.auctionProportion() - 1;
        }
        else if (offset >= config.personProportion() + config.auctionProportion())
        {
            offset = config.auctionProportion() - 1;
        }
        else
        {
            offset -= config.personProportion();
        }
        return epoch * config.auctionProportion() + offset;
    }

    private long nextBase0PersonId(final long eventId)
    {
        final long people = lastBase0PersonId(eventId) + 1;
        final long active = Math.min(people, config.numActivePeople());
        return people - active + nextLong(active + PERSON_ID_LEAD);
    }

    private long nextBase0AuctionId(final long eventId)
    {
        final long maxAuction = lastBase0AuctionId(eventId);
        final long minAuction = Math.max(maxAuction - config.numInFlightAuctions(), 0);
        return minAuction + nextLong(maxAuction - minAuction + 1 + AUCTION_ID_LEAD);
    }

    private long nextAuctionLengthMs(final long number, final long time)
    {
        final long events = (long)config.numInFlightAuctions() * config.total() / config.auctionProportion();
        final long horizon = timestamp(number + events) - time;
        return 1 + nextLong(Math.max(horizon * 2, 1));
    }

    private long nextLong(final long bound)
    {
        return bound < Integer.MAX_VALUE ? random.nextInt((int)bound) : Math.abs(random.nextLong() % bound);
    }

    private long nextPrice()
    {
        return Math.round(Math.pow(10.0, random.nextDouble() * 6.0) * 100.0);
    }

    /** 3 to {@code maxLength - 1} characters of a-z, with {@code special} one time in 13; trimmed. */
    private String nextString(final int maxLength, final char special)
    {
        final int length = 3 + random.nextInt(maxLength - 3);
        text.setLength(0);
        for (int i = 0; i < length; i++)
        {
            text.append(random.nextInt(13) == 0 ? special : (char)('a' + random.nextInt(26)));
        }
        return text.toString().trim();
    }

    /** Padding that brings an event to about {@code average} bytes (±20% of what is missing). */
    private String nextExtra(final int size, final int average)
    {
        if (size > average)
        {
            return "";
        }
        final int missing = average - size;
        final int delta = (int)Math.round(missing * 0.2);
        final int length = missing - delta + (delta == 0 ? 0 : random.nextInt(2 * delta));
        text.setLength(0);
        int bits = 0;
        int left = 0;
        for (int i = 0; i < length; i++)
        {
            if (left == 0)
            {
                bits = random.nextInt();
                left = 6;
            }
            text.append((char)('a' + bits % 26));
            bits /= 26;
            left--;
        }
        return text.toString();
    }
}
