namespace Kagi.Tests.Infrastructure;

/// <summary>The documentation networks the tests' GeoIP database places on the map.</summary>
public static class TestCities
{
    public static IReadOnlyList<MmdbWriter.City> All { get; } =
    [
        new("192.0.2.0/24", "Berlin", 52.52, 13.40),
        new("198.51.100.0/24", "Sydney", -33.87, 151.21),
    ];
}
