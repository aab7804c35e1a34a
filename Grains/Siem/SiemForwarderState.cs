namespace Kagi.Siem;

[GenerateSerializer, Alias("kagi.state.SiemForwarder")]
public sealed record SiemForwarderState
{
    [Id(0)] public SiemDestination? Destination { get; init; }

    /// <summary>The last sequence number the destination acknowledged.</summary>
    [Id(1)] public long Cursor { get; init; }
}
