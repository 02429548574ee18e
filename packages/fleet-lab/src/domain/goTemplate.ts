/*
 * The part of Go's text/template Flagger's metric queries use (pkg/metrics/observers/render.go):
 * the model's fields as functions (`{{ namespace }}`), `{{ variables.key }}` with missingkey=error,
 * `{{ $v := printf "..." a b }}` / `{{ $v }}`, and `{{-` / `-}}` trimming.
 */

/** What a query is rendered with (Flagger's toMetricModel). */
export type QueryModel = {
  name: string;
  namespace: string;
  target: string;
  service: string;
  ingress: string;
  route: string;
  interval: string;
  variables: Record<string, string>;
};

/** Rendering failed, as Go's template package would fail it. */
export class TemplateError extends Error {}

const FIELDS = [
  'name',
  'namespace',
  'target',
  'service',
  'ingress',
  'route',
  'interval',
] as const;

function operand(
  token: string,
  model: QueryModel,
  vars: Map<string, string>,
): string {
  if (token.startsWith('"')) return JSON.parse(token);
  if (token.startsWith('$')) {
    const value = vars.get(token);
    if (value === undefined) {
      throw new TemplateError(`undefined variable "${token}"`);
    }
    return value;
  }
  if (token.startsWith('variables.')) {
    const key = token.slice('variables.'.length);
    if (!(key in model.variables)) {
      throw new TemplateError(`map has no entry for key "${key}"`);
    }
    return model.variables[key];
  }
  if ((FIELDS as readonly string[]).includes(token)) {
    return model[token as (typeof FIELDS)[number]];
  }
  throw new TemplateError(`function "${token}" not defined`);
}

function evaluate(
  action: string,
  model: QueryModel,
  vars: Map<string, string>,
): string {
  const tokens = action.match(/"(?:[^"\\]|\\.)*"|:=|[^\s"]+/g) ?? [];
  const [first = '', second] = tokens;
  if (second === ':=') {
    vars.set(first, evaluate(tokens.slice(2).join(' '), model, vars));
    return '';
  }
  if (first === 'printf') {
    const [format, ...args] = tokens.slice(1).map(t => operand(t, model, vars));
    let next = 0;
    return (format ?? '').replace(/%[sv%]/g, verb =>
      verb === '%%' ? '%' : args[next++] ?? `%!${verb[1]}(MISSING)`,
    );
  }
  if (tokens.length !== 1) {
    throw new TemplateError(`can't evaluate "${action}"`);
  }
  return operand(first, model, vars);
}

/** Renders a Flagger query template with the model. */
export function renderQuery(template: string, model: QueryModel): string {
  const vars = new Map<string, string>();
  let out = '';
  let rest = template;
  for (;;) {
    const open = rest.indexOf('{{');
    if (open < 0) return out + rest;
    const close = rest.indexOf('}}', open);
    if (close < 0) throw new TemplateError('unclosed action');
    let text = rest.slice(0, open);
    let body = rest.slice(open + 2, close);
    let after = rest.slice(close + 2);
    if (/^-\s/.test(body)) {
      text = text.trimEnd();
      body = body.slice(1);
    }
    if (/\s-$/.test(body)) {
      body = body.slice(0, -1);
      after = after.trimStart();
    }
    out += text + evaluate(body.trim(), model, vars);
    rest = after;
  }
}
