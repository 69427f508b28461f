using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CertAuth.Federation.Storage.Migrations.PostgreSQL.Federation
{
    /// <inheritdoc />
    public partial class WsFed_RelyingPartyProtocol : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Protocol",
                table: "relying_parties",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Saml2");

            migrationBuilder.AddColumn<string>(
                name: "TokenType",
                table: "relying_parties",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Saml11");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Protocol",
                table: "relying_parties");

            migrationBuilder.DropColumn(
                name: "TokenType",
                table: "relying_parties");
        }
    }
}
