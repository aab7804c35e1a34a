namespace Kagi.Kagictl.Archive;

/// <summary>What an archive says of itself: when it was made, from which Orleans service id, and for which tenant (null: all).</summary>
public sealed record ArchiveManifest(DateTimeOffset CreatedAt, string ServiceId, string? Tenant);
