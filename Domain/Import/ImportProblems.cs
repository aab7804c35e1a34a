using System.Globalization;
using Kagi.Vault;

namespace Kagi.Domain.Import;

/// <summary>
/// Every way an import line is refused, each with a stable code and its arguments beside the English message, so
/// the console says it in the reader's language without parsing English.
/// </summary>
public static class ImportProblems
{
    public static ImportLineError Unreadable(string detail) => New(0, "unreadable", $"The file is not readable CSV: {detail}", detail);

    public static ImportLineError Header(IEnumerable<string> header) =>
        New(1, "header", $"The first line must be the header: {string.Join(",", header)}.", string.Join(",", header));

    public static ImportLineError TooMany(int maximum) => New(0, "too-many", $"At most {maximum} accounts can be imported at once.", Text(maximum));

    public static ImportLineError Empty() => New(0, "empty", "The file has no accounts.");

    public static ImportLineError FieldCount(int line, int expected, int found) =>
        New(line, "field-count", $"expected {expected} fields, found {found}.", Text(expected), Text(found));

    public static ImportLineError BadId(int line) => New(line, "bad-id", $"id must be {Identifiers.Rule}.");

    public static ImportLineError BadTargetId(int line) => New(line, "bad-target-id", $"targetId must be {Identifiers.Rule}.");

    public static ImportLineError BadUsername(int line) => New(line, "bad-username", "username must be 1-128 characters.");

    public static ImportLineError BadPassword(int line) => New(line, "bad-password", "password must be 1-1024 characters.");

    public static ImportLineError Duplicate(int line, string id) => New(line, "duplicate", $"id '{id}' appears more than once.", id);

    public static ImportLineError Exists(int line, string id) => New(line, "exists", $"account '{id}' already exists.", id);

    public static ImportLineError NoTarget(int line, string targetId) => New(line, "no-target", $"there is no target '{targetId}'.", targetId);

    public static ImportLineError PasswordRefused(int line, string username) =>
        New(line, "password-refused", $"the target refused the password of '{username}'.", username);

    /// <summary>The target or the vault refused the line for a reason of its own, given in <paramref name="detail"/> (English).</summary>
    public static ImportLineError Refused(int line, string detail) => New(line, "refused", detail, detail);

    private static ImportLineError New(int line, string code, string message, params string[] arguments) =>
        new(line, message) { Code = code, Arguments = [.. arguments] };

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
