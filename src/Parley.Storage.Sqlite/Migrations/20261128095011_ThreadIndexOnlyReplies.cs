using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parley.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ThreadIndexOnlyReplies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_messages_parent_id_created_seq_edit_count",
                table: "messages");

            migrationBuilder.CreateIndex(
                name: "IX_messages_parent_id_created_seq_edit_count",
                table: "messages",
                columns: new[] { "parent_id", "created", "seq", "edit_count" },
                filter: "parent_id IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_messages_parent_id_created_seq_edit_count",
                table: "messages");

            migrationBuilder.CreateIndex(
                name: "IX_messages_parent_id_created_seq_edit_count",
                table: "messages",
                columns: new[] { "parent_id", "created", "seq", "edit_count" });
        }
    }
}
