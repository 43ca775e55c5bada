import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['node_modules/', 'web/dist/', 'bench/results/', '.onemap*/', 'scratch/', 'coverage/', '**/*.generated.*'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through server/config/config.ts only.' }],
    },
  },
  {
    files: ['server/config/config.ts', 'test/**', 'bench/**', 'scripts/**', 'vitest.config.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
)
