using System.Globalization;
using System.Net;

namespace Kagi.Connectors;

/// <summary>
/// Reads sshd's <c>SSH_CONNECTION</c> ("client-address client-port server-address server-port"): the client
/// end of a session as the server saw it, which is what it writes into the auth log.
/// </summary>
public static class SshConnectionVariable
{
    public static bool TryParse(string? text, out string address, out int port)
    {
        address = "";
        port = 0;
        var fields = (text ?? "").Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 4 || !IPAddress.TryParse(fields[0], out _) || !IPAddress.TryParse(fields[2], out _)
            || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var client) || client is < 1 or > ushort.MaxValue
            || !int.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var server) || server is < 1 or > ushort.MaxValue)
        {
            return false;
        }

        address = fields[0];
        port = client;
        return true;
    }
}
