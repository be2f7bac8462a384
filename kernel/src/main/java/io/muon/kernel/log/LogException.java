package io.muon.kernel.log;

/** A NativeLog failure that is not the caller's mistake: corrupt files, a failed sync, a full disk. */
public class LogException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public LogException(final String message)
    {
        super(message);
    }

    public LogException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
