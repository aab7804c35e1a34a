using System.Collections.Immutable;
using Kagi.Audit;
using Kagi.Connectors;
using Kagi.Domain.Vault;
using Kagi.Errors;
using Kagi.Notifications;
using Microsoft.Extensions.Logging;

namespace Kagi.Vault;

/// <summary>
/// The SSH host key pin: recorded at registration when none was given (trust on first use), checked on every
/// connection by the connector, and a different key stops all use of the target until an admin re-pins.
/// </summary>
public sealed partial class TargetGrain
{
    // A mismatch a read-only call met, under which pin: in memory only (not the target's state), so that the calls after
    // it are refused without connecting before RecordHostKeyMismatchAsync has stored it.
    private (string Pinned, string Presented)? _noted;

    public async Task<TargetInfo> PinHostKeyAsync(Caller caller, string hostKeySha256)
    {
        EnsureExists(caller);
        EnsureAdmin(caller);

        if (connectors.For(state.State.Kind) is not IHostKeyReader reader)
        {
            throw new KagiException(ProblemCode.Invalid, $"Targets of kind '{state.State.Kind}' have no host key to pin.");
        }

        var pin = HostKeyPin.Canonical(hostKeySha256) ?? throw new KagiException(ProblemCode.Invalid, HostKeyPin.Problem(hostKeySha256)!);
        if (!caller.IsSystem)
        {
            await PaceAsync(caller);
        }

        var admin = await AdminCredentialAsync();
        HostKeyLogin login;
        try
        {
            // Pinned to the new key, the admin password is only sent once the server has shown exactly that key.
            login = await reader.VerifyLoginReadingHostKeyAsync(Endpoint with { HostKeySha256 = pin }, admin.Username, admin.Password, CancellationToken.None);
        }
        catch (HostKeyMismatchException e)
        {
            throw new KagiException(ProblemCode.HostKeyMismatch,
                $"The SSH server of target '{LocalId}' presents {e.Presented}, not {pin}; the pin was not changed.");
        }
        catch (TargetUnavailableException e)
        {
            throw Unavailable(e);
        }

        if (!login.LoggedIn)
        {
            throw new KagiException(ProblemCode.CredentialRejected,
                "The server presents that key but refused the target's admin credential; the pin was not changed.");
        }

        state.State = state.State with { HostKeySha256 = pin, HostKeyMismatch = null };
        await state.WriteStateAsync();
        _noted = null;
        return Info();
    }

    /// <summary>Every use of the target but reading it and re-pinning starts here.</summary>
    private void EnsureUsable(Caller caller)
    {
        EnsureExists(caller);
        if (state.State.HostKeyMismatch is { } mismatch)
        {
            throw MismatchProblem(mismatch.Presented);
        }

        if (_noted is { } noted && noted.Pinned == (state.State.HostKeySha256 ?? ""))
        {
            throw MismatchProblem(noted.Presented);
        }
    }

    private async Task<(bool LoggedIn, string? Presented)> VerifyAtRegistrationAsync(
        ITargetConnector connector, TargetEndpoint endpoint, TargetRegistration registration)
    {
        if (connector is not IHostKeyReader reader)
        {
            return (await CallTargetAsync(() => connector.VerifyLoginAsync(endpoint, registration.AdminUsername, registration.AdminPassword, CancellationToken.None)), null);
        }

        var login = await CallTargetAsync(() => reader.VerifyLoginReadingHostKeyAsync(endpoint, registration.AdminUsername, registration.AdminPassword, CancellationToken.None));
        return (login.LoggedIn, login.HostKeySha256);
    }

    /// <summary>The problem for a connection refused over its host key, met by a call that may change the target
    /// (it runs alone). A registered target is stopped: the first time, that is audited and the tenant's admins are
    /// told; later refusals tell no one again.</summary>
    private async Task<KagiException> HostKeyMismatchAsync(HostKeyMismatchException refused)
    {
        if (!state.State.Exists)
        {
            // Registration with a pin the server does not present: nothing to stop, nobody to alert.
            return new KagiException(ProblemCode.HostKeyMismatch, refused.Message + " The target was not registered.");
        }

        await RecordMismatchAsync(refused.Presented);
        return MismatchProblem(refused.Presented);
    }

    /// <summary>
    /// The same problem, met by a read-only call (<see cref="ITargetGrain.VerifyLoginAsync"/>,
    /// <see cref="ITargetGrain.ChangePasswordAsync"/>). Such a call must not write the target's state: it may run
    /// beside other read-only calls, and Orleans may even admit a call that changes the target while it still runs
    /// (its bookkeeping forgets that read-only calls run once the first of them ends). Nor may it record the mismatch
    /// by calling this grain and waiting: that call cannot interleave with the read-only one, so each would wait for
    /// the other until the 30 s call timeout. So it only notes the mismatch in memory (every later use of the target
    /// in this activation is refused without connecting) and sends the recording to itself one-way; the recording
    /// runs alone, once the read-only calls have ended.
    /// </summary>
    private KagiException HostKeyMismatchNoted(HostKeyMismatchException refused)
    {
        var pinned = state.State.HostKeySha256 ?? "";
        if (_noted is null || _noted.Value.Pinned != pinned)
        {
            _noted = (pinned, refused.Presented);
            _ = this.AsReference<ITargetGrain>().RecordHostKeyMismatchAsync(Caller.System(TenantId), pinned, refused.Presented);
        }

        return MismatchProblem(refused.Presented);
    }

    public async Task RecordHostKeyMismatchAsync(Caller caller, string pinned, string presented)
    {
        EnsureSystem(caller);
        if (!state.State.Exists || (state.State.HostKeySha256 ?? "") != pinned)
        {
            // Removed or re-pinned since the refusal was met: the refusal no longer says anything about this target.
            ForgetNoted(pinned);
            return;
        }

        try
        {
            await RecordMismatchAsync(presented);
        }
        catch
        {
            // Not recorded (the audit log refused): the next use connects again, meets the key again and records it then.
            ForgetNoted(pinned);
            throw;
        }
    }

    private void ForgetNoted(string pinned)
    {
        if (_noted?.Pinned == pinned)
        {
            _noted = null;
        }
    }

    private async Task RecordMismatchAsync(string presented)
    {
        var (mismatch, isNew) = HostKeyPin.Observe(state.State.HostKeyMismatch, presented, time.GetUtcNow());
        if (isNew)
        {
            // Audit first: when the log refuses, the target is not marked, so the next attempt audits and alerts again.
            await AuditAsync(Caller.SystemName, "target.host-key-mismatch", AuditResults.Failure,
                $"{state.State.Host}:{state.State.Port} presented {mismatch.Presented}, pinned {state.State.HostKeySha256}; no password was sent and the target is stopped until an admin re-pins");
            state.State = state.State with { HostKeyMismatch = mismatch };
            await state.WriteStateAsync();
            await AlertAdminsAsync(mismatch);
        }
    }

    private KagiException MismatchProblem(string presented) =>
        new(ProblemCode.HostKeyMismatch,
            $"The SSH server of target '{LocalId}' presented host key {presented}, not the pinned {state.State.HostKeySha256}. " +
            "Kagi sent no password and stopped using the target until an admin checks the server and re-pins its key.");

    private async Task AlertAdminsAsync(HostKeyMismatch mismatch)
    {
        var parameters = ImmutableDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
        {
            ["target"] = LocalId,
            ["host"] = $"{state.State.Host}:{state.State.Port}",
            ["expected"] = state.State.HostKeySha256 ?? "",
            ["presented"] = mismatch.Presented,
        });
        try
        {
            await GrainFactory.GetGrain<INotificationOutboxGrain>(TenantId).EnqueueAsync(Caller.System(TenantId),
                new NotificationRequest(NotificationEvents.TargetHostKeyMismatch, [], ToAdmins: true, parameters));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The mismatch is stored and audited already; a failing outbox must not turn the refusal into another error.
            LogAlertFailed(logger, e, LocalId);
        }
    }

    private Task<long?> AuditAsync(string actor, string action, string result, string detail) =>
        GrainFactory.GetGrain<IAuditLogGrain>(TenantId).AppendAsync(
            new AuditEvent(time.GetUtcNow(), actor, action, LocalId, result, null, detail));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not queue the host key alert for target {Target}")]
    private static partial void LogAlertFailed(ILogger logger, Exception exception, string target);
}
