namespace Kagi.Identity;

/// <summary>A session that may only be used to finish one step first.</summary>
[GenerateSerializer, Alias("kagi.SessionRestriction")]
public enum SessionRestriction
{
    None = 0,

    /// <summary>The tenant requires MFA and the user has none: enrol first.</summary>
    EnrolMfa = 1,

    /// <summary>The password is older than the policy's maximum age: change it first.</summary>
    ChangePassword = 2,
}
