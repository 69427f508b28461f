using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CertAuth.Federation.Storage.Migrations.Sqlite.TokenService
{
    /// <inheritdoc />
    public partial class Rollover_FederationTrustMetadataUrl : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "MetadataRefreshedAt",
                table: "federation_trusts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MetadataUrl",
                table: "federation_trusts",
                type: "TEXT",
                maxLength: 2048,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "MetadataRefreshedAt",
                table: "federation_trusts");

            migrationBuilder.DropColumn(
                name: "MetadataUrl",
                table: "federation_trusts");
        }
    }
}
