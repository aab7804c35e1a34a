namespace Kagi.Errors;

/// <summary>
/// A refusal that the caller should see as a problem (RFC 9457). The message is shown to the
/// caller, so it must never contain a secret.
/// </summary>
[GenerateSerializer, Alias("kagi.KagiException")]
public sealed class KagiException : Exception
{
    public KagiException()
    {
        Code = ProblemCode.Invalid;
    }

    public KagiException(string message) : base(message)
    {
        Code = ProblemCode.Invalid;
    }

    public KagiException(string message, Exception innerException) : base(message, innerException)
    {
        Code = ProblemCode.Invalid;
    }

    public KagiException(ProblemCode code, string message) : base(message)
    {
        Code = code;
    }

    /// <summary>A refusal that lasts a while (locked, source blocked): the Frontend sends it as Retry-After.</summary>
    public KagiException(ProblemCode code, string message, TimeSpan retryAfter) : base(message)
    {
        Code = code;
        RetryAfter = retryAfter;
    }

    [Id(0)]
    public ProblemCode Code { get; private set; }

    [Id(1)]
    public TimeSpan? RetryAfter { get; private set; }
}
