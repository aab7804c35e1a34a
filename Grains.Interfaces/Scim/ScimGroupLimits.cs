namespace Kagi.Scim;

/// <summary>
/// How large SCIM groups may grow. A group's members are one grain's state and each member who joins or leaves has
/// their roles recomputed, so both a group and a request are bounded; a tenant's created groups are one grain's list.
/// </summary>
public static class ScimGroupLimits
{
    /// <summary>Members one group may hold.</summary>
    public const int MaximumMembers = 10_000;

    /// <summary>Distinct users one request (POST, PUT or PATCH) may name, over all its operations.</summary>
    public const int MaximumMembersPerRequest = ScimJson.MaximumValues;

    /// <summary>Groups the SCIM client may create in a tenant, besides those the SSO mappings name (which SSO sign-in
    /// reads at most <c>500</c> of from a person's groups too).</summary>
    public const int MaximumCreatedGroups = 500;

    /// <summary>Characters of a group's displayName, as for the SSO mappings' group names.</summary>
    public const int MaximumNameLength = 200;

    /// <summary>Characters of a group's externalId.</summary>
    public const int MaximumExternalIdLength = 256;

    /// <summary>Refuses a member list longer than a group may hold (invalidValue), naming the bound.</summary>
    public static void CheckMembers(int count)
    {
        if (count > MaximumMembers)
        {
            throw new ScimException(ScimException.InvalidValue, $"A SCIM group holds at most {MaximumMembers} members; this change would leave {count}.");
        }
    }

    /// <summary>Refuses a request that names more users than one request may (invalidValue).</summary>
    public static void CheckRequest(int named)
    {
        if (named > MaximumMembersPerRequest)
        {
            throw new ScimException(ScimException.InvalidValue, $"One request may name at most {MaximumMembersPerRequest} members; this one names {named}. Send them in several.");
        }
    }
}
