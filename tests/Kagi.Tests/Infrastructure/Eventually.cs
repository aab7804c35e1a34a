namespace Kagi.Tests.Infrastructure;

/// <summary>Polls until a condition holds, for behaviour driven by timers and reminders.</summary>
public static class Eventually
{
    public static async Task<T> Async<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await read();
            if (condition(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The condition did not hold within {timeout.TotalSeconds:0} s; last value: {value}");
            }

            await Task.Delay(250);
        }
    }
}
