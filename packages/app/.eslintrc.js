module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  overrides: [
    {
      // End-to-end tests run in Node beside the browser: they drive the fleet lab (its CLI and its
      // clusters, through the backend's test helpers), so Node built-ins and those helpers are allowed.
      files: ['e2e-tests/**'],
      rules: {
        'no-restricted-imports': 'off',
        '@backstage/no-relative-monorepo-imports': 'off',
      },
    },
  ],
});
