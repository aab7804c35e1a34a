using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Kagi.Frontend.Hosting;

/// <summary>
/// JSON bodies: a null inside a list whose elements may not be null (<c>{"decisions":[null]}</c>) is
/// refused like any other null where none is allowed. <c>RespectNullableAnnotations</c> covers
/// properties, not the elements of a list, so without this a handler or validator met the null and the
/// caller got a 500 instead of a 400 in our words (<see cref="Problems.BadRequestDetail"/>).
/// </summary>
public static class NullElements
{
    /// <summary>A type-info modifier for Kagi's own types: after one is read, its non-null lists are checked.</summary>
    public static void Refuse(JsonTypeInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (info.Kind != JsonTypeInfoKind.Object || info.Type.FullName?.StartsWith("Kagi.", StringComparison.Ordinal) != true)
        {
            return;
        }

        var guarded = info.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(HoldsNonNullElements).ToArray();
        if (guarded.Length == 0)
        {
            return;
        }

        var previous = info.OnDeserialized;
        info.OnDeserialized = value =>
        {
            if (guarded.Any(property => HasNull(property.GetValue(value))))
            {
                throw new JsonException("A list holds a null where none is allowed.");
            }

            previous?.Invoke(value);
        };
    }

    private static bool HoldsNonNullElements(PropertyInfo property)
    {
        if (property.PropertyType == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType)
            || property.GetIndexParameters().Length > 0)
        {
            return false;
        }

        var nullability = new NullabilityInfoContext().Create(property);
        var element = nullability.ElementType ?? (nullability.GenericTypeArguments is [var only] ? only : null);
        return element is { ReadState: NullabilityState.NotNull } && !element.Type.IsValueType;
    }

    private static bool HasNull(object? items) => items is IEnumerable list && !IsDefaultImmutableArray(list) && list.Cast<object?>().Any(item => item is null);

    // A default ImmutableArray (a left-out optional list) cannot be enumerated; it holds nothing.
    private static bool IsDefaultImmutableArray(object list) =>
        list.GetType() is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(ImmutableArray<>)
        && (bool)type.GetProperty(nameof(ImmutableArray<int>.IsDefault))!.GetValue(list)!;
}
