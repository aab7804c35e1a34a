namespace Kagi.Connectors;

/// <summary>One successful login seen on a target.</summary>
public sealed record LoginEvent(DateTimeOffset Time, string Username, string SourceAddress)
{
    /// <summary>The client's TCP port as the target logged it, when it did (sshd does).</summary>
    public int? SourcePort { get; init; }
}
