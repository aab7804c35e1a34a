using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Kagi.Frontend.Hosting;

/// <summary>How every endpoint reads and writes JSON (tests that bind bodies in-process use the same).</summary>
public static class KagiJson
{
    public static IServiceCollection AddKagiJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            options.SerializerOptions.Converters.Add(new IsoDurationJsonConverter());
            // A body missing a field, or sending null where none is allowed, is refused with a 400.
            options.SerializerOptions.RespectNullableAnnotations = true;
            options.SerializerOptions.RespectRequiredConstructorParameters = true;
            options.SerializerOptions.TypeInfoResolver = (options.SerializerOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver())
                .WithAddedModifier(NullElements.Refuse);
        });
}
