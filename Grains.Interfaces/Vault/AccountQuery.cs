namespace Kagi.Vault;

/// <summary>Which accounts a listing returns; every given filter must hold.</summary>
[GenerateSerializer, Immutable, Alias("kagi.AccountQuery")]
public sealed record AccountQuery
{
    public static AccountQuery All { get; } = new();

    /// <summary>Rotation status: <c>idle</c>, <c>pending</c> or <c>out-of-sync</c>.</summary>
    [Id(0)] public string? Status { get; init; }

    [Id(1)] public string? TargetId { get; init; }

    /// <summary>Account ids starting with this.</summary>
    [Id(2)] public string? NamePrefix { get; init; }

    /// <summary>True: only accounts someone holds now; false: only those nobody holds.</summary>
    [Id(3)] public bool? CheckedOut { get; init; }
}
