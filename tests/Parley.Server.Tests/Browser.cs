using System.Net;
using System.Text.RegularExpressions;

namespace Parley.Server.Tests;

/// <summary>
/// Drives the server's pages as a browser would without JavaScript: follows nothing by itself, keeps cookies, and
/// posts forms with the antiforgery token of the page last read.
/// </summary>
public sealed partial class Browser(HttpClient client, CookieContainer cookies)
{
    private string? _antiforgery;

    public HttpClient Client => client;

    public CookieContainer Cookies => cookies;

    public async Task<(HttpResponseMessage Response, string Html)> GetAsync(string url)
    {
        var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Remember(html);
        return (response, html);
    }

    public async Task<(HttpResponseMessage Response, string Html)> PostFormAsync(string url, params (string Name, string Value)[] fields)
    {
        var all = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();
        if (_antiforgery is not null)
        {
            all.Add(new("__RequestVerificationToken", _antiforgery));
        }
        var response = await client.PostAsync(url, new FormUrlEncodedContent(all));
        var html = await response.Content.ReadAsStringAsync();
        Remember(html);
        return (response, html);
    }

    /// <summary>Signs in through the page and returns where the server sends the browser next.</summary>
    public async Task<Uri?> SignInAsync(string email, string password, string? returnUrl = null)
    {
        await GetAsync("/account/signin" + (returnUrl is null ? "" : "?returnUrl=" + Uri.EscapeDataString(returnUrl)));
        var (response, html) = await PostFormAsync("/account/signin", ("email", email), ("password", password), ("returnUrl", returnUrl ?? "/account"));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in answered {(int)response.StatusCode}: {html}");
        return response.Headers.Location;
    }

    /// <summary>The value of the input with this id (secrets shown once).</summary>
    public static string InputValue(string html, string id)
    {
        var match = Regex.Match(html, $"<input id=\"{Regex.Escape(id)}\"[^>]* value=\"([^\"]*)\"");
        Assert.True(match.Success, $"no input #{id} in page");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    private void Remember(string html)
    {
        var match = AntiforgeryField().Match(html);
        if (match.Success)
        {
            _antiforgery = WebUtility.HtmlDecode(match.Groups[1].Value);
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
