// Test-only: renders step inputs the way the scaffolder's workflow runner does (every string
// through the same template engine, single expressions keeping their type).
import { createTemplateRenderer, type TemplateContext } from 'nunjitsu';

const renderer = createTemplateRenderer({ allowRegexExecution: true });

export function renderStepInput<T>(
  input: T,
  context: Record<string, unknown>,
): T {
  return JSON.parse(JSON.stringify(input), (_key, value) => {
    if (typeof value !== 'string') return value;
    try {
      return renderer.renderValue(value, context as TemplateContext);
    } catch {
      return value;
    }
  });
}

/** Renders a skeleton file the way fetch:template does (`values` in the context). */
export function renderSkeletonFile(
  text: string,
  values: TemplateContext,
): string {
  return renderer.render(text, { values });
}
