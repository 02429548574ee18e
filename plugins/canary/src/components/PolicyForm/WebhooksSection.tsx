import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import type { PolicySectionProps } from './fieldSpec';
import { PolicyField } from './PolicyField';
import { GATE_FIELDS, LOAD_TEST_FIELDS } from './policyFields';

type OnText = (text: string) => void;

/** The gate checkboxes: which Flagger webhooks the gate URL answers. */
const GATE_CHECKBOXES = [
  ['confirmRollout', 'Confirm rollout'],
  ['confirmTrafficIncrease', 'Confirm traffic increase'],
  ['confirmPromotion', 'Confirm promotion'],
  ['rollback', 'Rollback gate'],
] as const;

/**
 * Section "Webhooks and gates" of the policy form: the load test (commands, timeout, loadtester
 * URL) and the gates (URL, token, which webhooks).
 *
 * Binds the load test commands, kept as typed (one per line, blank lines included) while the
 * policy holds the trimmed list; no command means no load test.
 */
export function WebhooksSection(
  props: PolicySectionProps & { backendGatesUrl?: string },
) {
  const { policy, onChange, backendGatesUrl } = props;
  const loadTest = policy.analysis.loadTest;
  const gates = policy.gates;
  const [commandsText, setCommandsText] = useState(
    (loadTest?.commands ?? []).join('\n'),
  );

  const onCommandsText = (text: string) => {
    setCommandsText(text);
    const commands = text
      .split('\n')
      .map(c => c.trim())
      .filter(Boolean);
    onChange({
      ...policy,
      analysis: {
        ...policy.analysis,
        loadTest: commands.length
          ? { timeoutSeconds: 30, ...loadTest, commands }
          : undefined,
      },
    });
  };

  const chooseBackendGates = () =>
    onChange({
      ...policy,
      gates: {
        confirmPromotion: true,
        rollback: true,
        ...gates,
        url: backendGatesUrl!,
      },
    });

  /** The rows without `set`, by id. */
  const bindings: Record<string, { value: string; onText: OnText }> = {
    'load-test-command': { value: commandsText, onText: onCommandsText },
  };

  return (
    <>
      <Grid item xs={12}>
        <Typography variant="h6">Webhooks and gates</Typography>
      </Grid>
      {LOAD_TEST_FIELDS.map(field => (
        <PolicyField
          key={field.label}
          field={field}
          target={policy}
          onChange={onChange}
          {...bindings[field.id]}
        />
      ))}
      {GATE_FIELDS.map(field => (
        <PolicyField
          key={field.label}
          field={field}
          target={policy}
          onChange={onChange}
        >
          {field.id === 'gate-url' &&
            backendGatesUrl &&
            gates?.url !== backendGatesUrl && (
              <Button size="small" onClick={chooseBackendGates}>
                Use the Canary backend's gates
              </Button>
            )}
        </PolicyField>
      ))}
      <Grid item xs={12} sm={8}>
        {GATE_CHECKBOXES.map(([key, label]) => (
          <FormControlLabel
            key={key}
            label={label}
            control={
              <Checkbox
                checked={Boolean(gates?.[key])}
                disabled={!gates}
                onChange={e =>
                  gates &&
                  onChange({
                    ...policy,
                    gates: { ...gates, [key]: e.target.checked },
                  })
                }
              />
            }
          />
        ))}
      </Grid>
    </>
  );
}
