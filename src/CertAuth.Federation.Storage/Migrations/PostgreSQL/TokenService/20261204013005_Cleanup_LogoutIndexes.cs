using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CertAuth.Federation.Storage.Migrations.PostgreSQL.TokenService
{
    /// <inheritdoc />
    public partial class Cleanup_LogoutIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_refresh_tokens_FederationIssuer_FederationNameId",
                table: "refresh_tokens",
                columns: new[] { "FederationIssuer", "FederationNameId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_refresh_tokens_FederationIssuer_FederationNameId",
                table: "refresh_tokens");
        }
    }
}
