namespace Kagi.Domain.Import;

/// <summary>One account to bring under management, from line <see cref="Line"/> of an import.</summary>
public sealed record AccountImportRow(
    [property: Id(0)] int Line,
    [property: Id(1)] string Id,
    [property: Id(2)] string TargetId,
    [property: Id(3)] string Username,
    [property: Id(4)] string Password)
{
    public override string ToString() => $"AccountImportRow {{ Line = {Line}, Id = {Id}, TargetId = {TargetId}, Username = {Username} }}";
}

