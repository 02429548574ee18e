export { PolicyForm } from './PolicyForm';
export type { PolicyFormProps } from './PolicyForm';
export {
  STRATEGY_PRESETS,
  defaultPolicy,
  detectPreset,
  presetTraffic,
} from './policyPresets';
export type { StrategyPreset } from './policyPresets';
