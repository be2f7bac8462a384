package io.muon.sql.analyzer;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.catalog.UserEntry;
import io.muon.sql.ast.Statement;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** CREATE USER to a catalog entry: only a SHA-256 of the password is ever stored. */
public final class Users
{
    private Users()
    {
    }

    public static UserEntry entry(final Statement.CreateUser user)
    {
        final String method = user.authentication() == null ?
            (user.password() == null ? "no_password" : "sha256_password") : user.authentication();
        final String hash;
        switch (method)
        {
            case "no_password":
                if (user.password() != null)
                {
                    throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "no_password takes no password");
                }
                hash = null;
                break;
            case "plaintext_password":
            case "sha256_password":
                if (user.password() == null)
                {
                    throw new MuonException(ErrorCodes.BAD_ARGUMENTS, method + " needs BY 'password'");
                }
                hash = sha256(user.password());
                break;
            case "sha256_hash":
                if (user.password() == null || !user.password().matches("[0-9a-fA-F]{64}"))
                {
                    throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "sha256_hash needs BY '<64 hex digits>'");
                }
                hash = user.password().toLowerCase();
                break;
            default:
                throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Unknown authentication method " + method +
                    "; use no_password, plaintext_password, sha256_password or sha256_hash");
        }
        if (user.readonly() < 0 || user.readonly() > 2)
        {
            throw new MuonException(ErrorCodes.INVALID_SETTING_VALUE, "readonly must be 0, 1 or 2");
        }
        return new UserEntry(user.name(), hash, user.readonly() != 0, null);
    }

    /** Lower-case hex SHA-256 of a password, as stored and as compared at login. */
    public static String sha256(final String password)
    {
        try
        {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(password.getBytes(StandardCharsets.UTF_8)));
        }
        catch (final NoSuchAlgorithmException e)
        {
            throw new IllegalStateException(e);
        }
    }
}
