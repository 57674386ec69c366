// ESLint: typescript-eslint's type-aware rules for everything, and a stricter
// set for workflows/, whose code Temporal replays and so must be deterministic.
// Formatting is Prettier's job: no stylistic rules here.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const REPLAYED =
  'Workflow code is replayed and must do the same on every replay: it imports only @temporalio/workflow, @temporalio/common and the pure modules of workflows/ (relative imports), never Node built-ins, the database, activities/ or src/ (types may come from anywhere).';

// The directions between the layers: workflows take only types from activities/ and src/ (REPLAYED, below);
// activities never reach into the HTTP frame; routes call services, never activities (which the worker runs).
const NOT_THE_API = {
  regex: '(^|/)src/api(/|$)',
  message:
    'Activities never import src/api (the HTTP frame): what both need lives below it, in src/ (e.g. src/unavailable.ts) or in a pure module of workflows/.',
};
const NOT_ACTIVITIES = {
  regex: '(^|/)activities(/|$)',
  message:
    'Only the worker (src/temporal/worker.ts) wires activities in; the API and src/ call a service in src/ (e.g. src/discrepancy/life.ts) that an activity may use too.',
};

// Routes never talk to PostgreSQL themselves: no Prisma client or types imported, no call on the database
// handle they pass to serve() (`db.…`, `deps.db.…`, a transaction's `tx.…`).
const NOT_PRISMA = {
  regex: '(^|/)generated/prisma(/|$)|^@prisma/',
  message:
    'Routes parse, authorise and call a service: the reads and writes through Prisma live in a service of src/ (e.g. src/missing-person/finding-service.ts).',
};
const NO_QUERIES = [
  "MemberExpression[object.name='db']",
  "MemberExpression[object.name='tx']",
  "MemberExpression[object.property.name='db']",
].map((selector) => ({
  selector,
  message:
    'Routes never query the database: a service of src/ does (e.g. src/missing-person/finding-service.ts), and the route calls it.',
}));

// One writer per kind of row (issue 21): a missing person's family contacts and case history are written by
// their modules only, whether through Prisma or by SQL.
const ONE_WRITER_ROWS = [
  ['familyContact', 'FamilyContact', 'src/missing-person/contact-rows.ts'],
  ['missingPersonEvent', 'MissingPersonEvent', 'src/missing-person/case-events.ts'],
];
const WRITES = '/^(create|createMany|createManyAndReturn|update|updateMany|upsert|delete|deleteMany)$/';
const writesOf = ([model, table, writer]) => {
  const message = `${table} rows have one writer: call ${writer}, which says how they are stored and keeps their idempotency.`;
  const sql = `/(INSERT INTO|UPDATE|DELETE FROM)\\s+"${table}"/`;
  return [
    {
      selector: `CallExpression > MemberExpression.callee[property.name=${WRITES}][object.property.name='${model}']`,
      message,
    },
    { selector: `TemplateElement[value.raw=${sql}]`, message },
    { selector: `Literal[value=${sql}]`, message },
  ];
};
const WRITERS = ONE_WRITER_ROWS.map(([, , writer]) => writer);
// Everywhere the writes of every such row are refused; in a writer module, those of the other rows.
const ONE_WRITER = [
  { files: ['src/**/*.ts', 'activities/**/*.ts'], ignores: WRITERS, refused: ONE_WRITER_ROWS },
  ...WRITERS.map((writer) => ({ files: [writer], refused: ONE_WRITER_ROWS.filter((row) => row[2] !== writer) })),
].map(({ refused, ...where }) => ({
  ...where,
  rules: { 'no-restricted-syntax': ['error', ...refused.flatMap(writesOf)] },
}));

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'src/generated/',
      'app/dist/',
      '.data/',
      '.tools/',
      'reports/',
      'coverage/',
      'bench/results/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // An unused parameter or binding named with a leading underscore is kept on purpose (Express's error
      // handler needs its fourth parameter; a destructuring drops a field).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // `async` without `await` is how a function promises its interface's Promise (codecs, handlers); the hazards
      // that matter, promises dropped or passed where none is awaited, are no-floating-promises and no-misused-promises.
      '@typescript-eslint/require-await': 'off',
      // The project hands its objects' `stop`/`close` closures around (stops.push(pg.stop)); they use no `this`,
      // and the rule cannot tell them from class methods.
      '@typescript-eslint/unbound-method': 'off',
      // `try { … } catch {}` is how "try it, else go on" reads in set-up code.
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    // Tests and benchmarks read answers parsed from JSON (supertest's `res.body`, fetch's `json()`), which are
    // `any` by design: their assertions are what check them.
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Issue 21's limits, counted in real lines (blank lines and comments included): a file a newcomer can read
    // and a function that fits on a screen or two. Generated code is exempt.
    files: [
      'src/**/*.ts',
      'workflows/**/*.ts',
      'activities/**/*.ts',
      'app/src/**/*.{ts,tsx}',
      'test/**/*.ts',
      'bench/**/*.ts',
      'scripts/**/*.{ts,js,mjs}',
    ],
    ignores: ['src/generated/**', 'src/client/api-types.ts'],
    rules: {
      'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }],
      'max-lines-per-function': ['error', { max: 120, skipBlankLines: false, skipComments: false }],
    },
  },
  {
    files: ['activities/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [NOT_THE_API] }] },
  },
  {
    // src/ may name an activity's types; only the worker imports the activities themselves, and
    // `npm run reconcile`, which runs the workflows' record writes again after a restore.
    files: ['src/**/*.ts'],
    ignores: ['src/temporal/worker.ts', 'src/main/reconcile.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ ...NOT_ACTIVITIES, allowTypeImports: true }] },
      ],
    },
  },
  ...ONE_WRITER,
  {
    // Routes parse, authorise and call a service: nothing of activities/, not even its types, and no Prisma.
    files: ['src/api/routes/*.ts', 'src/*/routes.ts', 'src/*/*-routes.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [NOT_ACTIVITIES, NOT_PRISMA] }],
      'no-restricted-syntax': ['error', ...NO_QUERIES],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          // Everything but @temporalio/workflow, @temporalio/common and modules of workflows/ (./x, ../shared/x).
          patterns: [
            { regex: '^(?!@temporalio/(workflow|common)(/|$)|\\./|\\.\\./(?!\\.\\./))', message: REPLAYED, allowTypeImports: true },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['process', 'require', 'Buffer', '__dirname', '__filename', 'fetch', 'crypto', 'performance'].map(
          (name) => ({
            name,
            message: `${name} is outside the workflow sandbox or differs between replays. ${REPLAYED}`,
          }),
        ),
        ...['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate'].map(
          (name) => ({
            name,
            message: `Wait with sleep() or condition() from @temporalio/workflow, not ${name}: a timer is a command in history.`,
          }),
        ),
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Read the time through workflowNow() or nowIso() from ./time.' },
        {
          object: 'Math',
          property: 'random',
          message:
            'Use uuid4() from @temporalio/workflow, or derive values from the input: randomness is not replayed.',
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'ImportExpression', message: `No dynamic import in workflow code. ${REPLAYED}` },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Read the time through workflowNow() or nowIso() from ./time, the one place that asks `new Date()`.',
        },
      ],
    },
  },
  {
    // workflows/index.ts and its siblings: one level up is outside workflows/.
    files: ['workflows/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!@temporalio/(workflow|common)(/|$)|\\./)', message: REPLAYED, allowTypeImports: true }] },
      ],
    },
  },
  {
    files: ['workflows/shared/time.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // Workflow update validators: @temporalio/workflow types their arguments `any[]` (setHandler infers `Args`
    // from the definition's constraint), so each validator's arguments are `any` in the rules they are passed to.
    // The handlers themselves are typed.
    files: ['workflows/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-argument': 'off' },
  },
  {
    // The field app: a Preact handler's return value is ignored, so an async one is fine where it reports
    // its own failures; a promise dropped anywhere else is still caught by no-floating-promises.
    files: ['app/src/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }] },
  },
  {
    // Plain files run by Node (jest.config.js, scripts/setup.js, vite.config.mts): not in a tsconfig, no types to check.
    files: ['**/*.js', '**/*.cjs', '**/*.mjs', '**/*.mts'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node, sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.mts'],
    languageOptions: { sourceType: 'module' },
  },
);
