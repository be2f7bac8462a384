package io.muon.kernel;

/**
 * An error a user sees, with its ClickHouse error code: front ends print it as
 * {@code Code: N. DB::Exception: message} and send the code in {@code X-ClickHouse-Exception-Code} or the native
 * Exception packet. Codes are the constants of {@link ErrorCodes}.
 */
public class MuonException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int code;

    public MuonException(final int code, final String message)
    {
        super(message);
        this.code = code;
    }

    public MuonException(final int code, final String message, final Throwable cause)
    {
        super(message, cause);
        this.code = code;
    }

    public int code()
    {
        return code;
    }

    /** The error's name as ClickHouse gives it, e.g. SYNTAX_ERROR. */
    public String codeName()
    {
        return ErrorCodes.name(code);
    }

    /** The text ClickHouse clients show: {@code Code: 62. DB::Exception: Syntax error: …}. */
    public String toClickHouseText()
    {
        return "Code: " + code + ". DB::Exception: " + getMessage();
    }

    @Override
    public String toString()
    {
        return toClickHouseText();
    }
}
