-- People sign in at an OpenID Provider (issue 22); API tokens are machines' (service accounts): limited to
-- the routes they need, and expiring. Tokens made before expiry existed expire 90 days after this upgrade.
ALTER TABLE "ApiToken" ADD COLUMN "routes" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];
ALTER TABLE "ApiToken" ADD COLUMN "expiresAt" TIMESTAMPTZ(3);
UPDATE "ApiToken" SET "expiresAt" = CURRENT_TIMESTAMP + INTERVAL '90 days';
ALTER TABLE "ApiToken" ALTER COLUMN "expiresAt" SET NOT NULL;

-- Every change records whether a person or a machine made it, and a person's display name beside their subject.
CREATE TYPE "PrincipalKind" AS ENUM ('PERSON', 'SERVICE_ACCOUNT');
ALTER TABLE "RequestAudit" ADD COLUMN "kind" "PrincipalKind" NOT NULL DEFAULT 'SERVICE_ACCOUNT';
ALTER TABLE "RequestAudit" ADD COLUMN "displayName" TEXT;
