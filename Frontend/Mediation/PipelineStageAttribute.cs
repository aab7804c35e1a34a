namespace Kagi.Frontend.Mediation;

/// <summary>Where a pipeline behavior runs: lower numbers wrap higher ones.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class PipelineStageAttribute(int order) : Attribute
{
    public int Order { get; } = order;
}
