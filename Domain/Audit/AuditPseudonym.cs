using System.Security.Cryptography;
using System.Text;
using Kagi.Audit;

namespace Kagi.Domain.Audit;

/// <summary>
/// Replaces identifiers auditors do not need in clear with a keyed hash (HMAC-SHA256 with the
/// tenant's identifier key): the same value always gives the same pseudonym within a tenant, so
/// repeated attempts still correlate, but the log does not hold the text. Today: the name claimed in a
/// failed sign-in that matches no user, which is often a password typed into the wrong field.
/// </summary>
public static class AuditPseudonym
{
    public const string Prefix = "hmac:";

    public static string Of(ReadOnlySpan<byte> key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(value)))[..32];
    }

    /// <summary>Whether the event names someone who may not exist (a failed sign-in).</summary>
    public static bool MayNameAnUnknownUser(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        return auditEvent.Action == "auth.login" && auditEvent.Result == AuditResults.Failure;
    }

    /// <summary>Whether the text is shaped like a username at all (else it names no one for sure).</summary>
    public static bool CouldBeUsername(string value) => Identifiers.IsValid(value);

    /// <summary>The event with the unknown claimed name replaced wherever it appears as actor or subject.</summary>
    public static AuditEvent HideClaimedName(AuditEvent auditEvent, ReadOnlySpan<byte> key)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        var name = auditEvent.Actor;
        var pseudonym = Of(key, name);
        return auditEvent with { Actor = pseudonym, Subject = auditEvent.Subject == name ? pseudonym : auditEvent.Subject };
    }
}
