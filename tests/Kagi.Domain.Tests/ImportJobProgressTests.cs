using Kagi.Domain.Import;
using Kagi.Errors;
using Xunit;

namespace Kagi.Tests.Domain;

public sealed class ImportJobProgressTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 6, 0, 0, TimeSpan.Zero);
    private static readonly Caller Admin = new("t1", "alice", [KagiRoles.Admin], null);
    private static readonly AccountImportRow Row = new(7, "db-main", "pg", "app_owner", "");

    [Fact]
    public void A_job_counts_each_chunk_once_and_completes_when_every_line_is_decided()
    {
        var job = ImportJobProgress.Queued(ImportJobProgress.Storing(Admin, 5, Now));
        Assert.True(ImportJobProgress.IsOpen(job));

        job = ImportJobProgress.Recorded(job, lastLine: 4, created: 2, failed: 1);
        job = ImportJobProgress.Recorded(job, lastLine: 6, created: 2, failed: 0);
        var finished = ImportJobProgress.Finished(job, Now.AddMinutes(1));

        Assert.Equal((ImportJobStatus.Completed, 5, 4, 1, 6), (finished.Status, finished.Done, finished.Created, finished.Failed, finished.LastLine));
        Assert.False(ImportJobProgress.IsOpen(finished));
        Assert.Equal(Now.AddMinutes(1) + ImportJobProgress.Retention, ImportJobProgress.RemovableAt(finished));
    }

    [Fact]
    public void A_chunk_at_or_before_the_cursor_is_never_counted_again()
    {
        var job = ImportJobProgress.Recorded(ImportJobProgress.Queued(ImportJobProgress.Storing(Admin, 5, Now)), 4, 3, 0);

        Assert.Throws<ArgumentOutOfRangeException>(() => ImportJobProgress.Recorded(job, 4, 3, 0));
    }

    [Fact]
    public void Rows_gone_from_the_table_fail_the_job_naming_how_many()
    {
        var job = ImportJobProgress.Recorded(ImportJobProgress.Queued(ImportJobProgress.Storing(Admin, 5, Now)), 4, 3, 0);

        var finished = ImportJobProgress.Finished(job, Now);

        Assert.Equal(ImportJobStatus.Failed, finished.Status);
        Assert.Contains("2 line(s)", finished.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_job_cut_off_while_storing_its_rows_fails_having_imported_nothing()
    {
        var interrupted = ImportJobProgress.Interrupted(ImportJobProgress.Storing(Admin, 5, Now), Now);

        Assert.Equal((ImportJobStatus.Failed, 0), (interrupted.Status, interrupted.Done));
        Assert.False(ImportJobProgress.IsOpen(interrupted));
    }

    [Theory]
    [InlineData(ProblemCode.AlreadyExists, "exists")]
    [InlineData(ProblemCode.NotFound, "no-target")]
    [InlineData(ProblemCode.CredentialRejected, "password-refused")]
    [InlineData(ProblemCode.TargetUnreachable, "refused")]
    public void A_refusal_of_the_vault_becomes_the_lines_problem(ProblemCode code, string expected)
    {
        var problem = ImportJobProgress.Refusal(Row, code, "why", resumed: false, null, null);

        Assert.Equal((7, expected), (problem!.Line, problem.Code));
    }

    [Fact]
    public void An_account_that_exists_as_a_resumed_line_describes_it_is_the_jobs_own_and_counts_as_created()
    {
        Assert.Null(ImportJobProgress.Refusal(Row, ProblemCode.AlreadyExists, "exists", resumed: true, "pg", "app_owner"));
        Assert.Equal("exists", ImportJobProgress.Refusal(Row, ProblemCode.AlreadyExists, "exists", resumed: true, "pg", "someone_else")!.Code);
        Assert.Equal("exists", ImportJobProgress.Refusal(Row, ProblemCode.AlreadyExists, "exists", resumed: false, "pg", "app_owner")!.Code);
    }
}
