package io.muon.kernel.util;

/** Levenshtein distance, for the "Maybe you meant" hints of unknown names. */
public final class EditDistance
{
    private EditDistance()
    {
    }

    public static int of(final String a, final String b)
    {
        final int[] previous = new int[b.length() + 1];
        final int[] row = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++)
        {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++)
        {
            row[0] = i;
            for (int j = 1; j <= b.length(); j++)
            {
                final int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                row[j] = Math.min(substitution, Math.min(previous[j] + 1, row[j - 1] + 1));
            }
            System.arraycopy(row, 0, previous, 0, row.length);
        }
        return previous[b.length()];
    }
}
