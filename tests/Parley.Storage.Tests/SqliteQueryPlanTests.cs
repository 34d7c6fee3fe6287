using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Parley.Core;
using Parley.Storage.Sqlite;

namespace Parley.Storage.Tests;

/// <summary>
/// The queries the background workers repeat on tables that only grow must be index lookups: a scan makes every
/// poll cost as much as the whole table. SQLite explains each query the store runs, with its real parameters.
/// </summary>
public sealed class SqliteQueryPlanTests
{
    [Fact]
    public async Task The_webhook_worker_finds_undispatched_events_due_deliveries_and_expired_rows_without_scanning()
    {
        var plans = new QueryPlans();
        await using var provider = new SqliteProvider(plans);
        await using var store = await provider.OpenAsync("plans");
        var now = new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);
        await store.WriteAsync(s =>
        {
            s.Outbox.Add(new OutboxEvent
            {
                Id = Guid.CreateVersion7(), Resource = "messages", Type = "created", ActorId = Guid.CreateVersion7(),
                OrgId = Guid.CreateVersion7(), Created = now, DataJson = "{}",
            });
            return Task.FromResult(true);
        });
        plans.Clear();

        var pending = await store.ReadAsync(s => s.Outbox.ListUndispatchedAsync(100));
        await store.ReadAsync(s => s.Deliveries.AnyDueAsync(now));
        await store.WriteAsync(s => s.Outbox.DeleteDispatchedBeforeAsync(now.AddDays(-7)));
        await store.WriteAsync(s => s.Deliveries.DeleteCompletedBeforeAsync(now.AddDays(-7)));

        Assert.NotEmpty(plans.Explained);
        // "SCAN CONSTANT ROW" is the SELECT EXISTS wrapper, and a json_each scan walks a parameter, not a table.
        Assert.All(plans.Explained, plan => Assert.DoesNotContain(plan.Steps, step => step.StartsWith("SCAN", StringComparison.Ordinal)
            && step != "SCAN CONSTANT ROW" && !step.Contains("json_each", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_message_page_is_read_from_a_listing_index_alone()
    {
        await using var provider = new SqliteProvider();
        await using var store = await provider.OpenAsync("pages");
        // Configured as the read sessions' connections are, since settings such as the planner's stability guarantee
        // decide which plans SQLite may choose.
        await using var connection = SqliteSqlProvider.Open(SqliteStorage.ConnectionString(provider.DirectoryOf("pages")));

        // Pages of mentions walk the mention index and join their messages.
        foreach (var page in MessageStore.Pages.Where(p => !p.Text.Contains("message_mentions", StringComparison.Ordinal)))
        {
            using var explain = connection.CreateCommand();
            explain.CommandText = "EXPLAIN QUERY PLAN " + page.Text;
            foreach (var (name, type) in page.Parameters)
            {
                explain.Parameters.AddWithValue("@" + name, type == SqlType.Guid ? Guid.CreateVersion7() : 1);
            }
            using var reader = explain.ExecuteReader();
            Assert.True(reader.Read());
            // One step: a search of a covering index, in its order (no sort step, no table lookups).
            Assert.StartsWith("SEARCH messages USING COVERING INDEX", reader.GetString(3), StringComparison.Ordinal);
            Assert.False(reader.Read(), page.Text);
        }
    }

    /// <summary>Runs <c>EXPLAIN QUERY PLAN</c> for every query just before EF executes it.</summary>
    private sealed class QueryPlans : DbCommandInterceptor
    {
        private readonly ConcurrentQueue<(string Sql, string[] Steps)> _explained = new();

        public IReadOnlyCollection<(string Sql, string[] Steps)> Explained => _explained;

        public void Clear() => _explained.Clear();

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Explain(command);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Explain(command);
            return ValueTask.FromResult(result);
        }

        private void Explain(DbCommand command)
        {
            string[] explainable = ["SELECT", "UPDATE", "DELETE"];
            if (!explainable.Any(verb => command.CommandText.TrimStart().StartsWith(verb, StringComparison.OrdinalIgnoreCase)))
            {
                return;
            }
            using var explain = (SqliteCommand)command.Connection!.CreateCommand();
            explain.Transaction = (SqliteTransaction?)command.Transaction;
            explain.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
            foreach (DbParameter parameter in command.Parameters)
            {
                explain.Parameters.AddWithValue(parameter.ParameterName, parameter.Value);
            }
            using var reader = explain.ExecuteReader();
            var steps = new List<string>();
            while (reader.Read())
            {
                steps.Add(reader.GetString(3));
            }
            _explained.Enqueue((command.CommandText, [.. steps]));
        }
    }
}
