const refusePhaseLiterals = require('../canary-common/eslint/refusePhaseLiterals');

module.exports = refusePhaseLiterals(
  require('@backstage/cli/config/eslint-factory')(__dirname),
);
