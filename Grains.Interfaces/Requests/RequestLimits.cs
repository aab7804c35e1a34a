namespace Kagi.Requests;

/// <summary>Sizes the API and the request rules agree on.</summary>
public static class RequestLimits
{
    public const int MaximumTextLength = 2000;
    public const int MaximumTicketLength = 200;
    public const int MaximumItems = 20;
    public const int MaximumReportLength = 20000;
}
