namespace Kagi.Connectors;

/// <summary>One successful login seen on a target.</summary>
public sealed record LoginEvent(DateTimeOffset Time, string Username, string SourceAddress);
