using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CertAuth.Federation.Storage.Migrations.PostgreSQL.TokenService
{
    /// <inheritdoc />
    public partial class Rollover_FederationTrustMetadataUrl : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "MetadataRefreshedAt",
                table: "federation_trusts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MetadataUrl",
                table: "federation_trusts",
                type: "character varying(2048)",
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
