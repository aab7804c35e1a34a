using Kagi.Frontend.Features.Accounts;
using Kagi.Frontend.Features.Users;
using Kagi.Frontend.Mediation;
using Kagi.Identity;
using Xunit;

namespace Kagi.Tests.Mediation;

/// <summary>The listings' filters: what is refused is named by its query parameter, what is fine passes.</summary>
public sealed class InventoryFilterValidationTests
{
    [Fact]
    public void Good_account_filters_pass() =>
        Assert.Empty(Errors(new ListAccounts.Validator(), new ListAccounts.Query("t1", "idle", 50, "acc-1") { TargetId = "pg", NamePrefix = "a", CheckedOut = "false" }));

    [Fact]
    public void Bad_account_filters_are_each_named() =>
        Assert.Equal(["checkedOut", "continuation", "limit", "prefix", "status", "target"],
            Errors(new ListAccounts.Validator(), new ListAccounts.Query("t1", "lost", 0, "a/b") { TargetId = "pg#1", NamePrefix = "-x", CheckedOut = "yes" }));

    [Fact]
    public void Good_user_filters_pass() =>
        Assert.Empty(Errors(new ListUsers.Validator(), new ListUsers.Query("t1",
            new UserQuery { Role = KagiRoles.Auditor, Group = "ops", Status = UserQuery.Disabled, NamePrefix = "al" }, 500, "alice")));

    [Fact]
    public void Bad_user_filters_are_each_named() =>
        Assert.Equal(["continuation", "group", "limit", "prefix", "role", "status"],
            Errors(new ListUsers.Validator(), new ListUsers.Query("t1",
                new UserQuery { Role = "root", Group = "ops?", Status = "gone", NamePrefix = "" }, 501, "a b")));

    private static List<string> Errors<T>(IRequestValidator<T> validator, T request)
    {
        var errors = new ValidationErrors();
        validator.Validate(request, errors);
        return [.. errors.ToDictionary().Keys.Order(StringComparer.Ordinal)];
    }
}
