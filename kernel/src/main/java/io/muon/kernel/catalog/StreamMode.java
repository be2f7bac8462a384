package io.muon.kernel.catalog;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;

/** The data model of a stream ({@code SETTINGS mode='…'}). */
public enum StreamMode
{
    APPEND("append"),
    VERSIONED_KV("versioned_kv"),
    CHANGELOG_KV("changelog_kv");

    private final String setting;

    StreamMode(final String setting)
    {
        this.setting = setting;
    }

    public String setting()
    {
        return setting;
    }

    public static StreamMode parse(final String value)
    {
        for (final StreamMode mode : values())
        {
            if (mode.setting.equalsIgnoreCase(value.trim()))
            {
                return mode;
            }
        }
        throw new MuonException(ErrorCodes.BAD_ARGUMENTS,
            "Unknown stream mode '" + value + "': expected append, versioned_kv or changelog_kv");
    }
}
