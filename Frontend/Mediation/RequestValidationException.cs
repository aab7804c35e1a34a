namespace Kagi.Frontend.Mediation;

public sealed class RequestValidationException : Exception
{
    public RequestValidationException()
    {
        Errors = new Dictionary<string, string[]>();
    }

    public RequestValidationException(string message) : base(message)
    {
        Errors = new Dictionary<string, string[]>();
    }

    public RequestValidationException(string message, Exception innerException) : base(message, innerException)
    {
        Errors = new Dictionary<string, string[]>();
    }

    public RequestValidationException(IDictionary<string, string[]> errors) : base("The request is invalid.")
    {
        Errors = errors;
    }

    public IDictionary<string, string[]> Errors { get; }
}
