using Kagi.Notifications;

namespace Kagi.Domain.Notifications;

/// <summary>The security events and the operator's incident announcement (issue 14). An announcement's
/// title and body come in both languages as parameters <c>title.en</c>, <c>title.ja</c>, … (see
/// <see cref="Localized"/>), so each admin reads the operator's own words in their language.</summary>
public static partial class NotificationTemplates
{
    private static Dictionary<string, (Template En, Template Ja)> SecurityTemplates() => new()
    {
        [NotificationEvents.SecurityRiskAlert] = (
            new("[Kagi] SECURITY: risky sign-in as {username} refused ({tenant})",
                "A sign-in as {username} from {ip} at {time} was refused: {decision}.\nRisk score: {risk}\nSignals: {signals}\n\nIf it was not {username}, their password may be known to someone else: reset it and check the audit log."),
            new("[Kagi] セキュリティ警告: {username} さんとしての危険なサインインを拒否しました（{tenant}）",
                "{time} に {ip} から {username} さんとしてのサインインが拒否されました: {decision}。\nリスクスコア: {risk}\nシグナル: {signals}\n\n本人でない場合、パスワードが他人に知られている可能性があります。パスワードを再設定し、監査ログを確認してください。")),
        [NotificationEvents.SecurityUserLocked] = (
            new("[Kagi] SECURITY: user {username} locked out ({tenant})",
                "User {username} was locked out after {failures} failed sign-ins, the last from {ip} at {time}.\nLocked until: {until}\n\nIf the user did not make these attempts, someone may be guessing the password."),
            new("[Kagi] セキュリティ警告: ユーザー {username} がロックされました（{tenant}）",
                "ユーザー {username} は {failures} 回サインインに失敗したためロックされました。最後の試行は {time} に {ip} からです。\nロック解除: {until}\n\n本人の試行でない場合、パスワードを推測されている可能性があります。")),
        [NotificationEvents.SecuritySourceBlocked] = (
            new("[Kagi] SECURITY: sign-ins from {ip} blocked ({tenant})",
                "Sign-ins from {ip} failed for {usernames} different usernames (password spraying), so every sign-in from that address is refused until {until}.\nBlocked at: {time}"),
            new("[Kagi] セキュリティ警告: {ip} からのサインインをブロックしました（{tenant}）",
                "{ip} から {usernames} 個の異なるユーザー名でサインインが失敗したため（パスワードスプレー攻撃）、{until} までこのアドレスからのサインインをすべて拒否します。\nブロック日時: {time}")),
        [NotificationEvents.SecurityAccountOutOfSync] = (
            new("[Kagi] SECURITY: account {accountId} is out of sync ({tenant})",
                "The password Kagi holds for account {accountId} ({username} on target {target}) no longer logs in, found by {trigger} at {time}.\nReason: {reason}\n\nSomeone may have changed the password outside Kagi. Kagi sets a fresh one with the target's admin credential and keeps retrying if that fails; check who changed it."),
            new("[Kagi] セキュリティ警告: アカウント {accountId} が同期していません（{tenant}）",
                "Kagi が保持するアカウント {accountId}（ターゲット {target} の {username}）のパスワードでログインできなくなりました（{time}、{trigger} により検出）。\n理由: {reason}\n\nKagi の外でパスワードが変更された可能性があります。Kagi はターゲットの管理者資格情報で新しいパスワードを設定し、失敗した場合は再試行を続けます。誰が変更したかを確認してください。")),
        [NotificationEvents.SecurityAuditChainBroken] = (
            new("[Kagi] SECURITY: audit log of {tenant} fails verification",
                "The daily check of the audit log of tenant {tenant} at {time} found the hash chain broken: {problem} at sequence {sequence} ({records} records read).\n\nRecords may have been altered or removed in storage. Tell the operator and keep an export of the log."),
            new("[Kagi] セキュリティ警告: テナント {tenant} の監査ログの検証に失敗しました",
                "{time} の監査ログの日次検証で、テナント {tenant} のハッシュチェーンが壊れていました: シーケンス {sequence} で {problem}（{records} 件を読み込み）。\n\nストレージ上で記録が改ざんまたは削除された可能性があります。運用者に連絡し、ログのエクスポートを保管してください。")),
        [NotificationEvents.SecuritySiemFailing] = (
            new("[Kagi] SECURITY: SIEM destination {destination} failing for an hour ({tenant})",
                "Kagi could not deliver audit events to SIEM destination {destination} since {since}.\nLast error: {error}\n\nEvents wait and are sent once it answers again; check the destination and the network."),
            new("[Kagi] セキュリティ警告: SIEM 送信先 {destination} への送信が 1 時間失敗しています（{tenant}）",
                "{since} から SIEM 送信先 {destination} へ監査イベントを送信できていません。\n最後のエラー: {error}\n\nイベントは保持され、送信先が応答すれば送信されます。送信先とネットワークを確認してください。")),
        [NotificationEvents.SecurityKekRotated] = (
            new("[Kagi] Key-encryption key rotated ({tenant})",
                "The operator rotated Kagi's key-encryption key to version {kek} at {time}; the data keys of tenant {tenant} are re-wrapped with it.\nNothing needs doing; if you did not expect it, ask the operator."),
            new("[Kagi] 鍵暗号化鍵がローテーションされました（{tenant}）",
                "運用者が {time} に Kagi の鍵暗号化鍵をバージョン {kek} にローテーションしました。テナント {tenant} のデータ鍵は新しい鍵で再ラップされています。\n対応は不要です。心当たりがない場合は運用者に問い合わせてください。")),
        [NotificationEvents.IncidentAnnounced] = (
            new("[Kagi] Incident: {title}",
                "The operator of Kagi announces an incident affecting tenant {tenant} (announcement {incidentId}, {time}):\n\n{body}"),
            new("[Kagi] 障害のお知らせ: {title}",
                "Kagi の運用者から、テナント {tenant} に影響する障害のお知らせです（お知らせ {incidentId}、{time}）:\n\n{body}")),
    };

    /// <summary>The parameter name of <paramref name="name"/>'s text in <paramref name="locale"/>: filled in
    /// before the plain <paramref name="name"/>, so one notification carries both languages.</summary>
    public static string Localized(string name, string locale) => name + "." + locale;
}
