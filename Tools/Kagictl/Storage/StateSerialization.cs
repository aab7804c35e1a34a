using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;

namespace Kagi.Kagictl.Storage;

/// <summary>
/// Orleans' serializer for grain state outside a silo, over the assemblies that hold Kagi's state types (the domain's
/// and the grains'): the one kagictl reads and writes grain state rows with, as the silo's provider does.
/// </summary>
internal static class StateSerialization
{
    private static readonly IServiceProvider Services = new ServiceCollection()
        .AddSerializer(builder => builder
            .AddAssembly(typeof(Kagi.Domain.Vault.AccountState).Assembly)
            .AddAssembly(typeof(Kagi.Tenancy.TenantDirectoryState).Assembly))
        .BuildServiceProvider();

    public static Serializer Serializer { get; } = Services.GetRequiredService<Serializer>();

    public static IActivatorProvider Activators { get; } = Services.GetRequiredService<IActivatorProvider>();
}
