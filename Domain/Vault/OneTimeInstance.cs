namespace Kagi.Domain.Vault;

/// <summary>One account created (or about to be) from a one-time template, for one lease.</summary>
[GenerateSerializer, Immutable, Alias("kagi.state.OneTimeInstance")]
public sealed record OneTimeInstance
{
    [Id(0)] public string Username { get; init; } = "";
    [Id(1)] public string RequestId { get; init; } = "";
    [Id(2)] public string Holder { get; init; } = "";

    /// <summary>The password, sealed; erased with the instance once the account is gone.</summary>
    [Id(3)] public byte[] Secret { get; init; } = [];
    [Id(4)] public OneTimePhase Phase { get; init; }
    [Id(5)] public DateTimeOffset IntendedAt { get; init; }

    /// <summary>The end of the lease it was created for.</summary>
    [Id(6)] public DateTimeOffset Until { get; init; }
    [Id(7)] public int CleanupAttempts { get; init; }
    [Id(8)] public DateTimeOffset? NextCleanupAt { get; init; }
    [Id(9)] public string? LastError { get; init; }

    /// <summary>Set when the end action is to disable but the account may never have been created (a crashed
    /// check-out): then only removal is safe, and nobody ever saw the password.</summary>
    [Id(10)] public bool RemoveRegardless { get; init; }

    public override string ToString() => $"OneTimeInstance {{ Username = {Username}, Phase = {Phase} }}";
}
