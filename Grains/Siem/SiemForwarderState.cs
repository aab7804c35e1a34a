namespace Kagi.Siem;

[GenerateSerializer, Alias("kagi.state.SiemForwarder")]
public sealed record SiemForwarderState
{
    [Id(0)] public SiemDestination? Destination { get; init; }

    /// <summary>The last sequence number the destination acknowledged.</summary>
    [Id(1)] public long Cursor { get; init; }

    /// <summary>Failing since when, without a success in between (null: delivering); see <c>SiemOutage</c>.</summary>
    [Id(2)] public Kagi.Domain.Audit.SiemOutageState? Outage { get; init; }
}
