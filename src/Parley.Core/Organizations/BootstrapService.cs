namespace Parley.Core;

public sealed class BootstrapOptions
{
    /// <summary>Fixes the first administrator's token for scripted setups (stored hashed like any other).</summary>
    public string? AdminToken { get; set; }

    public string AdminEmail { get; set; } = "admin@parley.local";

    public string OrganizationName { get; set; } = "Parley";

    /// <summary>Name of the messaging license every user consumes (the Python SDK suite looks up this name).</summary>
    public string MessagingLicenseName { get; set; } = "Advanced Messaging";

    public int LicenseUnits { get; set; } = 10000;
}

/// <summary>Creates the first organization, its licenses and its administrator on an empty store.</summary>
public sealed class BootstrapService(IDataStore store, TokenService tokens, TimeProvider time, BootstrapOptions options)
{
    /// <summary>Organization that implicitly created people (unknown email addresses) join.</summary>
    public async Task<Guid> DefaultOrgIdAsync() =>
        (await store.ReadAsync(s => s.Organizations.ListAsync()))[0].Id;

    /// <summary>
    /// Seeds an empty store. Returns the administrator's token when one was issued now (it is shown once), or null.
    /// A configured admin token is (re-)registered on every start so scripted setups keep working.
    /// </summary>
    public Task<string?> EnsureSeededAsync(CancellationToken cancellationToken = default) =>
        store.WriteAsync(async s =>
        {
            var orgs = await s.Organizations.ListAsync();
            if (orgs.Count > 0)
            {
                return await EnsureConfiguredTokenAsync(s);
            }
            var now = time.UtcNowMs();
            var org = new Organization { Id = Uuid7.New(), DisplayName = options.OrganizationName, Created = now };
            s.Organizations.Add(org);
            var messaging = new License { Id = Uuid7.New(), OrgId = org.Id, Name = options.MessagingLicenseName, TotalUnits = options.LicenseUnits };
            s.Licenses.Add(messaging);
            s.Licenses.Add(new License { Id = Uuid7.New(), OrgId = org.Id, Name = "Basic Messaging", TotalUnits = options.LicenseUnits });
            s.Licenses.Add(new License { Id = Uuid7.New(), OrgId = org.Id, Name = "Basic Meetings", TotalUnits = options.LicenseUnits });
            var admin = new Person
            {
                Id = Uuid7.New(),
                OrgId = org.Id,
                Email = options.AdminEmail.Trim().ToLowerInvariant(),
                DisplayName = "Administrator",
                FirstName = "Administrator",
                NickName = "Administrator",
                Type = PersonType.Person,
                Created = now,
                LastModified = now,
                LoginEnabled = true,
            };
            s.People.Add(admin);
            await s.People.SetRolesAsync(admin.Id, [RoleKeys.FullAdmin]);
            await s.People.SetLicensesAsync(admin.Id, [messaging.Id]);
            return (string?)tokens.AddPersonalToken(s, admin, options.AdminToken);
        }, cancellationToken);

    private async Task<string?> EnsureConfiguredTokenAsync(IStoreSession s)
    {
        if (string.IsNullOrWhiteSpace(options.AdminToken) || await s.Tokens.GetByHashAsync(TokenService.Hash(options.AdminToken)) is not null)
        {
            return null;
        }
        var admin = await s.People.GetByEmailAsync(options.AdminEmail);
        if (admin is null)
        {
            return null;
        }
        tokens.AddPersonalToken(s, admin, options.AdminToken);
        return null;
    }
}
