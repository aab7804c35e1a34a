using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Kagi.Tests.Infrastructure;

/// <summary>
/// Writes a tiny IPv4 GeoIP2-City database in the MaxMind DB format (spec 2.0: a binary search tree
/// with 24-bit records, 16 zero bytes, the data section, then the metadata after its marker), so the
/// tests exercise the real MaxMind reader without MaxMind's own files.
/// </summary>
public static class MmdbWriter
{
    public sealed record City(string Cidr, string Name, double Latitude, double Longitude);

    private static readonly byte[] MetadataMarker = [0xAB, 0xCD, 0xEF, .. "MaxMind.com"u8];

    public static void Write(string path, IEnumerable<City> cities)
    {
        var data = new MemoryStream();
        var tree = new List<long[]> { new long[] { Empty, Empty } };
        foreach (var city in cities)
        {
            var offset = data.Length;
            WriteMap(data, new Dictionary<string, Action<Stream>>
            {
                ["city"] = s => WriteMap(s, new() { ["names"] = n => WriteMap(n, new() { ["en"] = v => WriteString(v, city.Name) }) }),
                ["location"] = s => WriteMap(s, new()
                {
                    ["latitude"] = v => WriteDouble(v, city.Latitude),
                    ["longitude"] = v => WriteDouble(v, city.Longitude),
                }),
            });
            Insert(tree, IPNetwork.Parse(city.Cidr), DataMark(offset));
        }

        var nodeCount = tree.Count;
        using var file = File.Create(path);
        Span<byte> record = stackalloc byte[3];
        foreach (var node in tree)
        {
            foreach (var value in node)
            {
                var resolved = value == Empty ? nodeCount : value <= DataBase ? nodeCount + 16 + (DataBase - value) : value;
                record[0] = (byte)(resolved >> 16);
                record[1] = (byte)(resolved >> 8);
                record[2] = (byte)resolved;
                file.Write(record);
            }
        }

        file.Write(new byte[16]);
        data.Position = 0;
        data.CopyTo(file);
        file.Write(MetadataMarker);
        WriteMap(file, new Dictionary<string, Action<Stream>>
        {
            ["binary_format_major_version"] = s => WriteUInt(s, 5, 2, 2),
            ["binary_format_minor_version"] = s => WriteUInt(s, 5, 0, 2),
            ["build_epoch"] = s => WriteUInt64(s, (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
            ["database_type"] = s => WriteString(s, "GeoIP2-City"),
            ["description"] = s => WriteMap(s, new() { ["en"] = v => WriteString(v, "Kagi test cities") }),
            ["ip_version"] = s => WriteUInt(s, 5, 4, 2),
            ["languages"] = s => WriteArray(s, ["en"]),
            ["node_count"] = s => WriteUInt(s, 6, (uint)nodeCount, 4),
            ["record_size"] = s => WriteUInt(s, 5, 24, 2),
        });
    }

    // Record values while building: node indexes are >= 0, Empty is -1, data offsets are DataBase - offset.
    private const long Empty = -1;
    private const long DataBase = -2;

    private static long DataMark(long offset) => DataBase - offset;

    private static void Insert(List<long[]> tree, IPNetwork network, long value)
    {
        var bits = network.BaseAddress.MapToIPv4().GetAddressBytes();
        var node = 0;
        for (var i = 0; i < network.PrefixLength; i++)
        {
            var bit = (bits[i / 8] >> (7 - (i % 8))) & 1;
            if (i == network.PrefixLength - 1)
            {
                tree[node][bit] = value;
                return;
            }

            if (tree[node][bit] < 0)
            {
                tree.Add([Empty, Empty]);
                tree[node][bit] = tree.Count - 1;
            }

            node = (int)tree[node][bit];
        }
    }

    private static void Control(Stream s, int type, int size)
    {
        if (type <= 7)
        {
            s.WriteByte((byte)((type << 5) | size));
        }
        else
        {
            s.WriteByte((byte)size);
            s.WriteByte((byte)(type - 7));
        }
    }

    private static void WriteString(Stream s, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Control(s, 2, bytes.Length);
        s.Write(bytes);
    }

    private static void WriteDouble(Stream s, double value)
    {
        Control(s, 3, 8);
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(bytes, value);
        s.Write(bytes);
    }

    private static void WriteUInt(Stream s, int type, uint value, int size)
    {
        Control(s, type, size);
        for (var i = size - 1; i >= 0; i--)
        {
            s.WriteByte((byte)(value >> (8 * i)));
        }
    }

    private static void WriteUInt64(Stream s, ulong value)
    {
        Control(s, 9, 8);
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        s.Write(bytes);
    }

    private static void WriteArray(Stream s, IReadOnlyList<string> values)
    {
        Control(s, 11, values.Count);
        foreach (var value in values)
        {
            WriteString(s, value);
        }
    }

    private static void WriteMap(Stream s, Dictionary<string, Action<Stream>> entries)
    {
        Control(s, 7, entries.Count);
        foreach (var (key, write) in entries)
        {
            WriteString(s, key);
            write(s);
        }
    }
}
