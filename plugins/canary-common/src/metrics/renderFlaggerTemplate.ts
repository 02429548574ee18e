/**
 * The values Flagger exposes to metric query templates (`toMetricModel`), each as a template
 * function: `{{ name }}`, `{{ namespace }}`, `{{ target }}`, `{{ service }}`, `{{ ingress }}`,
 * `{{ route }}`, `{{ interval }}`, `{{ variables.<key> }}`.
 *
 * @public
 */
export type MetricTemplateModel = {
  name: string;
  namespace: string;
  target: string;
  service: string;
  ingress: string;
  route: string;
  interval: string;
  variables: Record<string, string>;
};

/**
 * Thrown when a query template cannot be rendered (unknown function, missing variable key,
 * unterminated action), like Flagger's "query render error".
 *
 * @public
 */
export class TemplateRenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateRenderError';
  }
}

type Scope = { model: MetricTemplateModel; vars: Map<string, string> };

// Splits an action's body into tokens: strings, identifiers, $variables.
function tokenize(body: string): string[] {
  const tokens: string[] = [];
  const re = /\s*("(?:[^"\\]|\\.)*"|`[^`]*`|:=|[^\s"`]+)/y;
  let index = 0;
  while (index < body.length) {
    re.lastIndex = index;
    const match = re.exec(body);
    if (!match) {
      if (/^\s*$/.test(body.slice(index))) break;
      throw new TemplateRenderError(`cannot parse "${body}"`);
    }
    tokens.push(match[1]);
    index = re.lastIndex;
  }
  return tokens;
}

function goPrintf(format: string, args: string[]): string {
  let i = 0;
  return format.replace(/%([sdvq%])/g, (_m, verb: string) => {
    if (verb === '%') return '%';
    const value = args[i++];
    if (value === undefined) return `%!${verb}(MISSING)`;
    return verb === 'q' ? JSON.stringify(value) : value;
  });
}

function evalOperand(token: string, scope: Scope): string {
  if (token.startsWith('"')) return JSON.parse(token);
  if (token.startsWith('`')) return token.slice(1, -1);
  if (token.startsWith('$')) {
    const value = scope.vars.get(token);
    if (value === undefined)
      throw new TemplateRenderError(`undefined variable "${token}"`);
    return value;
  }
  if (token.startsWith('variables.')) {
    const key = token.slice('variables.'.length);
    const value = scope.model.variables[key];
    if (value === undefined) {
      throw new TemplateRenderError(
        `map has no entry for key "${key}" (set metrics[].templateVariables.${key})`,
      );
    }
    return value;
  }
  const fields = [
    'name',
    'namespace',
    'target',
    'service',
    'ingress',
    'route',
    'interval',
  ] as const;
  if ((fields as readonly string[]).includes(token)) {
    return scope.model[token as (typeof fields)[number]];
  }
  throw new TemplateRenderError(`function "${token}" not defined`);
}

function evalPipeline(tokens: string[], scope: Scope): string {
  if (tokens.length === 0)
    throw new TemplateRenderError('missing value for command');
  if (tokens[0] === 'printf') {
    if (tokens.length < 2)
      throw new TemplateRenderError('wrong number of args for printf');
    const [format, ...args] = tokens.slice(1).map(t => evalOperand(t, scope));
    return goPrintf(format, args);
  }
  if (tokens.length !== 1) {
    throw new TemplateRenderError(
      `can't give argument to non-function ${tokens[0]}`,
    );
  }
  return evalOperand(tokens[0], scope);
}

/**
 * Renders a Flagger metric query template: the subset of Go `text/template` Flagger's queries use
 * (`{{ fn }}`, `{{ variables.key }}`, `{{ $v := printf "..." a b }}`, `{{ $v }}`, `{{ printf ... }}`,
 * trim markers `{{-` / `-}}`), with `missingkey=error` semantics.
 *
 * @public
 */
export function renderFlaggerTemplate(
  template: string,
  model: MetricTemplateModel,
): string {
  const scope: Scope = { model, vars: new Map() };
  let out = '';
  let rest = template;
  for (;;) {
    const open = rest.indexOf('{{');
    if (open < 0) {
      out += rest;
      return out;
    }
    let text = rest.slice(0, open);
    let action = rest.slice(open + 2);
    if (
      action.startsWith('- ') ||
      action.startsWith('-\t') ||
      action.startsWith('-\n')
    ) {
      text = text.replace(/\s+$/, '');
      action = action.slice(1);
    }
    const close = action.indexOf('}}');
    if (close < 0) throw new TemplateRenderError('unclosed action');
    let body = action.slice(0, close);
    rest = action.slice(close + 2);
    if (/\s-$/.test(body)) {
      body = body.slice(0, -1);
      rest = rest.replace(/^\s+/, '');
    }
    out += text;
    const trimmed = body.trim();
    if (trimmed.startsWith('/*')) continue;
    const tokens = tokenize(trimmed);
    if (
      tokens.length >= 2 &&
      tokens[0].startsWith('$') &&
      (tokens[1] === ':=' || tokens[1] === '=')
    ) {
      scope.vars.set(tokens[0], evalPipeline(tokens.slice(2), scope));
      continue;
    }
    out += evalPipeline(tokens, scope);
  }
}
