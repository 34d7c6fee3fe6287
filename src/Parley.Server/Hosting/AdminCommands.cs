using Parley.Core;

namespace Parley.Server.Hosting;

/// <summary>Server-local admin tasks, run as <c>Parley.Server &lt;command&gt;</c> instead of serving.</summary>
public static class AdminCommands
{
    public static readonly string[] Names = ["migrate", "token", "invite"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Names.Contains(args[0]);

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        switch (args[0])
        {
            case "migrate":
                await services.InitializeStorageAsync();
                Console.WriteLine("Storage is up to date.");
                return 0;
            case "token":
                var email = ValueOf(args, "--email");
                if (email is null)
                {
                    await Console.Error.WriteLineAsync("usage: Parley.Server token --email <address>");
                    return 2;
                }
                await services.InitializeStorageAsync();
                try
                {
                    Console.WriteLine(await services.GetRequiredService<TokenService>().MintForEmailAsync(email));
                    return 0;
                }
                catch (NotFoundException ex)
                {
                    await Console.Error.WriteLineAsync(ex.Message);
                    return 1;
                }
            case "invite":
                var address = ValueOf(args, "--email");
                if (address is null)
                {
                    await Console.Error.WriteLineAsync("usage: Parley.Server invite --email <address>");
                    return 2;
                }
                await services.InitializeStorageAsync();
                try
                {
                    var ticket = await services.GetRequiredService<AccountService>().CreateTicketForEmailAsync(address);
                    var baseUrl = services.GetRequiredService<ParleyOptions>().PublicBaseUrl?.TrimEnd('/') ?? "http://<server>";
                    // Printed, never logged: the link is a one-time secret.
                    Console.WriteLine($"{baseUrl}/account/set-password?ticket={ticket}");
                    return 0;
                }
                catch (ParleyException ex)
                {
                    await Console.Error.WriteLineAsync(ex.Message);
                    return 1;
                }
            default:
                return 2;
        }
    }

    private static string? ValueOf(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
