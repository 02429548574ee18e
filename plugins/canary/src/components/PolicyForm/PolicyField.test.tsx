import { fireEvent, render, screen } from '@testing-library/react';
import type { PolicyIssue } from '@backstage-canary/plugin-canary-common';
import type { FieldSpec } from './fieldSpec';
import {
  PolicyField,
  PolicyFieldContext,
  type PolicyFieldContextValue,
} from './PolicyField';

type Item = { count?: number; note?: string; locked?: boolean };

const countField: FieldSpec<Item> = {
  id: 'item-#-count',
  label: 'Count',
  kind: 'number',
  grid: { xs: 12 },
  paths: ['items[#].count'],
  get: t => t.count,
  set: (t, count) => (t.locked ? t : { ...t, count }),
};

const noteField: FieldSpec<Item> = {
  id: 'note',
  label: 'Note',
  kind: 'text',
  help: 'Anything worth knowing.',
  grid: { xs: 12 },
  paths: ['note'],
  shown: t => !t.locked,
  get: t => t.note,
  set: (t, note) => ({ ...t, note }),
};

const issue = (
  path: string,
  message: string,
  severity: 'error' | 'warning',
): PolicyIssue => ({ path, message, severity } as PolicyIssue);

function renderField(
  field: FieldSpec<Item>,
  target: Item,
  context: Partial<PolicyFieldContextValue> = {},
  index?: number,
) {
  const onChange = jest.fn();
  render(
    <PolicyFieldContext.Provider
      value={{ idPrefix: 'form', issues: [], steps: 'list', ...context }}
    >
      <PolicyField
        field={field}
        target={target}
        index={index}
        onChange={onChange}
      />
    </PolicyFieldContext.Provider>,
  );
  return onChange;
}

describe('PolicyField', () => {
  it('labels the input and puts the metric index in its id', () => {
    renderField(countField, { count: 3 }, {}, 2);
    const input = screen.getByLabelText('Count');
    expect(input).toHaveAttribute('id', 'form-item-2-count');
    expect(input).toHaveAttribute('type', 'number');
    expect(input).toHaveValue(3);
  });

  it('reads numbers, an empty input as undefined', () => {
    const onChange = renderField(countField, { count: 3 });
    const input = screen.getByLabelText('Count');
    fireEvent.change(input, { target: { value: '42' } });
    expect(onChange).toHaveBeenLastCalledWith({ count: 42 });
    fireEvent.change(input, { target: { value: '' } });
    expect(onChange).toHaveBeenLastCalledWith({ count: undefined });
  });

  it('does not call onChange when the row leaves the object as it is', () => {
    const onChange = renderField(countField, { count: 3, locked: true });
    fireEvent.change(screen.getByLabelText('Count'), {
      target: { value: '4' },
    });
    expect(onChange).not.toHaveBeenCalled();
  });

  describe('helper text', () => {
    const warning = issue('note', 'Short notes read better.', 'warning');
    const error = issue('note', 'Note is required.', 'error');
    const elsewhere = issue('other', 'Not mine.', 'error');

    it('shows the errors at its paths, and marks the input invalid', () => {
      renderField(noteField, {}, { issues: [warning, error, elsewhere] });
      const input = screen.getByLabelText('Note');
      expect(input).toHaveAccessibleDescription('Note is required.');
      expect(input).toHaveAttribute('aria-invalid', 'true');
      // The e2e tests find the message by this id.
      expect(
        document.getElementById('form-note-helper-text'),
      ).toHaveTextContent('Note is required.');
    });

    it('shows the warnings while there is no error', () => {
      renderField(noteField, {}, { issues: [warning, elsewhere] });
      const input = screen.getByLabelText('Note');
      expect(input).toHaveAccessibleDescription('Short notes read better.');
      expect(input).toHaveAttribute('aria-invalid', 'false');
    });

    it('shows its help while there is no issue', () => {
      renderField(noteField, {}, { issues: [elsewhere] });
      expect(screen.getByLabelText('Note')).toHaveAccessibleDescription(
        'Anything worth knowing.',
      );
    });
  });

  it('matches issue paths with the metric index', () => {
    renderField(
      countField,
      {},
      {
        issues: [
          issue('items[1].count', 'Count of item 2 is required.', 'error'),
        ],
      },
      1,
    );
    expect(screen.getByLabelText('Count')).toHaveAccessibleDescription(
      'Count of item 2 is required.',
    );
  });

  it('renders nothing when the row is not shown', () => {
    renderField(noteField, { locked: true });
    expect(screen.queryByLabelText('Note')).not.toBeInTheDocument();
  });
});
