namespace Parley.Server.Tests;

// The server pages' helper lives apart from the fixture, which the SDK tests share without a browser.
public partial class ParleyServer
{
    /// <summary>A browser: keeps cookies, does not follow redirects, reads pages and posts their forms.</summary>
    public Browser Browser()
    {
        var cookies = new System.Net.CookieContainer();
        return new(new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = cookies }) { BaseAddress = BaseAddress }, cookies);
    }
}
