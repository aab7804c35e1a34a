namespace Kagi.Tests.EndToEnd;

/// <summary>Finds the Silo and Frontend build outputs of the configuration these tests were built in.</summary>
public static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    public static string BuiltAssembly(string project) => BuiltAssembly(project, $"Kagi.{project}");

    /// <summary>The build output of the project in <paramref name="folder"/> whose assembly is <paramref name="assemblyName"/>.</summary>
    public static string BuiltAssembly(string folder, string assemblyName)
    {
        // tests/Kagi.Tests/bin/<Configuration>/<tfm>/ — the apps were built alongside in the same configuration.
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var path = Path.Combine(Root, folder, "bin", configuration, framework, assemblyName + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build {folder} first: {path} is missing.", path);
    }

    private static string FindRoot()
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
