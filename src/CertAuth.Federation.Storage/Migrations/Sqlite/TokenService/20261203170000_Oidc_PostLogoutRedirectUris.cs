using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CertAuth.Federation.Storage.Migrations.Sqlite.TokenService
{
    /// <inheritdoc />
    public partial class Oidc_PostLogoutRedirectUris : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PostLogoutRedirectUris",
                table: "oauth_clients",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "FederationNameId",
                table: "authorization_codes",
                type: "TEXT",
                maxLength: 1024,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FederationNameIdFormat",
                table: "authorization_codes",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FederationSessionIndex",
                table: "authorization_codes",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FederationNameId",
                table: "refresh_tokens",
                type: "TEXT",
                maxLength: 1024,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FederationNameIdFormat",
                table: "refresh_tokens",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FederationSessionIndex",
                table: "refresh_tokens",
                type: "TEXT",
                maxLength: 256,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PostLogoutRedirectUris",
                table: "oauth_clients");

            migrationBuilder.DropColumn(
                name: "FederationNameId",
                table: "authorization_codes");

            migrationBuilder.DropColumn(
                name: "FederationNameIdFormat",
                table: "authorization_codes");

            migrationBuilder.DropColumn(
                name: "FederationSessionIndex",
                table: "authorization_codes");

            migrationBuilder.DropColumn(
                name: "FederationNameId",
                table: "refresh_tokens");

            migrationBuilder.DropColumn(
                name: "FederationNameIdFormat",
                table: "refresh_tokens");

            migrationBuilder.DropColumn(
                name: "FederationSessionIndex",
                table: "refresh_tokens");
        }
    }
}
