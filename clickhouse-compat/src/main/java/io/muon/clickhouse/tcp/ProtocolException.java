package io.muon.clickhouse.tcp;

import io.muon.kernel.MuonException;

/**
 * A failure to read what the client sent as the protocol says (a malformed, cut or unexpected packet): the byte
 * stream can no longer be followed, so the connection ends after the Exception packet, unlike a failing statement.
 */
final class ProtocolException extends MuonException
{
    ProtocolException(final MuonException cause)
    {
        super(cause.code(), cause.getMessage(), cause);
    }
}
