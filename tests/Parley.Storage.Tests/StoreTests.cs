using Microsoft.EntityFrameworkCore;
using Parley.Core;
using Parley.Storage;

namespace Parley.Storage.Tests;

/// <summary>
/// The store contract, written once and run on every provider: ordering and keyset paging, uniqueness under
/// concurrency, cascades, isolation of a failing write, and durability across a reopen.
/// </summary>
public abstract class StoreTests(IStoreProvider provider) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => provider.DisposeAsync();

    private static readonly DateTime T0 = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    private static Person NewPerson(Guid orgId, string email, string name) => new()
    {
        Id = Guid.CreateVersion7(),
        OrgId = orgId,
        Email = email,
        DisplayName = name,
        Created = T0,
        LastModified = T0,
        LoginEnabled = true,
    };

    private static Room NewRoom(Guid orgId, Guid creator, RoomType type = RoomType.Group, string? pairKey = null) => new()
    {
        Id = Guid.CreateVersion7(),
        Title = "Room",
        Type = type,
        CreatorId = creator,
        Created = T0,
        LastActivity = T0,
        OwnerOrgId = orgId,
        DirectPairKey = pairKey,
    };

    private static async Task<(Guid Org, Person Alice, Person Bob)> SeedAsync(IDataStore store) =>
        await store.WriteAsync(async s =>
        {
            var org = new Organization { Id = Guid.CreateVersion7(), DisplayName = "Org", Created = T0 };
            s.Organizations.Add(org);
            var alice = NewPerson(org.Id, "alice@example.com", "Alice");
            var bob = NewPerson(org.Id, "bob@example.com", "Bob");
            s.People.Add(alice);
            s.People.Add(bob);
            await Task.CompletedTask;
            return (org.Id, alice, bob);
        });

    [Fact]
    public async Task Writes_are_visible_to_reads_and_survive_reopening_the_store()
    {
        await using (var store = await provider.OpenAsync("durable"))
        {
            await SeedAsync(store);
        }
        await using var reopened = await provider.OpenAsync("durable");
        var alice = await reopened.ReadAsync(s => s.People.GetByEmailAsync("ALICE@example.com "));
        Assert.NotNull(alice);
        Assert.Equal("Alice", alice.DisplayName);
        Assert.Equal(T0, alice.Created);
        Assert.Equal(DateTimeKind.Utc, alice.Created.Kind);
    }

    [Fact]
    public async Task Duplicate_email_is_a_conflict_and_does_not_disturb_other_writes()
    {
        await using var store = await provider.OpenAsync("conflict");
        var (org, _, _) = await SeedAsync(store);

        // Queued behind a write that holds the writer, so that a batching provider commits them in one batch: the
        // write before the failing one is undone with it there and must be done again, exactly once.
        var gate = new TaskCompletionSource();
        var holding = store.WriteAsync(async _ =>
        {
            await gate.Task;
            return true;
        });
        var before = store.WriteAsync(s =>
        {
            s.People.Add(NewPerson(org, "dave@example.com", "Dave"));
            return Task.FromResult(true);
        });
        var duplicate = store.WriteAsync(s =>
        {
            s.People.Add(NewPerson(org, "alice@example.com", "Another Alice"));
            return Task.FromResult(true);
        });
        var after = store.WriteAsync(s =>
        {
            s.People.Add(NewPerson(org, "carol@example.com", "Carol"));
            return Task.FromResult(true);
        });

        gate.SetResult();

        Assert.True(await holding);
        await Assert.ThrowsAsync<ConflictException>(() => duplicate);
        Assert.True(await before);
        Assert.True(await after);
        var people = await store.ReadAsync(s => s.People.ListAsync(new PersonQuery(org, null, null, null), null, 10));
        Assert.Equal(["Alice", "Bob", "Carol", "Dave"], people.Select(p => p.DisplayName).Order());
    }

    [Fact]
    public async Task A_failing_write_rolls_back_everything_it_did()
    {
        await using var store = await provider.OpenAsync("rollback");
        var (org, alice, _) = await SeedAsync(store);

        await Assert.ThrowsAsync<ValidationException>(() => store.WriteAsync<bool>(async s =>
        {
            s.Rooms.Add(NewRoom(org, alice.Id));
            await s.People.SetRolesAsync(alice.Id, [RoleKeys.FullAdmin]);
            throw new ValidationException("changed my mind");
        }));

        Assert.Empty(await store.ReadAsync(s => s.People.GetRolesAsync(alice.Id)));
        Assert.Empty(await store.ReadAsync(s => s.Rooms.ListForMemberAsync(new RoomQuery(alice.Id, null, RoomSort.Id), null, 10)));
    }

    [Fact]
    public async Task Concurrent_direct_rooms_for_one_pair_leave_exactly_one()
    {
        await using var store = await provider.OpenAsync("direct");
        var (org, alice, bob) = await SeedAsync(store);
        var key = Room.PairKey(alice.Id, bob.Id);

        var attempts = Enumerable.Range(0, 8).Select(_ => store.WriteAsync(s =>
        {
            s.Rooms.Add(NewRoom(org, alice.Id, RoomType.Direct, key));
            return Task.FromResult(true);
        })).ToList();
        var outcomes = await Task.WhenAll(attempts.Select(async t =>
        {
            try
            {
                return await t;
            }
            catch (ConflictException)
            {
                return false;
            }
        }));

        Assert.Equal(1, outcomes.Count(ok => ok));
        Assert.NotNull(await store.ReadAsync(s => s.Rooms.GetDirectAsync(Room.PairKey(bob.Id, alice.Id))));
    }

    [Fact]
    public async Task Messages_page_newest_first_by_created_then_sequence_without_gaps()
    {
        await using var store = await provider.OpenAsync("messages");
        var (org, alice, bob) = await SeedAsync(store);
        var room = NewRoom(org, alice.Id);
        await store.WriteAsync(async s =>
        {
            s.Rooms.Add(room);
            // Seven messages, several sharing a millisecond; every third mentions Bob.
            for (var i = 0; i < 7; i++)
            {
                await s.Messages.AddAsync(new Message
                {
                    Id = Guid.CreateVersion7(),
                    RoomId = room.Id,
                    PersonId = alice.Id,
                    PersonEmail = alice.Email,
                    Text = $"m{i}",
                    Created = T0.AddMilliseconds(i / 2),
                    MentionedPeople = i % 3 == 0 ? bob.Id.ToString() : null,
                });
            }
            return true;
        });

        var seen = new List<string>();
        MessageKey? after = null;
        while (true)
        {
            var page = await store.ReadAsync(s => s.Messages.ListAsync(new MessageQuery(room.Id, null, null, null), after, 3));
            seen.AddRange(await TextsAsync(store, new MessageQuery(room.Id, null, null, null), after, page));
            if (page.Count < 3)
            {
                break;
            }
            after = new MessageKey(page[^1].Created, page[^1].Seq);
        }
        Assert.Equal(["m6", "m5", "m4", "m3", "m2", "m1", "m0"], seen);

        var mentions = await store.ReadAsync(s => s.Messages.ListAsync(new MessageQuery(room.Id, null, bob.Id, null), null, 10));
        Assert.Equal(["m6", "m3", "m0"], await TextsAsync(store, new MessageQuery(room.Id, null, bob.Id, null), null, mentions));
    }

    /// <summary>The texts of the listing read in full, which must list the same messages as its versions.</summary>
    private static async Task<IEnumerable<string>> TextsAsync(EfDataStore store, MessageQuery query, MessageKey? after, IReadOnlyList<MessageVersion> versions)
    {
        var messages = await store.ReadAsync(s => s.Messages.ListMessagesAsync(query, after, versions.Count == 0 ? 1 : versions.Count));
        Assert.Equal(versions, messages.Select(m => new MessageVersion(m.Seq, m.Created, m.EditCount)));
        return messages.Select(m => m.Text!);
    }

    [Fact]
    public async Task Memberships_list_by_room_oldest_first_and_by_person_newest_first()
    {
        await using var store = await provider.OpenAsync("memberships");
        var (org, alice, bob) = await SeedAsync(store);
        var first = NewRoom(org, alice.Id);
        var second = NewRoom(org, alice.Id);
        await store.WriteAsync(s =>
        {
            s.Rooms.Add(first);
            s.Rooms.Add(second);
            s.Memberships.Add(new Membership { PersonId = alice.Id, RoomId = first.Id, Created = T0 });
            s.Memberships.Add(new Membership { PersonId = bob.Id, RoomId = first.Id, Created = T0.AddSeconds(1) });
            s.Memberships.Add(new Membership { PersonId = alice.Id, RoomId = second.Id, Created = T0.AddSeconds(2) });
            return Task.FromResult(true);
        });

        var byRoom = await store.ReadAsync(s => s.Memberships.ListByRoomAsync(first.Id, null, false, null, 1));
        Assert.Equal(alice.Id, Assert.Single(byRoom).PersonId);
        var next = await store.ReadAsync(s => s.Memberships.ListByRoomAsync(first.Id, null, false, new MembershipKey(byRoom[0].Created, byRoom[0].PersonId), 5));
        Assert.Equal(bob.Id, Assert.Single(next).PersonId);

        var mine = await store.ReadAsync(s => s.Memberships.ListByPersonAsync(alice.Id, null, 5));
        Assert.Equal([second.Id, first.Id], mine.Select(m => m.RoomId));
    }

    [Fact]
    public async Task Deleting_a_room_removes_its_memberships_messages_and_tabs()
    {
        await using var store = await provider.OpenAsync("cascade");
        var (org, alice, _) = await SeedAsync(store);
        var room = NewRoom(org, alice.Id);
        var message = Guid.CreateVersion7();
        await store.WriteAsync(async s =>
        {
            s.Rooms.Add(room);
            s.Memberships.Add(new Membership { PersonId = alice.Id, RoomId = room.Id, Created = T0 });
            s.RoomTabs.Add(new RoomTab { Id = Guid.CreateVersion7(), RoomId = room.Id, DisplayName = "t", ContentUrl = "https://example.com", CreatorId = alice.Id, Created = T0 });
            await s.Messages.AddAsync(new Message { Id = message, RoomId = room.Id, PersonId = alice.Id, PersonEmail = alice.Email, Text = "hi", Created = T0, MentionedPeople = alice.Id.ToString() });
            return true;
        });

        await store.WriteAsync(async s =>
        {
            await s.Rooms.DeleteWithContentsAsync(room.Id);
            return true;
        });

        Assert.Null(await store.ReadAsync(s => s.Rooms.GetAsync(room.Id)));
        Assert.Null(await store.ReadAsync(s => s.Messages.GetAsync(message)));
        Assert.False(await store.ReadAsync(s => s.Memberships.AnyAsync(room.Id)));
        Assert.Empty(await store.ReadAsync(s => s.RoomTabs.ListAsync(room.Id, null, 10)));
    }

    [Fact]
    public async Task Deleting_messages_and_rooms_queues_their_files_and_removes_card_submissions()
    {
        await using var store = await provider.OpenAsync("files");
        var (org, alice, _) = await SeedAsync(store);
        var room = NewRoom(org, alice.Id);
        Message WithFile(string key) => new() { Id = Guid.CreateVersion7(), RoomId = room.Id, PersonId = alice.Id, PersonEmail = alice.Email, Created = T0, FileKey = key, FileName = "a.txt", FileContentType = "text/plain", FileLength = 1 };
        var single = WithFile("11111111111111111111111111111111");
        var inRoom = WithFile("22222222222222222222222222222222");
        var action = new AttachmentAction { Id = Guid.CreateVersion7(), MessageId = inRoom.Id, RoomId = room.Id, PersonId = alice.Id, Type = "submit", InputsJson = "{\"a\":\"b\"}", Created = T0 };
        await store.WriteAsync(async s =>
        {
            s.Rooms.Add(room);
            await s.Messages.AddAsync(single);
            await s.Messages.AddAsync(inRoom);
            await s.Messages.AddAsync(new Message { Id = Guid.CreateVersion7(), RoomId = room.Id, PersonId = alice.Id, PersonEmail = alice.Email, Text = "no file", Created = T0 });
            s.AttachmentActions.Add(action);
            return true;
        });
        Assert.Equal("{\"a\":\"b\"}", (await store.ReadAsync(s => s.AttachmentActions.GetAsync(action.Id)))!.InputsJson);

        await store.WriteAsync(async s =>
        {
            await s.Messages.DeleteAsync(single.Id);
            return true;
        });
        Assert.Equal([single.FileKey!], await store.ReadAsync(s => s.DeletedFiles.ListAsync(10)));

        await store.WriteAsync(async s =>
        {
            await s.Rooms.DeleteWithContentsAsync(room.Id);
            return true;
        });
        Assert.Equal([single.FileKey!, inRoom.FileKey!], await store.ReadAsync(s => s.DeletedFiles.ListAsync(10)));
        Assert.Null(await store.ReadAsync(s => s.AttachmentActions.GetAsync(action.Id)));

        await store.WriteAsync(async s =>
        {
            await s.DeletedFiles.ForgetAsync([single.FileKey!]);
            return true;
        });
        Assert.Equal([inRoom.FileKey!], await store.ReadAsync(s => s.DeletedFiles.ListAsync(10)));
    }

    [Fact]
    public async Task Raw_statements_read_every_column_exactly_as_ef_core_does()
    {
        await using var store = await provider.OpenAsync("raw");
        var (org, alice, bob) = await SeedAsync(store);
        // Every property set to a non-default value, so a column the raw statements miss or misread shows up.
        var room = new Room
        {
            Id = Guid.CreateVersion7(), Title = "Everything", Type = RoomType.Group, IsLocked = true, TeamId = Guid.CreateVersion7(),
            LastActivity = T0.AddMinutes(3), CreatorId = alice.Id, Created = T0, OwnerOrgId = org, ClassificationId = Guid.CreateVersion7(),
            IsAnnouncementOnly = true, IsReadOnly = true, IsPublic = true, MadePublic = T0.AddMinutes(1), Description = "d", IsArchived = true,
            DirectPairKey = "pair",
        };
        var membership = new Membership { PersonId = alice.Id, RoomId = room.Id, IsModerator = true, IsRoomHidden = true, Created = T0.AddSeconds(1) };
        var message = new Message
        {
            Id = Guid.CreateVersion7(), RoomId = room.Id, ParentId = Guid.CreateVersion7(), PersonId = alice.Id, PersonEmail = alice.Email,
            Text = "t", Markdown = "m", Html = "h", MentionedPeople = bob.Id.ToString("D"), MentionedGroups = "all", AttachmentsJson = "[]",
            FileKey = "k", FileName = "f.txt", FileContentType = "text/plain", FileLength = 42, Created = T0.AddSeconds(2),
            Updated = T0.AddSeconds(3), EditCount = 2,
        };
        await store.WriteAsync(async s =>
        {
            s.Rooms.Add(room);
            s.Memberships.Add(membership);
            await s.Messages.AddAsync(message);
            return true;
        });

        await store.ReadAsync(async s =>
        {
            var db = ((EfStoreSession)s).Context.Db;
            AssertSameProperties(await db.Rooms.SingleAsync(r => r.Id == room.Id), await s.Rooms.GetAsync(room.Id));
            AssertSameProperties(await db.Memberships.SingleAsync(m => m.RoomId == room.Id), await s.Memberships.GetAsync(alice.Id, room.Id));
            var (joinedRoom, joinedMembership) = (await s.Memberships.GetWithRoomAsync(alice.Id, room.Id))!.Value;
            AssertSameProperties(await db.Rooms.SingleAsync(r => r.Id == room.Id), joinedRoom);
            AssertSameProperties(await db.Memberships.SingleAsync(m => m.RoomId == room.Id), joinedMembership);
            Assert.Null(await s.Memberships.GetWithRoomAsync(bob.Id, room.Id));
            var stored = await db.Messages.SingleAsync(m => m.Id == message.Id);
            AssertSameProperties(stored, await s.Messages.GetAsync(message.Id));
            var version = new MessageVersion(stored.Seq, stored.Created, stored.EditCount);
            Assert.Equal(version, (await s.Messages.ListAsync(new MessageQuery(room.Id, null, null, null), null, 10)).Single());
            Assert.Equal(version, (await s.Messages.ListAsync(new MessageQuery(room.Id, message.ParentId, bob.Id, null), null, 10)).Single());
            AssertSameProperties(stored, (await s.Messages.ListMessagesAsync(new MessageQuery(room.Id, null, null, null), null, 10)).Single());
            AssertSameProperties(stored, (await s.Messages.ListMessagesAsync(new MessageQuery(room.Id, message.ParentId, bob.Id, null), null, 10)).Single());
            Assert.Equal(message.Seq, stored.Seq);
            return true;
        });
    }

    private static void AssertSameProperties<T>(T expected, T? actual) where T : class
    {
        Assert.NotNull(actual);
        foreach (var property in typeof(T).GetProperties())
        {
            Assert.Equal(property.GetValue(expected), property.GetValue(actual));
        }
    }

    [Fact]
    public async Task Entities_read_in_a_write_are_saved_when_changed_and_read_once_per_key()
    {
        await using var store = await provider.OpenAsync("tracking");
        var (org, alice, _) = await SeedAsync(store);
        var room = NewRoom(org, alice.Id);
        await store.WriteAsync(s =>
        {
            s.Rooms.Add(room);
            s.Memberships.Add(new Membership { PersonId = alice.Id, RoomId = room.Id, Created = T0 });
            return Task.FromResult(true);
        });

        await store.WriteAsync(async s =>
        {
            var first = await s.Rooms.GetAsync(room.Id);
            Assert.Same(first, await s.Rooms.GetAsync(room.Id));
            first!.Title = "Renamed";
            (await s.Memberships.GetAsync(alice.Id, room.Id))!.IsModerator = true;
            return true;
        });
        Assert.Equal("Renamed", (await store.ReadAsync(s => s.Rooms.GetAsync(room.Id)))!.Title);
        Assert.True((await store.ReadAsync(s => s.Memberships.GetAsync(alice.Id, room.Id)))!.IsModerator);
    }

    [Fact]
    public async Task Last_activity_only_moves_forward_and_edit_counter_stops_at_the_limit()
    {
        await using var store = await provider.OpenAsync("counters");
        var (org, alice, _) = await SeedAsync(store);
        var room = NewRoom(org, alice.Id);
        var message = new Message { Id = Guid.CreateVersion7(), RoomId = room.Id, PersonId = alice.Id, PersonEmail = alice.Email, Text = "hi", Created = T0 };
        await store.WriteAsync(async s =>
        {
            s.Rooms.Add(room);
            await s.Messages.AddAsync(message);
            return true;
        });

        await store.WriteAsync(async s =>
        {
            await s.Rooms.SetLastActivityAsync(room.Id, T0.AddMinutes(5));
            await s.Rooms.SetLastActivityAsync(room.Id, T0.AddMinutes(1));
            return true;
        });
        Assert.Equal(T0.AddMinutes(5), (await store.ReadAsync(s => s.Rooms.GetAsync(room.Id)))!.LastActivity);

        var results = new List<bool>();
        for (var i = 0; i < 3; i++)
        {
            results.Add(await store.WriteAsync(s => s.Messages.TryCountEditAsync(message.Id, 2)));
        }
        Assert.Equal([true, true, false], results);
    }

    [Fact]
    public async Task People_list_orders_by_display_name_and_filters_by_prefix_and_role()
    {
        await using var store = await provider.OpenAsync("people");
        var (org, alice, _) = await SeedAsync(store);
        await store.WriteAsync(async s =>
        {
            s.People.Add(NewPerson(org, "alfred@example.com", "alfred"));
            var emile = NewPerson(org, "emile@example.com", "Émile Zola");
            emile.LastName = "Zola";
            s.People.Add(emile);
            await s.People.SetRolesAsync(alice.Id, [RoleKeys.ComplianceOfficer]);
            return true;
        });
        // Case folding beyond ASCII, and last names as well as display names.
        Assert.Equal("Émile Zola", Assert.Single(await store.ReadAsync(s => s.People.ListAsync(new PersonQuery(org, null, "éMI", null), null, 10))).DisplayName);
        Assert.Equal("Émile Zola", Assert.Single(await store.ReadAsync(s => s.People.ListAsync(new PersonQuery(org, null, "zol", null), null, 10))).DisplayName);
        Assert.Empty(await store.ReadAsync(s => s.People.ListAsync(new PersonQuery(org, null, "mile", null), null, 10)));

        var prefixed = await store.ReadAsync(s => s.People.ListAsync(new PersonQuery(org, null, "AL", null), null, 10));
        Assert.Equal(2, prefixed.Count);
        var page2 = await store.ReadAsync(s => s.People.ListAsync(new PersonQuery(org, null, "al", null), (prefixed[0].DisplayName, prefixed[0].Id), 10));
        Assert.Equal(prefixed[1].Id, Assert.Single(page2).Id);
        var officers = await store.ReadAsync(s => s.People.ListAsync(new PersonQuery(org, null, null, [RoleKeys.ComplianceOfficer]), null, 10));
        Assert.Equal(alice.Id, Assert.Single(officers).Id);
    }

    [Fact]
    public async Task Codes_and_set_password_tickets_are_taken_once_even_when_raced()
    {
        await using var store = await provider.OpenAsync("codes");
        var (_, alice, _) = await SeedAsync(store);
        await store.WriteAsync(s =>
        {
            s.OAuth.AddCode(new AuthorizationCode
            {
                Id = Guid.CreateVersion7(), Hash = "code-hash", IntegrationId = Guid.CreateVersion7(), PersonId = alice.Id,
                RedirectUri = "https://app.example/cb", Scopes = "spark:all", ExpiresAt = T0.AddMinutes(10),
            });
            s.Accounts.AddTicket(new PasswordTicket { Id = Guid.CreateVersion7(), Hash = "ticket-hash", PersonId = alice.Id, ExpiresAt = T0 });
            return Task.FromResult(true);
        });
        var codes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => store.WriteAsync(s => s.OAuth.TakeCodeAsync("code-hash"))));
        var taken = Assert.Single(codes, c => c is not null)!;
        Assert.Equal("https://app.example/cb", taken.RedirectUri);
        Assert.Equal(T0.AddMinutes(10), taken.ExpiresAt);
        Assert.NotNull(await store.WriteAsync(s => s.Accounts.TakeTicketAsync("ticket-hash")));
        Assert.Null(await store.WriteAsync(s => s.Accounts.TakeTicketAsync("ticket-hash")));
    }

    [Fact]
    public async Task Deleting_a_grant_removes_its_tokens_and_deleting_an_integration_removes_its_grants()
    {
        await using var store = await provider.OpenAsync("grants");
        var (org, alice, bob) = await SeedAsync(store);
        var integration = new Integration
        {
            Id = Guid.CreateVersion7(), ClientId = "C" + new string('a', 64), SecretHash = "secret", OwnerId = alice.Id, OrgId = org,
            Name = "App", RedirectUris = "https://app.example/cb", Scopes = "spark:all", Created = T0,
        };
        OAuthGrant Grant(Person p, string refresh) => new()
        {
            Id = Guid.CreateVersion7(), IntegrationId = integration.Id, PersonId = p.Id, OrgId = org, Scopes = "spark:all",
            RefreshHash = refresh, RefreshExpiresAt = T0.AddDays(90), Created = T0,
        };
        AccessToken Token(Person p, OAuthGrant? g, string hash) => new()
        {
            Id = Guid.CreateVersion7(), Hash = hash, PersonId = p.Id, Kind = g is null ? TokenKind.Personal : TokenKind.Integration,
            Scopes = "spark:all", Created = T0, GrantId = g?.Id,
        };
        var aliceGrant = Grant(alice, "r-alice");
        var bobGrant = Grant(bob, "r-bob");
        await store.WriteAsync(s =>
        {
            s.OAuth.AddIntegration(integration);
            s.OAuth.AddGrant(aliceGrant);
            s.OAuth.AddGrant(bobGrant);
            s.Tokens.Add(Token(alice, aliceGrant, "t-alice-app"));
            s.Tokens.Add(Token(alice, null, "t-alice-personal"));
            s.Tokens.Add(Token(bob, bobGrant, "t-bob-app"));
            return Task.FromResult(true);
        });

        await store.WriteAsync(async s => { await s.OAuth.DeleteGrantAsync(aliceGrant.Id); return true; });
        Assert.Null(await store.ReadAsync(s => s.Tokens.GetByHashAsync("t-alice-app")));
        Assert.NotNull(await store.ReadAsync(s => s.Tokens.GetByHashAsync("t-alice-personal")));
        Assert.Equal(bobGrant.Id, (await store.ReadAsync(s => s.OAuth.GetGrantByRefreshHashAsync("r-bob")))!.Id);
        Assert.Single(await store.ReadAsync(s => s.OAuth.ListGrantsForIntegrationAsync(integration.Id, org)));

        await store.WriteAsync(async s => { await s.OAuth.DeleteIntegrationAsync(integration.Id); return true; });
        Assert.Null(await store.ReadAsync(s => s.Tokens.GetByHashAsync("t-bob-app")));
        Assert.Null(await store.ReadAsync(s => s.OAuth.GetGrantAsync(bobGrant.Id)));
        Assert.Null(await store.ReadAsync(s => s.OAuth.GetIntegrationByClientIdAsync(integration.ClientId)));
    }
}

public sealed class SqliteStoreTests() : StoreTests(new SqliteProvider());

public sealed class PostgresStoreTests() : StoreTests(new PostgresProvider());
