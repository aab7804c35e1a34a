using System.Reflection;
using Azure.Data.Tables;

namespace Kagi.Kagictl.Checks;

/// <summary>
/// An archived row as the silo's own entity type (e.g. <c>AuditRecordEntity</c>), property by property as the
/// table client would fill it, so the checks read archived rows through the same types the silo writes.
/// A value of another type than the property's is left out, which a check then sees as a changed row.
/// </summary>
internal static class TypedRows
{
    public static T As<T>(TableEntity row)
        where T : class, ITableEntity, new()
    {
        var typed = new T { PartitionKey = row.PartitionKey, RowKey = row.RowKey };
        foreach (var property in Settable<T>.Properties)
        {
            if (row.TryGetValue(property.Name, out var value) && value is not null && property.PropertyType.IsInstanceOfType(value))
            {
                property.SetValue(typed, value);
            }
        }

        return typed;
    }

    private static class Settable<T>
    {
        public static readonly PropertyInfo[] Properties = [.. typeof(T)
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.Name is not (nameof(ITableEntity.PartitionKey) or nameof(ITableEntity.RowKey) or nameof(ITableEntity.Timestamp) or nameof(ITableEntity.ETag)))];
    }
}
