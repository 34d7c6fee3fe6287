using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Parley.Core;

/// <summary>The <c>Parley:Accounts</c> settings: passwords, lockout, invitations and bots.</summary>
public sealed class AccountOptions
{
    /// <summary>PBKDF2 iterations of the password hasher (ASP.NET Core Identity's v3 format; its default is 100 000).</summary>
    public int PasswordIterations { get; set; } = 100_000;

    public int MinPasswordLength { get; set; } = 10;

    /// <summary>Failed password attempts before sign-in is locked.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long sign-in stays locked after too many failures.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long an invitation's set-password link works.</summary>
    public TimeSpan InviteLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Bots get the address <c>{username}@{BotDomain}</c>, as Webex bots are <c>…@webex.bot</c>.</summary>
    public string BotDomain { get; set; } = "webex.bot";
}

public enum SignInOutcome
{
    Success,
    Invalid,
    LockedOut,
}

/// <summary>
/// People's sign-in (email and password, hashed with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>, with
/// lockout), administrator invitations with a one-time set-password link, and bot accounts owned by a person.
/// </summary>
public sealed partial class AccountService(
    IDataStore store, TimeProvider time, AccountOptions options, TokenService tokens, PeopleService people, ILogger<AccountService> logger)
{
    private readonly PasswordHasher<Person> _hasher = new(Options.Create(new PasswordHasherOptions { IterationCount = options.PasswordIterations }));

    /// <summary>A hash of a random password, verified against when the email is unknown so timing does not tell.</summary>
    private readonly Lazy<string> _decoy = new(() => new PasswordHasher<Person>(Options.Create(new PasswordHasherOptions { IterationCount = options.PasswordIterations }))
        .HashPassword(null!, TokenService.NewSecret()));

    public async Task<(SignInOutcome Outcome, Guid PersonId)> SignInAsync(string? email, string? password)
    {
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
        {
            return (SignInOutcome.Invalid, Guid.Empty);
        }
        var now = time.UtcNowMs();
        var (person, credential) = await store.ReadAsync(async s =>
        {
            var found = await s.People.GetByEmailAsync(email);
            return (found, found is null ? null : await s.Accounts.GetPasswordAsync(found.Id));
        });
        if (person is null || credential is null || !person.LoginEnabled || person.Type != PersonType.Person)
        {
            _hasher.VerifyHashedPassword(null!, _decoy.Value, password);
            return (SignInOutcome.Invalid, Guid.Empty);
        }
        if (credential.LockedUntil > now)
        {
            return (SignInOutcome.LockedOut, Guid.Empty);
        }
        var result = _hasher.VerifyHashedPassword(person, credential.Hash, password);
        var outcome = await store.WriteAsync(async s =>
        {
            var stored = await s.Accounts.GetPasswordAsync(person.Id);
            if (stored is null)
            {
                return SignInOutcome.Invalid;
            }
            if (result == PasswordVerificationResult.Failed)
            {
                stored.FailedAttempts++;
                if (stored.FailedAttempts >= options.MaxFailedSignIns)
                {
                    stored.FailedAttempts = 0;
                    stored.LockedUntil = now + options.LockoutDuration;
                    LogLockedOut(logger, person.Id, options.LockoutDuration);
                    return SignInOutcome.LockedOut;
                }
                return SignInOutcome.Invalid;
            }
            stored.FailedAttempts = 0;
            stored.LockedUntil = null;
            if (result == PasswordVerificationResult.SuccessRehashNeeded)
            {
                stored.Hash = _hasher.HashPassword(person, password);
            }
            return SignInOutcome.Success;
        });
        return (outcome, outcome == SignInOutcome.Success ? person.Id : Guid.Empty);
    }

    /// <summary>
    /// An administrator (full or user admin, checked against their current roles) invites a person of their
    /// organization, created if the address is new, and gets the secret of a one-time set-password link to hand over;
    /// no mail server is involved.
    /// </summary>
    public async Task<string> InviteAsync(Guid inviterId, string? email, string? displayName)
    {
        var (inviter, roles) = await store.ReadAsync(async s =>
        {
            var found = await s.People.GetAsync(inviterId) ?? throw new UnauthorizedException();
            return (found, await s.People.GetRolesAsync(found.Id));
        });
        if (!roles.Contains(RoleKeys.FullAdmin) && !roles.Contains(RoleKeys.UserAdmin))
        {
            throw new ForbiddenException("Only administrators may invite people.");
        }
        var address = (email ?? "").Trim().ToLowerInvariant();
        if (!PeopleService.IsEmail(address))
        {
            throw new ValidationException($"Invalid email address: {email}");
        }
        var ticket = TokenService.NewSecret();
        var now = time.UtcNowMs();
        await store.WriteAsync(async s =>
        {
            var person = await s.People.GetByEmailAsync(address);
            if (person is not null && (person.OrgId != inviter.OrgId || person.Type != PersonType.Person))
            {
                throw new ConflictException("That address belongs to someone outside your organization or to a bot.");
            }
            if (person is null)
            {
                person = await people.GetOrCreateByEmailAsync(s, address);
                person.OrgId = inviter.OrgId;
                if (!string.IsNullOrWhiteSpace(displayName))
                {
                    person.DisplayName = displayName.Trim();
                }
            }
            s.Accounts.AddTicket(new PasswordTicket
            {
                Id = Uuid7.New(),
                Hash = TokenService.Hash(ticket),
                PersonId = person.Id,
                ExpiresAt = now + options.InviteLifetime,
            });
            return true;
        });
        return ticket;
    }

    /// <summary>A set-password link secret for an existing person (a server-local admin task: the first administrator has no password).</summary>
    public async Task<string> CreateTicketForEmailAsync(string email)
    {
        var ticket = TokenService.NewSecret();
        var now = time.UtcNowMs();
        await store.WriteAsync(async s =>
        {
            var person = await s.People.GetByEmailAsync(email) ?? throw new NotFoundException($"No person has the email {email}.");
            if (person.Type != PersonType.Person)
            {
                throw new ValidationException("Bots do not sign in.");
            }
            s.Accounts.AddTicket(new PasswordTicket { Id = Uuid7.New(), Hash = TokenService.Hash(ticket), PersonId = person.Id, ExpiresAt = now + options.InviteLifetime });
            return true;
        });
        return ticket;
    }

    /// <summary>Whether a set-password link is still usable (for showing the form), without spending it.</summary>
    public Task<bool> IsTicketValidAsync(string? ticket) =>
        string.IsNullOrEmpty(ticket)
            ? Task.FromResult(false)
            : store.ReadAsync(async s =>
            {
                var now = time.UtcNowMs();
                var hash = TokenService.Hash(ticket);
                var found = await s.Accounts.GetTicketAsync(hash);
                return found is not null && found.ExpiresAt > now;
            });

    /// <summary>Spends a set-password link: sets the password and ends the pending invitation. Returns the person.</summary>
    public async Task<Guid> SetPasswordWithTicketAsync(string? ticket, string? password)
    {
        RequireStrong(password);
        var now = time.UtcNowMs();
        return await store.WriteAsync(async s =>
        {
            var taken = string.IsNullOrEmpty(ticket) ? null : await s.Accounts.TakeTicketAsync(TokenService.Hash(ticket));
            if (taken is null || taken.ExpiresAt <= now)
            {
                throw new NotFoundException("This link is invalid, expired or already used.");
            }
            var person = await s.People.GetAsync(taken.PersonId) ?? throw new NotFoundException("This link is invalid, expired or already used.");
            await SetPasswordAsync(s, person, password!, now);
            person.InvitePending = false;
            return person.Id;
        });
    }

    /// <summary>Sets a person's password directly (server-local admin command, tests).</summary>
    public Task SetPasswordAsync(string email, string password)
    {
        RequireStrong(password);
        return store.WriteAsync(async s =>
        {
            var person = await s.People.GetByEmailAsync(email) ?? throw new NotFoundException($"No person has the email {email}.");
            await SetPasswordAsync(s, person, password, time.UtcNowMs());
            return true;
        });
    }

    private async Task SetPasswordAsync(IStoreSession s, Person person, string password, DateTime now)
    {
        var hash = _hasher.HashPassword(person, password);
        var existing = await s.Accounts.GetPasswordAsync(person.Id);
        if (existing is null)
        {
            s.Accounts.AddPassword(new PasswordCredential { PersonId = person.Id, Hash = hash, Changed = now });
        }
        else
        {
            existing.Hash = hash;
            existing.Changed = now;
            existing.FailedAttempts = 0;
            existing.LockedUntil = null;
        }
    }

    private void RequireStrong(string? password)
    {
        if (string.IsNullOrEmpty(password) || password.Length < options.MinPasswordLength)
        {
            throw new ValidationException($"Passwords need at least {options.MinPasswordLength} characters.");
        }
    }

    /// <summary>
    /// A signed-in person creates a bot: a <c>type: bot</c> person of their organization, addressed
    /// <c>{username}@{BotDomain}</c>, with a token that never expires (returned once).
    /// </summary>
    public async Task<(Person Bot, string Token)> CreateBotAsync(Guid ownerId, string? displayName, string? username, string? avatar)
    {
        if (string.IsNullOrWhiteSpace(displayName))
        {
            throw new ValidationException("A bot needs a display name.");
        }
        var name = (username ?? "").Trim().ToLowerInvariant();
        if (name.Length is 0 or > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
        {
            throw new ValidationException("A bot username is 1 to 64 letters, digits, dots, hyphens or underscores.");
        }
        if (!string.IsNullOrWhiteSpace(avatar) && !Uri.TryCreate(avatar, UriKind.Absolute, out _))
        {
            throw new ValidationException("The avatar must be an absolute URL.");
        }
        var now = time.UtcNowMs();
        return await store.WriteAsync(async s =>
        {
            var owner = await s.People.GetAsync(ownerId);
            if (owner is null || owner.Type != PersonType.Person)
            {
                throw new ForbiddenException("Only people may create bots.");
            }
            var email = $"{name}@{options.BotDomain}";
            if (await s.People.GetByEmailAsync(email) is not null)
            {
                throw new ConflictException($"The bot username {name} is taken.");
            }
            var bot = new Person
            {
                Id = Uuid7.New(),
                OrgId = owner.OrgId,
                Email = email,
                DisplayName = displayName.Trim(),
                Avatar = string.IsNullOrWhiteSpace(avatar) ? null : avatar.Trim(),
                Type = PersonType.Bot,
                Created = now,
                LastModified = now,
                LoginEnabled = true,
            };
            s.People.Add(bot);
            s.Accounts.AddBotOwner(new BotOwner { BotId = bot.Id, OwnerId = owner.Id, Created = now });
            return (bot, tokens.AddPersonalToken(s, bot));
        });
    }

    public Task<IReadOnlyList<Person>> ListBotsAsync(Guid ownerId) =>
        store.ReadAsync(async s => await s.People.GetManyAsync(await s.Accounts.ListBotsAsync(ownerId)));

    /// <summary>A new token for the owner's bot; the old one stops working at once.</summary>
    public async Task<string> RegenerateBotTokenAsync(Guid ownerId, Guid botId)
    {
        var owner = await store.ReadAsync(s => s.Accounts.GetBotOwnerAsync(botId));
        if (owner is null || owner.OwnerId != ownerId)
        {
            throw new NotFoundException("Bot not found.");
        }
        return await tokens.RegenerateAsync(botId);
    }

    public Task<Person?> GetPersonAsync(Guid personId) => store.ReadAsync(s => s.People.GetAsync(personId));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in for person {PersonId} locked for {Duration} after repeated failures")]
    private static partial void LogLockedOut(ILogger logger, Guid personId, TimeSpan duration);
}
