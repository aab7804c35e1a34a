using Kagi.Vault;

namespace Kagi.Domain.Import;

/// <summary>
/// Reads an account import: header <c>id,targetId,username,password</c>, then one account a line.
/// Every bad line is reported with its number; a file with any bad line imports nothing.
/// </summary>
public static class AccountImportFile
{
    public static readonly string[] Header = ["id", "targetId", "username", "password"];
    public const int MaximumRows = 5000;

    public static (IReadOnlyList<AccountImportRow> Rows, IReadOnlyList<ImportLineError> Errors) Read(string csv)
    {
        IReadOnlyList<CsvRecord> records;
        try
        {
            records = CsvTable.Parse(csv);
        }
        catch (FormatException e)
        {
            return ([], [ImportProblems.Unreadable(e.Message)]);
        }

        if (records.Count == 0 || !records[0].Fields.Select(f => f.Trim()).SequenceEqual(Header, StringComparer.OrdinalIgnoreCase))
        {
            return ([], [ImportProblems.Header(Header)]);
        }

        if (records.Count - 1 > MaximumRows)
        {
            return ([], [ImportProblems.TooMany(MaximumRows)]);
        }

        var rows = new List<AccountImportRow>();
        var errors = new List<ImportLineError>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in records.Skip(1))
        {
            if (Problem(record, seen) is { } problem)
            {
                errors.Add(problem);
                continue;
            }

            var f = record.Fields;
            rows.Add(new AccountImportRow(record.Line, Identifiers.Canonicalize(f[0].Trim())!, Identifiers.Canonicalize(f[1].Trim())!, f[2].Trim(), f[3]));
        }

        if (rows.Count == 0 && errors.Count == 0)
        {
            errors.Add(ImportProblems.Empty());
        }

        return (rows, errors);
    }

    private static ImportLineError? Problem(CsvRecord record, HashSet<string> seen)
    {
        var f = record.Fields;
        if (f.Count != Header.Length)
        {
            return ImportProblems.FieldCount(record.Line, Header.Length, f.Count);
        }

        // Ids are canonicalised here, at the file's edge, like every other way in.
        if (Identifiers.Canonicalize(f[0].Trim()) is null)
        {
            return ImportProblems.BadId(record.Line);
        }

        if (Identifiers.Canonicalize(f[1].Trim()) is null)
        {
            return ImportProblems.BadTargetId(record.Line);
        }

        if (f[2].Trim().Length is 0 or > 128)
        {
            return ImportProblems.BadUsername(record.Line);
        }

        if (f[3].Length is 0 or > 1024)
        {
            return ImportProblems.BadPassword(record.Line);
        }

        var id = Identifiers.Canonicalize(f[0].Trim())!;
        return seen.Add(id) ? null : ImportProblems.Duplicate(record.Line, id);
    }
}
