namespace Kagi.Notifications;

/// <summary>A plain-text message with attachments, to several recipients.</summary>
public sealed record MailMessageSpec(IReadOnlyList<string> To, string Subject, string Body, IReadOnlyList<MailAttachment> Attachments);

public sealed record MailAttachment(string FileName, string ContentType, byte[] Content);
