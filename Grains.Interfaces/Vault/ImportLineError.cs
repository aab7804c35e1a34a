namespace Kagi.Vault;

/// <summary>A refused line: <see cref="Message"/> in English, and <see cref="Code"/> with <see cref="Arguments"/> so a
/// reader's language can say the same (the console's <c>Extras_Import.{code}</c> texts). Line 0 is the file as a whole.</summary>
[GenerateSerializer, Immutable, Alias("kagi.ImportLineError")]
public sealed record ImportLineError(
    [property: Id(0)] int Line,
    [property: Id(1)] string Message)
{
    /// <summary>A stable name of the problem, such as <c>bad-id</c> or <c>exists</c>; null only for messages from earlier versions.</summary>
    [Id(2)] public string? Code { get; init; }

    /// <summary>The values the message names (an id, a count), in the order the texts use them.</summary>
    [Id(3)] public System.Collections.Immutable.ImmutableArray<string> Arguments { get; init; } = [];
}
