namespace Kagi.Vault;

/// <summary>What an admin changes on a registered target; a member left null stays as it is. A new admin credential
/// or host key pin is only stored after it logged in to the target.</summary>
[GenerateSerializer, Immutable, Alias("kagi.TargetUpdate")]
public sealed record TargetUpdate
{
    [Id(0)] public string? AdminUsername { get; init; }

    [Id(1)] public string? AdminPassword { get; init; }

    [Id(2)] public TargetPasswordRules? PasswordRules { get; init; }

    [Id(3)] public TargetRateLimit? RateLimit { get; init; }

    /// <summary>SSH: the host key fingerprint to pin instead (as <c>ssh-keygen -l</c> prints it).</summary>
    [Id(4)] public string? HostKeySha256 { get; init; }

    public override string ToString() =>
        $"TargetUpdate {{ AdminUsername = {AdminUsername}, AdminPassword = {(AdminPassword is null ? "unchanged" : "***")}, HostKeySha256 = {HostKeySha256} }}";
}
