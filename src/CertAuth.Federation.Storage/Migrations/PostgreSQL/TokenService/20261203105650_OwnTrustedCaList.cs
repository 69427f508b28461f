using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CertAuth.Federation.Storage.Migrations.PostgreSQL.TokenService
{
    /// <inheritdoc />
    public partial class OwnTrustedCaList : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ts_audit_log",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Timestamp = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Action = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Target = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    Details = table.Column<string>(type: "character varying(4096)", maxLength: 4096, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ts_audit_log", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ts_crl_refresh_requests",
                columns: table => new
                {
                    AuthorityId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RequestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RequestedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ts_crl_refresh_requests", x => x.AuthorityId);
                });

            migrationBuilder.CreateTable(
                name: "ts_crl_state",
                columns: table => new
                {
                    Key = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    LastCrlNumber = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    ThisUpdate = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    NextUpdate = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Entries = table.Column<int>(type: "integer", nullable: true),
                    LastFetch = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ts_crl_state", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "ts_trusted_authorities",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AuthorityType = table.Column<int>(type: "integer", nullable: false),
                    Certificate = table.Column<byte[]>(type: "bytea", nullable: false),
                    Thumbprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Subject = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    CrlDistributionPoint = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    DeltaCrlDistributionPoint = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    TrustedIssuer = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    TrustedIssuerSki = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    CrlGracePeriodSeconds = table.Column<int>(type: "integer", nullable: true),
                    Source = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ts_trusted_authorities", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ts_audit_log_Timestamp",
                table: "ts_audit_log",
                column: "Timestamp");

            migrationBuilder.CreateIndex(
                name: "IX_ts_trusted_authorities_Thumbprint",
                table: "ts_trusted_authorities",
                column: "Thumbprint",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ts_audit_log");

            migrationBuilder.DropTable(
                name: "ts_crl_refresh_requests");

            migrationBuilder.DropTable(
                name: "ts_crl_state");

            migrationBuilder.DropTable(
                name: "ts_trusted_authorities");
        }
    }
}
