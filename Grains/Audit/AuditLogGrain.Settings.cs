using System.Collections.Immutable;
using Kagi.Domain.Audit;
using Kagi.Errors;
using Kagi.Hosting;
using Kagi.Siem;

namespace Kagi.Audit;

/// <summary>The settings of <see cref="AuditLogGrain"/>: retention, SIEM destinations (URLs with
/// credentials sealed, see <see cref="SiemCredentials"/>) and scheduled reports.</summary>
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

        var removed = state.State.Siem.Where(old => !settings.Siem.Any(d => d.Id == old.Id)).ToList();
        var siem = ImmutableArray.CreateBuilder<SiemDestination>(settings.Siem.Length);
        foreach (var destination in settings.Siem)
        {
            siem.Add(await StoredFormAsync(destination, state.State.Siem.FirstOrDefault(d => d.Id == destination.Id)));
        }

        state.State = state.State with { RetentionDays = settings.RetentionDays, Siem = siem.ToImmutable(), Reports = settings.Reports };
        await state.WriteStateAsync();
        foreach (var destination in removed)
        {
            await Forwarder(destination).ConfigureAsync(caller, null);
        }

        foreach (var destination in state.State.Siem)
        {
            await Forwarder(destination).ConfigureAsync(caller, destination);
        }

        // Scheduled report grains are told by the caller (AuditSettingsChange): they append here.
        return Shown();
    }

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

        if (changed == 0)
        {
            return 0;
        }

        state.State = state.State with { Siem = siem.ToImmutable() };
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
        new(state.State.RetentionDays) { Siem = [.. state.State.Siem.Select(SiemCredentials.Shown)], Reports = state.State.Reports };

    private ISiemForwarderGrain Forwarder(SiemDestination destination) =>
        GrainFactory.GetGrain<ISiemForwarderGrain>(GrainKeys.For(TenantId, destination.Id));
}
