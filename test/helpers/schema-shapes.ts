/**
 * The shapes ./schema-compare.ts compares: the parts of Prisma's DMMF it reads,
 * and the snapshot of a PostgreSQL schema the caller reads from
 * information_schema / pg_catalog.
 */

// ---- The parts of the DMMF this comparison reads ---------------------------

export interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'enum' | 'object' | 'unsupported';
  type: string;
  isList: boolean;
  isRequired: boolean;
  isUpdatedAt?: boolean;
  nativeType?: [string, string[]] | null;
  default?: unknown;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}

export interface DmmfModel {
  name: string;
  dbName: string | null;
  schema?: string | null;
  fields: DmmfField[];
}

export interface DmmfEnum {
  name: string;
  dbName?: string | null;
  values: { name: string; dbName?: string | null }[];
}

export interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  /** @id / @unique on a field rather than @@id / @@unique / @@index on the model. */
  isDefinedOnField?: boolean;
  dbName?: string | null;
  algorithm?: string;
  fields: ({ name: string; sortOrder?: 'asc' | 'desc' } & Record<string, unknown>)[];
}

export interface DmmfDatamodel {
  enums: DmmfEnum[];
  models: DmmfModel[];
  indexes: DmmfIndex[];
}

// ---- A snapshot of the database schema -------------------------------------

export interface DbColumn {
  table: string;
  name: string;
  /** information_schema.columns.data_type, e.g. "text", "ARRAY", "USER-DEFINED". */
  dataType: string;
  /** information_schema.columns.udt_name, e.g. "text", "_text", "OperationPhase". */
  udtName: string;
  /** pg_catalog.format_type(atttypid, atttypmod), e.g. "timestamp(3) with time zone". */
  sqlType: string;
  nullable: boolean;
  /** information_schema.columns.column_default (the default's SQL text), or null. */
  default: string | null;
}

export interface DbIndex {
  table: string;
  name: string;
  /** Column names in index order (an expression's text for an expression column). */
  columns: string[];
  descending: boolean[];
  unique: boolean;
  primary: boolean;
  /** Access method, e.g. "btree". */
  method: string;
  /** WHERE clause of a partial index, or null. */
  predicate: string | null;
}

export type ReferentialAction = 'Cascade' | 'Restrict' | 'NoAction' | 'SetNull' | 'SetDefault';

export interface DbForeignKey {
  table: string;
  name: string;
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
}

export interface DbEnum {
  name: string;
  labels: string[];
}

export interface DbSchema {
  tables: string[];
  columns: DbColumn[];
  indexes: DbIndex[];
  foreignKeys: DbForeignKey[];
  enums: DbEnum[];
}

export interface CompareOptions {
  /** Tables the data model does not describe, e.g. `_prisma_migrations`. */
  ignoreTables?: string[];
}
