using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parley.Storage.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class PersonNameKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "display_name_key",
                table: "people",
                type: "text",
                nullable: false,
                defaultValue: "",
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "first_name_key",
                table: "people",
                type: "text",
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "last_name_key",
                table: "people",
                type: "text",
                nullable: true,
                collation: "C");

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
