using Kagi.Identity;

namespace Kagi.Frontend.Features.Auth;

public static class Restrictions
{
    public static string Name(SessionRestriction restriction) => restriction switch
    {
        SessionRestriction.EnrolMfa => "enrol-mfa",
        SessionRestriction.ChangePassword => "change-password",
        _ => "none",
    };
}
