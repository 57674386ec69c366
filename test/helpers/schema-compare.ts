/**
 * Pure comparison of a Prisma data model (the DMMF that
 * `@prisma/prisma-schema-wasm`'s `get_dmmf` returns for prisma/schema/*.prisma)
 * with a snapshot of a PostgreSQL schema (read by the caller from
 * information_schema / pg_catalog). No I/O here: `compareSchema` returns a
 * list of human-readable differences, empty when the two agree.
 *
 * What it expects of the database is what `prisma migrate` would create for
 * the schema on PostgreSQL:
 * - tables and columns named by @@map / @map or else the model / field name;
 * - Prisma's default native types (String → text, Int → integer,
 *   DateTime → timestamp(3), ...) unless a @db.* attribute says otherwise;
 * - NOT NULL for required fields; scalar lists (String[]) are always nullable
 *   columns, as Prisma creates them;
 * - database defaults only for now(), autoincrement(), dbgenerated(), literals
 *   and enum values: @default(uuid()/cuid()/nanoid()/ulid()) and @updatedAt are
 *   filled in by the Prisma client, so the column has no default;
 * - primary keys, unique and normal indexes with Prisma's default names
 *   (<table>_pkey, <table>_<columns>_key, <table>_<columns>_idx) unless mapped;
 * - foreign keys with Prisma's default referential actions (onDelete Restrict
 *   for a required relation, SetNull for an optional one; onUpdate Cascade).
 *   Foreign keys are matched by their columns, not by name: the DMMF does not
 *   carry a relation's `map:` name.
 * Anything it cannot check (e.g. an unusual default or native type) is
 * reported as a difference too, so that it never passes silently.
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

// ---- Expected PostgreSQL types ----------------------------------------------

interface ExpectedType {
  dataType: string;
  udtName: string;
  /** format_type() text; undefined where it is not worth predicting (enums). */
  sqlType?: string;
}

const base = (dataType: string, udtName: string, sqlType = dataType): ExpectedType => ({ dataType, udtName, sqlType });

/** Prisma's PostgreSQL type for a scalar without a @db.* attribute. */
const DEFAULT_TYPES: Record<string, ExpectedType> = {
  String: base('text', 'text'),
  Int: base('integer', 'int4'),
  BigInt: base('bigint', 'int8'),
  Float: base('double precision', 'float8'),
  Decimal: base('numeric', 'numeric', 'numeric(65,30)'),
  Boolean: base('boolean', 'bool'),
  DateTime: base('timestamp without time zone', 'timestamp', 'timestamp(3) without time zone'),
  Json: base('jsonb', 'jsonb'),
  Bytes: base('bytea', 'bytea'),
};

const withArg = (name: string, args: string[], suffix = '') =>
  args.length ? `${name}(${args.join(',')})${suffix}` : `${name}${suffix}`;

/** The PostgreSQL type of a @db.* native type. */
function nativeType(name: string, args: string[]): ExpectedType | undefined {
  switch (name) {
    case 'Text':
      return base('text', 'text');
    case 'VarChar':
      return base('character varying', 'varchar', withArg('character varying', args));
    case 'Char':
      return base('character', 'bpchar', withArg('character', args.length ? args : ['1']));
    case 'Uuid':
      return base('uuid', 'uuid');
    case 'Xml':
      return base('xml', 'xml');
    case 'Inet':
      return base('inet', 'inet');
    case 'Citext':
      return { dataType: 'USER-DEFINED', udtName: 'citext', sqlType: 'citext' };
    case 'Bit':
      return base('bit', 'bit', withArg('bit', args.length ? args : ['1']));
    case 'VarBit':
      return base('bit varying', 'varbit', withArg('bit varying', args));
    case 'SmallInt':
      return base('smallint', 'int2');
    case 'Integer':
      return base('integer', 'int4');
    case 'Oid':
      return base('oid', 'oid');
    case 'BigInt':
      return base('bigint', 'int8');
    case 'DoublePrecision':
      return base('double precision', 'float8');
    case 'Real':
      return base('real', 'float4');
    case 'Decimal':
      return base('numeric', 'numeric', withArg('numeric', args));
    case 'Money':
      return base('money', 'money');
    case 'Boolean':
      return base('boolean', 'bool');
    case 'Timestamp':
      return base('timestamp without time zone', 'timestamp', withArg('timestamp', args, ' without time zone'));
    case 'Timestamptz':
      return base('timestamp with time zone', 'timestamptz', withArg('timestamp', args, ' with time zone'));
    case 'Date':
      return base('date', 'date');
    case 'Time':
      return base('time without time zone', 'time', withArg('time', args, ' without time zone'));
    case 'Timetz':
      return base('time with time zone', 'timetz', withArg('time', args, ' with time zone'));
    case 'Json':
      return base('json', 'json');
    case 'JsonB':
      return base('jsonb', 'jsonb');
    case 'ByteA':
      return base('bytea', 'bytea');
    default:
      return undefined;
  }
}

function expectedType(field: DmmfField, enumDbName: (name: string) => string): ExpectedType | undefined {
  let t: ExpectedType | undefined;
  if (field.kind === 'enum') t = { dataType: 'USER-DEFINED', udtName: enumDbName(field.type) };
  else if (field.nativeType) t = nativeType(field.nativeType[0], field.nativeType[1]);
  else t = DEFAULT_TYPES[field.type];
  if (!t || !field.isList) return t;
  return { dataType: 'ARRAY', udtName: `_${t.udtName}`, sqlType: t.sqlType && `${t.sqlType}[]` };
}

const describeType = (t: { dataType: string; udtName: string; sqlType?: string }) =>
  t.sqlType ? `${t.sqlType} (${t.dataType}/${t.udtName})` : `${t.dataType}/${t.udtName}`;

// ---- Expected defaults --------------------------------------------------------

type ExpectedDefault =
  | { kind: 'none' }
  | { kind: 'sql'; accept: string[]; text: string }
  | { kind: 'pattern'; pattern: RegExp; text: string }
  | { kind: 'unverifiable'; text: string };

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

function expectedDefault(
  field: DmmfField,
  enumValueDbName: (enumName: string, value: string) => string,
): ExpectedDefault {
  const d = field.default;
  if (d === undefined || d === null) return { kind: 'none' };
  if (typeof d === 'object' && !Array.isArray(d) && 'name' in d) {
    const fn = d as { name: string; args: unknown[] };
    switch (fn.name) {
      case 'now':
        return { kind: 'sql', accept: ['CURRENT_TIMESTAMP', 'now()'], text: 'CURRENT_TIMESTAMP' };
      case 'autoincrement':
        return { kind: 'pattern', pattern: /^nextval\(/, text: 'nextval(<sequence>)' };
      case 'dbgenerated':
        return fn.args.length
          ? { kind: 'sql', accept: [String(fn.args[0])], text: String(fn.args[0]) }
          : { kind: 'none' };
      case 'uuid':
      case 'cuid':
      case 'nanoid':
      case 'ulid':
        return { kind: 'none' }; // generated by the Prisma client
      default:
        return { kind: 'unverifiable', text: `${fn.name}()` };
    }
  }
  if (Array.isArray(d)) {
    return d.length === 0
      ? { kind: 'sql', accept: ['ARRAY[]'], text: 'ARRAY[]' }
      : { kind: 'unverifiable', text: JSON.stringify(d) };
  }
  if (field.kind === 'enum' && typeof d === 'string') {
    const literal = sqlString(enumValueDbName(field.type, d));
    return { kind: 'sql', accept: [literal], text: literal };
  }
  if (typeof d === 'string' && field.type === 'String')
    return { kind: 'sql', accept: [sqlString(d)], text: sqlString(d) };
  if (typeof d === 'number' || typeof d === 'boolean') {
    const text = String(d);
    return { kind: 'sql', accept: [text, sqlString(text), `(${text})`], text };
  }
  return { kind: 'unverifiable', text: JSON.stringify(d) };
}

/** A default's SQL text without its type casts and redundant spacing: `'PLANNED'::"OperationPhase"` → `'PLANNED'`. */
export function normalizeDefault(sql: string): string {
  let s = sql.trim();
  const cast = /::(?:"[^"]+"|[a-z_][a-z0-9_ ]*?)(?:\(\d+(?:,\s*\d+)?\))?(?:\[\])*$/i;
  while (cast.test(s)) s = s.replace(cast, '').trim();
  const parenthesised = /^\(([^()]*)\)$/.exec(s); // (-5) → -5
  if (parenthesised) s = parenthesised[1].trim();
  return s.replace(/\s+/g, ' ');
}

function defaultMatches(expected: ExpectedDefault, actual: string | null): boolean {
  switch (expected.kind) {
    case 'none':
      return actual === null;
    case 'sql':
      if (actual === null) return false;
      return expected.accept.some((a) => normalizeDefault(a) === normalizeDefault(actual));
    case 'pattern':
      return actual !== null && expected.pattern.test(actual);
    case 'unverifiable':
      return false;
  }
}

const describeDefault = (d: ExpectedDefault) => (d.kind === 'none' ? 'no default' : `default ${d.text}`);

// ---- Prisma's default constraint names ----------------------------------------

const POSTGRES_MAX_IDENTIFIER = 63;

function defaultConstraintName(table: string, columns: string[], suffix: '_pkey' | '_key' | '_idx'): string {
  let name = suffix === '_pkey' ? table : [table, ...columns].join('_');
  const room = POSTGRES_MAX_IDENTIFIER - suffix.length;
  if (name.length > room) name = name.slice(0, room);
  return `${name}${suffix}`;
}

// ---- The comparison ------------------------------------------------------------

const q = (name: string) => `"${name}"`;
const col = (table: string, column: string) => `${q(table)}.${q(column)}`;
const list = (columns: string[]) => `(${columns.map(q).join(', ')})`;
const sameList = <T>(a: T[], b: T[]) => a.length === b.length && a.every((x, i) => x === b[i]);

interface ExpectedIndex {
  table: string;
  name: string;
  columns: string[];
  descending: boolean[];
  unique: boolean;
  primary: boolean;
  method: string;
  label: string;
}

interface ExpectedForeignKey {
  table: string;
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
}

const indexKind = (i: { primary: boolean; unique: boolean }) =>
  i.primary ? 'primary key' : i.unique ? 'unique index' : 'index';

/** Every difference between the data model and the database, as sentences; empty when they agree. */
export function compareSchema(datamodel: DmmfDatamodel, db: DbSchema, options: CompareOptions = {}): string[] {
  const diffs: string[] = [];
  const ignored = new Set(options.ignoreTables ?? []);

  const models = new Map(datamodel.models.map((m) => [m.name, m]));
  const enums = new Map(datamodel.enums.map((e) => [e.name, e]));
  const tableOf = (model: DmmfModel) => model.dbName ?? model.name;
  const columnOf = (model: DmmfModel, fieldName: string) => {
    const field = model.fields.find((f) => f.name === fieldName);
    return field?.dbName ?? fieldName;
  };
  const enumDbName = (name: string) => enums.get(name)?.dbName ?? name;
  const enumValueDbName = (enumName: string, value: string) =>
    enums.get(enumName)?.values.find((v) => v.name === value)?.dbName ?? value;

  // Enums
  const dbEnums = new Map(db.enums.map((e) => [e.name, e]));
  for (const e of datamodel.enums) {
    const name = enumDbName(e.name);
    const labels = e.values.map((v) => v.dbName ?? v.name);
    const actual = dbEnums.get(name);
    if (!actual) {
      diffs.push(`enum ${q(name)} is missing from the database (schema: ${labels.join(', ')})`);
    } else if (!sameList(actual.labels, labels)) {
      diffs.push(`enum ${q(name)} has values ${actual.labels.join(', ')}; schema expects ${labels.join(', ')}`);
    }
    dbEnums.delete(name);
  }
  for (const extra of dbEnums.values()) {
    diffs.push(`enum ${q(extra.name)} (${extra.labels.join(', ')}) is in the database but not in the schema`);
  }

  // Tables
  const dbTables = new Set(db.tables.filter((t) => !ignored.has(t)));
  for (const model of datamodel.models) {
    const table = tableOf(model);
    if (model.schema)
      diffs.push(`model ${model.name} uses schema "${model.schema}", which this comparison does not check`);
    if (!dbTables.has(table)) diffs.push(`table ${q(table)} (model ${model.name}) is missing from the database`);
    dbTables.delete(table);
  }
  for (const extra of dbTables) diffs.push(`table ${q(extra)} is in the database but not in the schema`);

  // Columns
  const modelTables = new Set(datamodel.models.map(tableOf));
  const dbColumns = new Map(db.columns.filter((c) => modelTables.has(c.table)).map((c) => [`${c.table}.${c.name}`, c]));
  for (const model of datamodel.models) {
    const table = tableOf(model);
    if (!db.tables.includes(table)) continue; // already reported
    for (const field of model.fields) {
      if (field.kind === 'object') continue;
      const column = field.dbName ?? field.name;
      const where = `column ${col(table, column)} (${model.name}.${field.name})`;
      const actual = dbColumns.get(`${table}.${column}`);
      dbColumns.delete(`${table}.${column}`);
      if (!actual) {
        diffs.push(`${where} is missing from the database`);
        continue;
      }
      const type = expectedType(field, enumDbName);
      if (!type) {
        diffs.push(`${where}: cannot check type ${field.type}${field.nativeType ? ` @db.${field.nativeType[0]}` : ''}`);
      } else if (
        actual.dataType !== type.dataType ||
        actual.udtName !== type.udtName ||
        (type.sqlType !== undefined && actual.sqlType !== type.sqlType)
      ) {
        diffs.push(`${where} has type ${describeType(actual)}; schema expects ${describeType(type)}`);
      }
      const nullable = field.isList || !field.isRequired;
      if (actual.nullable !== nullable) {
        diffs.push(
          `${where} is ${actual.nullable ? 'nullable' : 'NOT NULL'}; schema expects ${nullable ? 'nullable' : 'NOT NULL'}`,
        );
      }
      const def = field.isUpdatedAt ? ({ kind: 'none' } as const) : expectedDefault(field, enumValueDbName);
      if (def.kind === 'unverifiable') {
        diffs.push(`${where}: cannot check default ${def.text}`);
      } else if (!defaultMatches(def, actual.default)) {
        diffs.push(
          `${where} has ${actual.default === null ? 'no default' : `default ${actual.default}`}; schema expects ${describeDefault(def)}`,
        );
      }
    }
  }
  for (const extra of dbColumns.values()) {
    diffs.push(`column ${col(extra.table, extra.name)} is in the database but not in the schema`);
  }

  // Primary keys, unique constraints and indexes
  const expectedIndexes: ExpectedIndex[] = [];
  for (const index of datamodel.indexes) {
    const model = models.get(index.model);
    if (!model) continue;
    const table = tableOf(model);
    const columns = index.fields.map((f) => columnOf(model, f.name));
    const attribute = `${index.isDefinedOnField ? '@' : '@@'}${index.type === 'normal' ? 'index' : index.type}`;
    const label = `${attribute} on ${model.name}${list(index.fields.map((f) => f.name))}`;
    if (index.type === 'fulltext') {
      diffs.push(`${label}: cannot check a fulltext index on PostgreSQL`);
      continue;
    }
    for (const f of index.fields) {
      const unknown = Object.keys(f).filter((k) => k !== 'name' && k !== 'sortOrder');
      if (unknown.length) diffs.push(`${label}: cannot check field options ${unknown.join(', ')}`);
    }
    const suffix = index.type === 'id' ? '_pkey' : index.type === 'unique' ? '_key' : '_idx';
    expectedIndexes.push({
      table,
      name: index.dbName ?? defaultConstraintName(table, columns, suffix),
      columns,
      descending: index.fields.map((f) => f.sortOrder === 'desc'),
      unique: index.type !== 'normal',
      primary: index.type === 'id',
      method: (index.algorithm ?? 'BTree').toLowerCase(),
      label,
    });
  }
  const dbIndexes = db.indexes.filter((i) => modelTables.has(i.table));
  const unmatched = new Set(dbIndexes);
  const sameShape = (e: ExpectedIndex, a: DbIndex) =>
    e.table === a.table && sameList(e.columns, a.columns) && e.unique === a.unique && e.primary === a.primary;
  for (const e of expectedIndexes) {
    const what = `${indexKind(e)} ${q(e.name)} on ${q(e.table)}${list(e.columns)} (${e.label})`;
    let actual = dbIndexes.find((a) => a.table === e.table && a.name === e.name && unmatched.has(a));
    if (!actual) {
      const renamed = dbIndexes.find((a) => unmatched.has(a) && sameShape(e, a));
      if (renamed) {
        diffs.push(`${what} is named ${q(renamed.name)} in the database`);
        actual = renamed;
      } else {
        diffs.push(`${what} is missing from the database`);
        continue;
      }
    }
    unmatched.delete(actual);
    const sameColumns = sameList(actual.columns, e.columns);
    if (!sameColumns) {
      diffs.push(`${what} covers ${list(actual.columns)} in the database`);
    }
    if (actual.primary !== e.primary || actual.unique !== e.unique) {
      diffs.push(
        `${what} is a${actual.primary ? ' primary key' : actual.unique ? ' unique index' : 'n index'} in the database`,
      );
    }
    if (sameColumns && !sameList(actual.descending, e.descending)) {
      const order = (d: boolean[]) => d.map((x) => (x ? 'DESC' : 'ASC')).join(', ');
      diffs.push(
        `${what} has sort order ${order(actual.descending)} in the database; schema expects ${order(e.descending)}`,
      );
    }
    if (actual.method !== e.method) {
      diffs.push(`${what} uses ${actual.method} in the database; schema expects ${e.method}`);
    }
    if (actual.predicate !== null) {
      diffs.push(`${what} is partial (WHERE ${actual.predicate}) in the database`);
    }
  }
  for (const extra of unmatched) {
    diffs.push(
      `${indexKind(extra)} ${q(extra.name)} on ${q(extra.table)}${list(extra.columns)} is in the database but not in the schema`,
    );
  }

  // Foreign keys
  const expectedFks: ExpectedForeignKey[] = [];
  for (const model of datamodel.models) {
    for (const field of model.fields) {
      if (field.kind !== 'object' || !field.relationFromFields?.length) continue;
      const target = models.get(field.type);
      if (!target) continue;
      expectedFks.push({
        table: tableOf(model),
        columns: field.relationFromFields.map((f) => columnOf(model, f)),
        referencedTable: tableOf(target),
        referencedColumns: (field.relationToFields ?? []).map((f) => columnOf(target, f)),
        onDelete:
          (field.relationOnDelete as ReferentialAction | undefined) ?? (field.isRequired ? 'Restrict' : 'SetNull'),
        onUpdate: (field.relationOnUpdate as ReferentialAction | undefined) ?? 'Cascade',
      });
    }
  }
  const dbFks = new Set(db.foreignKeys.filter((f) => modelTables.has(f.table)));
  for (const e of expectedFks) {
    const what = `foreign key ${q(e.table)}${list(e.columns)} → ${q(e.referencedTable)}${list(e.referencedColumns)}`;
    const actual = [...dbFks].find((a) => a.table === e.table && sameList(a.columns, e.columns));
    if (!actual) {
      diffs.push(`${what} is missing from the database`);
      continue;
    }
    dbFks.delete(actual);
    if (actual.referencedTable !== e.referencedTable || !sameList(actual.referencedColumns, e.referencedColumns)) {
      diffs.push(`${what} references ${q(actual.referencedTable)}${list(actual.referencedColumns)} in the database`);
    }
    if (actual.onDelete !== e.onDelete) {
      diffs.push(`${what} has ON DELETE ${actual.onDelete} in the database; schema expects ${e.onDelete}`);
    }
    if (actual.onUpdate !== e.onUpdate) {
      diffs.push(`${what} has ON UPDATE ${actual.onUpdate} in the database; schema expects ${e.onUpdate}`);
    }
  }
  for (const extra of dbFks) {
    diffs.push(
      `foreign key ${q(extra.name)} ${q(extra.table)}${list(extra.columns)} → ${q(extra.referencedTable)}${list(extra.referencedColumns)} is in the database but not in the schema`,
    );
  }

  return diffs;
}
