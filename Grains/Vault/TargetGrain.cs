using System.Collections.Immutable;
using Kagi.Audit;
using Kagi.Reconciliation;
using Kagi.Reports;
using Kagi.Connectors;
using Kagi.Domain.Vault;
using Kagi.Egress;
using Kagi.Errors;
using Kagi.Hosting;
using Kagi.Security;
using Microsoft.Extensions.Logging;

namespace Kagi.Vault;

/// <summary>
/// Changes to the target itself (register, update, remove, pins, one-time accounts, discovery, recording a host key
/// mismatch) run one at a time. The calls of every rotation and heartbeat (<see cref="ITargetGrain.GetAsync"/>,
/// <see cref="ITargetGrain.VerifyLoginAsync"/>, <see cref="ITargetGrain.ChangePasswordAsync"/>) are read-only here and
/// interleave with each other: run one at a time they made one slow login hold up every other account of the target
/// (measured: issue 15, P3). How hard Kagi presses a server is still bounded twice: by the target's pacing (how many
/// start a minute) and by <see cref="MaximumConnections"/> (how many are open at once).
/// <para>
/// A read-only call may therefore never write this grain's state nor call this grain and wait (issue 15, the hang of
/// the first attempt): it runs beside others of its kind, Orleans admits a changing call once the first read-only call
/// ends even while later ones still run, and a changing call to this grain would wait for the read-only call that waits
/// for it, until the 30 s call timeout. The one write a read-only call could need, a host key mismatch, is sent to
/// <see cref="ITargetGrain.RecordHostKeyMismatchAsync"/> one-way (<see cref="HostKeyMismatchNoted"/>); the first pin
/// (trust on first use) is only ever made by <see cref="RegisterAsync"/>, which runs alone.
/// </para>
/// </summary>
public sealed partial class TargetGrain(
    [PersistentState("target", KagiStorage.GrainState)] IPersistentState<TargetState> state,
    TargetConnectors connectors,
    LoginSources loginSources,
    OwnLoginJournals ownLogins,
    TenantVault vault,
    VaultClock time,
    EgressGates egress,
    ILogger<TargetGrain> logger) : TenantScopedGrain, ITargetGrain, IDisposable
{
    /// <summary>What a tenant hears whenever the target could not be used at all: refused by Kagi's egress policy,
    /// nothing listening, no answer in time, or not a server of its kind. The reason goes to the operator log.</summary>
    public const string UnreachableDetail =
        "Kagi could not reach the target, or it did not answer as a target of its kind. Check the host, port and kind; " +
        "a target on a private or loopback network must first be allowed by Kagi's operator.";

    /// <summary>Connections Kagi opens to one target at once: below OpenSSH's default <c>MaxStartups</c> (10 unauthenticated
    /// connections, beyond which sshd starts dropping them) and far below PostgreSQL's default 100 connections.</summary>
    public const int MaximumConnections = 8;

    // The pacing bucket lives in memory: after a restart a target starts with a full burst again.
    private DateTimeOffset? _theoreticalArrival;

    private readonly SemaphoreSlim _connections = new(MaximumConnections, MaximumConnections);

    private TargetEndpoint Endpoint => new(state.State.Host, state.State.Port, state.State.Database)
    {
        BaseDn = state.State.BaseDn,
        AuthLogPath = state.State.AuthLogPath,
        HostKeySha256 = state.State.HostKeySha256,
        Tls = state.State.Tls,
        SslMode = state.State.SslMode,
        CaCertificate = state.State.CaCertificate,
        OwnLogins = ownLogins.For(TenantId, LocalId),
        Egress = egress.For(TenantId),
    };

    private SecretContext AdminSecretContext => new(TenantId, "target", LocalId, "admin-password");

    public async Task<TargetInfo> RegisterAsync(Caller caller, TargetRegistration registration)
    {
        EnsureCaller(caller);
        ArgumentNullException.ThrowIfNull(registration);
        if (state.State.Exists)
        {
            throw new KagiException(ProblemCode.AlreadyExists, $"Target '{LocalId}' already exists.");
        }

        if (registration.PasswordRules is { } rules && PasswordRulesFor.Problem(rules) is { } problem)
        {
            throw new KagiException(ProblemCode.Invalid, problem);
        }

        if (registration.RateLimit is { } limit && TargetPacing.Problem(limit) is { } tooFast)
        {
            throw new KagiException(ProblemCode.Invalid, tooFast);
        }

        var connector = connectors.For(registration.Kind);
        var pin = registration.HostKeySha256;
        if (connector is IHostKeyReader && pin is not null)
        {
            pin = HostKeyPin.Canonical(pin) ?? throw new KagiException(ProblemCode.Invalid, HostKeyPin.Problem(pin)!);
        }

        var endpoint = new TargetEndpoint(registration.Host, registration.Port, registration.Database)
        {
            BaseDn = registration.BaseDn,
            AuthLogPath = registration.AuthLogPath,
            HostKeySha256 = pin,
            Tls = registration.Tls,
            SslMode = registration.SslMode,
            CaCertificate = registration.CaCertificate,
            OwnLogins = ownLogins.For(TenantId, LocalId),
            Egress = egress.For(TenantId),
        };
        await PaceAsync(caller);
        var (loggedIn, presented) = await VerifyAtRegistrationAsync(connector, endpoint, registration);
        if (!loggedIn)
        {
            throw new KagiException(ProblemCode.CredentialRejected, "The target refused the admin credential.");
        }

        // Trust on first use: the key this login saw becomes the pin, and every later connection must see it again.
        var trustedOnFirstUse = pin is null && presented is not null;

        state.State = new TargetState
        {
            Exists = true,
            Kind = registration.Kind,
            Host = registration.Host,
            Port = registration.Port,
            Database = registration.Database,
            AdminUsername = registration.AdminUsername,
            AdminSecret = await vault.SealAsync(registration.AdminPassword, AdminSecretContext),
            CreatedAt = time.GetUtcNow(),
            BaseDn = registration.BaseDn,
            AuthLogPath = registration.AuthLogPath,
            HostKeySha256 = trustedOnFirstUse ? presented : pin,
            Tls = registration.Tls,
            PasswordRules = registration.PasswordRules,
            RateLimit = registration.RateLimit,
            SslMode = registration.SslMode,
            CaCertificate = registration.CaCertificate,
        };
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<ITenantInventoryGrain>(TenantId).AddTargetAsync(Caller.System(TenantId), LocalId);
        if (trustedOnFirstUse)
        {
            await AuditAsync(caller.Username, "target.host-key-pinned", AuditResults.Success,
                $"trusted on first use: {state.State.Host}:{state.State.Port} presented {presented} at registration");
        }

        return Info();
    }

    public async Task<int> ResealAsync(Caller caller)
    {
        EnsureCaller(caller);
        if (!state.State.Exists)
        {
            return 0;
        }

        var resealed = await vault.ResealAsync(state.State.AdminSecret, AdminSecretContext);
        if (ReferenceEquals(resealed, state.State.AdminSecret))
        {
            return 0;
        }

        state.State = state.State with { AdminSecret = resealed };
        await state.WriteStateAsync();
        return 1;
    }

    public async Task<bool> ReportToInventoryAsync(Caller caller)
    {
        EnsureSystem(caller);
        if (!state.State.Exists)
        {
            return false;
        }

        await GrainFactory.GetGrain<ITenantInventoryGrain>(TenantId).AddTargetAsync(Caller.System(TenantId), LocalId);
        return true;
    }

    // Orleans disposes the grain only once no call runs, so no slot is still held then.
    public void Dispose() => _connections.Dispose();

    public Task<TargetInfo?> GetAsync(Caller caller)
    {
        EnsureCaller(caller);
        return Task.FromResult(state.State.Exists ? Info() : null);
    }

    public Task<DateTimeOffset> ReserveTurnAsync(Caller caller)
    {
        EnsureExists(caller);
        var (turn, arrival) = TargetPacing.Reserve(state.State.RateLimit ?? TargetRateLimit.Default, _theoreticalArrival, time.GetUtcNow());
        _theoreticalArrival = arrival;
        return Task.FromResult(turn);
    }

    public async Task<bool> VerifyLoginAsync(Caller caller, string username, string password)
    {
        EnsureUsable(caller);
        if (!caller.IsSystem)
        {
            // A person's password check (account registration, import) is paced; Kagi's own checks are paced per target.
            await PaceAsync(caller);
        }

        var loggedIn = await CallTargetAsync(() => connectors.For(state.State.Kind).VerifyLoginAsync(Endpoint, username, password, CancellationToken.None), readOnly: true);
        if (loggedIn && !caller.IsSystem)
        {
            await GrainFactory.GetGrain<IVerificationPacingGrain>(TenantId).RefundAsync(caller);
        }

        return loggedIn;
    }

    public async Task ChangePasswordAsync(Caller caller, string username, string newPassword)
    {
        EnsureUsable(caller);
        var admin = new TargetCredential(state.State.AdminUsername, await vault.OpenAsync(state.State.AdminSecret, AdminSecretContext));
        await CallTargetAsync(async () =>
        {
            await connectors.For(state.State.Kind).ChangePasswordAsync(Endpoint, admin, username, newPassword, CancellationToken.None);
            return true;
        }, readOnly: true);
    }

    public async Task<ImmutableArray<TargetAccount>> ListAccountsAsync(Caller caller)
    {
        EnsureUsable(caller);
        if (connectors.For(state.State.Kind) is not IAccountDiscovery discovery)
        {
            throw new KagiException(ProblemCode.Invalid, $"Targets of kind '{state.State.Kind}' cannot list their accounts.");
        }

        var admin = new TargetCredential(state.State.AdminUsername, await vault.OpenAsync(state.State.AdminSecret, AdminSecretContext));
        var found = await CallTargetAsync(() => discovery.ListAccountsAsync(Endpoint, admin, CancellationToken.None));
        return [.. found.Select(a => new TargetAccount(a.Username, a.CanLogIn, a.Detail))];
    }

    public async Task<ImmutableArray<ObservedLogin>?> ReadLoginsAsync(Caller caller, DateTimeOffset since, DateTimeOffset until)
    {
        EnsureUsable(caller);
        if (loginSources.For(state.State.Kind) is not { } source)
        {
            return null;
        }

        var admin = new TargetCredential(state.State.AdminUsername, await vault.OpenAsync(state.State.AdminSecret, AdminSecretContext));
        return await CallTargetAsync(async () => (ImmutableArray<ObservedLogin>?)[.. await source.ReadLoginsAsync(Endpoint, admin, since, until, CancellationToken.None)]);
    }

    private void EnsureExists(Caller caller)
    {
        EnsureCaller(caller);
        if (!state.State.Exists)
        {
            throw NotFound($"Target '{LocalId}'");
        }
    }

    // Connector failures cross the grain boundary as problems the Frontend can show, never raw
    // driver exceptions whose text could echo connection details. A read-only call only notes a host key
    // mismatch (it may not write the target's state: see HostKeyMismatchNoted); any other call records it.
    private async Task<T> CallTargetAsync<T>(Func<Task<T>> call, bool readOnly = false)
    {
        try
        {
            return await ConnectedAsync(call);
        }
        catch (HostKeyMismatchException e)
        {
            throw readOnly ? HostKeyMismatchNoted(e) : await HostKeyMismatchAsync(e);
        }
        catch (TargetUnavailableException e)
        {
            throw Unavailable(e);
        }
    }

    // A slot is held only while the connector talks to the server: released before any grain call or state write that
    // follows (recording a mismatch, a refund), so nothing that waits for a slot ever waits on this grain as well.
    private async Task<T> ConnectedAsync<T>(Func<Task<T>> call)
    {
        await _connections.WaitAsync();
        try
        {
            return await call();
        }
        finally
        {
            _connections.Release();
        }
    }

    /// <summary>A server of the target's kind answered with an error: the tenant hears it (secret-free). Nothing
    /// usable answered: the tenant hears <see cref="UnreachableDetail"/>, the operator log the reason.</summary>
    private KagiException Unavailable(TargetUnavailableException e)
    {
        if (!e.Unreachable)
        {
            return new KagiException(ProblemCode.TargetUnavailable, e.Message);
        }

        LogUnreachable(logger, TenantId, LocalId, e.Message);
        return new KagiException(ProblemCode.TargetUnreachable, UnreachableDetail);
    }

    private Task PaceAsync(Caller caller) => GrainFactory.GetGrain<IVerificationPacingGrain>(TenantId).TakeAsync(caller);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Target {TenantId}/{TargetId} unreachable: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, string tenantId, string targetId, string reason);

    private TargetInfo Info() =>
        new(LocalId, state.State.Kind, state.State.Host, state.State.Port, state.State.Database, state.State.AdminUsername, state.State.CreatedAt)
        {
            BaseDn = state.State.BaseDn,
            AuthLogPath = state.State.AuthLogPath,
            HostKeySha256 = state.State.HostKeySha256,
            Tls = state.State.Tls,
            PasswordRules = state.State.PasswordRules,
            RateLimit = state.State.RateLimit ?? TargetRateLimit.Default,
            Status = state.State.HostKeyMismatch is null ? TargetInfo.Active : TargetInfo.HostKeyMismatch,
            PresentedHostKeySha256 = state.State.HostKeyMismatch?.Presented,
            SslMode = state.State.SslMode,
            CaCertificate = state.State.CaCertificate,
        };
}
