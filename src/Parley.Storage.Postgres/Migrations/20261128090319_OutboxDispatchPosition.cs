using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parley.Storage.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class OutboxDispatchPosition : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "outbox_dispatch",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    through_seq = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox_dispatch", x => x.id);
                });

            // Dispatched up to the first event still undispatched (events commit in sequence order), or all of them.
            migrationBuilder.Sql(
                "INSERT INTO outbox_dispatch (id, through_seq) VALUES (1, COALESCE((SELECT MIN(seq) FROM outbox_events WHERE dispatched = false) - 1, "
                + "(SELECT MAX(seq) FROM outbox_events), 0))");

            migrationBuilder.DropIndex(
                name: "IX_outbox_events_dispatched_created",
                table: "outbox_events");

            migrationBuilder.DropIndex(
                name: "IX_outbox_events_dispatched_seq",
                table: "outbox_events");

            migrationBuilder.DropColumn(
                name: "dispatched",
                table: "outbox_events");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_events_created",
                table: "outbox_events",
                column: "created");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_outbox_events_created",
                table: "outbox_events");

            migrationBuilder.AddColumn<bool>(
                name: "dispatched",
                table: "outbox_events",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "IX_outbox_events_dispatched_created",
                table: "outbox_events",
                columns: new[] { "dispatched", "created" });

            migrationBuilder.CreateIndex(
                name: "IX_outbox_events_dispatched_seq",
                table: "outbox_events",
                columns: new[] { "dispatched", "seq" });

            migrationBuilder.Sql("UPDATE outbox_events SET dispatched = true WHERE seq <= (SELECT through_seq FROM outbox_dispatch)");

            migrationBuilder.DropTable(
                name: "outbox_dispatch");
        }
    }
}
