import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import type { RolloutRun } from '@backstage-canary/plugin-canary-common';

/**
 * A run in words, by its number within the canary: "#6 podinfo:6.0.3 · Succeeded · 22 Nov, 01:19".
 * A run that ended without an outcome was superseded by a newer revision.
 */
export function runLabel(run: RolloutRun): string {
  const images = run.images.map(i => i.split('/').pop()).join(', ');
  const outcome = run.outcome ?? (run.endedAt ? 'superseded' : 'running');
  const started = new Date(run.startedAt).toLocaleString();
  return `#${run.number} ${images || run.revision} · ${outcome} · ${started}`;
}

/** Props of {@link RunPicker}. */
export type RunPickerProps = {
  runs: RolloutRun[];
  value?: number;
  onChange: (runId: number) => void;
};

/** Picks one run of a canary; runs are shown by number and picked by id. */
export const RunPicker = ({ runs, value, onChange }: RunPickerProps) => (
  <FormControl variant="outlined" size="small" style={{ minWidth: 320 }}>
    <InputLabel id="canary-run-picker-label">Run</InputLabel>
    <Select
      labelId="canary-run-picker-label"
      label="Run"
      name="run"
      value={value ?? ''}
      onChange={event => onChange(Number(event.target.value))}
    >
      {runs.map(run => (
        <MenuItem key={run.id} value={run.id}>
          {runLabel(run)}
        </MenuItem>
      ))}
    </Select>
  </FormControl>
);
