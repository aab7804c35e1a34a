namespace Kagi.Reconciliation;

/// <summary>The registered login sources, by target kind.</summary>
public sealed class LoginSources(IEnumerable<ILoginSource> sources)
{
    private readonly Dictionary<string, ILoginSource> _byKind = sources.ToDictionary(source => source.Kind, StringComparer.Ordinal);

    public ILoginSource? For(string kind) => _byKind.GetValueOrDefault(kind);
}
