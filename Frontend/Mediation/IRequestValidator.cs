namespace Kagi.Frontend.Mediation;

/// <summary>Checks a request's shape before it reaches its handler. Found by scanning.</summary>
public interface IRequestValidator<in TRequest>
{
    void Validate(TRequest request, ValidationErrors errors);
}
