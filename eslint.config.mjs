import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'sdk/src/gql/**', 'coverage/**', '.caregraph/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  // The offline explorer's browser bundle (gateway/graphiql/build.mjs runs on Node).
  { files: ['gateway/graphiql/*.ts'], languageOptions: { globals: { ...globals.browser } } },
);
