// The driver behind bench/webhooks.sh (its header says what is measured and how). It talks to a Parley server the
// script started; progress goes to stderr, and stdout is a Markdown section for the report.
//   fanout  --server URL --token T --server-pid PID [--hooks 1000] [--messages 10] [--ports 1] [--max-concurrency 32] [--per-target 4]
//           [--receiver-delay-ms 0]
//   streams --server URL --token T --server-pid PID [--connections 1000] [--hold-seconds 15]
//   both: [--clock-ticks 100] (getconf CLK_TCK, the unit of CPU time in /proc/PID/stat)
using Parley.Bench.Webhooks;

var options = new Dictionary<string, string>();
for (var i = 1; i + 1 < args.Length; i += 2)
{
    options[args[i].TrimStart('-')] = args[i + 1];
}
string Text(string name) => options.TryGetValue(name, out var v) ? v : throw new ArgumentException($"--{name} is required");
int Number(string name, int fallback) => options.TryGetValue(name, out var v) ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;

using var api = new ParleyApi(new Uri(Text("server")), Text("token"));
var server = new ServerProcess(int.Parse(Text("server-pid"), System.Globalization.CultureInfo.InvariantCulture), Number("clock-ticks", 100));
switch (args.FirstOrDefault())
{
    case "fanout":
        await FanOut.RunAsync(api, server, Number("hooks", 1000), Number("messages", 10), Number("ports", 1),
            Math.Min(Number("max-concurrency", 32), Number("ports", 1) * Number("per-target", 4)),
            TimeSpan.FromMilliseconds(Number("receiver-delay-ms", 0)));
        break;
    case "streams":
        await IdleStreams.RunAsync(api, server, Number("connections", 1000), TimeSpan.FromSeconds(Number("hold-seconds", 15)));
        break;
    default:
        Console.Error.WriteLine("usage: Parley.Bench.Webhooks fanout|streams --server URL --token T [options]");
        return 2;
}
return 0;
