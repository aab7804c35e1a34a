using System.Runtime.InteropServices;

namespace Kagi.Connectors;

/// <summary>
/// Gives OpenLDAP's libldap (which System.DirectoryServices.Protocols uses on Linux) default timeouts for
/// connecting and for synchronous calls. The managed <c>LdapConnection.Timeout</c> does not reach a bind on
/// Linux, so without this a server that accepts TCP but never answers blocks a bind forever.
/// </summary>
/// <remarks>
/// Sets the library-wide defaults (<c>ldap_set_option(NULL, …)</c>) that every connection created afterwards
/// copies: <c>LDAP_OPT_NETWORK_TIMEOUT</c>, <c>LDAP_OPT_TIMEOUT</c> and <c>LDAP_OPT_RESTART</c>. It loads the same
/// library file the managed code probes, so it changes the instance that code uses. When the library cannot be
/// found the call does nothing; the connector still stops waiting after its own deadline.
/// </remarks>
internal static class LibLdapTimeouts
{
    private const int LdapOptRestart = 0x0009;
    private const int LdapOptTimeout = 0x5002;
    private const int LdapOptNetworkTimeout = 0x5005;

    // The order System.DirectoryServices.Protocols probes on Linux.
    private static readonly string[] LibraryNames = ["libldap.so.2", "libldap-2.6.so.0", "libldap-2.5.so.0"];

    private static readonly Lock Gate = new();
    private static bool _applied;

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int SetOption(IntPtr ld, int option, IntPtr value);

    public static void EnsureApplied(TimeSpan timeout)
    {
        lock (Gate)
        {
            if (_applied || !OperatingSystem.IsLinux())
            {
                return;
            }

            _applied = true;
            foreach (var name in LibraryNames)
            {
                if (NativeLibrary.TryLoad(name, out var library) && NativeLibrary.TryGetExport(library, "ldap_set_option", out var export))
                {
                    var setOption = Marshal.GetDelegateForFunctionPointer<SetOption>(export);
                    // struct timeval { time_t tv_sec; suseconds_t tv_usec; }: two 64-bit longs on 64-bit Linux.
                    var timeval = Marshal.AllocHGlobal(16);
                    try
                    {
                        Marshal.WriteInt64(timeval, 0, (long)Math.Ceiling(timeout.TotalSeconds));
                        Marshal.WriteInt64(timeval, 8, 0);
                        _ = setOption(IntPtr.Zero, LdapOptNetworkTimeout, timeval);
                        _ = setOption(IntPtr.Zero, LdapOptTimeout, timeval);
                        // Without it a signal that lands on the waiting thread ends the wait as "server down"
                        // (libldap's wait gives up on EINTR); with it the wait goes on, still bounded by the timeouts.
                        _ = setOption(IntPtr.Zero, LdapOptRestart, new IntPtr(1));
                    }
                    finally
                    {
                        Marshal.FreeHGlobal(timeval);
                    }

                    return;
                }
            }
        }
    }
}
