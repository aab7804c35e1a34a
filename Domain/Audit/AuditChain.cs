using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Kagi.Audit;

namespace Kagi.Domain.Audit;

/// <summary>
/// The tenant's hash chain: each record's hash covers its sequence, its content and the previous
/// record's hash, so changing or removing any stored record breaks every hash after it.
/// </summary>
public static class AuditChain
{
    public static string GenesisHash { get; } = new('0', 64);

    public static AuditRecord Link(long sequence, AuditEvent auditEvent, string previousHash) =>
        new(sequence, auditEvent, previousHash, ComputeHash(sequence, auditEvent, previousHash));

    public static string ComputeHash(long sequence, AuditEvent auditEvent, string previousHash)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        var canonical = new StringBuilder();
        Append(canonical, previousHash);
        Append(canonical, sequence.ToString(CultureInfo.InvariantCulture));
        Append(canonical, auditEvent.Time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        Append(canonical, auditEvent.Actor);
        Append(canonical, auditEvent.Action);
        Append(canonical, auditEvent.Subject);
        Append(canonical, auditEvent.Result);
        Append(canonical, auditEvent.IpAddress);
        Append(canonical, auditEvent.Detail);
        // Later fields are tagged and only hashed when present, so records stored before they
        // existed keep their hashes.
        AppendOptional(canonical, "account", auditEvent.AccountId);
        AppendOptional(canonical, "request", auditEvent.RequestId);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }

    /// <summary>True when the record's hash matches its content and it follows <paramref name="previousHash"/>.</summary>
    public static bool IsIntact(AuditRecord record, string previousHash)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.PreviousHash == previousHash
            && record.Hash == ComputeHash(record.Sequence, record.Event, record.PreviousHash);
    }

    private static void AppendOptional(StringBuilder builder, string tag, string? value)
    {
        if (value is not null)
        {
            Append(builder, tag);
            Append(builder, value);
        }
    }

    // Length-prefixed fields: no two different events can produce the same canonical text.
    private static void Append(StringBuilder builder, string? value) =>
        builder.Append(value is null ? "-1" : value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('|');
}
