using System.Globalization;

namespace Kagi.Kagictl;

/// <summary>The command and its <c>--name value</c> options and <c>--flag</c>s; anything unknown is a usage error.</summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private CommandLine(string command) => Command = command;

    public string Command { get; }

    public static CommandLine Parse(IReadOnlyList<string> args, IReadOnlySet<string> flags)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(flags);
        if (args.Count == 0)
        {
            throw new UsageException("Name a command: backup, verify-backup or restore.");
        }

        var line = new CommandLine(args[0]);
        for (var i = 1; i < args.Count; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"'{name}' is not an option; options look like --name value.");
            }

            if (flags.Contains(name))
            {
                line._flags.Add(name);
            }
            else if (i + 1 < args.Count)
            {
                line._values[name] = args[++i];
            }
            else
            {
                throw new UsageException($"{name} needs a value.");
            }
        }

        return line;
    }

    public string? Optional(string name) => _values.GetValueOrDefault(name);

    public string Required(string name) => Optional(name) ?? throw new UsageException($"{Command} needs {name}.");

    public bool Flag(string name) => _flags.Contains(name);

    /// <summary>Refuses options the command does not take, so a typo is not silently ignored.</summary>
    public void AllowOnly(params string[] names)
    {
        if (_values.Keys.Concat(_flags).FirstOrDefault(n => !names.Contains(n)) is { } unknown)
        {
            throw new UsageException($"{Command} does not take {unknown}.");
        }
    }

    /// <summary>An interval such as <c>90s</c>, <c>30m</c>, <c>1h</c> or <c>1d</c>.</summary>
    public static TimeSpan ParseInterval(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length >= 2 && long.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0)
        {
            TimeSpan? interval = text[^1] switch
            {
                's' => TimeSpan.FromSeconds(count),
                'm' => TimeSpan.FromMinutes(count),
                'h' => TimeSpan.FromHours(count),
                'd' => TimeSpan.FromDays(count),
                _ => null,
            };
            if (interval is { } value)
            {
                return value;
            }
        }

        throw new UsageException($"'{text}' is not an interval; expected a whole number followed by s, m, h or d (e.g. 1h).");
    }
}

/// <summary>A command line kagictl cannot run; exit status 2.</summary>
public sealed class UsageException(string message) : Exception(message)
{
}
