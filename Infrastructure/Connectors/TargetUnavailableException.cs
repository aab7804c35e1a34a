namespace Kagi.Connectors;

/// <summary>The target could not be reached or answered with an error other than a refused credential.</summary>
public class TargetUnavailableException : Exception
{
    public TargetUnavailableException()
    {
    }

    public TargetUnavailableException(string message) : base(message)
    {
    }

    public TargetUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creating an account failed because the name is taken: the account there is not Kagi's.</summary>
    public bool AccountExists { get; init; }

    /// <summary>Nothing usable answered: refused by Kagi's egress policy, no connection, no answer in time, or not
    /// the protocol. Tenants get one answer for all of these (<c>target-unreachable</c>); the message is for the
    /// operator log.</summary>
    public bool Unreachable { get; init; }
}
