using System.Reflection;
using Kagi.Domain.Vault;
using Xunit;

namespace Kagi.Tests.Architecture;

/// <summary>
/// The domain is pure by construction, not by habit: the compiled <c>Kagi.Domain</c>, and the contracts
/// it sees (<c>Kagi.Grains.Interfaces</c>), reference no silo runtime and no I/O package, and no rule is
/// left behind in the grains' project.
/// </summary>
public sealed class DomainLayerTests
{
    // Assembly names (exact, or a prefix ending in '.') the domain must never use.
    private static readonly string[] Forbidden =
    [
        "Orleans.Runtime", "Orleans.Server", "Orleans.Persistence.", "Orleans.Reminders", "Orleans.Clustering.",
        "Azure.", "Npgsql", "Renci.SshNet", "MailKit", "MimeKit", "System.DirectoryServices.Protocols",
        "System.Net.Http", "System.Net.Http.", "Microsoft.AspNetCore.", "Kagi.Grains", "Kagi.Infrastructure", "Kagi.Silo", "Kagi.Frontend",
    ];

    [Fact]
    public void The_domain_and_the_contracts_it_sees_use_no_silo_runtime_and_no_io_package()
    {
        var checkedAssemblies = KagiAssembliesSeenFrom(typeof(CheckoutLease).Assembly);

        Assert.Contains("Kagi.Domain", checkedAssemblies.Keys);
        Assert.Contains("Kagi.Grains.Interfaces", checkedAssemblies.Keys);
        Assert.All(checkedAssemblies, pair => Assert.Empty(ForbiddenReferencesOf(pair.Value)));
    }

    [Fact]
    public void The_reference_check_catches_an_assembly_that_uses_http()
    {
        // System.Net.Http.Json is built on HttpClient: if this found nothing, the check above would prove nothing.
        Assert.Contains("System.Net.Http", ForbiddenReferencesOf(Assembly.Load("System.Net.Http.Json")));
    }

    [Fact]
    public void The_grains_project_holds_no_domain_folder()
    {
        var grains = Path.Combine(RepositoryRoot(), "Grains");
        var misplaced = Directory.EnumerateFiles(grains, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(grains, f))
            .Where(f => (Path.GetDirectoryName(f) ?? "").Split(Path.DirectorySeparatorChar).Contains("Domain", StringComparer.OrdinalIgnoreCase))
            .ToList();

        Assert.True(Directory.Exists(grains), grains);
        Assert.Empty(misplaced);
    }

    [Fact]
    public void The_domain_takes_randomness_and_time_from_its_callers()
    {
        // The rules never read the clock or the system's generator; Kagi passes TimeProvider's time and an
        // IRandomSource in, which is what makes every rule reproducible in these tests.
        string[] ambient = ["RandomNumberGenerator", "Random.Shared", "new Random(", "DateTimeOffset.UtcNow", "DateTimeOffset.Now", "DateTime.UtcNow", "DateTime.Now", "TimeProvider.System", "Environment.TickCount"];
        var domain = Path.Combine(RepositoryRoot(), "Domain");
        var found = Directory.EnumerateFiles(domain, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => ambient.Where(a => File.ReadAllText(f).Contains(a, StringComparison.Ordinal)).Select(a => $"{Path.GetRelativePath(domain, f)}: {a}"))
            .ToList();

        Assert.True(Directory.Exists(domain), domain);
        Assert.Empty(found);
    }

    private static List<string> ForbiddenReferencesOf(Assembly assembly) =>
        [.. assembly.GetReferencedAssemblies()
            .Select(r => r.Name!)
            .Where(name => Forbidden.Any(f => f.EndsWith('.')
                ? name.StartsWith(f, StringComparison.Ordinal)
                : name.Equals(f, StringComparison.Ordinal)))];

    // The domain and every Kagi assembly it references, directly or through another one.
    private static Dictionary<string, Assembly> KagiAssembliesSeenFrom(Assembly root)
    {
        var found = new Dictionary<string, Assembly>(StringComparer.Ordinal) { [root.GetName().Name!] = root };
        var pending = new Queue<Assembly>([root]);
        while (pending.TryDequeue(out var assembly))
        {
            foreach (var reference in assembly.GetReferencedAssemblies().Where(r => r.Name!.StartsWith("Kagi.", StringComparison.Ordinal)))
            {
                if (!found.ContainsKey(reference.Name!))
                {
                    var loaded = Assembly.Load(reference);
                    found[reference.Name!] = loaded;
                    pending.Enqueue(loaded);
                }
            }
        }

        return found;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Orleans.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Orleans.sln not found above the test output folder.");
    }
}
