using System.Collections.Concurrent;

namespace Kagi.Frontend.Security;

/// <summary>
/// At most <c>capacity</c> answers by key, for <see cref="RecentAnswers"/>. When full it first drops what has expired, then
/// (a flood of distinct keys) everything: a miss only costs a grain call, a growing map would cost the process.
/// </summary>
internal sealed class BoundedAnswers<TValue>(int capacity)
{
    private readonly ConcurrentDictionary<string, Answer> _answers = new(StringComparer.Ordinal);
    private readonly Lock _sweep = new();

    // Counted by hand: ConcurrentDictionary.Count takes every lock of the map, too dear for each answer kept.
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public bool TryGet(string key, out Answer answer) => _answers.TryGetValue(key, out answer!);

    public void Keep(string key, Answer answer, Func<Answer, bool> isStale)
    {
        if (_answers.TryAdd(key, answer))
        {
            if (Interlocked.Increment(ref _count) > capacity)
            {
                Sweep(isStale);
            }

            return;
        }

        _answers[key] = answer;
    }

    private void Sweep(Func<Answer, bool> isStale)
    {
        lock (_sweep)
        {
            foreach (var entry in _answers)
            {
                if (isStale(entry.Value) && _answers.TryRemove(entry))
                {
                    Interlocked.Decrement(ref _count);
                }
            }

            if (Volatile.Read(ref _count) > capacity)
            {
                _answers.Clear();
                Volatile.Write(ref _count, _answers.Count);
            }
        }
    }

    /// <summary>An answer, the tenant it is about, when it was asked (<see cref="RecentAnswers"/>' sequence) and the
    /// timestamp (<see cref="TimeProvider.GetTimestamp"/>) at which it stops counting.</summary>
    internal sealed record Answer(TValue Value, string TenantId, long AskedAt, long ExpiresAt);
}
