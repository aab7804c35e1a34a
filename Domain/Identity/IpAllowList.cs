using System.Collections.Immutable;
using System.Net;
using Kagi.Errors;
using Kagi.Tenancy;

namespace Kagi.Domain.Identity;

/// <summary>
/// IPv4 and IPv6 CIDR allow-lists. A caller must match the tenant list (when not empty) and, for each
/// role they hold that has a list, that list too. IPv4-mapped IPv6 addresses count as IPv4.
/// </summary>
public sealed class IpAllowList
{
    private readonly ImmutableArray<IPNetwork> _tenant;
    private readonly ImmutableDictionary<string, ImmutableArray<IPNetwork>> _roles;

    public IpAllowList(IpAllowListSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _tenant = Parse(settings.Cidrs);
        _roles = settings.RoleCidrs.ToImmutableDictionary(pair => pair.Key, pair => Parse(pair.Value), StringComparer.Ordinal);
    }

    /// <summary>Whether the address may call; <paramref name="roles"/> null before sign-in (tenant list only).
    /// An unknown address is allowed only when no list applies.</summary>
    public bool Allows(string? ipAddress, IEnumerable<string>? roles)
    {
        var lists = new List<ImmutableArray<IPNetwork>>();
        if (!_tenant.IsEmpty)
        {
            lists.Add(_tenant);
        }

        foreach (var role in roles ?? [])
        {
            if (_roles.TryGetValue(role, out var list) && !list.IsEmpty)
            {
                lists.Add(list);
            }
        }

        if (lists.Count == 0)
        {
            return true;
        }

        if (ipAddress is null || !IPAddress.TryParse(ipAddress, out var address))
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return lists.All(list => list.Any(network => network.Contains(address)));
    }

    /// <summary>Refuses malformed CIDRs and roles that do not exist.</summary>
    public static IpAllowListSettings Normalize(IpAllowListSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var problems = new SettingsProblems();
        var cidrs = NormalizeList(settings.Cidrs, "cidrs", problems);
        var roles = ImmutableDictionary.CreateBuilder<string, ImmutableArray<string>>(StringComparer.Ordinal);
        foreach (var (role, list) in settings.RoleCidrs)
        {
            if (!KagiRoles.All.Contains(role))
            {
                problems.Add("roleCidrs", $"roleCidrs: '{role}' is not a role");
                continue;
            }

            roles[role] = NormalizeList(list, $"roleCidrs.{role}", problems);
        }

        if (cidrs.Length + roles.Values.Sum(list => list.Length) > 500)
        {
            problems.Add("cidrs", "at most 500 CIDRs in all");
        }

        problems.ThrowIfAny("The IP allow-list is invalid: ");
        return new IpAllowListSettings { Cidrs = cidrs, RoleCidrs = roles.ToImmutable() };
    }

    private static ImmutableArray<string> NormalizeList(ImmutableArray<string> list, string field, SettingsProblems problems)
    {
        var result = ImmutableArray.CreateBuilder<string>();
        foreach (var text in list.IsDefault ? [] : list)
        {
            if (TryParse(text, out var network))
            {
                result.Add(network.ToString());
            }
            else
            {
                problems.Add(field, $"{field}: '{Shorten(text)}' is not a CIDR such as 203.0.113.0/24 or 2001:db8::/32");
            }
        }

        return result.Distinct(StringComparer.Ordinal).ToImmutableArray();
    }

    /// <summary>A CIDR, or a single address (as /32 or /128). Host bits must be zero.</summary>
    public static bool TryParse(string? text, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        if (!trimmed.Contains('/', StringComparison.Ordinal) && IPAddress.TryParse(trimmed, out var single))
        {
            network = new IPNetwork(single, single.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        // Host bits must be zero: "203.0.113.1/24" is more likely a typo than a network.
        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        return IPNetwork.TryParse(trimmed, out network)
            && IPAddress.TryParse(trimmed[..slash], out var given) && given.Equals(network.BaseAddress);
    }

    private static ImmutableArray<IPNetwork> Parse(ImmutableArray<string> cidrs) =>
        [.. (cidrs.IsDefault ? [] : cidrs).Select(text => TryParse(text, out var network) ? network : (IPNetwork?)null).OfType<IPNetwork>()];

    private static string Shorten(string? text) => text is null ? "" : text.Length > 50 ? text[..50] : text;
}
