using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parley.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "access_tokens",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    hash = table.Column<string>(type: "TEXT", nullable: false),
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    scopes = table.Column<string>(type: "TEXT", nullable: false),
                    created = table.Column<long>(type: "INTEGER", nullable: false),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_access_tokens", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "audit_events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    org_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    actor_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    created = table.Column<long>(type: "INTEGER", nullable: false),
                    category = table.Column<string>(type: "TEXT", nullable: false),
                    data_json = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "licenses",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    org_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    total_units = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_licenses", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "memberships",
                columns: table => new
                {
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    room_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    is_moderator = table.Column<bool>(type: "INTEGER", nullable: false),
                    is_room_hidden = table.Column<bool>(type: "INTEGER", nullable: false),
                    created = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_memberships", x => new { x.person_id, x.room_id });
                });

            migrationBuilder.CreateTable(
                name: "message_mentions",
                columns: table => new
                {
                    message_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    room_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    created = table.Column<long>(type: "INTEGER", nullable: false),
                    seq = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_message_mentions", x => new { x.message_id, x.person_id });
                });

            migrationBuilder.CreateTable(
                name: "messages",
                columns: table => new
                {
                    seq = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    room_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    parent_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    person_email = table.Column<string>(type: "TEXT", nullable: false),
                    text = table.Column<string>(type: "TEXT", nullable: true),
                    markdown = table.Column<string>(type: "TEXT", nullable: true),
                    html = table.Column<string>(type: "TEXT", nullable: true),
                    mentioned_people = table.Column<string>(type: "TEXT", nullable: true),
                    mentioned_groups = table.Column<string>(type: "TEXT", nullable: true),
                    attachments_json = table.Column<string>(type: "TEXT", nullable: true),
                    created = table.Column<long>(type: "INTEGER", nullable: false),
                    updated = table.Column<long>(type: "INTEGER", nullable: true),
                    edit_count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_messages", x => x.seq);
                });

            migrationBuilder.CreateTable(
                name: "organizations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    display_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    created = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_organizations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "people",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    org_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    email = table.Column<string>(type: "TEXT", nullable: false),
                    display_name = table.Column<string>(type: "TEXT", nullable: false),
                    nick_name = table.Column<string>(type: "TEXT", nullable: true),
                    first_name = table.Column<string>(type: "TEXT", nullable: true),
                    last_name = table.Column<string>(type: "TEXT", nullable: true),
                    avatar = table.Column<string>(type: "TEXT", nullable: true),
                    type = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    department = table.Column<string>(type: "TEXT", nullable: true),
                    manager = table.Column<string>(type: "TEXT", nullable: true),
                    manager_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    title = table.Column<string>(type: "TEXT", nullable: true),
                    timezone = table.Column<string>(type: "TEXT", nullable: true),
                    phone_numbers_json = table.Column<string>(type: "TEXT", nullable: true),
                    addresses_json = table.Column<string>(type: "TEXT", nullable: true),
                    site_urls_json = table.Column<string>(type: "TEXT", nullable: true),
                    created = table.Column<long>(type: "INTEGER", nullable: false),
                    last_modified = table.Column<long>(type: "INTEGER", nullable: false),
                    last_activity = table.Column<long>(type: "INTEGER", nullable: true),
                    invite_pending = table.Column<bool>(type: "INTEGER", nullable: false),
                    login_enabled = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_people", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "person_licenses",
                columns: table => new
                {
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    license_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_person_licenses", x => new { x.person_id, x.license_id });
                });

            migrationBuilder.CreateTable(
                name: "person_roles",
                columns: table => new
                {
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    role_key = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_person_roles", x => new { x.person_id, x.role_key });
                });

            migrationBuilder.CreateTable(
                name: "room_tabs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    room_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    display_name = table.Column<string>(type: "TEXT", nullable: false),
                    content_url = table.Column<string>(type: "TEXT", nullable: false),
                    creator_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    created = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_room_tabs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "rooms",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    title = table.Column<string>(type: "TEXT", nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    is_locked = table.Column<bool>(type: "INTEGER", nullable: false),
                    team_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    last_activity = table.Column<long>(type: "INTEGER", nullable: false),
                    creator_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    created = table.Column<long>(type: "INTEGER", nullable: false),
                    owner_org_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    classification_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    is_announcement_only = table.Column<bool>(type: "INTEGER", nullable: false),
                    is_read_only = table.Column<bool>(type: "INTEGER", nullable: false),
                    is_public = table.Column<bool>(type: "INTEGER", nullable: false),
                    made_public = table.Column<long>(type: "INTEGER", nullable: true),
                    description = table.Column<string>(type: "TEXT", nullable: true),
                    is_archived = table.Column<bool>(type: "INTEGER", nullable: false),
                    direct_pair_key = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rooms", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "team_memberships",
                columns: table => new
                {
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    team_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    is_moderator = table.Column<bool>(type: "INTEGER", nullable: false),
                    created = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_team_memberships", x => new { x.person_id, x.team_id });
                });

            migrationBuilder.CreateTable(
                name: "teams",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    description = table.Column<string>(type: "TEXT", nullable: true),
                    creator_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    created = table.Column<long>(type: "INTEGER", nullable: false),
                    general_room_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_teams", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_access_tokens_hash",
                table: "access_tokens",
                column: "hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_access_tokens_person_id",
                table: "access_tokens",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "IX_audit_events_org_id_created",
                table: "audit_events",
                columns: new[] { "org_id", "created" });

            migrationBuilder.CreateIndex(
                name: "IX_licenses_org_id",
                table: "licenses",
                column: "org_id");

            migrationBuilder.CreateIndex(
                name: "IX_memberships_person_id_created_room_id",
                table: "memberships",
                columns: new[] { "person_id", "created", "room_id" });

            migrationBuilder.CreateIndex(
                name: "IX_memberships_room_id_created_person_id",
                table: "memberships",
                columns: new[] { "room_id", "created", "person_id" });

            migrationBuilder.CreateIndex(
                name: "IX_message_mentions_room_id_person_id_created_seq",
                table: "message_mentions",
                columns: new[] { "room_id", "person_id", "created", "seq" });

            migrationBuilder.CreateIndex(
                name: "IX_messages_id",
                table: "messages",
                column: "id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_messages_parent_id_created_seq",
                table: "messages",
                columns: new[] { "parent_id", "created", "seq" });

            migrationBuilder.CreateIndex(
                name: "IX_messages_room_id_created_seq",
                table: "messages",
                columns: new[] { "room_id", "created", "seq" });

            migrationBuilder.CreateIndex(
                name: "IX_people_display_name_id",
                table: "people",
                columns: new[] { "display_name", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_people_email",
                table: "people",
                column: "email",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_people_org_id_display_name_id",
                table: "people",
                columns: new[] { "org_id", "display_name", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_person_licenses_license_id_person_id",
                table: "person_licenses",
                columns: new[] { "license_id", "person_id" });

            migrationBuilder.CreateIndex(
                name: "IX_person_roles_role_key_person_id",
                table: "person_roles",
                columns: new[] { "role_key", "person_id" });

            migrationBuilder.CreateIndex(
                name: "IX_room_tabs_room_id_created_id",
                table: "room_tabs",
                columns: new[] { "room_id", "created", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_rooms_direct_pair_key",
                table: "rooms",
                column: "direct_pair_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_rooms_owner_org_id_is_public_made_public",
                table: "rooms",
                columns: new[] { "owner_org_id", "is_public", "made_public" });

            migrationBuilder.CreateIndex(
                name: "IX_rooms_team_id_id",
                table: "rooms",
                columns: new[] { "team_id", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_team_memberships_person_id_created_team_id",
                table: "team_memberships",
                columns: new[] { "person_id", "created", "team_id" });

            migrationBuilder.CreateIndex(
                name: "IX_team_memberships_team_id_created_person_id",
                table: "team_memberships",
                columns: new[] { "team_id", "created", "person_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "access_tokens");

            migrationBuilder.DropTable(
                name: "audit_events");

            migrationBuilder.DropTable(
                name: "licenses");

            migrationBuilder.DropTable(
                name: "memberships");

            migrationBuilder.DropTable(
                name: "message_mentions");

            migrationBuilder.DropTable(
                name: "messages");

            migrationBuilder.DropTable(
                name: "organizations");

            migrationBuilder.DropTable(
                name: "people");

            migrationBuilder.DropTable(
                name: "person_licenses");

            migrationBuilder.DropTable(
                name: "person_roles");

            migrationBuilder.DropTable(
                name: "room_tabs");

            migrationBuilder.DropTable(
                name: "rooms");

            migrationBuilder.DropTable(
                name: "team_memberships");

            migrationBuilder.DropTable(
                name: "teams");
        }
    }
}
