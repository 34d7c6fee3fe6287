using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parley.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DeliveryCleanupIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_webhook_deliveries_completed",
                table: "webhook_deliveries",
                column: "completed");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_webhook_deliveries_completed",
                table: "webhook_deliveries");
        }
    }
}
