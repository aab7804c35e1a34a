namespace Kagi.Connectors;

/// <summary>What a remote command returned. <see cref="Error"/> is the target's text: match it, never copy it.</summary>
internal sealed record SshCommandResult(int? ExitStatus, string Output, string Error);
