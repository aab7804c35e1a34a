using Kagi.Domain.Import;
using Xunit;

namespace Kagi.Tests.Domain;

public sealed class AccountImportFileTests
{
    [Fact]
    public void Quoted_fields_may_hold_commas_quotes_and_line_breaks_and_records_keep_their_first_line()
    {
        var records = CsvTable.Parse("a,b\r\n\"x,1\",\"say \"\"hi\"\"\"\n\"multi\nline\",z\n");

        Assert.Equal(3, records.Count);
        Assert.Equal(["x,1", "say \"hi\""], records[1].Fields);
        Assert.Equal(2, records[1].Line);
        Assert.Equal(["multi\nline", "z"], records[2].Fields);
        Assert.Equal(3, records[2].Line);
    }

    [Fact]
    public void Every_bad_line_is_reported_with_its_number()
    {
        const string csv = """
            id,targetId,username,password
            db-1,pg,app_owner,Secret-1
            bad/id,pg,app_owner,Secret-2
            db-3,pg,app_owner
            db-1,pg,other,Secret-4
            db-5,pg,,Secret-5
            """;

        var (rows, errors) = AccountImportFile.Read(csv);

        Assert.Single(rows);
        Assert.Equal([3, 4, 5, 6], errors.Select(e => e.Line));
        Assert.Contains("appears more than once", errors.Single(e => e.Line == 5).Message, StringComparison.Ordinal);
        Assert.DoesNotContain(errors, e => e.Message.Contains("Secret", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_bad_line_carries_a_stable_code_and_the_values_its_message_names()
    {
        const string csv = """
            id,targetId,username,password
            bad/id,pg,app_owner,Secret-2
            db-3,pg,app_owner
            db-4,pg,app_owner,Secret-4
            db-4,pg,other,Secret-5
            db-6,bad/target,u,Secret-6
            """;

        var (_, errors) = AccountImportFile.Read(csv);

        Assert.Equal(["bad-id", "field-count", "duplicate", "bad-target-id"], errors.Select(e => e.Code));
        Assert.Equal<string>(["4", "3"], errors.Single(e => e.Code == "field-count").Arguments);
        Assert.Equal<string>(["db-4"], errors.Single(e => e.Code == "duplicate").Arguments);
        Assert.Equal("header", AccountImportFile.Read("name,password\nx,y").Errors.Single().Code);
        Assert.Equal("empty", AccountImportFile.Read("id,targetId,username,password\n").Errors.Single().Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("name,password\nx,y")]
    [InlineData("id,targetId,username,password\n")]
    [InlineData("id,targetId,username,password\n\"db,pg,u,p")]
    public void A_file_without_the_header_or_accounts_or_with_an_open_quote_is_refused_whole(string csv)
    {
        var (rows, errors) = AccountImportFile.Read(csv);

        Assert.Empty(rows);
        Assert.NotEmpty(errors);
    }
}
