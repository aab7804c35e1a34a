namespace Kagi.Domain.Egress;

/// <summary>Whether Kagi may connect to one resolved address and port, and why not (for the operator log only).</summary>
public sealed record EgressVerdict(bool Allowed, string Reason)
{
    public static EgressVerdict Allow { get; } = new(true, "allowed");

    public static EgressVerdict Deny(string reason) => new(false, reason);
}
