namespace Kagi.Vault;

/// <summary>What an import did: every account, or nothing and the reason for each refused line.</summary>
[GenerateSerializer, Immutable, Alias("kagi.AccountImportResult")]
public sealed record AccountImportResult(
    [property: Id(0)] int Imported,
    [property: Id(1)] System.Collections.Immutable.ImmutableArray<ImportLineError> Errors);

[GenerateSerializer, Immutable, Alias("kagi.ImportLineError")]
public sealed record ImportLineError(
    [property: Id(0)] int Line,
    [property: Id(1)] string Message);
