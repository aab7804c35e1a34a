namespace Kagi;

/// <summary>
/// The Frontend's id of an HTTP request, put in Orleans' request context so that grains log it beside their own lines:
/// one id finds what the Frontend and every silo did for one request.
/// </summary>
public static class RequestIds
{
    public const string ContextKey = "kagi-request-id";
}
