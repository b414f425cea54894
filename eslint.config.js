// Lint: typescript-eslint's strict type-aware rules, React hooks rules for the Ink components,
// vitest's rules for the tests. Exceptions are listed with the reason, rule by rule.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import vitest from '@vitest/eslint-plugin';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'dbt/', '.c360/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // tsconfig has noUncheckedIndexedAccess: every rows[0] / match[1] is possibly undefined, and
      // `!` after a length or regex check is how the code states the invariant it just checked.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Numbers and booleans in messages and SQL text print as expected.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // Warehouse rows are typed SqlValue (a JSON-like union), so String(row.n) on a scalar column
      // looks like a possible "[object Object]" to this rule; it is the project's conversion idiom.
      '@typescript-eslint/no-base-to-string': 'off',
      // `(x) => print(x)` as a callback and `return done()` in a void function are clear; a void value
      // used anywhere else is still an error.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true }],
      // `{ data: _data, ...rest }` and `_unused` parameters say "deliberately left out".
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // The two rules of hooks. The plugin's React Compiler rules (refs read during render, setState in
    // an effect) are for code compiled by React Compiler, which this project does not use.
    files: ['**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    files: ['test/**/*.ts', 'test/**/*.tsx'],
    ...vitest.configs.recommended,
    rules: {
      ...vitest.configs.recommended.rules,
      // expect(value, message): vitest's second argument names the failing case.
      'vitest/valid-expect': ['error', { maxArgs: 2 }],
      // Stand-in backends and runners implement async interfaces without awaiting anything.
      '@typescript-eslint/require-await': 'off',
      // `await server?.close()` in afterAll guards against a beforeAll that failed half-way.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // vitest's asymmetric matchers (expect.any(String), ...) are typed any.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      'vitest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expectUserError', 'expectCleanError'] }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', URL: 'readonly', module: 'writable', require: 'readonly' },
    },
  },
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
