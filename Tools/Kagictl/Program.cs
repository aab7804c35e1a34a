using System.Runtime.InteropServices;
using Kagi.Configuration;
using Kagi.Kagictl;
using Kagi.Kagictl.Archive;
using Kagi.Kagictl.Commands;
using Microsoft.Extensions.Configuration;

// kagictl backup | verify-backup | restore — see README "Backup and restore". Exit 0: done; 1: refused
// (archive not whole or authentic, account not empty, checks failed); 2: wrong command line or settings.
var configuration = new ConfigurationBuilder().AddEnvironmentVariables(SettingsReader.EnvironmentPrefix).Build();
using var stop = new CancellationTokenSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

var commands = new Commands(new SettingsReader(configuration), Console.Out, Progress.ForConsole(), TimeProvider.System);
try
{
    var line = CommandLine.Parse(args, new HashSet<string>(StringComparer.Ordinal) { "--force" });
    return line.Command switch
    {
        "backup" => await commands.BackupAsync(line, stop.Token),
        "verify-backup" => commands.Verify(line),
        "restore" => await commands.RestoreAsync(line, stop.Token),
        _ => throw new UsageException($"'{line.Command}' is not a command; expected backup, verify-backup or restore."),
    };
}
catch (UsageException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 2;
}
catch (InvalidSettingsException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 2;
}
catch (BackupArchiveException e)
{
    await Console.Error.WriteLineAsync($"refused: {e.Message}");
    return Commands.Refused;
}
