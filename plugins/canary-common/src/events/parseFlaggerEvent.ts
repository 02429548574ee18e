import {
  FLAGGER_EVENT_TEMPLATES,
  type EventArgKind,
  type FlaggerEventTemplate,
} from './flaggerEventTemplates';
import type { TimelineEntry } from './timelineEntry';
import type { FlaggerWebhookPayload } from '../model/flaggerWebhookPayload';

/**
 * The prefix the Kubernetes event correlator puts on messages it combined.
 *
 * @public
 */
export const COMBINED_EVENTS_PREFIX = '(combined from similar events): ';

const NUMBER = '-?\\d+(?:\\.\\d+)?(?:e[+-]\\d+)?|NaN|[+-]Inf';
const ARG_PATTERNS: Record<EventArgKind, string> = {
  name: '(\\S+)',
  ns: '([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)',
  word: '(\\S+)',
  text: '([\\s\\S]*?)',
  int: '(-?\\d+)',
  float: `(${NUMBER})`,
  float2: `(${NUMBER})`,
  duration: '(\\S+)',
  quoted: '"((?:[^"\\\\]|\\\\.)*)"',
};

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function templateRegExp(template: FlaggerEventTemplate): RegExp {
  let argIndex = 0;
  let pattern = '';
  let rest = template.format;
  const verb = /%(\.2f|[svdq%])/;
  for (;;) {
    const match = verb.exec(rest);
    if (!match) {
      pattern += escapeRegExp(rest);
      break;
    }
    pattern += escapeRegExp(rest.slice(0, match.index));
    if (match[1] === '%') {
      pattern += '%';
    } else {
      pattern += ARG_PATTERNS[template.args[argIndex++]];
    }
    rest = rest.slice(match.index + match[0].length);
  }
  return new RegExp(`^${pattern}$`);
}

const COMPILED = FLAGGER_EVENT_TEMPLATES.map(template => ({
  template: template as FlaggerEventTemplate,
  regexp: templateRegExp(template),
}));

/**
 * Where a message came from, when known: the Kubernetes event's type and time.
 *
 * @public
 */
export type FlaggerEventContext = {
  eventType?: 'Normal' | 'Warning' | string;
  timestamp?: string;
};

function unquote(kind: EventArgKind, value: string): string {
  if (kind !== 'quoted') return value;
  try {
    return JSON.parse(`"${value}"`);
  } catch {
    return value;
  }
}

/**
 * Parses a Flagger event message (Kubernetes Event `message`, or an event webhook's
 * `metadata.eventMessage`) into a typed timeline entry. The event correlator's
 * `(combined from similar events): ` prefix is removed and reported as `combined`. A message that
 * matches no known template is kept as an entry of kind `unknown`; nothing is dropped.
 *
 * @public
 */
export function parseFlaggerEvent(
  rawMessage: string,
  context: FlaggerEventContext = {},
): TimelineEntry {
  let message = rawMessage.trim();
  let combined = false;
  while (message.startsWith(COMBINED_EVENTS_PREFIX)) {
    combined = true;
    message = message.slice(COMBINED_EVENTS_PREFIX.length);
  }
  const contextType =
    context.eventType === 'Normal' || context.eventType === 'Warning'
      ? context.eventType
      : undefined;
  for (const { template, regexp } of COMPILED) {
    const match = regexp.exec(message);
    if (!match) continue;
    const values = match
      .slice(1)
      .map((value, index) => unquote(template.args[index], value));
    const details = template.build(values);
    return {
      ...details,
      template: template.id,
      message,
      combined,
      eventType: contextType ?? template.eventType,
      ...(context.timestamp ? { timestamp: context.timestamp } : {}),
    } as TimelineEntry;
  }
  return {
    kind: 'unknown',
    template: 'unknown',
    message,
    combined,
    ...(contextType ? { eventType: contextType } : {}),
    ...(context.timestamp ? { timestamp: context.timestamp } : {}),
  };
}

/**
 * The parts of a Kubernetes Event (core/v1 or events.k8s.io/v1) a timeline needs.
 *
 * @public
 */
export type KubernetesEventLike = {
  message?: string;
  note?: string;
  type?: string;
  reason?: string;
  lastTimestamp?: string;
  eventTime?: string;
  firstTimestamp?: string;
  metadata?: { creationTimestamp?: string };
  count?: number;
};

/**
 * Parses a Kubernetes Event recorded by Flagger into a timeline entry, using its type and the
 * latest of its timestamps.
 *
 * @public
 */
export function parseKubernetesEvent(
  event: KubernetesEventLike,
): TimelineEntry {
  const timestamp =
    event.lastTimestamp ??
    event.eventTime ??
    event.firstTimestamp ??
    event.metadata?.creationTimestamp;
  return parseFlaggerEvent(event.message ?? event.note ?? '', {
    eventType: event.type,
    timestamp,
  });
}

/**
 * The body Flagger POSTs to `event` webhooks (and the global `-event-webhook`): the same payload
 * as every webhook's.
 *
 * @public
 * @deprecated Use {@link FlaggerWebhookPayload}, and {@link readFlaggerWebhookPayload} to read
 * one from a request body.
 */
export type FlaggerEventWebhookPayload = FlaggerWebhookPayload;

/**
 * Parses an event webhook payload (`metadata.eventMessage`, `eventType`, `timestamp` in Unix
 * milliseconds) into a timeline entry.
 *
 * @public
 */
export function parseFlaggerEventWebhook(
  payload: Pick<FlaggerWebhookPayload, 'metadata'>,
): TimelineEntry {
  const metadata = payload.metadata ?? {};
  const millis = Number(metadata.timestamp);
  return parseFlaggerEvent(metadata.eventMessage ?? '', {
    eventType: metadata.eventType,
    timestamp:
      Number.isFinite(millis) && metadata.timestamp
        ? new Date(millis).toISOString()
        : undefined,
  });
}
