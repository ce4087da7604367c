// Lint rules that protect the architecture: domain/ stays pure, no `any`, exhaustive switches.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'eslint.config.mjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A switch over a union names every member (or says `default`), so a new event type, command
      // or error cannot fall through unnoticed where no assertNever was written.
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/projections/**', '**/application/**', '**/adapters/**'],
              message: 'domain/ imports nothing from the other layers',
            },
            {
              group: ['node:*', 'fs', 'http', 'https', 'net', 'crypto', 'better-sqlite3', 'xmlrpc'],
              message: 'domain/ does no I/O',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='Date'][property.name='now']",
          message: 'time arrives in the command',
        },
        {
          selector: 'NewExpression[callee.name="Date"][arguments.length=0]',
          message: 'time arrives in the command',
        },
        { selector: 'ClassDeclaration', message: 'domain/ is plain data and functions' },
      ],
    },
  },
  {
    files: ['projections/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/adapters/**'], message: 'projections/ fold events; they do not touch the world' },
            {
              group: ['**/application/**'],
              message: 'projections/ are read by the application layer, never the other way round',
            },
          ],
        },
      ],
    },
  },
);
