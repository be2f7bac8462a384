package io.muon.clickhouse.auth;

import io.muon.kernel.MuonException;
import io.muon.kernel.catalog.Catalog;
import io.muon.kernel.catalog.UserEntry;
import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who gets in: the password-less default user from loopback only, configured and CREATE USER users by password. */
@ExtendWith(LeakCheck.class)
class AuthenticatorTest
{
    @TempDir
    Path dir;

    private static void refused(final Authenticator authenticator, final String user, final String password,
        final InetAddress client)
    {
        final MuonException e = assertThrows(MuonException.class,
            () -> authenticator.authenticate(user, password, client));
        assertEquals(516, e.code());
        assertTrue(e.getMessage().startsWith((user == null ? "default" : user) + ": Authentication failed"),
            e.getMessage());
    }

    @Test
    void defaultUserOnlyFromLoopbackUnlessAllowed() throws Exception
    {
        final Catalog catalog = Catalog.open(dir.resolve("catalog"), FilesFacade.DEFAULT);
        final InetAddress loopback = InetAddress.getByName("127.0.0.1");
        final InetAddress remote = InetAddress.getByName("192.0.2.7");
        final Authenticator strict = new Authenticator(catalog, Map.of(), false);
        assertEquals("default", strict.authenticate(null, null, loopback).name());
        assertEquals("default", strict.authenticate("default", "", InetAddress.getByName("::1")).name());
        refused(strict, null, null, remote);
        refused(strict, "default", "x", loopback);
        assertEquals("default", new Authenticator(catalog, Map.of(), true).authenticate("", "", remote).name());

        // a configured default with a password is accepted from anywhere with that password only
        final Authenticator configured = new Authenticator(catalog, Map.of("default", new UserEntry("default",
            Authenticator.sha256("pw"), false, null)), false);
        assertEquals("default", configured.authenticate("default", "pw", remote).name());
        refused(configured, "default", "", loopback);
    }

    @Test
    void usersFromConfigurationAndCatalog() throws Exception
    {
        final Catalog catalog = Catalog.open(dir.resolve("catalog"), FilesFacade.DEFAULT);
        catalog.createUser(new UserEntry("bob", Authenticator.sha256("b0b"), true, null), false);
        final Authenticator authenticator = new Authenticator(catalog, Map.of("alice", new UserEntry("alice",
            Authenticator.sha256("secret"), false, null)), false);
        final InetAddress remote = InetAddress.getByName("192.0.2.7");
        assertEquals("alice", authenticator.authenticate("alice", "secret", remote).name());
        final UserEntry bob = authenticator.authenticate("bob", "b0b", remote);
        assertTrue(bob.readonly());
        refused(authenticator, "alice", "Secret", remote);
        refused(authenticator, "bob", "", remote);
        refused(authenticator, "carol", "", remote);
        assertEquals("2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b",
            Authenticator.sha256("secret"), "SHA-256 as ClickHouse's password_sha256_hex");
    }
}
