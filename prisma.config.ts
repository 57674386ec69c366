import path from 'node:path';
import { defineConfig } from 'prisma/config';

// Prisma 7 reads the connection string from here, not from schema.prisma.
// Migrations are applied by the project's own runner (src/db/migrate.ts);
// `prisma migrate deploy` agrees with it on machines that have the schema engine.
export default defineConfig({
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/postgres' },
});
