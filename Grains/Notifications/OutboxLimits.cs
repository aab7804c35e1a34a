namespace Kagi.Notifications;

/// <summary>How much the outbox reads or removes in one go; tests make these small to see the paging work.</summary>
/// <param name="DueBatch">Due deliveries read from the queue at a time (the loop reads again until none is due).</param>
/// <param name="PruneBatch">Aged-out deliveries of one status removed in one housekeeping pass.</param>
public sealed record OutboxLimits(int DueBatch, int PruneBatch)
{
    public static OutboxLimits Default { get; } = new(DueBatch: 100, PruneBatch: 500);
}
