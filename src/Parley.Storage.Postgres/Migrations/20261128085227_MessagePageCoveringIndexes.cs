using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parley.Storage.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class MessagePageCoveringIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_messages_parent_id_created_seq",
                table: "messages");

            migrationBuilder.DropIndex(
                name: "IX_messages_room_id_created_seq",
                table: "messages");

            migrationBuilder.CreateIndex(
                name: "IX_messages_parent_id_created_seq_edit_count",
                table: "messages",
                columns: new[] { "parent_id", "created", "seq", "edit_count" });

            migrationBuilder.CreateIndex(
                name: "IX_messages_room_id_created_seq_edit_count",
                table: "messages",
                columns: new[] { "room_id", "created", "seq", "edit_count" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_messages_parent_id_created_seq_edit_count",
                table: "messages");

            migrationBuilder.DropIndex(
                name: "IX_messages_room_id_created_seq_edit_count",
                table: "messages");

            migrationBuilder.CreateIndex(
                name: "IX_messages_parent_id_created_seq",
                table: "messages",
                columns: new[] { "parent_id", "created", "seq" });

            migrationBuilder.CreateIndex(
                name: "IX_messages_room_id_created_seq",
                table: "messages",
                columns: new[] { "room_id", "created", "seq" });
        }
    }
}
