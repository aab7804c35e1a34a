using System.Collections.Immutable;
using Kagi.Domain.Notifications;
using Kagi.Errors;
using Kagi.Hosting;
using Kagi.Identity;
using Kagi.Security;

namespace Kagi.Notifications;

/// <summary>
/// Load → check (<see cref="NotificationSettingsRules"/>) → seal new secrets (keeping a stored one
/// when none is given and its destination is unchanged) → persist. Re-sealed by the tenant's re-encryption walk.
/// </summary>
public sealed class NotificationSettingsGrain(
    [PersistentState("notificationSettings", KagiStorage.GrainState)] IPersistentState<NotificationSettingsState> state,
    TenantVault vault,
    PlaintextRelays plaintextRelays) : Grain, INotificationSettingsGrain, INotificationChannelsGrain
{
    internal const string PlainSmtpRefused = PlainSmtpRefusedException.Reason;

    private string TenantId => this.GetPrimaryKeyString();

    public async Task<NotificationSettingsView> SetAsync(Caller caller, NotificationSettings settings)
    {
        EnsureAdmin(caller);
        ArgumentNullException.ThrowIfNull(settings);
        var stored = state.State;
        var view = View();
        if (NotificationSettingsRules.Problem(settings, view) is { } problem)
        {
            throw new KagiException(ProblemCode.Invalid, problem);
        }

        if (settings.SecurityEvents is { } chosen && SecurityEventChoices.Problem(chosen) is { } choiceProblem)
        {
            throw new KagiException(ProblemCode.Invalid, choiceProblem);
        }

        if (settings.Smtp is { Security: SmtpSettings.None } plainRelay && !plaintextRelays.Allows(plainRelay.Host))
        {
            throw new KagiException(ProblemCode.InsecureConnection, PlainSmtpRefused);
        }

        SmtpState? smtp = null;
        if (settings.Smtp is { } s)
        {
            var password = s.Username is null ? null
                : s.Password is { } plain ? await vault.SealAsync(plain, NotificationSecrets.SmtpPassword(TenantId))
                : NotificationSettingsRules.KeepsStoredPassword(s, view.Smtp) ? stored.Smtp!.SealedPassword
                : throw new InvalidOperationException("The rules let an SMTP username through without a password.");
            smtp = new SmtpState(s.Host, s.Port, s.Security, s.AllowInsecureLocalRelay, s.From, s.Username, password);
        }

        var webhooks = ImmutableArray.CreateBuilder<WebhookState>();
        foreach (var webhook in settings.Webhooks.IsDefault ? [] : settings.Webhooks)
        {
            var secret = webhook.Secret is { } plain
                ? await vault.SealAsync(plain, NotificationSecrets.WebhookSecret(TenantId, webhook.Id))
                : NotificationSettingsRules.KeepsStoredSecret(webhook, view) ? stored.Webhooks.First(w => w.Id == webhook.Id).SealedSecret
                : throw new InvalidOperationException("The rules let a webhook through without a secret.");
            var events = webhook.Events.IsDefault ? [] : webhook.Events.Distinct(StringComparer.Ordinal).ToImmutableArray();
            webhooks.Add(new WebhookState(webhook.Id, webhook.Url, secret, events));
        }

        state.State = stored with { Smtp = smtp, Webhooks = webhooks.ToImmutable(), SecurityEvents = settings.SecurityEvents ?? stored.SecurityEvents };
        await state.WriteStateAsync();
        return View();
    }

    public Task<NotificationSettingsView> GetAsync(Caller caller)
    {
        EnsureAdmin(caller);
        return Task.FromResult(View());
    }

    public Task<NotificationSettingsState> GetSealedAsync(Caller caller)
    {
        TenantGuard.Ensure(caller, TenantId);
        return Task.FromResult(state.State);
    }

    public async Task<int> ResealAsync(Caller caller)
    {
        TenantGuard.Ensure(caller, TenantId);
        var changed = 0;
        var smtp = state.State.Smtp;
        if (smtp?.SealedPassword is { } password)
        {
            var resealed = await vault.ResealAsync(password, NotificationSecrets.SmtpPassword(TenantId));
            if (!ReferenceEquals(resealed, password))
            {
                smtp = smtp with { SealedPassword = resealed };
                changed++;
            }
        }

        var webhooks = ImmutableArray.CreateBuilder<WebhookState>();
        foreach (var webhook in state.State.Webhooks)
        {
            var resealed = await vault.ResealAsync(webhook.SealedSecret, NotificationSecrets.WebhookSecret(TenantId, webhook.Id));
            changed += ReferenceEquals(resealed, webhook.SealedSecret) ? 0 : 1;
            webhooks.Add(webhook with { SealedSecret = resealed });
        }

        if (changed > 0)
        {
            state.State = state.State with { Smtp = smtp, Webhooks = webhooks.ToImmutable() };
            await state.WriteStateAsync();
        }

        return changed;
    }

    private NotificationSettingsView View() => new(state.State.Smtp?.ToView(), [.. state.State.Webhooks.Select(w => w.ToView())])
    {
        SecurityEvents = SecurityEventChoices.InForce(state.State.SecurityEvents),
    };

    private void EnsureAdmin(Caller caller) => TenantGuard.EnsureAdmin(caller, TenantId);
}
