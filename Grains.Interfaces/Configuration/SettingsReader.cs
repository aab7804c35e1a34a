using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Kagi.Configuration;

/// <summary>
/// Reads Kagi's flat settings (<c>MASTER_KEY</c> in appsettings, <c>KAGI_MASTER_KEY</c> in the
/// environment) and collects every problem, so start-up fails once with lines naming each setting.
/// </summary>
public sealed class SettingsReader(IConfiguration configuration)
{
    public const string EnvironmentPrefix = "KAGI_";

    private readonly List<string> _errors = [];

    public string? Optional(string name) =>
        configuration[name] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    public string Required(string name, string expectation)
    {
        var value = Optional(name);
        if (value is null)
        {
            Fail(name, $"is missing; expected {expectation}");
        }

        return value ?? "";
    }

    public int Port(string name, int fallback)
    {
        var value = Optional(name);
        if (value is null)
        {
            return fallback;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536)
        {
            return port;
        }

        Fail(name, $"is '{value}'; expected a TCP port from 1 to 65535");
        return fallback;
    }

    public T OneOf<T>(string name, T fallback, IReadOnlyDictionary<string, T> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        var value = Optional(name);
        if (value is null)
        {
            return fallback;
        }

        if (choices.TryGetValue(value.ToLowerInvariant(), out var choice))
        {
            return choice;
        }

        Fail(name, $"is '{value}'; expected one of: {string.Join(", ", choices.Keys)}");
        return fallback;
    }

    /// <summary>Records a problem with a setting; the value itself is never echoed for secrets.</summary>
    public void Fail(string name, string problem) => _errors.Add($"kagi: configuration error: {EnvironmentPrefix}{name} {problem}.");

    /// <summary>Throws one exception whose message has a line per problem found.</summary>
    public void ThrowIfInvalid()
    {
        if (_errors.Count > 0)
        {
            throw new InvalidSettingsException(string.Join(Environment.NewLine, _errors));
        }
    }
}
