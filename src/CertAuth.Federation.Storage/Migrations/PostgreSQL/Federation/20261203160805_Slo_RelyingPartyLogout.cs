using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CertAuth.Federation.Storage.Migrations.PostgreSQL.Federation
{
    /// <inheritdoc />
    public partial class Slo_RelyingPartyLogout : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SingleLogoutServiceBinding",
                table: "relying_parties",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SingleLogoutServiceUrl",
                table: "relying_parties",
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SingleLogoutServiceBinding",
                table: "relying_parties");

            migrationBuilder.DropColumn(
                name: "SingleLogoutServiceUrl",
                table: "relying_parties");
        }
    }
}
