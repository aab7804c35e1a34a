namespace Kagi.Frontend.Hosting;

/// <summary>Maps one feature's HTTP route. Implementations are found by scanning.</summary>
public interface IEndpoint
{
    void Map(IEndpointRouteBuilder routes);
}
