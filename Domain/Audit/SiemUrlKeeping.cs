namespace Kagi.Domain.Audit;

/// <summary>How the audit log stores a SIEM destination's URL (<see cref="SiemCredentials"/>).</summary>
public enum SiemUrlKeeping
{
    /// <summary>Nothing in it is secret (or it is not an HTTP destination): stored as given.</summary>
    AsGiven,

    /// <summary>It is the redacted form of the URL already sealed for this destination: the sealed one stays.</summary>
    KeepStored,

    /// <summary>It carries credentials: sealed whole, and only its redacted form kept readable.</summary>
    Seal,
}
