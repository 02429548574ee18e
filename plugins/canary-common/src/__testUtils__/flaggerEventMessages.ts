// Test support: writes Flagger's event messages from the product's templates, so the parser's tests
// can read back every template. The fleet lab writes its own (packages/fleet-lab/src/domain).
import { goSprintf, type GoFormatArg } from './goFormat';
import {
  FLAGGER_EVENT_TEMPLATES,
  type EventArgKind,
  type FlaggerEventTemplateId,
} from '../events/flaggerEventTemplates';

/**
 * The kinds of the arguments of a Flagger event template, in verb order.

 */
export type FlaggerEventArgKinds<Id extends FlaggerEventTemplateId> = Extract<
  (typeof FLAGGER_EVENT_TEMPLATES)[number],
  { id: Id }
>['args'];

/**
 * The values of arguments of the given kinds: numbers for counts, percentages and durations (in
 * milliseconds), strings for the rest.

 */
export type FlaggerEventArgValues<A extends readonly EventArgKind[]> = {
  -readonly [I in keyof A]: A[I] extends 'int' | 'float' | 'float2' | 'duration'
    ? number
    : string;
};

/**
 * The arguments of a template's formatter, in verb order (durations in milliseconds).

 */
export type FlaggerEventArgs<Id extends FlaggerEventTemplateId> =
  FlaggerEventArgValues<FlaggerEventArgKinds<Id>>;

function toGoArg(kind: EventArgKind, value: string | number): GoFormatArg {
  if (kind === 'duration') return { durationMs: Number(value) };
  return value;
}

/**
 * Formats the message of a Flagger event exactly as Flagger does, e.g.
 * `formatFlaggerEvent('weightAdvanced', 'podinfo', 'test', 10)` gives
 * `Advance podinfo.test canary weight 10`. Durations are given in milliseconds.

 */
export function formatFlaggerEvent<Id extends FlaggerEventTemplateId>(
  id: Id,
  ...args: FlaggerEventArgs<Id>
): string {
  const template = FLAGGER_EVENT_TEMPLATES.find(t => t.id === id);
  if (!template) throw new Error(`Unknown Flagger event template ${id}`);
  const values = args as unknown as (string | number)[];
  if (values.length !== template.args.length) {
    throw new Error(
      `Flagger event template ${id} takes ${template.args.length} arguments, got ${values.length}`,
    );
  }
  const kinds: readonly EventArgKind[] = template.args;
  return goSprintf(
    template.format,
    values.map((value, index) => toGoArg(kinds[index], value)),
  );
}

/**
 * The event type (`Normal` or `Warning`) Flagger records a template with.

 */
export function getFlaggerEventType(
  id: FlaggerEventTemplateId,
): 'Normal' | 'Warning' {
  const template = FLAGGER_EVENT_TEMPLATES.find(t => t.id === id);
  if (!template) throw new Error(`Unknown Flagger event template ${id}`);
  return template.eventType;
}
