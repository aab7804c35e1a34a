using System.Text;
using System.Text.Json.Nodes;

namespace Kagi.Tests.EndToEnd;

/// <summary>
/// Seeded, bounded mutations of a well-shaped JSON body: wrong types, missing and unknown fields,
/// nulls, huge strings, deep nesting, odd unicode, numbers out of range, and broken JSON. The same
/// seed gives the same bodies, so a failure can be replayed.
/// </summary>
public sealed class JsonMutator(int seed)
{
    public const int HugeLength = 256 * 1024;

    private static readonly string[] OddStrings =
    [
        "", " ", "\u0000", "é\u0301", "\u202Eevil", "💥🔑", "日本語のテキスト", "../../etc/passwd", "a\r\nb", "%00", "\\u0000",
        "' OR '1'='1", "<script>", "𝕂𝕒𝕘𝕚", "\uFEFF", "-1", "PT-1H", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "NaN",
    ];

    private static readonly string[] OddNumbers =
    [
        "-1", "0", "2147483648", "-2147483649", "9223372036854775808", "-9223372036854775809", "1e400", "-1e400", "1.5", "1e-400",
        "123456789012345678901234567890",
    ];

    private readonly Random _random = new(seed);

    /// <summary>One mutated body (JSON text, sometimes not valid JSON at all).</summary>
    public string Mutate(JsonNode? shaped)
    {
        var body = shaped?.DeepClone();
        var rounds = 1 + _random.Next(3);
        for (var i = 0; i < rounds; i++)
        {
            switch (_random.Next(12))
            {
                case 0:
                    return Broken(body?.ToJsonString() ?? "{}");
                case 1:
                    return new[] { "", "null", "[]", "0", "\"text\"", "{}", "true" }[_random.Next(7)];
                default:
                    body = Replace(body, MutatedValue);
                    break;
            }
        }

        return body?.ToJsonString() ?? "null";
    }

    private JsonNode? MutatedValue(JsonNode? current) => _random.Next(10) switch
    {
        0 => null,
        1 => JsonValue.Create(OddStrings[_random.Next(OddStrings.Length)]),
        2 => JsonNode.Parse(OddNumbers[_random.Next(OddNumbers.Length)]),
        3 => JsonValue.Create(new string((char)('a' + _random.Next(26)), 1 + _random.Next(HugeLength))),
        4 => Deep(16 + _random.Next(200)),
        5 => current is JsonObject ? new JsonArray(1, 2) : new JsonObject { ["x"] = 1 },
        6 => JsonValue.Create(_random.Next(2) == 0),
        7 => new JsonArray(Enumerable.Range(0, 1 + _random.Next(2000)).Select(i => (JsonNode?)JsonValue.Create(i)).ToArray()),
        8 => JsonValue.Create(RandomUnicode(1 + _random.Next(64))),
        _ => Missing,
    };

    /// <summary>Marks "remove this field" for <see cref="Replace"/>.</summary>
    private static readonly JsonObject Missing = new() { ["__missing__"] = true };

    /// <summary>Replaces one node chosen at random (the root included), or removes an object's field, or adds an unknown one.</summary>
    private JsonNode? Replace(JsonNode? root, Func<JsonNode?, JsonNode?> replacement)
    {
        var slots = new List<(JsonNode Parent, object Key)>();
        Collect(root, slots);
        if (slots.Count == 0 || _random.Next(slots.Count + 1) == 0)
        {
            var whole = replacement(root);
            return ReferenceEquals(whole, Missing) ? null : whole;
        }

        var (parent, key) = slots[_random.Next(slots.Count)];
        var value = replacement(key is string field ? parent[field] : parent[(int)key]);
        switch (parent, key)
        {
            case (JsonObject obj, string name) when ReferenceEquals(value, Missing):
                obj.Remove(name);
                break;
            case (JsonObject obj, string name):
                obj[name] = value?.DeepClone();
                if (_random.Next(6) == 0)
                {
                    obj["unexpected" + _random.Next(100)] = JsonValue.Create("x");
                }

                break;
            case (JsonArray array, int index):
                array[index] = ReferenceEquals(value, Missing) ? null : value?.DeepClone();
                break;
        }

        return root;
    }

    private static void Collect(JsonNode? node, List<(JsonNode Parent, object Key)> slots)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    slots.Add((obj, name));
                    Collect(child, slots);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    slots.Add((array, i));
                    Collect(array[i], slots);
                }

                break;
        }
    }

    private static JsonNode Deep(int depth)
    {
        JsonNode node = new JsonArray(1);
        for (var i = 0; i < depth; i++)
        {
            node = i % 2 == 0 ? new JsonArray(node) : new JsonObject { ["a"] = node };
        }

        return node;
    }

    private string RandomUnicode(int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            // Whole code points from the BMP and beyond, controls and combining marks included (no lone surrogates:
            // the JSON writer would replace them; broken encodings come from Broken()).
            var codePoint = _random.Next(4) switch
            {
                0 => _random.Next(0x20),
                1 => 0x300 + _random.Next(0x70),
                2 => 0x1F300 + _random.Next(0x300),
                _ => 0x20 + _random.Next(0xD7FF - 0x20),
            };
            text.Append(char.ConvertFromUtf32(codePoint));
        }

        return text.ToString();
    }

    private string Broken(string json) => _random.Next(4) switch
    {
        0 => json[..(json.Length / 2)],
        1 => json.Replace("\"", "", StringComparison.Ordinal),
        2 => json + "}",
        _ => "{\"a\":\"\\ud800\"," + json[1..],
    };
}
