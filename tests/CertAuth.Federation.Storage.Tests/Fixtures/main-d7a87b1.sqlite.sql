-- The database as main (commit d7a87b1, before issue 12) creates it: CertAuthDbContext's EnsureCreated schema plus
-- representative rows of every table (incl. a refresh-token family of three and ts_users), dumped with sqlite3 .dump.
-- Input of MigrationUpgradeTests; do not edit by hand.
CREATE TABLE IF NOT EXISTS "audit_log" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_audit_log" PRIMARY KEY AUTOINCREMENT,
    "Timestamp" INTEGER NOT NULL,
    "Actor" TEXT NOT NULL,
    "Action" TEXT NOT NULL,
    "Target" TEXT NOT NULL,
    "Details" TEXT NULL
);
INSERT INTO audit_log VALUES(1,1309302005760000000,'admin@host','ca.add','0123456789ABCDEF','type=IntermediateAuthority');
INSERT INTO audit_log VALUES(2,1309302006988800000,'admin@host','client.add','web-app',NULL);
CREATE TABLE IF NOT EXISTS "authorization_codes" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_authorization_codes" PRIMARY KEY AUTOINCREMENT,
    "CodeHash" TEXT NOT NULL,
    "ClientId" TEXT NOT NULL,
    "RedirectUri" TEXT NOT NULL,
    "CodeChallenge" TEXT NULL,
    "CodeChallengeMethod" TEXT NULL,
    "Scopes" TEXT NOT NULL,
    "Nonce" TEXT NULL,
    "UserId" INTEGER NOT NULL,
    "TokenServiceUserId" INTEGER NULL,
    "Upn" TEXT NOT NULL,
    "AuthTime" INTEGER NOT NULL,
    "FederationIssuer" TEXT NOT NULL,
    "CertificateSerialNumber" TEXT NULL,
    "CertificateIssuer" TEXT NULL,
    "CertificateAuthorityKeyId" TEXT NULL,
    "IssuedAt" INTEGER NOT NULL,
    "ExpiresAt" INTEGER NOT NULL,
    "RedeemedAt" INTEGER NULL
);
INSERT INTO authorization_codes VALUES(1,'code-hash-1','web-app','https://web.test/callback','challenge','S256','openid offline_access','n-1',1,NULL,'alice@contoso.com',1309302005760000000,'https://fs.contoso.test/adfs/services/trust','0A','CN=Contoso Issuing CA','AABB',1309302005760000000,1309302011904000000,1309302006988800000);
CREATE TABLE IF NOT EXISTS "crl_refresh_requests" (
    "AuthorityId" TEXT NOT NULL CONSTRAINT "PK_crl_refresh_requests" PRIMARY KEY,
    "RequestedAt" INTEGER NOT NULL,
    "RequestedBy" TEXT NULL
);
INSERT INTO crl_refresh_requests VALUES('0123456789ABCDEF',1309302005760000000,'admin@host');
CREATE TABLE IF NOT EXISTS "crl_state" (
    "Key" TEXT NOT NULL CONSTRAINT "PK_crl_state" PRIMARY KEY,
    "LastCrlNumber" TEXT NULL,
    "ThisUpdate" INTEGER NULL,
    "NextUpdate" INTEGER NULL,
    "Entries" INTEGER NULL,
    "LastFetch" INTEGER NULL,
    "LastError" TEXT NULL
);
INSERT INTO crl_state VALUES('0123456789ABCDEF','12',1309301932032000000,1309303775232000000,2,1309302005760000000,NULL);
INSERT INTO crl_state VALUES('0123456789ABCDEF:delta','13',NULL,NULL,NULL,1309302005760000000,NULL);
CREATE TABLE IF NOT EXISTS "federation_trusts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_federation_trusts" PRIMARY KEY AUTOINCREMENT,
    "EntityId" TEXT NOT NULL,
    "DisplayName" TEXT NULL,
    "Enabled" INTEGER NOT NULL,
    "SingleSignOnUrl" TEXT NOT NULL,
    "SigningCertificates" TEXT NOT NULL,
    "AllowUnsolicited" INTEGER NOT NULL,
    "MetadataSource" TEXT NULL,
    "Source" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL
);
INSERT INTO federation_trusts VALUES(1,'https://fs.contoso.test/adfs/services/trust','Contoso FS',1,'https://fs.contoso.test/adfs/ls/','["MIIB"]',1,'fs-metadata.xml',0,1309302005760000000,1309302005760000000);
CREATE TABLE IF NOT EXISTS "oauth_clients" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_oauth_clients" PRIMARY KEY AUTOINCREMENT,
    "ClientId" TEXT NOT NULL,
    "DisplayName" TEXT NULL,
    "Enabled" INTEGER NOT NULL,
    "IsPublic" INTEGER NOT NULL,
    "SecretHash" TEXT NULL,
    "RedirectUris" TEXT NOT NULL,
    "AllowedScopes" TEXT NOT NULL,
    "AllowedGrantTypes" TEXT NOT NULL,
    "Source" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL
);
INSERT INTO oauth_clients VALUES(1,'web-app','Web app',1,0,'pbkdf2$abc','["https://web.test/callback"]','["openid","offline_access"]','["authorization_code","refresh_token"]',0,1309302005760000000,1309302005760000000);
CREATE TABLE IF NOT EXISTS "pending_authorizations" (
    "RequestId" TEXT NOT NULL CONSTRAINT "PK_pending_authorizations" PRIMARY KEY,
    "BrowserBindingHash" TEXT NOT NULL,
    "FederationEntityId" TEXT NOT NULL,
    "ClientId" TEXT NOT NULL,
    "RedirectUri" TEXT NOT NULL,
    "State" TEXT NULL,
    "Nonce" TEXT NULL,
    "CodeChallenge" TEXT NULL,
    "CodeChallengeMethod" TEXT NULL,
    "Scopes" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "ExpiresAt" INTEGER NOT NULL,
    "ConsumedAt" INTEGER NULL
);
INSERT INTO pending_authorizations VALUES('req-1','bind-1','https://fs.contoso.test/adfs/services/trust','web-app','https://web.test/callback','s','n','c','S256','openid',1309302005760000000,1309302018048000000,NULL);
CREATE TABLE IF NOT EXISTS "refresh_tokens" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_refresh_tokens" PRIMARY KEY AUTOINCREMENT,
    "TokenHash" TEXT NOT NULL,
    "FamilyId" TEXT NOT NULL,
    "ParentId" INTEGER NULL,
    "AuthorizationCodeHash" TEXT NULL,
    "UserId" INTEGER NOT NULL,
    "TokenServiceUserId" INTEGER NULL,
    "Upn" TEXT NOT NULL,
    "ClientId" TEXT NOT NULL,
    "Scopes" TEXT NOT NULL,
    "AuthTime" INTEGER NOT NULL,
    "IssuedAt" INTEGER NOT NULL,
    "ExpiresAt" INTEGER NOT NULL,
    "AbsoluteExpiresAt" INTEGER NOT NULL,
    "UsedAt" INTEGER NULL,
    "RevokedAt" INTEGER NULL,
    "RevocationReason" TEXT NULL,
    "FederationIssuer" TEXT NOT NULL,
    "CertificateSerialNumber" TEXT NULL,
    "CertificateIssuer" TEXT NULL,
    "CertificateAuthorityKeyId" TEXT NULL
);
INSERT INTO refresh_tokens VALUES(1,'rt-hash-1','family-1',NULL,'code-hash-1',1,1,'alice@contoso.com','web-app','openid offline_access',1309302005760000000,1309302006988800000,1309326778368000000,1309461258240000000,1309302008217600000,NULL,NULL,'https://fs.contoso.test/adfs/services/trust','0A','CN=Contoso Issuing CA','AABB');
INSERT INTO refresh_tokens VALUES(2,'rt-hash-2','family-1',1,'code-hash-1',1,1,'alice@contoso.com','web-app','openid offline_access',1309302005760000000,1309302008217600000,1309326778368000000,1309461258240000000,1309302009446400000,NULL,NULL,'https://fs.contoso.test/adfs/services/trust','0A','CN=Contoso Issuing CA','AABB');
INSERT INTO refresh_tokens VALUES(3,'rt-hash-3','family-1',2,'code-hash-1',1,1,'alice@contoso.com','web-app','openid offline_access',1309302005760000000,1309302009446400000,1309326778368000000,1309461258240000000,NULL,1309302010675200000,'reuse','https://fs.contoso.test/adfs/services/trust','0A','CN=Contoso Issuing CA','AABB');
CREATE TABLE IF NOT EXISTS "relying_parties" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_relying_parties" PRIMARY KEY AUTOINCREMENT,
    "EntityId" TEXT NOT NULL,
    "DisplayName" TEXT NULL,
    "Enabled" INTEGER NOT NULL,
    "AssertionConsumerServiceUrls" TEXT NOT NULL,
    "RequestSigningCertificate" BLOB NULL,
    "RequireSignedRequests" INTEGER NOT NULL,
    "SignResponse" INTEGER NOT NULL,
    "NameIdFormat" TEXT NOT NULL,
    "ReleasedClaims" TEXT NOT NULL,
    "TokenLifetimeMinutes" INTEGER NOT NULL,
    "Theme" TEXT NULL,
    "Source" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL
);
INSERT INTO relying_parties VALUES(1,'https://app.contoso.test/','Contoso app',1,'["https://app.contoso.test/acs","https://app.contoso.test/acs2"]',X'308201',1,1,'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified','["upn","email"]',30,'contoso',1,1309302005760000000,1309302006988800000);
CREATE TABLE IF NOT EXISTS "saml_assertion_replay" (
    "AssertionId" TEXT NOT NULL CONSTRAINT "PK_saml_assertion_replay" PRIMARY KEY,
    "ExpiresAt" INTEGER NOT NULL
);
INSERT INTO saml_assertion_replay VALUES('_assertion-1',1309302011904000000);
CREATE TABLE IF NOT EXISTS "trusted_authorities" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_trusted_authorities" PRIMARY KEY,
    "AuthorityType" INTEGER NOT NULL,
    "Certificate" BLOB NOT NULL,
    "Thumbprint" TEXT NOT NULL,
    "Subject" TEXT NOT NULL,
    "CrlDistributionPoint" TEXT NULL,
    "DeltaCrlDistributionPoint" TEXT NULL,
    "TrustedIssuer" TEXT NULL,
    "TrustedIssuerSki" TEXT NULL,
    "CrlGracePeriodSeconds" INTEGER NULL,
    "Source" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL
);
INSERT INTO trusted_authorities VALUES('0123456789ABCDEF',1,X'01020304','0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF','CN=Contoso Issuing CA','http://127.0.0.1:44380/crl/issuing.crl','http://127.0.0.1:44380/crl/issuing-delta.crl','CN=Contoso Root CA','AABBCC',3600,1,1309302005760000000,1309302005760000000);
INSERT INTO trusted_authorities VALUES('FEDCBA9876543210',0,X'090807','FEDCBA9876543210FEDCBA9876543210FEDCBA9876543210FEDCBA9876543210','CN=Contoso Root CA',NULL,NULL,NULL,NULL,NULL,0,1309302005760000000,1309302005760000000);
CREATE TABLE IF NOT EXISTS "ts_users" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ts_users" PRIMARY KEY AUTOINCREMENT,
    "FederationIssuer" TEXT NOT NULL,
    "Subject" TEXT NOT NULL,
    "ObjectId" TEXT NOT NULL,
    "Upn" TEXT NOT NULL,
    "Email" TEXT NULL,
    "DisplayName" TEXT NULL,
    "ImmutableId" TEXT NULL,
    "Enabled" INTEGER NOT NULL,
    "StsRefreshTokensValidFrom" INTEGER NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL
);
INSERT INTO ts_users VALUES(1,'https://fs.contoso.test/adfs/services/trust','immutableid:alice-immutable','6f1c1c9e-0000-4000-8000-000000000001','alice@contoso.com','alice@contoso.com','Alice','alice-immutable',1,1309301784576000000,1309302005760000000,1309302005760000000);
INSERT INTO ts_users VALUES(2,'https://other-idp.test/','nameid:alice@contoso.com','6f1c1c9e-0000-4000-8000-000000000002','alice@contoso.com',NULL,NULL,NULL,0,NULL,1309302005760000000,1309302005760000000);
CREATE TABLE IF NOT EXISTS "users" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_users" PRIMARY KEY AUTOINCREMENT,
    "Upn" TEXT NOT NULL,
    "Email" TEXT NULL,
    "DisplayName" TEXT NULL,
    "ImmutableId" TEXT NOT NULL,
    "Enabled" INTEGER NOT NULL,
    "StsRefreshTokensValidFrom" INTEGER NULL,
    "Source" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL
);
INSERT INTO users VALUES(1,'alice@contoso.com','alice@contoso.com','Alice','alice-immutable',1,1309301858304000000,0,1309302005760000000,1309302005760000000);
INSERT INTO users VALUES(2,'bob@contoso.com',NULL,NULL,'bob-immutable',0,NULL,1,1309302005760000000,1309302005760000000);
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('audit_log',2);
INSERT INTO sqlite_sequence VALUES('authorization_codes',1);
INSERT INTO sqlite_sequence VALUES('federation_trusts',1);
INSERT INTO sqlite_sequence VALUES('oauth_clients',1);
INSERT INTO sqlite_sequence VALUES('relying_parties',1);
INSERT INTO sqlite_sequence VALUES('ts_users',2);
INSERT INTO sqlite_sequence VALUES('users',2);
INSERT INTO sqlite_sequence VALUES('refresh_tokens',3);
CREATE INDEX "IX_audit_log_Timestamp" ON "audit_log" ("Timestamp");
CREATE UNIQUE INDEX "IX_authorization_codes_CodeHash" ON "authorization_codes" ("CodeHash");
CREATE UNIQUE INDEX "IX_federation_trusts_EntityId" ON "federation_trusts" ("EntityId");
CREATE UNIQUE INDEX "IX_oauth_clients_ClientId" ON "oauth_clients" ("ClientId");
CREATE UNIQUE INDEX "IX_pending_authorizations_BrowserBindingHash" ON "pending_authorizations" ("BrowserBindingHash");
CREATE INDEX "IX_refresh_tokens_AuthorizationCodeHash" ON "refresh_tokens" ("AuthorizationCodeHash");
CREATE INDEX "IX_refresh_tokens_FamilyId" ON "refresh_tokens" ("FamilyId");
CREATE UNIQUE INDEX "IX_refresh_tokens_TokenHash" ON "refresh_tokens" ("TokenHash");
CREATE INDEX "IX_refresh_tokens_TokenServiceUserId" ON "refresh_tokens" ("TokenServiceUserId");
CREATE INDEX "IX_refresh_tokens_Upn" ON "refresh_tokens" ("Upn");
CREATE UNIQUE INDEX "IX_relying_parties_EntityId" ON "relying_parties" ("EntityId");
CREATE INDEX "IX_saml_assertion_replay_ExpiresAt" ON "saml_assertion_replay" ("ExpiresAt");
CREATE UNIQUE INDEX "IX_trusted_authorities_Thumbprint" ON "trusted_authorities" ("Thumbprint");
CREATE UNIQUE INDEX "IX_ts_users_FederationIssuer_Subject" ON "ts_users" ("FederationIssuer", "Subject");
CREATE UNIQUE INDEX "IX_ts_users_ObjectId" ON "ts_users" ("ObjectId");
CREATE INDEX "IX_ts_users_Upn" ON "ts_users" ("Upn");
CREATE INDEX "IX_users_Email" ON "users" ("Email");
CREATE UNIQUE INDEX "IX_users_ImmutableId" ON "users" ("ImmutableId");
CREATE UNIQUE INDEX "IX_users_Upn" ON "users" ("Upn");
