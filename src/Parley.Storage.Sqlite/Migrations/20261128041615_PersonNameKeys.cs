using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parley.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PersonNameKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The model asks for collation "C" (for PostgreSQL); SQLite's default BINARY collation is that already.
            migrationBuilder.AddColumn<string>(
                name: "display_name_key",
                table: "people",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "first_name_key",
                table: "people",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "last_name_key",
                table: "people",
                type: "TEXT",
                nullable: true);

            // Existing people: SQLite's lower() folds ASCII only, so names with other capitals are found by their
            // lower-case form once saved again; every new or edited name is folded fully by the application.
            migrationBuilder.Sql("UPDATE people SET display_name_key = lower(display_name), first_name_key = lower(first_name), last_name_key = lower(last_name)");

            migrationBuilder.CreateIndex(
                name: "IX_people_org_id_display_name_key",
                table: "people",
                columns: new[] { "org_id", "display_name_key" });

            migrationBuilder.CreateIndex(
                name: "IX_people_org_id_first_name_key",
                table: "people",
                columns: new[] { "org_id", "first_name_key" });

            migrationBuilder.CreateIndex(
                name: "IX_people_org_id_last_name_key",
                table: "people",
                columns: new[] { "org_id", "last_name_key" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_people_org_id_display_name_key",
                table: "people");

            migrationBuilder.DropIndex(
                name: "IX_people_org_id_first_name_key",
                table: "people");

            migrationBuilder.DropIndex(
                name: "IX_people_org_id_last_name_key",
                table: "people");

            migrationBuilder.DropColumn(
                name: "display_name_key",
                table: "people");

            migrationBuilder.DropColumn(
                name: "first_name_key",
                table: "people");

            migrationBuilder.DropColumn(
                name: "last_name_key",
                table: "people");
        }
    }
}
