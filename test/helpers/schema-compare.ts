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
import {
  defaultConstraintName,
  defaultMatches,
  describeDefault,
  describeType,
  expectedDefault,
  expectedType,
} from './schema-expected';
import type {
  DmmfModel,
  DmmfDatamodel,
  DbIndex,
  ReferentialAction,
  DbSchema,
  CompareOptions,
} from './schema-shapes';

export { normalizeDefault } from './schema-expected';
export type {
  DmmfField,
  DmmfModel,
  DmmfEnum,
  DmmfIndex,
  DmmfDatamodel,
  DbColumn,
  DbIndex,
  ReferentialAction,
  DbForeignKey,
  DbEnum,
  DbSchema,
  CompareOptions,
} from './schema-shapes';


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
  const names = namesOf(datamodel);
  const modelTables = new Set(datamodel.models.map(names.tableOf));
  compareEnums(datamodel, db, names, diffs);
  compareTables(datamodel, db, names, new Set(options.ignoreTables ?? []), diffs);
  compareColumns(datamodel, db, names, modelTables, diffs);
  compareIndexes(expectedIndexes(datamodel, names, diffs), db, modelTables, diffs);
  compareForeignKeys(datamodel, db, names, modelTables, diffs);
  return diffs;
}

/** How the data model names things in the database (@@map, @map, enums' names and values). */
function namesOf(datamodel: DmmfDatamodel) {
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
  return { models, tableOf, columnOf, enumDbName, enumValueDbName };
}

type Names = ReturnType<typeof namesOf>;

function compareEnums(datamodel: DmmfDatamodel, db: DbSchema, { enumDbName }: Names, diffs: string[]): void {
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
}

function compareTables(
  datamodel: DmmfDatamodel,
  db: DbSchema,
  { tableOf }: Names,
  ignored: Set<string>,
  diffs: string[],
): void {
  const dbTables = new Set(db.tables.filter((t) => !ignored.has(t)));
  for (const model of datamodel.models) {
    const table = tableOf(model);
    if (model.schema)
      diffs.push(`model ${model.name} uses schema "${model.schema}", which this comparison does not check`);
    if (!dbTables.has(table)) diffs.push(`table ${q(table)} (model ${model.name}) is missing from the database`);
    dbTables.delete(table);
  }
  for (const extra of dbTables) diffs.push(`table ${q(extra)} is in the database but not in the schema`);
}

function compareColumns(
  datamodel: DmmfDatamodel,
  db: DbSchema,
  { tableOf, enumDbName, enumValueDbName }: Names,
  modelTables: Set<string>,
  diffs: string[],
): void {
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
}

/** Primary keys, unique constraints and indexes the data model declares. */
function expectedIndexes(datamodel: DmmfDatamodel, { models, tableOf, columnOf }: Names, diffs: string[]) {
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
  return expectedIndexes;
}

function compareIndexes(
  expectedIndexes: ExpectedIndex[],
  db: DbSchema,
  modelTables: Set<string>,
  diffs: string[],
): void {
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
}

function compareForeignKeys(
  datamodel: DmmfDatamodel,
  db: DbSchema,
  { models, tableOf, columnOf }: Names,
  modelTables: Set<string>,
  diffs: string[],
): void {
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
}
