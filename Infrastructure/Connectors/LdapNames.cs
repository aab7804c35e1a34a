using System.Text;

namespace Kagi.Connectors;

/// <summary>Distinguished names for the LDAP connector (RFC 4514 escaping).</summary>
public static class LdapNames
{
    /// <summary>
    /// The DN a username stands for: a username holding '=' is a DN already; any other is the
    /// <c>uid</c> of an entry right under the base DN.
    /// </summary>
    public static string UserDn(string username, string? baseDn)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        if (IsDn(username))
        {
            return username;
        }

        if (string.IsNullOrWhiteSpace(baseDn))
        {
            throw new ArgumentException("The LDAP target has no base DN, so a bare username cannot be turned into a DN.", nameof(baseDn));
        }

        return $"uid={EscapeValue(username)},{baseDn}";
    }

    public static bool IsDn(string username) => username.Contains('=', StringComparison.Ordinal);

    /// <summary>Escapes an attribute value for use in a DN (RFC 4514 section 2.4).</summary>
    public static string EscapeValue(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        var builder = new StringBuilder(value.Length + 8);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var leadingOrTrailingSpace = c == ' ' && (i == 0 || i == value.Length - 1);
            if (c is '"' or '+' or ',' or ';' or '<' or '>' or '\\' or '=' || leadingOrTrailingSpace || (c == '#' && i == 0))
            {
                builder.Append('\\').Append(c);
            }
            else if (c == '\0')
            {
                builder.Append("\\00");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Escapes a value for use inside a search filter (RFC 4515).</summary>
    public static string EscapeFilterValue(string value)
    {
        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            _ = c switch
            {
                '*' => builder.Append("\\2a"),
                '(' => builder.Append("\\28"),
                ')' => builder.Append("\\29"),
                '\\' => builder.Append("\\5c"),
                '\0' => builder.Append("\\00"),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }
}
