namespace Kagi.Frontend.Console;

/// <summary>One bar of a console chart: what it counts (a day as yyyy-MM-dd, or a category) and how many.</summary>
public sealed record ChartPoint(string Key, int Value);
