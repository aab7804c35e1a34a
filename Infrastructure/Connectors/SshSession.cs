using System.Security.Cryptography;
using System.Text;
using Kagi.Domain.Vault;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Kagi.Connectors;

/// <summary>One SSH connection of <see cref="SshConnector"/>: runs commands, feeding secrets on stdin only.</summary>
internal sealed class SshSession : IDisposable
{
    private readonly SshClient _client;
    private readonly string? _expectedHostKey;
    private readonly TimeSpan _commandTimeout;
    private readonly int _maximumOutputBytes;

    public SshSession(SshClient client, string? expectedHostKeySha256, TimeSpan commandTimeout, int maximumOutputBytes = TargetOutput.MaximumOutputBytes)
    {
        _client = client;
        _commandTimeout = commandTimeout;
        _maximumOutputBytes = maximumOutputBytes;
        _expectedHostKey = expectedHostKeySha256;
        _client.HostKeyReceived += OnHostKeyReceived;
    }

    public bool HostKeyRejected { get; private set; }

    /// <summary>The host key the server presented in the key exchange (<c>SHA256:…</c>), once it has.</summary>
    public string? PresentedHostKey { get; private set; }

    public async Task<SshCommandResult> RunAsync(string commandText, CancellationToken cancellationToken, byte[]? input = null)
    {
        using var command = _client.CreateCommand(commandText);
        command.CommandTimeout = _commandTimeout;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var execution = command.ExecuteAsync(stop.Token);
        // Read as the output arrives, to a bound; past it the command is stopped, not listened to (TargetOutput).
        var output = Task.Run(async () =>
        {
            var read = await TargetOutput.ReadAsync(command.OutputStream, _maximumOutputBytes, stop.Token).ConfigureAwait(false);
            if (read.Exceeded)
            {
                try
                {
                    await stop.CancelAsync().ConfigureAwait(false);
                }
                catch (ObjectDisposedException)
                {
                    // The call already ended for another reason.
                }
            }

            return read;
        }, stop.Token);
        var error = Task.Run(() => TargetOutput.ReadAsync(command.ExtendedOutputStream, TargetOutput.MaximumErrorBytes, stop.Token), stop.Token);
        try
        {
            await using var stdin = command.CreateInputStream();
            if (input is not null)
            {
                await stdin.WriteAsync(input, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException) when (execution.IsCompleted)
        {
            // The command ended (e.g. sudo refused) before it read its input; its exit status says why.
        }

        try
        {
            await execution.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Stopped by the output reader (it is finishing now) or by the command timeout.
            if ((await output.WaitAsync(_commandTimeout, CancellationToken.None).ConfigureAwait(false)).Exceeded)
            {
                throw new TargetUnavailableException($"The command's output exceeded the {_maximumOutputBytes} bytes Kagi reads from a target.");
            }

            throw;
        }

        var (stdout, exceeded) = await output.WaitAsync(_commandTimeout, cancellationToken).ConfigureAwait(false);
        if (exceeded)
        {
            throw new TargetUnavailableException($"The command's output exceeded the {_maximumOutputBytes} bytes Kagi reads from a target.");
        }

        // Standard error is only matched against known phrases: what is beyond its bound is dropped.
        var (stderr, _) = await error.WaitAsync(_commandTimeout, cancellationToken).ConfigureAwait(false);
        return new SshCommandResult(command.ExitStatus, stdout, stderr);
    }

    /// <summary>The client end of this session as the server saw it, from <c>$SSH_CONNECTION</c>; nulls when the
    /// account's shell will not say (e.g. <c>nologin</c>) or not within <paramref name="timeout"/>.</summary>
    public async Task<(string? Address, int? Port)> ClientEndpointAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            var result = await RunAsync("echo \"$SSH_CONNECTION\"", limit.Token).ConfigureAwait(false);
            return result.ExitStatus == 0 && SshConnectionVariable.TryParse(result.Output, out var address, out var port) ? (address, port) : (null, null);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested
            && e is SshException or IOException or TimeoutException or InvalidOperationException or OperationCanceledException)
        {
            return (null, null);
        }
    }

    public async Task<SshCommandResult> ChpasswdAsync(string username, string password, CancellationToken cancellationToken)
    {
        var line = Encoding.UTF8.GetBytes($"{username}:{password}\n");
        try
        {
            return await RunAsync(SshConnector.ChpasswdCommand, cancellationToken, line).ConfigureAwait(false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(line);
        }
    }

    public void Dispose()
    {
        _client.HostKeyReceived -= OnHostKeyReceived;
        _client.Dispose();
    }

    // Runs during the key exchange, before user authentication: a refused key means no password was sent.
    private void OnHostKeyReceived(object? sender, HostKeyEventArgs e)
    {
        PresentedHostKey = HostKeyPin.Canonical(e.FingerPrintSHA256) ?? HostKeyPin.Prefix + e.FingerPrintSHA256;
        if (_expectedHostKey is null)
        {
            e.CanTrust = true;
            return;
        }

        e.CanTrust = HostKeyPin.Matches(_expectedHostKey, PresentedHostKey);
        HostKeyRejected = !e.CanTrust;
    }
}
