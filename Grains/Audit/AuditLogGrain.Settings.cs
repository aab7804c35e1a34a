using System.Collections.Immutable;
using Kagi.Domain.Audit;
using Kagi.Errors;
using Kagi.Hosting;
using Kagi.Siem;

namespace Kagi.Audit;

/// <summary>The settings of <see cref="AuditLogGrain"/>: retention, SIEM destinations (URLs with
/// credentials sealed, see <see cref="SiemCredentials"/>) and scheduled reports. A change that weakens
/// the record waits (<see cref="AuditSettingsInForce"/>): the reminder <c>audit-settings-change</c> wakes
/// the log when it is due, and every read of the settings by the purge or a change catches up first.</summary>
public sealed partial class AuditLogGrain
{
    public Task<AuditSettings> GetSettingsAsync(Caller caller)
    {
        EnsureCaller(caller);
        return Task.FromResult(Shown());
    }

    public async Task<AuditSettings> SetSettingsAsync(Caller caller, AuditSettings settings)
    {
        EnsureCaller(caller);
        ArgumentNullException.ThrowIfNull(settings);
        // Loading first also settles the reminder's registration, so the two state writes never race.
        if (!await IsReadyAsync())
        {
            throw new KagiException(ProblemCode.NotFound, "Not found.");
        }

        AuditSettingsRules.Validate(settings);

        if (settings.Siem.Length > AuditLimits.MaximumSiemDestinations)
        {
            throw new KagiException(ProblemCode.Invalid, $"A tenant may have at most {AuditLimits.MaximumSiemDestinations} SIEM destinations.");
        }

        await ApplyDueSettingsAsync();
        var before = InForce();
        var siem = ImmutableArray.CreateBuilder<SiemDestination>(settings.Siem.Length);
        foreach (var destination in settings.Siem)
        {
            // A redacted URL sent back keeps the sealed one, whether in force or still pending.
            var stored = before.Siem.FirstOrDefault(d => d.Id == destination.Id) ?? before.Pending?.Siem.FirstOrDefault(d => d.Id == destination.Id);
            siem.Add(await StoredFormAsync(destination, stored));
        }

        var now = clock.Now;
        var after = before.Change(settings.RetentionDays, siem.ToImmutable(), caller.Username, now);
        await StoreAsync(after, settings.Reports);
        await ConfigureForwardersAsync(caller, before.Siem, after.Siem);
        if (after.Pending is { } pending && pending.RequestedAt != before.Pending?.RequestedAt)
        {
            await this.RegisterOrUpdateReminder(SettingsChangeReminder, Later(pending.EffectiveAt - now), TimeSpan.FromDays(1));
            await AppendAsync(new AuditEvent(now, caller.Username, "settings.audit.pending", null, AuditResults.Success, caller.IpAddress,
                $"retention {pending.RetentionDays} days, siem {Ids(pending.Siem)}: takes effect {pending.EffectiveAt:O} unless changed; the operator may approve it sooner"));
        }
        else if (before.Pending is not null)
        {
            await ForgetSettingsReminderAsync();
        }

        // Scheduled report grains are told by the caller (AuditSettingsChange): they append here.
        return Shown();
    }

    public async Task<AuditSettings> ApprovePendingSettingsAsync(Caller caller)
    {
        EnsureCaller(caller);
        if (!caller.IsOperator)
        {
            throw new KagiException(ProblemCode.Forbidden, "Only the operator may approve a delayed audit settings change.");
        }

        if (!await IsReadyAsync())
        {
            throw new KagiException(ProblemCode.NotFound, "Not found.");
        }

        if (state.State.PendingSettings is null)
        {
            throw new KagiException(ProblemCode.NotFound, "No audit settings change is waiting for approval.");
        }

        await TakeEffectAsync(caller, "approved by the operator");
        return Shown();
    }

    /// <summary>Lets a pending change whose delay has passed take effect; run before anything reads or changes the settings.</summary>
    private async Task ApplyDueSettingsAsync()
    {
        if (InForce().IsDue(clock.Now))
        {
            await TakeEffectAsync(Caller.System(TenantId), "its delay has passed");
        }
        else if (state.State.PendingSettings is null && await this.GetReminder(SettingsChangeReminder) is not null)
        {
            await ForgetSettingsReminderAsync();
        }
    }

    private async Task TakeEffectAsync(Caller caller, string why)
    {
        var before = InForce();
        var after = before.TakeEffect(clock.Now);
        await StoreAsync(after, state.State.Reports);
        await ConfigureForwardersAsync(caller, before.Siem, after.Siem);
        await ForgetSettingsReminderAsync();
        await AppendAsync(new AuditEvent(clock.Now, caller.Username, "settings.audit.effective", null, AuditResults.Success, caller.IpAddress,
            $"retention {after.RetentionDays} days, siem {Ids(after.Siem)}: {why}"));
    }

    private async Task ForgetSettingsReminderAsync()
    {
        if (await this.GetReminder(SettingsChangeReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private AuditSettingsInForce InForce() => new(state.State.RetentionDays, state.State.Siem, state.State.PendingSettings,
        state.State.RetentionFloors.IsDefault ? [] : state.State.RetentionFloors);

    private async Task StoreAsync(AuditSettingsInForce settings, ImmutableArray<Kagi.Reports.ScheduledReport> reports)
    {
        state.State = state.State with
        {
            RetentionDays = settings.RetentionDays,
            Siem = settings.Siem,
            PendingSettings = settings.Pending,
            RetentionFloors = settings.Floors,
            Reports = reports,
        };
        await state.WriteStateAsync();
    }

    private async Task ConfigureForwardersAsync(Caller caller, ImmutableArray<SiemDestination> before, ImmutableArray<SiemDestination> after)
    {
        foreach (var destination in before.Where(old => !after.Any(d => d.Id == old.Id)))
        {
            await Forwarder(destination).ConfigureAsync(caller, null);
        }

        foreach (var destination in after)
        {
            await Forwarder(destination).ConfigureAsync(caller, destination);
        }
    }

    // Reminders need a period of at least a minute, and a due time in the future.
    private static TimeSpan Later(TimeSpan due) => due < TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : due;

    private static string Ids(ImmutableArray<SiemDestination> siem) => siem.IsEmpty ? "none" : string.Join(", ", siem.Select(d => d.Id));

    /// <summary>Re-seals the SIEM URLs under the current data key, sealing any stored before URLs were
    /// sealed, and hands the forwarders the new values (which does not restart their cursors).</summary>
    public async Task<int> ResealAsync(Caller caller)
    {
        EnsureCaller(caller);
        if (!await IsReadyAsync())
        {
            return 0;
        }

        var changed = 0;
        var siem = ImmutableArray.CreateBuilder<SiemDestination>(state.State.Siem.Length);
        foreach (var destination in state.State.Siem)
        {
            var resealed = destination switch
            {
                { SealedUrl: { } sealedUrl } => destination with { SealedUrl = await vault.ResealAsync(sealedUrl, SiemSecrets.Url(TenantId, destination.Id)) },
                _ when SiemCredentials.Keeping(destination, null) == SiemUrlKeeping.Seal => await StoredFormAsync(destination, null),
                _ => destination,
            };
            changed += ReferenceEquals(resealed.SealedUrl, destination.SealedUrl) ? 0 : 1;
            siem.Add(resealed);
        }

        var pending = state.State.PendingSettings;
        if (pending is not null)
        {
            var pendingSiem = ImmutableArray.CreateBuilder<SiemDestination>(pending.Siem.Length);
            foreach (var destination in pending.Siem)
            {
                pendingSiem.Add(destination.SealedUrl is { } sealedUrl
                    ? destination with { SealedUrl = await vault.ResealAsync(sealedUrl, SiemSecrets.Url(TenantId, destination.Id)) }
                    : destination);
                changed += destination.SealedUrl is null ? 0 : 1;
            }

            pending = pending with { Siem = pendingSiem.ToImmutable() };
        }

        if (changed == 0)
        {
            return 0;
        }

        state.State = state.State with { Siem = siem.ToImmutable(), PendingSettings = pending };
        await state.WriteStateAsync();
        foreach (var destination in state.State.Siem)
        {
            await Forwarder(destination).ConfigureAsync(caller, destination);
        }

        return changed;
    }

    /// <summary>What is stored for a destination: its URL sealed when it carries credentials (<see cref="SiemCredentials"/>).</summary>
    private async Task<SiemDestination> StoredFormAsync(SiemDestination destination, SiemDestination? stored) =>
        SiemCredentials.Keeping(destination, stored) switch
        {
            SiemUrlKeeping.KeepStored => destination with { SealedUrl = stored!.SealedUrl },
            SiemUrlKeeping.Seal => destination with
            {
                Url = SiemUrl.Redacted(destination.Url!),
                SealedUrl = await vault.SealAsync(destination.Url!, SiemSecrets.Url(TenantId, destination.Id)),
            },
            _ => destination with { SealedUrl = null },
        };

    private AuditSettings Shown() =>
        new(state.State.RetentionDays)
        {
            Siem = [.. state.State.Siem.Select(SiemCredentials.Shown)],
            Reports = state.State.Reports,
            Pending = state.State.PendingSettings is { } pending ? pending with { Siem = [.. pending.Siem.Select(SiemCredentials.Shown)] } : null,
        };

    private ISiemForwarderGrain Forwarder(SiemDestination destination) =>
        GrainFactory.GetGrain<ISiemForwarderGrain>(GrainKeys.For(TenantId, destination.Id));
}
