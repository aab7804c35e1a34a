namespace Kagi.Idempotency;

[GenerateSerializer, Alias("kagi.IdempotencyOutcome")]
public enum IdempotencyOutcome
{
    /// <summary>The key is this attempt's: do the request.</summary>
    Proceed = 0,

    /// <summary>Another attempt with the same key is still running (409).</summary>
    InFlight = 1,

    /// <summary>The key was used with another body (422).</summary>
    DifferentRequest = 2,

    /// <summary>The request was answered before: send that answer again.</summary>
    Replay = 3,
}
