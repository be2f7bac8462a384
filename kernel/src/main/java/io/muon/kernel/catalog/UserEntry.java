package io.muon.kernel.catalog;

/**
 * A user created with {@code CREATE USER}. Only a SHA-256 of the password is kept (hex), or null for no password.
 */
public record UserEntry(String name, String passwordSha256, boolean readonly, String profile)
{
    public UserEntry
    {
        if (name == null || name.isEmpty())
        {
            throw new IllegalArgumentException("user name must not be empty");
        }
    }
}
