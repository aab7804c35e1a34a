namespace Kagi.Connectors;

/// <summary>
/// Kagi's own login on a target (verify, heartbeat, rotation, registration, discovery, reading the log),
/// noted so reconciliation can tell it from a person's. Not a sign-in to Kagi: those are sign-ins. <see cref="Started"/> is taken before
/// connecting and <see cref="Finished"/> once the login was accepted, both on Kagi's clock.
/// <see cref="ClientAddress"/> and <see cref="ClientPort"/> are the client end of the connection as the
/// target saw it (SSH: <c>$SSH_CONNECTION</c>), when the target would say.
/// </summary>
public sealed record OwnLogin(string Username, DateTimeOffset Started, DateTimeOffset Finished, string? ClientAddress, int? ClientPort);
