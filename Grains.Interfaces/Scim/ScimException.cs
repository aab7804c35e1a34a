namespace Kagi.Scim;

/// <summary>
/// A SCIM request Kagi cannot take, answered 400 with RFC 7644's <c>scimType</c> (section 3.12) and a detail in our
/// own words. The detail never quotes a secret; it may name the attribute or path the client sent.
/// </summary>
public sealed class ScimException : Exception
{
    public const string InvalidFilter = "invalidFilter";
    public const string InvalidSyntax = "invalidSyntax";
    public const string InvalidPath = "invalidPath";
    public const string InvalidValue = "invalidValue";
    public const string Mutability = "mutability";
    public const string NoTarget = "noTarget";

    public ScimException()
    {
        ScimType = InvalidSyntax;
    }

    public ScimException(string message) : base(message)
    {
        ScimType = InvalidSyntax;
    }

    public ScimException(string message, Exception innerException) : base(message, innerException)
    {
        ScimType = InvalidSyntax;
    }

    public ScimException(string scimType, string message) : base(message)
    {
        ScimType = scimType;
    }

    public string ScimType { get; }
}
