import Box from '@material-ui/core/Box';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormLabel from '@material-ui/core/FormLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import type { PolicyTarget } from '@backstage-canary/plugin-canary-common';
import type { StartingPoint } from './startingPoints';

/** Props of {@link EditorToolbar}. */
export type EditorToolbarProps = {
  points: StartingPoint[];
  start: string;
  onStart: (id: string) => void;
  target: PolicyTarget;
  onTarget: (target: PolicyTarget) => void;
};

/** Where the policy starts from and what it is rendered to. */
export const EditorToolbar = (props: EditorToolbarProps) => (
  <Box display="flex" flexWrap="wrap" alignItems="flex-end" style={{ gap: 24 }}>
    <Box minWidth={320}>
      <TextField
        select
        fullWidth
        id="canary-policy-start-from"
        label="Start from"
        value={props.start}
        onChange={e => props.onStart(e.target.value)}
      >
        {props.points.map(p => (
          <MenuItem key={p.id} value={p.id}>
            {p.label}
          </MenuItem>
        ))}
      </TextField>
    </Box>
    <FormControl component="fieldset">
      <FormLabel component="legend">Output</FormLabel>
      <RadioGroup
        row
        aria-label="Output"
        value={props.target}
        onChange={e => props.onTarget(e.target.value as PolicyTarget)}
      >
        <FormControlLabel
          value="kurator"
          control={<Radio color="primary" />}
          label="Kurator Application rollout policy"
        />
        <FormControlLabel
          value="flagger"
          control={<Radio color="primary" />}
          label="Native Flagger Canary"
        />
      </RadioGroup>
    </FormControl>
  </Box>
);
