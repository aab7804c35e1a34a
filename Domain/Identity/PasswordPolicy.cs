using Kagi.Errors;
using Kagi.Tenancy;

namespace Kagi.Domain.Identity;

/// <summary>
/// Whether a new password may be used: length, optional character classes, strength (zxcvbn, whose
/// dictionaries refuse common and breached passwords and ones built from the username), and the
/// user's previous passwords. Also validates the policy an admin sets.
/// </summary>
public sealed class PasswordPolicy(PasswordPolicySettings settings)
{
    public const int LowestMinimumLength = 12;
    public const int LowestMaximumLength = 64;
    public const int HighestMaximumLength = 128;
    public const int HighestHistoryCount = 24;
    public const int LowestHashIterations = 2;
    public const int LowestHashMemoryMiB = 19;

    // Every sign-in and password change pays the tenant's Argon2id cost in the silo's memory and CPU, and a
    // stranger can make it pay it (sign-in is anonymous). So a tenant may raise it only so far: at most
    // 256 MiB, 10 passes, and 512 MiB-passes in all (about 7 times the default's 38), so one tenant's
    // setting cannot turn sign-in traffic into memory exhaustion for every tenant on the silo.
    public const int HighestHashIterations = 10;
    public const int HighestHashMemoryMiB = 256;
    public const int HighestHashCost = 512;

    public PasswordPolicySettings Settings { get; } = settings ?? throw new ArgumentNullException(nameof(settings));

    /// <summary>Every rule the password breaks, in words safe to show (they never quote it).</summary>
    /// <param name="isPrevious">Whether the password matches one of the user's previous ones.</param>
    public IReadOnlyList<string> Violations(string password, string username, Func<string, bool> isPrevious)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(isPrevious);
        var problems = new List<string>();
        if (password.Length < Settings.MinimumLength)
        {
            problems.Add($"must be at least {Settings.MinimumLength} characters");
        }

        if (password.Length > Settings.MaximumLength)
        {
            problems.Add($"must be at most {Settings.MaximumLength} characters");
        }

        AddClass(problems, Settings.RequireUppercase, password.Any(char.IsUpper), "an uppercase letter");
        AddClass(problems, Settings.RequireLowercase, password.Any(char.IsLower), "a lowercase letter");
        AddClass(problems, Settings.RequireDigit, password.Any(char.IsDigit), "a digit");
        AddClass(problems, Settings.RequireSymbol, password.Any(c => !char.IsLetterOrDigit(c)), "a symbol");
        if (problems.Count == 0 && Settings.MinimumStrength > 0 && Strength(password, username) < Settings.MinimumStrength)
        {
            problems.Add("is too common or too easy to guess");
        }

        if (problems.Count == 0 && isPrevious(password))
        {
            problems.Add($"must differ from the last {Settings.HistoryCount} passwords");
        }

        return problems;
    }

    /// <summary>Throws password-rejected when the password breaks a rule.</summary>
    public void Enforce(string password, string username, Func<string, bool> isPrevious)
    {
        var problems = Violations(password, username, isPrevious);
        if (problems.Count > 0)
        {
            throw new KagiException(ProblemCode.PasswordRejected, "The password " + string.Join("; ", problems) + ".");
        }
    }

    /// <summary>zxcvbn's score from 0 (in a common-password list) to 4, counting the username as guessable.</summary>
    public static int Strength(string password, string username) =>
        global::Zxcvbn.Zxcvbn.MatchPassword(password, [username]).Score;

    public bool IsExpired(DateTimeOffset changedAt, DateTimeOffset now) =>
        Settings.MaximumAgeDays is { } days && now >= changedAt.AddDays(days);

    /// <summary>Keeps the newest hashes the history needs.</summary>
    public IReadOnlyList<string> TrimHistory(IEnumerable<string> newestFirst) => [.. newestFirst.Take(Settings.HistoryCount)];

    /// <summary>Refuses a policy weaker than Kagi's floor (ASVS 5.0 V6 and appendix C).</summary>
    public static void Validate(PasswordPolicySettings policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var problems = new SettingsProblems();
        if (policy.MinimumLength < LowestMinimumLength || policy.MinimumLength > LowestMaximumLength)
        {
            problems.Add("minimumLength", $"minimumLength must be from {LowestMinimumLength} to {LowestMaximumLength}");
        }

        if (policy.MaximumLength < Math.Max(LowestMaximumLength, policy.MinimumLength) || policy.MaximumLength > HighestMaximumLength)
        {
            problems.Add("maximumLength", $"maximumLength must be from {LowestMaximumLength} (and the minimum) to {HighestMaximumLength}");
        }

        if (policy.HistoryCount is < 0 or > HighestHistoryCount)
        {
            problems.Add("historyCount", $"historyCount must be from 0 to {HighestHistoryCount}");
        }

        if (policy.MaximumAgeDays is < 1 or > 3650)
        {
            problems.Add("maximumAgeDays", "maximumAgeDays must be from 1 to 3650, or null");
        }

        if (policy.MinimumStrength is < 0 or > 4)
        {
            problems.Add("minimumStrength", "minimumStrength must be from 0 to 4");
        }

        if (policy.HashIterations is < LowestHashIterations or > HighestHashIterations)
        {
            problems.Add("hashIterations", $"hashIterations must be from {LowestHashIterations} to {HighestHashIterations}");
        }

        if (policy.HashMemoryMiB is < LowestHashMemoryMiB or > HighestHashMemoryMiB)
        {
            problems.Add("hashMemoryMiB", $"hashMemoryMiB must be from {LowestHashMemoryMiB} to {HighestHashMemoryMiB}");
        }
        else if ((long)policy.HashMemoryMiB * policy.HashIterations > HighestHashCost)
        {
            problems.Add("hashMemoryMiB", $"hashMemoryMiB times hashIterations must be at most {HighestHashCost}, so sign-ins cannot exhaust the silo's memory");
        }

        problems.ThrowIfAny("The password policy is invalid: ");
    }

    private static void AddClass(List<string> problems, bool required, bool present, string what)
    {
        if (required && !present)
        {
            problems.Add("must contain " + what);
        }
    }
}
