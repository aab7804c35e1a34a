namespace Kagi.Frontend.Console;

/// <summary>The console's strings: <c>ConsoleText.resx</c> (English) and
/// <c>ConsoleText.ja.resx</c> (Japanese), beside this file. Markup never carries literal text.</summary>
public sealed class ConsoleText;
