using System.Text.Json;
using Parley.Contracts;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Parley.Cli;

/// <summary>
/// Writes results: with <c>--json</c> the wire JSON (an object, or <c>{"items":[…]}</c> for lists) on one line,
/// otherwise tables for people. Messages for people go to stderr so that stdout stays parseable.
/// </summary>
internal sealed class Output(bool json)
{
    private static readonly IAnsiConsole _stdout = CreateConsole(Console.Out);

    public bool Json => json;

    public static IAnsiConsole Stderr { get; } = CreateConsole(Console.Error);

    public void Item<T>(T item, params (string Name, string? Value)[] fields)
    {
        if (json)
        {
            WriteJson(item);
            return;
        }
        var grid = new Grid().AddColumn().AddColumn();
        foreach (var (name, value) in fields.Where(f => f.Value is not null))
        {
            grid.AddRow(new Text(name, new Style(decoration: Decoration.Bold)), new Text(value!));
        }
        _stdout.Write(grid);
    }

    public void List<T>(IReadOnlyList<T> items, string[] columns, Func<T, string?[]> row)
    {
        if (json)
        {
            WriteJson(new ItemList<T>(items));
            return;
        }
        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in columns)
        {
            table.AddColumn(column);
        }
        foreach (var item in items)
        {
            table.AddRow(row(item).Select(cell => (IRenderable)new Text(cell ?? "")).ToArray());
        }
        _stdout.Write(table);
    }

    /// <summary>A confirmation for people ("Deleted …"); nothing with <c>--json</c>, where the exit code says it.</summary>
    public void Done(string message)
    {
        if (!json)
        {
            Console.Out.WriteLine(message);
        }
    }

    public static void WriteJson<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, WebexJson.Options));

    public static string? Time(DateTime? utc) => utc?.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    private static IAnsiConsole CreateConsole(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        // Redirected output is for grep and files: no wrapping at an assumed 80 columns.
        if (writer == Console.Out ? Console.IsOutputRedirected : Console.IsErrorRedirected)
        {
            console.Profile.Width = 4096;
        }
        return console;
    }
}
