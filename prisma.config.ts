import path from 'node:path';
import { defineConfig } from 'prisma/config';

// Prisma 7 reads the connection string from here, not from the schema.
// Migrations are applied by the project's own runner (src/db/migrate.ts);
// `prisma migrate deploy` agrees with it on machines that have the schema engine.
export default defineConfig({
  // A folder: one .prisma file per area (operation, handover, ...).
  schema: path.join('prisma', 'schema'),
  migrations: { path: path.join('prisma', 'migrations') },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/postgres' },
});
