-- Declared identity on manifest lines: personal data, kept here and in encrypted workflow payloads only.
ALTER TABLE "ManifestLine" ADD COLUMN "declaredName" TEXT;
ALTER TABLE "ManifestLine" ADD COLUMN "declaredDateOfBirth" DATE;
