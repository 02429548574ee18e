import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import type { PolicySectionProps, StepMode } from './fieldSpec';
import { PolicyField } from './PolicyField';
import { MATCH_FIELDS, STRATEGY_FIELDS } from './strategyFields';
import { presetTraffic, type StrategyPreset } from './policyPresets';

type OnText = (text: string) => void;

const parseWeights = (text: string): number[] =>
  text
    .split(',')
    .map(s => s.trim())
    .filter(Boolean)
    .map(Number);

/**
 * Section "Strategy" of the policy form: the preset, iterations or steps, and the A/B match.
 *
 * Binds the two fields that are not plain properties: the preset (choosing one replaces the whole
 * traffic block) and the step weights, kept as typed ("5, 10,") while the policy holds the parsed
 * list. The step mode is the form's (it decides which issues the fields show), hence a prop.
 */
export function StrategySection(
  props: PolicySectionProps & {
    steps: StepMode;
    onStepsChange: (steps: StepMode) => void;
  },
) {
  const { policy, onChange, onStepsChange } = props;
  const [weightsText, setWeightsText] = useState(
    (policy.traffic.stepWeights ?? []).join(', '),
  );

  const applyPreset = (next: StrategyPreset) => {
    const traffic = presetTraffic(next);
    onStepsChange('list');
    setWeightsText((traffic.stepWeights ?? []).join(', '));
    onChange({ ...policy, traffic });
  };

  const toggleSteps = () => {
    const { stepWeight, stepWeights, maxWeight, ...rest } = policy.traffic;
    if (props.steps === 'list') {
      onStepsChange('fixed');
      onChange({
        ...policy,
        traffic: { ...rest, stepWeight: 10, maxWeight: 50 },
      });
    } else {
      onStepsChange('list');
      const weights = presetTraffic('canary').stepWeights ?? [];
      setWeightsText(weights.join(', '));
      onChange({ ...policy, traffic: { ...rest, stepWeights: weights } });
    }
  };

  const onWeightsText = (text: string) => {
    setWeightsText(text);
    onChange({
      ...policy,
      traffic: { ...policy.traffic, stepWeights: parseWeights(text) },
    });
  };

  /** The rows without `set`, by id. */
  const bindings: Record<string, { value?: string; onText: OnText }> = {
    strategy: { onText: text => applyPreset(text as StrategyPreset) },
    'step-weights': { value: weightsText, onText: onWeightsText },
  };

  return (
    <>
      <Grid item xs={12}>
        <Typography variant="h6">Strategy</Typography>
      </Grid>
      {STRATEGY_FIELDS.map(field => (
        <PolicyField
          key={field.label}
          field={field}
          target={policy}
          onChange={onChange}
          {...bindings[field.id]}
        />
      ))}
      {policy.traffic.iterations === undefined && (
        <Grid item xs={12}>
          <Button size="small" onClick={toggleSteps}>
            {props.steps === 'list'
              ? 'Use one step weight up to a max weight'
              : 'Use a list of step weights'}
          </Button>
        </Grid>
      )}
      {MATCH_FIELDS.map(field => (
        <PolicyField
          key={field.label}
          field={field}
          target={policy}
          onChange={onChange}
        />
      ))}
    </>
  );
}
