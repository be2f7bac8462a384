package io.muon.clickhouse.auth;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.catalog.Catalog;
import io.muon.kernel.catalog.UserEntry;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * Checks who a client is, for every front end (HTTP and native): users from the server configuration and from
 * {@code CREATE USER} (the catalog), each with an optional SHA-256 password hash and a read-only flag. The built-in
 * {@code default} user has no password and is accepted only from loopback addresses unless the configuration lets it
 * in from anywhere or gives it a password. A failure is {@code Code: 516} with ClickHouse's wording, the same for an
 * unknown user and a wrong password. Thread-safe.
 */
public final class Authenticator
{
    private static final System.Logger LOG = System.getLogger(Authenticator.class.getName());
    public static final String DEFAULT_USER = "default";

    private final Catalog catalog;
    private final Map<String, UserEntry> configured;
    private final boolean defaultFromAnywhere;

    /**
     * @param configured users from the server configuration (they take precedence over catalog users of the same
     *     name).
     * @param defaultFromAnywhere whether the password-less {@code default} user may connect from non-loopback
     *     addresses.
     */
    public Authenticator(final Catalog catalog, final Map<String, UserEntry> configured, final boolean defaultFromAnywhere)
    {
        this.catalog = catalog;
        this.configured = Map.copyOf(configured);
        this.defaultFromAnywhere = defaultFromAnywhere;
    }

    /** Returns the user, or throws Code 516 (logged with the client's address). */
    public UserEntry authenticate(final String user, final String password, final InetAddress client)
    {
        final String name = user == null || user.isEmpty() ? DEFAULT_USER : user;
        final String given = password == null ? "" : password;
        UserEntry entry = configured.get(name);
        if (entry == null)
        {
            entry = catalog.snapshot().users().get(name);
        }
        if (entry == null && name.equals(DEFAULT_USER))
        {
            entry = new UserEntry(DEFAULT_USER, null, false, null);
            if (!defaultFromAnywhere && (client == null || !client.isLoopbackAddress()))
            {
                throw failed(name, client, "the default user without a password may connect from loopback only");
            }
        }
        if (entry == null)
        {
            throw failed(name, client, "no such user");
        }
        final boolean matches = entry.passwordSha256() == null ? given.isEmpty() :
            MessageDigest.isEqual(sha256(given).getBytes(StandardCharsets.US_ASCII),
                entry.passwordSha256().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        if (!matches)
        {
            throw failed(name, client, "wrong password");
        }
        return entry;
    }

    private static MuonException failed(final String user, final InetAddress client, final String why)
    {
        LOG.log(System.Logger.Level.WARNING, "authentication of user {0} from {1} failed: {2}", user,
            client == null ? "?" : client.getHostAddress(), why);
        return new MuonException(ErrorCodes.AUTHENTICATION_FAILED, user + ": Authentication failed: password is " +
            "incorrect, or there is no user with such name.");
    }

    /** Lower-case hex SHA-256 of a password, as {@code CREATE USER} stores it. */
    public static String sha256(final String password)
    {
        return io.muon.sql.analyzer.Users.sha256(password);
    }
}
