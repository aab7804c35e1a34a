using Kagi.Identity;
using Kagi.Tests.Infrastructure;
using Xunit;

namespace Kagi.Tests.Security;

public sealed class GeoLocatorTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"kagi-geo-{Guid.NewGuid():N}.mmdb");

    public GeoLocatorTests() => MmdbWriter.Write(_path, TestCities.All);

    [Fact]
    public void A_maxmind_format_city_database_locates_addresses_in_its_networks()
    {
        using var locator = new MaxMindGeoLocator(_path);

        Assert.Equal(new GeoPoint(52.52, 13.40), locator.Locate("192.0.2.10"));
        Assert.Equal(new GeoPoint(-33.87, 151.21), locator.Locate("198.51.100.7"));
        Assert.Null(locator.Locate("203.0.113.1"));
        Assert.Null(locator.Locate("not an address"));
    }

    public void Dispose() => File.Delete(_path);
}
