using Kagi.Errors;

namespace Kagi.Connectors;

/// <summary>The registered connectors, by target kind.</summary>
public sealed class TargetConnectors(IEnumerable<ITargetConnector> connectors)
{
    private readonly Dictionary<string, ITargetConnector> _byKind =
        connectors.ToDictionary(connector => connector.Kind, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Kinds => _byKind.Keys;

    public ITargetConnector For(string kind) =>
        _byKind.TryGetValue(kind, out var connector)
            ? connector
            : throw new KagiException(ProblemCode.Invalid, $"Unknown target kind '{kind}'. Known kinds: {string.Join(", ", _byKind.Keys)}.");
}
