namespace Kagi.Domain.Notifications;

/// <summary>A message in one language, ready to send: one subject line and a plain-text body.</summary>
public sealed record RenderedMessage(string Locale, string Subject, string Body);
