using System.CommandLine;

namespace Parley.Cli.Commands;

internal static class CommonOptions
{
    public static Option<int> Max() => new("--max")
    {
        Description = "List at most this many items",
        DefaultValueFactory = _ => 100,
        Validators = { r => { if (r.GetValueOrDefault<int>() < 1) { r.AddError("--max must be at least 1."); } } },
    };

    public static Argument<string> Id(string what) => new("id") { Description = $"The {what}'s ID" };
}
