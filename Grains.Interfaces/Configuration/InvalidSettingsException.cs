namespace Kagi.Configuration;

/// <summary>Start-up settings are missing or malformed; the message is meant for the operator.</summary>
public sealed class InvalidSettingsException : Exception
{
    public InvalidSettingsException()
    {
    }

    public InvalidSettingsException(string message) : base(message)
    {
    }

    public InvalidSettingsException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
