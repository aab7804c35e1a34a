using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kagi.Frontend.Hosting;

/// <summary>
/// Marks a JSON body member that holds an identifier, or a list of them: its value is case-folded to
/// the canonical form (<see cref="Identifiers.Fold"/>) as the body is read, so the validators, which
/// check <see cref="Identifiers.IsValid"/>, and everything after them see only canonical ids. Folding
/// alone, not refusing: a value that still breaks the rule is named by the request's validator.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class IdentifierAttribute : JsonConverterAttribute
{
    public override JsonConverter? CreateConverter(Type typeToConvert) =>
        typeToConvert == typeof(string) ? new One()
        : typeToConvert == typeof(ImmutableArray<string>) ? new Many()
        : typeToConvert == typeof(ImmutableArray<string>?) ? new MaybeMany()
        : typeToConvert == typeof(string[]) ? new Array()
        : throw new InvalidOperationException($"[Identifier] does not apply to {typeToConvert}.");

    private sealed class One : JsonConverter<string>
    {
        public override bool HandleNull => false;

        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String ? Identifiers.Fold(reader.GetString()) : throw new JsonException("An identifier must be a string.");

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }

    private sealed class Array : JsonConverter<string[]>
    {
        public override string[]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadList(ref reader)?.ToArray();

        public override void Write(Utf8JsonWriter writer, string[] value, JsonSerializerOptions options) => WriteList(writer, value);
    }

    private sealed class Many : JsonConverter<ImmutableArray<string>>
    {
        public override ImmutableArray<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            ReadList(ref reader)?.ToImmutable() ?? default;

        public override void Write(Utf8JsonWriter writer, ImmutableArray<string> value, JsonSerializerOptions options) => WriteList(writer, value.IsDefault ? [] : value);
    }

    private sealed class MaybeMany : JsonConverter<ImmutableArray<string>?>
    {
        public override bool HandleNull => true;

        public override ImmutableArray<string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? null : ReadList(ref reader)?.ToImmutable();

        public override void Write(Utf8JsonWriter writer, ImmutableArray<string>? value, JsonSerializerOptions options)
        {
            if (value is { IsDefault: false } list)
            {
                WriteList(writer, list);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }

    private static ImmutableArray<string>.Builder? ReadList(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("A list of identifiers must be an array of strings.");
        }

        var items = ImmutableArray.CreateBuilder<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            items.Add(reader.TokenType == JsonTokenType.String
                ? Identifiers.Fold(reader.GetString())!
                : throw new JsonException("A list of identifiers must be an array of strings."));
        }

        return items;
    }

    private static void WriteList(Utf8JsonWriter writer, IEnumerable<string> values)
    {
        writer.WriteStartArray();
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
