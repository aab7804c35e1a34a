using System.Collections.Immutable;

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

    /// <summary>An invalid request, with what is wrong field by field (field name as in the API's body, then its problem).</summary>
    public KagiException(ProblemCode code, string message, ImmutableDictionary<string, string> fields) : base(message)
    {
        Code = code;
        Fields = fields;
    }

    [Id(0)]
    public ProblemCode Code { get; private set; }

    [Id(1)]
    public TimeSpan? RetryAfter { get; private set; }

    /// <summary>The fields refused and why, when the refusal is about fields of the request; the API sends them as
    /// the problem's "errors", and the console shows each beside its input.</summary>
    [Id(2)]
    public ImmutableDictionary<string, string>? Fields { get; private set; }
}
