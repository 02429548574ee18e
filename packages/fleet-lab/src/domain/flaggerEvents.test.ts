import fs from 'node:fs';
import { domainPath } from '@backstage-canary/conformance';
import { FLAGGER_EVENTS, flaggerEvent } from './flaggerEvents';

/**
 * The event templates of the reference's section 1.5 table, each written out in full: a cell's
 * "`A` / `… B`" names A and A with its tail replaced by B.
 */
function referenceTemplates(): string[] {
  const text = fs.readFileSync(domainPath('FLAGGER-KURATOR.md'), 'utf8');
  const section = text.slice(
    text.indexOf('### 1.5 Kubernetes Events'),
    text.indexOf('**Alert notifier messages**'),
  );
  const templates: string[] = [];
  for (const line of section.split('\n').filter(l => l.startsWith('|'))) {
    let previous: string | undefined;
    for (const [, code] of line.matchAll(/`([^`]+)`/g)) {
      const full =
        code.startsWith('… ') && previous
          ? previous.slice(0, previous.length - (code.length - 2)) +
            code.slice(2)
          : code;
      templates.push(full);
      previous = full;
    }
  }
  return templates;
}

/** The lab's format is Flagger's, or Flagger's with its documented tail passed as one `%v`. */
function documented(format: string, templates: string[]): boolean {
  return templates.some(
    t =>
      t === format ||
      (format.endsWith('%v') && t.startsWith(format.slice(0, -2))) ||
      (t.endsWith('…') && format.startsWith(t.slice(0, -1))),
  );
}

describe('the lab’s Flagger events', () => {
  const templates = referenceTemplates();

  it('reads the reference table', () => {
    expect(templates).toContain('Advance %s.%s canary weight %v');
    expect(templates).toContain(
      'Halt %s.%s advancement success rate %.2f%% > %v%%',
    );
  });

  it.each(Object.entries(FLAGGER_EVENTS))(
    '%s is a format Flagger records',
    (_name, spec) => {
      expect(documented(spec.format, templates)).toBe(true);
    },
  );

  it('formats numbers and durations as Go does', () => {
    expect(
      flaggerEvent('successRateBelow', 'podinfo', 'test', 23.7, 99),
    ).toEqual({
      type: 'Warning',
      message: 'Halt podinfo.test advancement success rate 23.70% < 99%',
    });
    expect(
      flaggerEvent('requestDurationAbove', 'podinfo', 'test', 2450, 500)
        .message,
    ).toBe('Halt podinfo.test advancement request duration 2.45s > 500ms');
    expect(
      flaggerEvent('metricAbove', 'podinfo', 'test', 'error-rate', 1.5, 0.25)
        .message,
    ).toBe('Halt podinfo.test advancement error-rate 1.50 > 0.25');
    expect(
      flaggerEvent('iterationAdvanced', 'podinfo', 'test', 3, 10).message,
    ).toBe('Advance podinfo.test canary iteration 3/10');
  });
});
