using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Collections.Immutable;
using Kagi.Audit;
using Kagi.Domain.Reports;
using Kagi.Errors;
using Kagi.Reports;
using Kagi.Siem;

namespace Kagi.Domain.Audit;

/// <summary>
/// What audit settings may say: retention within bounds, SIEM destinations that can be reached, scheduled
/// reports of a known kind and period to real addresses. The grains hold to these whoever calls them; the
/// Frontend's validator only answers the same problems earlier, field by field.
/// </summary>
public static class AuditSettingsRules
{
    public static void Validate(AuditSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Require(AuditRetention.IsAllowed(settings.RetentionDays), $"Retention must be {AuditRetention.MinimumDays} to {AuditRetention.MaximumDays} days.");
        var siem = settings.Siem.IsDefault ? [] : settings.Siem;
        var reports = settings.Reports.IsDefault ? ImmutableArray<ScheduledReport>.Empty : settings.Reports;
        Require(siem.Select(d => d.Id).Distinct(StringComparer.Ordinal).Count() == siem.Length, "SIEM destination ids must be unique.");
        Require(reports.Select(r => r.Id).Distinct(StringComparer.Ordinal).Count() == reports.Length, "Scheduled report ids must be unique.");
        foreach (var destination in siem)
        {
            ValidateDestination(destination);
        }

        foreach (var report in reports)
        {
            ValidateReport(report);
        }
    }

    /// <summary>A syslog host and port, or an http(s) URL; CA certificates, when given, as PEM.</summary>
    public static void ValidateDestination(SiemDestination destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        Require(Identifiers.IsValid(destination.Id), $"'{destination.Id}' cannot be a SIEM destination id.");
        var reachable = destination.Kind switch
        {
            SiemKinds.Syslog => !string.IsNullOrWhiteSpace(destination.Host) && destination.Port is > 0 and < 65536,
            SiemKinds.Http => Uri.TryCreate(destination.Url, UriKind.Absolute, out var url) && url.Scheme is "http" or "https",
            _ => false,
        };
        Require(reachable, $"SIEM destination '{destination.Id}' must be syslog with a host and port, or http with an http(s) URL.");
        Require(destination.CaCertificate is null || HoldsCertificates(destination.CaCertificate),
            $"The CA certificates of SIEM destination '{destination.Id}' must be PEM certificates.");
    }

    /// <summary>A known report kind and period, mailed to at least one valid address.</summary>
    public static void ValidateReport(ScheduledReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        Require(Identifiers.IsValid(report.Id), $"'{report.Id}' cannot be a report id.");
        Require(ReportKinds.IsKnown(report.Report), $"Report '{report.Id}': there is no report '{report.Report}'; use account-changes, user-changes, usage or reconciliation.");
        Require(ReportSchedule.IsKnown(report.Schedule), $"Report '{report.Id}': the schedule must be daily, weekly or monthly.");
        Require(!report.Recipients.IsDefaultOrEmpty && report.Recipients.All(r => System.Net.Mail.MailAddress.TryCreate(r, out _)),
            $"Report '{report.Id}' needs one or more valid mail addresses.");
    }

    private static bool HoldsCertificates(string pem)
    {
        try
        {
            var certificates = new X509Certificate2Collection();
            certificates.ImportFromPem(pem);
            return certificates.Count > 0;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new KagiException(ProblemCode.Invalid, message);
        }
    }
}
