using System.Globalization;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Kagi.Siem;
using Kagi.Vault;
using Npgsql;

namespace Kagi.Connectors;

/// <summary>
/// Verifies and rotates passwords of PostgreSQL login roles, lists roles for discovery, and creates and
/// drops roles for one-time accounts.
/// </summary>
/// <remarks>
/// <para>
/// Privilege the target's admin credential needs: to change the password of a non-superuser role, a role
/// with <c>CREATEROLE</c>. On PostgreSQL 15 and older <c>CREATEROLE</c> may alter any non-superuser role;
/// from PostgreSQL 16 on it additionally needs <c>ADMIN OPTION</c> on the target role
/// (<c>GRANT target TO admin WITH ADMIN OPTION</c>, given automatically for roles the admin created itself).
/// Changing the password of a superuser needs a superuser admin. Nothing else (no database privileges)
/// is required; the admin only has to be allowed to connect to the endpoint's database. Creating and dropping
/// one-time roles needs <c>CREATEROLE</c> too.
/// </para>
/// <para>
/// The new password never travels to the server: the SCRAM-SHA-256 verifier is computed client-side
/// (<see cref="ScramSha256Verifier"/>), exactly like psql's <c>\password</c>, so <c>log_statement</c>
/// and friends only ever see the verifier.
/// </para>
/// <para>
/// A login check always opens a connection of its own; the admin's work runs on its small pool
/// (<see cref="PostgresAdminPools"/>, which a changed admin password empties). Only SCRAM-SHA-256
/// authentication is accepted (never MD5, whose hash replays as the password, never a cleartext password on the
/// wire, and never <c>trust</c>, which would make any password "verify"), and exception messages name host and
/// port only: no secret, and no inner Npgsql message.
/// </para>
/// <para>
/// TLS is what <see cref="TargetEndpoint.SslMode"/> says, with no fallback: a verifying mode fails when the server
/// offers no TLS or its certificate does not chain to <see cref="TargetEndpoint.CaCertificate"/> (or the system's
/// roots), and <see cref="TargetSslMode.VerifyFull"/> also needs the certificate to name the host.
/// </para>
/// </remarks>
public sealed partial class PostgresConnector(TimeProvider time) : ITargetConnector, IAccountDiscovery, IOneTimeAccounts, IAccountGrants, IAsyncDisposable
{
    /// <summary>Default database when the endpoint names none.</summary>
    public const string DefaultDatabase = "postgres";

    // PostgreSQL truncates longer identifiers (NAMEDATALEN - 1 on a default build), which could silently
    // address a different role; such names cannot exist, so they are refused up front.
    private const int MaxIdentifierBytes = 63;

    private const int TimeoutSeconds = 5;

    private readonly PostgresAdminPools _adminPools = new(time);

    public PostgresConnector()
        : this(TimeProvider.System)
    {
    }

    public string Kind => "postgres";

    public ValueTask DisposeAsync() => _adminPools.DisposeAsync();

    public async Task<bool> VerifyLoginAsync(TargetEndpoint endpoint, string username, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentException.ThrowIfNullOrEmpty(password);

        try
        {
            await using var target = await OpenAsync(endpoint, username, password, cancellationToken).ConfigureAwait(false);
            var connection = target.Connection;
            await using var command = new NpgsqlCommand("select 1", connection);
            _ = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (PostgresException e) when (IsRefusedCredential(e))
        {
            return false;
        }
        catch (Exception e) when (IsTargetFailure(e, cancellationToken))
        {
            throw new TargetUnavailableException(
                $"Could not verify the login of PostgreSQL role '{username}' at {Describe(endpoint)}: {Classify(e)}.") { Unreachable = IsUnreachable(e) };
        }
    }

    public async Task ChangePasswordAsync(TargetEndpoint endpoint, TargetCredential admin, string username, string newPassword, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(admin);
        ArgumentException.ThrowIfNullOrEmpty(admin.Username);
        ArgumentException.ThrowIfNullOrEmpty(admin.Password);
        ArgumentException.ThrowIfNullOrEmpty(username);
        var role = QuoteIdentifier(username);

        // Verifier characters are base64, digits, '$' and ':': nothing that needs escaping in a literal.
        var sql = $"ALTER ROLE {role} PASSWORD '{ScramSha256Verifier.Compute(newPassword)}'";

        try
        {
            _ = await RunAsAdminAsync(endpoint, admin, async connection =>
            {
                await using var command = new NpgsqlCommand(sql, connection);
                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (IsRefusedCredential(e))
        {
            throw new TargetUnavailableException(
                $"PostgreSQL at {Describe(endpoint)} refused the admin credential of role '{admin.Username}' (SQLSTATE {e.SqlState}).");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedObject)
        {
            throw new TargetUnavailableException(
                $"PostgreSQL role '{username}' does not exist at {Describe(endpoint)}.");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw new TargetUnavailableException(
                $"Admin role '{admin.Username}' may not change the password of PostgreSQL role '{username}' at {Describe(endpoint)} " +
                "(it needs CREATEROLE, ADMIN OPTION on the role from PostgreSQL 16, and SUPERUSER for a superuser role).");
        }
        catch (Exception e) when (IsTargetFailure(e, cancellationToken))
        {
            throw new TargetUnavailableException(
                $"Could not change the password of PostgreSQL role '{username}' at {Describe(endpoint)}: {Classify(e)}.") { Unreachable = IsUnreachable(e) };
        }
    }

    public async Task<IReadOnlyList<DiscoveredAccount>> ListAccountsAsync(TargetEndpoint endpoint, TargetCredential admin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(admin);

        // The predefined pg_* roles are the server's own, never accounts.
        const string sql = "SELECT rolname, rolcanlogin, rolsuper FROM pg_catalog.pg_roles WHERE rolname !~ '^pg_' ORDER BY rolname";
        return await AsAdminAsync<IReadOnlyList<DiscoveredAccount>>(endpoint, admin, "list the roles", async connection =>
        {
            var accounts = new List<DiscoveredAccount>();
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                accounts.Add(new DiscoveredAccount(reader.GetString(0), reader.GetBoolean(1), reader.GetBoolean(2) ? "superuser" : null));
            }

            return accounts;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task CreateAccountAsync(TargetEndpoint endpoint, TargetCredential admin, string username, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(admin);
        var role = QuoteIdentifier(username);
        var sql = $"CREATE ROLE {role} LOGIN PASSWORD '{ScramSha256Verifier.Compute(password)}'";

        await AsAdminAsync(endpoint, admin, $"create role '{username}'", async connection =>
        {
            try
            {
                await using var command = new NpgsqlCommand(sql, connection);
                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateObject)
            {
                throw new TargetUnavailableException($"PostgreSQL role '{username}' already exists at {Describe(endpoint)}; it was left untouched.") { AccountExists = true };
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<AccountRemoval> RemoveAccountAsync(TargetEndpoint endpoint, TargetCredential admin, string username, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(admin);
        var role = QuoteIdentifier(username);

        return await AsAdminAsync(endpoint, admin, $"remove role '{username}'", async connection =>
        {
            await using (var exists = new NpgsqlCommand("SELECT count(*) FROM pg_catalog.pg_roles WHERE rolname = $1", connection))
            {
                exists.Parameters.Add(new NpgsqlParameter { Value = username });
                if ((long)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! == 0)
                {
                    return AccountRemoval.AlreadyAbsent;
                }
            }

            try
            {
                await using var drop = new NpgsqlCommand($"DROP ROLE IF EXISTS {role}", connection);
                _ = await drop.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                return AccountRemoval.Removed;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DependentObjectsStillExist)
            {
                // It owns objects or holds privileges somewhere: it cannot go, but it must not log in any more.
                await using var disable = new NpgsqlCommand($"ALTER ROLE {role} NOLOGIN PASSWORD NULL", connection);
                _ = await disable.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                return AccountRemoval.Disabled;
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="work"/> on a connection of the admin's pool; failures become
    /// <see cref="TargetUnavailableException"/> with a secret-free message.</summary>
    private async Task<T> AsAdminAsync<T>(TargetEndpoint endpoint, TargetCredential admin, string what, Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            return await RunAsAdminAsync(endpoint, admin, work, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (IsRefusedCredential(e))
        {
            throw new TargetUnavailableException(
                $"PostgreSQL at {Describe(endpoint)} refused the admin credential of role '{admin.Username}' (SQLSTATE {e.SqlState}).");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw new TargetUnavailableException(
                $"Admin role '{admin.Username}' may not {what} at {Describe(endpoint)} (it needs CREATEROLE, and ADMIN OPTION on existing roles from PostgreSQL 16).");
        }
        catch (Exception e) when (IsTargetFailure(e, cancellationToken))
        {
            throw new TargetUnavailableException($"Could not {what} at {Describe(endpoint)}: {Classify(e)}.") { Unreachable = IsUnreachable(e) };
        }
    }

    /// <summary>Quotes <paramref name="identifier"/> as a PostgreSQL identifier: wrapped in double quotes, inner double quotes doubled.</summary>
    internal static string QuoteIdentifier(string identifier)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        if (identifier.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A PostgreSQL identifier cannot contain NUL.", nameof(identifier));
        }

        if (Encoding.UTF8.GetByteCount(identifier) > MaxIdentifierBytes)
        {
            throw new ArgumentException(
                $"A PostgreSQL identifier is at most {MaxIdentifierBytes} bytes; a longer one would be truncated by the server.",
                nameof(identifier));
        }

        return "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>
    /// An open connection to the address the endpoint's egress gate checked (never a second look-up by Npgsql, so a
    /// rebound name gains nothing), with the endpoint's host name kept for TLS (SNI and certificate checks) and its
    /// TLS as the endpoint says. Disposing it closes the connection and its unpooled source.
    /// </summary>
    internal static async Task<TargetConnection> OpenAsync(TargetEndpoint endpoint, string username, string password, CancellationToken cancellationToken)
    {
        var addresses = await endpoint.Egress.ResolveAsync(endpoint.Host, endpoint.Port, cancellationToken).ConfigureAwait(false);
        var source = CreateSource(endpoint, addresses[0].ToString(), username, password, pooled: false);
        try
        {
            return new TargetConnection(source, await source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false));
        }
        catch
        {
            await source.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a connection of the admin's pool (<see cref="PostgresAdminPools"/>), to the
    /// address the egress gate has just checked.
    /// </summary>
    private async Task<T> RunAsAdminAsync<T>(TargetEndpoint endpoint, TargetCredential admin, Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(admin.Username);
        ArgumentException.ThrowIfNullOrEmpty(admin.Password);
        var addresses = await endpoint.Egress.ResolveAsync(endpoint.Host, endpoint.Port, cancellationToken).ConfigureAwait(false);
        var address = addresses[0].ToString();
        var key = new PostgresAdminPools.PoolKey(
            address, endpoint.Port, endpoint.Database ?? DefaultDatabase, endpoint.SslMode, endpoint.Host, endpoint.CaCertificate, admin.Username);
        return await _adminPools.RunAsync(
            key, admin.Password, () => CreateSource(endpoint, address, admin.Username, admin.Password, pooled: true), work, cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlDataSource CreateSource(TargetEndpoint endpoint, string address, string username, string password, bool pooled)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(BuildConnectionString(endpoint, address, username, password));
        if (pooled)
        {
            PostgresAdminPools.Settings(connectionString);
        }

        var builder = new NpgsqlDataSourceBuilder(connectionString.ConnectionString);
        if (endpoint.SslMode != TargetSslMode.Disable && SiemTrust.Anchors(endpoint.CaCertificate) is { } anchors)
        {
            // Only these anchor the chain: the system's roots then count for nothing.
            builder.UseRootCertificates(anchors);
        }

        builder.UseSslClientAuthenticationOptionsCallback(tls => tls.TargetHost = endpoint.Host);
        return builder.Build();
    }

    private static string BuildConnectionString(TargetEndpoint endpoint, string address, string username, string password)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = address,
            Port = endpoint.Port,
            Database = endpoint.Database ?? DefaultDatabase,
            Username = username,
            Password = password,
            Pooling = false,
            Timeout = TimeoutSeconds,
            CommandTimeout = TimeoutSeconds,
            CancellationTimeout = TimeoutSeconds * 1000,
            RequireAuth = "ScramSHA256",
            SslMode = endpoint.SslMode switch
            {
                TargetSslMode.VerifyCa => SslMode.VerifyCA,
                TargetSslMode.VerifyFull => SslMode.VerifyFull,
                _ => SslMode.Disable,
            },
            ApplicationName = Kagi.Domain.Reports.UsageReconciliation.KagiApplication,
            IncludeErrorDetail = false,
            LogParameters = false,
            Enlist = false,
        };
        return builder.ConnectionString;
    }

    // No PostgreSQL answered (nothing listening, silence, another protocol such as Kagi's own storage): the tenant
    // hears one answer for all of these, whatever the driver saw. A server that got as far as TLS, and then was not
    // trusted, did answer: the admin is told the TLS failed, so they can fix the CA or the name.
    private static bool IsUnreachable(Exception e) =>
        e is not PostgresException && !IsRefusedAuthenticationMethod(e) && !IsUntrustedTls(e);

    private static bool IsUntrustedTls(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is AuthenticationException)
            {
                return true;
            }
        }

        return false;
    }

    // Npgsql's own wording for a RequireAuth violation; only matched, never copied.
    private static bool IsRefusedAuthenticationMethod(Exception e) =>
        e is NpgsqlException && e.Message.Contains("authentication method is not allowed", StringComparison.Ordinal);

    private static bool IsRefusedCredential(PostgresException e) =>
        e.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification;

    // Everything but caller cancellation and programming errors becomes TargetUnavailableException.
    private static bool IsTargetFailure(Exception e, CancellationToken cancellationToken) =>
        !(e is OperationCanceledException && cancellationToken.IsCancellationRequested)
        && e is NpgsqlException or SocketException or TimeoutException or IOException or OperationCanceledException or AuthenticationException;

    private static string Describe(TargetEndpoint endpoint) =>
        string.Create(CultureInfo.InvariantCulture, $"{endpoint.Host}:{endpoint.Port}");

    // A secret-free description of what went wrong. Inner exception messages are deliberately not
    // copied (nor chained as InnerException): they are not ours to vouch for.
    private static string Classify(Exception e)
    {
        if (e is PostgresException pg)
        {
            return string.Create(CultureInfo.InvariantCulture, $"server error SQLSTATE {pg.SqlState}");
        }

        if (IsRefusedAuthenticationMethod(e))
        {
            return "the server asked for an authentication method Kagi refuses (only SCRAM-SHA-256; never MD5, cleartext or trust)";
        }

        // Npgsql's own wording when the server has TLS turned off; only matched, never copied.
        if (e is NpgsqlException && e.Message.Contains("No SSL enabled connection", StringComparison.Ordinal))
        {
            return "the server offers no TLS, and the target's sslMode requires it";
        }

        for (var current = e; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case AuthenticationException:
                    return "TLS failed: the server's certificate is not trusted (does it chain to the target's caCertificate, and, for verify-full, name the host?)";
                case TimeoutException:
                    return $"no answer within {TimeoutSeconds} s";
                case SocketException socket:
                    return $"network error ({socket.SocketErrorCode})";
                case OperationCanceledException:
                    return $"no answer within {TimeoutSeconds} s";
            }
        }

        return $"connection failed ({e.GetType().Name})";
    }
}
