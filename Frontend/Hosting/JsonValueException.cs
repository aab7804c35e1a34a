using System.Text.Json;

namespace Kagi.Frontend.Hosting;

/// <summary>A JSON value one of our converters refused. Its message is written for the caller and
/// never quotes the value, so a problem may show it.</summary>
public sealed class JsonValueException : JsonException
{
    public JsonValueException()
    {
    }

    public JsonValueException(string message) : base(message)
    {
    }

    public JsonValueException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
