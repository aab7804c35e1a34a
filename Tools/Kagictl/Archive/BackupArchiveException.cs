namespace Kagi.Kagictl.Archive;

/// <summary>An archive that cannot be trusted (cut short, altered, out of order) or opened with the key given.</summary>
public sealed class BackupArchiveException(string message) : Exception(message)
{
}
