namespace Kagi.Kagictl.Commands;

/// <summary>
/// Store writes running at once, at most <c>limit</c> of them: the reader waits for a free slot, which bounds
/// memory as well as load. After the first failure no new write starts (those already sent finish), and the
/// next <see cref="StartAsync"/> or <see cref="DrainAsync"/> throws it, so a restore stops promptly instead of
/// writing on around a hole.
/// </summary>
internal sealed class BoundedWrites(int limit, CancellationToken cancellationToken) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(limit);
    private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    private readonly List<Task> _running = [];
    private Exception? _failure;

    public async Task StartAsync(Func<CancellationToken, Task> write)
    {
        ThrowIfFailed();
        try
        {
            await _slots.WaitAsync(_stop.Token);
        }
        catch (OperationCanceledException) when (_failure is not null)
        {
            ThrowIfFailed();
        }

        // Task.Run: the request is built and serialized on a pool thread, beside the archive's decoding.
        _running.Add(Task.Run(() => RunAsync(write), CancellationToken.None));
        if (_running.Count >= 4 * limit)
        {
            _running.RemoveAll(t => t.IsCompleted);
        }
    }

    /// <summary>Waits for every write started; throws the first failure.</summary>
    public async Task DrainAsync()
    {
        await Task.WhenAll(_running);
        _running.Clear();
        ThrowIfFailed();
    }

    /// <summary>Waits for every write started, without throwing: so none is still running when a failure is reported.</summary>
    public Task SettleAsync() => Task.WhenAll(_running);

    public void Dispose()
    {
        _stop.Dispose();
        _slots.Dispose();
    }

    private async Task RunAsync(Func<CancellationToken, Task> write)
    {
        try
        {
            await write(cancellationToken);
        }
        catch (Exception e)
        {
            if (Interlocked.CompareExchange(ref _failure, e, null) is null)
            {
                await _stop.CancelAsync();
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    private void ThrowIfFailed()
    {
        if (_failure is { } failure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }
}
