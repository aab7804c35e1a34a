using MediatR;

namespace Kagi.Frontend.Mediation;

/// <summary>Runs every validator of the request and refuses it with all problems at once.</summary>
[PipelineStage(4)]
public sealed class ValidationBehavior<TRequest, TResponse>(IEnumerable<IRequestValidator<TRequest>> validators)
    : IPipelineBehavior<TRequest, TResponse>
{
    public Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var errors = new ValidationErrors();
        foreach (var validator in validators)
        {
            validator.Validate(request, errors);
        }

        return errors.Any ? throw new RequestValidationException(errors.ToDictionary()) : next();
    }
}
