using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kagi.Tests.Mediation;
using Microsoft.AspNetCore.Http.Metadata;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// Bodies for a route, built from the body type its endpoint declares (<see cref="IAcceptsMetadata"/>):
/// every constructor parameter present with a value of the right JSON kind, so the body binds and the
/// request reaches the pipeline (where authorization and validation answer). Nothing is listed per route.
/// </summary>
public static class JsonBodies
{
    public const string SampleText = "matrix1";

    /// <summary>The JSON body type a route takes, or null when it takes none.</summary>
    public static Type? BodyType(FrontendRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var accepts = route.Endpoint.Metadata.GetMetadata<IAcceptsMetadata>();
        return accepts is { RequestType: { } type } && accepts.ContentTypes.Any(t => t.Contains("json", StringComparison.Ordinal)) ? type : null;
    }

    /// <summary>A body that binds to <paramref name="type"/> (values of the right kind, not necessarily valid ones).</summary>
    public static JsonNode? Shaped(Type type, int depth = 0)
    {
        ArgumentNullException.ThrowIfNull(type);
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (depth > 6)
        {
            return null;
        }

        if (type == typeof(string))
        {
            return SampleText;
        }

        if (type == typeof(bool))
        {
            return false;
        }

        if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte))
        {
            return 1;
        }

        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
        {
            return 1.5;
        }

        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            return DateTimeOffset.UtcNow.AddHours(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        }

        if (type == typeof(TimeSpan))
        {
            return "PT1H";
        }

        if (type == typeof(Guid))
        {
            return Guid.NewGuid().ToString();
        }

        if (type.IsEnum)
        {
            return JsonNamingPolicy.CamelCase.ConvertName(Enum.GetNames(type)[0]);
        }

        if (type == typeof(object) || type == typeof(JsonElement) || type == typeof(JsonNode) || type == typeof(JsonObject))
        {
            return new JsonObject();
        }

        if ((Generic(type, typeof(IDictionary<,>)) ?? Generic(type, typeof(IReadOnlyDictionary<,>))) is { } dictionary)
        {
            return new JsonObject { ["key"] = Shaped(dictionary[1], depth + 1) };
        }

        if (type.IsArray || (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type)))
        {
            var element = type.IsArray ? type.GetElementType()! : Generic(type, typeof(IEnumerable<>))?[0] ?? typeof(object);
            return new JsonArray(Shaped(element, depth + 1));
        }

        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
        var body = new JsonObject();
        foreach (var parameter in constructor?.GetParameters() ?? [])
        {
            body[JsonNamingPolicy.CamelCase.ConvertName(parameter.Name!)] = Shaped(parameter.ParameterType, depth + 1);
        }

        return body;
    }

    private static Type[]? Generic(Type type, Type definition) =>
        (type.IsGenericType && type.GetGenericTypeDefinition() == definition ? type : type.GetInterfaces()
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition))?.GetGenericArguments();
}
