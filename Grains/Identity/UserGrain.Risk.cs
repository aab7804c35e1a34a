using Kagi.Domain.Identity;
using Kagi.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Kagi.Identity;

public sealed partial class UserGrain
{
    // The state name and grain earlier versions kept the profile under (RiskProfileGrain, "risk").
    private const string EarlierRiskState = "risk";

    // The earlier row this activation took the profile from: removed once the user's state holding it is written.
    private GrainState<RiskProfile>? _earlierRisk;

    /// <summary>
    /// The user's risk profile, kept in the user's state so that a sign-in writes one row for both (issue 15, P2). A
    /// state written by an earlier version has none: its profile is read once from the row its own grain
    /// (<see cref="IRiskProfileGrain"/>) stored.
    /// </summary>
    private async Task<RiskProfile> RiskProfileAsync()
    {
        if (state.State.Risk is { } profile)
        {
            return profile;
        }

        var earlier = new GrainState<RiskProfile>(new RiskProfile());
        await EarlierRiskStorage.ReadStateAsync(EarlierRiskState, EarlierRiskGrain, earlier);
        _earlierRisk = earlier.RecordExists ? earlier : null;
        var taken = earlier.State ?? new RiskProfile();
        state.State = state.State with { Risk = taken };
        return taken;
    }

    /// <summary>Writes the state (a sign-in's writes); the first one that holds a profile taken from the earlier row removes that row.</summary>
    private async Task WriteWithRiskAsync()
    {
        await state.WriteStateAsync();
        if (_earlierRisk is { } earlier && state.State.Risk is not null)
        {
            _earlierRisk = null;
            try
            {
                await EarlierRiskStorage.ClearStateAsync(EarlierRiskState, EarlierRiskGrain, earlier);
            }
            catch (InconsistentStateException)
            {
                // A silo of an earlier version (a rolling upgrade) changed it since: left as it is, and never read
                // again, since this user's state holds a profile now.
            }
        }
    }

    // The row is read through the grain storage rather than a call to the old grain: its interface cannot hand over a
    // RiskProfile (Grains.Interfaces does not reference Domain), and this activates nothing for a one-time read.
    private IGrainStorage EarlierRiskStorage => ServiceProvider.GetRequiredKeyedService<IGrainStorage>(KagiStorage.GrainState);

    private GrainId EarlierRiskGrain => GrainFactory.GetGrain<IRiskProfileGrain>(this.GetPrimaryKeyString()).GetGrainId();
}
