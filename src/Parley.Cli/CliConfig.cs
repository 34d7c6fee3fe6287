using System.Text.Json;

namespace Parley.Cli;

/// <summary>
/// The saved login, in the user's configuration directory ($XDG_CONFIG_HOME/parley or ~/.config/parley; %APPDATA%\parley
/// on Windows), readable by the user only. WEBEX_ACCESS_TOKEN and PARLEY_BASE_URL override it.
/// </summary>
internal sealed record CliConfig(string BaseUrl, string Token)
{
    public const string TokenVariable = "WEBEX_ACCESS_TOKEN";
    public const string BaseUrlVariable = "PARLEY_BASE_URL";

    /// <summary>Where <c>make run</c> serves.</summary>
    public const string DefaultBaseUrl = "http://127.0.0.1:8080/v1/";

    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string FilePath { get; } = Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify), "parley", "config.json");

    public Uri ApiRoot => ApiRootOf(BaseUrl);

    /// <summary>The saved login with the environment's overrides; null when there is no token anywhere.</summary>
    public static CliConfig? Load()
    {
        var saved = ReadSaved();
        var token = Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } envToken ? envToken : saved?.Token;
        return token is null ? null : new CliConfig(BaseUrlOr(saved?.BaseUrl), token);
    }

    /// <summary>The base URL a new login uses when none is given: the environment's, the saved one, or the local default.</summary>
    public static string BaseUrlOr(string? saved) =>
        Environment.GetEnvironmentVariable(BaseUrlVariable) is { Length: > 0 } env ? env : saved ?? DefaultBaseUrl;

    public static CliConfig? ReadSaved() =>
        File.Exists(FilePath) ? JsonSerializer.Deserialize<CliConfig>(File.ReadAllText(FilePath), _json) : null;

    /// <summary>Writes the file through a temporary file created with mode 600, so the token is never readable by others, even briefly.</summary>
    public void Save()
    {
        var directory = Path.GetDirectoryName(FilePath)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var temporary = FilePath + ".tmp";
        // A leftover temporary file would keep its old mode: creation is what sets 600.
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, this, _json);
        }
        File.Move(temporary, FilePath, overwrite: true);
    }

    public static bool Delete()
    {
        var existed = File.Exists(FilePath);
        File.Delete(FilePath);
        return existed;
    }

    /// <summary>Accepts a server address with or without the API path: <c>https://chat.example.com</c> means <c>…/v1/</c>.</summary>
    public static Uri ApiRootOf(string baseUrl)
    {
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new CliException(ExitCodes.Usage, $"Not an http(s) URL: {baseUrl}");
        }
        var path = uri.AbsolutePath.TrimEnd('/');
        return new UriBuilder(uri) { Path = (path.Length == 0 ? "/v1" : path) + "/" }.Uri;
    }
}
