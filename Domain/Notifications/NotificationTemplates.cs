using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Kagi.Errors;
using Kagi.Identity;
using Kagi.Notifications;

namespace Kagi.Domain.Notifications;

/// <summary>
/// English and Japanese subject and body per event, filled from <c>{name}</c> placeholders.
/// A placeholder whose parameter was not supplied renders as <see cref="MissingEnglish"/> /
/// <see cref="MissingJapanese"/>, so a message never shows raw braces or silently drops a line.
/// Values are inserted as given and not scanned again, so a value containing braces stays literal.
/// Unknown locales fall back to English.
/// </summary>
public static partial class NotificationTemplates
{
    public const string MissingEnglish = "(not given)";
    public const string MissingJapanese = "(未指定)";

    private sealed record Template(string Subject, string Body);

    private static readonly FrozenDictionary<string, (Template En, Template Ja)> Templates = new Dictionary<string, (Template, Template)>
    {
        [NotificationEvents.RequestSubmitted] = (
            new("[Kagi] Approval needed: request {requestId} by {requester}",
                "{requester} asks for access to {accounts}\nfrom {from} until {until}.\nReason: {reason}\n\nPlease approve or reject request {requestId}."),
            new("[Kagi] 承認依頼: {requester} さんの申請 {requestId}",
                "{requester} さんが {accounts} へのアクセスを申請しました。\n期間: {from} ～ {until}\n理由: {reason}\n\n申請 {requestId} を承認または却下してください。")),
        [NotificationEvents.RequestApproved] = (
            new("[Kagi] Request {requestId} approved",
                "Your request {requestId} for {accounts} was approved by {decidedBy}.\nAccess from {from} until {until}.\nComment: {comment}"),
            new("[Kagi] 申請 {requestId} が承認されました",
                "{accounts} への申請 {requestId} は {decidedBy} さんにより承認されました。\nアクセス期間: {from} ～ {until}\nコメント: {comment}")),
        [NotificationEvents.RequestRejected] = (
            new("[Kagi] Request {requestId} rejected",
                "Your request {requestId} for {accounts} was rejected by {decidedBy}.\nComment: {comment}"),
            new("[Kagi] 申請 {requestId} は却下されました",
                "{accounts} への申請 {requestId} は {decidedBy} さんにより却下されました。\nコメント: {comment}")),
        [NotificationEvents.RequestExpired] = (
            new("[Kagi] Request {requestId} expired",
                "Your request {requestId} for {accounts} was not decided in time and has expired.\nRequested window: {from} until {until}."),
            new("[Kagi] 申請 {requestId} は期限切れになりました",
                "{accounts} への申請 {requestId} は期限までに承認されなかったため、期限切れになりました。\n申請期間: {from} ～ {until}")),
        [NotificationEvents.RequestRevoked] = (
            new("[Kagi] Access for request {requestId} revoked",
                "Access under request {requestId} to {accounts} was revoked by {decidedBy}.\nChecked-out passwords were checked in and rotated.\nComment: {comment}"),
            new("[Kagi] 申請 {requestId} のアクセス権が取り消されました",
                "申請 {requestId} による {accounts} へのアクセス権は {decidedBy} さんにより取り消されました。\n貸し出し中のパスワードは返却され、変更されました。\nコメント: {comment}")),
        [NotificationEvents.RequestExtensionRequested] = (
            new("[Kagi] Extension requested for request {requestId}",
                "{requester} asks to extend request {requestId} for {accounts} until {until}.\nReason: {reason}\n\nPlease approve or reject the extension."),
            new("[Kagi] 申請 {requestId} の延長依頼",
                "{requester} さんが申請 {requestId}（{accounts}）の期間を {until} まで延長するよう依頼しました。\n理由: {reason}\n\n延長を承認または却下してください。")),
        [NotificationEvents.RequestEmergency] = (
            new("[Kagi] EMERGENCY access used by {requester}",
                "{requester} used emergency (break-glass) access to {accounts}\nfrom {from} until {until}.\nReason: {reason}\n\nRequest {requestId} still needs approval after the fact."),
            new("[Kagi] 緊急アクセス: {requester} さんが緊急アクセスを使用しました",
                "{requester} さんが {accounts} への緊急アクセス（ブレークグラス）を使用しました。\n期間: {from} ～ {until}\n理由: {reason}\n\n申請 {requestId} は事後承認が必要です。")),
        [NotificationEvents.RequestEmergencyEscalation] = (
            new("[Kagi] ESCALATION: emergency request {requestId} still unapproved",
                "Emergency access by {requester} to {accounts} (request {requestId}) has waited {hours} hours without approval after the fact.\nReason given: {reason}"),
            new("[Kagi] エスカレーション: 緊急申請 {requestId} が未承認です",
                "{requester} さんによる {accounts} への緊急アクセス（申請 {requestId}）は {hours} 時間経過しても事後承認されていません。\n理由: {reason}")),
        [NotificationEvents.ReportSubmitted] = (
            new("[Kagi] Work report for request {requestId} submitted",
                "{requester} filed the work report for request {requestId} ({accounts}).\n\n{reportText}\n\nPlease review and approve it."),
            new("[Kagi] 申請 {requestId} の作業報告が提出されました",
                "{requester} さんが申請 {requestId}（{accounts}）の作業報告を提出しました。\n\n{reportText}\n\n内容を確認し、承認してください。")),
        [NotificationEvents.ReportOverdue] = (
            new("[Kagi] Work report for request {requestId} is overdue",
                "The work report for request {requestId} ({accounts}) was due at {dueAt} and has not been filed.\nPlease file it now."),
            new("[Kagi] 申請 {requestId} の作業報告が期限を過ぎています",
                "申請 {requestId}（{accounts}）の作業報告の期限は {dueAt} でしたが、まだ提出されていません。\n至急提出してください。")),
        [NotificationEvents.ReportApproved] = (
            new("[Kagi] Work report for request {requestId} approved",
                "Your work report for request {requestId} ({accounts}) was approved by {decidedBy}.\nComment: {comment}"),
            new("[Kagi] 申請 {requestId} の作業報告が承認されました",
                "申請 {requestId}（{accounts}）の作業報告は {decidedBy} さんにより承認されました。\nコメント: {comment}")),
        [NotificationEvents.TargetHostKeyMismatch] = (
            new("[Kagi] SECURITY: host key of target {target} changed",
                "The SSH server of target {target} ({host}) presented a host key other than the pinned one.\nPinned: {expected}\nPresented: {presented}\n\nKagi sent no password and stopped using the target: rotations, heartbeats, discovery and one-time accounts on it are refused.\nIf the server was reinstalled, check its key on the server itself and re-pin it; otherwise the connection may be intercepted."),
            new("[Kagi] セキュリティ警告: ターゲット {target} のホスト鍵が変わりました",
                "ターゲット {target}（{host}）の SSH サーバーが、登録済みと異なるホスト鍵を提示しました。\n登録済み: {expected}\n提示された鍵: {presented}\n\nKagi はパスワードを送信せず、このターゲットの利用を停止しました（パスワード変更、ハートビート、検出、ワンタイムアカウントはすべて拒否されます）。\nサーバーを再構築した場合は、サーバー上で鍵を確認してから再登録してください。そうでない場合は通信が傍受されている可能性があります。")),
        [NotificationEvents.AuditSettingsPending] = (
            new("[Kagi] SECURITY: audit settings of {tenant} will be weakened on {effectiveAt}",
                "{requestedBy} asked to change the audit settings of tenant {tenant}: retention {retentionDays} days, SIEM destinations: {siem}.\nThe change shortens the retention or stops a SIEM destination, so it takes effect only on {effectiveAt}, or sooner if the operator approves it.\nIf you did not expect it, change the settings back (that cancels it) and tell the operator."),
            new("[Kagi] セキュリティ警告: テナント {tenant} の監査設定が {effectiveAt} に弱められます",
                "{requestedBy} がテナント {tenant} の監査設定の変更を求めました: 保存期間 {retentionDays} 日、SIEM 送信先: {siem}。\nこの変更は保存期間を短くするか SIEM 送信先を止めるため、{effectiveAt} まで（運用者が承認した場合はその時点まで）有効になりません。\n心当たりがない場合は設定を元に戻し（変更は取り消されます）、運用者に連絡してください。")),
        [NotificationEvents.Test] = (
            new("[Kagi] Test notification for {tenant}",
                "This is a test notification from Kagi for tenant {tenant}, requested by {requestedBy} at {time}.\nIf you can read this, notifications reach you."),
            new("[Kagi] テスト通知（{tenant}）",
                "これは Kagi からテナント {tenant} へのテスト通知です。{requestedBy} さんが {time} に送信しました。\nこのメールが読めれば、通知は正しく届いています。")),
    }.Concat(SecurityTemplates()).ToFrozenDictionary(StringComparer.Ordinal);

    public static bool IsKnown(string? eventName) => eventName is not null && Templates.ContainsKey(eventName);

    /// <summary>Refuses an event without templates, so a typo fails where it is made, not at sending.</summary>
    public static void EnsureKnown(string? eventName)
    {
        if (!IsKnown(eventName))
        {
            throw new KagiException(ProblemCode.Invalid, $"Unknown notification event '{eventName}'. Known: {string.Join(", ", NotificationEvents.All)}.");
        }
    }

    /// <summary>The placeholder names an event's templates use (both locales use the same ones).</summary>
    public static ImmutableArray<string> PlaceholdersOf(string eventName)
    {
        EnsureKnown(eventName);
        var (en, _) = Templates[eventName];
        return [.. Placeholder().Matches(en.Subject + en.Body).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal)];
    }

    public static RenderedMessage Render(string eventName, string? locale, IReadOnlyDictionary<string, string> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        EnsureKnown(eventName);
        var japanese = locale == UserLocales.Japanese;
        var (en, ja) = Templates[eventName];
        var template = japanese ? ja : en;
        var missing = japanese ? MissingJapanese : MissingEnglish;
        // A subject is one header line: line breaks in values become spaces.
        var language = japanese ? UserLocales.Japanese : UserLocales.English;
        var subject = Fill(template.Subject, parameters, language, missing).ReplaceLineEndings(" ");
        return new RenderedMessage(language, subject, Fill(template.Body, parameters, language, missing));
    }

    private static string Fill(string template, IReadOnlyDictionary<string, string> parameters, string locale, string missing) =>
        Placeholder().Replace(template, match =>
            parameters.TryGetValue(Localized(match.Groups[1].Value, locale), out var localized) ? localized
            : parameters.TryGetValue(match.Groups[1].Value, out var value) ? value
            : missing);

    [GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9]*)\}")]
    private static partial Regex Placeholder();
}
