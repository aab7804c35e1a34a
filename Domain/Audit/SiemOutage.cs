namespace Kagi.Domain.Audit;

/// <summary>
/// When a failing SIEM destination is worth telling the tenant's admins: once it has failed without a
/// single success for <see cref="TellAfter"/>, and once per outage (a success ends it: the forwarder then forgets the outage). Short hiccups the
/// forwarder's retries absorb are not incidents.
/// </summary>
public static class SiemOutage
{
    public static readonly TimeSpan TellAfter = TimeSpan.FromHours(1);

    /// <summary>The outage after a failed send at <paramref name="now"/>, and whether to tell the admins now.</summary>
    public static (SiemOutageState State, bool Tell) Failed(SiemOutageState? current, DateTimeOffset now)
    {
        var outage = current ?? new SiemOutageState(now, Told: false);
        var tell = !outage.Told && now - outage.Since >= TellAfter;
        return (tell ? outage with { Told = true } : outage, tell);
    }
}
