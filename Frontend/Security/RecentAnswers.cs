using System.Collections.Concurrent;
using System.Collections.Immutable;
using Kagi.Identity;
using Kagi.Tenancy;

namespace Kagi.Frontend.Security;

/// <summary>
/// What the cluster last said about a session and about a tenant's admission of a caller, kept for at most
/// <see cref="Lifetime"/>, so a busy caller costs a session call and an admission call a second instead of one each
/// per request (issue 15, P1). Revocation (sign-out, a session or token revoked, a user disabled or deleted, a role taken
/// away, a tenant suspended, an allow-list changed) still takes effect within <see cref="Lifetime"/>, because:
/// <list type="bullet">
/// <item>an answer counts from the moment it was asked for, before the grain could have seen a later revocation, and a
/// session's never past its own expiry;</item>
/// <item>every change sent through this Frontend (an audited tenant request: <see cref="Changed"/>) sets aside the
/// tenant's answers asked for before it finished, so this Frontend sees its own changes at once, other Frontends within
/// the lifetime;</item>
/// <item>unknown or ended sessions are never kept: a refusal is always asked again.</item>
/// </list>
/// Sessions are keyed by their grain key (the tenant and a SHA-256 of the token), never by the token. Each kind keeps at
/// most <see cref="Capacity"/> answers (<see cref="BoundedAnswers{TValue}"/>).
/// </summary>
public sealed class RecentAnswers(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(1);

    public const int Capacity = 10_000;

    private readonly BoundedAnswers<SessionInfo> _sessions = new(Capacity);
    private readonly BoundedAnswers<TenantAdmission> _admissions = new(Capacity);

    // The sequence at which each tenant last changed through this Frontend, and the timestamp it was taken at.
    private readonly ConcurrentDictionary<string, (long Sequence, long At)> _changes = new(StringComparer.Ordinal);
    private readonly Lock _changesSweep = new();

    // Orders "asked" against "changed" without relying on the clock's resolution.
    private long _sequence;

    // Answers asked for before this sequence count for no tenant (set when too many tenants changed at once to track).
    private long _floor;

    /// <summary>The session's answer (null: unknown, expired or ended), asking <paramref name="ask"/> only when no fresh
    /// answer is kept.</summary>
    public async Task<SessionInfo?> SessionAsync(string grainKey, Func<Task<SessionInfo?>> ask)
    {
        ArgumentNullException.ThrowIfNull(ask);
        if (Fresh(_sessions, grainKey) is { } kept)
        {
            return kept.Value;
        }

        var asked = Interlocked.Increment(ref _sequence);
        var askedAt = time.GetTimestamp();
        var now = time.GetUtcNow();
        var session = await ask();
        if (session is not null)
        {
            var lifetime = session.ExpiresAt - now < Lifetime ? session.ExpiresAt - now : Lifetime;
            _sessions.Keep(grainKey, new(session, session.TenantId, asked, askedAt + Ticks(lifetime)), IsStale);
        }

        return session;
    }

    /// <summary>The tenant's admission of a caller from <paramref name="ipAddress"/> with <paramref name="roles"/> (null:
    /// not signed in), asking <paramref name="ask"/> only when no fresh answer is kept.</summary>
    public async Task<TenantAdmission> AdmissionAsync(string tenantId, string? ipAddress, ImmutableArray<string>? roles, Func<Task<TenantAdmission>> ask)
    {
        ArgumentNullException.ThrowIfNull(ask);
        var key = string.Join('\n', tenantId, ipAddress ?? "", roles is { IsDefault: false } list ? string.Join(' ', list) : "\t");
        if (Fresh(_admissions, key) is { } kept)
        {
            return kept.Value;
        }

        var asked = Interlocked.Increment(ref _sequence);
        var askedAt = time.GetTimestamp();
        var admission = await ask();
        _admissions.Keep(key, new(admission, tenantId, asked, askedAt + Ticks(Lifetime)), IsStale);
        return admission;
    }

    /// <summary>Something of <paramref name="tenantId"/> changed through this Frontend: no answer about the tenant asked
    /// for before now counts any more.</summary>
    public void Changed(string tenantId)
    {
        var now = time.GetTimestamp();
        _changes[tenantId] = (Interlocked.Increment(ref _sequence), now);
        if (_changes.Count <= Capacity)
        {
            return;
        }

        lock (_changesSweep)
        {
            // A change older than the lifetime sets aside only answers that have expired anyway.
            foreach (var change in _changes)
            {
                if (now - change.Value.At > Ticks(Lifetime))
                {
                    _changes.TryRemove(change);
                }
            }

            if (_changes.Count > Capacity)
            {
                Volatile.Write(ref _floor, Interlocked.Increment(ref _sequence));
                _changes.Clear();
            }
        }
    }

    /// <summary>How many answers are kept (sessions, admissions); never more than <see cref="Capacity"/> each.</summary>
    public (int Sessions, int Admissions) Count => (_sessions.Count, _admissions.Count);

    private BoundedAnswers<TValue>.Answer? Fresh<TValue>(BoundedAnswers<TValue> answers, string key) =>
        answers.TryGet(key, out var answer) && !IsStale(answer) ? answer : null;

    private bool IsStale<TValue>(BoundedAnswers<TValue>.Answer answer) =>
        time.GetTimestamp() >= answer.ExpiresAt
        || answer.AskedAt <= Volatile.Read(ref _floor)
        || (_changes.TryGetValue(answer.TenantId, out var change) && answer.AskedAt <= change.Sequence);

    private long Ticks(TimeSpan span) => span <= TimeSpan.Zero ? 0 : (long)(span.TotalSeconds * time.TimestampFrequency);
}
