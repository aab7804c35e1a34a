namespace Kagi.Tests.Infrastructure;

/// <summary>
/// What ./test.sh started for the tests. A missing variable fails the test with a clear message:
/// the real services are part of the contract, never silently skipped.
/// </summary>
public static class TestEnvironment
{
    /// <summary>Azure Table storage (Azurite) connection string.</summary>
    public static string StorageConnection => Require("KAGI_TEST_STORAGE_CONNECTION");

    /// <summary>Npgsql connection string of the private PostgreSQL superuser.</summary>
    public static string PostgresAdminConnection => Require("KAGI_TEST_PG_ADMIN");

    private static string Require(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run the tests through ./test.sh, which starts Azurite and PostgreSQL.");
}
