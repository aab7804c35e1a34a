namespace Kagi.Audit;

/// <summary>Another writer stored a record with the same sequence first.</summary>
public sealed class AuditSequenceTakenException : Exception
{
    public AuditSequenceTakenException()
    {
    }

    public AuditSequenceTakenException(string message) : base(message)
    {
    }

    public AuditSequenceTakenException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
