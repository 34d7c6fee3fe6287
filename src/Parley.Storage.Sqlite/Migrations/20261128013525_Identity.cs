using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parley.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Identity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "grant_id",
                table: "access_tokens",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "authorization_codes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    hash = table.Column<string>(type: "TEXT", nullable: false),
                    integration_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    redirect_uri = table.Column<string>(type: "TEXT", nullable: false),
                    scopes = table.Column<string>(type: "TEXT", nullable: false),
                    code_challenge = table.Column<string>(type: "TEXT", nullable: true),
                    code_challenge_method = table.Column<string>(type: "TEXT", nullable: true),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_authorization_codes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "bot_owners",
                columns: table => new
                {
                    bot_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    owner_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    created = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_bot_owners", x => x.bot_id);
                });

            migrationBuilder.CreateTable(
                name: "integrations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    client_id = table.Column<string>(type: "TEXT", maxLength: 65, nullable: false),
                    secret_hash = table.Column<string>(type: "TEXT", nullable: false),
                    owner_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    org_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    description = table.Column<string>(type: "TEXT", nullable: true),
                    icon_url = table.Column<string>(type: "TEXT", nullable: true),
                    redirect_uris = table.Column<string>(type: "TEXT", nullable: false),
                    scopes = table.Column<string>(type: "TEXT", nullable: false),
                    created = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_integrations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "oauth_grants",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    integration_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    org_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    scopes = table.Column<string>(type: "TEXT", nullable: false),
                    refresh_hash = table.Column<string>(type: "TEXT", nullable: false),
                    refresh_expires_at = table.Column<long>(type: "INTEGER", nullable: false),
                    created = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_oauth_grants", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "password_credentials",
                columns: table => new
                {
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    hash = table.Column<string>(type: "TEXT", nullable: false),
                    failed_attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    locked_until = table.Column<long>(type: "INTEGER", nullable: true),
                    changed = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_password_credentials", x => x.person_id);
                });

            migrationBuilder.CreateTable(
                name: "password_tickets",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    hash = table.Column<string>(type: "TEXT", nullable: false),
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_password_tickets", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_access_tokens_grant_id",
                table: "access_tokens",
                column: "grant_id");

            migrationBuilder.CreateIndex(
                name: "IX_authorization_codes_hash",
                table: "authorization_codes",
                column: "hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_authorization_codes_person_id",
                table: "authorization_codes",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "IX_bot_owners_owner_id",
                table: "bot_owners",
                column: "owner_id");

            migrationBuilder.CreateIndex(
                name: "IX_integrations_client_id",
                table: "integrations",
                column: "client_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_integrations_owner_id",
                table: "integrations",
                column: "owner_id");

            migrationBuilder.CreateIndex(
                name: "IX_oauth_grants_integration_id_org_id",
                table: "oauth_grants",
                columns: new[] { "integration_id", "org_id" });

            migrationBuilder.CreateIndex(
                name: "IX_oauth_grants_person_id",
                table: "oauth_grants",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "IX_oauth_grants_refresh_hash",
                table: "oauth_grants",
                column: "refresh_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_password_tickets_hash",
                table: "password_tickets",
                column: "hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_password_tickets_person_id",
                table: "password_tickets",
                column: "person_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "authorization_codes");

            migrationBuilder.DropTable(
                name: "bot_owners");

            migrationBuilder.DropTable(
                name: "integrations");

            migrationBuilder.DropTable(
                name: "oauth_grants");

            migrationBuilder.DropTable(
                name: "password_credentials");

            migrationBuilder.DropTable(
                name: "password_tickets");

            migrationBuilder.DropIndex(
                name: "IX_access_tokens_grant_id",
                table: "access_tokens");

            migrationBuilder.DropColumn(
                name: "grant_id",
                table: "access_tokens");
        }
    }
}
