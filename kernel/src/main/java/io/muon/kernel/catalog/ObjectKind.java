package io.muon.kernel.catalog;

import java.util.Locale;

/** What a catalog object is. */
public enum ObjectKind
{
    STREAM("Stream"),
    RANDOM_STREAM("RandomStream"),
    EXTERNAL_STREAM("ExternalStream"),
    VIEW("View"),
    MATERIALIZED_VIEW("MaterializedView");

    private final String engine;

    ObjectKind(final String engine)
    {
        this.engine = engine;
    }

    /** The engine name {@code system.tables} shows. */
    public String engine()
    {
        return engine;
    }

    /** How messages name it: "stream", "view", "materialized view"… */
    public String noun()
    {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
