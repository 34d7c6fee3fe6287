using Microsoft.EntityFrameworkCore;
using Parley.Core;

namespace Parley.Storage;

internal sealed class OAuthStore(ParleyDbContext db) : IOAuthStore
{
    public Task<Integration?> GetIntegrationAsync(Guid id) => db.Integrations.FirstOrDefaultAsync(i => i.Id == id);

    public Task<Integration?> GetIntegrationByClientIdAsync(string clientId) =>
        db.Integrations.FirstOrDefaultAsync(i => i.ClientId == clientId);

    public async Task<IReadOnlyList<Integration>> ListIntegrationsAsync(Guid ownerId) =>
        await db.Integrations.Where(i => i.OwnerId == ownerId).OrderBy(i => i.Created).ThenBy(i => i.Id).ToListAsync();

    public async Task<IReadOnlyList<Integration>> GetIntegrationsAsync(IReadOnlyCollection<Guid> ids) =>
        ids.Count == 0 ? [] : await db.Integrations.Where(i => ids.Contains(i.Id)).ToListAsync();

    public void AddIntegration(Integration integration) => db.Integrations.Add(integration);

    public async Task DeleteIntegrationAsync(Guid id)
    {
        var grants = db.OAuthGrants.Where(g => g.IntegrationId == id).Select(g => g.Id);
        await db.AccessTokens.Where(t => t.GrantId != null && grants.Contains(t.GrantId.Value)).ExecuteDeleteAsync();
        await db.OAuthGrants.Where(g => g.IntegrationId == id).ExecuteDeleteAsync();
        await db.AuthorizationCodes.Where(c => c.IntegrationId == id).ExecuteDeleteAsync();
        await db.Integrations.Where(i => i.Id == id).ExecuteDeleteAsync();
    }

    public void AddCode(AuthorizationCode code) => db.AuthorizationCodes.Add(code);

    public async Task<AuthorizationCode?> TakeCodeAsync(string hash)
    {
        var code = await db.AuthorizationCodes.AsNoTracking().FirstOrDefaultAsync(c => c.Hash == hash);
        // The delete count decides who used it: of two racing exchanges only one removes the row.
        return code is not null && await db.AuthorizationCodes.Where(c => c.Id == code.Id).ExecuteDeleteAsync() == 1 ? code : null;
    }

    public void AddGrant(OAuthGrant grant) => db.OAuthGrants.Add(grant);

    public Task<OAuthGrant?> GetGrantAsync(Guid id) => db.OAuthGrants.FirstOrDefaultAsync(g => g.Id == id);

    public Task<OAuthGrant?> GetGrantByRefreshHashAsync(string refreshHash) =>
        db.OAuthGrants.FirstOrDefaultAsync(g => g.RefreshHash == refreshHash);

    public async Task<IReadOnlyList<OAuthGrant>> ListGrantsForPersonAsync(Guid personId) =>
        await db.OAuthGrants.Where(g => g.PersonId == personId).OrderBy(g => g.Created).ThenBy(g => g.Id).ToListAsync();

    public async Task<IReadOnlyList<OAuthGrant>> ListGrantsForIntegrationAsync(Guid integrationId, Guid orgId) =>
        await db.OAuthGrants.Where(g => g.IntegrationId == integrationId && g.OrgId == orgId).ToListAsync();

    public async Task DeleteGrantAsync(Guid id)
    {
        await db.AccessTokens.Where(t => t.GrantId == id).ExecuteDeleteAsync();
        await db.OAuthGrants.Where(g => g.Id == id).ExecuteDeleteAsync();
    }

    public async Task DeleteForPersonAsync(Guid personId)
    {
        var grants = db.OAuthGrants.Where(g => g.PersonId == personId).Select(g => g.Id);
        await db.AccessTokens.Where(t => t.GrantId != null && grants.Contains(t.GrantId.Value)).ExecuteDeleteAsync();
        await db.OAuthGrants.Where(g => g.PersonId == personId).ExecuteDeleteAsync();
        await db.AuthorizationCodes.Where(c => c.PersonId == personId).ExecuteDeleteAsync();
    }
}

internal sealed class AccountStore(ParleyDbContext db) : IAccountStore
{
    public Task<PasswordCredential?> GetPasswordAsync(Guid personId) =>
        db.PasswordCredentials.FirstOrDefaultAsync(p => p.PersonId == personId);

    public void AddPassword(PasswordCredential credential) => db.PasswordCredentials.Add(credential);

    public void AddTicket(PasswordTicket ticket) => db.PasswordTickets.Add(ticket);

    public Task<PasswordTicket?> GetTicketAsync(string hash) => db.PasswordTickets.FirstOrDefaultAsync(t => t.Hash == hash);

    public async Task<PasswordTicket?> TakeTicketAsync(string hash)
    {
        var ticket = await db.PasswordTickets.AsNoTracking().FirstOrDefaultAsync(t => t.Hash == hash);
        return ticket is not null && await db.PasswordTickets.Where(t => t.Id == ticket.Id).ExecuteDeleteAsync() == 1 ? ticket : null;
    }

    public void AddBotOwner(BotOwner owner) => db.BotOwners.Add(owner);

    public async Task<IReadOnlyList<Guid>> ListBotsAsync(Guid ownerId) =>
        await db.BotOwners.Where(b => b.OwnerId == ownerId).OrderBy(b => b.Created).Select(b => b.BotId).ToListAsync();

    public Task<BotOwner?> GetBotOwnerAsync(Guid botId) => db.BotOwners.FirstOrDefaultAsync(b => b.BotId == botId);

    public async Task DeleteForPersonAsync(Guid personId)
    {
        await db.PasswordCredentials.Where(p => p.PersonId == personId).ExecuteDeleteAsync();
        await db.PasswordTickets.Where(t => t.PersonId == personId).ExecuteDeleteAsync();
        await db.BotOwners.Where(b => b.BotId == personId || b.OwnerId == personId).ExecuteDeleteAsync();
    }
}
