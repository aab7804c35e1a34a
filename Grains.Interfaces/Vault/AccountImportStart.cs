using System.Collections.Immutable;

namespace Kagi.Vault;

/// <summary>The answer to starting an import: the queued job, or the file's malformed lines and no job.</summary>
[GenerateSerializer, Immutable, Alias("kagi.AccountImportStart")]
public sealed record AccountImportStart(
    [property: Id(0)] AccountImportJob? Job,
    [property: Id(1)] ImmutableArray<ImportLineError> Errors);
