package io.muon.tools;

/** A bad command line or configuration value: reported as one line, exit code 2. */
final class UsageException extends Exception
{
    private static final long serialVersionUID = 1L;

    UsageException(final String message)
    {
        super(message);
    }
}
