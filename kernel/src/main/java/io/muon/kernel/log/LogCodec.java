package io.muon.kernel.log;

import java.util.Locale;

/** How a record body is stored ({@code logstore_codec}). The ids are the header's codec byte. */
public enum LogCodec
{
    NONE(0), LZ4(1), ZSTD(2);

    private final byte id;

    LogCodec(final int id)
    {
        this.id = (byte)id;
    }

    public byte id()
    {
        return id;
    }

    /** @return the codec with this header id, or null if there is none. */
    public static LogCodec fromId(final byte id)
    {
        switch (id)
        {
            case 0: return NONE;
            case 1: return LZ4;
            case 2: return ZSTD;
            default: return null;
        }
    }

    /** Parses a setting value: none, lz4 or zstd, in any case. */
    public static LogCodec parse(final String value)
    {
        switch (value.trim().toLowerCase(Locale.ROOT))
        {
            case "none": case "": return NONE;
            case "lz4": return LZ4;
            case "zstd": return ZSTD;
            default:
                throw new IllegalArgumentException(
                    "logstore_codec must be one of none, lz4, zstd; got '" + value + "'");
        }
    }
}
