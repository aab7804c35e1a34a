namespace Kagi.Connectors;

/// <summary>The target could not be reached or answered with an error other than a refused credential.</summary>
public sealed class TargetUnavailableException : Exception
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
}
