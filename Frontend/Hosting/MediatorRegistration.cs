using System.Reflection;
using Kagi.Frontend.Mediation;
using MediatR;

namespace Kagi.Frontend.Hosting;

public static class MediatorRegistration
{
    /// <summary>
    /// MediatR 5 has no container integration: register its factory and mediator, and let Scrutor find
    /// handlers, validators, behaviors and endpoints in this assembly.
    /// </summary>
    public static IServiceCollection AddKagiMediator(this IServiceCollection services)
    {
        services.AddScoped<ServiceFactory>(provider => type => provider.GetService(type)!);
        services.AddScoped<IMediator, Mediator>();
        services.AddScoped<AuditWriter>();
        services.Scan(scan => scan.FromAssemblyOf<IEndpoint>()
            .AddClasses(classes => classes.AssignableTo(typeof(IRequestHandler<,>))).AsImplementedInterfaces().WithScopedLifetime()
            .AddClasses(classes => classes.AssignableTo(typeof(IRequestValidator<>))).AsImplementedInterfaces().WithSingletonLifetime()
            .AddClasses(classes => classes.AssignableTo<IEndpoint>()).As<IEndpoint>().WithSingletonLifetime()
            .AddClasses(classes => classes.AssignableTo(typeof(IPipelineBehavior<,>))).As(typeof(IPipelineBehavior<,>)).WithScopedLifetime());
        OrderBehaviors(services);
        return services;
    }

    // MediatR wraps behaviors in registration order (first = outermost); scanning order is not
    // ours to choose, so sort them by their declared stage.
    private static void OrderBehaviors(IServiceCollection services)
    {
        var behaviors = services.Where(d => d.ServiceType == typeof(IPipelineBehavior<,>)).ToList();
        foreach (var behavior in behaviors)
        {
            services.Remove(behavior);
        }

        foreach (var behavior in behaviors.OrderBy(d => d.ImplementationType?.GetCustomAttribute<PipelineStageAttribute>()?.Order ?? int.MaxValue))
        {
            services.Add(behavior);
        }
    }
}
