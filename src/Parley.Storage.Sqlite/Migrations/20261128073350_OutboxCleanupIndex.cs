using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parley.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class OutboxCleanupIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_outbox_events_dispatched_created",
                table: "outbox_events",
                columns: new[] { "dispatched", "created" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_outbox_events_dispatched_created",
                table: "outbox_events");
        }
    }
}
