using Microsoft.Extensions.Configuration.Memory;

namespace Parley.Server.Hosting;

/// <summary>
/// Log levels for the framework's chattiest categories. At Information, ASP.NET Core logs four lines per request, EF
/// Core one per SQL command and HttpClient four per webhook delivery, which floods the console of a plain
/// <c>make run</c> and slows every request. They sit below every other configuration source, so appsettings,
/// <c>Logging__LogLevel__*</c> variables and the command line still override them.
/// </summary>
public static class LogDefaults
{
    private static readonly Dictionary<string, string?> _levels = new()
    {
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        // Its only messages are each request's start and end (Information); at any level it is on, hosting also starts
        // an Activity and a logging scope for every request, which cost 3% of the CPU of creating a message (measured
        // in pairs). Errors are logged by the categories that meet them (Kestrel, the error handler, the host).
        ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "None",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
        // Four lines per webhook delivery and per fetched file URL.
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
        // Which migrations an upgrade applies is worth seeing.
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Migrations"] = "Information",
        // Warns on every first start that the keys signing session cookies are stored unencrypted: they sit in the
        // data directory, which is private (mode 700) and holds the database those cookies give access to.
        ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager"] = "Error",
    };

    public static void AddParleyLogDefaults(this IConfigurationBuilder configuration) =>
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = _levels });
}
