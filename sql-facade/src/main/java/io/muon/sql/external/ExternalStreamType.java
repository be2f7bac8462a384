package io.muon.sql.external;

import io.muon.kernel.catalog.CatalogObject;
import io.muon.sql.plan.LogicalPlan;

import java.util.List;

/**
 * One kind of external stream ({@code SETTINGS type='kafka'}): the data lives in another system, and Muon reads and
 * writes it in place. Implementations are found with {@link java.util.ServiceLoader}, so the engine does not depend
 * on any external system's client library. Stateless and shared by every thread.
 */
public interface ExternalStreamType
{
    /** The value of the {@code type} setting this kind answers to, in lower case. */
    String type();

    /**
     * The columns a query of such a stream may read besides those it declares, in the order they follow the declared
     * ones (a declared column of the same name takes the place of its virtual one). {@code SELECT *} leaves them out.
     */
    List<LogicalPlan.Column> virtualColumns();

    /** Checks a stream's columns and settings when it is created; fails with Code 36 naming what is wrong. */
    void validate(CatalogObject stream);

    /**
     * A reader of the stream's rows in batches of {@code columns} (names among the declared and virtual ones), from
     * where {@code options} say. The caller closes it.
     */
    ExternalReader reader(CatalogObject stream, List<LogicalPlan.Column> columns, ExternalReadOptions options);

    /** A writer of rows of the stream's declared columns. The caller closes it. */
    ExternalWriter writer(CatalogObject stream);
}
