package io.muon.sql.parser;

import java.io.IOException;
import java.util.List;

/** Gives tests of other packages the statements of a corpus file. */
public final class SqlParserTestAccess
{
    private SqlParserTestAccess()
    {
    }

    public static List<String> corpus(final String name) throws IOException
    {
        return SqlParserTest.corpus(name);
    }
}
