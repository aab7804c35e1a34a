using Kagi.Audit;
using Kagi.Domain.Audit;
using Kagi.Frontend.Features.Audit;
using System.Text.Json;
using Xunit;

namespace Kagi.Tests.Domain;

public sealed class AuditExportWriterTests
{
    private static readonly AuditRecord Record = AuditChain.Link(7,
        new AuditEvent(new DateTimeOffset(2030, 3, 1, 12, 0, 0, TimeSpan.Zero), "=cmd|' /C calc'!A0", "auth.login", "a,b", "failure", "10.0.0.9", "said \"hi\"\nbye"),
        AuditChain.GenesisHash);

    [Fact]
    public void Csv_fields_are_quoted_and_formulas_defused()
    {
        var line = AuditExportWriter.CsvLine(Record);

        Assert.StartsWith("7,2030-03-01T12:00:00.0000000Z,authentication,'=cmd|' /C calc'!A0,auth.login,\"a,b\",failure,10.0.0.9,,,\"said \"\"hi\"\"\nbye\",", line, StringComparison.Ordinal);
        Assert.EndsWith("," + Record.Hash, line, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_lines_are_one_object_a_line_with_the_hashes()
    {
        var line = AuditExportWriter.JsonLine(Record);

        Assert.DoesNotContain('\n', line);
        var json = JsonDocument.Parse(line).RootElement;
        Assert.Equal(7, json.GetProperty("sequence").GetInt64());
        Assert.Equal("authentication", json.GetProperty("kind").GetString());
        Assert.Equal("said \"hi\"\nbye", json.GetProperty("detail").GetString());
        Assert.Equal(Record.Hash, json.GetProperty("hash").GetString());
    }
}
