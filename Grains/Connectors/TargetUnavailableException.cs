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
}
