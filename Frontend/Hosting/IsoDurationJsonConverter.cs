using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml;

namespace Kagi.Frontend.Hosting;

/// <summary>Durations on the API are ISO 8601 (<c>PT8H</c>, <c>P30D</c>), in both directions, as bodies accept them.</summary>
public sealed class IsoDurationJsonConverter : JsonConverter<TimeSpan>
{
    private const string Rule = "must be an ISO 8601 duration, e.g. PT8H or P30D.";

    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString() ?? throw new JsonValueException(Rule);
        try
        {
            return XmlConvert.ToTimeSpan(text);
        }
        catch (FormatException e)
        {
            throw new JsonValueException(Rule, e);
        }
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(XmlConvert.ToString(value));
    }
}
