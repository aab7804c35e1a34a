namespace Kagi.Frontend.Console;

/// <summary>An input's text read in the reader's zone: a moment (UTC) only when <see cref="Outcome"/> is Read.</summary>
public readonly record struct ZonedReading(ZonedReadingOutcome Outcome, DateTimeOffset? Moment);
