using System.Collections.Immutable;
using System.Text.Json;

namespace Kagi.Scim;

/// <summary>One operation of a PATCH (RFC 7644 3.5.2): <c>add</c>, <c>replace</c> or <c>remove</c>, lowercased (Entra ID
/// sends <c>Replace</c>), with its path and value as sent.</summary>
public sealed record ScimOperation(string Op, string? Path, JsonElement? Value)
{
    public const string PatchOpSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    public const string Add = "add";
    public const string Replace = "replace";
    public const string Remove = "remove";
    public const int MaximumOperations = 100;

    /// <summary>The operations of a PatchOp message, in order. The message must name the PatchOp schema and hold one
    /// to <see cref="MaximumOperations"/> operations.</summary>
    /// <summary>
    /// Applies every operation of the PatchOp <paramref name="body"/> to <paramref name="seed"/> in order: an operation
    /// with a path once, one without a path once per attribute of its object value (as RFC 7644 §3.5.2 allows).
    /// </summary>
    public static T Fold<T>(JsonElement body, T seed, Func<T, string, string, JsonElement?, T> apply)
    {
        ArgumentNullException.ThrowIfNull(apply);
        var result = seed;
        foreach (var operation in ListOf(body))
        {
            if (operation.Path is { } path)
            {
                result = apply(result, operation.Op, path, operation.Value);
            }
            else if (operation.Value is { ValueKind: JsonValueKind.Object } attributes)
            {
                foreach (var attribute in attributes.EnumerateObject())
                {
                    result = apply(result, operation.Op, attribute.Name, attribute.Value);
                }
            }
            else
            {
                throw new ScimException(ScimException.InvalidSyntax, $"An {operation.Op} operation without a path needs an object of attributes as its value.");
            }
        }

        return result;
    }

    public static ImmutableArray<ScimOperation> ListOf(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new ScimException(ScimException.InvalidSyntax, "The body must be a SCIM PatchOp object.");
        }

        if (ScimJson.Property(body, "schemas") is not { ValueKind: JsonValueKind.Array } schemas
            || !schemas.EnumerateArray().Any(schema => schema.ValueKind == JsonValueKind.String && schema.GetString() == PatchOpSchema))
        {
            throw new ScimException(ScimException.InvalidSyntax, $"A PATCH must name the schema {PatchOpSchema}.");
        }

        if (ScimJson.Property(body, "Operations") is not { ValueKind: JsonValueKind.Array } operations
            || operations.GetArrayLength() is 0 or > MaximumOperations)
        {
            throw new ScimException(ScimException.InvalidSyntax, $"A PATCH needs \"Operations\": a list of 1 to {MaximumOperations} operations.");
        }

        return [.. operations.EnumerateArray().Select(One)];
    }

    private static ScimOperation One(JsonElement operation)
    {
        var op = ScimJson.Text(ScimJson.Property(operation, "op"), "op")?.ToLowerInvariant();
        if (op is not (Add or Replace or Remove))
        {
            throw new ScimException(ScimException.InvalidSyntax, "Each operation's \"op\" must be add, replace or remove.");
        }

        var path = ScimJson.Text(ScimJson.Property(operation, "path"), "path");
        var value = ScimJson.Property(operation, "value");
        if (op == Remove && string.IsNullOrWhiteSpace(path))
        {
            throw new ScimException(ScimException.NoTarget, "A remove operation needs a \"path\".");
        }

        if (op != Remove && value is null)
        {
            throw new ScimException(ScimException.InvalidSyntax, $"An {op} operation needs a \"value\".");
        }

        return new ScimOperation(op, string.IsNullOrWhiteSpace(path) ? null : path.Trim(), value);
    }
}
