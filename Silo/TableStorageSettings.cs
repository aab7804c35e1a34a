using Azure.Data.Tables;
using Azure.Identity;
using Kagi.Configuration;

namespace Kagi.Silo;

/// <summary>
/// Where grain state, reminders and the audit log live: an Azure Storage connection string
/// (<c>KAGI_STORAGE_CONNECTION</c>; Azurite's, or an account key or SAS), or an account's table
/// endpoint reached with <see cref="DefaultAzureCredential"/> (<c>KAGI_STORAGE_ACCOUNT_URI</c>:
/// managed identity, workload identity, environment or <c>az login</c>), so production holds no key.
/// </summary>
public sealed record TableStorageSettings
{
    /// <summary>Azurite's well-known development account on its default table port.</summary>
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    private TableStorageSettings(string? connection, Uri? accountUri)
    {
        Connection = connection;
        AccountUri = accountUri;
    }

    /// <summary>The connection string, or null when <see cref="AccountUri"/> is used.</summary>
    public string? Connection { get; }

    /// <summary>The account's table endpoint, or null when <see cref="Connection"/> is used.</summary>
    public Uri? AccountUri { get; }

    public static TableStorageSettings Read(SettingsReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var connection = reader.Optional("STORAGE_CONNECTION");
        var accountUri = reader.Optional("STORAGE_ACCOUNT_URI");
        if (accountUri is null)
        {
            // Parsed now so a typo stops the silo with a line, not a stack trace; never echoed: it holds the key.
            if (connection is not null && !Parses(connection))
            {
                reader.Fail("STORAGE_CONNECTION", "is malformed; expected an Azure Storage connection string, e.g. DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…;EndpointSuffix=core.windows.net");
            }

            return new TableStorageSettings(connection ?? DevelopmentStorage, null);
        }

        if (connection is not null)
        {
            reader.Fail("STORAGE_ACCOUNT_URI", "and KAGI_STORAGE_CONNECTION are both set; set only one (the account URI signs in with DefaultAzureCredential, the connection string with its own key)");
        }

        var uri = ParseAccountUri(reader, accountUri);
        return new TableStorageSettings(null, uri);
    }

    /// <summary>The client for the configured account; with an account URI, tokens are fetched on first use.</summary>
    public TableServiceClient CreateClient() =>
        AccountUri is not null ? new TableServiceClient(AccountUri, new DefaultAzureCredential()) : new TableServiceClient(Connection);

    // The value is echoed in no message: a SAS URL pasted here would carry its signature.
    private static Uri? ParseAccountUri(SettingsReader reader, string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            reader.Fail("STORAGE_ACCOUNT_URI", "is not an absolute URI; expected the account's table endpoint, e.g. https://<account>.table.core.windows.net");
            return null;
        }

        if (uri.Scheme != Uri.UriSchemeHttps)
        {
            reader.Fail("STORAGE_ACCOUNT_URI", $"uses {uri.Scheme}; expected https (the bearer token must not travel in clear), e.g. https://<account>.table.core.windows.net");
            return null;
        }

        if (uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            reader.Fail("STORAGE_ACCOUNT_URI", "carries a query, fragment or user info; expected only the account's table endpoint (a SAS belongs in KAGI_STORAGE_CONNECTION as SharedAccessSignature=…)");
            return null;
        }

        return uri;
    }

    private static bool Parses(string connection)
    {
        try
        {
            _ = new TableServiceClient(connection);
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
