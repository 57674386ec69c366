-- A Prisma list column is nullable in the database (Prisma writes [] for none, as its default says); the
-- previous migration made ApiToken.routes NOT NULL, which the schema comparison names as drift.
ALTER TABLE "ApiToken" ALTER COLUMN "routes" DROP NOT NULL;
