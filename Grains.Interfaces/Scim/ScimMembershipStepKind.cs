namespace Kagi.Scim;

[GenerateSerializer, Alias("kagi.ScimMembershipStepKind")]
public enum ScimMembershipStepKind
{
    Replace = 0,
    Add = 1,
    Remove = 2,
}
