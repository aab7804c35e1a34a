using System.Security.Cryptography;
using Npgsql;

namespace Kagi.Tests.Infrastructure;

/// <summary>
/// Roles on the tests' real PostgreSQL, made per test with unique names. Whether a password works is
/// always checked with a fresh, unpooled connection, independent of Kagi's connector.
/// </summary>
public static class PostgresRoles
{
    private static NpgsqlConnectionStringBuilder Superuser => new(TestEnvironment.PostgresAdminConnection);

    public static string Host => Superuser.Host!;

    public static int Port => Superuser.Port;

    public static string NewPassword() => "Pw-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));

    /// <summary>Creates a login role with a random password; <paramref name="attributes"/> e.g. <c>CREATEROLE</c>.</summary>
    public static async Task<(string Role, string Password)> CreateAsync(string prefix, string attributes = "")
    {
        var role = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 63)];
        var password = NewPassword();
        await using var connection = new NpgsqlConnection(TestEnvironment.PostgresAdminConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT format('CREATE ROLE %I LOGIN {attributes} PASSWORD %L', @role, @password)", connection);
        command.Parameters.AddWithValue("role", role);
        command.Parameters.AddWithValue("password", password);
        var ddl = (string)(await command.ExecuteScalarAsync())!;
        await using var create = new NpgsqlCommand(ddl, connection);
        await create.ExecuteNonQueryAsync();
        return (role, password);
    }

    public static async Task<bool> CanLogInAsync(string role, string password)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = Host,
            Port = Port,
            Database = "postgres",
            Username = role,
            Password = password,
            Pooling = false,
            Timeout = 5,
        };
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync();
            return true;
        }
        catch (PostgresException e) when (e.SqlState is "28P01" or "28000")
        {
            return false;
        }
    }

    /// <summary>Sets a role's password behind Kagi's back, as a careless admin would.</summary>
    public static async Task SetPasswordAsync(string role, string password)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.PostgresAdminConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT format('ALTER ROLE %I PASSWORD %L', @role, @password)", connection);
        command.Parameters.AddWithValue("role", role);
        command.Parameters.AddWithValue("password", password);
        var ddl = (string)(await command.ExecuteScalarAsync())!;
        await using var alter = new NpgsqlCommand(ddl, connection);
        await alter.ExecuteNonQueryAsync();
    }

    /// <summary>Whether a role of that name exists on the server (asked as the superuser).</summary>
    public static async Task<bool> ExistsAsync(string role) =>
        await ScalarAsync<long>("SELECT count(*) FROM pg_catalog.pg_roles WHERE rolname = @role", ("role", role)) == 1;

    /// <summary>Whether <paramref name="role"/> is a member of <paramref name="group"/>.</summary>
    public static async Task<bool> IsMemberAsync(string role, string group) =>
        await ScalarAsync<bool>("SELECT pg_catalog.pg_has_role(@role, @group, 'MEMBER')", ("role", role), ("group", group));

    private static async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.PostgresAdminConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }
}
