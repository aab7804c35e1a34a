using Azure.Data.Tables;

namespace Kagi.Kagictl.Archive;

/// <summary>
/// A table row in the archive: keys, then each property as name, Edm type and value, so a restored row
/// has the very types it was stored with (an Int64 stays an Int64, binary stays binary). The service's own
/// <c>Timestamp</c> and ETag are not kept: the store sets them again.
/// </summary>
internal static class RowCodec
{
    private enum Kind : byte
    {
        String = 1,
        Binary = 2,
        Int32 = 3,
        Int64 = 4,
        Double = 5,
        Boolean = 6,
        DateTime = 7,
        Guid = 8,
    }

    public static void Write(BinaryWriter writer, TableEntity row)
    {
        var properties = row.Where(p => p.Value is not null && !IsServiceProperty(p.Key)).ToList();
        writer.Write(row.PartitionKey);
        writer.Write(row.RowKey);
        writer.Write(properties.Count);
        foreach (var (name, value) in properties)
        {
            writer.Write(name);
            switch (value)
            {
                case string text:
                    writer.Write((byte)Kind.String);
                    writer.Write(text);
                    break;
                case byte[] bytes:
                    WriteBinary(writer, bytes);
                    break;
                case BinaryData data:
                    WriteBinary(writer, data.ToArray());
                    break;
                case int number:
                    writer.Write((byte)Kind.Int32);
                    writer.Write(number);
                    break;
                case long number:
                    writer.Write((byte)Kind.Int64);
                    writer.Write(number);
                    break;
                case double number:
                    writer.Write((byte)Kind.Double);
                    writer.Write(number);
                    break;
                case bool flag:
                    writer.Write((byte)Kind.Boolean);
                    writer.Write(flag);
                    break;
                case DateTimeOffset time:
                    writer.Write((byte)Kind.DateTime);
                    writer.Write(time.UtcTicks);
                    break;
                case DateTime time:
                    writer.Write((byte)Kind.DateTime);
                    writer.Write(time.ToUniversalTime().Ticks);
                    break;
                case Guid id:
                    writer.Write((byte)Kind.Guid);
                    writer.Write(id.ToByteArray());
                    break;
                default:
                    throw new InvalidOperationException($"Property {name} of a row in partition {row.PartitionKey} has a type the archive does not know ({value.GetType().Name}).");
            }
        }
    }

    public static TableEntity Read(BinaryReader reader)
    {
        var row = new TableEntity(reader.ReadString(), reader.ReadString());
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            row[name] = (Kind)reader.ReadByte() switch
            {
                Kind.String => reader.ReadString(),
                Kind.Binary => reader.ReadBytes(reader.ReadInt32()),
                Kind.Int32 => reader.ReadInt32(),
                Kind.Int64 => reader.ReadInt64(),
                Kind.Double => reader.ReadDouble(),
                Kind.Boolean => reader.ReadBoolean(),
                Kind.DateTime => new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero),
                Kind.Guid => new Guid(reader.ReadBytes(16)),
                var kind => throw new BackupArchiveException($"The archive holds a property of unknown kind {(byte)kind}."),
            };
        }

        return row;
    }

    private static bool IsServiceProperty(string name) =>
        name is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag";

    private static void WriteBinary(BinaryWriter writer, byte[] bytes)
    {
        writer.Write((byte)Kind.Binary);
        writer.Write(bytes.Length);
        writer.Write(bytes);
    }
}
