/**
 * The lint side of "common owns the phases": outside @backstage-canary/plugin-canary-common a
 * Flagger phase name is never a string literal; the product compares phases with `CANARY_PHASE` and
 * the phase predicates of common. The names are those of `CANARY_PHASE` (a test in common keeps
 * both lists equal).
 */

/** Every Flagger phase name, as `CANARY_PHASE` names them. */
const FLAGGER_PHASE_NAMES = [
  'Initializing',
  'Initialized',
  'Waiting',
  'Progressing',
  'WaitingPromotion',
  'Promoting',
  'Finalising',
  'Succeeded',
  'Failed',
  'Terminating',
  'Terminated',
];

/** The `no-restricted-syntax` entry that refuses a phase name as a string literal. */
const PHASE_LITERAL_RESTRICTION = {
  selector: `Literal[value=/^(${FLAGGER_PHASE_NAMES.join('|')})$/]`,
  message:
    'Flagger phase names live in @backstage-canary/plugin-canary-common (CANARY_PHASE, phase predicates such as isRunPhase)',
};

/**
 * A package's ESLint config (from `@backstage/cli/config/eslint-factory`) that also refuses phase
 * literals in its source files, not in tests, test utilities or generated code. The source files
 * keep the package's other `no-restricted-syntax` entries, as errors.
 */
function refusePhaseLiterals(config) {
  const [, ...restrictions] = config.rules['no-restricted-syntax'] ?? [];
  return {
    ...config,
    overrides: [
      ...(config.overrides ?? []),
      {
        files: ['src/**/*.ts', 'src/**/*.tsx'],
        excludedFiles: [
          '**/*.test.*',
          '**/*.stories.*',
          '**/__testUtils__/**',
          '**/__mocks__/**',
          'src/setupTests.*',
          'src/**/generated/**',
        ],
        rules: {
          'no-restricted-syntax': [
            'error',
            ...restrictions,
            PHASE_LITERAL_RESTRICTION,
          ],
        },
      },
    ],
  };
}

module.exports = refusePhaseLiterals;
module.exports.FLAGGER_PHASE_NAMES = FLAGGER_PHASE_NAMES;
module.exports.PHASE_LITERAL_RESTRICTION = PHASE_LITERAL_RESTRICTION;
