using Orleans.Storage;

namespace Kagi.Hosting;

/// <summary>
/// A grain's stored state, read when a call first needs it instead of on activation. A grain whose key is new by
/// construction (a session's token hash, a request's fresh id) adds its row without reading it: reading first would
/// be one more storage call for a row that cannot exist (issue 15). The row is the one
/// <c>[PersistentState(stateName)]</c> kept, so state stored by earlier versions is read as before.
/// </summary>
/// <param name="onWriteFailed">Called after a failed write (grains deactivate, so no activation outlives a row it
/// no longer matches).</param>
public sealed class OnDemandState<TState>(IGrainStorage storage, string stateName, GrainId grainId, Action onWriteFailed)
    where TState : class, new()
{
    private readonly GrainState<TState> _row = new(new TState());

    /// <summary>Whether the state is known: read, written, or taken as absent.</summary>
    private bool _known;

    public TState State
    {
        get => _row.State ?? new TState();
        set => _row.State = value;
    }

    /// <summary>Reads the row unless it is already known; true when it was read now.</summary>
    public async Task<bool> ReadOnceAsync()
    {
        if (_known)
        {
            return false;
        }

        await storage.ReadStateAsync(stateName, grainId, _row);
        _known = true;
        return true;
    }

    /// <summary>Takes a row not yet read as absent. The next write adds it (no ETag), and fails if a row is there
    /// after all, instead of replacing it.</summary>
    public void AssumeNew() => _known = true;

    public async Task WriteAsync()
    {
        try
        {
            await storage.WriteStateAsync(stateName, grainId, _row);
        }
        catch
        {
            // What this activation holds may now differ from the row: whatever runs next reads it afresh.
            _known = false;
            onWriteFailed();
            throw;
        }
    }
}
