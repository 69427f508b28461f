using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CertAuth.Federation.Storage.Migrations.PostgreSQL.Federation
{
    /// <inheritdoc />
    public partial class Rollover_TokenSigningCertificates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "fs_token_signing_certificates",
                columns: table => new
                {
                    Thumbprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Certificate = table.Column<byte[]>(type: "bytea", nullable: false),
                    ProtectedPrivateKey = table.Column<string>(type: "text", nullable: false),
                    Subject = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    NotBefore = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    NotAfter = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    PromotesAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Succeeds = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_fs_token_signing_certificates", x => x.Thumbprint);
                });

            migrationBuilder.CreateIndex(
                name: "IX_fs_token_signing_certificates_Succeeds",
                table: "fs_token_signing_certificates",
                column: "Succeeds",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "fs_token_signing_certificates");
        }
    }
}
