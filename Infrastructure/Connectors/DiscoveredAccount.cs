namespace Kagi.Connectors;

/// <summary>An account found on a target.</summary>
/// <param name="Username">The name the connector's other calls accept for this account.</param>
/// <param name="CanLogIn">False when the target itself forbids logging in (a NOLOGIN role, a nologin shell).</param>
/// <param name="Detail">What else the target said about it, for people (e.g. <c>uid 1001, shell /bin/bash</c>).</param>
public sealed record DiscoveredAccount(string Username, bool CanLogIn, string? Detail);
