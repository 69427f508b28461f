using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CertAuth.Federation.Storage.Migrations.Sqlite.Federation
{
    /// <inheritdoc />
    public partial class Baseline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_log",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Timestamp = table.Column<long>(type: "INTEGER", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Target = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    Details = table.Column<string>(type: "TEXT", maxLength: 4096, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_log", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "crl_refresh_requests",
                columns: table => new
                {
                    AuthorityId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_crl_refresh_requests", x => x.AuthorityId);
                });

            migrationBuilder.CreateTable(
                name: "crl_state",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    LastCrlNumber = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    ThisUpdate = table.Column<long>(type: "INTEGER", nullable: true),
                    NextUpdate = table.Column<long>(type: "INTEGER", nullable: true),
                    Entries = table.Column<int>(type: "INTEGER", nullable: true),
                    LastFetch = table.Column<long>(type: "INTEGER", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_crl_state", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "relying_parties",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EntityId = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    AssertionConsumerServiceUrls = table.Column<string>(type: "TEXT", nullable: false),
                    RequestSigningCertificate = table.Column<byte[]>(type: "BLOB", nullable: true),
                    RequireSignedRequests = table.Column<bool>(type: "INTEGER", nullable: false),
                    SignResponse = table.Column<bool>(type: "INTEGER", nullable: false),
                    NameIdFormat = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ReleasedClaims = table.Column<string>(type: "TEXT", nullable: false),
                    TokenLifetimeMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    Theme = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Source = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_relying_parties", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "trusted_authorities",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AuthorityType = table.Column<int>(type: "INTEGER", nullable: false),
                    Certificate = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Thumbprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    CrlDistributionPoint = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    DeltaCrlDistributionPoint = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    TrustedIssuer = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    TrustedIssuerSki = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    CrlGracePeriodSeconds = table.Column<int>(type: "INTEGER", nullable: true),
                    Source = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_trusted_authorities", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Upn = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ImmutableId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    StsRefreshTokensValidFrom = table.Column<long>(type: "INTEGER", nullable: true),
                    Source = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_users", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_audit_log_Timestamp",
                table: "audit_log",
                column: "Timestamp");

            migrationBuilder.CreateIndex(
                name: "IX_relying_parties_EntityId",
                table: "relying_parties",
                column: "EntityId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_trusted_authorities_Thumbprint",
                table: "trusted_authorities",
                column: "Thumbprint",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_users_Email",
                table: "users",
                column: "Email");

            migrationBuilder.CreateIndex(
                name: "IX_users_ImmutableId",
                table: "users",
                column: "ImmutableId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_users_Upn",
                table: "users",
                column: "Upn",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_log");

            migrationBuilder.DropTable(
                name: "crl_refresh_requests");

            migrationBuilder.DropTable(
                name: "crl_state");

            migrationBuilder.DropTable(
                name: "relying_parties");

            migrationBuilder.DropTable(
                name: "trusted_authorities");

            migrationBuilder.DropTable(
                name: "users");
        }
    }
}
