using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CertAuth.Federation.Storage.Migrations.Sqlite.Federation
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
                    Thumbprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Certificate = table.Column<byte[]>(type: "BLOB", nullable: false),
                    ProtectedPrivateKey = table.Column<string>(type: "TEXT", nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    NotBefore = table.Column<long>(type: "INTEGER", nullable: false),
                    NotAfter = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    PromotesAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Succeeds = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
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
