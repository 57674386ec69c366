/**
 * What `prisma migrate` would create on PostgreSQL for a field or an index of
 * the data model: the column's type, its default, a constraint's default name.
 * Read by ./schema-compare.ts.
 */
import type { DmmfField } from './schema-shapes';

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

export function expectedType(field: DmmfField, enumDbName: (name: string) => string): ExpectedType | undefined {
  let t: ExpectedType | undefined;
  if (field.kind === 'enum') t = { dataType: 'USER-DEFINED', udtName: enumDbName(field.type) };
  else if (field.nativeType) t = nativeType(field.nativeType[0], field.nativeType[1]);
  else t = DEFAULT_TYPES[field.type];
  if (!t || !field.isList) return t;
  return { dataType: 'ARRAY', udtName: `_${t.udtName}`, sqlType: t.sqlType && `${t.sqlType}[]` };
}

export const describeType = (t: { dataType: string; udtName: string; sqlType?: string }) =>
  t.sqlType ? `${t.sqlType} (${t.dataType}/${t.udtName})` : `${t.dataType}/${t.udtName}`;

// ---- Expected defaults --------------------------------------------------------

export type ExpectedDefault =
  | { kind: 'none' }
  | { kind: 'sql'; accept: string[]; text: string }
  | { kind: 'pattern'; pattern: RegExp; text: string }
  | { kind: 'unverifiable'; text: string };

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

export function expectedDefault(
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

export function defaultMatches(expected: ExpectedDefault, actual: string | null): boolean {
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

export const describeDefault = (d: ExpectedDefault) => (d.kind === 'none' ? 'no default' : `default ${d.text}`);

// ---- Prisma's default constraint names ----------------------------------------

const POSTGRES_MAX_IDENTIFIER = 63;

export function defaultConstraintName(table: string, columns: string[], suffix: '_pkey' | '_key' | '_idx'): string {
  let name = suffix === '_pkey' ? table : [table, ...columns].join('_');
  const room = POSTGRES_MAX_IDENTIFIER - suffix.length;
  if (name.length > room) name = name.slice(0, room);
  return `${name}${suffix}`;
}
